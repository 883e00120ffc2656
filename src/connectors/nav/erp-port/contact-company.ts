// A person's customer. NAV links a person to a company contact (Company No.) and
// the company contact to its customer through table 5054 Contact Business
// Relation (Link to Table = Customer, No. = the customer), which the NAV admin
// publishes as ContactBusinessRelations (docs/sandbox.md). Both directions are
// read in bulk: company contacts → customers for records, customers → company
// contacts for writes.
import { SyncError } from '../../../core/failure.ts';
import { readIn, type LooseReadPage, type RowWhere } from './nav-page.ts';

const CUSTOMER_LINKS: RowWhere = { Link_to_Table: { eq: 'Customer' } };

const PUBLISH_HINT =
  'Publish table 5054 Contact Business Relation as the web service ContactBusinessRelations with Contact_No, Link_to_Table and No (docs/sandbox.md, NAV section).';

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The relation page's read, with what to publish when NAV does not know it. */
async function read(page: LooseReadPage, field: 'Contact_No' | 'No', values: readonly string[]): Promise<Array<{ contact: string; customer: string }>> {
  try {
    const rows = await readIn(page, field, values, CUSTOMER_LINKS, ['Contact_No', 'No']);
    return rows.map((r) => ({ contact: String(r['Contact_No'] ?? ''), customer: String(r['No'] ?? '') })).sort((a, b) => compare(a.customer, b.customer) || compare(a.contact, b.contact));
  } catch (error) {
    if (error instanceof SyncError && error.code === 'NAV_PERMISSION') {
      throw new SyncError('NAV_PERMISSION', `${error.message} ${PUBLISH_HINT}`, { operation: error.operation, httpStatus: error.httpStatus, cause: error });
    }
    throw error;
  }
}

export class CompanyCustomers {
  constructor(private readonly relations: LooseReadPage) {}

  /** Company contact No → customer No; companies linked to no customer are absent. */
  async customersOf(companyNos: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const wanted = [...new Set(companyNos.filter((no) => no !== ''))];
    // A company contact stands for one customer; were there several, the lowest No.
    for (const { contact, customer } of await read(this.relations, 'Contact_No', wanted)) if (!out.has(contact)) out.set(contact, customer);
    return out;
  }

  /** Customer No → its company contact No; customers without one are absent. */
  async companiesOf(customerNos: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const wanted = [...new Set(customerNos.filter((no) => no !== ''))];
    for (const { contact, customer } of await read(this.relations, 'No', wanted)) if (!out.has(customer)) out.set(customer, contact);
    return out;
  }
}

/** A person cannot be linked to a customer that has no company contact: say what the NAV admin does. */
export function noCompanyContact(customerNo: string): SyncError {
  return new SyncError(
    'NAV_VALIDATION',
    `Customer ${customerNo} has no company contact in NAV (no Contact Business Relation with Link to Table = Customer and No. = ${customerNo}), so a person cannot be put under it. ` +
      `Set Bus. Rel. Code for Customers in Marketing Setup and run Create Conts. from Customers for it; and make sure ContactBusinessRelations is published (docs/sandbox.md).`,
    { operation: 'ContactBusinessRelations.ReadMultiple' },
  );
}
