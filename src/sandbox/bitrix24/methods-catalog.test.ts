// catalog.* (reference §7.6): the catalog, products, prices and price types,
// sections, measures, VAT rates, stores, stock, and inventory documents that
// really move stock and refuse to take it below zero.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, rec, result, str } from './test-support.ts';

describe('B24 sandbox: catalog', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 1, contacts: 0, deals: 0, products: 8 } });
  });
  after(() => b24.close());

  it('catalog.catalog.list, catalog.measure.list, catalog.vat.list', async () => {
    const catalogs = list(result(await hook(b24, 'catalog.catalog.list')), 'catalogs');
    assert.equal(dig(catalogs, 0, 'iblockId'), 25);
    const measures = list(result(await hook(b24, 'catalog.measure.list')), 'measures');
    assert.ok(measures.some((m) => dig(m, 'code') === 796 && dig(m, 'isDefault') === 'Y'));
    const vats = list(result(await hook(b24, 'catalog.vat.list')), 'vats');
    assert.ok(vats.some((v) => dig(v, 'rate') === 20));
  });

  it('catalog.section.add/get/update/list/delete', async () => {
    const section = rec(result(await hook(b24, 'catalog.section.add', { fields: { iblockId: 25, name: 'Новые', code: 'new' } })), 'section');
    const id = num(section, 'id');
    assert.equal(str(result(await hook(b24, 'catalog.section.get', { id })), 'section', 'name'), 'Новые');
    assert.equal(str(result(await hook(b24, 'catalog.section.update', { id, fields: { name: 'Новинки' } })), 'section', 'name'), 'Новинки');
    const sections = list(result(await hook(b24, 'catalog.section.list', { filter: { iblockId: 25 } })), 'sections');
    assert.ok(sections.some((s) => dig(s, 'id') === id));
    assert.equal(result(await hook(b24, 'catalog.section.delete', { id })), true);
    assert.deepEqual((await hook(b24, 'catalog.section.get', { id })).body, { error: '0', error_description: 'section does not exist.' });
  });

  it('catalog.product.add → element, get → product, update, list → products, delete; unknown fields ignored', async () => {
    const element = rec(result(await hook(b24, 'catalog.product.add', { fields: { iblockId: 25, name: 'Стол', vatId: 4, measure: 5, purchasingPrice: 700, purchasingCurrency: 'RUB', property98: 'ART-1', noSuchField: 1 } })), 'element');
    const id = num(element, 'id');
    assert.equal(element['name'], 'Стол');
    assert.deepEqual(dig(element, 'property98', 'value'), 'ART-1');
    // As in the docs' examples: a decimal string among typed values.
    assert.equal(element['purchasingPrice'], '700.000000');
    assert.equal(element['noSuchField'], undefined);
    assert.equal(str(result(await hook(b24, 'catalog.product.get', { id })), 'product', 'name'), 'Стол');
    assert.equal(str(result(await hook(b24, 'catalog.product.update', { id, fields: { name: 'Стол большой' } })), 'element', 'name'), 'Стол большой');
    const byArticle = list(result(await hook(b24, 'catalog.product.list', { select: ['id', 'iblockId', 'name'], filter: { iblockId: 25, property98: 'ART-1' } })), 'products');
    assert.deepEqual(byArticle, [{ id, iblockId: 25, name: 'Стол большой' }]);
    assert.equal(result(await hook(b24, 'catalog.product.delete', { id })), true);
    assert.equal(dig((await hook(b24, 'catalog.product.get', { id })).body, 'error_description'), 'product does not exist.');
  });

  it('catalog.priceType.list and catalog.price.add/get/update/list/modify/delete', async () => {
    const types = list(result(await hook(b24, 'catalog.priceType.list')), 'priceTypes');
    const base = num(types.find((t) => dig(t, 'base') === 'Y'), 'id');
    const wholesale = num(types.find((t) => dig(t, 'base') === 'N'), 'id');
    const product = num(result(await hook(b24, 'catalog.product.add', { fields: { iblockId: 25, name: 'Priced' } })), 'element', 'id');
    const price = rec(result(await hook(b24, 'catalog.price.add', { fields: { productId: product, catalogGroupId: base, price: 1000, currency: 'RUB' } })), 'price');
    const priceId = num(price, 'id');
    assert.equal(num(result(await hook(b24, 'catalog.price.get', { id: priceId })), 'price', 'price'), 1000);
    assert.equal(num(result(await hook(b24, 'catalog.price.update', { id: priceId, fields: { price: 1100 } })), 'price', 'price'), 1100);
    // modify replaces the collection: the base price kept by id, a wholesale one created, nothing else left.
    const modified = list(result(await hook(b24, 'catalog.price.modify', {
      fields: { product: { id: product, prices: [{ id: priceId, catalogGroupId: base, price: 1200, currency: 'RUB' }, { catalogGroupId: wholesale, price: 900, currency: 'RUB' }] } },
    })), 'prices');
    assert.equal(modified.length, 2);
    const listed = list(result(await hook(b24, 'catalog.price.list', { filter: { productId: product } })), 'prices');
    assert.deepEqual(listed.map((p) => [dig(p, 'catalogGroupId'), dig(p, 'price')]).sort(), [[base, 1200], [wholesale, 900]]);
    assert.equal(listed.some((p) => dig(p, 'id') === priceId), true);
    assert.equal(result(await hook(b24, 'catalog.price.delete', { id: priceId })), true);
    assert.equal(list(result(await hook(b24, 'catalog.price.list', { filter: { productId: product } })), 'prices').length, 1);
  });

  it('catalog.store.add/get/update/list/delete and catalog.storeproduct.list', async () => {
    const store = rec(result(await hook(b24, 'catalog.store.add', { fields: { title: 'Казань', address: 'Казань, ул. Складская, 3' } })), 'store');
    const id = num(store, 'id');
    assert.equal(str(result(await hook(b24, 'catalog.store.get', { id })), 'store', 'title'), 'Казань');
    assert.equal(str(result(await hook(b24, 'catalog.store.update', { id, fields: { title: 'Казань-2' } })), 'store', 'title'), 'Казань-2');
    assert.ok(list(result(await hook(b24, 'catalog.store.list')), 'stores').some((s) => dig(s, 'id') === id));
    assert.equal(result(await hook(b24, 'catalog.store.delete', { id })), true);
    const stock = list(result(await hook(b24, 'catalog.storeproduct.list', { filter: { productId: 1 } })), 'storeProducts');
    assert.deepEqual(stock.map((s) => dig(s, 'storeId')).sort(), [1, 2]);
    for (const key of ['id', 'productId', 'storeId', 'amount', 'quantityReserved']) assert.ok(key in rec(stock[0]), key);
  });

  it('catalog.document.* with element.* and conduct move stock; a write-off below zero is refused and changes nothing', async () => {
    const amountOf = async (productId: number, storeId: number): Promise<number> => {
      const rows = list(result(await hook(b24, 'catalog.storeproduct.list', { filter: { productId, storeId } })), 'storeProducts');
      return rows.length === 0 ? 0 : num(rows[0], 'amount');
    };
    const quantityOf = async (id: number): Promise<number> => num(result(await hook(b24, 'catalog.product.get', { id })), 'product', 'quantity');
    assert.equal(result(await hook(b24, 'catalog.document.mode.status')), 'Y');
    const before1 = await amountOf(2, 1);
    const qBefore = await quantityOf(2);

    const receipt = num(result(await hook(b24, 'catalog.document.add', { fields: { docType: 'A', currency: 'RUB', responsibleId: 1 } })), 'document', 'id');
    const element = rec(result(await hook(b24, 'catalog.document.element.add', { fields: { docId: receipt, elementId: 2, storeTo: 1, amount: 10, purchasingPrice: 500 } })), 'documentElement');
    assert.equal(list(result(await hook(b24, 'catalog.document.element.list', { filter: { docId: receipt } })), 'documentElements').length, 1);
    assert.equal(num(result(await hook(b24, 'catalog.document.element.update', { id: num(element, 'id'), fields: { amount: 12 } })), 'documentElement', 'amount'), 12);
    assert.equal(await amountOf(2, 1), before1);
    assert.equal(result(await hook(b24, 'catalog.document.conduct', { id: receipt })), true);
    assert.equal(await amountOf(2, 1), before1 + 12);
    assert.equal(await quantityOf(2), qBefore + 12);
    const docs = list(result(await hook(b24, 'catalog.document.list', { filter: { id: receipt } })), 'documents');
    assert.equal(dig(docs, 0, 'status'), 'Y');
    assert.equal(dig(docs, 0, 'total'), 6000);
    assert.equal((await hook(b24, 'catalog.document.element.delete', { id: num(element, 'id') })).status, 400);

    const writeOff = num(result(await hook(b24, 'catalog.document.add', { fields: { docType: 'D', currency: 'RUB' } })), 'document', 'id');
    await hook(b24, 'catalog.document.element.add', { fields: { docId: writeOff, elementId: 2, storeFrom: 1, amount: before1 + 13 } });
    const refused = await hook(b24, 'catalog.document.conduct', { id: writeOff });
    assert.equal(refused.status, 400);
    assert.equal(dig(refused.body, 'error'), '0');
    assert.match(str(refused.body, 'error_description'), /^Document conducting error: .*Not enough stock/);
    assert.equal(await amountOf(2, 1), before1 + 12);

    const move = num(result(await hook(b24, 'catalog.document.add', { fields: { docType: 'M' } })), 'document', 'id');
    await hook(b24, 'catalog.document.element.add', { fields: { docId: move, elementId: 2, storeFrom: 1, storeTo: 2, amount: 5 } });
    const before2 = await amountOf(2, 2);
    assert.equal(result(await hook(b24, 'catalog.document.conduct', { id: move })), true);
    assert.deepEqual([await amountOf(2, 1), await amountOf(2, 2)], [before1 + 7, before2 + 5]);
    assert.equal(await quantityOf(2), qBefore + 12);

    assert.equal(result(await hook(b24, 'catalog.document.cancel', { id: move })), true);
    assert.deepEqual([await amountOf(2, 1), await amountOf(2, 2)], [before1 + 12, before2]);
    const updated = rec(result(await hook(b24, 'catalog.document.update', { id: writeOff, fields: { title: 'Списание' } })), 'document');
    assert.equal(updated['title'], 'Списание');
    assert.equal(result(await hook(b24, 'catalog.document.delete', { id: writeOff })), true);
  });
});
