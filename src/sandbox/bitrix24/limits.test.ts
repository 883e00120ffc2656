// The two limits of a cloud portal (reference §3, limits-and-throughput.md §1):
// the leaky bucket per client IP, and operating time per (webhook or app, method).
// Time is a FakeClock: "drains 2 per second" is checked by moving the clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { addApp } from './admin-actions.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, oauth, rec, result, signIn, type Reply } from './test-support.ts';

const SMALL = { companies: 3, contacts: 0, deals: 0, products: 0 };
const LIMIT_EXCEEDED = { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' };
const BLOCKED = { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' };

async function burst(b24: RunningB24Sandbox, n: number, method = 'scope'): Promise<Reply[]> {
  const replies: Reply[] = [];
  // One after another: the order of arrival is the order of the counter.
  for (let i = 0; i < n; i++) replies.push(await hook(b24, method));
  return replies;
}

describe('B24 sandbox: request bucket (standard plan: 50, drains 2/s)', () => {
  const clock = new FakeClock();
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, clock, seed: SMALL });
  });
  after(() => b24.close());

  it('accepts 50 requests at once, refuses the 51st with 503 QUERY_LIMIT_EXCEEDED, and drains 2 per second', async () => {
    const replies = await burst(b24, 51);
    assert.deepEqual(replies.slice(0, 50).map((r) => r.status), Array<number>(50).fill(200));
    assert.equal(replies[50]?.status, 503);
    assert.deepEqual(replies[50]?.body, LIMIT_EXCEEDED);
    // A refused request does not fill the bucket: one second later exactly two more get through.
    await clock.advance(1000);
    assert.deepEqual((await burst(b24, 3)).map((r) => r.status), [200, 200, 503]);
    await clock.advance(500);
    assert.deepEqual((await burst(b24, 2)).map((r) => r.status), [200, 503]);
    // Empty again after 25 s.
    await clock.advance(25_000);
    assert.equal((await burst(b24, 50)).every((r) => r.status === 200), true);
    assert.equal((await hook(b24, 'scope')).status, 503);
    await clock.advance(30_000);
  });

  it('counts a batch of 50 commands as one request', async () => {
    await burst(b24, 49);
    const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, 'crm.company.get?id=1']));
    const batch = await hook(b24, 'batch', { cmd });
    assert.equal(batch.status, 200);
    assert.equal(Object.keys(rec(result(batch), 'result')).length, 50);
    assert.equal((await hook(b24, 'scope')).status, 503);
    await clock.advance(30_000);
  });

  it('shares the bucket between the webhook and OAuth applications (one client IP)', async () => {
    const t = await signIn(b24);
    await burst(b24, 50);
    const reply = await oauth(b24, t.access, 'scope');
    assert.equal(reply.status, 503);
    await clock.advance(30_000);
  });
});

describe('B24 sandbox: request bucket (enterprise plan: 250, drains 5/s)', () => {
  const clock = new FakeClock();
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, clock, plan: 'enterprise', seed: SMALL });
  });
  after(() => b24.close());

  it('accepts 250 at once and drains 5 per second', async () => {
    const replies = await burst(b24, 251);
    assert.equal(replies.filter((r) => r.status === 200).length, 250);
    assert.equal(replies[250]?.status, 503);
    await clock.advance(1000);
    assert.deepEqual((await burst(b24, 6)).map((r) => r.status), [200, 200, 200, 200, 200, 503]);
  });
});

describe('B24 sandbox: operating time per (webhook or app, method)', () => {
  const clock = new FakeClock();
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, clock, seed: SMALL, costs: { 'crm.company.get': 100, 'crm.contact.list': 100 } });
  });
  after(() => b24.close());

  it('lets the call that crosses 480 s complete and refuses the next with 429 OPERATION_TIME_LIMIT', async () => {
    const replies = await burst(b24, 5, 'crm.company.get?id=1');
    assert.deepEqual(replies.map((r) => r.status), [200, 200, 200, 200, 200]);
    assert.deepEqual(replies.map((r) => num(r.body, 'time', 'operating')), [100, 200, 300, 400, 500]);
    const blocked = await hook(b24, 'crm.company.get', { id: 1 });
    assert.equal(blocked.status, 429);
    assert.deepEqual(blocked.body, BLOCKED);
  });

  it('keeps other methods working', async () => {
    assert.equal((await hook(b24, 'crm.company.list', { start: -1 })).status, 200);
  });

  it('keeps another application its own ledger', async () => {
    const t = await signIn(b24);
    const other = addApp(b24.portal);
    const t2 = await signIn(b24, other);
    for (const token of [t.access, t2.access]) {
      const reply = await oauth(b24, token, 'crm.company.get', { id: 1 });
      assert.equal(reply.status, 200);
      assert.equal(num(reply.body, 'time', 'operating'), 100);
    }
  });

  it('recovers as the ten one-minute buckets expire', async () => {
    // The webhook's ledger for crm.company.get holds one bucket of 500 s that started at the first call.
    const resetAt = num((await hook(b24, 'crm.company.list', { start: -1 })).body, 'time', 'operating_reset_at');
    assert.ok(resetAt > clock.now() / 1000);
    await clock.advance(599_000);
    assert.equal((await hook(b24, 'crm.company.get', { id: 1 })).status, 429);
    await clock.advance(1000);
    const back = await hook(b24, 'crm.company.get', { id: 1 });
    assert.equal(back.status, 200);
    assert.equal(num(back.body, 'time', 'operating'), 100);
  });

  it('rolls: a block lifts when the oldest minute drops out, not all at once', async () => {
    // crm.contact.list: one call per minute, 100 s each.
    for (let minute = 0; minute < 5; minute++) {
      assert.equal((await hook(b24, 'crm.contact.list')).status, 200);
      await clock.advance(60_000);
    }
    assert.equal((await hook(b24, 'crm.contact.list')).status, 429);
    await clock.advance(300_000 - 1000);
    assert.equal((await hook(b24, 'crm.contact.list')).status, 429);
    await clock.advance(1000);
    // Only the first minute's 100 s dropped out: 400 s left, one more call allowed.
    const reply = await hook(b24, 'crm.contact.list');
    assert.equal(reply.status, 200);
    assert.equal(num(reply.body, 'time', 'operating'), 500);
    assert.equal((await hook(b24, 'crm.contact.list')).status, 429);
    await clock.advance(600_000);
  });

  it('charges each batch command to its own method; a blocked command fails inside an HTTP 200 batch', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`g${i}`, 'crm.company.get?id=2']));
    const reply = await hook(b24, 'batch', { halt: 0, cmd });
    assert.equal(reply.status, 200);
    const out = result(reply);
    assert.deepEqual(Object.keys(rec(out, 'result')), ['g0', 'g1', 'g2', 'g3', 'g4']);
    assert.deepEqual(rec(out, 'result_error'), { g5: BLOCKED });
    assert.equal(num(out, 'result_time', 'g4', 'operating'), 500);
    // The outer batch is not accounted itself.
    assert.equal(num(reply.body, 'time', 'operating'), 0);
    await clock.advance(600_000);
  });
});

describe('B24 sandbox: limits off', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, seed: SMALL, costs: { '*': 1000 } });
  });
  after(() => b24.close());

  it('never refuses, however many and however costly the calls', async () => {
    const replies = await burst(b24, 120, 'crm.company.get?id=1');
    assert.equal(replies.every((r) => r.status === 200), true);
    assert.equal(dig(replies[119]?.body, 'time', 'operating'), 0);
    const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, 'crm.company.list?start=-1']));
    assert.deepEqual(list(Object.values(rec(result(await hook(b24, 'batch', { cmd })), 'result'))).length, 50);
  });
});

describe('B24 sandbox: operating-limit variants (UNCONFIRMED readings, configurable)', () => {
  const clock = new FakeClock();
  let shared: RunningB24Sandbox;
  let penalty: RunningB24Sandbox;
  before(async () => {
    shared = await startB24Sandbox({ port: 0, clock, seed: SMALL, costs: { 'crm.company.get': 250 }, operatingScope: 'portal' });
    penalty = await startB24Sandbox({ port: 0, clock, seed: SMALL, costs: { 'crm.company.get': 250, 'crm.contact.list': 100 }, operatingRecovery: 'penalty' });
  });
  after(async () => {
    await shared.close();
    await penalty.close();
  });

  it('operatingScope "portal" sums every caller of a method into one budget', async () => {
    const t = await signIn(shared);
    assert.equal((await hook(shared, 'crm.company.get', { id: 1 })).status, 200);
    const second = await oauth(shared, t.access, 'crm.company.get', { id: 1 });
    assert.equal(num(second.body, 'time', 'operating'), 500);
    assert.equal((await hook(shared, 'crm.company.get', { id: 1 })).status, 429);
  });

  it('operatingRecovery "penalty" keeps a blocked method blocked for ten minutes from the crossing call', async () => {
    // Minute 0: 250 s; minute 1: 500 s, crossing; blocked until minute 11 although minute 0 drops out at 10.
    assert.equal((await hook(penalty, 'crm.company.get', { id: 1 })).status, 200);
    await clock.advance(60_000);
    assert.equal((await hook(penalty, 'crm.company.get', { id: 1 })).status, 200);
    await clock.advance(540_000);
    assert.equal((await hook(penalty, 'crm.company.get', { id: 1 })).status, 429);
    await clock.advance(59_000);
    assert.equal((await hook(penalty, 'crm.company.get', { id: 1 })).status, 429);
    await clock.advance(1000);
    assert.equal((await hook(penalty, 'crm.company.get', { id: 1 })).status, 200);
  });
});
