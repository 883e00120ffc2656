// CrmPort deletes against the sandbox portal: companies, contacts and products go in
// one batch per 50, a record already gone counts as deleted, a malformed id fails alone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, written, type PortFixture } from './test-support.ts';

describe('CrmPort deletes', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ companies: 3, contacts: 2, products: 2 });
  });
  after(async () => f.close());

  it('deletes companies in one batch and says which ids went, including ones already gone', async () => {
    const created = await f.port.customers.create([
      { ref: 'a', externalId: 'nav:D1', fields: { TITLE: 'Delete A', EMAIL: ['a@delete.ru'] } },
      { ref: 'b', externalId: 'nav:D2', fields: { TITLE: 'Delete B', 'requisite.TAX_ID': '7707083893' } },
    ]);
    const ids = created.map((o) => written(o).id);
    const before = f.client.stats.batches;
    const outcomes = await f.port.customers.delete?.([ids[0] as string, '999999', 'x1', ids[1] as string]);
    assert.equal(f.client.stats.batches - before, 1, 'one batch');
    assert.deepEqual(outcomes?.map((o) => [o.id, o.ok]), [[ids[0], true], ['999999', true], ['x1', false], [ids[1], true]]);
    const bad = outcomes?.[2];
    assert.equal(bad && !bad.ok ? bad.error.code : undefined, 'B24_VALIDATION');
    assert.equal((await f.port.customers.fetch(ids)).size, 0);
    assert.equal([...f.sandbox.portal.state.requisites.values()].filter((r) => r.ENTITY_TYPE_ID === 4 && ids.includes(String(r.ENTITY_ID))).length, 0, 'their requisites went with them');
  });

  it('deletes contacts and catalog products', async () => {
    const [contact] = [...f.sandbox.portal.state.contacts.values()];
    const [product] = [...f.sandbox.portal.state.products.values()];
    assert.ok(contact && product);
    assert.deepEqual(await f.port.contacts.delete?.([String(contact.ID)]), [{ id: String(contact.ID), ok: true }]);
    assert.deepEqual(await f.port.products.delete?.([String(product.id)]), [{ id: String(product.id), ok: true }]);
    assert.equal(f.sandbox.portal.state.contacts.get(contact.ID), undefined);
    assert.equal(f.sandbox.portal.state.products.get(product.id), undefined);
  });
});
