// The operator API through the real server, in-process, on an engine over in-memory
// sides and a SQLite store: dead letters and conflicts made by real sync passes, the
// shapes the dashboard's pages read, who may do what (viewers read; admins change with
// the session's CSRF token or a bearer token), bad input named, secrets redacted, and
// an action that the next pass carries out.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { silentLogger } from '../core/log.ts';
import { Redactor } from '../core/redact.ts';
import { getLinkByB24, listConflicts, listHistory, listJobs } from '../store/index.ts';
import { harness, type Harness } from '../../test/engine/harness.ts';
import { dashboardConfigSchema } from './access/config.ts';
import { hashPassword } from './access/passwords.ts';
import { buildServer } from './app.ts';

const ADMIN_TOKEN = 'ops-admin-token-0123456789abcdef012345';
const VIEWER_TOKEN = 'ops-viewer-token-0123456789abcdef01234';
const PASSWORD = 'anna-password-1';
const SECRET = 'zq-secret-webhook-code-77';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
const viewer = { authorization: `Bearer ${VIEWER_TOKEN}` };
const json = { 'content-type': 'application/json' };

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });

interface DeadLetterDto {
  id: number;
  entity: string;
  side: string;
  recordId: string;
  attempts: number;
  code: string;
  kind: string;
  message: string;
  failedAt: string;
  link: { b24Id: string | null; navKey: string | null } | null;
}

describe('operator API', () => {
  let h: Harness;
  let app: FastifyInstance;
  let navKey: string;

  before(async () => {
    h = await harness({ customers: { conflictPolicy: 'manual' } });
    h.engine.redactor.add(SECRET);
    // A conflict: both sides changed the name since the last pass.
    h.b24.put('1', company('Original'));
    await h.engine.syncOnce();
    navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
    h.nav.put(navKey, { Name: 'NAV name' });
    h.b24.put('1', company('B24 name'));
    // Two dead letters: NAV refuses these names, with a message that carries a secret.
    h.nav.validate = (f) => (String(f['Name']).startsWith('Blocked') ? `Salesperson Code XX does not exist (${SECRET}).` : undefined);
    h.b24.put('2', company('Blocked One'));
    h.b24.put('3', company('Blocked Two'));
    await h.engine.syncOnce();
    const access = dashboardConfigSchema.parse({
      users: [{ name: 'anna', passwordHash: await hashPassword(PASSWORD, { logN: 10 }), role: 'admin' }],
      tokens: [
        { name: 'ops', token: ADMIN_TOKEN, role: 'admin' },
        { name: 'grafana', token: VIEWER_TOKEN, role: 'viewer' },
      ],
    });
    app = buildServer({ engine: h.engine, log: silentLogger, redactor: new Redactor(), applicationTokens: [], bodyLimit: 65_536, access, liveIntervalMs: 60_000 });
  });
  after(async () => {
    await app.close();
    await h.close();
  });

  const get = (url: string, headers: Record<string, string> = viewer) => app.inject({ url, headers });
  const post = (url: string, body: unknown = {}, headers: Record<string, string> = admin) => app.inject({ method: 'POST', url, headers: { ...json, ...headers }, payload: JSON.stringify(body) });
  const errorOf = (res: LightMyRequestResponse) => [res.statusCode, res.json<{ error: string }>().error] as const;
  const deadLetters = async (query = '') => (await get(`/api/dead-letters${query}`)).json<{ items: DeadLetterDto[] }>().items;

  it('lists dead letters as the dashboard reads them, with NAV\'s message redacted, and filters them', async () => {
    const res = await get('/api/dead-letters?limit=200');
    assert.equal(res.statusCode, 200);
    const items = res.json<{ items: DeadLetterDto[] }>().items;
    assert.deepEqual(items.map((i) => [i.entity, i.side, i.recordId, i.code, i.kind]), [
      ['customers', 'b24', '2', 'NAV_VALIDATION', 'permanent'],
      ['customers', 'b24', '3', 'NAV_VALIDATION', 'permanent'],
    ]);
    const first = items[0] as DeadLetterDto;
    assert.match(first.message, /Salesperson Code XX does not exist \(\[redacted\]\)/);
    assert.ok(Number.isFinite(Date.parse(first.failedAt)));
    assert.deepEqual(first.link, { b24Id: '2', navKey: null }, 'never created in NAV');
    assert.doesNotMatch(res.body, new RegExp(SECRET));
    assert.equal((await deadLetters('?entity=customers&side=b24&code=NAV_')).length, 2);
    assert.equal((await deadLetters('?side=nav')).length, 0);
    assert.equal((await deadLetters('?entity=stock')).length, 0, 'the dashboard lists stock among the kinds');
    assert.equal((await deadLetters('?code=B24_VALIDATION')).length, 0);
    assert.equal((await deadLetters('?since=1h')).length, 2);
    assert.equal((await deadLetters('?limit=1')).length, 1);
    assert.deepEqual((await deadLetters(`?after=${first.id}`)).map((i) => i.recordId), ['3']);
  });

  it('lists open conflicts and shows one side by side with the entity\'s policy', async () => {
    const list = await get('/api/conflicts?state=open&limit=200');
    assert.equal(list.statusCode, 200);
    const [item] = list.json<{ items: Array<{ id: number; entity: string; b24Id: string; navKey: string; policy: string; fields: string[]; openedAt: string }> }>().items;
    assert.ok(item);
    assert.deepEqual([item.entity, item.b24Id, item.navKey, item.policy, item.fields], ['customers', '1', navKey, 'manual', ['name']]);
    assert.deepEqual((await get('/api/conflicts?state=resolved')).json(), { items: [] });
    const detail = await get(`/api/conflicts/${item.id}`);
    assert.equal(detail.statusCode, 200);
    const { conflict } = detail.json<{ conflict: { id: number; state: string; policy: string; fields: Record<string, { base: unknown; b24: unknown; nav: unknown }> } }>();
    assert.deepEqual([conflict.id, conflict.state, conflict.policy], [item.id, 'open', 'manual']);
    assert.deepEqual(conflict.fields['name'], { base: 'Original', b24: 'B24 name', nav: 'NAV name' });
  });

  it('shows a record\'s history by either side\'s id, newest first, and the runs', async () => {
    const byB24 = await get('/api/history/customers/b24/1?limit=200');
    assert.equal(byB24.statusCode, 200);
    const body = byB24.json<{ link: { b24Id: string; navKey: string } | null; entries: Array<{ at: string; action: string; direction: string | null }> }>();
    assert.deepEqual([body.link?.b24Id, body.link?.navKey], ['1', navKey]);
    assert.deepEqual(body.entries.map((e) => e.action), ['conflict', 'created']);
    assert.ok(Number.isFinite(Date.parse(body.entries[0]?.at ?? '')));
    const byNav = (await get(`/api/history/customers/nav/${encodeURIComponent(navKey)}`)).json<{ entries: unknown[] }>();
    assert.equal(byNav.entries.length, body.entries.length, 'the same record through its NAV key');
    const failed = (await get('/api/history/customers/b24/2')).json<{ entries: Array<{ action: string; error: { code: string; message: string } | null; message: string | null }> }>();
    assert.ok(failed.entries.some((e) => e.action === 'failed' || e.action === 'dead'));
    assert.doesNotMatch(JSON.stringify(failed), new RegExp(SECRET));
    const runs = await get('/api/runs?limit=50');
    assert.equal(runs.statusCode, 200);
    const list = runs.json<{ runs: Array<{ id: number; kind: string; status: string; startedAt: string; finishedAt: string | null; counts: Record<string, number> | null }> }>().runs;
    assert.ok(list.length >= 2);
    assert.ok(list.every((r, i) => i === 0 || r.id < (list[i - 1]?.id ?? 0)), 'newest first');
    assert.ok(list.every((r) => Number.isFinite(Date.parse(r.startedAt))));
  });

  it('names bad input with 400, an unknown id with 404', async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['/api/dead-letters?entity=companies', 400, 'BAD_INPUT', /unknown entity "companies": expected one of customers, contacts, products, orders, invoices, stock/],
      ['/api/dead-letters?side=sap', 400, 'BAD_INPUT', /side must be b24 or nav, got "sap"/],
      ['/api/dead-letters?since=yesterday', 400, 'BAD_INPUT', /since must be a date .* got "yesterday"/],
      ['/api/dead-letters?limit=0', 400, 'BAD_INPUT', /limit: expected a whole number from 1 to 1000, got "0"/],
      ['/api/dead-letters?limit=5&limit=6', 400, 'BAD_INPUT', /limit: give it once/],
      ['/api/conflicts?state=closed', 400, 'BAD_INPUT', /state: expected open, resolved or all, got "closed"/],
      ['/api/conflicts/abc', 400, 'BAD_INPUT', /the conflict id must be a whole number ≥ 1, got "abc"/],
      ['/api/conflicts/987654', 404, 'NOT_FOUND', /no conflict 987654/],
      ['/api/history/deals/b24/1', 400, 'BAD_INPUT', /unknown entity "deals"/],
      ['/api/history/customers/crm/1', 400, 'BAD_INPUT', /side must be b24 or nav, got "crm"/],
      ['/api/runs?limit=x', 400, 'BAD_INPUT', /limit: expected a whole number/],
    ];
    for (const [url, status, code, message] of cases) {
      const res = await get(url);
      assert.deepEqual(errorOf(res), [status, code], url);
      assert.match(res.json<{ message: string }>().message, message, url);
    }
    assert.deepEqual(errorOf(await post('/api/dead-letters/987654/retry')), [404, 'NOT_FOUND']);
    assert.deepEqual(errorOf(await post('/api/dead-letters/0/drop')), [400, 'BAD_INPUT']);
    assert.deepEqual(errorOf(await post('/api/conflicts/987654/resolve', { choices: { name: 'b24' } })), [404, 'NOT_FOUND']);
  });

  it('refuses strangers, and viewers any change, leaving everything as it was', async () => {
    assert.deepEqual(errorOf(await get('/api/dead-letters', {})), [401, 'UNAUTHENTICATED']);
    assert.deepEqual(errorOf(await get('/api/runs', { authorization: 'Bearer not-a-token-of-ours' })), [401, 'BAD_TOKEN']);
    const [dead] = await deadLetters();
    const [conflict] = await listConflicts(h.store.db, { state: 'open', limit: 1 });
    assert.ok(dead && conflict);
    for (const url of [`/api/dead-letters/${dead.id}/retry`, `/api/dead-letters/${dead.id}/drop`, `/api/conflicts/${conflict.id}/resolve`]) {
      assert.deepEqual(errorOf(await post(url, { choices: { name: 'nav' } }, viewer)), [403, 'FORBIDDEN'], url);
      assert.deepEqual(errorOf(await post(url, { choices: { name: 'nav' } }, {})), [401, 'UNAUTHENTICATED'], url);
    }
    assert.equal((await deadLetters()).length, 2);
    assert.equal((await listConflicts(h.store.db, { state: 'open', limit: 5 })).length, 1);
  });

  it('retries a dead letter from an admin session with its CSRF token; the next pass creates the record', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: json, payload: JSON.stringify({ name: 'anna', password: PASSWORD }) });
    assert.equal(login.statusCode, 200);
    const cookie = String(login.headers['set-cookie']).split(';')[0] as string;
    const csrf = login.json<{ csrfToken: string }>().csrfToken;
    const dead = (await deadLetters()).find((d) => d.recordId === '2') as DeadLetterDto;
    assert.deepEqual(errorOf(await post(`/api/dead-letters/${dead.id}/retry`, {}, { cookie })), [403, 'CSRF']);
    assert.equal((await deadLetters()).length, 2, 'not retried without the token');
    h.nav.validate = () => undefined;
    const res = await post(`/api/dead-letters/${dead.id}/retry`, {}, { cookie, 'x-csrf-token': csrf });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { ok: true, id: dead.id, retried: 1, superseded: 0 });
    assert.deepEqual((await deadLetters()).map((d) => d.recordId), ['3']);
    const [row] = await listHistory(h.store.db, { entity: 'customers', b24Id: '2', limit: 1 });
    assert.match(row?.message ?? '', /^retried by anna \(dashboard\): dead letter \d+ \(NAV_VALIDATION\)/);
    await h.engine.syncOnce();
    assert.equal((await getLinkByB24(h.store.db, 'customers', '2'))?.state, 'active');
    assert.ok([...h.nav.records.values()].some((r) => r.fields['Name'] === 'Blocked One'));
    assert.deepEqual(errorOf(await post(`/api/dead-letters/${dead.id}/retry`)), [404, 'NOT_FOUND'], 'not a dead letter any more');
  });

  it('drops a dead letter with a bearer token; its history keeps the reason', async () => {
    const dead = (await deadLetters()).find((d) => d.recordId === '3') as DeadLetterDto;
    const res = await post(`/api/dead-letters/${dead.id}/drop`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { ok: true, id: dead.id, dropped: 1 });
    assert.deepEqual(await deadLetters(), []);
    const [row] = await listHistory(h.store.db, { entity: 'customers', b24Id: '3', limit: 1 });
    assert.match(row?.message ?? '', /^dropped by ops \(dashboard\): dead letter \d+ \(NAV_VALIDATION: Salesperson Code XX does not exist \(\[redacted\]\)/);
  });

  it('resolves a conflict with a choice per field; a wrong choice is named; the next pass writes it; a second resolve is 409', async () => {
    const [open] = await listConflicts(h.store.db, { state: 'open', limit: 1 });
    assert.ok(open);
    const url = `/api/conflicts/${open.id}/resolve`;
    const bad: Array<[unknown, RegExp]> = [
      [{}, /send \{"choices"/],
      [{ choices: ['nav'] }, /send \{"choices"/],
      [{ choices: {} }, /missing: name/],
      [{ choices: { name: 'both' } }, /the choice for name must be b24 or nav, got "both"/],
      [{ choices: { name: 'nav', city: 'b24' } }, /"city" is not a field of this conflict \(its fields: name\)/],
    ];
    for (const [body, message] of bad) {
      const res = await post(url, body);
      assert.deepEqual(errorOf(res), [400, 'BAD_INPUT'], JSON.stringify(body));
      assert.match(res.json<{ message: string }>().message, message);
    }
    const res = await post(url, { choices: { name: 'nav' } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json<{ conflict: { state: string; resolution: { by: string; choices: Record<string, string> } }; queued: { side: string; id: string } }>();
    assert.equal(body.conflict.state, 'resolved');
    assert.deepEqual([body.conflict.resolution.by, body.conflict.resolution.choices], ['ops (dashboard)', { name: 'nav' }]);
    assert.deepEqual(body.queued, { side: 'b24', id: '1' });
    assert.equal((await listJobs(h.store.db, { state: 'pending', limit: 10 })).length, 1);
    await h.engine.syncOnce();
    assert.equal(h.b24.records.get('1')?.fields['TITLE'], 'NAV name');
    assert.equal(h.nav.records.get(navKey)?.fields['Name'], 'NAV name');
    const again = await post(url, { choices: { name: 'b24' } });
    assert.deepEqual(errorOf(again), [409, 'ALREADY_RESOLVED']);
    assert.match(again.json<{ message: string }>().message, /resolved already \(by ops \(dashboard\)\)/);
    assert.deepEqual((await get('/api/conflicts?state=resolved')).json<{ items: Array<{ id: number }> }>().items.map((c) => c.id), [open.id]);
    assert.equal((await get('/api/conflicts?state=all')).json<{ items: unknown[] }>().items.length, 1);
  });
});
