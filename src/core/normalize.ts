// The canonical form of a value, per kind: what two values are compared and hashed as
// (STYLE.md habit 6, "canonical before hashing"). canonicalForm is total: a value that
// does not fit its kind keeps a text form instead of failing, so hashing and comparing
// never fail; the transforms are where bad data is reported.
import { decimalToString, parseDecimal } from './decimal.ts';
import { parseCalendarDate } from './date.ts';
import { normalizeEmail } from './email.ts';
import { fail, ok, quote, type Outcome } from './outcome.ts';
import { normalizePhone, type CountryCode } from './phone.ts';
import { isEmptyValue, type FieldValue } from './record.ts';
import { normalizeInn, normalizeVat } from './tax-id.ts';

export type NormalizeKind =
  | 'text' | 'phone' | 'email' | 'inn' | 'vat' | 'number' | 'money' | 'date' | 'bool' | 'code' | 'none';

export const NORMALIZE_KINDS: readonly NormalizeKind[] = [
  'text', 'phone', 'email', 'inn', 'vat', 'number', 'money', 'date', 'bool', 'code', 'none',
];

export interface NormalizeOptions {
  /** Region for phone numbers written without a country code, e.g. 'RU'. */
  readonly defaultRegion?: CountryCode | undefined;
}

/** NFC, trimmed, every run of whitespace (tabs, no-break spaces, newlines) one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** NAV Code fields: NAV itself stores them upper-case and trimmed. */
export function normalizeCode(text: string): string {
  return normalizeText(text).toUpperCase();
}

const TRUE = new Set(['y', 'yes', 'true', '1', 'да']);
const FALSE = new Set(['n', 'no', 'false', '0', 'нет', '']);

/** B24 `Y`/`N`, NAV `true`/`false`, `1`/`0`, booleans. */
export function parseBool(value: string | number | boolean): Outcome<boolean> {
  if (typeof value === 'boolean') return ok(value);
  const key = String(value).trim().toLowerCase();
  if (TRUE.has(key)) return ok(true);
  if (FALSE.has(key)) return ok(false);
  return fail(`${quote(value)} is not a yes/no value (expected Y/N, true/false or 1/0)`);
}

type Scalar = string | number | boolean;

function textOf(value: Scalar): string {
  return normalizeText(String(value));
}

function scalarForm(kind: Exclude<NormalizeKind, 'none'>, value: Scalar, options: NormalizeOptions): FieldValue {
  switch (kind) {
    case 'text':
      return textOf(value);
    case 'code':
      return normalizeCode(String(value));
    case 'phone':
      return normalizePhone(String(value), options.defaultRegion).value;
    case 'email':
      return normalizeEmail(String(value)).value;
    case 'inn':
      return normalizeInn(typeof value === 'boolean' ? String(value) : value);
    case 'vat':
      return normalizeVat(typeof value === 'boolean' ? String(value) : value);
    case 'number':
    case 'money': {
      if (typeof value === 'boolean') return textOf(value);
      const parsed = parseDecimal(value);
      if (!parsed.ok) return textOf(value);
      return decimalToString(parsed.value, kind === 'money' ? 2 : undefined);
    }
    case 'date': {
      if (typeof value !== 'string') return textOf(value);
      const parsed = parseCalendarDate(value);
      return parsed.ok ? parsed.value : textOf(value);
    }
    case 'bool': {
      const parsed = parseBool(value);
      return parsed.ok ? parsed.value : textOf(value);
    }
  }
}

/**
 * The form a value is compared and hashed in. For every kind but 'none', empty values
 * (null, blank text, an empty list) are all null: B24 answers "" where NAV omits the
 * field. Lists are normalised item by item; phone and e-mail lists are also
 * de-duplicated and sorted, because the order of a contact's phones means nothing to
 * the sync. Numbers come out as decimal strings ("1000"; money "1000.00"), so 1000,
 * 1000.0 and "1000.00" are the same money.
 */
export function canonicalForm(kind: NormalizeKind, value: FieldValue, options: NormalizeOptions = {}): FieldValue {
  if (kind === 'none') return value;
  if (isEmptyValue(value)) return null;
  if (Array.isArray(value)) {
    const items = (value as readonly FieldValue[])
      .map((item) => canonicalForm(kind, item, options))
      .filter((item) => item !== null);
    if (items.length === 0) return null;
    if (kind !== 'phone' && kind !== 'email') return items;
    const unique = new Map(items.map((item) => [JSON.stringify(item), item]));
    return [...unique.keys()].sort().map((key) => unique.get(key) ?? null);
  }
  const form = scalarForm(kind, value as Scalar, options);
  return form === '' ? null : form;
}
