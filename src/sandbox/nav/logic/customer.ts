// Table 18 Customer (NAV 2018 N18 Table_018_Customer): number series on insert,
// Search Name following Name, e-mail validation, Last Date Modified stamped on
// insert, modify and rename (§5), rename cascade, no delete with open orders
// or ledger entries, and the company contact kept by codeunit 5056.
import type { TableTriggers } from './triggers.ts';
import { checkEmail } from './coerce.ts';
import { cascadeRename, followSearchName, numberOnInsert, refuseDeleteWithEntries, stampModified, testManual } from './common.ts';
import { navErrors } from '../errors.ts';
import { deleteCustomerRelations, insertCustomerContact, updateCustomerContact } from './customer-contact.ts';

const CUSTOMER_REFERENCES = [
  ['Customer', 'Bill_to_Customer_No'],
  ['Sales Header', 'Sell_to_Customer_No'],
  ['Sales Header', 'Bill_to_Customer_No'],
  ['Cust. Ledger Entry', 'Customer_No'],
  ['Sales Invoice Header', 'Sell_to_Customer_No'],
  ['Sales Invoice Header', 'Bill_to_Customer_No'],
  ['Sales Shipment Header', 'Sell_to_Customer_No'],
  ['Sales Cr.Memo Header', 'Sell_to_Customer_No'],
  ['Contact Business Relation', 'No'],
] as const;

export const customerTriggers: TableTriggers = {
  validate(field, row, previous, ctx) {
    switch (field.name) {
      case 'No':
        testManual(ctx, ctx.company.setup.series.customer);
        break;
      case 'Name':
        followSearchName(row, 'Search_Name', row['Name'] ?? '', previous, 50);
        break;
      case 'E_Mail':
        checkEmail(row['E_Mail'] ?? '');
        break;
      case 'Primary_Contact_No': {
        const contact = ctx.company.get('Contact', String(row['Primary_Contact_No']));
        row['Contact'] = contact ? contact.values['Name'] ?? '' : '';
        break;
      }
    }
  },
  insert(row, ctx) {
    numberOnInsert(row, ctx, ctx.company.setup.series.customer);
    if (row['Search_Name'] === '') row['Search_Name'] = String(row['Name']).toUpperCase();
    stampModified(row, ctx);
    insertCustomerContact(row, ctx);
  },
  modify(row, old, ctx) {
    stampModified(row, ctx);
    updateCustomerContact(row, old, ctx);
  },
  rename(row, old, ctx) {
    stampModified(row, ctx);
    cascadeRename(ctx, CUSTOMER_REFERENCES, old['No'] ?? '', row['No'] ?? '');
  },
  delete(stored, ctx) {
    const no = stored.values['No'] ?? '';
    for (const header of ctx.company.table('Sales Header').all()) {
      if (header.values['Sell_to_Customer_No'] === no || header.values['Bill_to_Customer_No'] === no) {
        throw navErrors.customerHasOrders(String(no), String(header.values['Document_Type']));
      }
    }
    refuseDeleteWithEntries(ctx, 'Cust. Ledger Entry', 'Customer_No', 'Customer', no);
    deleteCustomerRelations(no, ctx);
  },
};
