// Helpers over sales documents: a document's lines (a key range of Sales Line),
// its identification in messages, and the Status = Open test that guards edits.
import type { Company } from '../data/company.ts';
import type { Row, StoredRow } from '../data/table.ts';
import { navErrors, type Identification } from '../errors.ts';
import { aggregatesOf, round } from './aggregates.ts';
import type { LogicContext } from './context.ts';
import { lineAmounts } from './vat.ts';

export function documentLines(company: Company, documentType: string, no: string): StoredRow[] {
  const lines = company.table('Sales Line');
  const out: StoredRow[] = [];
  for (let i = lines.seek([documentType, no]); ; i++) {
    const line = lines.rowAt(i);
    if (!line || line.values['Document_Type'] !== documentType || line.values['Document_No'] !== no) break;
    out.push(line);
  }
  return out;
}

export function headerIds(row: Row): Identification {
  return [
    ['Document Type', row['Document_Type'] ?? ''],
    ['No.', row['No'] ?? ''],
  ];
}

export function lineIds(row: Row): Identification {
  return [
    ['Document Type', row['Document_Type'] ?? ''],
    ['Document No.', row['Document_No'] ?? ''],
    ['Line No.', row['Line_No'] ?? ''],
  ];
}

export function headerOf(company: Company, line: Row): StoredRow | undefined {
  return company.table('Sales Header').get([line['Document_Type'] ?? '', line['Document_No'] ?? '']);
}

/** Sales Header/Line TestStatusOpen. */
export function testStatusOpen(header: Row): void {
  if (header['Status'] !== 'Open') throw navErrors.testField('Status', 'Open', 'Sales Header', headerIds(header), String(header['Status']));
}

/** Line Amount, discount and outstanding amount after a change of quantity, price or discount. */
export function recalcLine(line: Row): void {
  // Exact decimals (vat.ts), so the line agrees with the document totals and with posting.
  const amounts = lineAmounts(line, Number(line['Quantity']), false);
  line['Line_Discount_Amount'] = amounts.lineDiscountAmount;
  line['Line_Amount'] = amounts.lineAmount;
  const outstanding = Number(line['Quantity']) - Number(line['Quantity_Shipped']);
  line['Outstanding_Amount'] = round(outstanding * Number(line['Unit_Price']) * (1 - Number(line['Line_Discount_Percent']) / 100));
}

/**
 * CustCheckCreditLimit: with the check on, going over the limit opens the modal
 * "Check Credit Limit" page, which fails in a web service session (see
 * BusinessSettings.creditLimitCheck).
 */
export function checkCreditLimit(ctx: LogicContext, customerNo: string, additional: number): void {
  if (ctx.settings.creditLimitCheck !== 'callback' || customerNo === '') return;
  const customer = ctx.company.get('Customer', customerNo);
  const limit = Number(customer?.values['Credit_Limit_LCY'] ?? 0);
  if (limit <= 0) return;
  const aggregates = aggregatesOf(ctx.company);
  if (aggregates.customerBalance(customerNo) + aggregates.outstandingOrders(customerNo) + additional > limit) {
    throw navErrors.callbackNotAllowed();
  }
}

/** Customer.CheckBlockedCustOnDocs for creating (shipment = false) or posting documents. */
export function checkBlocked(ctx: LogicContext, customerNo: string, documentType: string, action: 'create' | 'post', ship: boolean): void {
  const blocked = String(ctx.company.get('Customer', customerNo)?.values['Blocked'] ?? '');
  const hit =
    blocked === 'All' ||
    (blocked === 'Invoice' && ['Quote', 'Order', 'Invoice', 'Blanket Order'].includes(documentType)) ||
    (blocked === 'Ship' && ship && ['Quote', 'Order', 'Invoice', 'Blanket Order'].includes(documentType));
  if (hit) throw navErrors.blockedCustomer(action, customerNo, blocked);
}
