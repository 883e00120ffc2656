// How the client classifies what goes wrong: injected faults of the sandbox on
// both transports, a refused connection, wrong credentials, TLS, and NAV's error
// answers with and without codes. Passwords never appear in errors.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { isSyncError } from '../../core/failure.ts';
import { startNavSandbox, type RunningNavSandbox } from '../../sandbox/nav/index.ts';
import { createNavClient, type NavClient } from './client.ts';
import { networkError } from './http/errors.ts';
import { odataError } from './odata/errors.ts';
import type { NavClientOptions } from './options.ts';
import { faultError } from './soap/faults.ts';

const COMPANY = 'CRONUS International Ltd.';
const ACCOUNT = { user: 'svc', password: 'Very-Secret-Pw9', domain: 'CRONUS' };

async function failure(promise: Promise<unknown>): Promise<{ code: string; kind: string; json: string; retryAfterMs: number | undefined }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isSyncError(error), `expected a SyncError, got ${String(error)}`);
    return { code: error.code, kind: error.kind, json: JSON.stringify({ ...error.toJSON(), stack: error.stack }), retryAfterMs: error.retryAfterMs };
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

describe('faults injected by the sandbox', () => {
  let nav: RunningNavSandbox;
  const clients: NavClient[] = [];
  const client = (transport: 'soap' | 'odata', extra: Partial<NavClientOptions> = {}): NavClient => {
    const c = createNavClient({ soapUrl: nav.baseUrl, company: COMPANY, auth: { mode: 'ntlm', ...ACCOUNT }, transport, timeoutMs: 400, ...extra });
    clients.push(c);
    return c;
  };
  before(async () => {
    nav = await startNavSandbox({ port: 0, auth: 'ntlm', ...ACCOUNT });
  });
  afterEach(() => nav.sandbox.faults.clear());
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await nav.close();
  });

  for (const transport of ['soap', 'odata'] as const) {
    describe(transport, () => {
      it('a 500 without a NAV fault is a transient server error', async () => {
        nav.sandbox.faults.add({ kind: 'http_500', method: 'Customer.*' });
        const f = await failure(client(transport).customers.read({ No: '10000' }));
        assert.deepEqual([f.code, f.kind], ['NAV_SERVER_ERROR', 'transient']);
      });

      it('429 is rate_limited with the delay NAV asked for', async () => {
        nav.sandbox.faults.add({ kind: 'rate_limit', method: 'Customer.*' });
        const f = await failure(client(transport).customers.read({ No: '10000' }));
        assert.deepEqual([f.code, f.kind, f.retryAfterMs], ['NAV_RATE_LIMITED', 'rate_limited', 1000]);
      });

      it('a read without an answer in time is NAV_TIMEOUT (transient); a write is an unknown outcome', async () => {
        nav.sandbox.faults.add({ kind: 'timeout', method: 'Customer.*' });
        const read = await failure(client(transport).customers.read({ No: '10000' }));
        assert.deepEqual([read.code, read.kind], ['NAV_TIMEOUT', 'transient']);
        const write = await failure(client(transport).customers.create({ Name: 'Held' }));
        assert.deepEqual([write.code, write.kind], ['NAV_UNKNOWN_OUTCOME', 'unknown_outcome']);
      });

      it('a connection cut after the write was applied is an unknown outcome; on a read it is a network error', async () => {
        nav.sandbox.faults.add({ kind: 'drop_after_commit', method: 'Customer.*' });
        const c = client(transport);
        const name = `Dropped ${transport}`;
        const write = await failure(c.customers.create({ Name: name }));
        assert.deepEqual([write.code, write.kind], ['NAV_UNKNOWN_OUTCOME', 'unknown_outcome']);
        const read = await failure(c.customers.read({ No: '10000' }));
        assert.deepEqual([read.code, read.kind], ['NAV_NETWORK', 'transient']);
        nav.sandbox.faults.clear();
        const found: string[] = [];
        for await (const customer of c.customers.all({ where: { Name: { eq: name } } })) found.push(customer.No);
        assert.equal(found.length, 1, 'the write was applied');
      });

      it('a record changed meanwhile (stale_key) is a conflict', async () => {
        const c = client(transport);
        const current = await c.customers.read({ No: '20000' });
        assert.ok(current);
        nav.sandbox.faults.add({ kind: 'stale_key', method: 'Customer.Update', count: 1 });
        const f = await failure(c.customers.update(current, { City: 'Elsewhere' }));
        assert.deepEqual([f.code, f.kind], ['NAV_STALE_KEY', 'conflict']);
      });
    });
  }

  it('an unpublished service name is NAV_PERMISSION', async () => {
    const f = await failure(client('soap', { services: { customer: 'CustomerCard' } }).customers.read({ No: '10000' }));
    assert.deepEqual([f.code, f.kind], ['NAV_PERMISSION', 'permanent']);
  });
});

describe('connections and credentials', () => {
  it('a refused connection is NAV_NETWORK for reads and writes alike (nothing was sent)', async () => {
    const nav = await startNavSandbox({ port: 0, auth: 'none' });
    const url = nav.baseUrl;
    await nav.close();
    const c = createNavClient({ soapUrl: url, company: COMPANY, auth: { mode: 'none' } });
    try {
      assert.deepEqual(Object.values(await failure(c.customers.read({ No: '1' }))).slice(0, 2), ['NAV_NETWORK', 'transient']);
      assert.deepEqual(Object.values(await failure(c.customers.create({ Name: 'x' }))).slice(0, 2), ['NAV_NETWORK', 'transient']);
    } finally {
      await c.close();
    }
  });

  it('wrong credentials are NAV_AUTH_FAILED, for NTLM and Basic, and never show the password', async () => {
    for (const auth of ['ntlm', 'basic'] as const) {
      const nav = await startNavSandbox({ port: 0, auth, ...ACCOUNT });
      const wrong = 'Wrong-Password-77';
      const c = createNavClient({
        soapUrl: nav.baseUrl,
        company: COMPANY,
        auth: auth === 'ntlm' ? { mode: 'ntlm', ...ACCOUNT, password: wrong } : { mode: 'basic', user: ACCOUNT.user, password: wrong },
      });
      try {
        for (const read of [c.customers.read({ No: '10000' }), c.companies()]) {
          const f = await failure(read);
          assert.deepEqual([f.code, f.kind], ['NAV_AUTH_FAILED', 'permanent']);
          assert.ok(!f.json.includes(wrong) && !f.json.includes(ACCOUNT.password));
        }
      } finally {
        await c.close();
        await nav.close();
      }
    }
  });

  it('an NTLM client against NavUserPassword (Basic) is told to switch', async () => {
    const nav = await startNavSandbox({ port: 0, auth: 'basic', ...ACCOUNT });
    const c = createNavClient({ soapUrl: nav.baseUrl, company: COMPANY, auth: { mode: 'ntlm', ...ACCOUNT } });
    try {
      const f = await failure(c.customers.read({ No: '10000' }));
      assert.equal(f.code, 'NAV_AUTH_FAILED');
      assert.match(f.json, /set nav\.auth\.mode to basic/);
    } finally {
      await c.close();
      await nav.close();
    }
  });

  it('NTLM works whether the server advertises NTLM or Negotiate, per request or per connection', async () => {
    for (const [ntlmScheme, ntlmSession] of [['NTLM', 'connection'], ['Negotiate', 'connection'], ['NTLM', 'request']] as const) {
      const nav = await startNavSandbox({ port: 0, auth: 'ntlm', ntlmScheme, ntlmSession, ...ACCOUNT });
      const c = createNavClient({ soapUrl: nav.baseUrl, company: COMPANY, auth: { mode: 'ntlm', ...ACCOUNT }, maxConcurrency: 2 });
      try {
        const reads = await Promise.all([1, 2, 3, 4, 5].map(() => c.customers.read({ No: '10000' })));
        assert.ok(reads.every((r) => r?.No === '10000'), `${ntlmScheme}/${ntlmSession}`);
      } finally {
        await c.close();
        await nav.close();
      }
    }
  });

  it('TLS: an untrusted self-signed certificate is NAV_TLS; with its CA, or insecure by choice, it works', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nav-client-tls-'));
    const nav = await startNavSandbox({ port: 0, auth: 'none', tls: true, tlsDir: dir });
    const base = { soapUrl: nav.baseUrl, company: COMPANY, auth: { mode: 'none' } } as const;
    const strict = createNavClient(base);
    const pinned = createNavClient({ ...base, tls: { ca: await readFile(nav.certPath ?? '', 'utf8') }, transport: 'odata' });
    const insecure = createNavClient({ ...base, tls: { insecure: true } });
    try {
      const f = await failure(strict.customers.read({ No: '10000' }));
      assert.deepEqual([f.code, f.kind], ['NAV_TLS', 'permanent']);
      assert.equal((await pinned.customers.read({ No: '10000' }))?.No, '10000');
      assert.equal((await insecure.customers.read({ No: '10000' }))?.No, '10000');
    } finally {
      await Promise.all([strict.close(), pinned.close(), insecure.close()]);
      await nav.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses bad options with the option named and without the password', () => {
    assert.throws(() => createNavClient({ soapUrl: 'nav.example.com:7047', company: COMPANY, auth: { mode: 'none' } }), /nav\.soapUrl: expected http\(s\):\/\/host:port\/<ServerInstance>/);
    assert.throws(
      () => createNavClient({ soapUrl: 'http://h:7047/NAV', company: COMPANY, auth: { mode: 'ntlm', user: '', password: 'Hidden-Secret' } }),
      (e: unknown) => e instanceof Error && /nav\.auth\.user/.test(e.message) && !e.message.includes('Hidden-Secret'),
    );
  });
});

describe('NAV error answers', () => {
  const response = (status: number, body: unknown) => ({ status, headers: {}, body: JSON.stringify(body) });

  it('OData: by code, and by status and text when NAV 2017/2018 leaves the code empty', () => {
    const cases: Array<[number, string, string, string]> = [
      [409, 'Request_EntityChanged', 'Another user has already changed the record.  CorrelationId:  6f0e.', 'NAV_STALE_KEY'],
      [412, '', 'Another user has already changed the record.', 'NAV_STALE_KEY'],
      [400, 'Internal_EntityWithSameKeyExists', "The Customer already exists. Identification fields and values: No.='1'", 'NAV_DUPLICATE'],
      [400, '', "The Customer already exists. Identification fields and values: No.='1'", 'NAV_DUPLICATE'],
      [404, '', "The Customer does not exist. Identification fields and values: No.='1'", 'NAV_NOT_FOUND'],
      [404, '', "Resource not found for the segment 'Nope'.", 'NAV_PERMISSION'],
      [400, 'Application_DialogException', 'Status must be equal to ...', 'NAV_VALIDATION'],
      [401, '', '', 'NAV_AUTH_FAILED'],
      [503, '', '', 'NAV_RATE_LIMITED'],
      [502, '', '', 'NAV_SERVER_ERROR'],
    ];
    for (const [status, code, message, expected] of cases) {
      const error = odataError(response(status, { error: { code, message } }), 'Customer.Update', true);
      assert.equal(error.code, expected, `${status} ${code} ${message}`);
      assert.ok(!error.message.includes('CorrelationId'));
    }
  });

  it('SOAP: by NAV exception class and text', () => {
    const cases: Array<[string, string, string]> = [
      ['NavCSideException', 'Another user has modified the record for this Customer after you retrieved it from the database.', 'NAV_STALE_KEY'],
      ['NavNCLDialogException', 'Other user has modified Customer.', 'NAV_STALE_KEY'],
      ['NavCSideDuplicateKeyException', 'The Customer already exists.', 'NAV_DUPLICATE'],
      ['NavCSideRecordNotFoundException', 'The Customer does not exist.', 'NAV_NOT_FOUND'],
      ['NavNCLCallbackNotAllowedException', 'Callback functions are not allowed.', 'NAV_VALIDATION'],
      ['NavSqlException', 'The transaction was deadlocked. Retry.', 'NAV_SERVER_ERROR'],
      ['NavPermissionException', 'You do not have the following permissions on TableData Customer: Insert', 'NAV_PERMISSION'],
      ['System.OutOfMemoryException', 'boom', 'NAV_SERVER_ERROR'],
    ];
    for (const [cls, message, expected] of cases) {
      assert.equal(faultError({ code: `Microsoft.Dynamics.Nav.Types.Exceptions.${cls}`, message }, 'Customer.Update').code, expected, cls);
    }
  });

  it('network: refused before sending is retried safely, a cut write is an unknown outcome, TLS is permanent', () => {
    assert.equal(networkError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'X', true).code, 'NAV_NETWORK');
    assert.equal(networkError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }), 'X', true).code, 'NAV_UNKNOWN_OUTCOME');
    assert.equal(networkError(Object.assign(new Error('Headers Timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'X', false).code, 'NAV_TIMEOUT');
    assert.equal(networkError(Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'X', false).code, 'NAV_TLS');
  });
});
