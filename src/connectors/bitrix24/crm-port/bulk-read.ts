// Bulk reads by id lists: one list call per chunk of ids (`@FIELD` IN-filter,
// reference §6), all chunks issued at once so the client packs them into `batch`
// requests of 50 (reference §4), and a chunk that came back full (50 rows,
// reference §5) is followed up by keyset (`>ID`) until it runs short.
import type { B24Client, TimeInfo } from '../client.ts';
import { PAGE_SIZE, rowsOf } from '../paging.ts';
import { chunk } from './values.ts';

export interface ListSpec {
  readonly method: string;
  /** `ID` (legacy crm.*) or `id` (catalog.*): the keyset and order field. */
  readonly idField: string;
  readonly filter?: Record<string, unknown>;
  readonly select?: readonly string[];
  /** Top-level parameters besides filter/select/order/start. */
  readonly params?: Record<string, unknown>;
}

export interface ChunkedListOptions {
  /** The field the ids are matched on (`ID`, `ENTITY_ID`, `productId`). */
  readonly inField: string;
  readonly values: ReadonlyArray<string | number>;
  /** Values per call (default 50). */
  readonly chunkSize?: number;
  /**
   * false for methods without an id to page on (crm.address.list): the caller sizes
   * chunks so one page always holds every row.
   */
  readonly keyset?: boolean;
  readonly onTime?: (time: TimeInfo | undefined) => void;
}

function order(idField: string): Record<string, string> {
  return { [idField]: idField === 'id' ? 'asc' : 'ASC' };
}

/** One page of a list method: rows after `after` (0 = from the start), ascending by id. */
export async function listPage<T>(client: B24Client, spec: ListSpec, filter: Record<string, unknown>, onTime?: (time: TimeInfo | undefined) => void): Promise<T[]> {
  const params: Record<string, unknown> = {
    ...spec.params,
    filter: { ...spec.filter, ...filter },
    order: order(spec.idField),
    start: -1,
    ...(spec.select ? { select: [...spec.select] } : {}),
  };
  const envelope = await client.callEnvelope(spec.method, params);
  onTime?.(envelope.time);
  return rowsOf<T>(spec.method, envelope.result);
}

function idOf(row: unknown, idField: string): number {
  return Number((row as Record<string, unknown>)[idField]);
}

/** Every row matching `spec.filter` whose `inField` is one of `values`. */
export async function listChunked<T>(client: B24Client, spec: ListSpec, options: ChunkedListOptions): Promise<T[]> {
  const values = [...new Set(options.values)];
  if (values.length === 0) return [];
  // Matching on the id itself, a chunk can hold no more rows than ids: no follow-up page.
  const keyset = (options.keyset ?? true) && options.inField !== spec.idField;
  const parts = chunk(values, options.chunkSize ?? PAGE_SIZE);
  const results = await Promise.all(parts.map((part) => readChunk<T>(client, spec, { [`@${options.inField}`]: part }, keyset, options.onTime)));
  return results.flat();
}

async function readChunk<T>(client: B24Client, spec: ListSpec, filter: Record<string, unknown>, keyset: boolean, onTime?: (time: TimeInfo | undefined) => void): Promise<T[]> {
  const rows: T[] = [];
  let after = 0;
  for (;;) {
    const page = await listPage<T>(client, spec, keyset && after > 0 ? { ...filter, [`>${spec.idField}`]: after } : filter, onTime);
    rows.push(...page);
    if (!keyset || page.length < PAGE_SIZE) return rows;
    const last = idOf(page[page.length - 1], spec.idField);
    if (!Number.isFinite(last) || last <= after) throw new Error(`${spec.method}: keyset paging did not advance past ${after}`);
    after = last;
  }
}

/** Every row matching `spec.filter`, by keyset (small tables: dictionaries, stores, sections). */
export function listAll<T>(client: B24Client, spec: ListSpec, onTime?: (time: TimeInfo | undefined) => void): Promise<T[]> {
  return readChunk<T>(client, spec, {}, true, onTime);
}
