// A customer's company contact (codeunit 5056 CustCont-Update): when Marketing
// Setup names a business relation for customers, Customer.OnInsert creates a
// contact of Type Company from the customer and a Contact Business Relation row
// (table 5054, Link to Table = Customer) that ties the two; OnModify keeps the
// contact's name, address and communication in step, OnRename moves the relation,
// OnDelete removes it (the contact stays, as in NAV).
import { blankValue, type NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row, StoredRow, Table } from '../data/table.ts';
import type { LogicContext } from './context.ts';

const RELATIONS = 'Contact Business Relation';

/** Customer fields the company contact mirrors (CustCont-Update.OnModify). */
const MIRRORED = ['Name', 'Address', 'Address_2', 'Post_Code', 'City', 'Country_Region_Code', 'Phone_No', 'E_Mail', 'Salesperson_Code', 'VAT_Registration_No'] as const;

// Tables are written directly here (not through records.ts, whose trigger registry
// imports this file): these are writes by base-app code, not by a page caller.
function insertRow(table: Table, values: Row): void {
  table.insert({ ...Object.fromEntries(table.def.fields.map((f) => [f.name, blankValue(f)])), ...values });
}

function editRow(table: Table, stored: StoredRow, values: Row): void {
  table.beginEdit(stored);
  stored.values = { ...stored.values, ...values };
  table.endEdit(stored);
}

function mirrored(customer: Row): Row {
  return Object.fromEntries(MIRRORED.map((f) => [f, customer[f] ?? '']));
}

/** The relation rows that link contacts to this customer. */
export function customerRelations(ctx: LogicContext, customerNo: NavValue): StoredRow[] {
  return ctx.company.table(RELATIONS).all().filter((r) => r.values['Link_to_Table'] === 'Customer' && r.values['No'] === customerNo);
}

/**
 * CustCont-Update.InsertNewContact: a company contact numbered from the contact
 * series, stamped on `stampDate` (today for a caller; the customer's own date for
 * seed data), and its relation row. Nothing when the setup has no relation code.
 */
export function insertCustomerContact(customer: Row, ctx: LogicContext, stampDate = ctx.today): void {
  const relation = ctx.company.setup.customerBusinessRelation;
  if (!relation || relation.code === '') return;
  const contacts = ctx.company.table('Contact');
  const no = ctx.company.takeNo(ctx.company.setup.series.contact);
  const name = customer['Name'] ?? '';
  insertRow(contacts, { ...mirrored(customer), No: no, Type: 'Company', Company_No: no, Company_Name: name, Last_Date_Modified: stampDate });
  const relations = ctx.company.table(RELATIONS);
  insertRow(relations, {
    Contact_No: no,
    Business_Relation_Code: relation.code,
    Link_to_Table: 'Customer',
    No: customer['No'] ?? '',
    Business_Relation_Description: relation.description,
  });
}

/** CustCont-Update.OnModify: the company contact follows the customer's name, address and communication. */
export function updateCustomerContact(customer: Row, old: Row, ctx: LogicContext): void {
  if (MIRRORED.every((f) => customer[f] === old[f])) return;
  const contacts = ctx.company.table('Contact');
  for (const relation of customerRelations(ctx, old['No'] ?? '')) {
    const contact = contacts.get([relation.values['Contact_No'] ?? '']);
    if (contact?.values['Type'] !== 'Company') continue;
    editRow(contacts, contact, { ...mirrored(customer), Company_Name: customer['Name'] ?? '', Last_Date_Modified: ctx.today });
    // Persons of the company show its name (Contact."Company Name"), a change like any other.
    for (const person of contacts.all()) {
      if (person.values['Type'] === 'Person' && person.values['Company_No'] === contact.values['No'] && person.values['Company_Name'] !== customer['Name']) {
        editRow(contacts, person, { Company_Name: customer['Name'] ?? '', Last_Date_Modified: ctx.today });
      }
    }
  }
}

/** CustCont-Update.OnDelete: the relation goes, the contact stays. */
export function deleteCustomerRelations(customerNo: NavValue, ctx: LogicContext): void {
  const relations = ctx.company.table(RELATIONS);
  for (const relation of customerRelations(ctx, customerNo)) relations.delete(relation);
}

/**
 * Contact.OnDelete: its business relations go; a company takes its persons with
 * it (N18 Table_5050: ContBusRel.DELETEALL, Cont.DELETE(TRUE) for each person).
 */
export function deleteContactDependents(contact: StoredRow, ctx: LogicContext): void {
  const no = contact.values['No'] ?? '';
  const relations = ctx.company.table(RELATIONS);
  for (const relation of [...relations.all()]) if (relation.values['Contact_No'] === no) relations.delete(relation);
  if (contact.values['Type'] !== 'Company') return;
  const contacts = ctx.company.table('Contact');
  for (const person of [...contacts.all()]) {
    if (person !== contact && person.values['Type'] === 'Person' && person.values['Company_No'] === no) {
      deleteContactDependents(person, ctx);
      contacts.delete(person);
    }
  }
}
