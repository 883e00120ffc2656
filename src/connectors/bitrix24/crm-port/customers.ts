// customers = Bitrix24 companies with their primary requisite and its legal address.
//
// Side field paths (what config field maps name):
//   TITLE (≤ 255), COMPANY_TYPE, INDUSTRY, ASSIGNED_BY_ID, CURRENCY_ID, COMMENTS,
//   UF_CRM_* (every company user field; strings as the portal gives them, multiple
//     fields as lists, empty → null)
//   PHONE, EMAIL, WEB — lists of values in the portal's order (first = primary)
//   requisite.RQ_* — the primary requisite (ENTITY_TYPE_ID 4; lowest SORT, then ID)
//   requisite.TAX_ID — RQ_INN if set, else RQ_VAT_ID (writes: 10/12 digits → RQ_INN)
//   address.ADDRESS_1 | ADDRESS_2 | CITY | POSTAL_CODE | REGION | PROVINCE | COUNTRY |
//     COUNTRY_CODE — the requisite's legal address (TYPE_ID 6; read falls back to 4)
// id = company ID; version = modifiedAt = the later DATE_MODIFY of the company and
// of its primary requisite: editing a requisite does not move the company's
// DATE_MODIFY on a real portal, so change scans also watch requisites.
import type { CreateRequest, UpdateRequest } from '../../../engine/ports.ts';
import type { LegacyCompany } from '../types.ts';
import { listChunked } from './bulk-read.ts';
import { findCompanies } from './company-find.ts';
import { ADDRESS_FIELDS, COMPANY_SCALARS, COMPANY_SELECT, companyRecord, readCompanyStates, REQUISITE_OWNER_COMPANY, requisiteFieldNames } from './company-read.ts';
import { ORIGINATOR, planCompanyCreate, planCompanyUpdate } from './company-write.ts';
import { userFieldNames } from './dictionaries.ts';
import type { SideAdapter } from './entity-side.ts';
import { MULTIFIELDS } from './multifields.ts';
import type { FieldPath, PortContext } from './port-context.ts';
import { numericIds, textOrNull } from './values.ts';

const LIST = { method: 'crm.company.list', idField: 'ID', select: COMPANY_SELECT } as const;

/** Known column lengths of b_crm_company (crm.company.fields does not report them). */
const MAX_LENGTH: Readonly<Record<string, number>> = { TITLE: 255 };

export function customersAdapter(ctx: PortContext): SideAdapter {
  const { client } = ctx;

  async function states(rows: readonly LegacyCompany[]) {
    const [dicts, states] = await Promise.all([ctx.crm.get(), readCompanyStates(client, rows)]);
    return { dicts, states };
  }

  return {
    entity: 'customers',
    deleteMethod: 'crm.company.delete',
    listSpec: () => Promise.resolve(LIST),
    idSpec: () => Promise.resolve({ method: LIST.method, idField: 'ID', select: ['ID'] }),
    changedSince: (cursor) => ({ '>=DATE_MODIFY': cursor }),
    // A requisite that was never edited may have no DATE_MODIFY (the vendor type allows null):
    // new requisites of old companies are found by DATE_CREATE.
    related: (cursor) =>
      Promise.resolve(
        ['>=DATE_MODIFY', '>=DATE_CREATE'].map((since) => ({
          spec: { method: 'crm.requisite.list', idField: 'ID', filter: { ENTITY_TYPE_ID: REQUISITE_OWNER_COMPANY, [since]: cursor }, select: ['ID', 'ENTITY_ID'] },
          ownerOf: (row: Record<string, unknown>) => Number(row['ENTITY_ID']),
        })),
      ),
    async toRecords(rows) {
      const { dicts, states: list } = await states(rows as LegacyCompany[]);
      return list.map((s) => companyRecord(s, dicts));
    },
    externalId: () => Promise.resolve({ field: 'ORIGIN_ID', filter: { ORIGINATOR_ID: ORIGINATOR }, of: (row) => textOrNull(row['ORIGIN_ID']) }),
    async fieldPaths() {
      const dicts = await ctx.crm.get();
      const paths: FieldPath[] = [];
      const add = (path: string, writable = true): void => {
        const max = MAX_LENGTH[path];
        paths.push(max === undefined ? { path, writable } : { path, writable, maxLength: max });
      };
      for (const f of COMPANY_SCALARS) add(f);
      for (const uf of userFieldNames(dicts.companyFields)) add(uf, dicts.companyFields[uf]?.isReadOnly !== true);
      for (const f of MULTIFIELDS) add(f);
      for (const rq of requisiteFieldNames(dicts)) add(`requisite.${rq}`);
      add('requisite.TAX_ID');
      for (const f of ADDRESS_FIELDS) add(`address.${f}`);
      return paths;
    },
    find: (queries) => findCompanies(client, queries),
    async planCreates(requests: readonly CreateRequest[]) {
      const dicts = await ctx.crm.get();
      return requests.map((r) => planCompanyCreate(r, dicts, ctx.region));
    },
    async planUpdates(requests: readonly UpdateRequest[]) {
      const rows = await listChunked<LegacyCompany>(client, LIST, { inField: 'ID', values: numericIds(requests.map((r) => r.id)) });
      const { dicts, states: list } = await states(rows);
      const byId = new Map(list.map((s) => [String(s.row.ID), s]));
      return requests.map((r) => planCompanyUpdate(r, byId.get(String(r.id)), dicts, ctx.region));
    },
  };
}
