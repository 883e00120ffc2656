// Candidates by match keys for a whole batch of queries at once. Each lookup goes
// to one page field: INN/VAT → VAT_Registration_No, e-mail → E_Mail, phone →
// Phone_No, name-like keys → Name (Description on items), number-like keys and
// code keys on items → No; `matchFields` in the options names any other.
//
// NAV compares stored text as typed: users write "DE 123-456-789", "Info@Example.com",
// "8 (495) 123-45-67", so an equality filter cannot find the normalised values the
// engine looks up. Code fields are the exception (NAV stores them upper-case and
// trimmed, as normalizeCode does): those go out as IN-filters. Every other field is
// read in one streaming pass over the page — No and the looked-up fields only
// ($select on OData) — and each value is normalised by the same function the engine
// used (core/match.ts) and compared here. The cost is one read of the page per
// call of find(), whatever the number of queries (5,000 customers: 5 calls), and
// memory holds the hits only. The client's filter conditions have no NAV pattern
// (`@` for case, `*4*5*6*7` on digits) to narrow that pass server-side.
import { matchValue, type MatchKind, type MatchLookup } from '../../../core/match.ts';
import { normalizeInn, checkInn } from '../../../core/tax-id.ts';
import type { CountryCode } from '../../../core/phone.ts';
import type { EntityKind, FindQuery, FindResult } from '../../../engine/ports.ts';
import type { PageDef } from '../schema/index.ts';
import { readIn, type LooseReadPage, type NavRecord, type RowWhere } from './nav-page.ts';

export interface FindContext {
  readonly entity: EntityKind;
  readonly page: LooseReadPage;
  readonly def: PageDef;
  readonly base: RowWhere;
  readonly defaultRegion: CountryCode | undefined;
  /** Match key → page field, from the options. */
  readonly overrides: Readonly<Record<string, string>>;
}

interface Target {
  readonly field: string;
  readonly kind: MatchKind;
  /** An IN-filter finds it (a Code field looked up as a code). */
  readonly exact: boolean;
}

const TAX_WORDS = /inn|vat|tax/i;
const NAME_WORDS = /name|title|description/i;
const NUMBER_WORDS = /(no|number|article|sku)$/i;

/** The page field a lookup reads, or undefined when the page has none for it. */
export function targetField(ctx: FindContext, lookup: MatchLookup): string | undefined {
  const has = (name: string): boolean => ctx.def.fields.some((f) => f.name === name);
  // Checked against the page when the port is created (entity-side.ts).
  const override = ctx.overrides[lookup.key];
  if (override !== undefined) return override;
  const first = (...names: string[]): string | undefined => names.find(has);
  switch (lookup.kind) {
    case 'inn':
    case 'vat':
      return first('VAT_Registration_No');
    case 'email':
      return first('E_Mail');
    case 'phone':
      return first('Phone_No');
    case 'code':
    case 'text': {
      const words = [lookup.key, lookup.field];
      const named = ctx.def.fields.find((f) => words.some((w) => w.toLowerCase() === f.name.toLowerCase()));
      if (named) return named.name;
      if (words.some((w) => TAX_WORDS.test(w))) return first('VAT_Registration_No');
      if (words.some((w) => /e-?mail/i.test(w))) return first('E_Mail');
      if (words.some((w) => /phone|tel/i.test(w))) return first('Phone_No');
      if (words.some((w) => NAME_WORDS.test(w))) return first('Name', 'Description');
      if (words.some((w) => NUMBER_WORDS.test(w)) || (ctx.entity === 'products' && lookup.kind === 'code')) return first('No');
      return undefined;
    }
  }
}

function target(ctx: FindContext, lookup: MatchLookup): Target | undefined {
  const field = targetField(ctx, lookup);
  if (field === undefined) return undefined;
  const def = ctx.def.fields.find((f) => f.name === field);
  return { field, kind: lookup.kind, exact: def?.kind === 'code' && lookup.kind === 'code' };
}

const slot = (t: Target, value: string): string => `${t.field}\u0000${t.kind}\u0000${value}`;

/** The forms a stored value is found under: its match value, and for a VAT field holding an INN also the bare digits. */
function storedKeys(kind: MatchKind, text: string, region: CountryCode | undefined): string[] {
  if (text.trim() === '') return [];
  const value = matchValue(kind, text, { defaultRegion: region });
  const keys = value === null ? [] : [value];
  // "RU 7707083893" in NAV and an INN looked up as a VAT id: the same company (DESIGN §3.4).
  if (kind === 'vat') {
    const digits = normalizeInn(text);
    if (/^(\d{10}|\d{12})$/.test(digits) && checkInn(digits).valid && !keys.includes(digits)) keys.push(digits);
  }
  return keys;
}

export async function findCandidates(ctx: FindContext, queries: readonly FindQuery[]): Promise<FindResult[]> {
  // What each (field, kind) is asked for, over all queries.
  const wanted = new Map<string, { target: Target; values: Set<string> }>();
  const targets = queries.map((q) => q.lookups.map((lookup) => {
    const t = target(ctx, lookup);
    if (t && lookup.values.length > 0) {
      const id = `${t.field}\u0000${t.kind}`;
      const entry = wanted.get(id) ?? { target: t, values: new Set<string>() };
      for (const v of lookup.values) entry.values.add(v);
      wanted.set(id, entry);
    }
    return t;
  }));

  const hits = new Map<string, Set<string>>();
  const hit = (key: string, id: string): void => {
    const ids = hits.get(key);
    if (ids) ids.add(id);
    else hits.set(key, new Set([id]));
  };
  const exact = [...wanted.values()].filter((w) => w.target.exact);
  const scanned = [...wanted.values()].filter((w) => !w.target.exact);

  const exactReads = exact.map(async ({ target: t, values }) => {
    for (const row of await readIn(ctx.page, t.field, [...values], ctx.base, [t.field])) hit(slot(t, String(row[t.field] ?? '')), String(row['No']));
  });
  const scan = async (): Promise<void> => {
    if (scanned.length === 0) return;
    const fields = [...new Set(scanned.map((w) => w.target.field))];
    // One field: leave out the records where it is blank. Several: OR across fields is
    // not allowed on OData (§3.3), so the pass reads every record.
    const where: RowWhere = fields.length === 1 ? { ...ctx.base, [fields[0] as string]: { ne: '' } } : ctx.base;
    for await (const rows of ctx.page.pages({ where, select: fields })) {
      for (const row of rows as NavRecord[]) {
        for (const { target: t, values } of scanned) {
          for (const key of storedKeys(t.kind, String(row[t.field] ?? ''), ctx.defaultRegion)) if (values.has(key)) hit(slot(t, key), String(row['No']));
        }
      }
    }
  };
  await Promise.all([...exactReads, scan()]);

  return queries.map((q, qi) => ({
    ref: q.ref,
    candidates: q.lookups.map((lookup, li) => {
      const t = targets[qi]?.[li];
      const ids = new Set<string>();
      if (t) for (const v of lookup.values) for (const id of hits.get(slot(t, v)) ?? []) ids.add(id);
      return { key: lookup.key, ids: [...ids].sort() };
    }),
  }));
}
