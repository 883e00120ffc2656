// catalog.catalog.list, catalog.product.*, catalog.productProperty.list,
// catalog.measure.list, catalog.vat.list (reference §7.6). Prices are not part of
// a product (catalog.price.*); with inventory management on, quantity follows the
// store documents and cannot be written.
import { catalogFailure } from '../errors.ts';
import { text } from '../params.ts';
import type { FieldResolver, ValueKind } from '../query.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Product } from '../state.ts';
import { floatval, intval, yn } from '../crm/values.ts';
import { CATALOG_IBLOCK_ID, catalogList, fieldsParam, idParam, notFound, pick, requireCatalogIblock } from './common.ts';

export { CATALOG_IBLOCK_ID };

export const MEASURES = [
  { id: 1, code: 6, measureTitle: 'Метр', symbol: 'м', symbolIntl: 'm', symbolLetterIntl: 'MTR', isDefault: 'N' },
  { id: 2, code: 112, measureTitle: 'Литр', symbol: 'л', symbolIntl: 'l', symbolLetterIntl: 'LTR', isDefault: 'N' },
  { id: 3, code: 163, measureTitle: 'Грамм', symbol: 'г', symbolIntl: 'g', symbolLetterIntl: 'GRM', isDefault: 'N' },
  { id: 4, code: 166, measureTitle: 'Килограмм', symbol: 'кг', symbolIntl: 'kg', symbolLetterIntl: 'KGM', isDefault: 'N' },
  { id: 5, code: 796, measureTitle: 'Штука', symbol: 'шт', symbolIntl: 'pc. 1', symbolLetterIntl: 'PCE', isDefault: 'Y' },
  { id: 6, code: 778, measureTitle: 'Упаковка', symbol: 'упак', symbolIntl: 'pack', symbolLetterIntl: 'NMP', isDefault: 'N' },
  { id: 7, code: 876, measureTitle: 'Условная единица', symbol: 'усл. ед', symbolIntl: 'unit', symbolLetterIntl: 'C62', isDefault: 'N' },
] as const;

export const VATS = [
  { id: 1, name: 'Без НДС', rate: null, active: 'Y', sort: 100 },
  { id: 2, name: 'НДС 0%', rate: 0, active: 'Y', sort: 200 },
  { id: 3, name: 'НДС 10%', rate: 10, active: 'Y', sort: 300 },
  { id: 4, name: 'НДС 20%', rate: 20, active: 'Y', sort: 400 },
  // Portals that sell abroad add the rates they need; the CRONUS demo company in the NAV
  // sandbox sells with 25 % VAT.
  { id: 5, name: 'VAT 25%', rate: 25, active: 'Y', sort: 500 },
] as const;

const KINDS: Record<string, ValueKind> = {
  id: 'number', iblockId: 'number', iblockSectionId: 'number', name: 'string', code: 'string', xmlId: 'string', active: 'string',
  sort: 'number', type: 'number', measure: 'number', vatId: 'number', vatIncluded: 'string', quantity: 'number', quantityReserved: 'number',
  quantityTrace: 'string', canBuyZero: 'string', purchasingPrice: 'number', purchasingCurrency: 'string', previewText: 'string',
  detailText: 'string', dateCreate: 'date', timestampX: 'date', createdBy: 'number', modifiedBy: 'number',
};

const WRITABLE = ['iblockSectionId', 'name', 'code', 'xmlId', 'active', 'sort', 'measure', 'vatId', 'vatIncluded', 'quantity', 'quantityTrace', 'canBuyZero', 'purchasingPrice', 'purchasingCurrency', 'previewText', 'detailText'] as const;

export function productView(ctx: MethodContext, p: Product): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: p.id,
    iblockId: p.iblockId,
    iblockSectionId: p.iblockSectionId,
    name: p.name,
    code: p.code,
    xmlId: p.xmlId,
    active: p.active,
    sort: p.sort,
    type: p.type,
    measure: p.measure,
    vatId: p.vatId,
    vatIncluded: p.vatIncluded,
    quantity: p.quantity,
    quantityReserved: p.quantityReserved,
    quantityTrace: p.quantityTrace,
    canBuyZero: p.canBuyZero,
    // A decimal column: the docs' examples show it as a string ("purchasingPrice": "1000.000000")
    // among otherwise typed values.
    purchasingPrice: p.purchasingPrice === null ? null : p.purchasingPrice.toFixed(6),
    purchasingCurrency: p.purchasingCurrency,
    previewText: p.previewText,
    detailText: p.detailText,
    dateCreate: ctx.portal.formatTime(p.dateCreate),
    timestampX: ctx.portal.formatTime(p.timestampX),
    createdBy: p.createdBy,
    modifiedBy: p.modifiedBy,
  };
  for (const prop of ctx.portal.state.productProperties.values()) {
    const value = p.properties[String(prop.id)];
    out[`property${prop.id}`] = value === undefined || value === null || value === '' ? null : { valueId: prop.id * 100000 + p.id, value };
  }
  return out;
}

const propertyResolver: FieldResolver<Product> = (name) => {
  const m = /^property(\d+)$/i.exec(name);
  if (!m) return undefined;
  const id = m[1] as string;
  return { kind: 'string', get: (p) => p.properties[id] ?? null };
};

function applyFields(ctx: MethodContext, product: Product, fields: Record<string, unknown>): void {
  const values = pick(fields, WRITABLE);
  const state = ctx.portal.state;
  if ('name' in values) {
    const name = text(values['name']).trim();
    if (!name) throw catalogFailure('Required fields: name');
    product.name = name;
  }
  if ('iblockSectionId' in values) {
    const id = values['iblockSectionId'] === null || values['iblockSectionId'] === '' ? null : intval(values['iblockSectionId']);
    if (id !== null && id !== 0 && !state.sections.has(id)) throw catalogFailure(`Section ${id} is not exists`);
    product.iblockSectionId = id || null;
  }
  if ('measure' in values) {
    const id = intval(values['measure']);
    if (!MEASURES.some((m) => m.id === id)) throw catalogFailure(`Measure ${id} is not exists`);
    product.measure = id;
  }
  if ('vatId' in values) {
    const id = values['vatId'] === null || values['vatId'] === '' ? null : intval(values['vatId']);
    if (id !== null && !VATS.some((v) => v.id === id)) throw catalogFailure(`Vat ${id} is not exists`);
    product.vatId = id;
  }
  for (const key of ['code', 'xmlId', 'purchasingCurrency', 'previewText', 'detailText'] as const) {
    if (key in values) product[key] = values[key] === null || values[key] === '' ? null : text(values[key]);
  }
  if ('active' in values) product.active = yn(values['active']);
  if ('vatIncluded' in values) product.vatIncluded = yn(values['vatIncluded']);
  if ('sort' in values) product.sort = intval(values['sort']);
  if ('purchasingPrice' in values) product.purchasingPrice = values['purchasingPrice'] === null ? null : floatval(values['purchasingPrice']);
  if ('quantityTrace' in values) product.quantityTrace = text(values['quantityTrace']) as Product['quantityTrace'];
  if ('canBuyZero' in values) product.canBuyZero = text(values['canBuyZero']) as Product['canBuyZero'];
  // With inventory management, stock moves only through store documents.
  if ('quantity' in values && !state.inventoryManagement) product.quantity = floatval(values['quantity']);
  for (const [key, raw] of Object.entries(fields)) {
    const m = /^property(\d+)$/i.exec(key);
    if (!m || !state.productProperties.has(Number(m[1]))) continue;
    const value = raw !== null && typeof raw === 'object' && 'value' in raw ? (raw).value : raw;
    product.properties[m[1] as string] = value === null || value === undefined || value === '' ? null : text(value);
  }
}

function findProduct(ctx: MethodContext): Product {
  return ctx.portal.state.products.get(idParam(ctx.params)) ?? notFound('product');
}

function emitProduct(ctx: MethodContext, what: 'ADD' | 'UPDATE' | 'DELETE', p: Product): void {
  ctx.portal.events.emit(`CATALOG.PRODUCT.ON.${what}`, { ID: p.id, TYPE: p.type }, { authConnector: ctx.authConnector, userId: ctx.auth.userId });
}

export const productMethods: MethodTable = {
  'catalog.catalog.list': read('catalog', () =>
    ok({ catalogs: [{ id: CATALOG_IBLOCK_ID, iblockId: CATALOG_IBLOCK_ID, iblockTypeId: 'CRM_PRODUCT_CATALOG', lid: 's1', name: 'CRM product catalog', productIblockId: null, skuPropertyId: null, subscription: 'N', vatId: null, yandexExport: 'N' }] }),
  ),
  'catalog.productProperty.list': read('catalog', (ctx) =>
    ok({ productProperties: [...ctx.portal.state.productProperties.values()].map((p) => ({ ...p })) }),
  ),
  'catalog.measure.list': read('catalog', () => ({ result: { measures: MEASURES.map((m) => ({ ...m })) }, total: MEASURES.length })),
  'catalog.vat.list': read('catalog', () => ({ result: { vats: VATS.map((v) => ({ ...v })) }, total: VATS.length })),
  'catalog.product.list': read('catalog', (ctx) =>
    catalogList(ctx, {
      key: 'products',
      rows: ctx.portal.state.products.values(),
      kinds: KINDS,
      view: (p) => productView(ctx, p),
      requireFilter: ['iblockId'],
      requireSelect: ['id', 'iblockId'],
      resolveExtra: propertyResolver,
      checkFilter: (filter) => requireCatalogIblock(Object.entries(filter).find(([k]) => k.replace(/^=/, '').toLowerCase() === 'iblockid')?.[1]),
    }),
  ),
  'catalog.product.get': read('catalog', (ctx) => ok({ product: productView(ctx, findProduct(ctx)) })),
  'catalog.product.add': write('catalog', (ctx) => {
    const fields = fieldsParam(ctx.params);
    requireCatalogIblock(fields['iblockId']);
    if (!text(fields['name']).trim()) throw catalogFailure('Required fields: name');
    const table = ctx.portal.state.products;
    const product: Product = {
      id: table.allocateId(),
      iblockId: CATALOG_IBLOCK_ID,
      iblockSectionId: null,
      name: '',
      code: null,
      xmlId: null,
      active: 'Y',
      sort: 500,
      type: 1,
      measure: 5,
      vatId: null,
      vatIncluded: 'Y',
      quantity: 0,
      quantityReserved: 0,
      quantityTrace: 'D',
      canBuyZero: 'D',
      purchasingPrice: null,
      purchasingCurrency: null,
      previewText: null,
      detailText: null,
      dateCreate: ctx.now,
      timestampX: ctx.now,
      createdBy: ctx.auth.userId,
      modifiedBy: ctx.auth.userId,
      properties: {},
    };
    applyFields(ctx, product, fields);
    table.put(product);
    emitProduct(ctx, 'ADD', product);
    return ok({ element: productView(ctx, product) });
  }),
  'catalog.product.update': write('catalog', (ctx) => {
    const product = findProduct(ctx);
    applyFields(ctx, product, fieldsParam(ctx.params));
    product.timestampX = Math.max(ctx.now, product.timestampX);
    product.modifiedBy = ctx.auth.userId;
    emitProduct(ctx, 'UPDATE', product);
    return ok({ element: productView(ctx, product) });
  }),
  'catalog.product.delete': write('catalog', (ctx) => {
    const product = findProduct(ctx);
    const state = ctx.portal.state;
    state.products.delete(product.id);
    for (const price of state.prices.filter((p) => p.productId === product.id)) state.prices.delete(price.id);
    for (const sp of state.storeProducts.filter((s) => s.productId === product.id)) state.storeProducts.delete(sp.id);
    emitProduct(ctx, 'DELETE', product);
    return ok(true);
  }),
};
