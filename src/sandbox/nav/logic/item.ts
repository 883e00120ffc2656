// Table 27 Item (N18 Table_027_Item): number series, Search Description
// following Description, Profit % from Unit Price, Last Date Modified (§5),
// no Type change with ledger entries, no delete with outstanding orders.
import { navErrors } from '../errors.ts';
import { aggregatesOf, round } from './aggregates.ts';
import { cascadeRename, followSearchName, numberOnInsert, refuseDeleteWithEntries, stampModified, testManual } from './common.ts';
import type { TableTriggers } from './triggers.ts';

const ITEM_REFERENCES = [
  ['Item Ledger Entry', 'Item_No'],
  ['Stockkeeping Unit', 'Item_No'],
  ['Sales Invoice Line', 'No'],
  ['Sales Shipment Line', 'No'],
  ['Sales Cr.Memo Line', 'No'],
] as const;

export const itemTriggers: TableTriggers = {
  validate(field, row, previous, ctx) {
    switch (field.name) {
      case 'No':
        testManual(ctx, ctx.company.setup.series.item);
        break;
      case 'Description':
        followSearchName(row, 'Search_Description', row['Description'] ?? '', previous, 50);
        break;
      case 'Unit_Price':
      case 'Unit_Cost': {
        const price = Number(row['Unit_Price']);
        const cost = Number(row['Unit_Cost']);
        row['Profit_Percent'] = price === 0 ? 0 : round(((price - cost) / price) * 100, 0.00001);
        break;
      }
      case 'Type':
        if (ctx.company.table('Item Ledger Entry').all().some((e) => e.values['Item_No'] === row['No'])) {
          throw navErrors.dialog(`You cannot change the Type field on Item ${String(row['No'])} because at least one Item Ledger Entry exists for this item.`);
        }
        break;
      case 'Base_Unit_of_Measure':
        if (row['Sales_Unit_of_Measure'] === '' || row['Sales_Unit_of_Measure'] === previous) row['Sales_Unit_of_Measure'] = row['Base_Unit_of_Measure'] ?? '';
        if (row['Purch_Unit_of_Measure'] === '' || row['Purch_Unit_of_Measure'] === previous) row['Purch_Unit_of_Measure'] = row['Base_Unit_of_Measure'] ?? '';
        break;
    }
  },
  insert(row, ctx) {
    numberOnInsert(row, ctx, ctx.company.setup.series.item);
    if (row['Search_Description'] === '') row['Search_Description'] = String(row['Description']).toUpperCase();
    stampModified(row, ctx);
  },
  modify: (row, _old, ctx) => stampModified(row, ctx),
  rename(row, old, ctx) {
    stampModified(row, ctx);
    cascadeRename(ctx, ITEM_REFERENCES, old['No'] ?? '', row['No'] ?? '');
    for (const line of ctx.company.table('Sales Line').all()) {
      if (line.values['Type'] === 'Item' && line.values['No'] === old['No']) {
        ctx.company.table('Sales Line').beginEdit(line);
        line.values = { ...line.values, No: row['No'] ?? '' };
        ctx.company.table('Sales Line').endEdit(line);
      }
    }
  },
  delete(stored, ctx) {
    const no = String(stored.values['No']);
    if (aggregatesOf(ctx.company).qtyOnSalesOrder(no) !== 0) throw navErrors.itemHasOrders(no, 'Order');
    refuseDeleteWithEntries(ctx, 'Item Ledger Entry', 'Item_No', 'Item', no);
  },
};
