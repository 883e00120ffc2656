// Authentication as a cloud portal does it (reference bitrix24-rest.md §1): the
// inbound webhook URL, OAuth 2.0 with rotating refresh tokens, and the auth errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { FakeClock } from '../../core/clock.ts';
import { addApp, authorizationCode } from './admin-actions.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, get, hook, oauth, postForm, postJson, rec, refresh, result, signIn, str, tokensOf } from './test-support.ts';

describe('B24 sandbox: inbound webhook', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, webhookCode: 'hook0code', seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
  });
  after(() => b24.close());

  it('answers /rest/<user>/<code>/<method> with and without .json', async () => {
    const plain = await get(`${b24.webhookUrl}crm.company.get?id=1`);
    const json = await get(`${b24.webhookUrl}crm.company.get.json?id=1`);
    assert.equal(plain.status, 200);
    assert.equal(json.status, 200);
    assert.equal(str(plain.body, 'result', 'ID'), '1');
    assert.deepEqual(dig(json.body, 'result'), dig(plain.body, 'result'));
    assert.equal(b24.webhookUrl, `${b24.url}/rest/1/hook0code/`);
  });

  it('refuses a wrong code or another user id with 401 NO_AUTH_FOUND', async () => {
    for (const url of [`${b24.url}/rest/1/wrongcode/crm.company.get?id=1`, `${b24.url}/rest/2/hook0code/crm.company.get?id=1`]) {
      const reply = await get(url);
      assert.equal(reply.status, 401);
      assert.deepEqual(reply.body, { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' });
    }
  });

  it('refuses to start with a webhook code that is not 4 to 64 letters or digits, naming the option', async () => {
    await assert.rejects(startB24Sandbox({ port: 0, webhookCode: 'no!' }), /--webhook-code must be 4 to 64 letters or digits/);
  });

  it('refuses /rest/<method> without auth with 401 NO_AUTH_FOUND', async () => {
    const reply = await get(`${b24.url}/rest/crm.company.get?id=1`);
    assert.equal(reply.status, 401);
    assert.equal(dig(reply.body, 'error'), 'NO_AUTH_FOUND');
  });

  it('answers an unknown method with 404 ERROR_METHOD_NOT_FOUND', async () => {
    const reply = await hook(b24, 'crm.lead.list');
    assert.equal(reply.status, 404);
    assert.deepEqual(reply.body, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
  });

  it('answers an unknown method with 400 instead when methodNotFoundStatus says so (UNCONFIRMED status)', async () => {
    const other = await startB24Sandbox({ port: 0, limits: false, methodNotFoundStatus: 400, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
    try {
      const reply = await hook(other, 'crm.lead.list');
      assert.equal(reply.status, 400);
      assert.equal(dig(reply.body, 'error'), 'ERROR_METHOD_NOT_FOUND');
    } finally {
      await other.close();
    }
  });

  it('refuses event.bind and event.get from a webhook with 403 WRONG_AUTH_TYPE', async () => {
    for (const method of ['event.bind', 'event.get']) {
      const reply = await hook(b24, method, { event: 'ONCRMCOMPANYADD', handler: 'https://example.com/h' });
      assert.equal(reply.status, 403, method);
      assert.equal(dig(reply.body, 'error'), 'WRONG_AUTH_TYPE');
      assert.match(str(reply.body, 'error_description'), /Application context required/);
    }
  });

  it('refuses a method outside the webhook scopes with 403 insufficient_scope', async () => {
    const webhook = b24.portal.state.webhooks.find((w) => w.code === 'hook0code');
    assert.ok(webhook);
    const saved = webhook.scopes;
    webhook.scopes = ['crm'];
    try {
      const reply = await hook(b24, 'catalog.product.get', { id: 1 });
      assert.equal(reply.status, 403);
      assert.equal(dig(reply.body, 'error'), 'insufficient_scope');
      assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 200);
    } finally {
      webhook.scopes = saved;
    }
  });
});

describe('B24 sandbox: OAuth 2.0', () => {
  const clock = new FakeClock(Date.UTC(2026, 2, 2, 9, 0, 0));
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, clock, seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
  });
  after(() => b24.close());

  it('exchanges an authorization code by GET query for a token pair of the documented shape', async () => {
    const t = await signIn(b24);
    assert.equal(t.body['expires_in'], 3600);
    assert.equal(t.body['expires'], Math.floor(clock.now() / 1000) + 3600);
    assert.equal(t.body['client_endpoint'], `${b24.url}/rest/`);
    assert.equal(typeof t.body['server_endpoint'], 'string');
    assert.equal(typeof t.body['member_id'], 'string');
    assert.equal(t.body['user_id'], 1);
    assert.match(str(t.body, 'scope'), /(^|,)crm(,|$)/);
    assert.notEqual(t.access, t.refresh);
  });

  it('exchanges an authorization code by POST form, once only', async () => {
    const code = authorizationCode(b24.portal, b24.app.clientId);
    const form = new URLSearchParams({ grant_type: 'authorization_code', client_id: b24.app.clientId, client_secret: b24.app.clientSecret, code }).toString();
    const first = await postForm(`${b24.url}/oauth/token/`, form);
    assert.equal(first.status, 200);
    const again = await postForm(`${b24.url}/oauth/token/`, form);
    assert.equal(dig(again.body, 'error'), 'invalid_grant');
  });

  it('lets an authorization code live 30 seconds', async () => {
    const code = authorizationCode(b24.portal, b24.app.clientId);
    await clock.advance(31_000);
    const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: b24.app.clientId, client_secret: b24.app.clientSecret, code });
    const reply = await get(`${b24.url}/oauth/token/?${query.toString()}`);
    assert.equal(dig(reply.body, 'error'), 'invalid_grant');
  });

  it('runs the browser step /oauth/authorize/: the redirect carries code, state, domain, member_id, scope', async () => {
    const shown = await get(`${b24.url}/oauth/authorize/?client_id=${b24.app.clientId}&state=s1`);
    assert.equal(shown.status, 200);
    assert.equal(dig(shown.body, 'state'), 's1');
    const app = addApp(b24.portal, { redirectUri: 'https://app.example.com/callback' });
    const res = await request(`${b24.url}/oauth/authorize/?client_id=${app.clientId}&state=s2`);
    await res.body.dump();
    assert.equal(res.statusCode, 302);
    const location = new URL(String(res.headers['location']));
    assert.equal(`${location.origin}${location.pathname}`, 'https://app.example.com/callback');
    assert.deepEqual([location.searchParams.get('state'), location.searchParams.get('member_id')], ['s2', b24.portal.memberId]);
    const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code: location.searchParams.get('code') ?? '' });
    assert.equal((await get(`${b24.url}/oauth/token/?${query.toString()}`)).status, 200);
  });

  it('refuses a wrong client secret with invalid_client', async () => {
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: b24.app.clientId, client_secret: 'nope', refresh_token: 'x' });
    const reply = await get(`${b24.url}/oauth/token/?${query.toString()}`);
    assert.equal(dig(reply.body, 'error'), 'invalid_client');
  });

  it('hands out a new refresh token on each refresh and refuses the old one', async () => {
    const first = await signIn(b24);
    const second = tokensOf(await refresh(b24, first.refresh));
    assert.notEqual(second.refresh, first.refresh);
    assert.notEqual(second.access, first.access);
    const reused = await refresh(b24, first.refresh);
    assert.equal(reused.status, 400);
    assert.equal(dig(reused.body, 'error'), 'invalid_grant');
    // The GET form of the same grant, as the docs show it.
    const query = new URLSearchParams({ grant_type: 'refresh_token', client_id: b24.app.clientId, client_secret: b24.app.clientSecret, refresh_token: second.refresh });
    const third = tokensOf(await get(`${b24.url}/oauth/token/?${query.toString()}`));
    assert.notEqual(third.refresh, second.refresh);
  });

  it('takes the access token as `auth` in the query, the JSON body or the form body of /rest/<method>', async () => {
    const t = await signIn(b24);
    const byQuery = await get(`${b24.url}/rest/crm.company.get.json?id=1&auth=${t.access}`);
    const byJson = await oauth(b24, t.access, 'crm.company.get', { id: 1 });
    const byForm = await postForm(`${b24.url}/rest/crm.company.get`, `id=1&auth=${t.access}`);
    for (const reply of [byQuery, byJson, byForm]) assert.equal(str(reply.body, 'result', 'ID'), '1');
  });

  it('answers 401 expired_token after an hour, and the refreshed token works', async () => {
    const t = await signIn(b24);
    await clock.advance(3600_000);
    const reply = await oauth(b24, t.access, 'crm.company.get', { id: 1 });
    assert.equal(reply.status, 401);
    assert.deepEqual(reply.body, { error: 'expired_token', error_description: 'The access token provided has expired' });
    const fresh = tokensOf(await refresh(b24, t.refresh));
    assert.equal(str(result(await oauth(b24, fresh.access, 'crm.company.get', { id: 1 })), 'ID'), '1');
  });

  it('answers 401 NO_AUTH_FOUND for a token it never issued', async () => {
    const reply = await oauth(b24, 'not-a-token', 'crm.company.get', { id: 1 });
    assert.equal(reply.status, 401);
    assert.equal(dig(reply.body, 'error'), 'NO_AUTH_FOUND');
  });

  it('answers 403 insufficient_scope when the application lacks the scope', async () => {
    const app = addApp(b24.portal, { scopes: ['crm'] });
    const t = await signIn(b24, app);
    const denied = await oauth(b24, t.access, 'user.get');
    assert.equal(denied.status, 403);
    assert.equal(dig(denied.body, 'error'), 'insufficient_scope');
    assert.deepEqual(result(await oauth(b24, t.access, 'scope')), ['crm']);
  });

  it('lets an application bind events (application context)', async () => {
    const t = await signIn(b24);
    const reply = await oauth(b24, t.access, 'event.bind', { event: 'ONCRMCOMPANYADD', handler: 'https://example.com/h' });
    assert.equal(result(reply), true);
    const bound = await postJson(`${b24.url}/rest/event.get`, { auth: t.access });
    assert.deepEqual(rec(bound.body, 'result', 0)['event'], 'ONCRMCOMPANYADD');
  });
});
