// Access to the dashboard and /api through the real server, in-process: sign-in,
// sessions, roles, CSRF, tokens, the attempt limit, and the routes that keep their
// own rules. A route added after the hook (as operator plugins are) is covered too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { silentLogger, type Logger } from '../core/log.ts';
import { Redactor } from '../core/redact.ts';
import { harness, type Harness } from '../../test/engine/harness.ts';
import { dashboardConfigSchema, type DashboardConfig } from './access/config.ts';
import { hashPassword } from './access/passwords.ts';
import { buildServer } from './app.ts';

const ADMIN_TOKEN = 'admin-token-0123456789abcdef0123456789';
const VIEWER_TOKEN = 'viewer-token-0123456789abcdef012345678';
const PASSWORDS = { anna: 'anna-password-1', boris: 'boris-password-2' };

interface Recorded {
  readonly lines: string[];
  readonly log: Logger;
}

function recordingLogger(): Recorded {
  const lines: string[] = [];
  const fn = (obj: object | string, msg?: string): void => {
    lines.push(typeof obj === 'string' ? obj : `${JSON.stringify(obj)} ${msg ?? ''}`);
  };
  const log: Logger = { debug: fn, info: fn, warn: fn, error: fn, child: () => log };
  return { lines, log };
}

async function accessConfig(overrides: Record<string, unknown> = {}): Promise<DashboardConfig> {
  return dashboardConfigSchema.parse({
    users: [
      { name: 'anna', passwordHash: await hashPassword(PASSWORDS.anna, { logN: 10 }), role: 'admin' },
      { name: 'boris', passwordHash: await hashPassword(PASSWORDS.boris, { logN: 10 }), role: 'viewer' },
    ],
    tokens: [
      { name: 'ops', token: ADMIN_TOKEN, role: 'admin' },
      { name: 'grafana', token: VIEWER_TOKEN, role: 'viewer' },
    ],
    ...overrides,
  });
}

function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const line = (Array.isArray(header) ? header[0] : header) ?? '';
  return line.split(';')[0] as string;
}

describe('dashboard access', () => {
  let h: Harness;
  let app: FastifyInstance;
  let cfg: DashboardConfig;
  const logged = recordingLogger();
  const changes: string[] = [];

  before(async () => {
    h = await harness();
    cfg = await accessConfig({ signInAttempts: 4 });
    app = buildServer({ engine: h.engine, log: logged.log, redactor: new Redactor(), applicationTokens: ['app-token-0123456789'], bodyLimit: 4096, access: cfg });
    // An operator route registered after buildServer, in its own plugin, like the ops routes.
    await app.register((plugin, _opts, done) => {
      plugin.post('/api/things/:id/poke', (request) => {
        changes.push(`${(request.params as { id: string }).id} by ${request.principal?.name}`);
        return { ok: true };
      });
      done();
    });
  });
  after(async () => {
    await app.close();
    await h.close();
  });

  const signIn = (name: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify({ name, password }), remoteAddress: headers['x-test-ip'] ?? '10.1.1.1' });

  async function session(name: keyof typeof PASSWORDS): Promise<{ cookie: string; csrf: string }> {
    const res = await signIn(name, PASSWORDS[name], { 'x-test-ip': `10.2.2.${name.length}` });
    assert.equal(res.statusCode, 200, res.body);
    return { cookie: cookieOf(res), csrf: res.json<{ csrfToken: string }>().csrfToken };
  }

  it('sends strangers to the sign-in page and refuses them the API', async () => {
    const page = await app.inject({ url: '/' });
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/login');
    const status = await app.inject({ url: '/api/status' });
    assert.equal(status.statusCode, 401);
    assert.equal(status.json<{ error: string }>().error, 'UNAUTHENTICATED');
    assert.equal((await app.inject({ url: '/api/mapping' })).statusCode, 401);
    assert.equal((await app.inject({ method: 'POST', url: '/api/things/1/poke', headers: { 'content-type': 'application/json' }, payload: '{}' })).statusCode, 401);
    assert.deepEqual(changes, []);
    const login = await app.inject({ url: '/login' });
    assert.equal(login.statusCode, 200);
    assert.match(login.headers['content-type'] as string, /text\/html/);
    assert.match(login.headers['content-security-policy'] as string, /script-src 'self'/);
    assert.equal((await app.inject({ url: '/assets/js/login.js' })).statusCode, 200);
  });

  it('signs in with the right password only, and sets an HttpOnly SameSite=Strict cookie', async () => {
    const wrong = await signIn('anna', 'not-her-password', { 'x-test-ip': '10.3.3.3' });
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json<{ error: string }>().error, 'SIGN_IN_FAILED');
    assert.equal(wrong.headers['set-cookie'], undefined);
    assert.equal((await signIn('nobody', 'anna-password-1', { 'x-test-ip': '10.3.3.3' })).statusCode, 401);
    assert.equal((await signIn('anna', '', { 'x-test-ip': '10.3.3.3' })).statusCode, 401);
    const ok = await signIn('anna', PASSWORDS.anna, { 'x-test-ip': '10.3.3.4' });
    assert.equal(ok.statusCode, 200);
    const setCookie = String(ok.headers['set-cookie']);
    assert.match(setCookie, /^b24nav_session=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.doesNotMatch(setCookie, /Secure/);
    const body = ok.json<{ user: { name: string; role: string }; csrfToken: string }>();
    assert.deepEqual(body.user, { name: 'anna', role: 'admin' });
    const me = await app.inject({ url: '/api/auth/session', headers: { cookie: cookieOf(ok) } });
    assert.deepEqual(me.json(), { user: { name: 'anna', role: 'admin', via: 'session' }, csrfToken: body.csrfToken });
    const page = await app.inject({ url: '/', headers: { cookie: cookieOf(ok) } });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<script type="module" src="\/assets\/js\/app.js">/);
  });

  it('lets an admin session change things only with its CSRF token', async () => {
    const { cookie, csrf } = await session('anna');
    const post = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/things/7/poke', headers: { 'content-type': 'application/json', cookie, ...headers }, payload: '{}' });
    const none = await post({});
    assert.equal(none.statusCode, 403);
    assert.equal(none.json<{ error: string }>().error, 'CSRF');
    assert.equal((await post({ 'x-csrf-token': `${csrf}x` })).statusCode, 403);
    const other = await session('boris');
    assert.equal((await post({ 'x-csrf-token': other.csrf })).statusCode, 403, "another session's token does not do");
    assert.deepEqual(changes, []);
    assert.equal((await post({ 'x-csrf-token': csrf })).statusCode, 200);
    assert.deepEqual(changes, ['7 by anna']);
  });

  it('keeps a viewer read-only: reads yes, changes 403 even with a valid CSRF token', async () => {
    const { cookie, csrf } = await session('boris');
    assert.equal((await app.inject({ url: '/api/status', headers: { cookie } })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/mapping', headers: { cookie } })).statusCode, 200);
    const res = await app.inject({ method: 'POST', url: '/api/things/8/poke', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: '{}' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json<{ error: string }>().error, 'FORBIDDEN');
    const viaToken = await app.inject({ method: 'POST', url: '/api/things/8/poke', headers: { 'content-type': 'application/json', authorization: `Bearer ${VIEWER_TOKEN}` }, payload: '{}' });
    assert.equal(viaToken.statusCode, 403);
    assert.ok(!changes.some((c) => c.startsWith('8 ')));
  });

  it('takes API tokens as a Bearer header, without CSRF, and refuses a wrong one', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/things/9/poke', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` }, payload: '{}' });
    assert.equal(ok.statusCode, 200);
    assert.ok(changes.includes('9 by ops'));
    const read = await app.inject({ url: '/api/status', headers: { authorization: `Bearer ${VIEWER_TOKEN}` } });
    assert.equal(read.statusCode, 200);
    for (const header of [`Bearer ${ADMIN_TOKEN.slice(0, -1)}`, `Bearer ${ADMIN_TOKEN}x`, `Basic ${Buffer.from(`ops:${ADMIN_TOKEN}`).toString('base64')}`]) {
      const res = await app.inject({ url: '/api/status', headers: { authorization: header } });
      assert.equal(res.statusCode, 401, header);
      assert.equal(res.json<{ error: string }>().error, 'BAD_TOKEN');
    }
  });

  it('ends the session on sign-out', async () => {
    const { cookie, csrf } = await session('anna');
    assert.equal((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: '{}' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/status', headers: { cookie } })).statusCode, 401);
  });

  it('lets a viewer sign out too (sign-out is the one change every role may make)', async () => {
    const { cookie, csrf } = await session('boris');
    assert.equal((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf }, payload: '{}' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/api/status', headers: { cookie } })).statusCode, 401);
  });

  it('limits sign-in attempts per address, right password or not', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 4; i++) assert.equal((await signIn('anna', `guess-${i}-password`, { 'x-test-ip': ip })).statusCode, 401);
    const limited = await signIn('anna', PASSWORDS.anna, { 'x-test-ip': ip });
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json<{ error: string }>().error, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(limited.headers['retry-after']) > 0);
    assert.equal((await signIn('anna', PASSWORDS.anna, { 'x-test-ip': '10.9.9.10' })).statusCode, 200, 'another address is not limited');
  });

  it('accepts a sign-in only as JSON and only from its own site', async () => {
    const form = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `name=anna&password=${PASSWORDS.anna}`, remoteAddress: '10.4.4.4' });
    assert.equal(form.statusCode, 415);
    const foreign = await signIn('anna', PASSWORDS.anna, { origin: 'https://evil.example', 'x-test-ip': '10.4.4.5' });
    assert.equal(foreign.statusCode, 403);
    const own = await signIn('anna', PASSWORDS.anna, { origin: 'http://dash.example:3000', host: 'dash.example:3000', 'x-test-ip': '10.4.4.6' });
    assert.equal(own.statusCode, 200);
  });

  it('leaves the event endpoint and the health check to their own rules', async () => {
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    const event = await app.inject({ method: 'POST', url: '/webhooks/bitrix24', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'event=ONCRMCOMPANYUPDATE&data[FIELDS][ID]=1&auth[application_token]=wrong-token-000' });
    assert.equal(event.statusCode, 401);
    assert.equal(event.json<{ error: string }>().error, 'BAD_TOKEN');
  });

  it('never shows a password, a hash or a token, in answers or in the log', async () => {
    const { cookie } = await session('anna');
    const bodies = await Promise.all(['/api/auth/session', '/api/status', '/api/mapping', '/', '/login'].map(async (url) => (await app.inject({ url, headers: { cookie } })).body));
    const secrets = [...Object.values(PASSWORDS), ADMIN_TOKEN, VIEWER_TOKEN, ...cfg.users.map((u) => u.passwordHash), ...cfg.users.map((u) => u.passwordHash.split('$').pop() as string)];
    for (const text of [...bodies, ...logged.lines]) for (const secret of secrets) assert.ok(!text.includes(secret), `a secret leaked: ${text.slice(0, 120)}`);
    assert.ok(logged.lines.some((l) => /sign-in failed/.test(l)), 'failed sign-ins are logged (without the name or password)');
  });
});

describe('dashboard access, not configured', () => {
  let h: Harness;
  let app: FastifyInstance;
  const logged = recordingLogger();
  before(async () => {
    h = await harness();
    app = buildServer({ engine: h.engine, log: logged.log, redactor: new Redactor(), applicationTokens: ['app-token-0123456789'], bodyLimit: 4096, access: dashboardConfigSchema.parse({}) });
  });
  after(async () => {
    await app.close();
    await h.close();
  });

  it('serves neither the dashboard nor the API, says how to configure them, and keeps health and events working', async () => {
    for (const url of ['/', '/login', '/api/status', '/api/mapping', '/assets/js/app.js']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 503, url);
      assert.equal(res.json<{ error: string }>().error, 'DASHBOARD_DISABLED');
    }
    assert.equal((await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"name":"a","password":"b"}' })).statusCode, 503);
    assert.ok(logged.lines.some((l) => /server\.dashboard\.users/.test(l) && /b24nav hash-password/.test(l)), 'the log says how to turn it on');
    assert.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
    const event = await app.inject({ method: 'POST', url: '/webhooks/bitrix24', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'event=ONCRMCOMPANYUPDATE&data[FIELDS][ID]=1&auth[application_token]=app-token-0123456789' });
    assert.equal(event.statusCode, 202);
  });
});

describe('dashboard access behind TLS', () => {
  it('marks the cookie Secure when server.dashboard.secureCookie is set', async () => {
    const h = await harness();
    const app = buildServer({ engine: h.engine, log: silentLogger, redactor: new Redactor(), applicationTokens: [], bodyLimit: 4096, access: await accessConfig({ secureCookie: true }) });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'anna', password: PASSWORDS.anna }) });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['set-cookie']), /; Secure/);
    } finally {
      await app.close();
      await h.close();
    }
  });
});
