// The tables behind the published pages. A table's fields are the union of the
// fields of every page on it (Sales Header serves pages 42 and 43), plus the
// internal tables that exist only to validate codes or to hold ledger entries.
import { boolean, code, date, decimal, integer, NAV_PAGES, option, text, type FieldDef } from '../../../connectors/nav/schema/index.ts';

export interface TableDef {
  readonly name: string;
  readonly no: number;
  readonly key: readonly string[];
  readonly fields: readonly FieldDef[];
  readonly fieldMap: ReadonlyMap<string, FieldDef>;
}

/** Code tables that only validate codes (TableRelation targets nobody publishes here). */
export const CODE_TABLES = {
  'Country/Region': 9,
  'Shipment Method': 10,
  'Payment Method': 289,
  Language: 8,
  'Customer Posting Group': 92,
  'Gen. Business Posting Group': 250,
  'VAT Business Posting Group': 323,
  'Gen. Product Posting Group': 251,
  'VAT Product Posting Group': 324,
  'Inventory Posting Group': 94,
  'Customer Price Group': 6,
  'Customer Discount Group': 340,
} as const;

export type CodeTableName = keyof typeof CODE_TABLES;

const ITEM_LEDGER_ENTRY_TYPES = ['Purchase', 'Sale', 'Positive Adjmt.', 'Negative Adjmt.', 'Transfer', 'Consumption', 'Output'] as const;

function buildTableDefs(): ReadonlyMap<string, TableDef> {
  const collected = new Map<string, { no: number; key: readonly string[]; fields: Map<string, FieldDef> }>();
  const add = (name: string, no: number, key: readonly string[], fields: readonly FieldDef[]): void => {
    let entry = collected.get(name);
    if (!entry) {
      entry = { no, key, fields: new Map() };
      collected.set(name, entry);
    }
    for (const field of fields) if (!entry.fields.has(field.name)) entry.fields.set(field.name, field);
  };
  for (const page of Object.values(NAV_PAGES)) {
    add(page.tableName, page.tableNo, page.key, page.fields);
    const part = page.part;
    if (part) add(part.tableName, part.tableNo, part.key, part.fields);
  }
  // Posted lines have no Document_Type; Sales Line has it in its key.
  add('Sales Line', 37, ['Document_Type', 'Document_No', 'Line_No'], [decimal('Outstanding_Amount', 'Outstanding Amount'), decimal('VAT_Percent', 'VAT %')]);
  add('Sales Invoice Header', 112, ['No'], [boolean('Cancelled', 'Cancelled')]);
  add('Item Ledger Entry', 32, ['Entry_No'], [
    integer('Entry_No', 'Entry No.'),
    code('Item_No', 'Item No.', 20),
    date('Posting_Date', 'Posting Date'),
    option('Entry_Type', 'Entry Type', ITEM_LEDGER_ENTRY_TYPES),
    code('Document_No', 'Document No.', 20),
    text('Description', 'Description', 50),
    code('Location_Code', 'Location Code', 10),
    decimal('Quantity', 'Quantity'),
  ]);
  for (const [name, no] of Object.entries(CODE_TABLES)) {
    add(name, no, ['Code'], [code('Code', 'Code', 10), text('Description', name === 'Country/Region' ? 'Name' : 'Description', 50)]);
  }
  const defs = new Map<string, TableDef>();
  for (const [name, entry] of collected) {
    const fields = [...entry.fields.values()];
    defs.set(name, { name, no: entry.no, key: entry.key, fields, fieldMap: new Map(fields.map((f) => [f.name, f])) });
  }
  return defs;
}

export const TABLE_DEFS = buildTableDefs();

export function tableDef(name: string): TableDef {
  const def = TABLE_DEFS.get(name);
  if (!def) throw new Error(`no table "${name}" in the NAV sandbox`);
  return def;
}
