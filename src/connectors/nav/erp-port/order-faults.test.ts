// Orders when NAV fails mid-write, on both transports: a lost answer for the lines
// still leaves no half order (the new order is deleted again, and a retry starts
// clean); when the undo fails too, the failure is an unknown outcome and the order
// is found by the deal id, so the engine completes it instead of creating another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EntitySide } from '../../../engine/ports.ts';
import { failed, startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

const OPTIONS = { vatRates: { values: { VAT25: 25 }, fallback: null }, localCurrency: 'GBP' };
const LINES = [['1896-S', 2, 100, 0, 25], ['1906-S', 1, 50, 0, 25]];

for (const transport of TRANSPORTS) {
  describe(`ErpPort orders over ${transport} when NAV fails mid-write`, () => {
    let f: PortFixture;
    let side: EntitySide;
    /** The operation that writes lines: an Update of the header over SOAP, a POST to the lines over OData. */
    const linesOperation = transport === 'soap' ? 'SalesOrder.Update' : 'SalesOrder.CreateLine';
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: 20, items: 20 }, client: { timeoutMs: 2000 }, port: OPTIONS });
      assert.ok(f.port.orders);
      side = f.port.orders;
    });
    after(async () => f.close());

    const byDeal = async (deal: string): Promise<readonly string[]> =>
      (await side.find([{ ref: 'q', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: [deal] }] }]))[0]?.candidates[0]?.ids ?? [];

    it('the answer to the lines is lost: the order is deleted again, and the retry writes it once', async () => {
      f.nav.sandbox.faults.add({ kind: 'drop_after_commit', method: linesOperation, count: 1 });
      const request = { ref: 'd', externalId: 'd', fields: { Sell_to_Customer_No: '20000', External_Document_No: '301', lines: LINES } };
      const error = failed((await side.create([request]))[0]);
      assert.notEqual(error.kind, 'permanent');
      assert.match(error.message, /deleted again/);
      assert.deepEqual(await byDeal('301'), []);
      const record = written((await side.create([request]))[0]);
      assert.deepEqual(record.fields['lines'], LINES);
      assert.deepEqual(await byDeal('301'), [record.id]);
    });

    it('the undo fails too: an unknown outcome; the half order is found by the deal id and completed by an update', async () => {
      f.nav.sandbox.faults.add({ kind: 'http_500', method: linesOperation, count: 1 });
      f.nav.sandbox.faults.add({ kind: 'http_500', method: 'SalesOrder.Delete', count: 1 });
      const error = failed((await side.create([{ ref: 'e', externalId: 'e', fields: { Sell_to_Customer_No: '20000', External_Document_No: '302', lines: LINES } }]))[0]);
      assert.deepEqual([error.code, error.kind], ['NAV_UNKNOWN_OUTCOME', 'unknown_outcome']);
      assert.match(error.message, /Undoing the earlier steps failed too/);
      const found = await byDeal('302');
      assert.equal(found.length, 1);
      const [half] = (await side.fetch(found)).values();
      assert.ok(half);
      assert.deepEqual(half.fields['lines'], []);
      const done = written((await side.update([{ ref: 'u', id: half.id, version: half.version, fields: { lines: LINES } }]))[0]);
      assert.deepEqual(done.fields['lines'], LINES);
    });
  });
}
