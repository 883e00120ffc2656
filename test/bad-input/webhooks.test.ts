// Bad bodies and tokens at the Bitrix24 event endpoint of the service, over real
// HTTP, with the service wired as `b24nav run` wires it. Every case ends with the
// jobs table unchanged (or holding exactly the one job a good event queues) and the
// service still answering. Cases are listed in README.md.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import qs from 'qs';
import { request } from 'undici';
import { buildServer } from '../../src/server/app.ts';
import { listJobs } from '../../src/store/index.ts';
import { startE2E, type E2E } from '../e2e/setup.ts';

const TOKEN = 'ev-token-6f1c2a9e0b7d4c3e';
const LIMIT = 64 * 1024;

interface Reply {
  readonly status: number;
  readonly body: string;
}

describe('bad input: Bitrix24 event endpoint', () => {
  let e: E2E;
  let server: ReturnType<typeof buildServer>;
  let base: string;

  before(async () => {
    e = await startE2E({
      b24: { seed: { companies: 1, contacts: 0, products: 0, deals: 0 } },
      nav: { customers: 1 },
      config: { bitrix24: { applicationToken: TOKEN }, server: { bodyLimitBytes: LIMIT }, entities: { products: { enabled: false }, stock: { enabled: false } } },
    });
    const config = e.app.config;
    server = buildServer({
      engine: e.app.engine,
      log: e.app.log,
      redactor: e.app.redactor,
      applicationTokens: config.bitrix24.applicationToken ? [config.bitrix24.applicationToken] : [],
      bodyLimit: config.server.bodyLimitBytes,
    });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const address = server.server.address();
    assert.ok(address && typeof address === 'object');
    base = `http://127.0.0.1:${address.port}`;
  });
  after(async () => {
    await server.close();
    await e.close();
  });

  /** `type` null sends no Content-Type at all. */
  async function post(body: string | Buffer | Readable, type: string | null = 'application/x-www-form-urlencoded'): Promise<Reply> {
    const res = await request(`${base}/webhooks/bitrix24`, { method: 'POST', headers: type === null ? {} : { 'content-type': type }, body });
    return { status: res.statusCode, body: await res.body.text() };
  }

  const jobCount = async (): Promise<number> => (await listJobs(e.app.store.db, { limit: 100_000 })).length;

  /** Runs `send`, then checks that nothing was queued and that the service still answers. */
  async function refusedWithoutQueueing(send: () => Promise<Reply>): Promise<Reply> {
    const before = await jobCount();
    const reply = await send();
    assert.equal(await jobCount(), before, 'nothing queued');
    const health = await request(`${base}/healthz`);
    assert.equal(health.statusCode, 200, 'the service still answers');
    await health.body.dump();
    return reply;
  }

  function event(id: unknown, token: unknown = TOKEN, name: unknown = 'ONCRMCOMPANYUPDATE'): string {
    return qs.stringify({ event: name, data: { FIELDS: { ID: id } }, ts: '1736405807', auth: { domain: 'portal.example', application_token: token } });
  }

  // ---- bodies that are no event --------------------------------------------------

  it('webhook: a text/plain body is 400 BAD_EVENT (Fastify reads it as a string, which is no event)', async () => {
    const r = await refusedWithoutQueueing(() => post(event(900001), 'text/plain'));
    assert.equal(r.status, 400);
    assert.match(r.body, /BAD_EVENT/);
  });

  it('webhook: a multipart body is refused with 415', async () => {
    const r = await refusedWithoutQueueing(() => post('--x\r\nContent-Disposition: form-data; name="event"\r\n\r\nONCRMCOMPANYUPDATE\r\n--x--\r\n', 'multipart/form-data; boundary=x'));
    assert.equal(r.status, 415);
  });

  it('webhook: a body without a content type is refused with 415', async () => {
    const r = await refusedWithoutQueueing(() => post(event(900002), null));
    assert.equal(r.status, 415);
  });

  it('webhook: JSON garbage is 400 with a reason', async () => {
    const r = await refusedWithoutQueueing(() => post('{"event": "ONCRMCOMPANYUPDATE", "auth": {', 'application/json'));
    assert.equal(r.status, 400);
    assert.match(r.body, /BAD_REQUEST/);
  });

  it('webhook: a JSON string, number or null body is 400 BAD_EVENT', async () => {
    for (const body of ['"ONCRMCOMPANYUPDATE"', '42', 'null']) {
      const r = await refusedWithoutQueueing(() => post(body, 'application/json'));
      assert.equal(r.status, 400, body);
    }
  });

  it('webhook: a JSON array of 25 000 items is 400 BAD_EVENT', async () => {
    const r = await refusedWithoutQueueing(() => post(JSON.stringify(Array.from({ length: 25_000 }, (_, i) => i % 10)), 'application/json'));
    assert.equal(r.status, 400);
    assert.match(r.body, /BAD_EVENT/);
  });

  it('webhook: JSON nested 10 000 levels deep does not crash the service', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const r = await refusedWithoutQueueing(() => post(deep, 'application/json'));
    assert.equal(r.status, 401, 'no token in it');
  });

  it('webhook: form keys nested 2 000 levels deep (with the right token) are ignored, not queued', async () => {
    const deep = `event=ONCRMCOMPANYUPDATE&auth[application_token]=${TOKEN}&data[FIELDS]${'[ID]'.repeat(2000)}=900003`;
    const r = await refusedWithoutQueueing(() => post(deep));
    assert.equal(r.status, 202);
  });

  it('webhook: an ID given as a 2 000-item array is ignored as malformed', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `data[FIELDS][ID][]=${i}`).join('&');
    const r = await refusedWithoutQueueing(() => post(`${qs.stringify({ event: 'ONCRMCOMPANYUPDATE', auth: { application_token: TOKEN } })}&${ids}`));
    assert.equal(r.status, 202);
    assert.match(r.body, /without data\[FIELDS\]\[ID\]/);
  });

  it('webhook: broken percent-encoding does not crash the service', async () => {
    const r = await refusedWithoutQueueing(() => post(`event=ONCRM%E0%A4%A&data[FIELDS][ID]=%ZZ&auth[application_token]=${TOKEN}`));
    assert.equal(r.status, 202);
  });

  it('webhook: an empty form body is 401 (no token) and queues nothing', async () => {
    const r = await refusedWithoutQueueing(() => post(''));
    assert.equal(r.status, 401);
  });

  // ---- missing fields and wrong types (with the right token) -----------------------

  it('webhook: an event without its name is ignored', async () => {
    const r = await refusedWithoutQueueing(() => post(qs.stringify({ data: { FIELDS: { ID: 900004 } }, auth: { application_token: TOKEN } })));
    assert.equal(r.status, 202);
    assert.match(r.body, /not an event b24nav uses/);
  });

  it('webhook: an event without data[FIELDS][ID] is ignored with the reason', async () => {
    const r = await refusedWithoutQueueing(() => post(qs.stringify({ event: 'ONCRMCOMPANYUPDATE', auth: { application_token: TOKEN } })));
    assert.equal(r.status, 202);
    assert.match(r.body, /ONCRMCOMPANYUPDATE without data\[FIELDS\]\[ID\]/);
  });

  it('webhook: an event name given as a list is ignored', async () => {
    const r = await refusedWithoutQueueing(() => post(qs.stringify({ event: ['ONCRMCOMPANYUPDATE', 'ONCRMCONTACTUPDATE'], data: { FIELDS: { ID: 900005 } }, auth: { application_token: TOKEN } })));
    assert.equal(r.status, 202);
    assert.match(r.body, /ignored/);
  });

  it('webhook: IDs that are not whole numbers are ignored (negative, decimal, 19 digits, Arabic-Indic digits, SQL)', async () => {
    for (const id of ['-5', '1.5', '1e3', '1234567890123456789', '١٢٣', '7 OR 1=1', '']) {
      const r = await refusedWithoutQueueing(() => post(event(id)));
      assert.equal(r.status, 202, id);
      assert.match(r.body, /malformed ID|without data\[FIELDS\]\[ID\]/, id);
    }
  });

  it('webhook: JSON with the right token but wrong types (FIELDS a string, data null, ID an object) is ignored', async () => {
    for (const data of ['FIELDS', null, { FIELDS: 'ID=5' }, { FIELDS: { ID: { $gt: 0 } } }, { FIELDS: { ID: true } }]) {
      const r = await refusedWithoutQueueing(() => post(JSON.stringify({ event: 'ONCRMCOMPANYUPDATE', data, auth: { application_token: TOKEN } }), 'application/json'));
      assert.equal(r.status, 202, JSON.stringify(data));
      assert.match(r.body, /ignored/, JSON.stringify(data));
    }
  });

  it('webhook: an event of an entity kind the config does not sync is ignored', async () => {
    const r = await refusedWithoutQueueing(() => post(qs.stringify({ event: 'CATALOG.PRODUCT.ON.UPDATE', data: { FIELDS: { ID: 900006 } }, auth: { application_token: TOKEN } })));
    assert.equal(r.status, 202);
    assert.match(r.body, /products are not synced/);
  });

  // ---- size ------------------------------------------------------------------------

  it('webhook: a form body over server.bodyLimitBytes is 413 TOO_LARGE', async () => {
    const r = await refusedWithoutQueueing(() => post(`${event(900007)}&pad=${'x'.repeat(LIMIT)}`));
    assert.equal(r.status, 413);
    assert.match(r.body, /server\.bodyLimitBytes/);
  });

  it('webhook: a JSON body over the limit is 413 as well', async () => {
    const r = await refusedWithoutQueueing(() => post(JSON.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 900008 } }, auth: { application_token: TOKEN }, pad: 'y'.repeat(LIMIT) }), 'application/json'));
    assert.equal(r.status, 413);
  });

  it('webhook: a chunked body without Content-Length is cut at the limit with 413', async () => {
    const chunks = (function* () {
      yield Buffer.from(`${event(900009)}&pad=`);
      for (let i = 0; i < 40; i++) yield Buffer.alloc(4096, 0x7a);
    })();
    const r = await refusedWithoutQueueing(() => post(Readable.from(chunks)));
    assert.equal(r.status, 413);
  });

  it('webhook: a Content-Length that lies (says 10, sends more) does not queue the event', async () => {
    const body = event(900010);
    const before = await jobCount();
    const status = await new Promise<number | string>((resolve) => {
      const req = httpRequest(`${base}/webhooks/bitrix24`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '10' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', (error) => resolve(String(error)));
      req.end(body);
    });
    assert.equal(await jobCount(), before, 'nothing queued');
    assert.notEqual(status, 202);
    assert.equal((await request(`${base}/healthz`)).statusCode, 200);
  });

  // ---- tokens -------------------------------------------------------------------------

  it('webhook: a wrong application_token is 401 and queues nothing', async () => {
    const r = await refusedWithoutQueueing(() => post(event(900011, 'ev-token-0000000000000000')));
    assert.equal(r.status, 401);
    assert.match(r.body, /BAD_TOKEN/);
  });

  it('webhook: a missing application_token is 401 and queues nothing', async () => {
    const r = await refusedWithoutQueueing(() => post(qs.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 900012 } }, auth: { domain: 'portal.example' } })));
    assert.equal(r.status, 401);
  });

  it('webhook: the token with its last character changed, cut short, or with a character added is 401', async () => {
    for (const token of [`${TOKEN.slice(0, -1)}f`, TOKEN.slice(0, -1), `${TOKEN}0`, TOKEN.toUpperCase(), ` ${TOKEN}`]) {
      const r = await refusedWithoutQueueing(() => post(event(900013, token)));
      assert.equal(r.status, 401, token);
    }
  });

  it('webhook: the token given as a list, or outside auth[], is 401', async () => {
    for (const body of [
      qs.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 900014 } }, auth: { application_token: [TOKEN] } }),
      qs.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 900014 } }, application_token: TOKEN }),
      qs.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 900014 }, auth: { application_token: TOKEN } } }),
    ]) {
      const r = await refusedWithoutQueueing(() => post(body));
      assert.equal(r.status, 401, body);
    }
  });

  it('webhook: a token smuggled through __proto__ (form or JSON) is refused and pollutes nothing', async () => {
    const form = await refusedWithoutQueueing(() => post(`event=ONCRMCOMPANYUPDATE&data[FIELDS][ID]=900015&__proto__[application_token]=${TOKEN}&auth[__proto__][application_token]=${TOKEN}`));
    assert.equal(form.status, 401);
    const json = await refusedWithoutQueueing(() => post(`{"event":"ONCRMCOMPANYUPDATE","data":{"FIELDS":{"ID":900015}},"auth":{"__proto__":{"application_token":"${TOKEN}"}}}`, 'application/json'));
    assert.ok(json.status === 400 || json.status === 401, `got ${json.status}`);
    assert.equal(({} as Record<string, unknown>)['application_token'], undefined, 'Object.prototype untouched');
  });

  it('webhook: a service with no applicationToken in its config refuses every event', async () => {
    const closed = buildServer({ engine: e.app.engine, log: e.app.log, redactor: e.app.redactor, applicationTokens: [], bodyLimit: LIMIT });
    try {
      const before = await jobCount();
      for (const token of [TOKEN, '', 'undefined']) {
        const res = await closed.inject({ method: 'POST', url: '/webhooks/bitrix24', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: event(900016, token) });
        assert.equal(res.statusCode, 401, token);
      }
      assert.equal(await jobCount(), before);
    } finally {
      await closed.close();
    }
  });

  it('webhook: after all of the above, a good event queues exactly one job', async () => {
    const before = await jobCount();
    const r = await post(event(900017));
    assert.equal(r.status, 202);
    const jobs = await listJobs(e.app.store.db, { limit: 100_000 });
    assert.equal(jobs.length, before + 1);
    assert.deepEqual(jobs.filter((j) => j.recordId === '900017').map((j) => [j.entity, j.source, j.kind]), [['customers', 'b24', 'event']]);
    assert.equal(jobs.filter((j) => /^9000(0\d|1[0-6])$/.test(j.recordId)).length, 0, 'none of the refused events left a job');
  });
});
