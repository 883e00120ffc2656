// Injected faults (latency, http_500, rate_limit, timeout, drop_after_commit,
// stale_key) on SOAP and OData calls, and the --data file that survives a restart.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { startNavSandbox, type RunningNavSandbox } from './index.ts';
import { pageCaller, record, type SoapAnswer } from './testing.ts';

const COMPANY = 'CRONUS International Ltd.';
let nav: RunningNavSandbox;
let customer: (operation: string, inner: string) => Promise<SoapAnswer>;

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none' });
  customer = pageCaller(nav.soapUrl(COMPANY, 'Customer'), 'Customer');
});
after(() => nav.close());
afterEach(() => nav.sandbox.faults.clear());

const countNamed = async (name: string): Promise<number> => {
  const response = await fetch(`${nav.odataUrl(COMPANY)}/Customer?$filter=${encodeURIComponent(`Name eq '${name}'`)}`);
  return ((await response.json()) as { value: unknown[] }).value.length;
};

describe('fault injection', () => {
  it('http_500 answers a server error without doing anything (SOAP: HTML, OData: error JSON)', async () => {
    nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.*' });
    const soap = await customer('Create', '<tns:Customer><tns:Name>Never 500</tns:Name></tns:Customer>');
    assert.equal(soap.status, 500);
    assert.equal(soap.fault, undefined, 'not a NAV fault');
    const odata = await fetch(`${nav.odataUrl(COMPANY)}/Customer`);
    assert.equal(odata.status, 500);
    assert.ok(((await odata.json()) as { error?: unknown }).error);
    nav.sandbox.faults.clear();
    assert.equal(await countNamed('Never 500'), 0);
  });

  it('rate_limit answers 429 with Retry-After; a rule with a count retires', async () => {
    nav.sandbox.faults.add({ kind: 'rate_limit', method: 'Customer.ReadMultiple', count: 1 });
    const first = await fetch(`${nav.odataUrl(COMPANY)}/Customer`);
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal((await fetch(`${nav.odataUrl(COMPANY)}/Customer`)).status, 200);
    assert.equal(nav.sandbox.faults.injected.rate_limit, 1);
  });

  it('latency delays the answer, which still comes', async () => {
    nav.sandbox.faults.add({ kind: 'latency', method: 'Customer.Read', latencyMs: 30 });
    assert.equal(record(await customer('Read', '<tns:No>10000</tns:No>'), 'Customer')?.leaves.get('No'), '10000');
  });

  it('timeout holds the request without applying it until the client gives up', async () => {
    nav.sandbox.faults.add({ kind: 'timeout', method: 'Customer.Create' });
    await assert.rejects(
      fetch(nav.soapUrl(COMPANY, 'Customer'), {
        method: 'POST',
        headers: { 'content-type': 'text/xml' },
        body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Create xmlns="urn:microsoft-dynamics-schemas/page/customer"><Customer><Name>Held</Name></Customer></Create></s:Body></s:Envelope>',
        signal: AbortSignal.timeout(200),
      }),
    );
    assert.equal(await countNamed('Held'), 0);
  });

  it('drop_after_commit applies the write and cuts the connection before the answer', async () => {
    nav.sandbox.faults.add({ kind: 'drop_after_commit', method: 'Customer.Create' });
    await assert.rejects(customer('Create', '<tns:Customer><tns:Name>Dropped</tns:Name></tns:Customer>'));
    assert.equal(await countNamed('Dropped'), 1);
  });

  it('stale_key changes the record as another user would, so a fresh Key is stale', async () => {
    const read = await customer('Read', '<tns:No>20000</tns:No>');
    const key = record(read, 'Customer')?.leaves.get('Key') ?? '';
    nav.sandbox.faults.add({ kind: 'stale_key', method: 'Customer.Update', count: 1 });
    const answer = await customer('Update', `<tns:Customer><tns:Key>${key}</tns:Key><tns:City>Stale</tns:City></tns:Customer>`);
    assert.match(answer.fault?.message ?? '', /^Another user has modified the record for this Customer/);
    const etag = ((await (await fetch(`${nav.odataUrl(COMPANY)}/Customer('20000')`)).json()) as { '@odata.etag': string })['@odata.etag'];
    nav.sandbox.faults.add({ kind: 'stale_key', method: 'Customer.Update', count: 1 });
    const patch = await fetch(`${nav.odataUrl(COMPANY)}/Customer('20000')`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': etag }, body: '{"City":"X"}' });
    assert.equal(patch.status, 409);
  });

  it('the admin API adds, lists and removes rules and refuses kinds NAV has not', async () => {
    const origin = new URL(nav.baseUrl).origin;
    const added = await fetch(`${origin}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"http_500","method":"Item.*","rate":0.5}' });
    assert.equal(added.status, 200);
    const listed = (await (await fetch(`${origin}/_sandbox/faults`)).json()) as { rules: Array<{ method: string }> };
    assert.deepEqual(listed.rules.map((r) => r.method), ['Item.*']);
    const refused = await fetch(`${origin}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"expire_tokens"}' });
    assert.equal(refused.status, 400);
    assert.equal((await fetch(`${origin}/_sandbox/faults`, { method: 'DELETE' })).status, 200);
  });
});

describe('--data file', () => {
  it('keeps the data across a restart, number series included', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nav-data-'));
    const file = join(dir, 'nav.json');
    try {
      const first = await startNavSandbox({ port: 0, auth: 'none', dataFile: file });
      const created = (await (await fetch(`${first.odataUrl(COMPANY)}/Customer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Name":"Persisted Ltd."}' })).json()) as { No: string };
      await first.close();
      const second = await startNavSandbox({ port: 0, auth: 'none', dataFile: file, seed: 99 });
      try {
        assert.equal(second.sandbox.read('Customer', { No: created.No })?.['Name'], 'Persisted Ltd.');
        const next = (await (await fetch(`${second.odataUrl(COMPANY)}/Customer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Name":"Next"}' })).json()) as { No: string };
        assert.ok(next.No > created.No, `${next.No} after ${created.No}`);
      } finally {
        await second.close();
      }
      await writeFile(file, '{"something":"else"}');
      await assert.rejects(startNavSandbox({ port: 0, auth: 'none', dataFile: file }), /is not a NAV sandbox data file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options with a message naming the option', async () => {
    await assert.rejects(startNavSandbox({ port: 0, auth: 'kerberos' as never }), /invalid NAV sandbox options: auth: /);
    await assert.rejects(startNavSandbox({ port: -1 }), /port/);
  });
});
