// One smoke test with Windows authentication (NTLM, as NAV 2013–2018 usually runs
// it) on both transports: the port reads, finds and writes through the handshake.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNavSandbox, type RunningNavSandbox } from '../../../sandbox/nav/index.ts';
import { createNavClient } from '../client.ts';
import { createErpPort } from './index.ts';
import { COMPANY, drain, TRANSPORTS, written } from './test-support.ts';

const ACCOUNT = { user: 'svc-b24nav', password: 'Sync-Pass-42', domain: 'CRONUS' };

describe('ErpPort with NTLM', () => {
  let nav: RunningNavSandbox;
  before(async () => {
    nav = await startNavSandbox({ port: 0, auth: 'ntlm', ...ACCOUNT });
  });
  after(() => nav.close());

  for (const transport of TRANSPORTS) {
    it(`scans, finds and creates over ${transport}`, async () => {
      const port = createErpPort(createNavClient({ soapUrl: nav.baseUrl, company: COMPANY, auth: { mode: 'ntlm', ...ACCOUNT }, transport, maxConcurrency: 4 }), { defaultRegion: 'RU' });
      try {
        const { records } = await drain(port.customers.scanChanges(null));
        assert.ok(records.some((r) => r.id === '10000'));
        const [found] = await port.customers.find([{ ref: 'q', lookups: [{ key: 'name', field: 'name', kind: 'text', values: ['The Cannon Group PLC'] }] }]);
        assert.deepEqual(found?.candidates, [{ key: 'name', ids: ['10000'] }]);
        const person = written((await port.contacts.create([{ ref: 'p', externalId: '1', fields: { Name: `NTLM ${transport}`, Customer_No: '10000' } }]))[0]);
        assert.equal(person.fields['Customer_No'], '10000');
      } finally {
        await port.close();
      }
    });
  }
});
