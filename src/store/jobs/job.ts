// The durable work queue's record type and its row mapping.
//
// Life of a job: pending → running (claimed with a lease) → done, or → retry (after
// a failure, due again at run_at) → running …, or → dead (permanent failure, kept for
// an operator). At most one *active* job (pending, running, retry) exists per
// (entity, source, record_id): new changes to the record coalesce into it.
import { sql, type Selectable } from 'kysely';
import type { JobSource, JobState, JobsTable } from '../database.ts';
import { fromJson, type JsonValue } from '../json.ts';
import type { StoredError } from '../stored-error.ts';

export interface Job {
  id: number;
  entity: string;
  source: JobSource;
  recordId: string;
  kind: string;
  payload: JsonValue | null;
  state: JobState;
  /** How many times the job was claimed since it was (re)queued. */
  attempts: number;
  /** Lower runs first. */
  priority: number;
  runAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  /** A change arrived while the job was running: it goes back to pending when it finishes. */
  rerun: boolean;
  lastError: StoredError | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export const JOB_STATES: readonly JobState[] = ['pending', 'running', 'retry', 'done', 'dead'];

// The predicates of the partial indexes, spelled exactly as in the migration: SQLite
// uses a partial index only when the query's WHERE repeats its predicate, and a
// bound parameter in place of the literals would not count.
export const isActive = sql<boolean>`state in ('pending', 'running', 'retry')`;
export const isWaiting = sql<boolean>`state in ('pending', 'retry')`;
export const isRunning = sql<boolean>`state = 'running'`;

export function toJob(row: Selectable<JobsTable>): Job {
  return {
    id: row.id,
    entity: row.entity,
    source: row.source,
    recordId: row.record_id,
    kind: row.kind,
    payload: fromJson(row.payload),
    state: row.state,
    attempts: row.attempts,
    priority: row.priority,
    runAt: row.run_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    rerun: row.rerun === 1,
    lastError: fromJson<StoredError>(row.last_error),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}
