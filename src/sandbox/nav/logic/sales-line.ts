// Table 37 Sales Line: No. validated against the table its Type points to, item
// defaults (description, unit, price, location, VAT group and its VAT %), amounts,
// quantities to ship and invoice, the credit limit, and edits only while the
// document is Open (but for the quantities to ship and invoice, which a warehouse
// sets on released orders: their OnValidate has no TestStatusOpen).
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';
import { checkCreditLimit, documentLines, headerIds, headerOf, lineIds, recalcLine, testStatusOpen } from './documents.ts';
import { checkExists, SALES_LINE_NO_RELATION } from './relations.ts';
import type { TableTriggers } from './triggers.ts';
import { vatPercentOf } from './vat.ts';

const AMOUNT_FIELDS = new Set(['Quantity', 'Unit_Price', 'Line_Discount_Percent', 'Line_Discount_Amount', 'Line_Amount']);
/** Fields of a line that may change while its document is Released. */
const EDITABLE_WHEN_RELEASED = new Set(['Qty_to_Ship', 'Qty_to_Invoice']);

function header(ctx: LogicContext, line: Row): Row {
  const found = headerOf(ctx.company, line);
  if (!found) throw navErrors.recordNotFound('Sales Header', headerIds({ Document_Type: line['Document_Type'] ?? '', No: line['Document_No'] ?? '' }));
  return found.values;
}

function validateNo(line: Row, ctx: LogicContext): void {
  const head = header(ctx, line);
  if (head['Sell_to_Customer_No'] === '') throw navErrors.mustHaveValue('Sell-to Customer No.', 'Sales Header', headerIds(head));
  const no = String(line['No']);
  if (no === '') {
    Object.assign(line, { Description: '', Unit_of_Measure_Code: '', Unit_Price: 0, VAT_Prod_Posting_Group: '', VAT_Percent: 0 });
    return;
  }
  const type = String(line['Type']);
  checkExists('Sales Line', 'No.', no, SALES_LINE_NO_RELATION[type] ?? 'Standard Text', ctx);
  const item = ctx.company.get('Item', no)?.values;
  if (type !== 'Item' || !item) return;
  if (item['Blocked']) throw navErrors.testField('Blocked', 'No', 'Item', [['No.', no]], 'Yes');
  Object.assign(line, {
    Description: item['Description'],
    Unit_of_Measure_Code: item['Sales_Unit_of_Measure'] || item['Base_Unit_of_Measure'],
    Unit_Price: item['Unit_Price'],
    Location_Code: head['Location_Code'],
    Shipment_Date: head['Shipment_Date'],
    VAT_Prod_Posting_Group: item['VAT_Prod_Posting_Group'],
    VAT_Percent: vatPercentOf(ctx.company, String(item['VAT_Prod_Posting_Group'])),
  });
  recalcLine(line);
}

function validateQuantity(line: Row): void {
  const quantity = Number(line['Quantity']);
  if (quantity !== 0 && line['No'] === '') throw navErrors.mustHaveValue('No.', 'Sales Line', lineIds(line));
  if (Math.abs(quantity) < Math.abs(Number(line['Quantity_Shipped']))) {
    throw navErrors.dialog(`You cannot reduce Quantity to ${quantity} because ${String(line['Quantity_Shipped'])} units have already been shipped.`);
  }
  line['Qty_to_Ship'] = quantity - Number(line['Quantity_Shipped']);
  line['Qty_to_Invoice'] = quantity - Number(line['Quantity_Invoiced']);
}

export const salesLineTriggers: TableTriggers = {
  init(row, ctx, parent) {
    // Page 46 OnNewRecord: Type := xRec.Type, the type of the line before.
    if (!parent) return;
    const lines = documentLines(ctx.company, String(parent.values['Document_Type']), String(parent.values['No']));
    row['Type'] = lines.at(-1)?.values['Type'] ?? '';
    row['Location_Code'] = parent.values['Location_Code'] ?? '';
  },
  beforeValidate(field, row, ctx) {
    if (!EDITABLE_WHEN_RELEASED.has(field.name)) testStatusOpen(header(ctx, row));
  },
  validate(field, row, _previous, ctx) {
    const outstandingBefore = Number(row['Outstanding_Amount']);
    switch (field.name) {
      case 'Type':
        Object.assign(row, { No: '', Description: '', Unit_of_Measure_Code: '', Unit_Price: 0, Quantity: 0, Qty_to_Ship: 0, Qty_to_Invoice: 0, VAT_Prod_Posting_Group: '', VAT_Percent: 0 });
        recalcLine(row);
        break;
      case 'No':
        validateNo(row, ctx);
        break;
      case 'VAT_Prod_Posting_Group':
        row['VAT_Percent'] = vatPercentOf(ctx.company, String(row['VAT_Prod_Posting_Group']));
        break;
      case 'Quantity':
        validateQuantity(row);
        recalcLine(row);
        break;
      case 'Unit_Price':
      case 'Line_Discount_Percent':
        recalcLine(row);
        break;
      case 'Line_Discount_Amount': {
        const gross = Number(row['Quantity']) * Number(row['Unit_Price']);
        row['Line_Discount_Percent'] = gross === 0 ? 0 : Math.round((Number(row['Line_Discount_Amount']) / gross) * 100 * 1e5) / 1e5;
        recalcLine(row);
        break;
      }
      case 'Line_Amount': {
        const gross = Number(row['Quantity']) * Number(row['Unit_Price']);
        const discount = gross - Number(row['Line_Amount']);
        if (discount < 0) throw navErrors.dialog(`Line Amount must not be greater than ${gross}.`);
        row['Line_Discount_Percent'] = gross === 0 ? 0 : Math.round((discount / gross) * 100 * 1e5) / 1e5;
        recalcLine(row);
        break;
      }
      case 'Qty_to_Ship': {
        const outstanding = Number(row['Quantity']) - Number(row['Quantity_Shipped']);
        if (Math.abs(Number(row['Qty_to_Ship'])) > Math.abs(outstanding)) throw navErrors.dialog(`You cannot ship more than ${outstanding} units.`);
        break;
      }
      case 'Qty_to_Invoice': {
        const open = Number(row['Quantity']) - Number(row['Quantity_Invoiced']);
        if (Math.abs(Number(row['Qty_to_Invoice'])) > Math.abs(open)) throw navErrors.dialog(`You cannot invoice more than ${open} units.`);
        break;
      }
    }
    if (AMOUNT_FIELDS.has(field.name) && row['Document_Type'] === 'Order') {
      const increase = Number(row['Outstanding_Amount']) - outstandingBefore;
      if (increase > 0) checkCreditLimit(ctx, String(header(ctx, row)['Bill_to_Customer_No']), increase);
    }
  },
  delete(stored, ctx) {
    testStatusOpen(header(ctx, stored.values));
    if (Number(stored.values['Quantity_Shipped']) !== Number(stored.values['Quantity_Invoiced'])) {
      throw navErrors.testField('Qty. Shipped Not Invoiced', '0', 'Sales Line', lineIds(stored.values), String(Number(stored.values['Quantity_Shipped']) - Number(stored.values['Quantity_Invoiced'])));
    }
  },
};
