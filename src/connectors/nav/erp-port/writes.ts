// Creates and updates with an outcome per record, each answered with the record as
// NAV returned it (the No from the number series, the new Key/ETag, NAV's
// Last_Date_Modified), so the engine hashes what NAV really holds.
//
// SOAP creates go out as CreateMultiple, which is one transaction (reference §1.4):
// when a batch fails for its data, nothing of it was written, so each of its
// records is sent again alone and only the bad one fails, with NAV's own message.
// A batch whose answer was lost, or that failed for load, is not retried here: its
// records carry that error and the engine looks them up before trying again.
// OData has no multi-record create on UI pages: one POST per record.
import { SyncError } from '../../../core/failure.ts';
import type { Logger } from '../../../core/log.ts';
import type { SideRecord } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest, WriteOutcome } from '../../../engine/ports.ts';
import type { NavValue } from '../schema/index.ts';
import { asSyncError, mapLimit, settle } from './concurrency.ts';
import type { NavEntity } from './entity.ts';
import { readIn, type NavRecord } from './nav-page.ts';

export interface WriteOptions {
  readonly createBatchSize: number;
  readonly writeConcurrency: number;
  /** The page field that keeps the external id, when there is one. */
  readonly externalIdField: string | undefined;
  readonly log: Logger;
}

type Written = NavRecord | SyncError;

async function createBatches(entity: NavEntity, records: ReadonlyArray<Record<string, NavValue>>, options: WriteOptions): Promise<Written[]> {
  const page = entity.page;
  if (page.transport === 'odata') return mapLimit(records, options.writeConcurrency, (values) => settle(() => page.create(values)));
  const out: Written[] = [];
  // One batch after the other: every insert takes the number series line's lock
  // for the whole transaction, so parallel batches would only wait for each other.
  for (let i = 0; i < records.length; i += options.createBatchSize) {
    const batch = records.slice(i, i + options.createBatchSize);
    const many = await settle(() => page.createMany(batch));
    if (!(many instanceof SyncError)) {
      out.push(...many);
    } else if (batch.length > 1 && (many.kind === 'permanent' || many.kind === 'conflict')) {
      options.log.warn({ entity: entity.entity, records: batch.length, code: many.code, error: many.message }, 'NAV refused a CreateMultiple batch; creating its records one by one');
      out.push(...(await mapLimit(batch, 1, (values) => settle(() => page.create(values)))));
    } else {
      out.push(...batch.map(() => many));
    }
  }
  return out;
}

/** Records of the written rows, keyed by their position in the request list. */
async function outcomes(entity: NavEntity, refs: readonly string[], written: ReadonlyMap<number, Written>): Promise<WriteOutcome[]> {
  const ok = [...written].filter((e): e is [number, NavRecord] => !(e[1] instanceof SyncError));
  let records: SideRecord[];
  try {
    records = await entity.toRecords(ok.map(([, row]) => row));
  } catch (error) {
    // The writes happened, but their records could not be completed (a relation read
    // failed): the engine must look them up before deciding anything, as after a lost answer.
    const cause = asSyncError(error);
    const failure = new SyncError('NAV_UNKNOWN_OUTCOME', `NAV wrote the ${entity.entity}, but reading them back failed: ${cause.message}`, { operation: cause.operation, cause });
    return refs.map((ref, i) => {
      const result = written.get(i);
      return { ref, ok: false, error: result instanceof SyncError ? result : failure };
    });
  }
  const recordAt = new Map(ok.map(([i], n) => [i, records[n] as SideRecord]));
  return refs.map((ref, i): WriteOutcome => {
    const record = recordAt.get(i);
    if (record) return { ref, ok: true, record };
    const result = written.get(i);
    return { ref, ok: false, error: result instanceof SyncError ? result : new SyncError('SYNC_INTERNAL', `${entity.entity}: no outcome for ${ref}`) };
  });
}

export async function createRecords(entity: NavEntity, requests: readonly CreateRequest[], options: WriteOptions): Promise<WriteOutcome[]> {
  const prepared = await entity.toWrites(requests.map((r) => r.fields));
  const written = new Map<number, Written>();
  const pending: Array<{ index: number; values: Record<string, NavValue> }> = [];
  prepared.forEach((values, index) => {
    if (values instanceof SyncError) {
      written.set(index, values);
      return;
    }
    const ext = options.externalIdField;
    const request = requests[index] as CreateRequest;
    pending.push({ index, values: { ...entity.onCreate, ...(ext !== undefined && values[ext] === undefined ? { [ext]: request.externalId } : {}), ...values } });
  });
  const results = await createBatches(entity, pending.map((p) => p.values), options);
  pending.forEach((p, n) => written.set(p.index, results[n] as Written));
  return outcomes(entity, requests.map((r) => r.ref), written);
}

export async function updateRecords(entity: NavEntity, requests: readonly UpdateRequest[], options: WriteOptions): Promise<WriteOutcome[]> {
  const prepared = await entity.toWrites(requests.map((r) => r.fields));
  const written = new Map<number, Written>();
  // Without a version the engine has not read the record: take the current one.
  const unversioned = requests.filter((r, i) => r.version === null && !(prepared[i] instanceof SyncError)).map((r) => r.id);
  const current = new Map<string, string>();
  if (unversioned.length > 0) {
    const rows = await settle(() => readIn(entity.page, 'No', unversioned, entity.base));
    if (rows instanceof SyncError) return requests.map((r) => ({ ref: r.ref, ok: false, error: rows }));
    for (const row of rows) current.set(String(row['No']), row.version);
  }
  await mapLimit(requests, options.writeConcurrency, async (request, index) => {
    const values = prepared[index] as Record<string, NavValue> | SyncError;
    if (values instanceof SyncError) {
      written.set(index, values);
      return;
    }
    const version = request.version ?? current.get(request.id);
    if (version === undefined) {
      written.set(index, new SyncError('NAV_NOT_FOUND', `The ${entity.def.tableName} ${request.id} does not exist in NAV (page ${entity.def.service}).`, { operation: `${entity.def.service}.Update` }));
      return;
    }
    written.set(index, await settle(() => entity.page.update({ No: request.id, version }, values)));
  });
  return outcomes(entity, requests.map((r) => r.ref), written);
}
