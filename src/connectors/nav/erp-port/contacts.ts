// contacts = persons on the Contacts page (page 5050 Contact Card, published as
// `Contacts`), Type = Person only: company contacts are NAV's side of customers.
//
// Side field paths — every field of the page (src/connectors/nav/schema/pages/setup.ts):
//   No, Company_No, Salesperson_Code (Code 20), Country_Region_Code (Code 10),
//   Post_Code (Code 20), Name, Address, Address_2 (Text 50), City (Text 30),
//   Phone_No, Mobile_Phone_No (Text 30), E_Mail (Text 80), VAT_Registration_No
//   (Text 20)                                                 — strings, '' when blank
//   Company_Name (Text 50)                                    — read-only (from the company)
//   Type                                                      — always 'Person'; not writable
//   Last_Date_Modified                                        — YYYY-MM-DD or null, read-only
// and one virtual path:
//   Customer_No (Code 20) — the customer whose company contact is the person's
//     Company_No (through ContactBusinessRelations), or null. Writing it sets
//     Company_No to that customer's company contact; null or '' clears Company_No;
//     a customer without a company contact fails the record as NAV_VALIDATION.
// id = No; version = Key / ETag; modifiedAt = Last_Date_Modified (a person moved to
// another company is modified; a company contact newly linked to a customer is not,
// so such a person shows its Customer_No at the next full scan).
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { NavClient } from '../client.ts';
import { NAV_PAGES, type NavValue } from '../schema/index.ts';
import { CompanyCustomers, noCompanyContact } from './contact-company.ts';
import { plainWrites, type NavEntity, type SideFields } from './entity.ts';
import { loose, type NavRecord } from './nav-page.ts';
import { toSideRecord } from './values.ts';

export const CUSTOMER_NO = 'Customer_No';
const PERSON = 'Person';

/** The customer No. a write names: null clears, a SyncError when it is no No. at all. */
function customerOf(value: FieldValue | undefined): string | null | SyncError {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string' && typeof value !== 'number') return new SyncError('SYNC_MAPPING', `NAV contacts: ${CUSTOMER_NO} takes a customer No., not ${JSON.stringify(value)}`);
  const no = String(value).trim().toUpperCase();
  return no === '' ? null : no;
}

export function contactsEntity(client: NavClient): NavEntity {
  const def = NAV_PAGES.contact;
  const companies = new CompanyCustomers(loose(client.contactBusinessRelations));

  async function toRecords(rows: readonly NavRecord[]) {
    const customers = await companies.customersOf(rows.map((r) => String(r['Company_No'] ?? '')));
    return rows.map((row) => toSideRecord(def, row, { [CUSTOMER_NO]: customers.get(String(row['Company_No'] ?? '')) ?? null }));
  }

  async function toWrites(writes: readonly SideFields[]): Promise<Array<Record<string, NavValue> | SyncError>> {
    const wanted = writes.map((fields) => (Object.hasOwn(fields, CUSTOMER_NO) ? customerOf(fields[CUSTOMER_NO]) : undefined));
    const rest = writes.map((fields) => Object.fromEntries(Object.entries(fields).filter(([k]) => k !== CUSTOMER_NO && k !== 'Type')));
    const typeErrors = writes.map((fields) => {
      const type = fields['Type'];
      return type === undefined || type === null || String(type).toLowerCase() === PERSON.toLowerCase()
        ? undefined
        : new SyncError('SYNC_MAPPING', `NAV contacts are persons: Type is always ${PERSON}, not ${JSON.stringify(type)}`);
    });
    const customerNos = wanted.filter((w): w is string => typeof w === 'string');
    const companyOf = customerNos.length > 0 ? await companies.companiesOf(customerNos) : new Map<string, string>();
    const values = plainWrites(def, rest);
    return values.map((v, i) => {
      const w = wanted[i];
      const typeError = typeErrors[i];
      if (v instanceof SyncError) return v;
      if (typeError) return typeError;
      if (w instanceof SyncError) return w;
      if (w === undefined) return v;
      if (w === null) return { ...v, Company_No: '' };
      const company = companyOf.get(w);
      return company === undefined ? noCompanyContact(w) : { ...v, Company_No: company };
    });
  }

  return {
    entity: 'contacts',
    page: loose(client.contacts),
    def,
    base: { Type: { eq: PERSON } },
    onCreate: { Type: PERSON },
    virtualPaths: [{ path: CUSTOMER_NO, writable: true, maxLength: 20 }],
    fixedPaths: new Set(['Type']),
    toRecords,
    toWrites,
  };
}
