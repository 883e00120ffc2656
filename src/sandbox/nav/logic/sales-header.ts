// Table 36 Sales Header: number series by document type (manual numbers refused,
// §6), Sell-to/Bill-to customer copied onto the document, blocked customers and
// the credit limit, due date from the payment terms, and every field but a few
// locked while the document is Released (TestStatusOpen).
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import { testManual } from './common.ts';
import type { LogicContext } from './context.ts';
import { calcDate } from './date-formula.ts';
import { checkBlocked, checkCreditLimit, documentLines, testStatusOpen } from './documents.ts';
import type { TableTriggers } from './triggers.ts';

/** Fields NAV lets a user change on a released document. */
const EDITABLE_WHEN_RELEASED = new Set(['External_Document_No', 'Your_Reference', 'Promised_Delivery_Date', 'Requested_Delivery_Date']);

function seriesOf(ctx: LogicContext, documentType: string): string {
  return documentType === 'Invoice' ? ctx.company.setup.series.salesInvoice : ctx.company.setup.series.salesOrder;
}

function updateDueDate(row: Row, ctx: LogicContext): void {
  const terms = ctx.company.get('Payment Terms', String(row['Payment_Terms_Code']));
  const from = String(row['Document_Date'] || ctx.today);
  row['Due_Date'] = terms ? calcDate(String(terms.values['Due_Date_Calculation']), from) : from;
}

function copySellTo(row: Row, ctx: LogicContext): void {
  const no = String(row['Sell_to_Customer_No']);
  const customer = ctx.company.get('Customer', no)?.values;
  if (!customer) {
    for (const f of ['Sell_to_Customer_Name', 'Sell_to_Address', 'Sell_to_Address_2', 'Sell_to_City', 'Sell_to_Post_Code', 'Sell_to_Contact', 'Sell_to_Contact_No']) row[f] = '';
    return;
  }
  checkBlocked(ctx, no, String(row['Document_Type']), 'create', false);
  Object.assign(row, {
    Sell_to_Customer_Name: customer['Name'],
    Sell_to_Address: customer['Address'],
    Sell_to_Address_2: customer['Address_2'],
    Sell_to_City: customer['City'],
    Sell_to_Post_Code: customer['Post_Code'],
    Sell_to_Contact: customer['Contact'],
    Sell_to_Contact_No: customer['Primary_Contact_No'],
    Ship_to_Name: customer['Name'],
    Ship_to_Address: customer['Address'],
    Ship_to_Address_2: customer['Address_2'],
    Ship_to_City: customer['City'],
    Ship_to_Post_Code: customer['Post_Code'],
    Ship_to_Contact: customer['Contact'],
    Location_Code: customer['Location_Code'],
    Shipment_Method_Code: customer['Shipment_Method_Code'],
    Salesperson_Code: customer['Salesperson_Code'],
    Bill_to_Customer_No: String(customer['Bill_to_Customer_No'] || no),
  });
  copyBillTo(row, ctx);
}

function copyBillTo(row: Row, ctx: LogicContext): void {
  const no = String(row['Bill_to_Customer_No']);
  const customer = ctx.company.get('Customer', no)?.values;
  if (!customer) return;
  if (no !== row['Sell_to_Customer_No']) checkBlocked(ctx, no, String(row['Document_Type']), 'create', false);
  Object.assign(row, {
    Bill_to_Name: customer['Name'],
    Bill_to_Address: customer['Address'],
    Bill_to_City: customer['City'],
    Bill_to_Post_Code: customer['Post_Code'],
    Payment_Terms_Code: customer['Payment_Terms_Code'],
    Payment_Method_Code: customer['Payment_Method_Code'],
    Currency_Code: customer['Currency_Code'],
    Prices_Including_VAT: customer['Prices_Including_VAT'],
  });
  updateDueDate(row, ctx);
  checkCreditLimit(ctx, no, 0);
}

export const salesHeaderTriggers: TableTriggers = {
  init(row, ctx) {
    row['Status'] = 'Open';
    row['Posting_Date'] = ctx.today;
    row['Document_Date'] = ctx.today;
    row['Shipment_Date'] = ctx.today;
    if (row['Document_Type'] === 'Order') row['Order_Date'] = ctx.today;
  },
  beforeValidate(field, row, _ctx, isNew) {
    if (!isNew && !EDITABLE_WHEN_RELEASED.has(field.name)) testStatusOpen(row);
  },
  validate(field, row, previous, ctx, isNew) {
    switch (field.name) {
      case 'No':
        testManual(ctx, seriesOf(ctx, String(row['Document_Type'])));
        break;
      case 'Sell_to_Customer_No':
        // NAV asks "Do you want to change Sell-to Customer No.?" when lines exist: a CONFIRM,
        // which a web service session cannot answer.
        if (!isNew && previous !== '' && documentLines(ctx.company, String(row['Document_Type']), String(row['No'])).length > 0) {
          throw navErrors.callbackNotAllowed();
        }
        copySellTo(row, ctx);
        break;
      case 'Bill_to_Customer_No':
        copyBillTo(row, ctx);
        break;
      case 'Payment_Terms_Code':
      case 'Document_Date':
        updateDueDate(row, ctx);
        break;
    }
  },
  insert(row, ctx) {
    if (row['No'] === '') row['No'] = ctx.company.takeNo(seriesOf(ctx, String(row['Document_Type'])));
  },
  delete(stored, ctx) {
    const lines = ctx.company.table('Sales Line');
    for (const line of documentLines(ctx.company, String(stored.values['Document_Type']), String(stored.values['No']))) lines.delete(line);
  },
};
