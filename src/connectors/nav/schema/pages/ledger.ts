// Page 25 "Customer Ledger Entries" on table 21 (N18 control list, §2.5).
// Entries are made by posting, never by a caller.
import { boolean, code, date, decimal, integer, option, text } from '../fields.ts';
import { definePage, READ_ONLY } from '../page.ts';

export const LEDGER_DOCUMENT_TYPES = ['', 'Payment', 'Invoice', 'Credit Memo', 'Finance Charge Memo', 'Reminder', 'Refund'] as const;

const ro = { readOnly: true } as const;

export const custLedgerEntriesPage = definePage({
  service: 'CustLedgerEntries',
  pageId: 25,
  pageName: 'Customer Ledger Entries',
  tableName: 'Cust. Ledger Entry',
  tableNo: 21,
  key: ['Entry_No'],
  soapKey: ['Entry_No'],
  access: READ_ONLY,
  part: undefined,
  fields: [
    date('Posting_Date', 'Posting Date', ro),
    option('Document_Type', 'Document Type', LEDGER_DOCUMENT_TYPES, ro),
    code('Document_No', 'Document No.', 20, ro),
    code('Customer_No', 'Customer No.', 20, ro),
    text('Description', 'Description', 50, ro),
    code('Salesperson_Code', 'Salesperson Code', 20, ro),
    code('Currency_Code', 'Currency Code', 10, ro),
    decimal('Original_Amount', 'Original Amount', ro),
    decimal('Amount', 'Amount', ro),
    decimal('Amount_LCY', 'Amount (LCY)', ro),
    decimal('Remaining_Amount', 'Remaining Amount', ro),
    decimal('Remaining_Amt_LCY', 'Remaining Amt. (LCY)', ro),
    date('Due_Date', 'Due Date', ro),
    boolean('Open', 'Open', ro),
    code('External_Document_No', 'External Document No.', 35, ro),
    integer('Closed_by_Entry_No', 'Closed by Entry No.', ro),
    integer('Entry_No', 'Entry No.', ro),
  ],
});
