// Page 5061 "Contact Business Relations" on table 5054 Contact Business Relation:
// which customer (vendor, bank account) a company contact stands for. NAV writes a
// row when a customer is created while Marketing Setup's "Bus. Rel. Code for
// Customers" is set (codeunit 5056 CustCont-Update), so a person's Company No.
// leads to its customer through this table. The page as shipped shows Contact No.
// only as its caption (N18 Page_5061), so SOAP cannot see it: the NAV admin
// publishes a copy with Contact No. as a field (docs/sandbox.md). Read-only here:
// b24nav only reads the relation.
import { code, option, text } from '../fields.ts';
import { definePage, READ_ONLY } from '../page.ts';

/** Table 5054 "Link to Table": the blank option first, as NAV orders it. */
export const CONTACT_LINK_TO_TABLE = ['', 'Customer', 'Vendor', 'Bank Account'] as const;

export const contactBusinessRelationsPage = definePage({
  service: 'ContactBusinessRelations',
  pageId: 5061,
  pageName: 'Contact Business Relations',
  tableName: 'Contact Business Relation',
  tableNo: 5054,
  key: ['Contact_No', 'Business_Relation_Code'],
  soapKey: ['Contact_No', 'Business_Relation_Code'],
  access: READ_ONLY,
  part: undefined,
  fields: [
    code('Contact_No', 'Contact No.', 20),
    code('Business_Relation_Code', 'Business Relation Code', 10),
    option('Link_to_Table', 'Link to Table', CONTACT_LINK_TO_TABLE),
    code('No', 'No.', 20),
    // A FlowField: the Description of the Business Relation (table 5053).
    text('Business_Relation_Description', 'Business Relation Description', 50, { readOnly: true }),
  ],
});
