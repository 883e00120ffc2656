// OAuth and TLS against the sandbox over real HTTP(S).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { FakeClock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import { Redactor } from '../../core/redact.ts';
import { b24Admin, startB24Sandbox, type RunningB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { drive } from '../../../test/support/drive.ts';
import type { OAuthTokens } from './auth.ts';
import { B24Client } from './client.ts';

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

describe('B24Client with OAuth', () => {
  let sb: RunningB24Sandbox;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.now());
    sb = await startB24Sandbox({ port: 0, clock, limits: false, seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => sb.close());

  it('calls with the token as `auth`, refreshes once on expired_token for all waiting calls, and hands out the new pair', async () => {
    const initial = await tokensFor(sb, clock.now());
    const saved: OAuthTokens[] = [];
    const client = new B24Client({
      // The client believes the token lives 10 hours: only the portal's 401 expired_token can make it refresh.
      credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: sb.app.clientSecret, tokens: { ...initial, expiresAt: clock.now() + 36_000_000 }, onTokens: (t) => void saved.push(t) },
      clock,
      batching: false,
      maxInFlight: 8,
    });
    try {
      assert.equal((await drive(clock, client.call<{ ID: string }>('crm.company.get', { id: 1 }))).ID, '1');
      await clock.advance(3600_000);
      const results = await drive(clock, Promise.all(Array.from({ length: 5 }, () => client.call<{ ID: string }>('crm.company.get', { id: 2 }))));
      assert.equal(results.length, 5);
      assert.equal(saved.length, 1, 'one refresh for all');
      assert.notEqual(saved[0]?.refreshToken, initial.refreshToken, 'a new refresh token each time');
      const reuse = await request(`${sb.url}/oauth/token/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: sb.app.clientId, client_secret: sb.app.clientSecret, refresh_token: initial.refreshToken }).toString(),
      });
      assert.equal(reuse.statusCode, 400, 'the spent refresh token is refused');
      await reuse.body.dump();
    } finally {
      await client.close();
    }
  });

  it('recovers from the expire_tokens fault', async () => {
    const client = new B24Client({ credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: sb.app.clientSecret, tokens: await tokensFor(sb, clock.now()) }, clock });
    try {
      sb.portal.faults.add({ kind: 'expire_tokens', method: 'crm.company.get', count: 1 });
      assert.equal((await drive(clock, client.call<{ ID: string }>('crm.company.get', { id: 3 }))).ID, '3');
      assert.equal(client.stats.tokenRefreshes, 1);
    } finally {
      await client.close();
    }
  });

  it('a refused refresh is B24_TOKEN_REFRESH_FAILED and no token leaks into the message', async () => {
    const tokens = await tokensFor(sb, clock.now());
    const redactor = new Redactor();
    const client = new B24Client({
      credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: 'wrong-secret-value', tokens: { ...tokens, expiresAt: clock.now() - 1 } },
      clock,
      redactor,
    });
    try {
      const error = await drive(clock, client.call('crm.company.get', { id: 1 }).then(() => undefined, (e: unknown) => e));
      assert.ok(error instanceof SyncError);
      assert.equal(error.code, 'B24_TOKEN_REFRESH_FAILED');
      assert.equal(error.kind, 'permanent');
      for (const secret of [tokens.accessToken, tokens.refreshToken, 'wrong-secret-value']) assert.ok(!error.message.includes(secret));
      assert.equal(redactor.text(`x ${tokens.refreshToken} y`), 'x [redacted] y');
    } finally {
      await client.close();
    }
  });

  it('event.bind works with OAuth and is refused with a webhook (WRONG_AUTH_TYPE)', async () => {
    const app = new B24Client({ credentials: { kind: 'oauth', clientId: sb.app.clientId, clientSecret: sb.app.clientSecret, tokens: await tokensFor(sb, clock.now()) }, clock });
    const hook = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, clock });
    try {
      assert.equal(await drive(clock, app.call('event.bind', { event: 'ONCRMCOMPANYUPDATE', handler: 'http://127.0.0.1:9/handler' })), true);
      const error = await drive(clock, hook.call('event.bind', { event: 'ONCRMCOMPANYUPDATE', handler: 'http://127.0.0.1:9/h' }).then(() => undefined, (e: unknown) => e));
      assert.ok(error instanceof SyncError);
      assert.equal(error.code, 'B24_WRONG_AUTH_TYPE');
    } finally {
      await app.close();
      await hook.close();
    }
  });
});

describe('B24Client over HTTPS', () => {
  let dir: string;
  let sb: RunningB24Sandbox;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'b24nav-tls-'));
    sb = await startB24Sandbox({ port: 0, tls: true, tlsDir: dir, limits: false, seed: { companies: 2, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => {
    await sb.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('verifies the certificate by default: the self-signed one fails as B24_TLS', async () => {
    const client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, retry: { baseMs: 1, capMs: 2, maxAttempts: 2 } });
    try {
      const error = await client.call('crm.company.get', { id: 1 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof SyncError);
      assert.equal(error.code, 'B24_TLS');
    } finally {
      await client.close();
    }
  });

  it('accepts it when pinned as CA, or with the explicit insecure opt-out', async () => {
    assert.ok(sb.certPath);
    const ca = await readFile(sb.certPath, 'utf8');
    for (const tls of [{ ca }, { insecure: true }]) {
      const client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, tls });
      try {
        assert.equal((await client.call<{ ID: string }>('crm.company.get', { id: 1 })).ID, '1');
      } finally {
        await client.close();
      }
    }
  });
});
