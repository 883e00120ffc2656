// Scratch rows of one scan (a reconcile run, a deletion scan): the records a side
// holds and their match key values, written page by page as the side is read, then
// compared with the links in pages — so a scan of 100,000 records holds one page in
// memory, never the whole set. A scan's rows are dropped when it ends.
import { sql, type Selectable } from 'kysely';
import { chunks, INSERT_CHUNK, LOOKUP_CHUNK } from './chunk.ts';
import type { Db, ScratchRecordsTable } from './database.ts';
import { fromJson, toJson, type JsonObject } from './json.ts';

export type ScratchSide = 'b24' | 'nav';

export interface ScratchRecord {
  /** Row id, for keyset paging (listScratchRecords). */
  id: number;
  side: ScratchSide;
  recordId: string;
  canonical: JsonObject | null;
  problem: string | null;
  skipped: string | null;
}

export interface NewScratchRecord {
  recordId: string;
  canonical?: JsonObject | null | undefined;
  problem?: string | null | undefined;
  skipped?: string | null | undefined;
}

export interface ScratchKey {
  key: string;
  value: string;
  recordId: string;
}

/** Adds listed records; a record listed twice in one scan (overlapping pages) is kept once. */
export async function addScratchRecords(db: Db, scan: string, side: ScratchSide, records: readonly NewScratchRecord[], now: number): Promise<void> {
  for (const part of chunks(records, INSERT_CHUNK)) {
    await db
      .insertInto('scratch_records')
      .values(
        part.map((r) => ({
          scan,
          side,
          record_id: r.recordId,
          canonical: toJson(r.canonical ?? null),
          problem: r.problem ?? null,
          skipped: r.skipped ?? null,
          created_at: now,
        })),
      )
      .onConflict((oc) => oc.columns(['scan', 'side', 'record_id']).doNothing())
      .execute();
  }
}

export async function addScratchKeys(db: Db, scan: string, side: ScratchSide, keys: readonly ScratchKey[], now: number): Promise<void> {
  for (const part of chunks(keys, INSERT_CHUNK)) {
    await db
      .insertInto('scratch_keys')
      .values(part.map((k) => ({ scan, side, key: k.key, value: k.value, record_id: k.recordId, created_at: now })))
      .execute();
  }
}

/** The listed records among `recordIds`, keyed by record id; ids the scan did not list are absent. */
export async function getScratchRecords(db: Db, scan: string, side: ScratchSide, recordIds: readonly string[]): Promise<Map<string, ScratchRecord>> {
  const out = new Map<string, ScratchRecord>();
  for (const part of chunks([...new Set(recordIds)], LOOKUP_CHUNK)) {
    const rows = await db.selectFrom('scratch_records').selectAll().where('scan', '=', scan).where('side', '=', side).where('record_id', 'in', part).execute();
    for (const row of rows) out.set(row.record_id, toRecord(row));
  }
  return out;
}

/** One page of a side's listed records in row order; pass the last row id as `after`. */
export async function listScratchRecords(db: Db, scan: string, side: ScratchSide, options: { after?: number | undefined; limit: number }): Promise<ScratchRecord[]> {
  let query = db.selectFrom('scratch_records').selectAll().where('scan', '=', scan).where('side', '=', side);
  if (options.after !== undefined) query = query.where('id', '>', options.after);
  const rows = await query.orderBy('id').limit(options.limit).execute();
  return rows.map(toRecord);
}

export interface DuplicateKey {
  side: ScratchSide;
  key: string;
  value: string;
  /** How many records of the side hold the value. */
  count: number;
}

/** Match key values held by more than one record of a side, in (side, key, value) order, keyset-paged. */
export async function listDuplicateKeys(db: Db, scan: string, options: { after?: Pick<DuplicateKey, 'side' | 'key' | 'value'> | undefined; limit: number }): Promise<DuplicateKey[]> {
  let query = db
    .selectFrom('scratch_keys')
    .select((eb) => ['side', 'key', 'value', eb.fn.count<number>('record_id').distinct().as('count')])
    .where('scan', '=', scan);
  const after = options.after;
  if (after !== undefined) query = query.where(sql<boolean>`(side, key, value) > (${after.side}, ${after.key}, ${after.value})`);
  const rows = await query
    .groupBy(['side', 'key', 'value'])
    .having((eb) => eb.fn.count('record_id').distinct(), '>', 1)
    .orderBy('side')
    .orderBy('key')
    .orderBy('value')
    .limit(options.limit)
    .execute();
  return rows.map((r) => ({ side: r.side, key: r.key, value: r.value, count: Number(r.count) }));
}

/** The records of a side that hold one match key value (at most `limit`, in id order). */
export async function scratchKeyHolders(db: Db, scan: string, side: ScratchSide, key: string, value: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('scratch_keys')
    .select('record_id')
    .distinct()
    .where('scan', '=', scan)
    .where('side', '=', side)
    .where('key', '=', key)
    .where('value', '=', value)
    .orderBy('record_id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.record_id);
}

/** Drops a scan's rows (at its end). */
export async function dropScratch(db: Db, scan: string): Promise<void> {
  await db.deleteFrom('scratch_records').where('scan', '=', scan).execute();
  await db.deleteFrom('scratch_keys').where('scan', '=', scan).execute();
}

/** Drops rows older than `olderThan` (epoch ms): what a scan killed midway left behind. */
export async function purgeScratch(db: Db, olderThan: number): Promise<number> {
  const records = await db.deleteFrom('scratch_records').where('created_at', '<', olderThan).executeTakeFirst();
  const keys = await db.deleteFrom('scratch_keys').where('created_at', '<', olderThan).executeTakeFirst();
  return Number(records.numDeletedRows) + Number(keys.numDeletedRows);
}

function toRecord(row: Selectable<ScratchRecordsTable>): ScratchRecord {
  return { id: Number(row.id), side: row.side, recordId: row.record_id, canonical: fromJson<JsonObject>(row.canonical), problem: row.problem, skipped: row.skipped };
}
