// The records the sync works on. A connector turns a vendor record into a flat
// SideRecord keyed by the vendor's field paths; the field map turns that into a
// CanonicalRecord keyed by canonical field names, which is what is compared, hashed,
// diffed and resolved.

export type FieldValue = string | number | boolean | null | readonly FieldValue[];

export type SideName = 'b24' | 'nav';

export const SIDES: readonly SideName[] = ['b24', 'nav'];

export interface SideRecord {
  /** B24 id or NAV key (No.). */
  readonly id: string;
  /** B24 DATE_MODIFY or NAV Key / ETag, as the connector uses it for concurrency. */
  readonly version: string | null;
  /** ISO 8601: a datetime with offset (B24), or a date only (NAV Last_Date_Modified). */
  readonly modifiedAt: string | null;
  /** Flat field paths: `TITLE`, `PHONE`, `requisite.RQ_INN`, `Name`, `Credit_Limit_LCY`. */
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export type CanonicalRecord = Readonly<Record<string, FieldValue>>;

export function otherSide(side: SideName): SideName {
  return side === 'b24' ? 'nav' : 'b24';
}

/** The name people know the system by, for messages. */
export function sideLabel(side: SideName): string {
  return side === 'b24' ? 'Bitrix24' : 'NAV';
}

/**
 * A field's value; absent means null. Own properties only, so that a field called
 * `constructor` or `toString` is never read from Object.prototype.
 */
export function valueAt(record: Readonly<Record<string, FieldValue>>, field: string): FieldValue {
  return Object.hasOwn(record, field) ? (record[field] ?? null) : null;
}

/** null, a string of only whitespace, or an empty list. */
export function isEmptyValue(value: FieldValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Deep, exact equality: types matter (5 ≠ "5"), -0 equals 0, NaN equals NaN. */
export function fieldValueEquals(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const left = a as readonly FieldValue[];
  const right = b as readonly FieldValue[];
  if (left.length !== right.length) return false;
  return left.every((item, i) => fieldValueEquals(item, right[i]));
}

export function isFieldValue(value: unknown): value is FieldValue {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      return Array.isArray(value) && value.every(isFieldValue);
    default:
      return false;
  }
}
