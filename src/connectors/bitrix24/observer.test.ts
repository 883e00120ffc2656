// The client's observers (metrics, alerts) against the sandbox over real HTTP:
// every HTTP request is reported once — a batch as `batch` with its command
// count, a request that failed as a whole with its classified error — and every
// OAuth refresh is reported with how it ended. Observers change no outcome.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { FakeClock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { drive } from '../../../test/support/drive.ts';
import type { OAuthTokens, RefreshOutcome } from './auth.ts';
import { B24Client, type B24Request } from './client.ts';
import { PLAN_LIMITS } from './limiter.ts';

const FAST_RETRY = { baseMs: 5, capMs: 20, maxAttempts: 3 };

describe('B24Client request observer', () => {
  let sb: RunningB24Sandbox;
  let client: B24Client;
  const seen: B24Request[] = [];
  before(async () => {
    sb = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 5, contacts: 0, deals: 0, products: 0 } });
    client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, retry: FAST_RETRY, timeoutMs: 2000, onRequest: (r) => seen.push(r) });
  });
  after(async () => {
    await client.close();
    await sb.close();
  });

  it('reports a single call and a batch with their command counts', async () => {
    seen.length = 0;
    await client.call('crm.company.get', { id: 1 });
    await Promise.all([1, 2, 3].map((id) => client.call('crm.company.get', { id })));
    assert.deepEqual(seen.map((r) => [r.method, r.commands, r.error?.code]), [['crm.company.get', 1, undefined], ['batch', 3, undefined]]);
    assert.ok(seen.every((r) => r.ms >= 0));
  });

  it('a method refusing one call is an answer, not a failed request; a 500 is reported on each attempt', async () => {
    seen.length = 0;
    await assert.rejects(client.call('crm.company.get', { id: 999_999 }), { code: 'B24_NOT_FOUND' });
    assert.deepEqual(seen.map((r) => [r.method, r.error?.code]), [['crm.company.get', 'B24_NOT_FOUND']]);
    seen.length = 0;
    sb.portal.faults.add({ kind: 'http_500', method: 'crm.company.get', count: 2 });
    await client.call('crm.company.get', { id: 2 });
    assert.deepEqual(seen.map((r) => r.error?.code), ['B24_SERVER_ERROR', 'B24_SERVER_ERROR', undefined]);
  });

  it('a batch where only some commands fail is reported as answered', async () => {
    seen.length = 0;
    const results = await Promise.allSettled([client.call('crm.company.get', { id: 1 }), client.call('crm.company.get', { id: 999_999 })]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
    assert.deepEqual(seen.map((r) => [r.method, r.error?.code]), [['batch', undefined]]);
  });

  it('a refused connection is reported as B24_NETWORK; an observer that throws changes nothing', async () => {
    const down: B24Request[] = [];
    const dead = new B24Client({ credentials: { kind: 'webhook', url: 'http://127.0.0.1:9/rest/1/abcdef12/' }, retry: FAST_RETRY, timeoutMs: 1000, onRequest: (r) => down.push(r) });
    const throwing = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, retry: FAST_RETRY, onRequest: () => { throw new Error('observer bug'); } });
    try {
      await assert.rejects(dead.call('crm.company.add', { fields: { TITLE: 'x' } }), { code: 'B24_NETWORK' });
      assert.ok(down.length >= 1 && down.every((r) => r.error?.code === 'B24_NETWORK'));
      assert.equal((await throwing.call<{ ID: string }>('crm.company.get', { id: 1 })).ID, '1');
    } finally {
      await dead.close();
      await throwing.close();
    }
  });

  it('the limiter snapshot tells its plan: bucket size, drain rate and operating limit', () => {
    const snap = client.limits();
    assert.equal(snap.bucketSize, PLAN_LIMITS.standard.bucketSize);
    assert.equal(snap.drainPerSecond, PLAN_LIMITS.standard.drainPerSecond);
    assert.equal(snap.operatingLimitSeconds, 480);
  });
});

async function tokensFor(sb: RunningB24Sandbox, now: number): Promise<OAuthTokens> {
  const code = b24Admin.authorizationCode(sb.portal, sb.app.clientId);
  const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: sb.app.clientId, client_secret: sb.app.clientSecret, code });
  const res = await request(`${sb.url}/oauth/token/?${query.toString()}`);
  const body = (await res.body.json()) as Record<string, unknown>;
  assert.equal(res.statusCode, 200);
  return {
    accessToken: body['access_token'] as string,
    refreshToken: body['refresh_token'] as string,
    expiresAt: now + (body['expires_in'] as number) * 1000,
    clientEndpoint: body['client_endpoint'] as string,
    serverEndpoint: body['server_endpoint'] as string,
  };
}

describe('B24Client OAuth refresh observer', () => {
  let sb: RunningB24Sandbox;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.now());
    sb = await startB24Sandbox({ port: 0, clock, limits: false, seed: { companies: 2, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => sb.close());

  it('reports a refresh that worked and one that was refused, once each', async () => {
    const tokens = await tokensFor(sb, clock.now());
    const outcomes: RefreshOutcome[] = [];
    const good = new B24Client({ credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: sb.app.clientSecret, tokens: { ...tokens, expiresAt: clock.now() - 1 }, onRefresh: (o) => outcomes.push(o) }, clock });
    const bad = new B24Client({
      credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: 'wrong-secret-value', tokens: { ...(await tokensFor(sb, clock.now())), expiresAt: clock.now() - 1 }, onRefresh: (o) => outcomes.push(o) },
      clock,
    });
    try {
      await drive(clock, Promise.all([good.call('crm.company.get', { id: 1 }), good.call('crm.company.get', { id: 2 })]));
      assert.deepEqual(outcomes, [{ ok: true }], 'one refresh for both calls');
      const error = await drive(clock, bad.call('crm.company.get', { id: 1 }).then(() => undefined, (e: unknown) => e));
      assert.ok(error instanceof SyncError);
      assert.equal(outcomes.length, 2);
      const failed = outcomes[1];
      assert.ok(failed && !failed.ok);
      assert.equal(failed.error.code, 'B24_TOKEN_REFRESH_FAILED');
      assert.equal(failed.error, error);
    } finally {
      await good.close();
      await bad.close();
    }
  });
});
