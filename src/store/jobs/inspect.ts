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

/**
 * Which of these records b24nav gave up on: their latest job is dead (a dead letter
 * waiting for an operator). Keys are `entity|source|recordId`.
 */
export async function givenUp(db: Db, records: ReadonlyArray<{ readonly entity: string; readonly source: string; readonly recordId: string }>): Promise<Set<string>> {
  const out = new Set<string>();
  if (records.length === 0) return out;
  const ids = [...new Set(records.map((r) => r.recordId))];
  const entities = [...new Set(records.map((r) => r.entity))];
  const wanted = new Set(records.map((r) => `${r.entity}|${r.source}|${r.recordId}`));
  const latest = new Map<string, { id: number; state: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('jobs')
      .select(['id', 'entity', 'source', 'record_id', 'state'])
      .where('entity', 'in', entities)
      .where('record_id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) {
      const key = `${row.entity}|${row.source}|${row.record_id}`;
      if (!wanted.has(key)) continue;
      const seen = latest.get(key);
      if (!seen || row.id > seen.id) latest.set(key, { id: row.id, state: row.state });
    }
  }
  for (const [key, job] of latest) if (job.state === 'dead') out.add(key);
  return out;
}
