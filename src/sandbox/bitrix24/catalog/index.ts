import type { MethodTable } from '../registry.ts';
import { priceMethods } from './prices.ts';
import { productMethods } from './products.ts';
import { sectionMethods } from './sections.ts';
import { storeMethods } from './stores.ts';

export const catalogMethods: MethodTable = { ...productMethods, ...priceMethods, ...sectionMethods, ...storeMethods };
