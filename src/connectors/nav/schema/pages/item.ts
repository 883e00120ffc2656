// Page 30 "Item Card" on table 27 Item (NAV 2018 control list, nav-web-services.md
// §2.3; names derived with the §2.1 rules), and the stock of an item per location.
import { boolean, code, date, decimal, option, text } from '../fields.ts';
import { definePage, FULL_ACCESS, READ_ONLY } from '../page.ts';

export const itemPage = definePage({
  service: 'Item',
  pageId: 30,
  pageName: 'Item Card',
  tableName: 'Item',
  tableNo: 27,
  key: ['No'],
  soapKey: ['No'],
  access: FULL_ACCESS,
  part: undefined,
  fields: [
    code('No', 'No.', 20),
    text('Description', 'Description', 50),
    boolean('Blocked', 'Blocked'),
    option('Type', 'Type', ['Inventory', 'Service']),
    code('Base_Unit_of_Measure', 'Base Unit of Measure', 10),
    date('Last_Date_Modified', 'Last Date Modified', { readOnly: true }),
    code('GTIN', 'GTIN', 14),
    code('Item_Category_Code', 'Item Category Code', 20),
    code('Shelf_No', 'Shelf No.', 10),
    code('Search_Description', 'Search Description', 50),
    decimal('Inventory', 'Inventory', { readOnly: true }),
    decimal('Qty_on_Purch_Order', 'Qty. on Purch. Order', { readOnly: true }),
    decimal('Qty_on_Sales_Order', 'Qty. on Sales Order', { readOnly: true }),
    decimal('Net_Weight', 'Net Weight'),
    decimal('Gross_Weight', 'Gross Weight'),
    decimal('Unit_Volume', 'Unit Volume'),
    option('Costing_Method', 'Costing Method', ['FIFO', 'LIFO', 'Specific', 'Average', 'Standard']),
    decimal('Standard_Cost', 'Standard Cost'),
    decimal('Unit_Cost', 'Unit Cost'),
    decimal('Last_Direct_Cost', 'Last Direct Cost'),
    code('Gen_Prod_Posting_Group', 'Gen. Prod. Posting Group', 20),
    code('VAT_Prod_Posting_Group', 'VAT Prod. Posting Group', 20),
    code('Inventory_Posting_Group', 'Inventory Posting Group', 20),
    decimal('Unit_Price', 'Unit Price'),
    boolean('Price_Includes_VAT', 'Price Includes VAT'),
    decimal('Profit_Percent', 'Profit %'),
    code('Sales_Unit_of_Measure', 'Sales Unit of Measure', 10),
    code('Vendor_No', 'Vendor No.', 20),
    text('Vendor_Item_No', 'Vendor Item No.', 20),
    code('Purch_Unit_of_Measure', 'Purch. Unit of Measure', 10),
    decimal('Reorder_Point', 'Reorder Point'),
  ],
});

/**
 * Stock per item and location. NAV has no standard page for this that works as a
 * web service; the NAV admin publishes a list page over table 5700 Stockkeeping
 * Unit (page 5701 "Stockkeeping Unit List", its Inventory FlowField filtered by
 * location). docs/sandbox.md says so; the service name is configurable.
 */
export const itemByLocationPage = definePage({
  service: 'ItemByLocation',
  pageId: 5701,
  pageName: 'Stockkeeping Unit List',
  tableName: 'Stockkeeping Unit',
  tableNo: 5700,
  key: ['Location_Code', 'Item_No', 'Variant_Code'],
  soapKey: ['Location_Code', 'Item_No', 'Variant_Code'],
  access: READ_ONLY,
  part: undefined,
  fields: [
    code('Item_No', 'Item No.', 20),
    code('Variant_Code', 'Variant Code', 10),
    code('Location_Code', 'Location Code', 10),
    text('Description', 'Description', 50, { readOnly: true }),
    decimal('Inventory', 'Inventory', { readOnly: true }),
    decimal('Qty_on_Sales_Order', 'Qty. on Sales Order', { readOnly: true }),
    decimal('Unit_Cost', 'Unit Cost', { readOnly: true }),
  ],
});
