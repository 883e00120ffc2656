// The service's HTTP face, in-process: the event endpoint verifies the token,
// queues, answers — and queues nothing for a wrong token or a bad body.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import qs from 'qs';
import { silentLogger } from '../core/log.ts';
import { Redactor } from '../core/redact.ts';
import { listJobs } from '../store/index.ts';
import { harness, type Harness } from '../../test/engine/harness.ts';
import { dashboardConfigSchema } from './access/config.ts';
import { buildServer, tokenMatches } from './app.ts';
import { eventTarget } from './b24-events.ts';

const TOKEN = 'app-token-0123456789abcdef';
const API_TOKEN = 'api-token-0123456789abcdef0123456789';

function form(event: string, id: string | number, token = TOKEN): string {
  return qs.stringify({ event, data: { FIELDS: { ID: id } }, ts: '1736405807', auth: { domain: 'portal.example', application_token: token } });
}

describe('server', () => {
  let h: Harness;
  let app: ReturnType<typeof buildServer>;
  before(async () => {
    h = await harness();
    const access = dashboardConfigSchema.parse({ tokens: [{ name: 'test', token: API_TOKEN, role: 'viewer' }] });
    app = buildServer({ engine: h.engine, log: silentLogger, redactor: new Redactor(), applicationTokens: [TOKEN], bodyLimit: 4096, access });
  });
  after(async () => {
    await app.close();
    await h.close();
  });

  const post = (payload: string, type = 'application/x-www-form-urlencoded') =>
    app.inject({ method: 'POST', url: '/webhooks/bitrix24', headers: { 'content-type': type }, payload });

  it('queues a company event and answers at once', async () => {
    const res = await post(form('ONCRMCOMPANYUPDATE', 17));
    assert.equal(res.statusCode, 202);
    const jobs = await listJobs(h.store.db, { state: 'pending', limit: 10 });
    assert.deepEqual(jobs.map((j) => [j.entity, j.source, j.recordId, j.kind]), [['customers', 'b24', '17', 'event']]);
  });

  it('refuses a wrong or missing application_token with 401 and queues nothing', async () => {
    const before = (await listJobs(h.store.db, { limit: 100 })).length;
    assert.equal((await post(form('ONCRMCOMPANYUPDATE', 18, 'wrong-token-0123456789abcd'))).statusCode, 401);
    assert.equal((await post(qs.stringify({ event: 'ONCRMCOMPANYUPDATE', data: { FIELDS: { ID: 19 } } }))).statusCode, 401);
    assert.equal((await listJobs(h.store.db, { limit: 100 })).length, before);
  });

  it('answers 400 to a body that is no event, 413 to an oversized one', async () => {
    assert.equal((await post('[1,2,3]', 'application/json')).statusCode, 400);
    assert.equal((await post(form('ONCRMCOMPANYUPDATE', 20) + '&pad=' + 'x'.repeat(5000))).statusCode, 413);
  });

  it('ignores events it does not use, and a malformed id, with 202', async () => {
    const res = await post(form('ONCRMLEADADD', 5));
    assert.equal(res.statusCode, 202);
    assert.match(res.body, /not an event b24nav uses/);
    assert.match((await post(form('ONCRMCOMPANYUPDATE', '1; DROP TABLE'))).body, /malformed ID/);
  });

  it('health and status answer', async () => {
    assert.deepEqual((await app.inject({ url: '/healthz' })).json(), { ok: true });
    const status = (await app.inject({ url: '/api/status', headers: { authorization: `Bearer ${API_TOKEN}` } })).json<{ entities: Array<{ entity: string; pending: number }> }>();
    assert.equal(status.entities.find((e) => e.entity === 'customers')?.pending, 1);
  });
});

describe('tokenMatches and eventTarget', () => {
  it('compares tokens whole', () => {
    assert.equal(tokenMatches('abc', 'abc'), true);
    assert.equal(tokenMatches('abd', 'abc'), false);
    assert.equal(tokenMatches('ab', 'abc'), false);
  });
  it('maps events to entity kinds', () => {
    assert.deepEqual(eventTarget('ONCRMCONTACTDELETE', { ID: '9' }), { kind: 'record', entity: 'contacts', id: '9', deleted: true });
    assert.deepEqual(eventTarget('ONCRMREQUISITEUPDATE', { ID: '3' }), { kind: 'scan', entity: 'customers' });
    assert.equal(eventTarget('ONCRMCOMPANYADD', {}).kind, 'ignore');
  });
});
