// History: an append-only log of every decision and write about a record, so an
// operator can see why a field has its value (DESIGN §3.10). Never updated.
import type { Insertable, Selectable } from 'kysely';
import { chunks, INSERT_CHUNK } from './chunk.ts';
import type { Db, Direction, HistoryTable } from './database.ts';
import { fromJson, toJson, type JsonValue } from './json.ts';
import type { StoredError } from './stored-error.ts';

export type HistoryAction =
  | 'created'
  | 'updated'
  | 'linked'
  | 'unlinked'
  | 'skipped_echo'
  | 'conflict'
  | 'resolved'
  | 'ambiguous'
  | 'failed'
  | 'dead'
  | 'deleted'
  // Open for actions later flows add, while keeping the known ones suggested.
  | (string & {});

/** Per field: the value before and after (null when absent). */
export type FieldChanges = Record<string, { from: JsonValue; to: JsonValue }>;

export interface HistoryEntry {
  id: number;
  at: number;
  entity: string;
  linkId: number | null;
  b24Id: string | null;
  navKey: string | null;
  action: HistoryAction;
  direction: Direction | null;
  policy: string | null;
  fields: FieldChanges | null;
  message: string | null;
  runId: number | null;
  error: StoredError | null;
}

export interface NewHistoryEntry {
  at: number;
  entity: string;
  action: HistoryAction;
  linkId?: number | null | undefined;
  b24Id?: string | null | undefined;
  navKey?: string | null | undefined;
  direction?: Direction | null | undefined;
  policy?: string | null | undefined;
  fields?: FieldChanges | null | undefined;
  message?: string | null | undefined;
  runId?: number | null | undefined;
  error?: StoredError | null | undefined;
}

export async function appendHistory(db: Db, entry: NewHistoryEntry): Promise<number> {
  const row = await db.insertInto('history').values(toRow(entry)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Appends many entries in multi-row inserts of 1,000. */
export async function appendHistoryMany(db: Db, entries: readonly NewHistoryEntry[]): Promise<void> {
  for (const part of chunks(entries, INSERT_CHUNK)) await db.insertInto('history').values(part.map(toRow)).execute();
}

export interface ListHistoryOptions {
  entity: string;
  /** Given several of b24Id/navKey/linkId, rows matching any of them are listed. */
  b24Id?: string | undefined;
  navKey?: string | undefined;
  linkId?: number | undefined;
  limit: number;
  /** Keyset: entries older than this id. */
  before?: number | undefined;
}

/**
 * A record's history, newest first (by id: the order rows were appended, which is
 * stable even when two entries share a timestamp). Several identifiers are OR-ed,
 * because early entries may know only one side (a B24 record before its NAV
 * counterpart existed).
 */
export async function listHistory(db: Db, options: ListHistoryOptions): Promise<HistoryEntry[]> {
  let query = db.selectFrom('history').selectAll().where('entity', '=', options.entity);
  const { b24Id, navKey, linkId } = options;
  if (b24Id !== undefined || navKey !== undefined || linkId !== undefined) {
    query = query.where((eb) =>
      eb.or([
        ...(b24Id === undefined ? [] : [eb('b24_id', '=', b24Id)]),
        ...(navKey === undefined ? [] : [eb('nav_key', '=', navKey)]),
        ...(linkId === undefined ? [] : [eb('link_id', '=', linkId)]),
      ]),
    );
  }
  if (options.before !== undefined) query = query.where('id', '<', options.before);
  const rows = await query.orderBy('id', 'desc').limit(options.limit).execute();
  return rows.map(toEntry);
}

/** An entity's history rows written at or after `since`, oldest first, keyset-paged by id (replay). */
export async function listHistorySince(db: Db, options: { entity: string; since: number; afterId?: number | undefined; limit: number }): Promise<HistoryEntry[]> {
  let query = db.selectFrom('history').selectAll().where('entity', '=', options.entity).where('at', '>=', options.since);
  if (options.afterId !== undefined) query = query.where('id', '>', options.afterId);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toEntry);
}

function toRow(entry: NewHistoryEntry): Insertable<HistoryTable> {
  return {
    at: entry.at,
    entity: entry.entity,
    action: entry.action,
    link_id: entry.linkId ?? null,
    b24_id: entry.b24Id ?? null,
    nav_key: entry.navKey ?? null,
    direction: entry.direction ?? null,
    policy: entry.policy ?? null,
    fields: toJson(entry.fields ?? null),
    message: entry.message ?? null,
    run_id: entry.runId ?? null,
    error: toJson(entry.error ?? null),
  };
}

function toEntry(row: Selectable<HistoryTable>): HistoryEntry {
  return {
    id: row.id,
    at: row.at,
    entity: row.entity,
    linkId: row.link_id,
    b24Id: row.b24_id,
    navKey: row.nav_key,
    action: row.action,
    direction: row.direction,
    policy: row.policy,
    fields: fromJson<FieldChanges>(row.fields),
    message: row.message,
    runId: row.run_id,
    error: fromJson<StoredError>(row.error),
  };
}
