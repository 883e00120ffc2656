// PHONE / EMAIL / WEB of companies and contacts. The side value is the list of
// values in the portal's order (the first is the primary one). A written list means
// "these values lead the list": entry i is changed in place by its ID (left alone
// when it normalises to the same value), missing entries are added, entries past
// the list are kept, and null/[] deletes only the first entry. The legacy update
// needs the entry IDs: an entry sent without one is added, so re-sending a list
// without IDs duplicates every value (reference §7.2, §9.3).
import { normalizeEmail } from '../../../core/email.ts';
import { normalizePhone, type CountryCode } from '../../../core/phone.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { Multifield } from '../types.ts';
import { scalarsOf } from './values.ts';

export const MULTIFIELDS = ['PHONE', 'EMAIL', 'WEB'] as const;
export type MultifieldType = (typeof MULTIFIELDS)[number];

export function isMultifield(path: string): path is MultifieldType {
  return (MULTIFIELDS as readonly string[]).includes(path);
}

export interface Entry {
  readonly ID: string;
  readonly VALUE: string;
  readonly VALUE_TYPE?: string | undefined;
}

/** The entries of one multifield of a legacy row (absent when empty, reference §9.14). */
export function entriesOf(row: Readonly<Record<string, unknown>>, type: MultifieldType): Entry[] {
  const raw = row[type];
  if (!Array.isArray(raw)) return [];
  return (raw as Multifield[])
    .filter((e) => typeof e.ID === 'string' || typeof e.ID === 'number')
    .map((e) => ({ ID: String(e.ID), VALUE: e.VALUE ?? '', VALUE_TYPE: e.VALUE_TYPE }));
}

export function valuesOf(row: Readonly<Record<string, unknown>>, type: MultifieldType): string[] {
  return entriesOf(row, type).map((e) => e.VALUE).filter((v) => v !== '');
}

/** How two values of a type are compared: the same phone in two formats is the same entry. */
export function sameValueKey(type: MultifieldType, value: string, region: CountryCode | undefined): string {
  switch (type) {
    case 'PHONE':
      return normalizePhone(value, region).value;
    case 'EMAIL':
      return normalizeEmail(value).value;
    case 'WEB':
      return value.trim().toLowerCase().replace(/\/+$/, '');
  }
}

type Op = Record<string, string>;

const DEFAULT_VALUE_TYPE = 'WORK';

/** Entries for an add: every written value, in order, without duplicates. */
export function addOps(type: MultifieldType, written: FieldValue, region: CountryCode | undefined): Op[] {
  return distinct(type, scalarsOf(written), region).map((VALUE) => ({ VALUE, VALUE_TYPE: DEFAULT_VALUE_TYPE }));
}

function distinct(type: MultifieldType, values: readonly string[], region: CountryCode | undefined): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = sameValueKey(type, v, region);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Entries for an update (with IDs where an entry is changed or deleted), or [] when nothing changes. */
export function updateOps(type: MultifieldType, existing: readonly Entry[], written: FieldValue, region: CountryCode | undefined): Op[] {
  const values = distinct(type, scalarsOf(written), region);
  if (values.length === 0) {
    const first = existing[0];
    return first ? [{ ID: first.ID, DELETE: 'Y' }] : [];
  }
  const ops: Op[] = [];
  const leading = new Set(values.map((v) => sameValueKey(type, v, region)));
  values.forEach((value, i) => {
    const entry = existing[i];
    if (!entry) ops.push({ VALUE: value, VALUE_TYPE: DEFAULT_VALUE_TYPE });
    else if (sameValueKey(type, entry.VALUE, region) !== sameValueKey(type, value, region)) {
      ops.push({ ID: entry.ID, VALUE: value, VALUE_TYPE: entry.VALUE_TYPE ?? DEFAULT_VALUE_TYPE });
    }
  });
  // A kept entry equal to one of the leading values would be a duplicate of it.
  for (const entry of existing.slice(values.length)) {
    if (leading.has(sameValueKey(type, entry.VALUE, region))) ops.push({ ID: entry.ID, DELETE: 'Y' });
  }
  return ops;
}
