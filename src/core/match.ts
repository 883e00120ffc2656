// Matching before create (DESIGN.md §3.4): before a record is created on the other side,
// look for one that is already there by the configured keys, in order. Link on exactly
// one candidate; park as ambiguous on several; never guess.
import { normalizeEmail } from './email.ts';
import { normalizeCode, normalizeText, type NormalizeKind } from './normalize.ts';
import { phoneMatchKey, type CountryCode } from './phone.ts';
import { valueAt, type CanonicalRecord, type FieldValue } from './record.ts';
import { checkInn, normalizeVat } from './tax-id.ts';

export type MatchKind = 'inn' | 'vat' | 'email' | 'phone' | 'code' | 'text';

const MATCH_KINDS: readonly MatchKind[] = ['inn', 'vat', 'email', 'phone', 'code', 'text'];

export interface MatchKeySpec {
  /** The key's name in config, used in decisions: 'inn'. */
  readonly key: string;
  /** The canonical field it reads. */
  readonly field: string;
  readonly kind: MatchKind;
}

export interface MatchLookup {
  readonly key: string;
  readonly field: string;
  readonly kind: MatchKind;
  /** Normalised values to look up; empty when the record has none usable. */
  readonly values: readonly string[];
}

export interface MatchOptions {
  readonly defaultRegion?: CountryCode | undefined;
}

/**
 * A configured key name as a spec: the canonical field of that name, matched as the
 * name says ('inn', 'vat', 'email', 'phone') or as the field map normalises it.
 */
export function matchKeySpec(key: string, kindOf?: (field: string) => NormalizeKind | undefined): MatchKeySpec {
  const named = MATCH_KINDS.find((k) => k === key);
  const mapped = kindOf?.(key);
  const kind = named ?? MATCH_KINDS.find((k) => k === mapped) ?? 'text';
  return { key, field: key, kind };
}

/**
 * The value of one key as it is looked up, or null when it is no use as a key:
 * an INN with wrong check digits (a typo would link the wrong company), a phone that is
 * not a number b24nav can read as E.164, an e-mail that is not an address, a VAT id
 * shorter than 5 characters ("N/A", "-").
 */
export function matchValue(kind: MatchKind, value: string | number | boolean, options: MatchOptions = {}): string | null {
  const text = String(value);
  switch (kind) {
    case 'inn': {
      const check = checkInn(text);
      return check.valid ? check.inn : null;
    }
    case 'vat': {
      const vat = normalizeVat(text);
      // A VAT field often holds a Russian INN (NAV's VAT_Registration_No does on Russian
      // installations): 10 or 12 bare digits must then pass the INN check digits.
      if (/^(\d{10}|\d{12})$/.test(vat)) return checkInn(vat).valid ? vat : null;
      return vat.length >= 5 ? vat : null;
    }
    case 'email': {
      const email = normalizeEmail(text);
      return email.valid ? email.value : null;
    }
    case 'phone':
      return phoneMatchKey(text, options.defaultRegion);
    case 'code':
      return normalizeCode(text) || null;
    case 'text':
      return normalizeText(text) || null;
  }
}

function scalars(value: FieldValue): Array<string | number | boolean> {
  if (value === null) return [];
  if (Array.isArray(value)) return (value as readonly FieldValue[]).flatMap(scalars);
  return [value as string | number | boolean];
}

/** The lookups for a record, in the configured order; a field may hold several phones or e-mails. */
export function matchKeys(keys: ReadonlyArray<string | MatchKeySpec>, record: CanonicalRecord, options: MatchOptions = {}): MatchLookup[] {
  return keys.map((k) => {
    const spec = typeof k === 'string' ? matchKeySpec(k) : k;
    const values = scalars(valueAt(record, spec.field)).flatMap((v) => matchValue(spec.kind, v, options) ?? []);
    return { ...spec, values: [...new Set(values)] };
  });
}

export interface MatchCandidates {
  readonly key: string;
  /** Ids on the other side found by this key's values. */
  readonly ids: readonly string[];
}

export type MatchDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'one'; readonly id: string; readonly key: string }
  | { readonly kind: 'ambiguous'; readonly ids: readonly string[]; readonly key: string };

/**
 * The first key (in configured order) that found any candidate decides: one → link,
 * several → ambiguous. Later keys never break a tie: a tie on the INN is two companies
 * with one INN (branches), and an e-mail cannot tell which one the operator means.
 */
export function decideMatch(candidatesByKey: readonly MatchCandidates[]): MatchDecision {
  for (const { key, ids } of candidatesByKey) {
    const unique = [...new Set(ids)].sort();
    const [first] = unique;
    if (first === undefined) continue;
    return unique.length === 1 ? { kind: 'one', id: first, key } : { kind: 'ambiguous', ids: unique, key };
  }
  return { kind: 'none' };
}
