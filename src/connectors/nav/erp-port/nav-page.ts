// The page clients as the port uses them: records as plain field → value maps, so
// one implementation serves the Customer, Contacts and Item pages. Reads by many
// values go out as IN-filters (`A|B|C` over SOAP, `F eq 'A' or F eq 'B'` over OData,
// where OR is allowed on one field, reference §3.3) in chunks, never one call per value.
import type { Where } from '../filters.ts';
import type { NavPage, NavReadPage, Versioned } from '../page-client.ts';
import type { NavValue } from '../schema/index.ts';

export type NavRow = Readonly<Record<string, NavValue>>;
export type NavRecord = Versioned<NavRow>;
export type RowWhere = Where<NavRow>;
export type LoosePage = NavPage<NavRow, NavRow, { readonly No: string }>;
export type LooseReadPage = NavReadPage<NavRow, NavRow>;

/**
 * A typed page client seen through field names. The typed records are the same
 * objects; only the static view widens, so this is the one place that casts.
 */
export function loose<P extends NavReadPage<object, object>>(page: P): P extends NavPage<object, object, object> ? LoosePage : LooseReadPage {
  return page as unknown as P extends NavPage<object, object, object> ? LoosePage : LooseReadPage;
}

/**
 * NAV documents no limit on the length of a filter; a SOAP Criteria is a string
 * and an OData $filter goes in the URL, which http.sys caps at 16 KB with the
 * headers. These bounds (UNCONFIRMED choice) keep every call far below that
 * (100 values of 20 characters: about 3 KB of URL) and fetch 300 ids in 3 calls.
 */
export const IN_FILTER = { maxValues: 100, maxChars: 3000 } as const;

/** Values in chunks that each fit one IN-filter. */
export function filterChunks(values: readonly string[], limits: { readonly maxValues: number; readonly maxChars: number } = IN_FILTER): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let chars = 0;
  for (const value of values) {
    // Each value costs its text, quotes and the separator (`|`, or ` or No eq ` on OData).
    const cost = value.length + 12;
    if (current.length > 0 && (current.length >= limits.maxValues || chars + cost > limits.maxChars)) {
      chunks.push(current);
      current = [];
      chars = 0;
    }
    current.push(value);
    chars += cost;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Every record of a read with an IN-filter on `field`, chunk by chunk (the chunks go out together). */
export async function readIn(page: LooseReadPage, field: string, values: readonly string[], base: RowWhere, select?: readonly string[]): Promise<NavRecord[]> {
  const unique = [...new Set(values)];
  if (unique.length === 0) return [];
  const reads = filterChunks(unique).map(async (chunk) => {
    const rows: NavRecord[] = [];
    // One more than the chunk: SOAP asks again when a page comes back full (§1.5).
    const query = { where: { ...base, [field]: { in: chunk } }, pageSize: chunk.length + 1 };
    for await (const part of select ? page.pages({ ...query, select }) : page.pages(query)) rows.push(...part);
    return rows;
  });
  return (await Promise.all(reads)).flat();
}
