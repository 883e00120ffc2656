// The client against the sandbox over real HTTP: batching, error attribution,
// limits, faults, paging. Time-dependent cases run both on one FakeClock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import { FakeClock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import { startB24Sandbox, type RunningB24Sandbox } from '../../sandbox/bitrix24/index.ts';
import { drive } from '../../../test/support/drive.ts';
import { B24Client } from './client.ts';
import { keysetPages } from './paging.ts';

const FAST_RETRY = { baseMs: 10, capMs: 50, maxAttempts: 6 };

async function rejection(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof SyncError, `expected a SyncError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to fail');
}

describe('B24Client over HTTP (limits off)', () => {
  let sb: RunningB24Sandbox;
  let client: B24Client;
  before(async () => {
    sb = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 120, contacts: 0, deals: 0 } });
    client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, retry: FAST_RETRY, timeoutMs: 2000 });
  });
  after(async () => {
    await client.close();
    await sb.close();
  });

  it('packs calls made together into batches of at most 50', async () => {
    const before = { ...client.stats };
    const ids = await Promise.all(Array.from({ length: 120 }, (_, i) => client.call<number>('crm.company.add', { fields: { TITLE: `Batch ${i}` } })));
    assert.equal(new Set(ids).size, 120);
    assert.equal(client.stats.batches - before.batches, 3, '120 calls → 50 + 50 + 20');
    assert.equal(client.stats.requests - before.requests, 3);
    const titles = await Promise.all(ids.map((id) => client.call<{ TITLE: string }>('crm.company.get', { id })));
    assert.deepEqual(titles.map((t) => t.TITLE), ids.map((_, i) => `Batch ${i}`), 'each caller got its own result');
  });

  it('attributes per-command errors to the call that caused them', async () => {
    const results = await Promise.allSettled([
      client.call('crm.company.get', { id: 1 }),
      client.call('crm.company.get', { id: 999_999 }),
      client.call('crm.item.get', { entityTypeId: 4, id: 999_999 }),
      client.call('crm.no.such.method', {}),
      client.call('crm.company.add', { fields: { TITLE: 'ok', EMAIL: [{ VALUE: 'not-an-email' }] } }),
    ]);
    assert.equal(results[0].status, 'fulfilled');
    const codes = results.slice(1).map((r) => (r.status === 'rejected' ? (r.reason as SyncError).code : 'fulfilled'));
    assert.deepEqual(codes, ['B24_NOT_FOUND', 'B24_NOT_FOUND', 'B24_METHOD_NOT_FOUND', 'B24_VALIDATION']);
  });

  it('sends one call alone, not wrapped in a batch', async () => {
    const before = client.stats.batches;
    await client.call('crm.company.get', { id: 1 });
    assert.equal(client.stats.batches, before);
  });

  it('runs explicit batches with $result references and reports per-command errors', async () => {
    const reply = await client.batch({
      add: { method: 'crm.company.add', params: { fields: { TITLE: 'Ref test' } } },
      get: { method: 'crm.company.get', params: { id: '$result[add]' } },
      bad: { method: 'crm.company.get', params: { id: 0 } },
    });
    assert.equal((reply.results['get'] as { TITLE: string }).TITLE, 'Ref test');
    assert.equal(reply.errors['bad']?.code, 'B24_VALIDATION');
    await assert.rejects(client.batch(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, { method: 'scope' }]))), /at most 50/);
  });

  it('pages a whole table by keyset, each record once', async () => {
    const seen: number[] = [];
    for await (const page of keysetPages<{ ID: string }>(client, 'crm.company.list', { select: ['ID'] })) seen.push(...page.map((r) => Number(r.ID)));
    const all = [...sb.portal.state.companies.values()].map((r) => r.ID);
    assert.deepEqual(seen, all);
    const items: number[] = [];
    for await (const page of keysetPages<{ id: number }>(client, 'crm.item.list', { params: { entityTypeId: 4 }, select: ['id'] })) items.push(...page.map((r) => r.id));
    assert.deepEqual(items, all);
  });

  it('classifies http_500: reads are retried, writes are handed back', async () => {
    const rule = sb.portal.faults.add({ kind: 'http_500', method: 'crm.company.get', count: 2 });
    const company = await client.call<{ ID: string }>('crm.company.get', { id: 1 });
    assert.equal(company.ID, '1');
    assert.equal(rule.fired, 2);
    sb.portal.faults.add({ kind: 'http_500', method: 'crm.company.add', count: 1 });
    const before = sb.portal.state.companies.size;
    const error = await rejection(client.call('crm.company.add', { fields: { TITLE: 'not applied' } }));
    assert.equal(error.code, 'B24_SERVER_ERROR');
    assert.equal(error.kind, 'transient');
    assert.equal(sb.portal.state.companies.size, before);
  });

  it('classifies drop_after_commit on an add as unknown_outcome, and the record exists', async () => {
    sb.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.company.add', count: 1 });
    const error = await rejection(client.call('crm.company.add', { fields: { TITLE: 'Dropped answer', ORIGIN_ID: 'drop-1', ORIGINATOR_ID: 'b24nav' } }));
    assert.equal(error.code, 'B24_UNKNOWN_OUTCOME');
    assert.equal(error.kind, 'unknown_outcome');
    const found = await client.call<Array<{ ID: string }>>('crm.company.list', { filter: { ORIGIN_ID: 'drop-1', ORIGINATOR_ID: 'b24nav' }, select: ['ID'] });
    assert.equal(found.length, 1, 'the write was applied: look it up, do not create again');
  });

  it('repeats a read whose answer was dropped', async () => {
    sb.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.company.get', count: 1 });
    const company = await client.call<{ ID: string }>('crm.company.get', { id: 2 });
    assert.equal(company.ID, '2');
  });

  it('classifies timeouts: a read is retried, a write is an unknown outcome (and was not applied)', async () => {
    const quick = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, retry: FAST_RETRY, timeoutMs: 300 });
    try {
      sb.portal.faults.add({ kind: 'timeout', method: 'crm.company.get', count: 1, latencyMs: 5000 });
      assert.equal((await quick.call<{ ID: string }>('crm.company.get', { id: 3 })).ID, '3');
      sb.portal.faults.add({ kind: 'timeout', method: 'crm.company.add', count: 1, latencyMs: 5000 });
      const before = sb.portal.state.companies.size;
      const error = await rejection(quick.call('crm.company.add', { fields: { TITLE: 'timed out' } }));
      assert.equal(error.code, 'B24_UNKNOWN_OUTCOME');
      assert.equal(sb.portal.state.companies.size, before);
    } finally {
      await quick.close();
    }
  });

  it('retries an idempotent write after a lost answer', async () => {
    sb.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.company.update', count: 1 });
    assert.equal(await client.call('crm.company.update', { id: 1, fields: { COMMENTS: 'same twice' } }, { idempotent: true }), true);
    assert.equal(sb.portal.state.companies.get(1)?.['COMMENTS'], 'same twice');
  });

  it('waits out a rate_limit refusal and succeeds, for writes too', async () => {
    sb.portal.faults.add({ kind: 'rate_limit', method: 'crm.company.add', count: 1 });
    const fake = new FakeClock(Date.now());
    const paced = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, clock: fake, retry: FAST_RETRY });
    try {
      const id = await drive(fake, paced.call<number>('crm.company.add', { fields: { TITLE: 'after 503' } }));
      assert.ok(id > 0);
      assert.equal(paced.stats.queryLimitHits, 1);
    } finally {
      await paced.close();
    }
  });

  it('a latency fault only slows the answer', async () => {
    sb.portal.faults.add({ kind: 'latency', method: 'crm.company.get', count: 1, latencyMs: 50 });
    assert.equal((await client.call<{ ID: string }>('crm.company.get', { id: 4 })).ID, '4');
  });

  it('a wrong webhook code is a permanent auth failure, and the code is not in the message', async () => {
    const url = sb.webhookUrl.replace(sb.webhookCode, 'wrongcode123');
    const bad = new B24Client({ credentials: { kind: 'webhook', url } });
    try {
      const error = await rejection(bad.call('crm.company.get', { id: 1 }));
      assert.equal(error.code, 'B24_AUTH_FAILED');
      assert.doesNotMatch(error.message, /wrongcode123/);
    } finally {
      await bad.close();
    }
  });

  it('a refused connection is a network failure even for a write (nothing was sent)', async () => {
    const dead = new B24Client({ credentials: { kind: 'webhook', url: 'http://127.0.0.1:1/rest/1/abcd/' }, retry: { baseMs: 1, capMs: 2, maxAttempts: 2 } });
    try {
      const error = await rejection(dead.call('crm.company.add', { fields: { TITLE: 'x' } }));
      assert.equal(error.code, 'B24_NETWORK');
    } finally {
      await dead.close();
    }
  });
});

describe('B24Client and the request bucket (fake clock)', () => {
  let sb: RunningB24Sandbox;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.now());
    sb = await startB24Sandbox({ port: 0, clock, seed: { companies: 5, contacts: 0, deals: 0, products: 0 } });
  });
  after(async () => sb.close());

  it('300 calls queued at once complete at the drain rate with no QUERY_LIMIT_EXCEEDED', async () => {
    sb.portal.bucket.reset();
    const client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, clock, batching: false, maxInFlight: 8 });
    const start = clock.now();
    const results = await drive(clock, Promise.all(Array.from({ length: 300 }, () => client.call('crm.company.get', { id: 1 }))));
    const elapsed = (clock.now() - start) / 1000;
    assert.equal(results.length, 300);
    assert.equal(client.stats.queryLimitHits, 0, 'never refused');
    assert.equal(client.stats.requests, 300);
    // 49 go at once (one slot kept free), the other 251 at 2/s.
    assert.ok(elapsed >= 125 && elapsed <= 127, `took ${elapsed} fake seconds`);
    await client.close();
  });

  it('the same burst sent raw is refused by the portal once the bucket is full', async () => {
    sb.portal.bucket.reset();
    const statuses = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const res = await request(`${sb.webhookUrl}crm.company.get?id=1`);
        const body = (await res.body.json()) as { error?: string };
        return res.statusCode === 503 && body.error === 'QUERY_LIMIT_EXCEEDED' ? 503 : res.statusCode;
      }),
    );
    assert.equal(statuses.filter((s) => s === 200).length, 50);
    assert.equal(statuses.filter((s) => s === 503).length, 250);
  });

  it('with batching, the same 300 calls take 6 requests and no waiting', async () => {
    sb.portal.bucket.reset();
    const client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl }, clock });
    const start = clock.now();
    await drive(clock, Promise.all(Array.from({ length: 300 }, () => client.call('crm.company.get', { id: 1 }))));
    assert.equal(client.stats.requests, 6);
    assert.equal(clock.now(), start);
    await client.close();
  });

  it('stops calling a method that nears its operating time and resumes when its bucket expires', async () => {
    sb.portal.bucket.reset();
    sb.portal.operating.reset();
    const heavy = await startB24Sandbox({ port: 0, clock, costs: { 'crm.company.update': 100 }, seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
    const client = new B24Client({ credentials: { kind: 'webhook', url: heavy.webhookUrl }, clock, batching: false });
    try {
      const start = clock.now();
      // 100 s each: after 5 calls (500 s ≥ 480 − 5) the method is paused until the first minute-bucket expires.
      for (let i = 0; i < 6; i++) await drive(clock, client.call('crm.company.update', { id: 1, fields: { COMMENTS: `v${i}` } }));
      assert.equal(client.stats.operatingLimitHits, 0, 'the portal never had to refuse');
      assert.ok(clock.now() - start >= 600_000, 'the 6th call waited for the 10-minute window');
      assert.equal(await drive(clock, client.call<{ ID: string }>('crm.company.get', { id: 1 })).then((c) => c.ID), '1', 'other methods were never blocked');
    } finally {
      await client.close();
      await heavy.close();
    }
  });
});
