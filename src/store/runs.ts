// Runs: one row per sync pass, `run` session, demo or reconciliation, with its
// outcome and counters, for `b24nav status` and /api/status ("last run").
import type { Selectable } from 'kysely';
import type { Db, RunStatus, RunsTable } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { StoredError } from './stored-error.ts';

export type RunKind = 'sync' | 'run' | 'demo' | 'reconcile' | (string & {});
/** Counters by name: created, updated, linked, failed, ... */
export type RunCounts = Record<string, number>;

export interface Run {
  id: number;
  kind: RunKind;
  entity: string | null;
  startedAt: number;
  finishedAt: number | null;
  status: RunStatus;
  counts: RunCounts | null;
  error: StoredError | null;
}

export async function startRun(db: Db, run: { kind: RunKind; entity?: string | null | undefined }, now: number): Promise<Run> {
  const row = await db
    .insertInto('runs')
    .values({ kind: run.kind, entity: run.entity ?? null, started_at: now, status: 'running' })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRun(row);
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  counts?: RunCounts | undefined;
  error?: StoredError | undefined;
}

/** Records how a running run ended; false when it is unknown or already finished. */
export async function finishRun(db: Db, id: number, outcome: RunOutcome, now: number): Promise<boolean> {
  const result = await db
    .updateTable('runs')
    .set({ status: outcome.status, counts: toJson(outcome.counts ?? null), error: toJson(outcome.error ?? null), finished_at: now })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function getRun(db: Db, id: number): Promise<Run | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRun(row);
}

export interface ListRunsOptions {
  kind?: RunKind | undefined;
  entity?: string | undefined;
  limit: number;
  /** Keyset: runs older than this id. */
  before?: number | undefined;
}

/** Runs newest first. */
export async function listRuns(db: Db, options: ListRunsOptions): Promise<Run[]> {
  let query = db.selectFrom('runs').selectAll();
  if (options.kind !== undefined) query = query.where('kind', '=', options.kind);
  if (options.entity !== undefined) query = query.where('entity', '=', options.entity);
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toRun);
}

function toRun(row: Selectable<RunsTable>): Run {
  return {
    id: row.id,
    kind: row.kind,
    entity: row.entity,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    status: row.status,
    counts: fromJson<RunCounts>(row.counts),
    error: fromJson<StoredError>(row.error),
  };
}
