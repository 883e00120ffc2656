// Product rows of deals and smart invoices (reference §7.4). Every `set`
// replaces the whole row set. PRICE is the final unit price (after discount,
// with tax); the other prices are derived from it. Unless the owner's amount is
// manual (IS_MANUAL_OPPORTUNITY=Y), OPPORTUNITY and TAX_VALUE follow the rows — the
// recalculation rule is UNCONFIRMED (reference §7.1), this is its documented-looking reading.
import { coreError, invalidArgValue, itemNotFound } from '../errors.ts';
import { objectParam, param, text } from '../params.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { CrmRecord, ProductRow } from '../state.ts';
import { DEAL, SMART_INVOICE, type EntityDescriptor } from './fields.ts';
import { findLegacy, requireId } from './legacy.ts';
import { tableOf, touchRecord } from './records.ts';
import { floatval, intval, yn } from './values.ts';

const OWNERS: Record<string, EntityDescriptor> = { D: DEAL, SI: SMART_INVOICE };

const round = (n: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round((n + Number.EPSILON) * f) / f;
};

/** Input keys are UPPER_CASE (legacy) or camelCase (crm.item): both are read. */
function get(row: Record<string, unknown>, upper: string): unknown {
  if (upper in row) return row[upper];
  const camel = upper.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return row[camel];
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '';
}

export function buildRow(ctx: MethodContext, ownerType: 'D' | 'SI', ownerId: number, input: Record<string, unknown>, sort: number): ProductRow {
  const productId = intval(get(input, 'PRODUCT_ID'));
  const product = productId > 0 ? ctx.portal.state.products.get(productId) : undefined;
  const quantity = present(get(input, 'QUANTITY')) ? floatval(get(input, 'QUANTITY')) : 1;
  const taxRateRaw = get(input, 'TAX_RATE');
  const taxRate = present(taxRateRaw) ? floatval(taxRateRaw) : null;
  const taxFactor = 1 + (taxRate ?? 0) / 100;
  const discountTypeGiven = present(get(input, 'DISCOUNT_TYPE_ID'));
  const discountType = discountTypeGiven ? intval(get(input, 'DISCOUNT_TYPE_ID')) : 2;
  const rateGiven = present(get(input, 'DISCOUNT_RATE'));
  const sumGiven = present(get(input, 'DISCOUNT_SUM'));
  let discountRate = rateGiven ? floatval(get(input, 'DISCOUNT_RATE')) : 0;
  let discountSum = sumGiven ? floatval(get(input, 'DISCOUNT_SUM')) : 0;
  // The documented validation rules of crm.deal.productrows.set.
  if (discountTypeGiven && discountType === 1 && !sumGiven && discountRate !== 0) {
    throw coreError('Discount Sum (DISCOUNT_SUM) is required if Discount Type (DISCOUNT_TYPE_ID) is monetary.');
  }
  if (discountTypeGiven && discountType === 2 && !rateGiven && discountSum !== 0) {
    throw coreError('Discount Rate (DISCOUNT_RATE) is required if Discount Type (DISCOUNT_TYPE_ID) is percentage.');
  }
  if (discountType === 2 && discountRate === 100 && !sumGiven) {
    throw coreError('Discount Sum (DISCOUNT_SUM) is required if Discount Rate (DISCOUNT_RATE) is 100%.');
  }
  let price: number;
  let exclusive: number;
  let netto: number;
  if (present(get(input, 'PRICE'))) {
    price = floatval(get(input, 'PRICE'));
    exclusive = price / taxFactor;
  } else if (present(get(input, 'PRICE_EXCLUSIVE'))) {
    exclusive = floatval(get(input, 'PRICE_EXCLUSIVE'));
    price = exclusive * taxFactor;
  } else if (present(get(input, 'PRICE_NETTO'))) {
    netto = floatval(get(input, 'PRICE_NETTO'));
    const off = discountType === 1 ? discountSum : (netto * discountRate) / 100;
    exclusive = netto - off;
    price = exclusive * taxFactor;
  } else {
    price = 0;
    exclusive = 0;
  }
  if (discountType === 1) {
    netto = exclusive + discountSum;
    discountRate = netto === 0 ? 0 : (discountSum / netto) * 100;
  } else if (discountRate >= 100) {
    netto = discountSum;
  } else {
    netto = exclusive / (1 - discountRate / 100);
    discountSum = netto - exclusive;
  }
  return {
    ID: ctx.portal.state.productRows.allocateId(),
    OWNER_TYPE: ownerType,
    OWNER_ID: ownerId,
    PRODUCT_ID: productId,
    PRODUCT_NAME: present(get(input, 'PRODUCT_NAME')) ? text(get(input, 'PRODUCT_NAME')) : (product?.name ?? ''),
    PRICE: round(price, 6),
    PRICE_EXCLUSIVE: round(exclusive, 6),
    PRICE_NETTO: round(netto, 6),
    PRICE_BRUTTO: round(netto * taxFactor, 6),
    QUANTITY: quantity,
    DISCOUNT_TYPE_ID: discountType,
    DISCOUNT_RATE: round(discountRate, 6),
    DISCOUNT_SUM: round(discountSum, 6),
    TAX_RATE: taxRate,
    TAX_INCLUDED: present(get(input, 'TAX_INCLUDED')) ? yn(get(input, 'TAX_INCLUDED')) : 'N',
    CUSTOMIZED: 'Y',
    MEASURE_CODE: present(get(input, 'MEASURE_CODE')) ? intval(get(input, 'MEASURE_CODE')) : 796,
    MEASURE_NAME: present(get(input, 'MEASURE_NAME')) ? text(get(input, 'MEASURE_NAME')) : 'шт',
    SORT: present(get(input, 'SORT')) ? intval(get(input, 'SORT')) : sort,
    XML_ID: present(get(input, 'XML_ID')) ? text(get(input, 'XML_ID')) : null,
    TYPE: product ? product.type : 1,
    STORE_ID: intval(get(input, 'STORE_ID')),
  };
}

export function rowsOf(ctx: MethodContext, ownerType: string, ownerId: number): ProductRow[] {
  return ctx.portal.state.productRows
    .filter((r) => r.OWNER_TYPE === ownerType && r.OWNER_ID === ownerId)
    .sort((a, b) => a.SORT - b.SORT || a.ID - b.ID);
}

/** Replace-all (rows not sent are deleted), then the owner's totals follow. */
export function replaceRows(ctx: MethodContext, ownerType: 'D' | 'SI', owner: CrmRecord, inputs: Array<Record<string, unknown>>): ProductRow[] {
  const built = inputs.map((row, i) => buildRow(ctx, ownerType, owner.ID, row, (i + 1) * 10));
  const table = ctx.portal.state.productRows;
  for (const old of rowsOf(ctx, ownerType, owner.ID)) table.delete(old.ID);
  for (const row of built) table.put(row);
  afterRowsChanged(ctx, ownerType, owner);
  return built;
}

export function afterRowsChanged(ctx: MethodContext, ownerType: 'D' | 'SI', owner: CrmRecord): void {
  const desc = OWNERS[ownerType] as EntityDescriptor;
  if (owner['IS_MANUAL_OPPORTUNITY'] !== 'Y') {
    const rows = rowsOf(ctx, ownerType, owner.ID);
    owner['OPPORTUNITY'] = round(rows.reduce((sum, r) => sum + round(r.PRICE * r.QUANTITY), 0));
    owner['TAX_VALUE'] = round(rows.reduce((sum, r) => sum + round((r.PRICE - r.PRICE_EXCLUSIVE) * r.QUANTITY), 0));
  }
  touchRecord(ctx, desc, owner);
}

/** crm.deal.productrows.get mixes strings and numbers (reference §7.4). */
export function legacyRowView(row: ProductRow): Record<string, unknown> {
  return {
    ID: String(row.ID),
    OWNER_ID: String(row.OWNER_ID),
    OWNER_TYPE: row.OWNER_TYPE,
    PRODUCT_ID: row.PRODUCT_ID,
    PRODUCT_NAME: row.PRODUCT_NAME,
    ORIGINAL_PRODUCT_NAME: row.PRODUCT_NAME,
    PRODUCT_DESCRIPTION: null,
    PRICE: row.PRICE,
    PRICE_EXCLUSIVE: row.PRICE_EXCLUSIVE,
    PRICE_NETTO: row.PRICE_NETTO,
    PRICE_BRUTTO: row.PRICE_BRUTTO,
    PRICE_ACCOUNT: row.PRICE.toFixed(2),
    QUANTITY: row.QUANTITY,
    DISCOUNT_TYPE_ID: row.DISCOUNT_TYPE_ID,
    DISCOUNT_RATE: row.DISCOUNT_RATE,
    DISCOUNT_SUM: row.DISCOUNT_SUM,
    TAX_RATE: row.TAX_RATE,
    TAX_INCLUDED: row.TAX_INCLUDED,
    CUSTOMIZED: row.CUSTOMIZED,
    MEASURE_CODE: row.MEASURE_CODE,
    MEASURE_NAME: row.MEASURE_NAME,
    SORT: row.SORT,
    XML_ID: row.XML_ID,
    TYPE: row.TYPE,
    STORE_ID: row.STORE_ID,
  };
}

/** crm.item.productrow.*: camelCase and numbers. */
export function itemRowView(row: ProductRow): Record<string, unknown> {
  return {
    id: row.ID,
    ownerId: row.OWNER_ID,
    ownerType: row.OWNER_TYPE,
    productId: row.PRODUCT_ID,
    productName: row.PRODUCT_NAME,
    price: row.PRICE,
    priceAccount: row.PRICE,
    priceExclusive: row.PRICE_EXCLUSIVE,
    priceNetto: row.PRICE_NETTO,
    priceBrutto: row.PRICE_BRUTTO,
    quantity: row.QUANTITY,
    discountTypeId: row.DISCOUNT_TYPE_ID,
    discountRate: row.DISCOUNT_RATE,
    discountSum: row.DISCOUNT_SUM,
    taxRate: row.TAX_RATE,
    taxIncluded: row.TAX_INCLUDED,
    customized: row.CUSTOMIZED,
    measureCode: row.MEASURE_CODE,
    measureName: row.MEASURE_NAME,
    sort: row.SORT,
    xmlId: row.XML_ID,
    type: row.TYPE,
    storeId: row.STORE_ID,
  };
}

function rowInputs(value: unknown): Array<Record<string, unknown>> {
  if (value === null || typeof value !== 'object') return [];
  return Object.values(value as Record<string, unknown>).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
}

function ownerOf(ctx: MethodContext, ownerTypeRaw: unknown, ownerIdRaw: unknown): { type: 'D' | 'SI'; owner: CrmRecord } {
  const type = text(ownerTypeRaw).toUpperCase();
  const desc = OWNERS[type];
  if (!desc) throw invalidArgValue(`Owner type "${text(ownerTypeRaw)}" is not supported`);
  const owner = tableOf(ctx.portal, desc).get(intval(ownerIdRaw));
  if (!owner) throw itemNotFound('Owner not found');
  return { type: type as 'D' | 'SI', owner };
}

function findRow(ctx: MethodContext): ProductRow {
  const row = ctx.portal.state.productRows.get(intval(param(ctx.params, 'id')));
  if (!row) throw itemNotFound('Product row not found');
  return row;
}

export const productRowMethods: MethodTable = {
  'crm.deal.productrows.get': read('crm', (ctx) => {
    const deal = findLegacy(ctx, DEAL, requireId(ctx.params));
    return ok(rowsOf(ctx, 'D', deal.ID).map(legacyRowView));
  }),
  'crm.deal.productrows.set': write('crm', (ctx) => {
    const deal = findLegacy(ctx, DEAL, requireId(ctx.params), true);
    replaceRows(ctx, 'D', deal, rowInputs(param(ctx.params, 'rows')));
    return ok(true);
  }),
  'crm.item.productrow.set': write('crm', (ctx) => {
    const { type, owner } = ownerOf(ctx, param(ctx.params, 'ownerType'), param(ctx.params, 'ownerId'));
    const rows = replaceRows(ctx, type, owner, rowInputs(param(ctx.params, 'productRows')));
    return ok({ productRows: rows.map(itemRowView) });
  }),
  'crm.item.productrow.list': read('crm', (ctx) => {
    const filter = objectParam(ctx.params, 'filter') ?? {};
    if (!('=ownerType' in filter) || !('=ownerId' in filter)) {
      throw invalidArgValue('Filter must contain =ownerType and =ownerId');
    }
    const { type, owner } = ownerOf(ctx, filter['=ownerType'], filter['=ownerId']);
    return ok({ productRows: rowsOf(ctx, type, owner.ID).map(itemRowView) });
  }),
  'crm.item.productrow.get': read('crm', (ctx) => ok({ productRow: itemRowView(findRow(ctx)) })),
  'crm.item.productrow.add': write('crm', (ctx) => {
    const fields = objectParam(ctx.params, 'fields') ?? {};
    const { type, owner } = ownerOf(ctx, fields['ownerType'], fields['ownerId']);
    const existing = rowsOf(ctx, type, owner.ID);
    const row = buildRow(ctx, type, owner.ID, fields, (existing.length + 1) * 10);
    ctx.portal.state.productRows.put(row);
    afterRowsChanged(ctx, type, owner);
    return ok({ productRow: itemRowView(row) });
  }),
  'crm.item.productrow.update': write('crm', (ctx) => {
    const old = findRow(ctx);
    const fields = objectParam(ctx.params, 'fields') ?? {};
    const { type, owner } = ownerOf(ctx, old.OWNER_TYPE, old.OWNER_ID);
    // A new price of any kind replaces the old ones; otherwise the stored final price stays.
    const repriced = ['price', 'priceExclusive', 'priceNetto', 'priceBrutto'].some((k) => k in fields);
    const kept = Object.fromEntries(Object.entries(itemRowView(old)).filter(([k]) => !(repriced && k.startsWith('price'))));
    const merged = { ...kept, ...fields };
    const row = { ...buildRow(ctx, type, owner.ID, merged, old.SORT), ID: old.ID };
    ctx.portal.state.productRows.put(row);
    afterRowsChanged(ctx, type, owner);
    return ok({ productRow: itemRowView(row) });
  }),
  'crm.item.productrow.delete': write('crm', (ctx) => {
    const row = findRow(ctx);
    const { type, owner } = ownerOf(ctx, row.OWNER_TYPE, row.OWNER_ID);
    ctx.portal.state.productRows.delete(row.ID);
    afterRowsChanged(ctx, type, owner);
    return ok(null);
  }),
};
