// The stock target against the sandbox, in both portal modes: stores found or made,
// amounts per store, conducted receipt and write-off documents, a write-off below
// zero refused for that item alone with no half document left, and product
// quantity when inventory management is off.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { b24Admin } from '../../../sandbox/bitrix24/index.ts';
import { startPort, type PortFixture } from './test-support.ts';

describe('CrmPort stock', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ products: 20 });
  });
  after(async () => f.close());

  const amount = (productId: number, storeId: number): number =>
    f.sandbox.portal.state.storeProducts.find((s) => s.productId === productId && s.storeId === storeId)?.amount ?? 0;

  it('says which mode the portal is in', async () => {
    b24Admin.setInventoryManagement(f.sandbox.portal, false);
    assert.equal(await f.port.stock.mode(), 'quantity');
    b24Admin.setInventoryManagement(f.sandbox.portal, true);
    assert.equal(await f.port.stock.mode(), 'documents');
  });

  it('finds stores by code or mapped title and creates the missing ones, once', async () => {
    const locations = [
      { code: 'MAIN', name: 'Main warehouse' },
      { code: 'BLUE', name: 'Blue' },
      { code: 'NEW', name: 'New warehouse' },
    ];
    const map = { BLUE: 'Склад Санкт-Петербург' };
    const stores = await f.port.stock.ensureStores(locations, map);
    assert.equal(stores.get('MAIN'), '1');
    assert.equal(stores.get('BLUE'), '2');
    const created = f.sandbox.portal.state.stores.get(Number(stores.get('NEW')));
    assert.equal(created?.code, 'NEW');
    assert.equal(created?.title, 'New warehouse');
    const count = f.sandbox.portal.state.stores.size;
    assert.deepEqual(await f.port.stock.ensureStores(locations, map), stores);
    assert.equal(f.sandbox.portal.state.stores.size, count);
  });

  it('reads amounts per product and store', async () => {
    const amounts = await f.port.stock.amounts(['1', '2', '999']);
    assert.equal(amounts.get('1')?.get('1'), amount(1, 1));
    assert.equal(amounts.get('2')?.get('2'), amount(2, 2));
    assert.equal(amounts.has('999'), false);
  });

  it('moves stock with one conducted receipt and one conducted write-off; a negative target is refused alone', async () => {
    b24Admin.setInventoryManagement(f.sandbox.portal, true);
    const known = new Set(f.sandbox.portal.state.documents.filter(() => true).map((d) => d.id));
    const [a, b, c] = [amount(1, 1), amount(2, 2), amount(3, 1)];
    assert.ok(b >= 1, 'seeded stock to write off');
    const results = await f.port.stock.apply([
      { productId: '1', storeId: '1', from: a, to: a + 5 },
      { productId: '2', storeId: '2', from: b, to: b - 1 },
      { productId: '3', storeId: '1', from: c, to: -2 },
      { productId: '4', storeId: '3', from: 0, to: 12 },
      { productId: '5', storeId: '1', from: 3, to: 3 },
    ]);
    assert.deepEqual(results.map((r) => [r.productId, r.ok, r.error?.code]), [['1', true, undefined], ['2', true, undefined], ['3', false, 'B24_VALIDATION'], ['4', true, undefined], ['5', true, undefined]]);
    assert.equal(amount(1, 1), a + 5);
    assert.equal(amount(2, 2), b - 1);
    assert.equal(amount(3, 1), c);
    assert.equal(amount(4, 3), 12);
    const docs = f.sandbox.portal.state.documents.filter((d) => !known.has(d.id));
    assert.deepEqual(docs.map((d) => [d.docType, d.status]).sort(), [['D', 'Y'], ['S', 'Y']]);
  });

  it('a write-off beyond the stock is that item\'s error; the others move and no unconducted document stays', async () => {
    const [short, fine] = [amount(6, 1), amount(7, 1)];
    assert.ok(fine >= 2);
    const results = await f.port.stock.apply([
      // The engine believed there were 1,000 more than there are.
      { productId: '6', storeId: '1', from: short + 1000, to: 0 },
      { productId: '7', storeId: '1', from: fine, to: fine - 2 },
    ]);
    assert.equal(results[0]?.ok, false);
    assert.equal(results[0]?.error?.code, 'B24_VALIDATION');
    assert.match(results[0]?.error?.message ?? '', /cannot be written off/);
    assert.equal(results[1]?.ok, true);
    assert.equal(amount(6, 1), short);
    assert.equal(amount(7, 1), fine - 2);
    assert.deepEqual(f.sandbox.portal.state.documents.filter((d) => d.status !== 'Y').map((d) => d.id), [], 'the refused document was deleted');
  });

  it('puts more elements than one batch holds into one document', async () => {
    const known = new Set(f.sandbox.portal.state.documents.filter(() => true).map((d) => d.id));
    const changes = Array.from({ length: 20 }, (_, i) => i + 1).flatMap((productId) =>
      ['1', '2', '3'].map((storeId) => ({ productId: String(productId), storeId, from: amount(productId, Number(storeId)), to: amount(productId, Number(storeId)) + 1 })),
    );
    const results = await f.port.stock.apply(changes);
    assert.ok(results.every((r) => r.ok), JSON.stringify(results.filter((r) => !r.ok)));
    const docs = f.sandbox.portal.state.documents.filter((d) => !known.has(d.id));
    assert.equal(docs.length, 1);
    assert.equal(docs[0]?.status, 'Y');
    assert.equal(f.sandbox.portal.state.documentElements.filter((e) => e.docId === docs[0]?.id).length, 60);
    for (const c of changes) assert.equal(amount(Number(c.productId), Number(c.storeId)), c.to);
  });

  it('without inventory management writes the total as the product quantity', async () => {
    b24Admin.setInventoryManagement(f.sandbox.portal, false);
    try {
      const results = await f.port.stock.apply([{ productId: '8', storeId: '', from: 0, to: 42 }]);
      assert.deepEqual(results, [{ productId: '8', storeId: '', ok: true }]);
      assert.equal(f.sandbox.portal.state.products.get(8)?.quantity, 42);
    } finally {
      b24Admin.setInventoryManagement(f.sandbox.portal, true);
    }
  });
});
