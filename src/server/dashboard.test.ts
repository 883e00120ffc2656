// The dashboard's own routes through the real server: the pages in the browser's
// language, the mapping in effect, throughput per minute, and the live stream
// (a snapshot at once, a push right after an operator action, the end of the
// stream when its session signs out).
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { silentLogger } from '../core/log.ts';
import { Redactor } from '../core/redact.ts';
import { appendHistoryMany } from '../store/index.ts';
import { deadLetter } from '../ops/test-support.ts';
import { harness, type Harness } from '../../test/engine/harness.ts';
import { dashboardConfigSchema } from './access/config.ts';
import { hashPassword } from './access/passwords.ts';
import { buildServer } from './app.ts';
import { preferredLanguage } from './dashboard.ts';

const TOKEN = 'dash-token-0123456789abcdef0123456789ab';
const PASSWORD = 'anna-password-1';

interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** Opens an event stream; `next(pred)` resolves with the first event (from now on) that matches. */
function openStream(url: string, headers: Record<string, string>): Promise<{ res: IncomingMessage; next(pred: (e: SseEvent) => boolean): Promise<SseEvent>; ended: Promise<void>; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      const waiters: Array<{ pred: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }> = [];
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event === undefined || data === undefined) continue;
          const e = { event, data };
          const i = waiters.findIndex((w) => w.pred(e));
          if (i >= 0) waiters.splice(i, 1)[0]?.resolve(e);
          else events.push(e);
        }
      });
      const ended = new Promise<void>((done) => res.on('end', done));
      resolve({
        res,
        ended,
        next: (pred) =>
          new Promise((done) => {
            const i = events.findIndex(pred);
            if (i >= 0) done(events.splice(i, 1)[0] as SseEvent);
            else waiters.push({ pred, resolve: done });
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard routes', () => {
  let h: Harness;
  let app: FastifyInstance;
  let base: string;
  const deadIds: number[] = [];

  before(async () => {
    h = await harness();
    const access = dashboardConfigSchema.parse({
      users: [{ name: 'anna', passwordHash: await hashPassword(PASSWORD, { logN: 10 }), role: 'admin' }],
      tokens: [{ name: 'ops', token: TOKEN, role: 'admin' }],
    });
    app = buildServer({ engine: h.engine, log: silentLogger, redactor: new Redactor(), applicationTokens: [], bodyLimit: 4096, access, liveIntervalMs: 60_000 });
    // Two real dead letters, for operator actions that succeed (the ops API's retry).
    const error = { code: 'NAV_VALIDATION', kind: 'permanent', system: 'nav', message: 'refused' } as const;
    const now = h.engine.clock.now();
    deadIds.push(await deadLetter(h.store.db, { entity: 'customers', source: 'b24', recordId: '901', kind: 'event', payload: null }, error, now));
    deadIds.push(await deadLetter(h.store.db, { entity: 'customers', source: 'b24', recordId: '902', kind: 'event', payload: null }, error, now));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await app.close();
    await h.close();
  });

  const auth = { authorization: `Bearer ${TOKEN}` };

  it('picks Russian when the browser ranks it above English, English otherwise', async () => {
    assert.equal(preferredLanguage('ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7'), 'ru');
    assert.equal(preferredLanguage('en-US,en;q=0.9,ru;q=0.8'), 'en');
    assert.equal(preferredLanguage('de-DE,de;q=0.9,ru;q=0.5'), 'ru');
    assert.equal(preferredLanguage('ru;q=0.3,en;q=0.4'), 'en');
    assert.equal(preferredLanguage('ru;q=0'), 'en');
    assert.equal(preferredLanguage('fr'), 'en');
    assert.equal(preferredLanguage(undefined), 'en');
    const ru = await app.inject({ url: '/login', headers: { 'accept-language': 'ru-RU,ru;q=0.9' } });
    assert.match(ru.body, /<html lang="ru">/);
    const en = await app.inject({ url: '/login', headers: { 'accept-language': 'en-GB' } });
    assert.match(en.body, /<html lang="en">/);
  });

  it('shows the mapping in effect: direction, owner, policy, match keys, fields with their flow', async () => {
    const res = await app.inject({ url: '/api/mapping', headers: auth });
    assert.equal(res.statusCode, 200);
    const m = res.json<{ entities: Array<{ entity: string; direction: string; owner: string; policy: string; matchKeys: string[]; fields: Array<{ name: string; b24: string | null; nav: string | null; direction: string; owner: string; compared: boolean }> }> }>();
    assert.deepEqual(m.entities.map((e) => e.entity), ['customers'], 'only the enabled kinds');
    const customers = m.entities[0];
    assert.ok(customers);
    assert.equal(customers.direction, 'both');
    assert.equal(customers.owner, 'b24');
    assert.equal(customers.policy, 'merge');
    assert.deepEqual(customers.matchKeys, ['taxId', 'email', 'phone']);
    const field = (name: string) => customers.fields.find((f) => f.name === name);
    assert.deepEqual(field('name'), { ...field('name'), b24: 'TITLE', nav: 'Name', direction: 'both', owner: 'b24', compared: true });
    assert.equal(field('creditLimit')?.direction, 'nav_to_b24');
    assert.equal(field('creditLimit')?.owner, 'nav');
    assert.equal(field('salesperson')?.direction, 'b24_to_nav');
  });

  it('counts throughput per minute from the history; refuses a bad window', async () => {
    const now = h.engine.clock.now();
    await appendHistoryMany(h.store.db, [
      { at: now - 1000, entity: 'customers', action: 'created', b24Id: '1' },
      { at: now - 1000, entity: 'customers', action: 'updated', b24Id: '2' },
      { at: now - 1000, entity: 'customers', action: 'failed', b24Id: '3' },
    ]);
    const res = await app.inject({ url: '/api/throughput?minutes=5', headers: auth });
    assert.equal(res.statusCode, 200);
    const t = res.json<{ from: string; minutes: number; entities: Array<{ entity: string; synced: number[]; failed: number[] }> }>();
    assert.equal(t.minutes, 5);
    assert.ok(Date.parse(t.from) <= now - 1000 && Date.parse(t.from) > now - 6 * 60_000);
    const customers = t.entities.find((e) => e.entity === 'customers');
    assert.equal(customers?.synced.length, 5);
    assert.equal(customers?.synced.reduce((a, b) => a + b, 0), 2);
    assert.equal(customers?.failed.reduce((a, b) => a + b, 0), 1);
    for (const bad of ['0', '1441', 'abc', '2.5']) {
      const r = await app.inject({ url: `/api/throughput?minutes=${bad}`, headers: auth });
      assert.equal(r.statusCode, 400, bad);
      assert.match(r.json<{ message: string }>().message, /minutes: expected a whole number from 1 to 1440/);
    }
  });

  it('streams a snapshot at once and pushes right after an operator action', async () => {
    const stream = await openStream(`${base}/api/events`, auth);
    try {
      assert.equal(stream.res.statusCode, 200);
      assert.match(String(stream.res.headers['content-type']), /^text\/event-stream/);
      const first = await stream.next((e) => e.event === 'snapshot');
      const snapshot = JSON.parse(first.data) as { status: { entities: Array<{ entity: string }> }; throughput: { minutes: number } };
      assert.deepEqual(snapshot.status.entities.map((e) => e.entity), ['customers']);
      assert.equal(snapshot.throughput.minutes, 60);
      const retried = await app.inject({ method: 'POST', url: `/api/dead-letters/${deadIds[0]}/retry`, headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' });
      assert.equal(retried.statusCode, 200);
      // The interval is a minute: only the action can have caused this push.
      const action = await stream.next((e) => e.event === 'action');
      assert.deepEqual(JSON.parse(action.data), { action: '/api/dead-letters/:id/retry' });
    } finally {
      stream.close();
    }
  });

  it('refuses the stream to strangers and ends a session\'s stream when it signs out', async () => {
    const stranger = await openStream(`${base}/api/events`, {});
    assert.equal(stranger.res.statusCode, 401);
    stranger.close();
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'anna', password: PASSWORD }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const stream = await openStream(`${base}/api/events`, { cookie });
    await stream.next((e) => e.event === 'snapshot');
    const out = await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken }, body: '{}' });
    assert.equal(out.status, 200);
    // Another action makes the hub look at every stream again.
    await app.inject({ method: 'POST', url: `/api/dead-letters/${deadIds[1]}/retry`, headers: { ...auth, 'content-type': 'application/json' }, payload: '{}' });
    const signedOut = await stream.next((e) => e.event === 'signed-out');
    assert.equal(signedOut.event, 'signed-out');
    await stream.ended;
  });
});
