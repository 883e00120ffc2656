// Read-only views of the queue for status pages, the CLI and operators.
import { sql } from 'kysely';
import type { Db, JobState } from '../database.ts';
import { JOB_STATES, toJob, type Job } from './job.ts';

export interface EntityJobStats {
  entity: string;
  counts: Record<JobState, number>;
  /** How long the oldest due (pending/retry, run_at ≤ now) job has waited; null when none. */
  oldestDueAgeMs: number | null;
}

/**
 * Job counts per entity × state and the age of the oldest due job, in one grouped
 * query that the (entity, state, run_at) index answers without reading rows.
 */
export async function stats(db: Db, now: number): Promise<EntityJobStats[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => [
      'entity',
      'state',
      eb.fn.countAll<number>().as('count'),
      sql<number | null>`min(case when state in ('pending', 'retry') and run_at <= ${now} then run_at end)`.as('oldest_due'),
    ])
    .groupBy(['entity', 'state'])
    .orderBy('entity')
    .execute();
  const byEntity = new Map<string, EntityJobStats>();
  for (const row of rows) {
    let entry = byEntity.get(row.entity);
    if (entry === undefined) {
      entry = { entity: row.entity, counts: emptyCounts(), oldestDueAgeMs: null };
      byEntity.set(row.entity, entry);
    }
    entry.counts[row.state] = Number(row.count);
    if (row.oldest_due !== null) {
      const age = Math.max(0, now - Number(row.oldest_due));
      entry.oldestDueAgeMs = Math.max(entry.oldestDueAgeMs ?? 0, age);
    }
  }
  return [...byEntity.values()];
}

function emptyCounts(): Record<JobState, number> {
  return Object.fromEntries(JOB_STATES.map((state) => [state, 0])) as Record<JobState, number>;
}

export interface ListJobsOptions {
  state?: JobState | undefined;
  entity?: string | undefined;
  limit: number;
  /** Keyset: jobs with an id greater than this. */
  after?: number | undefined;
}

/** One page of jobs in id order (e.g. the dead-letter list); pass the last id as `after`. */
export async function listJobs(db: Db, options: ListJobsOptions): Promise<Job[]> {
  let query = db.selectFrom('jobs').selectAll();
  if (options.state !== undefined) query = query.where('state', '=', options.state);
  if (options.entity !== undefined) query = query.where('entity', '=', options.entity);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toJob);
}

export async function getJob(db: Db, id: number): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toJob(row);
}
