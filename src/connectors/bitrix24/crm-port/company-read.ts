// Reading companies with their primary requisite and its legal address, in bulk:
// companies → their requisites (`@ENTITY_ID`, 45 companies a call) → the addresses
// of the primary ones (`@ENTITY_ID`, 25 requisites a call: at most the legal and the
// registered address each, so a page of 50 always holds them all — crm.address.list
// has no id to page on, reference §7.5). Three rounds of batched calls per page.
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { B24Client } from '../client.ts';
import type { Address, LegacyCompany, Requisite } from '../types.ts';
import { listChunked } from './bulk-read.ts';
import { userFieldNames, type CrmDictionaries } from './dictionaries.ts';
import { MULTIFIELDS, valuesOf } from './multifields.ts';
import { groupBy, laterOf, numericIds, textOrNull, userFieldValue } from './values.ts';

export const COMPANY_SCALARS = ['TITLE', 'COMPANY_TYPE', 'INDUSTRY', 'ASSIGNED_BY_ID', 'CURRENCY_ID', 'COMMENTS'] as const;
export const ADDRESS_FIELDS = ['ADDRESS_1', 'ADDRESS_2', 'CITY', 'POSTAL_CODE', 'REGION', 'PROVINCE', 'COUNTRY', 'COUNTRY_CODE'] as const;
export const COMPANY_SELECT = ['*', 'UF_*', ...MULTIFIELDS];

/** crm.enum.addresstype (reference §7.5). */
export const ADDRESS_LEGAL = 6;
export const ADDRESS_REGISTERED = 4;
export const REQUISITE_OWNER_COMPANY = 4;
export const ADDRESS_OWNER_REQUISITE = 8;

export interface CompanyState {
  readonly row: LegacyCompany;
  /** The primary requisite: lowest SORT, then lowest ID. */
  readonly requisite: Requisite | undefined;
  readonly legal: Address | undefined;
  readonly registered: Address | undefined;
}

function primary(requisites: readonly Requisite[]): Requisite | undefined {
  return [...requisites].sort((a, b) => Number(a['SORT'] ?? 0) - Number(b['SORT'] ?? 0) || Number(a.ID) - Number(b.ID))[0];
}

export async function readCompanyStates(client: B24Client, rows: readonly LegacyCompany[]): Promise<CompanyState[]> {
  const requisites = await listChunked<Requisite>(
    client,
    { method: 'crm.requisite.list', idField: 'ID', filter: { ENTITY_TYPE_ID: REQUISITE_OWNER_COMPANY }, select: ['*'] },
    // 45 companies a call: most have one requisite, and a page that is not full needs no keyset follow-up.
    { inField: 'ENTITY_ID', values: numericIds(rows.map((r) => r.ID)), chunkSize: 45 },
  );
  const byCompany = groupBy(requisites, (r) => String(r.ENTITY_ID));
  const primaries = new Map<string, Requisite>();
  for (const [companyId, list] of byCompany) {
    const p = primary(list);
    if (p) primaries.set(companyId, p);
  }
  const addresses = await listChunked<Address>(
    client,
    { method: 'crm.address.list', idField: 'ENTITY_ID', filter: { ENTITY_TYPE_ID: ADDRESS_OWNER_REQUISITE, '@TYPE_ID': [ADDRESS_LEGAL, ADDRESS_REGISTERED] } },
    { inField: 'ENTITY_ID', values: numericIds([...primaries.values()].map((r) => r.ID)), chunkSize: 25, keyset: false },
  );
  const byRequisite = groupBy(addresses, (a) => String(a.ENTITY_ID));
  return rows.map((row) => {
    const requisite = primaries.get(String(row.ID));
    const own = requisite ? (byRequisite.get(String(requisite.ID)) ?? []) : [];
    return {
      row,
      requisite,
      legal: own.find((a) => Number(a.TYPE_ID) === ADDRESS_LEGAL),
      registered: own.find((a) => Number(a.TYPE_ID) === ADDRESS_REGISTERED),
    };
  });
}

/** RQ_INN when set, else RQ_VAT_ID. */
export function taxIdOf(requisite: Requisite | undefined): string | null {
  return textOrNull(requisite?.RQ_INN) ?? textOrNull(requisite?.RQ_VAT_ID);
}

export function requisiteFieldNames(dicts: CrmDictionaries, requisite?: Requisite): string[] {
  const names = new Set(dicts.requisiteFields);
  if (requisite) for (const key of Object.keys(requisite)) if (key.startsWith('RQ_') && key !== 'RQ_ADDR') names.add(key);
  return [...names];
}

export function companyRecord(state: CompanyState, dicts: CrmDictionaries): SideRecord {
  const { row, requisite } = state;
  const fields: Record<string, FieldValue> = {};
  for (const f of COMPANY_SCALARS) fields[f] = textOrNull(row[f]);
  const ufs = new Set([...userFieldNames(dicts.companyFields), ...Object.keys(row).filter((k) => k.startsWith('UF_CRM_'))]);
  for (const uf of ufs) fields[uf] = userFieldValue(row[uf]);
  for (const type of MULTIFIELDS) fields[type] = valuesOf(row, type);
  for (const rq of requisiteFieldNames(dicts, requisite)) fields[`requisite.${rq}`] = textOrNull(requisite?.[rq]);
  fields['requisite.TAX_ID'] = taxIdOf(requisite);
  // The legal address; a portal that only has the registered one shows that (reference §7.5 types).
  const address = state.legal ?? state.registered;
  for (const f of ADDRESS_FIELDS) fields[`address.${f}`] = textOrNull(address?.[f]);
  const version = laterOf(textOrNull(row.DATE_MODIFY), laterOf(textOrNull(requisite?.DATE_MODIFY), textOrNull(requisite?.['DATE_CREATE'])));
  return { id: String(row.ID), version, modifiedAt: version, fields };
}
