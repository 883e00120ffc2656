// Candidate companies for match keys, for a whole page of records at once:
// tax ids through requisites (`@RQ_INN` / `@RQ_VAT_ID`, any requisite of a company),
// e-mails and phones through crm.duplicate.findbycomm, names through `@TITLE`.
// The portal compares values as stored (IN is an exact match, case-insensitive in
// MySQL), so the answers are tied back to the looked-up values by the same
// normalisation the engine used (core/match.ts).
import type { MatchLookup } from '../../../core/match.ts';
import { normalizeCode, normalizeText } from '../../../core/normalize.ts';
import { normalizeInn, normalizeVat } from '../../../core/tax-id.ts';
import type { FindQuery, FindResult } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import type { Requisite } from '../types.ts';
import { listChunked } from './bulk-read.ts';
import { findByComm } from './comm-find.ts';
import { REQUISITE_OWNER_COMPANY } from './company-read.ts';
import { addTo, findResults, valuesWhere } from './find-results.ts';
import { isInnLike } from './requisite-write.ts';

type Category = 'inn' | 'tax' | 'email' | 'phone' | 'title' | 'none';

/** How a lookup is asked: by its kind, or for text/code keys by what the key is called. */
export function companyCategory(lookup: MatchLookup): Category {
  switch (lookup.kind) {
    case 'inn':
      return 'inn';
    case 'vat':
      return 'tax';
    case 'email':
    case 'phone':
      return lookup.kind;
    case 'text':
    case 'code':
      if (/inn|vat|tax/i.test(`${lookup.key} ${lookup.field}`)) return 'tax';
      if (/name|title/i.test(`${lookup.key} ${lookup.field}`)) return 'title';
      return 'none';
  }
}

async function requisitesBy(client: B24Client, field: 'RQ_INN' | 'RQ_VAT_ID', values: readonly string[]): Promise<Requisite[]> {
  return listChunked<Requisite>(
    client,
    { method: 'crm.requisite.list', idField: 'ID', filter: { ENTITY_TYPE_ID: REQUISITE_OWNER_COMPANY }, select: ['ID', 'ENTITY_ID', field] },
    { inField: field, values },
  );
}

export async function findCompanies(client: B24Client, queries: readonly FindQuery[]): Promise<FindResult[]> {
  const of = (cats: readonly Category[]): string[] => valuesWhere(queries, (l) => cats.includes(companyCategory(l)));
  const innValues = of(['inn', 'tax']).map((v) => normalizeInn(v)).filter(isInnLike);
  const vatValues = of(['tax']);
  const titles = of(['title']);
  const [byInn, byVat, comm, byTitle] = await Promise.all([
    requisitesBy(client, 'RQ_INN', innValues),
    requisitesBy(client, 'RQ_VAT_ID', vatValues),
    findByComm(client, 'COMPANY', of(['phone']), of(['email'])),
    listChunked<{ ID: string; TITLE: string }>(client, { method: 'crm.company.list', idField: 'ID', select: ['ID', 'TITLE'] }, { inField: 'TITLE', values: titles }),
  ]);
  const inn = new Map<string, string[]>();
  for (const r of byInn) addTo(inn, normalizeInn(String(r.RQ_INN ?? '')), String(r.ENTITY_ID));
  const vat = new Map<string, string[]>();
  for (const r of byVat) addTo(vat, normalizeVat(String(r.RQ_VAT_ID ?? '')), String(r.ENTITY_ID));
  const title = new Map<string, string[]>();
  for (const c of byTitle) {
    addTo(title, normalizeText(c.TITLE), String(c.ID));
    addTo(title, normalizeCode(c.TITLE), String(c.ID));
  }
  return findResults(queries, (lookup, value) => {
    switch (companyCategory(lookup)) {
      case 'inn':
        return inn.get(normalizeInn(value));
      case 'tax':
        return [...((isInnLike(value) && inn.get(normalizeInn(value))) || []), ...(vat.get(normalizeVat(value)) ?? [])];
      case 'email':
        return comm.emails.get(value);
      case 'phone':
        return comm.phones.get(value);
      case 'title':
        return title.get(lookup.kind === 'code' ? normalizeCode(value) : normalizeText(value));
      case 'none':
        return undefined;
    }
  });
}
