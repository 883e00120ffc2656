// Reading a whole table (or every row changed since a time) in few requests.
// Keyset paging alone (`>ID`, start=-1, reference §5) is one request per 50 rows,
// because each page needs the last id of the one before. Splitting the id space
// into disjoint ranges (`>ID a`, `<=ID b`, start=-1) lets one `batch` carry 50
// independent keyset pages, 2,500 rows per request (limits-and-throughput §1.5;
// the split is the reference's recommendation, UNCONFIRMED by Bitrix24). A range
// that comes back full goes on by keyset from its last id; when fewer than 50
// ranges are still open, the widest ones are halved so every batch stays full.
import type { B24Client, TimeInfo } from '../client.ts';
import { PAGE_SIZE, rowsOf } from '../paging.ts';
import { listPage, type ListSpec } from './bulk-read.ts';

export const MAX_RANGES = 50;

interface Range {
  readonly after: number;
  /** Inclusive upper bound; null = open-ended (records created during the scan are still read). */
  readonly to: number | null;
}

export interface RangeScanOptions {
  /** `split`: the id space is cut into ranges from the start (a full export); `single`: one range, split only when it turns out to be long (changes since a cursor). */
  readonly mode: 'split' | 'single';
  /** The largest id, when known (full export: read first, its answer's time is the cursor). */
  readonly maxId?: number;
  readonly ranges?: number;
  readonly onTime?: (time: TimeInfo | undefined) => void;
}

/** The largest id matching `spec.filter` (0 for none): one `order ID DESC` call. */
export async function lastId(client: B24Client, spec: ListSpec, onTime?: (time: TimeInfo | undefined) => void): Promise<number> {
  const envelope = await client.callEnvelope(spec.method, {
    ...spec.params,
    filter: { ...spec.filter },
    order: { [spec.idField]: spec.idField === 'id' ? 'desc' : 'DESC' },
    start: -1,
    select: idSelect(spec),
  });
  onTime?.(envelope.time);
  const [first] = rowsOf<Record<string, unknown>>(spec.method, envelope.result);
  const id = Number(first?.[spec.idField] ?? 0);
  return Number.isFinite(id) ? id : 0;
}

// catalog.product.list refuses a select without iblockId (reference §7.6).
function idSelect(spec: ListSpec): string[] {
  return spec.select?.includes('iblockId') ? [spec.idField, 'iblockId'] : [spec.idField];
}

function evenRanges(maxId: number, count: number): Range[] {
  const n = Math.max(1, Math.min(count, maxId));
  const width = Math.ceil(maxId / n);
  const out: Range[] = [];
  for (let after = 0; after < maxId; after += width) out.push({ after, to: after + width >= maxId ? null : after + width });
  return out;
}

/** Rows of each round (≤ ranges × 50), ascending by id; every row once. */
export async function* rangeScan<T>(client: B24Client, spec: ListSpec, options: RangeScanOptions): AsyncGenerator<T[]> {
  const slots = Math.min(options.ranges ?? MAX_RANGES, MAX_RANGES);
  let maxId = options.maxId;
  let open: Range[] = options.mode === 'split' ? (maxId && maxId > 0 ? evenRanges(maxId, slots) : []) : [{ after: 0, to: null }];
  let first = options.mode === 'single';
  while (open.length > 0) {
    if (!first && open.length < slots) {
      maxId ??= open.some((r) => r.to === null) ? await lastId(client, spec, options.onTime) : 0;
      open = fill(open, slots, maxId);
    }
    first = false;
    const pages = await Promise.all(open.map((r) => listPage<T>(client, spec, rangeFilter(spec.idField, r), options.onTime)));
    const next: Range[] = [];
    const rows: T[] = [];
    pages.forEach((page, i) => {
      rows.push(...page);
      const range = open[i] as Range;
      if (page.length < PAGE_SIZE) return;
      const last = Number((page[page.length - 1] as Record<string, unknown>)[spec.idField]);
      if (!Number.isFinite(last) || last <= range.after) throw new Error(`${spec.method}: keyset paging did not advance past ${range.after}`);
      if (range.to === null || last < range.to) next.push({ after: last, to: range.to });
    });
    open = next;
    if (rows.length > 0) yield rows.sort((a, b) => idOf(a, spec.idField) - idOf(b, spec.idField));
  }
}

function idOf(row: unknown, idField: string): number {
  return Number((row as Record<string, unknown>)[idField]);
}

function rangeFilter(idField: string, r: Range): Record<string, unknown> {
  return { [`>${idField}`]: r.after, ...(r.to === null ? {} : { [`<=${idField}`]: r.to }) };
}

function width(r: Range, maxId: number): number {
  return (r.to ?? maxId) - r.after;
}

/** Halves the widest ranges until there are `slots` of them (ranges known to hold more rows only). */
function fill(open: Range[], slots: number, maxId: number): Range[] {
  const ranges = [...open];
  while (ranges.length < slots) {
    let widest = -1;
    ranges.forEach((r, i) => {
      if (width(r, maxId) >= 2 && (widest < 0 || width(r, maxId) > width(ranges[widest] as Range, maxId))) widest = i;
    });
    if (widest < 0) break;
    const r = ranges[widest] as Range;
    const mid = r.after + Math.floor(width(r, maxId) / 2);
    ranges.splice(widest, 1, { after: r.after, to: mid }, { after: mid, to: r.to });
  }
  return ranges;
}
