// Warehouses and stock (reference §7.6): catalog.store.*, the read-only
// catalog.storeproduct.*, and inventory documents (catalog.document.* with
// element.* and conduct/cancel) that really move stock. Document type letters
// are described inconsistently in the docs (UNCONFIRMED); the sandbox follows the
// Russian UI: A receipt, S stock adjustment (in), M transfer, R return, D write-off.
import { catalogFailure } from '../errors.ts';
import { text } from '../params.ts';
import type { ValueKind } from '../query.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Store, StoreDocument, StoreDocumentElement, StoreProduct } from '../state.ts';
import { floatval, intval, yn } from '../crm/values.ts';
import { catalogList, fieldsParam, idParam, notFound, pick, requireInventory } from './common.ts';

const STORE_KINDS: Record<string, ValueKind> = { id: 'number', title: 'string', active: 'string', address: 'string', code: 'string', xmlId: 'string', sort: 'number', dateCreate: 'date', dateModify: 'date', isDefault: 'string' };
const STORE_PRODUCT_KINDS: Record<string, ValueKind> = { id: 'number', productId: 'number', storeId: 'number', amount: 'number', quantityReserved: 'number' };
const DOC_KINDS: Record<string, ValueKind> = { id: 'number', docType: 'string', title: 'string', status: 'string', currency: 'string', total: 'number', responsibleId: 'number', createdBy: 'number', dateCreate: 'date', dateModify: 'date', dateStatus: 'date' };
const ELEMENT_KINDS: Record<string, ValueKind> = { id: 'number', docId: 'number', elementId: 'number', storeFrom: 'number', storeTo: 'number', amount: 'number', purchasingPrice: 'number' };

export const DOCUMENT_TYPES = [
  { id: 'A', name: 'Goods receipt' },
  { id: 'S', name: 'Stock adjustment' },
  { id: 'M', name: 'Transfer' },
  { id: 'R', name: 'Return' },
  { id: 'D', name: 'Write-off' },
] as const;

function storeView(ctx: MethodContext, s: Store): Record<string, unknown> {
  return { ...s, dateCreate: ctx.portal.formatTime(s.dateCreate), dateModify: ctx.portal.formatTime(s.dateModify) };
}

function docView(ctx: MethodContext, d: StoreDocument): Record<string, unknown> {
  return {
    ...d,
    dateCreate: ctx.portal.formatTime(d.dateCreate),
    dateModify: ctx.portal.formatTime(d.dateModify),
    dateStatus: d.dateStatus === null ? null : ctx.portal.formatTime(d.dateStatus),
  };
}

function applyStore(store: Store, fields: Record<string, unknown>): void {
  const v = pick(fields, ['title', 'active', 'address', 'code', 'xmlId', 'sort', 'description', 'isDefault']);
  if ('title' in v) store.title = text(v['title']);
  if ('address' in v) store.address = text(v['address']);
  for (const key of ['code', 'xmlId', 'description'] as const) if (key in v) store[key] = v[key] === null || v[key] === '' ? null : text(v[key]);
  if ('active' in v) store.active = yn(v['active']);
  if ('isDefault' in v) store.isDefault = yn(v['isDefault']);
  if ('sort' in v) store.sort = intval(v['sort']);
}

function findDoc(ctx: MethodContext, id = idParam(ctx.params)): StoreDocument {
  const doc = ctx.portal.state.documents.get(id);
  // The wording of catalog.document.conduct's documented error.
  if (!doc) throw catalogFailure('Document not found');
  return doc;
}

function editable(doc: StoreDocument): void {
  if (doc.status === 'Y') throw catalogFailure(`Document ${doc.id} is conducted and cannot be changed`);
}

function stockRow(ctx: MethodContext, productId: number, storeId: number): StoreProduct {
  const table = ctx.portal.state.storeProducts;
  const existing = table.find((s) => s.productId === productId && s.storeId === storeId);
  if (existing) return existing;
  return table.put({ id: table.allocateId(), productId, storeId, amount: 0, quantityReserved: 0 });
}

/** Stock deltas of a document; `sign` -1 undoes it (cancel). */
function deltas(doc: StoreDocument, elements: readonly StoreDocumentElement[], sign: 1 | -1): Array<{ productId: number; storeId: number; delta: number }> {
  const out: Array<{ productId: number; storeId: number; delta: number }> = [];
  for (const el of elements) {
    const adds = doc.docType === 'A' || doc.docType === 'S' || doc.docType === 'R' || doc.docType === 'M';
    const takes = doc.docType === 'D' || doc.docType === 'M';
    if (adds) {
      if (!el.storeTo) throw catalogFailure(`Element ${el.id}: storeTo is required for document type ${doc.docType}`);
      out.push({ productId: el.elementId, storeId: el.storeTo, delta: sign * el.amount });
    }
    if (takes) {
      if (!el.storeFrom) throw catalogFailure(`Element ${el.id}: storeFrom is required for document type ${doc.docType}`);
      out.push({ productId: el.elementId, storeId: el.storeFrom, delta: -sign * el.amount });
    }
  }
  return out;
}

/** Applies all deltas or none: stock may not go below zero. */
function moveStock(ctx: MethodContext, moves: ReturnType<typeof deltas>): void {
  const state = ctx.portal.state;
  const net = new Map<string, { productId: number; storeId: number; delta: number }>();
  for (const m of moves) {
    const key = `${m.productId}:${m.storeId}`;
    const entry = net.get(key) ?? { productId: m.productId, storeId: m.storeId, delta: 0 };
    entry.delta += m.delta;
    net.set(key, entry);
  }
  for (const m of net.values()) {
    if (!state.products.has(m.productId)) throw catalogFailure(`Product ${m.productId} is not exists`);
    if (!state.stores.has(m.storeId)) throw catalogFailure(`Store ${m.storeId} is not exists`);
    const current = state.storeProducts.find((s) => s.productId === m.productId && s.storeId === m.storeId)?.amount ?? 0;
    if (current + m.delta < -1e-9) {
      // The documented form: `Document conducting error: "error text"` (code 0).
      throw catalogFailure(`Document conducting error: "Not enough stock of product ${m.productId} in store ${m.storeId}: ${current} available, ${-m.delta} needed"`);
    }
  }
  const touched = new Set<number>();
  for (const m of net.values()) {
    const row = stockRow(ctx, m.productId, m.storeId);
    row.amount = Math.round((row.amount + m.delta) * 1e6) / 1e6;
    touched.add(m.productId);
  }
  for (const productId of touched) {
    const product = state.products.get(productId);
    if (!product) continue;
    product.quantity = state.storeProducts.filter((s) => s.productId === productId).reduce((sum, s) => sum + s.amount, 0);
    product.timestampX = Math.max(ctx.now, product.timestampX);
  }
}

function elementsOf(ctx: MethodContext, docId: number): StoreDocumentElement[] {
  return ctx.portal.state.documentElements.filter((e) => e.docId === docId);
}

function recomputeTotal(ctx: MethodContext, doc: StoreDocument): void {
  doc.total = Math.round(elementsOf(ctx, doc.id).reduce((s, e) => s + e.amount * e.purchasingPrice, 0) * 100) / 100;
}

function applyElement(ctx: MethodContext, el: StoreDocumentElement, fields: Record<string, unknown>): void {
  const v = pick(fields, ['elementId', 'storeFrom', 'storeTo', 'amount', 'purchasingPrice']);
  if ('elementId' in v) {
    el.elementId = intval(v['elementId']);
    if (!ctx.portal.state.products.has(el.elementId)) throw catalogFailure(`Product ${el.elementId} is not exists`);
  }
  for (const key of ['storeFrom', 'storeTo'] as const) {
    if (!(key in v)) continue;
    const id = v[key] === null || v[key] === '' ? null : intval(v[key]) || null;
    if (id !== null && !ctx.portal.state.stores.has(id)) throw catalogFailure(`Store ${id} is not exists`);
    el[key] = id;
  }
  if ('amount' in v) {
    el.amount = floatval(v['amount']);
    if (el.amount <= 0) throw catalogFailure('amount must be greater than zero');
  }
  if ('purchasingPrice' in v) el.purchasingPrice = floatval(v['purchasingPrice']);
}

export const storeMethods: MethodTable = {
  'catalog.store.list': read('catalog', (ctx) => catalogList(ctx, { key: 'stores', rows: ctx.portal.state.stores.values(), kinds: STORE_KINDS, view: (s) => storeView(ctx, s) })),
  'catalog.store.get': read('catalog', (ctx) => ok({ store: storeView(ctx, ctx.portal.state.stores.get(idParam(ctx.params)) ?? notFound('store')) })),
  'catalog.store.add': write('catalog', (ctx) => {
    const fields = fieldsParam(ctx.params);
    if (!text(fields['address']).trim()) throw catalogFailure('Required fields: address');
    const table = ctx.portal.state.stores;
    const store: Store = { id: table.allocateId(), title: '', active: 'Y', address: '', code: null, xmlId: null, sort: 100, description: null, dateCreate: ctx.now, dateModify: ctx.now, isDefault: 'N' };
    applyStore(store, fields);
    table.put(store);
    return ok({ store: storeView(ctx, store) });
  }),
  'catalog.store.update': write('catalog', (ctx) => {
    const store = ctx.portal.state.stores.get(idParam(ctx.params)) ?? notFound('store');
    applyStore(store, fieldsParam(ctx.params));
    store.dateModify = ctx.now;
    return ok({ store: storeView(ctx, store) });
  }),
  'catalog.store.delete': write('catalog', (ctx) => {
    const store = ctx.portal.state.stores.get(idParam(ctx.params)) ?? notFound('store');
    if (ctx.portal.state.storeProducts.find((s) => s.storeId === store.id && s.amount !== 0)) {
      throw catalogFailure(`Store ${store.id} still holds stock`);
    }
    ctx.portal.state.stores.delete(store.id);
    return ok(true);
  }),
  'catalog.storeproduct.list': read('catalog', (ctx) =>
    catalogList(ctx, { key: 'storeProducts', rows: ctx.portal.state.storeProducts.values(), kinds: STORE_PRODUCT_KINDS, view: (s) => ({ ...s }) }),
  ),
  'catalog.storeproduct.get': read('catalog', (ctx) => ok({ storeProduct: { ...(ctx.portal.state.storeProducts.get(idParam(ctx.params)) ?? notFound('storeProduct')) } })),
  'catalog.storeproduct.getFields': read('catalog', () =>
    ok({ storeProduct: Object.fromEntries(Object.entries(STORE_PRODUCT_KINDS).map(([k, kind]) => [k, { type: kind === 'number' ? 'double' : 'string', isReadOnly: true, isRequired: false, isImmutable: false }])) }),
  ),
  'catalog.document.mode.status': read('catalog', (ctx) => ok(ctx.portal.state.inventoryManagement ? 'Y' : 'N')),
  'catalog.enum.getStoreDocumentTypes': read('catalog', () => ok({ types: DOCUMENT_TYPES.map((t) => ({ ...t })) })),
  'catalog.document.list': read('catalog', (ctx) => {
    requireInventory(ctx);
    return catalogList(ctx, { key: 'documents', rows: ctx.portal.state.documents.values(), kinds: DOC_KINDS, view: (d) => docView(ctx, d) });
  }),
  'catalog.document.add': write('catalog', (ctx) => {
    requireInventory(ctx);
    const fields = fieldsParam(ctx.params);
    const docType = text(fields['docType']).toUpperCase();
    if (!DOCUMENT_TYPES.some((t) => t.id === docType)) throw catalogFailure(`Unknown docType "${text(fields['docType'])}"`);
    const currency = text(fields['currency'] ?? 'RUB').toUpperCase();
    const table = ctx.portal.state.documents;
    const doc: StoreDocument = {
      id: table.allocateId(),
      docType,
      title: fields['title'] === undefined ? null : text(fields['title']),
      status: 'N',
      currency,
      total: 0,
      commentary: fields['commentary'] === undefined ? null : text(fields['commentary']),
      responsibleId: fields['responsibleId'] === undefined ? ctx.auth.userId : intval(fields['responsibleId']),
      createdBy: ctx.auth.userId,
      modifiedBy: ctx.auth.userId,
      dateCreate: ctx.now,
      dateModify: ctx.now,
      dateStatus: null,
      statusBy: null,
    };
    table.put(doc);
    return ok({ document: docView(ctx, doc) });
  }),
  'catalog.document.update': write('catalog', (ctx) => {
    requireInventory(ctx);
    const doc = findDoc(ctx);
    editable(doc);
    const v = pick(fieldsParam(ctx.params), ['title', 'commentary', 'currency', 'responsibleId']);
    if ('title' in v) doc.title = text(v['title']);
    if ('commentary' in v) doc.commentary = text(v['commentary']);
    if ('currency' in v) doc.currency = text(v['currency']).toUpperCase();
    if ('responsibleId' in v) doc.responsibleId = intval(v['responsibleId']);
    doc.dateModify = ctx.now;
    return ok({ document: docView(ctx, doc) });
  }),
  'catalog.document.delete': write('catalog', (ctx) => {
    requireInventory(ctx);
    const doc = findDoc(ctx);
    editable(doc);
    for (const el of elementsOf(ctx, doc.id)) ctx.portal.state.documentElements.delete(el.id);
    ctx.portal.state.documents.delete(doc.id);
    return ok(true);
  }),
  'catalog.document.conduct': write('catalog', (ctx) => {
    requireInventory(ctx);
    const doc = findDoc(ctx);
    if (doc.status === 'Y') throw catalogFailure(`Document ${doc.id} is already conducted`);
    const elements = elementsOf(ctx, doc.id);
    if (elements.length === 0) throw catalogFailure(`Document ${doc.id} has no products`);
    moveStock(ctx, deltas(doc, elements, 1));
    Object.assign(doc, { status: 'Y', dateStatus: ctx.now, statusBy: ctx.auth.userId, dateModify: ctx.now });
    return ok(true);
  }),
  'catalog.document.cancel': write('catalog', (ctx) => {
    requireInventory(ctx);
    const doc = findDoc(ctx);
    if (doc.status !== 'Y') throw catalogFailure(`Document ${doc.id} is not conducted`);
    moveStock(ctx, deltas(doc, elementsOf(ctx, doc.id), -1));
    Object.assign(doc, { status: 'C', dateStatus: ctx.now, statusBy: ctx.auth.userId, dateModify: ctx.now });
    return ok(true);
  }),
  'catalog.document.element.list': read('catalog', (ctx) => {
    requireInventory(ctx);
    return catalogList(ctx, { key: 'documentElements', rows: ctx.portal.state.documentElements.values(), kinds: ELEMENT_KINDS, view: (e) => ({ ...e }) });
  }),
  'catalog.document.element.add': write('catalog', (ctx) => {
    requireInventory(ctx);
    const fields = fieldsParam(ctx.params);
    const doc = findDoc(ctx, intval(fields['docId']));
    editable(doc);
    const table = ctx.portal.state.documentElements;
    const el: StoreDocumentElement = { id: table.allocateId(), docId: doc.id, elementId: 0, storeFrom: null, storeTo: null, amount: 0, purchasingPrice: 0 };
    applyElement(ctx, el, fields);
    if (!el.elementId) throw catalogFailure('Required fields: elementId');
    if (el.amount <= 0) throw catalogFailure('Required fields: amount');
    table.put(el);
    recomputeTotal(ctx, doc);
    return ok({ documentElement: { ...el } });
  }),
  'catalog.document.element.update': write('catalog', (ctx) => {
    requireInventory(ctx);
    const el = ctx.portal.state.documentElements.get(idParam(ctx.params)) ?? notFound('documentElement');
    const doc = findDoc(ctx, el.docId);
    editable(doc);
    applyElement(ctx, el, fieldsParam(ctx.params));
    recomputeTotal(ctx, doc);
    return ok({ documentElement: { ...el } });
  }),
  'catalog.document.element.delete': write('catalog', (ctx) => {
    requireInventory(ctx);
    const el = ctx.portal.state.documentElements.get(idParam(ctx.params)) ?? notFound('documentElement');
    const doc = findDoc(ctx, el.docId);
    editable(doc);
    ctx.portal.state.documentElements.delete(el.id);
    recomputeTotal(ctx, doc);
    return ok(true);
  }),
};
