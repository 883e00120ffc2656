// The client's call observer (metrics): every call is reported once with its
// operation, duration and error, over SOAP and OData, and an observer that throws
// changes nothing about the call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNavSandbox, type RunningNavSandbox } from '../../sandbox/nav/index.ts';
import { createNavClient, type NavClient } from './client.ts';
import type { NavCall } from './http/transport.ts';

for (const transport of ['soap', 'odata'] as const) {
  describe(`NAV client call observer over ${transport}`, () => {
    let nav: RunningNavSandbox;
    let client: NavClient;
    const calls: NavCall[] = [];
    before(async () => {
      nav = await startNavSandbox({ port: 0, auth: 'none', customers: 5, items: 2 });
      client = createNavClient({ soapUrl: nav.baseUrl, company: 'CRONUS International Ltd.', auth: { mode: 'none' }, transport }, { onCall: (c) => calls.push(c) });
    });
    after(async () => {
      await client.close();
      await nav.close();
    });

    it('reports each call with its operation and duration, without an error when it succeeds', async () => {
      calls.length = 0;
      const numbers: string[] = [];
      for await (const page of client.customers.pages({ select: ['No'] })) numbers.push(...page.map((c) => c.No));
      assert.equal(numbers.length, 5);
      assert.ok(await client.customers.read({ No: numbers[0] ?? '' }));
      assert.deepEqual(calls.map((c) => [c.operation, c.error?.code]), [['Customer.ReadMultiple', undefined], ['Customer.Read', undefined]]);
      for (const c of calls) assert.ok(c.ms >= 0 && Number.isFinite(c.ms));
    });

    it('reports a failed call with its classified error, and the caller gets the same error', async () => {
      calls.length = 0;
      // A read is tried three times in all; each try is a call of its own.
      nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.Read', count: 3 });
      const thrown = await client.customers.read({ No: '10000' }).then(() => undefined, (e: unknown) => e);
      assert.equal(calls.length, 3);
      assert.deepEqual(calls.map((c) => [c.operation, c.error?.code]), [['Customer.Read', 'NAV_SERVER_ERROR'], ['Customer.Read', 'NAV_SERVER_ERROR'], ['Customer.Read', 'NAV_SERVER_ERROR']]);
      assert.equal(calls[2]?.error, thrown);
      calls.length = 0;
      nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.Read', count: 1 });
      assert.equal((await client.customers.read({ No: '10000' }))?.No, '10000', 'one 500 on a read: the second try answers');
      assert.deepEqual(calls.map((c) => c.error?.code), ['NAV_SERVER_ERROR', undefined]);
    });

    it('an observer that throws does not change the outcome', async () => {
      const other = createNavClient({ soapUrl: nav.baseUrl, company: 'CRONUS International Ltd.', auth: { mode: 'none' }, transport }, {
        onCall: () => {
          throw new Error('observer bug');
        },
      });
      try {
        assert.ok((await other.companies()).includes('CRONUS International Ltd.'));
        nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.Read', count: 3 });
        await assert.rejects(other.customers.read({ No: '10000' }), { code: 'NAV_SERVER_ERROR' });
      } finally {
        await other.close();
      }
    });
  });
}
