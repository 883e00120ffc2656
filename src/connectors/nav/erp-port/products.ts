// products = the Item page (page 30 Item Card, published as `Item`). Products flow
// NAV → Bitrix24; creates and updates work all the same, for what the page lets a
// caller write.
//
// Side field paths — every field of the page (src/connectors/nav/schema/pages/item.ts):
//   No (Code 20), Description (Text 50), Search_Description (Code 50),
//   Base_Unit_of_Measure, Sales_Unit_of_Measure, Purch_Unit_of_Measure, Shelf_No
//   (Code 10), GTIN (Code 14), Item_Category_Code, Vendor_No, Gen_Prod_Posting_Group,
//   VAT_Prod_Posting_Group, Inventory_Posting_Group (Code 20), Vendor_Item_No (Text 20)
//                                                             — strings, '' when blank
//   Unit_Price, Unit_Cost, Standard_Cost, Last_Direct_Cost, Profit_Percent,
//   Net_Weight, Gross_Weight, Unit_Volume, Reorder_Point      — numbers
//   Inventory, Qty_on_Purch_Order, Qty_on_Sales_Order         — numbers, read-only (FlowFields)
//   Blocked, Price_Includes_VAT                               — booleans
//   Type ('Inventory' | 'Service'), Costing_Method ('FIFO' | 'LIFO' | 'Specific' |
//   'Average' | 'Standard')                                   — option captions
//   Last_Date_Modified                                        — YYYY-MM-DD or null, read-only
// id = No; version = Key / ETag; modifiedAt = Last_Date_Modified. Writing a
// read-only field fails that record as SYNC_MAPPING instead of being dropped.
import type { NavClient } from '../client.ts';
import { NAV_PAGES } from '../schema/index.ts';
import { pageEntity, type NavEntity } from './entity.ts';
import { loose } from './nav-page.ts';

export function productsEntity(client: NavClient): NavEntity {
  return pageEntity('products', loose(client.items), NAV_PAGES.item);
}
