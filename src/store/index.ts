// The store: durable state of b24nav on SQLite or PostgreSQL behind one set of
// repository functions. Open it with openStore(); every repository function takes
// the store's `db` or a transaction (`withTransaction(db, trx => …)`) first, and
// the time (`now`, epoch ms) explicitly, so callers decide the clock.
//
// - links:     which B24 record is which NAV record, with hashes/versions per side
// - cursors:   change-feed positions, written compare-and-set
// - jobs:      the durable work queue (enqueue coalesces per record; claim leases)
// - history:   append-only log of decisions and writes per record
// - conflicts: conflicts parked for an operator, one open per link
// - runs:      sync passes and their outcome
// - scratch:   what a side holds, listed by a reconcile run or a deletion scan

export { openStore, DEFAULT_SQLITE_FILE, type Store, type StoreOptions } from './open-store.ts';
export type { StoreDialect } from './dialect.ts';
export { withTransaction } from './transaction.ts';
export { isUniqueViolation } from './unique-violation.ts';
export type { Db, Direction, JobSource, JobState, LinkState, ConflictState, RunStatus } from './database.ts';
export type { JsonObject, JsonValue } from './json.ts';
export type { StoredError } from './stored-error.ts';

export {
  countLinks,
  countLinksByState,
  getLink,
  getLinkByB24,
  getLinkByNav,
  getLinksByB24,
  getLinksByNav,
  insertLink,
  listLinks,
  updateLink,
  type Link,
  type LinkFields,
  type LinkIntent,
  type ListLinksOptions,
  type NewLink,
  type UpdateLinkOptions,
} from './links.ts';
export { getCursor, listCursors, setCursor, type Cursor } from './cursors.ts';
export { JOB_STATES, type Job } from './jobs/job.ts';
export { enqueue, enqueueMany, type NewJob } from './jobs/enqueue.ts';
export { claim, extendLease, type ClaimOptions } from './jobs/claim.ts';
export { complete, completeMany, fail, type FailOutcome } from './jobs/finish.ts';
export { getJob, givenUp, listJobs, stats, type EntityJobStats, type ListJobsOptions } from './jobs/inspect.ts';
export { dropDead, purgeDone, retryDead, type DeadJobs, type RetryDeadResult } from './jobs/dead-letter.ts';
export { deadSince, dueAges, openConflictStats, type DueAge, type EntityCount, type OpenConflicts } from './watch.ts';
export {
  appendHistory,
  appendHistoryMany,
  listHistory,
  listHistorySince,
  type FieldChanges,
  type HistoryAction,
  type HistoryEntry,
  type ListHistoryOptions,
  type NewHistoryEntry,
} from './history.ts';
export {
  getConflict,
  listConflicts,
  openConflict,
  resolveConflict,
  type Conflict,
  type ConflictFields,
  type ListConflictsOptions,
  type NewConflict,
} from './conflicts.ts';
export { finishRun, getRun, listRuns, startRun, type ListRunsOptions, type Run, type RunCounts, type RunKind, type RunOutcome } from './runs.ts';
export { throughputByMinute, type EntityThroughput, type Throughput } from './throughput.ts';
export {
  addScratchKeys,
  addScratchRecords,
  dropScratch,
  getScratchRecords,
  listDuplicateKeys,
  listScratchRecords,
  purgeScratch,
  scratchKeyHolders,
  type DuplicateKey,
  type NewScratchRecord,
  type ScratchKey,
  type ScratchRecord,
  type ScratchSide,
} from './scratch.ts';
