// One EntitySide (engine/ports.ts) on top of an adapter that knows its entity's
// list method, how rows become SideRecords and how writes are planned. What is the
// same for every entity lives here: change scans by id ranges, bulk fetch by ids,
// look-ups by external id, and bulk writes followed by a bulk re-read, so the
// engine hashes what the portal really holds.
import { SyncError } from '../../../core/failure.ts';
import type { Logger } from '../../../core/log.ts';
import type { SideRecord } from '../../../core/record.ts';
import type { ChangeScan, CreateRequest, EntityKind, EntitySide, FindQuery, FindResult, UpdateRequest, WriteOutcome } from '../../../engine/ports.ts';
import type { B24Client, TimeInfo } from '../client.ts';
import { runPlans, type Planned } from './batch-writer.ts';
import { listChunked, type ListSpec } from './bulk-read.ts';
import { deleteRecords } from './delete.ts';
import { lastId, rangeScan } from './range-scan.ts';
import { ScanTime } from './scan-time.ts';
import { chunk, numericIds } from './values.ts';

type Row = Record<string, unknown>;

/** A table whose changes change the entity's records: requisites of companies, prices of products. */
export interface RelatedChanges {
  readonly spec: ListSpec;
  ownerOf(row: Row): number;
}

export interface SideAdapter {
  readonly entity: EntityKind;
  /** The method that deletes one record by `id` (onDelete: propagate); none = b24nav does not delete these. */
  readonly deleteMethod?: string;
  /** How whole records are listed (select, base filter). */
  listSpec(): Promise<ListSpec>;
  /** The same list with the id alone selected (listIds). */
  idSpec(): Promise<ListSpec>;
  /** The filter part that selects records changed at or after the cursor. */
  changedSince(cursor: string): Record<string, unknown>;
  related?(cursor: string): Promise<readonly RelatedChanges[]>;
  /** Rows of the list method → records, reading what they need in bulk. */
  toRecords(rows: readonly Row[]): Promise<SideRecord[]>;
  /** Where a create stores the external id, and how to read it back. */
  externalId(): Promise<{ readonly field: string; readonly filter: Record<string, unknown>; of(row: Row): string | null }>;
  fieldPaths(): ReturnType<EntitySide['fieldPaths']>;
  find(queries: readonly FindQuery[]): Promise<FindResult[]>;
  planCreates(requests: readonly CreateRequest[]): Promise<Planned[]>;
  planUpdates(requests: readonly UpdateRequest[]): Promise<Planned[]>;
  /**
   * Records built from the answers of the writes themselves, where those answers hold
   * the whole record (catalog.product.add/update answer the element): saves the read
   * back. Records it cannot build are read back as usual.
   */
  recordsFromResults?(written: ReadonlyArray<{ readonly id: string; readonly results: Readonly<Record<string, unknown>> }>): Promise<Map<string, SideRecord>>;
}

export interface SideOptions {
  readonly pageSize: number;
  readonly cursorOverlapSeconds: number;
  readonly log: Logger;
}

export function createEntitySide(client: B24Client, adapter: SideAdapter, options: SideOptions): EntitySide {
  async function* toPages(rows: readonly Row[]): AsyncGenerator<readonly SideRecord[]> {
    const records = await adapter.toRecords(rows);
    for (const page of chunk(records, options.pageSize)) yield page;
  }

  async function* fullScan(time: ScanTime): AsyncGenerator<readonly SideRecord[]> {
    const spec = await adapter.listSpec();
    const onTime = (t: TimeInfo | undefined): void => time.observe(t);
    const maxId = await lastId(client, spec, onTime);
    for await (const rows of rangeScan<Row>(client, spec, { mode: 'split', maxId, onTime })) yield* toPages(rows);
  }

  async function* changesSince(cursor: string, time: ScanTime): AsyncGenerator<readonly SideRecord[]> {
    const spec = await adapter.listSpec();
    const onTime = (t: TimeInfo | undefined): void => time.observe(t);
    const related = (await adapter.related?.(cursor)) ?? [];
    const main = rangeScan<Row>(client, { ...spec, filter: { ...spec.filter, ...adapter.changedSince(cursor) } }, { mode: 'single', onTime });
    const others = related.map((r) => rangeScan<Row>(client, r.spec, { mode: 'single', onTime }));
    const seen = new Set<number>();
    const idOf = (row: Row): number => Number(row[spec.idField]);
    async function* emit(rows: readonly Row[]): AsyncGenerator<readonly SideRecord[]> {
      const unseen: Row[] = [];
      for (const row of rows) {
        if (seen.has(idOf(row))) continue;
        seen.add(idOf(row));
        unseen.push(row);
      }
      if (unseen.length > 0) yield* toPages(unseen);
    }
    const ownerRows = (r: RelatedChanges, rows: readonly Row[], skip: ReadonlySet<number>): Promise<Row[]> => {
      const ids = numericIds(rows.map((row) => r.ownerOf(row))).filter((id) => !seen.has(id) && !skip.has(id));
      return ids.length === 0 ? Promise.resolve([]) : listChunked<Row>(client, spec, { inField: spec.idField, values: ids, onTime });
    };

    // The first page of every source goes out together (an idle poll is one request),
    // and the records those pages name are read as one set.
    const [first, ...firstOfOthers] = await Promise.all([main.next(), ...others.map((g) => g.next())]);
    const firstRows = first && !first.done ? first.value : [];
    const inFirst = new Set(firstRows.map(idOf));
    const owners = await Promise.all(related.map((r, i) => {
      const step = firstOfOthers[i];
      return step && !step.done ? ownerRows(r, step.value, inFirst) : Promise.resolve([]);
    }));
    yield* emit([...firstRows, ...owners.flat()]);
    if (first && !first.done) for (let step = await main.next(); !step.done; step = await main.next()) yield* emit(step.value);
    for (const [i, r] of related.entries()) {
      const scan = others[i] as AsyncGenerator<Row[]>;
      if (firstOfOthers[i]?.done !== false) continue;
      for (let step = await scan.next(); !step.done; step = await scan.next()) yield* emit(await ownerRows(r, step.value, new Set()));
    }
  }

  async function fetch(ids: readonly string[]): Promise<Map<string, SideRecord>> {
    const spec = await adapter.listSpec();
    const rows = await listChunked<Row>(client, spec, { inField: spec.idField, values: numericIds(ids) });
    const records = await adapter.toRecords(rows);
    return new Map(records.map((r) => [r.id, r]));
  }

  async function write(planned: Planned[]): Promise<WriteOutcome[]> {
    const outcomes = await runPlans(client, planned, options.log);
    const ok = outcomes.flatMap((o) => (o.ok ? [o] : []));
    const built = adapter.recordsFromResults ? await adapter.recordsFromResults(ok) : new Map<string, SideRecord>();
    const written = new Map([...built, ...(await fetch(ok.filter((o) => !built.has(o.id)).map((o) => o.id)))]);
    return outcomes.map((o): WriteOutcome => {
      if (!o.ok) return o;
      const record = written.get(o.id);
      if (record) return { ref: o.ref, ok: true, record };
      return { ref: o.ref, ok: false, error: new SyncError('B24_NOT_FOUND', `${adapter.entity} ${o.id} was written but is gone when read back (deleted meanwhile?)`) };
    });
  }

  const deleteMethod = adapter.deleteMethod;
  return {
    side: 'b24',
    entity: adapter.entity,
    ...(deleteMethod === undefined ? {} : { delete: (ids: readonly string[]) => deleteRecords(client, adapter.entity, deleteMethod, ids) }),
    fieldPaths: () => adapter.fieldPaths(),
    scanChanges(cursor: string | null): ChangeScan {
      const time = new ScanTime(options.cursorOverlapSeconds);
      let done = false;
      async function* pages(): AsyncGenerator<readonly SideRecord[]> {
        yield* cursor === null ? fullScan(time) : changesSince(cursor, time);
        done = true;
      }
      return {
        pages: pages(),
        cursor() {
          if (!done) throw new Error('scanChanges: read the cursor after every page has been handled');
          return time.cursor(cursor);
        },
      };
    },
    fetch,
    find: (queries) => adapter.find(queries),
    async findByExternalId(externalIds: readonly string[]): Promise<Map<string, SideRecord>> {
      const [spec, ext] = await Promise.all([adapter.listSpec(), adapter.externalId()]);
      const rows = await listChunked<Row>(client, { ...spec, filter: { ...spec.filter, ...ext.filter } }, { inField: ext.field, values: [...new Set(externalIds)] });
      const records = new Map((await adapter.toRecords(rows)).map((r) => [r.id, r]));
      const out = new Map<string, SideRecord>();
      // Several records with one external id would be an earlier duplicate: the oldest wins.
      for (const row of [...rows].sort((a, b) => Number(a[spec.idField]) - Number(b[spec.idField]))) {
        const ext_id = ext.of(row);
        const record = records.get(String(row[spec.idField]));
        if (ext_id !== null && record && !out.has(ext_id)) out.set(ext_id, record);
      }
      return out;
    },
    async create(requests: readonly CreateRequest[]): Promise<WriteOutcome[]> {
      return write(await adapter.planCreates(requests));
    },
    async update(requests: readonly UpdateRequest[]): Promise<WriteOutcome[]> {
      return write(await adapter.planUpdates(requests));
    },
    async *listIds(): AsyncIterable<readonly string[]> {
      const spec = await adapter.idSpec();
      const maxId = await lastId(client, spec);
      for await (const rows of rangeScan<Row>(client, spec, { mode: 'split', maxId })) yield rows.map((r) => String(r[spec.idField]));
    },
  };
}
