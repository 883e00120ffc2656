// Posting a sales order or invoice (codeunit 80 "Sales-Post"), as a NAV user
// does it: the document is released if still open, the shipped quantities make a
// posted shipment and item ledger entries (inventory goes down), the invoiced
// quantities make a posted invoice (lines keep the order's Line No. and VAT group;
// amounts with each line's VAT rounded on its own) and a customer ledger entry;
// posted documents name the order in Order No. A fully shipped
// and invoiced document is deleted, as NAV deletes it.
import type { Row, StoredRow, Table } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import { round } from './aggregates.ts';
import type { LogicContext } from './context.ts';
import { calcDate } from './date-formula.ts';
import { checkBlocked, documentLines } from './documents.ts';
import { postCustomerEntry, postItemEntry } from './ledger.ts';
import { newRow, setFields } from './records.ts';
import { findDocument, releaseDocument } from './release.ts';
import { lineAmounts } from './vat.ts';

export interface PostOptions {
  readonly ship: boolean;
  readonly invoice: boolean;
  readonly postingDate?: string | undefined;
}

export interface PostResult {
  readonly shipmentNo: string | undefined;
  readonly invoiceNo: string | undefined;
  /** True when the document was fully posted and so deleted. */
  readonly documentDeleted: boolean;
}

interface LinePlan {
  readonly line: StoredRow;
  readonly ship: number;
  readonly invoice: number;
}

function copyInto(table: Table, source: Row, extra: Row): Row {
  const row = newRow(table);
  for (const field of table.def.fields) if (field.name in source) row[field.name] = source[field.name] as Row[string];
  return Object.assign(row, extra);
}

function requireSetup(ctx: LogicContext, customerNo: string): void {
  const customer = ctx.company.get('Customer', customerNo);
  if (!customer) throw navErrors.recordNotFound('Customer', [['No.', customerNo]]);
  for (const [field, navName] of [
    ['Customer_Posting_Group', 'Customer Posting Group'],
    ['Gen_Bus_Posting_Group', 'Gen. Bus. Posting Group'],
  ] as const) {
    if (customer.values[field] === '') throw navErrors.mustHaveValue(navName, 'Customer', [['No.', customerNo]]);
  }
}

function plan(ctx: LogicContext, lines: readonly StoredRow[], options: PostOptions): LinePlan[] {
  const plans: LinePlan[] = [];
  for (const line of lines) {
    const v = line.values;
    if (v['Type'] === '') continue;
    const ship = options.ship ? Number(v['Qty_to_Ship']) : 0;
    const shippable = Number(v['Quantity_Shipped']) + ship - Number(v['Quantity_Invoiced']);
    const invoice = options.invoice ? Math.min(Number(v['Qty_to_Invoice']), shippable) : 0;
    if (ship === 0 && invoice === 0) continue;
    if (v['Type'] === 'Item') {
      const item = ctx.company.get('Item', String(v['No']));
      if (!item) throw navErrors.recordNotFound('Item', [['No.', String(v['No'])]]);
      if (item.values['Blocked']) throw navErrors.testField('Blocked', 'No', 'Item', [['No.', String(v['No'])]], 'Yes');
      if (item.values['Gen_Prod_Posting_Group'] === '') throw navErrors.mustHaveValue('Gen. Prod. Posting Group', 'Item', [['No.', String(v['No'])]]);
    }
    plans.push({ line, ship, invoice });
  }
  return plans;
}

export function postSalesDocument(ctx: LogicContext, documentType: 'Order' | 'Invoice', no: string, options: PostOptions): PostResult {
  return ctx.company.transaction(() => {
    const company = ctx.company;
    const header = findDocument(ctx, documentType, no);
    const h = header.values;
    const billTo = String(h['Bill_to_Customer_No']);
    requireSetup(ctx, billTo);
    checkBlocked(ctx, String(h['Sell_to_Customer_No']), documentType, 'post', options.ship);
    releaseDocument(ctx, header);
    const lines = documentLines(company, documentType, no);
    const plans = plan(ctx, lines, options);
    if (plans.length === 0) throw navErrors.dialog('There is nothing to post.');
    const postingDate = options.postingDate ?? String(h['Posting_Date'] || ctx.today);
    const common = { Posting_Date: postingDate, Order_No: documentType === 'Order' ? no : '' };

    let shipmentNo: string | undefined;
    const shipped = plans.filter((p) => p.ship !== 0);
    if (shipped.length > 0) {
      shipmentNo = company.takeNo(company.setup.series.postedShipment);
      const headers = company.table('Sales Shipment Header');
      const shipLines = company.table('Sales Shipment Line');
      headers.insert(copyInto(headers, h, { ...common, No: shipmentNo, Shipment_Date: postingDate, No_Printed: 0 }));
      for (const { line, ship } of shipped) {
        const v = line.values;
        shipLines.insert(copyInto(shipLines, v, { Document_No: shipmentNo, Quantity: ship, Quantity_Invoiced: 0, Shipment_Date: postingDate }));
        if (v['Type'] === 'Item') {
          postItemEntry(ctx, {
            itemNo: String(v['No']),
            locationCode: String(v['Location_Code']),
            quantity: -ship,
            entryType: 'Sale',
            documentNo: shipmentNo,
            postingDate,
            description: String(v['Description']),
          });
        }
      }
    }

    let invoiceNo: string | undefined;
    const invoiced = plans.filter((p) => p.invoice !== 0);
    if (invoiced.length > 0) {
      invoiceNo = company.takeNo(company.setup.series.postedInvoice);
      const headers = company.table('Sales Invoice Header');
      const invLines = company.table('Sales Invoice Line');
      // Each line's VAT rounded on its own, as the document totals (vat.ts) show it before posting.
      const pricesIncludingVat = Boolean(h['Prices_Including_VAT']);
      let amount = 0;
      let withVat = 0;
      for (const { line, invoice } of invoiced) {
        const v = line.values;
        const a = lineAmounts(v, invoice, pricesIncludingVat);
        amount = round(amount + a.amount);
        withVat = round(withVat + a.amountIncludingVat);
        invLines.insert(copyInto(invLines, v, { Document_No: invoiceNo, Quantity: invoice, Line_Amount: a.lineAmount, Amount: a.amount, Amount_Including_VAT: a.amountIncludingVat }));
      }
      const terms = company.get('Payment Terms', String(h['Payment_Terms_Code']));
      const documentDate = String(h['Document_Date'] || postingDate);
      const dueDate = terms ? calcDate(String(terms.values['Due_Date_Calculation']), documentDate) : documentDate;
      headers.insert(copyInto(headers, h, { ...common, No: invoiceNo, Due_Date: dueDate, Amount: amount, Amount_Including_VAT: withVat, No_Printed: 0 }));
      postCustomerEntry(ctx, {
        customerNo: billTo,
        postingDate,
        documentType: 'Invoice',
        documentNo: invoiceNo,
        description: documentType === 'Order' ? `Order ${no}` : `Invoice ${no}`,
        amount: withVat,
        dueDate,
        currencyCode: String(h['Currency_Code']),
        salespersonCode: String(h['Salesperson_Code']),
        externalDocumentNo: String(h['External_Document_No']),
      });
    }

    const lineTable = company.table('Sales Line');
    for (const { line, ship, invoice } of plans) {
      const v = line.values;
      const shippedQty = Number(v['Quantity_Shipped']) + ship;
      const invoicedQty = Number(v['Quantity_Invoiced']) + invoice;
      const quantity = Number(v['Quantity']);
      setFields(lineTable, line, {
        Quantity_Shipped: shippedQty,
        Quantity_Invoiced: invoicedQty,
        Qty_to_Ship: quantity - shippedQty,
        Qty_to_Invoice: quantity - invoicedQty,
        Outstanding_Amount: round((quantity - shippedQty) * Number(v['Unit_Price']) * (1 - Number(v['Line_Discount_Percent']) / 100)),
      });
    }
    const done = documentLines(company, documentType, no).every(
      (l) => Number(l.values['Quantity_Invoiced']) === Number(l.values['Quantity']) && Number(l.values['Quantity_Shipped']) === Number(l.values['Quantity']),
    );
    if (done) {
      for (const line of documentLines(company, documentType, no)) lineTable.delete(line);
      company.table('Sales Header').delete(header);
    } else {
      setFields(company.table('Sales Header'), header, {});
    }
    return { shipmentNo, invoiceNo, documentDeleted: done };
  });
}
