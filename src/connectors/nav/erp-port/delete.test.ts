// ErpPort deletes on both transports: a record goes with its current Key/ETag, a
// record already gone counts as deleted, and NAV's refusal (a customer with ledger
// entries or open orders) comes back as that record's failure with NAV's own text.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

for (const transport of TRANSPORTS) {
  describe(`ErpPort deletes over ${transport}`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: 20 } });
    });
    after(async () => f.close());

    it('deletes customers and persons, counts a missing one as deleted, and keeps one outcome per id in order', async () => {
      const [a, b] = await f.port.customers.create([
        { ref: 'a', externalId: 'x1', fields: { Name: 'Delete Me A' } },
        { ref: 'b', externalId: 'x2', fields: { Name: 'Delete Me B' } },
      ]);
      const ids = [written(a).id, 'NO-SUCH-1', written(b).id];
      const outcomes = await f.port.customers.delete?.(ids);
      assert.deepEqual(outcomes?.map((o) => [o.id, o.ok]), ids.map((id) => [id, true]));
      assert.equal((await f.port.customers.fetch(ids)).size, 0);
      const [person] = await f.port.contacts.create([{ ref: 'p', externalId: 'x3', fields: { Name: 'Anna Delete' } }]);
      const id = written(person).id;
      assert.deepEqual(await f.port.contacts.delete?.([id]), [{ id, ok: true }]);
      assert.equal((await f.port.contacts.fetch([id])).size, 0);
    });

    it('NAV refuses a customer with ledger entries or an open order: a permanent failure with NAV\'s text; the others go', async () => {
      const [spare] = await f.port.customers.create([{ ref: 's', externalId: 'x4', fields: { Name: 'Spare' } }]);
      const outcomes = (await f.port.customers.delete?.(['40000', written(spare).id, '10000'])) ?? [];
      const [ledger, ok, order] = outcomes;
      assert.equal(ok?.ok, true);
      assert.ok(ledger && !ledger.ok && order && !order.ok);
      assert.deepEqual([ledger.error.code, ledger.error.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(ledger.error.message, /You cannot delete Customer 40000 because it has ledger entries/);
      assert.match(order.error.message, /outstanding Sales Order/);
      assert.equal((await f.port.customers.fetch(['40000', '10000'])).size, 2, 'both refused customers are still there');
    });
  });
}
