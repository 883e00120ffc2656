// TableRelation of fields to the tables holding their codes. NAV checks these
// before the field's OnValidate and refuses unknown codes (the issue: "validation
// of codes against their tables"). Blank values are never checked.
import type { FieldDef, NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';

const address = { Country_Region_Code: 'Country/Region' } as const;

const RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Customer: {
    ...address,
    Primary_Contact_No: 'Contact',
    Salesperson_Code: 'Salesperson/Purchaser',
    Bill_to_Customer_No: 'Customer',
    Gen_Bus_Posting_Group: 'Gen. Business Posting Group',
    VAT_Bus_Posting_Group: 'VAT Business Posting Group',
    Customer_Posting_Group: 'Customer Posting Group',
    Customer_Price_Group: 'Customer Price Group',
    Customer_Disc_Group: 'Customer Discount Group',
    Payment_Terms_Code: 'Payment Terms',
    Payment_Method_Code: 'Payment Method',
    Location_Code: 'Location',
    Shipment_Method_Code: 'Shipment Method',
    Currency_Code: 'Currency',
    Language_Code: 'Language',
  },
  Item: {
    // NAV relates these to Item Unit of Measure; the sandbox keeps one unit table.
    Base_Unit_of_Measure: 'Unit of Measure',
    Sales_Unit_of_Measure: 'Unit of Measure',
    Purch_Unit_of_Measure: 'Unit of Measure',
    Item_Category_Code: 'Item Category',
    Gen_Prod_Posting_Group: 'Gen. Product Posting Group',
    VAT_Prod_Posting_Group: 'VAT Product Posting Group',
    Inventory_Posting_Group: 'Inventory Posting Group',
  },
  Contact: { ...address, Company_No: 'Contact', Salesperson_Code: 'Salesperson/Purchaser' },
  Location: address,
  'Item Category': { Parent_Category: 'Item Category' },
  'Sales Header': {
    Sell_to_Customer_No: 'Customer',
    Sell_to_Contact_No: 'Contact',
    Bill_to_Customer_No: 'Customer',
    Salesperson_Code: 'Salesperson/Purchaser',
    Payment_Terms_Code: 'Payment Terms',
    Payment_Method_Code: 'Payment Method',
    Location_Code: 'Location',
    Shipment_Method_Code: 'Shipment Method',
    Currency_Code: 'Currency',
  },
  'Sales Line': { Location_Code: 'Location', Unit_of_Measure_Code: 'Unit of Measure', VAT_Prod_Posting_Group: 'VAT Product Posting Group' },
};

/** The table a Sales Line's No. points to, by its Type. */
export const SALES_LINE_NO_RELATION: Readonly<Record<string, string>> = {
  '': 'Standard Text',
  'G/L Account': 'G/L Account',
  Item: 'Item',
  Resource: 'Resource',
  'Fixed Asset': 'Fixed Asset',
  'Charge (Item)': 'Item Charge',
};

export function checkRelation(tableName: string, field: FieldDef, row: Row, ctx: LogicContext): void {
  const related = RELATIONS[tableName]?.[field.name];
  if (related === undefined) return;
  checkExists(tableName, field.navName, row[field.name] ?? '', related, ctx);
}

export function checkExists(tableName: string, fieldNavName: string, value: NavValue, related: string, ctx: LogicContext): void {
  if (value === '') return;
  const table = ctx.company.tables.get(related);
  if (!table?.get([value])) throw navErrors.relation(fieldNavName, tableName, value, related);
}
