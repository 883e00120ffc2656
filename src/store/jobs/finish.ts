// complete / fail: the worker that holds a job reports how it ended. Both check the
// lease owner in the UPDATE's WHERE: a worker whose lease was taken over (it was too
// slow, another worker reclaimed the job) changes nothing and is told so (false).
import { sql } from 'kysely';
import { chunks, LOOKUP_CHUNK } from '../chunk.ts';
import type { Db } from '../database.ts';
import { fromJson, toJson } from '../json.ts';
import type { StoredError } from '../stored-error.ts';
import { withTransaction } from '../transaction.ts';
import { enqueue } from './enqueue.ts';
import { isRunning } from './job.ts';

/**
 * The job succeeded: done, or back to pending (attempts reset) when a change arrived
 * while it ran, so that change is processed too.
 */
export async function complete(db: Db, id: number, owner: string, now: number): Promise<boolean> {
  return (await completeMany(db, [id], owner, now)).length === 1;
}

/**
 * complete() for a page of jobs in one statement (one commit instead of one per
 * job: on PostgreSQL each commit waits for a WAL flush). Returns the ids completed;
 * the others were not running under `owner` any more.
 */
export async function completeMany(db: Db, ids: readonly number[], owner: string, now: number): Promise<number[]> {
  const completed: number[] = [];
  for (const part of chunks(ids, LOOKUP_CHUNK)) {
    const rows = await db
      .updateTable('jobs')
      .set({
        state: sql`case when rerun = 1 then 'pending' else 'done' end`,
        attempts: sql`case when rerun = 1 then 0 else attempts end`,
        finished_at: sql`case when rerun = 1 then null else cast(${now} as bigint) end`,
        rerun: 0,
        lease_owner: null,
        lease_until: null,
        last_error: null,
        updated_at: now,
      })
      .where('id', 'in', part)
      .where(isRunning)
      .where('lease_owner', '=', owner)
      .returning('id')
      .execute();
    for (const row of rows) completed.push(row.id);
  }
  return completed;
}

export type FailOutcome =
  /** Try again from retryAt (the engine's backoff decision). */
  | { error: StoredError; retryAt: number }
  /** Give up: dead-letter the job with its error. */
  | { error: StoredError; dead: true };

/**
 * The job failed. With retryAt it waits in `retry` (a change that arrived meanwhile
 * is covered by the retry, which reads the latest payload). With dead it is
 * dead-lettered; if a change arrived while it ran, that change gets a new pending
 * job in the same transaction — the fix an operator made in the source system must
 * not be lost with the failed attempt.
 */
export async function fail(db: Db, id: number, owner: string, outcome: FailOutcome, now: number): Promise<boolean> {
  const released = { lease_owner: null, lease_until: null, last_error: toJson(outcome.error), updated_at: now };
  if ('retryAt' in outcome) {
    const result = await db
      .updateTable('jobs')
      .set({ ...released, state: 'retry', run_at: outcome.retryAt, rerun: 0 })
      .where('id', '=', id)
      .where(isRunning)
      .where('lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
  return withTransaction(db, async (trx) => {
    // rerun is left as it was, so RETURNING tells whether a change arrived mid-run.
    // On a dead job, rerun = 1 reads "a newer change was requeued as another job".
    const dead = await trx
      .updateTable('jobs')
      .set({ ...released, state: 'dead', finished_at: now })
      .where('id', '=', id)
      .where(isRunning)
      .where('lease_owner', '=', owner)
      .returning(['entity', 'source', 'record_id', 'kind', 'payload', 'priority', 'run_at', 'rerun'])
      .executeTakeFirst();
    if (dead === undefined) return false;
    if (dead.rerun === 1) {
      const payload = fromJson(dead.payload);
      await enqueue(
        trx,
        { entity: dead.entity, source: dead.source, recordId: dead.record_id, kind: dead.kind, payload, priority: dead.priority, runAt: dead.run_at },
        now,
      );
    }
    return true;
  });
}
