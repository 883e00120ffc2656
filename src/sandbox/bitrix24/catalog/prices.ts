// catalog.price.* and catalog.priceType.list (reference §7.6). `modify` replaces
// a product's price collection: entries with id are updated, without id created,
// existing prices not listed are deleted.
import { catalogFailure } from '../errors.ts';
import { objectParam, text } from '../params.ts';
import type { ValueKind } from '../query.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Price } from '../state.ts';
import { floatval, intval } from '../crm/values.ts';
import { catalogList, fieldsParam, idParam, notFound } from './common.ts';

const KINDS: Record<string, ValueKind> = { id: 'number', productId: 'number', catalogGroupId: 'number', price: 'number', currency: 'string', timestampX: 'date' };

function view(ctx: MethodContext, p: Price): Record<string, unknown> {
  // The fields of the docs' catalog.price.get example; quantity ranges and extra prices are not modelled (null).
  return { catalogGroupId: p.catalogGroupId, currency: p.currency, extraId: null, id: p.id, price: p.price, productId: p.productId, quantityFrom: null, quantityTo: null, timestampX: ctx.portal.formatTime(p.timestampX) };
}

function validate(ctx: MethodContext, fields: Record<string, unknown>, existing?: Price): Omit<Price, 'id' | 'timestampX'> {
  const productId = fields['productId'] === undefined && existing ? existing.productId : intval(fields['productId']);
  const catalogGroupId = fields['catalogGroupId'] === undefined && existing ? existing.catalogGroupId : intval(fields['catalogGroupId']);
  const currency = fields['currency'] === undefined && existing ? existing.currency : text(fields['currency']).toUpperCase();
  const price = fields['price'] === undefined && existing ? existing.price : floatval(fields['price']);
  if (!ctx.portal.state.products.has(productId)) throw catalogFailure(`Product ${productId} is not exists`);
  if (!ctx.portal.state.priceTypes.has(catalogGroupId)) throw catalogFailure(`Price type ${catalogGroupId} is not exists`);
  if (!ctx.portal.state.currencies.find((c) => c.CURRENCY === currency)) throw catalogFailure(`Currency ${currency} is not exists`);
  if (price < 0) throw catalogFailure('Price must not be negative');
  return { productId, catalogGroupId, currency, price };
}

function touchProduct(ctx: MethodContext, productId: number): void {
  const product = ctx.portal.state.products.get(productId);
  if (product) product.timestampX = Math.max(ctx.now, product.timestampX);
}

export const priceMethods: MethodTable = {
  'catalog.priceType.list': read('catalog', (ctx) => {
    const types = [...ctx.portal.state.priceTypes.values()].map((t) => ({ ...t }));
    return { result: { priceTypes: types }, total: types.length };
  }),
  'catalog.price.list': read('catalog', (ctx) =>
    catalogList(ctx, { key: 'prices', rows: ctx.portal.state.prices.values(), kinds: KINDS, view: (p) => view(ctx, p) }),
  ),
  'catalog.price.get': read('catalog', (ctx) => ok({ price: view(ctx, ctx.portal.state.prices.get(idParam(ctx.params)) ?? notFound('price')) })),
  'catalog.price.add': write('catalog', (ctx) => {
    const values = validate(ctx, fieldsParam(ctx.params));
    const table = ctx.portal.state.prices;
    if (table.find((p) => p.productId === values.productId && p.catalogGroupId === values.catalogGroupId)) {
      throw catalogFailure(`Price of type ${values.catalogGroupId} already exists for product ${values.productId}`);
    }
    const price: Price = { id: table.allocateId(), ...values, timestampX: ctx.now };
    table.put(price);
    touchProduct(ctx, price.productId);
    return ok({ price: view(ctx, price) });
  }),
  'catalog.price.update': write('catalog', (ctx) => {
    const price = ctx.portal.state.prices.get(idParam(ctx.params)) ?? notFound('price');
    Object.assign(price, validate(ctx, fieldsParam(ctx.params), price), { timestampX: ctx.now });
    touchProduct(ctx, price.productId);
    return ok({ price: view(ctx, price) });
  }),
  'catalog.price.delete': write('catalog', (ctx) => {
    const price = ctx.portal.state.prices.get(idParam(ctx.params)) ?? notFound('price');
    ctx.portal.state.prices.delete(price.id);
    touchProduct(ctx, price.productId);
    return ok(true);
  }),
  'catalog.price.modify': write('catalog', (ctx) => {
    const fields = fieldsParam(ctx.params);
    const product = objectParam({ product: fields['product'] }, 'product');
    const productId = intval(product?.['id']);
    if (!ctx.portal.state.products.has(productId)) throw catalogFailure(`Product ${productId} is not exists`);
    const entries = Object.values((product?.['prices'] as Record<string, unknown> | undefined) ?? {}).filter(
      (e): e is Record<string, unknown> => e !== null && typeof e === 'object',
    );
    const table = ctx.portal.state.prices;
    const validated = entries.map((e) => ({ id: e['id'] === undefined ? undefined : intval(e['id']), values: validate(ctx, { ...e, productId }) }));
    const keep = new Set(validated.map((v) => v.id).filter((id): id is number => id !== undefined));
    for (const old of table.filter((p) => p.productId === productId && !keep.has(p.id))) table.delete(old.id);
    const result: Price[] = [];
    for (const { id, values } of validated) {
      const existing = id === undefined ? undefined : table.get(id);
      if (existing && existing.productId === productId) {
        Object.assign(existing, values, { timestampX: ctx.now });
        result.push(existing);
      } else {
        const price: Price = { id: table.allocateId(), ...values, timestampX: ctx.now };
        table.put(price);
        result.push(price);
      }
    }
    touchProduct(ctx, productId);
    return ok({ prices: result.map((p) => view(ctx, p)) });
  }),
};
