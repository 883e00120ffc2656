// Field-level differences between two records, for history rows ("what changed") and
// for applying a change set. undefined stands for "field absent", so that
// applyDiff(a, diff(a, b)) gives exactly b, absent fields included.
import { fieldValueEquals, type CanonicalRecord, type FieldValue } from './record.ts';

export interface FieldChange {
  readonly from: FieldValue | undefined;
  readonly to: FieldValue | undefined;
}

export type FieldDiff = Readonly<Record<string, FieldChange>>;

export type SameValue = (field: string, a: FieldValue, b: FieldValue) => boolean;

function own(record: CanonicalRecord, field: string): FieldValue | undefined {
  return Object.hasOwn(record, field) ? record[field] : undefined;
}

/**
 * The fields whose values differ, sorted by name. With `same` (e.g. the field map's
 * normalised comparison), values that differ only in form are not changes; then
 * applyDiff gives b only up to that form.
 */
export function diff(a: CanonicalRecord, b: CanonicalRecord, same?: SameValue): FieldDiff {
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changes: Array<[string, FieldChange]> = [];
  for (const field of fields) {
    const from = own(a, field);
    const to = own(b, field);
    if (from === undefined || to === undefined) {
      if (from !== to) changes.push([field, { from, to }]);
    } else if (!(same ? same(field, from, to) : fieldValueEquals(from, to))) {
      changes.push([field, { from, to }]);
    }
  }
  return Object.fromEntries(changes);
}

export function applyDiff(a: CanonicalRecord, changes: FieldDiff): CanonicalRecord {
  const out = new Map<string, FieldValue>(Object.entries(a));
  for (const [field, change] of Object.entries(changes)) {
    if (change.to === undefined) out.delete(field);
    else out.set(field, change.to);
  }
  return Object.fromEntries(out);
}

export function isEmptyDiff(changes: FieldDiff): boolean {
  return Object.keys(changes).length === 0;
}
