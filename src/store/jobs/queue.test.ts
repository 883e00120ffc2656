import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { StoredError } from '../stored-error.ts';
import { forEachDialect } from '../test-support/dialects.ts';
import { claim, extendLease } from './claim.ts';
import { enqueue, enqueueMany, type NewJob } from './enqueue.ts';
import { complete, completeMany, fail } from './finish.ts';
import { getJob, listJobs } from './inspect.ts';

const T = 1_000_000;
const LEASE = 30_000;
const timeout: StoredError = { code: 'NAV_TIMEOUT', kind: 'transient', message: 'no answer in 30 s' };
const invalid: StoredError = { code: 'NAV_VALIDATION', kind: 'permanent', message: 'Name is too long (max 50)', vendorCode: 'Microsoft.Dynamics.Nav.Types.Exceptions.NavCSideException' };

function change(recordId: string, extra: Partial<NewJob> = {}): NewJob {
  return { entity: 'customer', source: 'b24', recordId, kind: 'upsert', ...extra };
}

forEachDialect('job queue', (ctx) => {
  const db = () => ctx.store.db;

  it('coalesces changes to one record into one pending job', async () => {
    const first = await enqueue(db(), change('7', { payload: { v: 1 }, runAt: T + 500, priority: 5 }), T);
    const second = await enqueue(db(), change('7', { payload: { v: 2 }, runAt: T + 100, priority: 9 }), T + 1);
    assert.equal(second.id, first.id);
    assert.deepEqual(second.payload, { v: 2 }, 'the latest payload wins');
    assert.equal(second.runAt, T + 100, 'the earliest run_at is kept');
    assert.equal(second.priority, 5, 'the most urgent priority is kept');
    const third = await enqueue(db(), change('7', { kind: 'delete', runAt: T + 900 }), T + 2);
    assert.deepEqual(third.payload, { v: 2 }, 'a change without payload keeps the known one');
    assert.equal(third.kind, 'delete', 'the latest kind wins');
    assert.equal(third.runAt, T + 100);
    // Other sides, entities and records are separate jobs.
    await enqueue(db(), change('7', { source: 'nav' }), T);
    await enqueue(db(), change('7', { entity: 'contact' }), T);
    await enqueue(db(), change('8'), T);
    assert.equal((await listJobs(db(), { limit: 10 })).length, 4);
  });

  it('bulk enqueue writes thousands of records and coalesces duplicates within the batch', async () => {
    const jobs: NewJob[] = [];
    for (let i = 0; i < 2500; i++) jobs.push(change(String(i), { payload: { i } }));
    jobs.push(change('3', { payload: { i: 'newer' }, runAt: T - 10 }), change('4', { payload: null, priority: -1 }));
    assert.equal(await enqueueMany(db(), jobs, T), 2500);
    assert.equal(await enqueueMany(db(), [change('3', { payload: { i: 'again' } })], T + 1), 1);
    assert.equal(await enqueueMany(db(), [], T), 0);
    const all = await listJobs(db(), { limit: 5000, state: 'pending' });
    assert.equal(all.length, 2500);
    const three = all.find((j) => j.recordId === '3');
    assert.deepEqual(three?.payload, { i: 'again' });
    assert.equal(three?.runAt, T - 10);
    const four = all.find((j) => j.recordId === '4');
    assert.deepEqual(four?.payload, { i: 4 });
    assert.equal(four?.priority, -1);
  });

  it('claims due jobs by priority, then run_at, with a lease, and leaves future ones', async () => {
    await enqueue(db(), change('late', { runAt: T + 60_000 }), T);
    await enqueue(db(), change('b', { runAt: T - 10 }), T);
    await enqueue(db(), change('a', { runAt: T - 5, priority: -1 }), T);
    await enqueue(db(), change('c', { runAt: T - 20 }), T);
    await enqueue(db(), change('p', { entity: 'product', runAt: T - 30 }), T);
    const claimed = await claim(db(), { owner: 'w1', now: T, leaseMs: 10 * LEASE, limit: 10, entities: ['customer'] });
    assert.deepEqual(claimed.map((j) => j.recordId), ['a', 'c', 'b']);
    for (const job of claimed) {
      assert.equal(job.state, 'running');
      assert.equal(job.leaseOwner, 'w1');
      assert.equal(job.leaseUntil, T + 10 * LEASE);
      assert.equal(job.attempts, 1);
    }
    assert.deepEqual(await claim(db(), { owner: 'w2', now: T, leaseMs: 10 * LEASE, limit: 10, entities: ['customer'] }), []);
    assert.deepEqual((await claim(db(), { owner: 'w2', now: T, leaseMs: 10 * LEASE, limit: 10 })).map((j) => j.recordId), ['p']);
    assert.deepEqual((await claim(db(), { owner: 'w2', now: T + 60_000, leaseMs: 10 * LEASE, limit: 1 })).map((j) => j.recordId), ['late']);
  });

  it('completes a job as done; the wrong owner is refused and changes nothing', async () => {
    await enqueue(db(), change('1'), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    assert.equal(await complete(db(), job.id, 'intruder', T + 1), false);
    assert.equal((await getJob(db(), job.id))?.state, 'running');
    assert.equal(await complete(db(), job.id, 'w1', T + 2), true);
    const done = await getJob(db(), job.id);
    assert.equal(done?.state, 'done');
    assert.equal(done.finishedAt, T + 2);
    assert.equal(done.leaseOwner, null);
    assert.equal(await complete(db(), job.id, 'w1', T + 3), false, 'a finished job cannot be completed twice');
    // A new change after completion is a new job.
    const next = await enqueue(db(), change('1'), T + 4);
    assert.notEqual(next.id, job.id);
  });

  it('completes a page of jobs in one call, only those the owner still holds', async () => {
    for (const id of ['1', '2', '3']) await enqueue(db(), change(id), T);
    const jobs = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 10 });
    const [one, two, three] = jobs;
    assert.ok(one && two && three);
    await enqueue(db(), change('2'), T + 1); // arrives mid-run
    const [taken] = await claim(db(), { owner: 'w2', now: T + LEASE, leaseMs: LEASE, limit: 1 }); // w1 too slow for one job
    assert.equal(taken?.id, one.id, 'expired leases are reclaimed oldest first');
    const completed = await completeMany(db(), [one.id, two.id, three.id], 'w1', T + LEASE + 1);
    assert.deepEqual(completed.sort((a, b) => a - b), [two.id, three.id]);
    assert.equal((await getJob(db(), one.id))?.leaseOwner, 'w2');
    assert.equal((await getJob(db(), two.id))?.state, 'pending', 'the mid-run change makes it run again');
    assert.equal((await getJob(db(), three.id))?.state, 'done');
    assert.deepEqual(await completeMany(db(), [], 'w1', T), []);
  });

  it('a change that arrives while the job runs makes it run again after it finishes', async () => {
    await enqueue(db(), change('9', { payload: { name: 'old' } }), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    const during = await enqueue(db(), change('9', { payload: { name: 'new' }, runAt: T + 50 }), T + 10);
    assert.equal(during.id, job.id);
    assert.equal(during.state, 'running');
    assert.equal(during.rerun, true);
    assert.equal(during.leaseOwner, 'w1', 'the lease is untouched');
    assert.deepEqual(await claim(db(), { owner: 'w2', now: T + 60, leaseMs: LEASE, limit: 5 }), [], 'not handed to a second worker');
    assert.equal(await complete(db(), job.id, 'w1', T + 100), true);
    const again = await getJob(db(), job.id);
    assert.equal(again?.state, 'pending');
    assert.equal(again.rerun, false);
    assert.equal(again.attempts, 0);
    assert.equal(again.runAt, T + 50);
    const [rerun] = await claim(db(), { owner: 'w2', now: T + 100, leaseMs: LEASE, limit: 1 });
    assert.deepEqual(rerun?.payload, { name: 'new' });
    assert.equal(await complete(db(), job.id, 'w2', T + 200), true);
    assert.equal((await getJob(db(), job.id))?.state, 'done');
  });

  it('a failed job waits in retry until retryAt, then runs again with attempts counted', async () => {
    await enqueue(db(), change('r'), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    assert.equal(await fail(db(), job.id, 'w2', { error: timeout, retryAt: T + 5000 }, T + 1), false);
    assert.equal(await fail(db(), job.id, 'w1', { error: timeout, retryAt: T + 5000 }, T + 1), true);
    const waiting = await getJob(db(), job.id);
    assert.equal(waiting?.state, 'retry');
    assert.deepEqual(waiting.lastError, timeout);
    assert.equal(waiting.leaseOwner, null);
    assert.deepEqual(await claim(db(), { owner: 'w1', now: T + 4999, leaseMs: LEASE, limit: 1 }), []);
    const [retried] = await claim(db(), { owner: 'w1', now: T + 5000, leaseMs: LEASE, limit: 1 });
    assert.equal(retried?.attempts, 2);
    assert.equal(await complete(db(), job.id, 'w1', T + 5001), true);
    assert.equal((await getJob(db(), job.id))?.lastError, null, 'success clears the last error');
  });

  it('a new change to a job waiting in retry coalesces into it and moves it earlier', async () => {
    await enqueue(db(), change('r2'), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    await fail(db(), job.id, 'w1', { error: timeout, retryAt: T + 60_000 }, T + 1);
    const merged = await enqueue(db(), change('r2', { payload: { fixed: true } }), T + 2);
    assert.equal(merged.id, job.id);
    assert.equal(merged.state, 'retry');
    assert.equal(merged.runAt, T + 2);
  });

  it('dead-letters a job with its error', async () => {
    await enqueue(db(), change('d'), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    assert.equal(await fail(db(), job.id, 'w1', { error: invalid, dead: true }, T + 1), true);
    const dead = await getJob(db(), job.id);
    assert.equal(dead?.state, 'dead');
    assert.deepEqual(dead.lastError, invalid);
    assert.equal(dead.finishedAt, T + 1);
    assert.deepEqual(await claim(db(), { owner: 'w1', now: T + 10 ** 9, leaseMs: LEASE, limit: 1 }), []);
    // The record is free again: the next change is a fresh job.
    const fresh = await enqueue(db(), change('d'), T + 2);
    assert.notEqual(fresh.id, job.id);
    assert.equal(fresh.state, 'pending');
  });

  it('a change that arrived while the job ran survives the job being dead-lettered', async () => {
    await enqueue(db(), change('x', { payload: { name: 'too long' } }), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    await enqueue(db(), change('x', { payload: { name: 'fixed' }, runAt: T + 7 }), T + 5);
    assert.equal(await fail(db(), job.id, 'w1', { error: invalid, dead: true }, T + 10), true);
    const pending = await listJobs(db(), { state: 'pending', limit: 10 });
    assert.equal(pending.length, 1);
    assert.equal(pending[0]?.recordId, 'x');
    assert.deepEqual(pending[0]?.payload, { name: 'fixed' });
    assert.equal(pending[0]?.runAt, T + 7);
    assert.equal((await getJob(db(), job.id))?.state, 'dead');
  });

  it('reclaims a crashed worker\'s job when its lease expires; the old owner is then refused', async () => {
    await enqueue(db(), change('k'), T);
    const [job] = await claim(db(), { owner: 'crashed', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    assert.deepEqual(await claim(db(), { owner: 'w2', now: T + LEASE - 1, leaseMs: LEASE, limit: 1 }), []);
    const [taken] = await claim(db(), { owner: 'w2', now: T + LEASE, leaseMs: LEASE, limit: 1 });
    assert.equal(taken?.id, job.id);
    assert.equal(taken.leaseOwner, 'w2');
    assert.equal(taken.attempts, 2);
    assert.equal(await complete(db(), job.id, 'crashed', T + LEASE + 1), false);
    assert.equal(await fail(db(), job.id, 'crashed', { error: timeout, retryAt: T }, T + LEASE + 1), false);
    assert.equal(await extendLease(db(), job.id, 'crashed', { now: T + LEASE + 1, leaseMs: LEASE }), false);
    assert.equal((await getJob(db(), job.id))?.leaseOwner, 'w2');
    assert.equal(await complete(db(), job.id, 'w2', T + LEASE + 2), true);
  });

  it('extendLease keeps a slow job from being reclaimed', async () => {
    await enqueue(db(), change('slow'), T);
    const [job] = await claim(db(), { owner: 'w1', now: T, leaseMs: LEASE, limit: 1 });
    assert.ok(job);
    assert.equal(await extendLease(db(), job.id, 'w1', { now: T + LEASE - 1, leaseMs: LEASE }), true);
    assert.deepEqual(await claim(db(), { owner: 'w2', now: T + LEASE + 1, leaseMs: LEASE, limit: 1 }), []);
    assert.equal((await getJob(db(), job.id))?.leaseUntil, T + 2 * LEASE - 1);
  });

  it('claims nothing for limit 0 or an empty entity list', async () => {
    await enqueue(db(), change('z'), T);
    assert.deepEqual(await claim(db(), { owner: 'w', now: T, leaseMs: LEASE, limit: 0 }), []);
    assert.deepEqual(await claim(db(), { owner: 'w', now: T, leaseMs: LEASE, limit: 5, entities: [] }), []);
  });
});
