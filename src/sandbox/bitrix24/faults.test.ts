// Faults on demand and the /_sandbox/ admin API (issue 2 item 2, DESIGN §6):
// latency, http_500, timeout, drop_after_commit, rate_limit and expire_tokens, over
// HTTP and programmatically; state, reset, edit and the other user actions.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, get, hook, list, num, oauth, postJson, rec, refresh, result, signIn, startReceiver, str, tokensOf } from './test-support.ts';

const SEED = { companies: 4, contacts: 2, deals: 2, products: 2 };

describe('B24 sandbox: faults', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: SEED });
  });
  after(() => b24.close());
  afterEach(() => b24.portal.faults.clear());

  const companies = () => b24.portal.state.companies.size;
  const titled = (title: string) => b24.portal.state.companies.find((c) => c['TITLE'] === title);

  it('latency: answers, late', async () => {
    const rule = rec((await postJson(`${b24.url}/_sandbox/faults`, { method: 'crm.company.get', kind: 'latency', latencyMs: 20 })).body, 'rules', 0);
    assert.equal(rule['kind'], 'latency');
    assert.equal(str(result(await hook(b24, 'crm.company.get', { id: 1 })), 'ID'), '1');
    assert.equal(b24.portal.faults.injected.latency, 1);
  });

  it('http_500: answers 500 INTERNAL_SERVER_ERROR and applies nothing', async () => {
    b24.portal.faults.add({ method: 'crm.company.add', kind: 'http_500' });
    const before = companies();
    const reply = await hook(b24, 'crm.company.add', { fields: { TITLE: 'Never' } });
    assert.equal(reply.status, 500);
    assert.deepEqual(reply.body, { error: 'INTERNAL_SERVER_ERROR', error_description: 'Internal server error' });
    assert.equal(companies(), before);
  });

  it('timeout: holds the request until the client gives up; nothing is applied', async () => {
    b24.portal.faults.add({ method: 'crm.company.add', kind: 'timeout', latencyMs: 60_000 });
    const before = companies();
    await assert.rejects(
      request(`${b24.webhookUrl}crm.company.add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { TITLE: 'Timed out' } }), headersTimeout: 150 }),
      (error: Error & { code?: string }) => error.code === 'UND_ERR_HEADERS_TIMEOUT',
    );
    assert.equal(companies(), before);
    assert.equal(titled('Timed out'), undefined);
  });

  it('timeout: closing the sandbox cuts a held request instead of waiting for it', async () => {
    const other = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
    other.portal.faults.add({ kind: 'timeout' });
    const pending = request(`${other.webhookUrl}scope`, { headersTimeout: 600_000 });
    while (other.portal.faults.injected.timeout === 0) await new Promise((resolve) => setImmediate(resolve));
    await other.close();
    await assert.rejects(pending, (error: Error & { code?: string }) => error.code === 'UND_ERR_SOCKET');
  });

  it('drop_after_commit: the connection is cut, but the record exists', async () => {
    await postJson(`${b24.url}/_sandbox/faults`, { method: 'crm.company.add', kind: 'drop_after_commit', count: 1 });
    await assert.rejects(
      request(`${b24.webhookUrl}crm.company.add`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ fields: { TITLE: 'Committed' } }) }),
      (error: Error & { code?: string }) => error.code === 'UND_ERR_SOCKET',
    );
    const record = titled('Committed');
    assert.ok(record);
    // A retry finds it by its title, as a client must before adding again; the rule fired once only.
    const found = list(result(await hook(b24, 'crm.company.list', { filter: { TITLE: 'Committed' }, select: ['ID'] })));
    assert.deepEqual(found, [{ ID: String(record.ID) }]);
  });

  it('rate_limit: 503 QUERY_LIMIT_EXCEEDED even with limits off', async () => {
    b24.portal.faults.add({ method: 'crm.*', kind: 'rate_limit', count: 2 });
    assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 503);
    assert.deepEqual((await hook(b24, 'crm.deal.get', { id: 1 })).body, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' });
    assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 200);
  });

  it('expire_tokens: the OAuth token in use expires now (401 expired_token); a refresh cures it', async () => {
    const t = await signIn(b24);
    b24.portal.faults.add({ kind: 'expire_tokens', count: 1 });
    // A webhook call in between does not use the rule up.
    assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 200);
    const reply = await oauth(b24, t.access, 'crm.company.get', { id: 1 });
    assert.equal(reply.status, 401);
    assert.equal(dig(reply.body, 'error'), 'expired_token');
    assert.equal((await oauth(b24, t.access, 'crm.company.get', { id: 1 })).status, 401);
    const fresh = tokensOf(await refresh(b24, t.refresh));
    assert.equal(str(result(await oauth(b24, fresh.access, 'crm.company.get', { id: 1 })), 'ID'), '1');
  });

  it('applies a command method rule to the batch that carries it', async () => {
    b24.portal.faults.add({ method: 'crm.company.add', kind: 'http_500' });
    const before = companies();
    const reply = await hook(b24, 'batch', { cmd: { a: 'crm.company.add?fields[TITLE]=Batched', b: 'scope' } });
    assert.equal(reply.status, 500);
    assert.equal(companies(), before);
  });

  it('fires a rule with rate < 1 reproducibly from the fault seed', async () => {
    const runs: boolean[][] = [];
    for (let round = 0; round < 2; round++) {
      b24.portal.faults.clear();
      b24.portal.faults.reseed(7);
      b24.portal.faults.add({ method: 'crm.company.get', kind: 'http_500', rate: 0.5 });
      const seen: boolean[] = [];
      for (let i = 0; i < 12; i++) seen.push((await hook(b24, 'crm.company.get', { id: 1 })).status === 500);
      runs.push(seen);
    }
    assert.deepEqual(runs[0], runs[1]);
    assert.ok(runs[0]?.includes(true) && runs[0].includes(false));
  });

  it('lists and removes rules, and explains a bad rule naming the field', async () => {
    const id = str((await postJson(`${b24.url}/_sandbox/faults`, [{ kind: 'latency', latencyMs: 1 }, { kind: 'http_500', method: 'nope.*' }])).body, 'rules', 0, 'id');
    assert.equal(list((await get(`${b24.url}/_sandbox/faults`)).body, 'rules').length, 2);
    const del = await request(`${b24.url}/_sandbox/faults/${id}`, { method: 'DELETE' });
    assert.equal(del.statusCode, 200);
    await del.body.dump();
    assert.equal(list((await get(`${b24.url}/_sandbox/faults`)).body, 'rules').length, 1);
    const bad = await postJson(`${b24.url}/_sandbox/faults`, { kind: 'http_500', rate: 2 });
    assert.equal(bad.status, 400);
    assert.equal(dig(bad.body, 'error'), 'INVALID_FAULT');
    assert.match(str(bad.body, 'error_description'), /rate/);
    const navOnly = await postJson(`${b24.url}/_sandbox/faults`, { kind: 'stale_key' });
    assert.equal(navOnly.status, 400);
    const clear = await request(`${b24.url}/_sandbox/faults`, { method: 'DELETE' });
    await clear.body.dump();
    assert.deepEqual(list((await get(`${b24.url}/_sandbox/faults`)).body, 'rules'), []);
  });
});

describe('B24 sandbox: admin API', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: SEED });
  });
  after(() => b24.close());

  it('GET /_sandbox/state counts rows per entity', async () => {
    const state = (await get(`${b24.url}/_sandbox/state`)).body;
    assert.equal(dig(state, 'counts', 'companies'), 4);
    assert.equal(dig(state, 'counts', 'deals'), 2);
    assert.equal(dig(state, 'plan'), 'standard');
    assert.equal(dig(state, 'limits'), false);
  });

  it('POST /_sandbox/edit changes a record as a user would, and its events fire', async () => {
    const receiver = await startReceiver();
    try {
      await postJson(`${b24.url}/_sandbox/outgoing-webhooks`, { events: ['ONCRMCOMPANYUPDATE'], handler: receiver.url });
      const edited = await postJson(`${b24.url}/_sandbox/edit`, { entity: 'company', id: 2, fields: { TITLE: 'Edited in the UI' } });
      assert.equal(edited.status, 200);
      assert.equal(str(result(await hook(b24, 'crm.company.get', { id: 2 })), 'TITLE'), 'Edited in the UI');
      await b24.portal.events.settle();
      assert.equal(receiver.received.length, 1);
      const bad = await postJson(`${b24.url}/_sandbox/edit`, { entity: 'lead', id: 1, fields: {} });
      assert.equal(bad.status, 400);
      assert.match(str(bad.body, 'error_description'), /entity must be one of/);
      const missing = await postJson(`${b24.url}/_sandbox/edit`, { entity: 'company', id: 999999, fields: { TITLE: 'x' } });
      assert.deepEqual(missing.body, { error: '', error_description: 'Company is not found' });
    } finally {
      await receiver.close();
    }
  });

  it('POST /_sandbox/call runs a method as the portal admin; /notifications shows im.notify.system.add', async () => {
    const reply = await postJson(`${b24.url}/_sandbox/call`, { method: 'im.notify.system.add', params: { USER_ID: 2, MESSAGE: 'Hello' } });
    assert.equal(reply.status, 200);
    assert.equal(typeof dig(reply.body, 'result'), 'number');
    const notifications = list((await get(`${b24.url}/_sandbox/notifications`)).body, 'notifications');
    assert.equal(dig(notifications.at(-1), 'message'), 'Hello');
  });

  it('POST /_sandbox/apps and /_sandbox/oauth/code let a client sign in with the documented grant', async () => {
    const app = rec((await postJson(`${b24.url}/_sandbox/apps`, { scopes: ['crm'] })).body);
    const code = str((await postJson(`${b24.url}/_sandbox/oauth/code`, { clientId: app['clientId'] })).body, 'code');
    const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: str(app, 'clientId'), client_secret: str(app, 'clientSecret'), code });
    const t = tokensOf(await get(`${b24.url}/oauth/token/?${query.toString()}`));
    assert.deepEqual(result(await oauth(b24, t.access, 'scope')), ['crm']);
  });

  it('GET /_sandbox/deliveries and /_sandbox/limits; POST /_sandbox/inventory-management', async () => {
    assert.ok(Array.isArray(dig((await get(`${b24.url}/_sandbox/deliveries`)).body, 'deliveries')));
    assert.equal(dig((await get(`${b24.url}/_sandbox/limits`)).body, 'enabled'), false);
    assert.deepEqual((await postJson(`${b24.url}/_sandbox/inventory-management`, { enabled: false })).body, { enabled: false });
    const refused = await hook(b24, 'catalog.document.add', { fields: { docType: 'A' } });
    assert.deepEqual(refused.body, { error: '0', error_description: 'Warehouse accounting must be enabled to conduct the document' });
    assert.equal(result(await hook(b24, 'catalog.document.mode.status')), 'N');
    await postJson(`${b24.url}/_sandbox/inventory-management`, { enabled: true });
  });

  it('POST /_sandbox/reset re-seeds the data and keeps the webhook and OAuth tokens working', async () => {
    const t = await signIn(b24);
    num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Before reset' } })));
    b24.portal.faults.add({ kind: 'latency', latencyMs: 1 });
    const reply = await postJson(`${b24.url}/_sandbox/reset`, {});
    assert.deepEqual(reply.body, { ok: true });
    assert.equal(dig((await get(`${b24.url}/_sandbox/state`)).body, 'counts', 'companies'), 4);
    assert.deepEqual(b24.portal.faults.list(), []);
    assert.equal(str(result(await hook(b24, 'crm.company.get', { id: 1 })), 'ID'), '1');
    assert.equal(str(result(await oauth(b24, t.access, 'crm.company.get', { id: 1 })), 'ID'), '1');
    const empty = await postJson(`${b24.url}/_sandbox/reset`, { seed: { companies: 0, contacts: 0, deals: 0 } });
    assert.equal(empty.status, 200);
    assert.deepEqual(result(await hook(b24, 'crm.company.list')), []);
    const bad = await postJson(`${b24.url}/_sandbox/reset`, { seed: { companies: -1 } });
    assert.equal(bad.status, 400);
    assert.match(str(bad.body, 'error_description'), /seed\.companies/);
    b24.reset();
    assert.equal(b24.portal.state.companies.size, 4);
  });
});

describe('B24 sandbox: admin API switched off', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, admin: false, seed: SEED });
  });
  after(() => b24.close());

  it('has no /_sandbox/ routes', async () => {
    assert.equal((await get(`${b24.url}/_sandbox/state`)).status, 404);
    assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 200);
  });
});
