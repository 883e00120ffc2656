// Small conversions between what the portal answers (legacy crm.* gives every
// scalar as a string, reference §9.1) and FieldValue, and list helpers the
// bulk reads share.
import type { FieldValue } from '../../../core/record.ts';

/** A portal scalar as a side value: the string as given, `""`/null/undefined → null. */
export function textOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** A user-field value: multiple fields are lists of strings, empty lists and strings are null. */
export function userFieldValue(value: unknown): FieldValue {
  if (Array.isArray(value)) {
    const items = value.map(textOrNull).filter((v): v is string => v !== null);
    return items.length === 0 ? null : items;
  }
  return textOrNull(value);
}

/** A catalog number (JSON number, or a numeric string) or null. */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** The scalars of a written value as strings, empties dropped: `"a"` → ["a"], `["a", null, ""]` → ["a"]. */
export function scalarsOf(value: FieldValue): string[] {
  if (value === null) return [];
  if (Array.isArray(value)) return (value as readonly FieldValue[]).flatMap(scalarsOf);
  const text = String(value);
  return text.trim() === '' ? [] : [text];
}

/** A written scalar as the portal takes it in `fields`: null clears (`""`), booleans are Y/N. */
export function portalScalar(value: FieldValue): string | number | string[] {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  if (Array.isArray(value)) return scalarsOf(value);
  return value as string | number;
}

/** The later of two portal datetimes (ISO with offset), kept as the portal wrote it. */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

export function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Positive integer ids from strings, duplicates and junk dropped, in first-seen order. */
export function numericIds(ids: Iterable<string | number>): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    const n = typeof id === 'number' ? id : Number(id);
    if (Number.isInteger(n) && n > 0) out.add(n);
  }
  return [...out];
}

export function groupBy<T, K>(rows: Iterable<T>, key: (row: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = out.get(k);
    if (list) list.push(row);
    else out.set(k, [row]);
  }
  return out;
}
