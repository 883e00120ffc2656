// Every REST method the sandbox answers, in one table.
import { catalogMethods } from './catalog/index.ts';
import { bindingMethods } from './crm/bindings.ts';
import { dictionaryMethods } from './crm/dictionaries.ts';
import { duplicateMethods } from './crm/duplicates.ts';
import { eventMethods } from './event-methods.ts';
import { itemMethods } from './crm/item.ts';
import { legacyMethods } from './crm/legacy.ts';
import { paymentMethods } from './crm/payments.ts';
import { productRowMethods } from './crm/product-rows.ts';
import { requisiteMethods } from './crm/requisites.ts';
import { userFieldMethods } from './crm/userfields.ts';
import type { MethodTable } from './registry.ts';
import { systemMethods } from './system.ts';

export function allMethods(): MethodTable {
  const table: MethodTable = {
    ...legacyMethods,
    ...bindingMethods,
    ...itemMethods,
    ...productRowMethods,
    ...requisiteMethods,
    ...dictionaryMethods,
    ...userFieldMethods,
    ...duplicateMethods,
    ...paymentMethods,
    ...catalogMethods,
    ...systemMethods,
    ...eventMethods,
  };
  return table;
}
