// enqueue: record that a record changed and must be processed. Coalesced per record
// with one INSERT … ON CONFLICT on the partial unique index of active jobs:
// - a pending/retry job keeps the earlier run_at and the more urgent priority;
// - the latest kind wins, and the latest payload unless the new one is null;
// - a running job gets rerun = 1 (and the new change's run_at), so it runs again
//   after it finishes: a change that arrives mid-run is never lost.
import { sql } from 'kysely';
import { chunks, INSERT_CHUNK } from '../chunk.ts';
import type { Db, JobSource } from '../database.ts';
import { toJson, type JsonValue } from '../json.ts';
import { withTransaction } from '../transaction.ts';
import { isActive, toJob, type Job } from './job.ts';

export interface NewJob {
  entity: string;
  source: JobSource;
  recordId: string;
  kind: string;
  payload?: JsonValue | null | undefined;
  /** Lower runs first (default 0). */
  priority?: number | undefined;
  /** Not before (epoch ms); default now. */
  runAt?: number | undefined;
}

/** Enqueues one job, or coalesces it into the record's active job; returns that job. */
export async function enqueue(db: Db, job: NewJob, now: number): Promise<Job> {
  const row = await upsert(db, [job], now).returningAll().executeTakeFirstOrThrow();
  return toJob(row);
}

/**
 * Enqueues many jobs: changes to the same record within the batch are coalesced
 * first (a statement may not touch a row twice), then written in multi-row
 * statements of 1,000 in one transaction. Returns the number of distinct records.
 */
export async function enqueueMany(db: Db, jobs: readonly NewJob[], now: number): Promise<number> {
  const merged = coalesceBatch(jobs);
  if (merged.length === 0) return 0;
  await withTransaction(db, async (trx) => {
    for (const part of chunks(merged, INSERT_CHUNK)) await upsert(trx, part, now).execute();
  });
  return merged.length;
}

function upsert(db: Db, jobs: readonly NewJob[], now: number) {
  return db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        entity: job.entity,
        source: job.source,
        record_id: job.recordId,
        kind: job.kind,
        payload: toJson(job.payload ?? null),
        state: 'pending' as const,
        priority: job.priority ?? 0,
        run_at: job.runAt ?? now,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['entity', 'source', 'record_id'])
        .where(isActive)
        .doUpdateSet({
          kind: sql`excluded.kind`,
          payload: sql`coalesce(excluded.payload, jobs.payload)`,
          priority: sql`case when excluded.priority < jobs.priority then excluded.priority else jobs.priority end`,
          run_at: sql`case
            when jobs.state = 'running' and jobs.rerun = 0 then excluded.run_at
            when excluded.run_at < jobs.run_at then excluded.run_at
            else jobs.run_at end`,
          rerun: sql`case when jobs.state = 'running' then 1 else jobs.rerun end`,
          updated_at: sql`excluded.updated_at`,
        }),
    );
}

function coalesceBatch(jobs: readonly NewJob[]): NewJob[] {
  const byRecord = new Map<string, NewJob>();
  for (const job of jobs) {
    const key = `${job.entity}\u0000${job.source}\u0000${job.recordId}`;
    const seen = byRecord.get(key);
    if (seen === undefined) {
      byRecord.set(key, job);
      continue;
    }
    const runAt = earliest(seen.runAt, job.runAt);
    byRecord.set(key, {
      ...job,
      payload: job.payload ?? seen.payload ?? null,
      priority: Math.min(seen.priority ?? 0, job.priority ?? 0),
      ...(runAt === undefined ? {} : { runAt }),
    });
  }
  return [...byRecord.values()];
}

/** The earlier of two optional run_at values; undefined (= now) is the earliest. */
function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : Math.min(a, b);
}
