// The row types Kysely checks every query against. Column names are the SQL ones
// (snake_case); repositories map rows to the camelCase records they return.
// Timestamps are epoch milliseconds (bigint on PostgreSQL, parsed to numbers by the
// pool; integer on SQLite). Booleans are 0/1 integers on both dialects. JSON is text.
import type { Generated, Kysely } from 'kysely';

export type LinkState = 'active' | 'creating_nav' | 'creating_b24' | 'ambiguous' | 'failed' | 'deleted' | 'unlinked';
export type JobSource = 'b24' | 'nav' | 'engine';
export type JobState = 'pending' | 'running' | 'retry' | 'done' | 'dead';
export type Direction = 'b24_to_nav' | 'nav_to_b24';
export type ConflictState = 'open' | 'resolved';
export type RunStatus = 'running' | 'ok' | 'failed' | 'aborted';

export interface LinksTable {
  id: Generated<number>;
  entity: string;
  b24_id: string | null;
  nav_key: string | null;
  state: LinkState;
  b24_hash: string | null;
  nav_hash: string | null;
  /** The hash of a B24-side change given up on (migration 0002). */
  held_b24_hash: string | null;
  held_nav_hash: string | null;
  b24_version: string | null;
  nav_version: string | null;
  base: string | null;
  intent: string | null;
  reason: string | null;
  /** Incremented by every update: the compare-and-set token of updateLink. */
  version: number;
  created_at: number;
  updated_at: number;
  last_synced_at: number | null;
}

export interface CursorsTable {
  name: string;
  value: string;
  version: number;
  updated_at: number;
}

export interface JobsTable {
  id: Generated<number>;
  entity: string;
  source: JobSource;
  record_id: string;
  kind: string;
  payload: string | null;
  state: JobState;
  attempts: Generated<number>;
  priority: number;
  run_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  rerun: Generated<number>;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface HistoryTable {
  id: Generated<number>;
  at: number;
  entity: string;
  link_id: number | null;
  b24_id: string | null;
  nav_key: string | null;
  action: string;
  direction: Direction | null;
  policy: string | null;
  fields: string | null;
  message: string | null;
  run_id: number | null;
  error: string | null;
}

export interface ConflictsTable {
  id: Generated<number>;
  link_id: number;
  entity: string;
  b24_id: string | null;
  nav_key: string | null;
  fields: string;
  state: ConflictState;
  resolution: string | null;
  created_at: number;
  updated_at: number;
  resolved_at: number | null;
}

export interface RunsTable {
  id: Generated<number>;
  kind: string;
  entity: string | null;
  started_at: number;
  finished_at: number | null;
  status: RunStatus;
  counts: string | null;
  error: string | null;
}

/** Records a side holds, listed by a reconcile run or a deletion scan (migration 0004). */
export interface ScratchRecordsTable {
  id: Generated<number>;
  scan: string;
  side: 'b24' | 'nav';
  record_id: string;
  canonical: string | null;
  problem: string | null;
  skipped: string | null;
  created_at: number;
}

/** Match key values of the listed records, for finding duplicates (migration 0004). */
export interface ScratchKeysTable {
  scan: string;
  side: 'b24' | 'nav';
  key: string;
  value: string;
  record_id: string;
  created_at: number;
}

export interface Database {
  links: LinksTable;
  cursors: CursorsTable;
  jobs: JobsTable;
  history: HistoryTable;
  conflicts: ConflictsTable;
  runs: RunsTable;
  scratch_records: ScratchRecordsTable;
  scratch_keys: ScratchKeysTable;
}

/** What every repository function takes first: the store's `db` or a transaction. */
export type Db = Kysely<Database>;
