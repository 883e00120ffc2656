// Idempotent creates on the NAV side: without a page field for it, NAV keeps no
// external id and findByExternalId answers nothing (the engine then finds a lost
// create by its match keys); with `externalIdFields`, creates write it and the
// look-up finds the record by it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createErpPort } from './index.ts';
import { startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

for (const transport of TRANSPORTS) {
  describe(`ErpPort external ids over ${transport}`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport);
    });
    after(async () => f.close());

    it('without a field for it: an empty map, and no call', async () => {
      const { result, calls } = await f.calls.during(() => f.port.customers.findByExternalId(['1', '2']));
      assert.equal(result.size, 0);
      assert.equal(calls, 0);
    });

    it('with externalIdFields: creates write the id there and findByExternalId reads it back in one call', async () => {
      const port = createErpPort(f.client, { externalIdFields: { customers: 'Home_Page' } });
      const created = written((await port.customers.create([{ ref: 'r', externalId: 'b24:company:77', fields: { Name: 'Ext Id Ltd' } }]))[0]);
      assert.equal(created.fields['Home_Page'], 'b24:company:77');
      const { result, calls } = await f.calls.during(() => port.customers.findByExternalId(['b24:company:77', 'b24:company:78']));
      assert.deepEqual([...result.keys()], ['b24:company:77']);
      assert.equal(result.get('b24:company:77')?.id, created.id);
      assert.equal(calls, 1);
    });

    it('an external id field must be a writable Text or Code field of the page', () => {
      assert.throws(() => createErpPort(f.client, { externalIdFields: { customers: 'Balance_LCY' } }), /not a writable Text or Code field of NAV page Customer/);
    });
  });
}
