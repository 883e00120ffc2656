// Which triggers run for which table.
import { contactTriggers, emailTriggers } from './setup-tables.ts';
import { customerTriggers } from './customer.ts';
import { itemTriggers } from './item.ts';
import { salesHeaderTriggers } from './sales-header.ts';
import { salesLineTriggers } from './sales-line.ts';
import type { TableTriggers } from './triggers.ts';

const REGISTRY: Readonly<Record<string, TableTriggers>> = {
  Customer: customerTriggers,
  Item: itemTriggers,
  Contact: contactTriggers,
  'Salesperson/Purchaser': emailTriggers,
  Location: emailTriggers,
  'Sales Header': salesHeaderTriggers,
  'Sales Line': salesLineTriggers,
};

const NONE: TableTriggers = {};

export function triggersOf(tableName: string): TableTriggers {
  return REGISTRY[tableName] ?? NONE;
}
