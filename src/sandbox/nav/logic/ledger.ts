// Ledger entries: customer ledger entries (with application, which closes them)
// and item ledger entries (which move inventory and create the stockkeeping
// unit rows of the item-by-location page).
import type { Row, StoredRow } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import { round } from './aggregates.ts';
import type { LogicContext } from './context.ts';
import { newRow, setFields } from './records.ts';

export interface CustomerEntryInput {
  readonly customerNo: string;
  readonly postingDate: string;
  readonly documentType: 'Invoice' | 'Payment' | 'Credit Memo';
  readonly documentNo: string;
  readonly description: string;
  readonly amount: number;
  readonly dueDate: string;
  readonly currencyCode?: string;
  readonly salespersonCode?: string;
  readonly externalDocumentNo?: string;
}

export function postCustomerEntry(ctx: LogicContext, input: CustomerEntryInput): StoredRow {
  const table = ctx.company.table('Cust. Ledger Entry');
  const amount = round(input.amount);
  const stored = table.insert(
    newRow(table, {
      Entry_No: ctx.company.nextEntryNo('Cust. Ledger Entry'),
      Posting_Date: input.postingDate,
      Document_Type: input.documentType,
      Document_No: input.documentNo,
      Customer_No: input.customerNo,
      Description: input.description.slice(0, 50),
      Salesperson_Code: input.salespersonCode ?? '',
      Currency_Code: input.currencyCode ?? '',
      Original_Amount: amount,
      Amount: amount,
      Amount_LCY: amount,
      Remaining_Amount: amount,
      Remaining_Amt_LCY: amount,
      Due_Date: input.dueDate,
      Open: amount !== 0,
      External_Document_No: input.externalDocumentNo ?? '',
    }),
  );
  if (!stored) throw new Error('customer ledger entry number taken twice');
  return stored;
}

/**
 * Applies `entry` (a payment or credit memo, negative) to `targets` (invoices,
 * positive) in order until one side is used up. Entries whose remaining amount
 * reaches zero are closed, as NAV's application does.
 */
export function applyEntry(ctx: LogicContext, entry: StoredRow, targets: readonly StoredRow[]): Array<{ documentNo: string; amount: number }> {
  const table = ctx.company.table('Cust. Ledger Entry');
  const applied: Array<{ documentNo: string; amount: number }> = [];
  let remaining = Number(entry.values['Remaining_Amount']);
  let lastTarget = 0;
  for (const target of targets) {
    if (remaining >= 0) break;
    const open = Number(target.values['Remaining_Amount']);
    if (open <= 0 || !target.values['Open']) continue;
    const amount = round(Math.min(open, -remaining));
    remaining = round(remaining + amount);
    setFields(table, target, remainingFields(round(open - amount), Number(entry.values['Entry_No'])));
    lastTarget = Number(target.values['Entry_No']);
    applied.push({ documentNo: String(target.values['Document_No']), amount });
  }
  if (applied.length > 0) setFields(table, entry, remainingFields(remaining, lastTarget));
  return applied;
}

function remainingFields(left: number, closedBy: number): Row {
  return { Remaining_Amount: left, Remaining_Amt_LCY: left, Open: left !== 0, Closed_by_Entry_No: left === 0 ? closedBy : 0 };
}

export interface ItemEntryInput {
  readonly itemNo: string;
  readonly locationCode: string;
  readonly quantity: number;
  readonly entryType: 'Sale' | 'Positive Adjmt.' | 'Negative Adjmt.';
  readonly documentNo: string;
  readonly postingDate: string;
  readonly description: string;
}

export function postItemEntry(ctx: LogicContext, input: ItemEntryInput): StoredRow {
  const item = ctx.company.get('Item', input.itemNo);
  if (!item) throw navErrors.recordNotFound('Item', [['No.', input.itemNo]]);
  if (item.values['Type'] !== 'Inventory') {
    throw navErrors.testField('Type', 'Inventory', 'Item', [['No.', input.itemNo]], String(item.values['Type']));
  }
  const table = ctx.company.table('Item Ledger Entry');
  const stored = table.insert(
    newRow(table, {
      Entry_No: ctx.company.nextEntryNo('Item Ledger Entry'),
      Item_No: input.itemNo,
      Posting_Date: input.postingDate,
      Entry_Type: input.entryType,
      Document_No: input.documentNo,
      Description: input.description.slice(0, 50),
      Location_Code: input.locationCode,
      Quantity: round(input.quantity, 0.00001),
    }),
  );
  if (!stored) throw new Error('item ledger entry number taken twice');
  const skus = ctx.company.table('Stockkeeping Unit');
  if (!skus.get([input.locationCode, input.itemNo, ''])) {
    skus.insert(newRow(skus, { Location_Code: input.locationCode, Item_No: input.itemNo, Variant_Code: '' }));
  }
  return stored;
}
