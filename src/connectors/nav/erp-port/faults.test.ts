// Failures of NAV as outcomes per record, with the client's classification: a
// CreateMultiple whose answer is lost is not retried record by record (it may have
// been applied), a batch refused for load keeps that error, and a write that
// happened but whose record could not be read back is an unknown outcome.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failed, startPort, TRANSPORTS, type PortFixture } from './test-support.ts';

describe('ErpPort over soap: a failed CreateMultiple', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort('soap', { client: { timeoutMs: 2000 } });
  });
  after(async () => f.close());

  it('whose answer was lost: every record of the batch is an unknown outcome, nothing is sent again', async () => {
    f.nav.sandbox.faults.add({ kind: 'drop_after_commit', method: 'Customer.CreateMultiple', count: 1 });
    const before = f.nav.sandbox.state().companies[0]?.records['Customer'] ?? 0;
    const requests = [1, 2, 3].map((i) => ({ ref: `l${i}`, externalId: `l${i}`, fields: { Name: `Lost ${i}` } }));
    const { result, calls } = await f.calls.during(() => f.port.customers.create(requests));
    assert.deepEqual(result.map((o) => failed(o).kind), ['unknown_outcome', 'unknown_outcome', 'unknown_outcome']);
    assert.equal(calls, 1);
    // NAV applied it: the engine's look-up by match keys will find these three.
    assert.equal(f.nav.sandbox.state().companies[0]?.records['Customer'], before + 3);
  });

  it('refused for load: the records keep the rate-limit error and are not sent one by one', async () => {
    f.nav.sandbox.faults.add({ kind: 'rate_limit', method: 'Customer.CreateMultiple', count: 1 });
    const { result, calls } = await f.calls.during(() => f.port.customers.create([1, 2].map((i) => ({ ref: `r${i}`, externalId: `r${i}`, fields: { Name: `Busy ${i}` } }))));
    assert.deepEqual(result.map((o) => failed(o).code), ['NAV_RATE_LIMITED', 'NAV_RATE_LIMITED']);
    assert.equal(calls, 1);
  });
});

for (const transport of TRANSPORTS) {
  describe(`ErpPort over ${transport}: a write whose record cannot be read back`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport);
    });
    after(async () => f.close());

    it('is an unknown outcome, so the engine looks before it writes again', async () => {
      const relations = [];
      for await (const relation of f.client.contactBusinessRelations.all({ where: { No: { eq: '10000' } } })) relations.push(relation);
      const [company] = relations;
      assert.ok(company);
      // Three 500s: the read-back is tried three times (a single 500 is absorbed by the client's read retry).
      f.nav.sandbox.faults.add({ kind: 'http_500', method: 'ContactBusinessRelations.*', count: 3 });
      const [outcome] = await f.port.contacts.create([{ ref: 'p', externalId: 'p', fields: { Name: 'Read Back', Company_No: company.Contact_No } }]);
      assert.deepEqual([failed(outcome).code, failed(outcome).kind], ['NAV_UNKNOWN_OUTCOME', 'unknown_outcome']);
      const again = await f.port.contacts.find([{ ref: 'q', lookups: [{ key: 'name', field: 'name', kind: 'text', values: ['Read Back'] }] }]);
      assert.equal(again[0]?.candidates[0]?.ids.length, 1);
      const [person] = (await f.port.contacts.fetch(again[0]?.candidates[0]?.ids ?? [])).values();
      assert.equal(person?.fields['Customer_No'], '10000');
      assert.equal(person?.fields['Company_No'], company.Contact_No);
    });
  });
}
