import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Db } from '../database.ts';
import type { StoredError } from '../stored-error.ts';
import { forEachDialect } from '../test-support/dialects.ts';
import { claim } from './claim.ts';
import { enqueue, type NewJob } from './enqueue.ts';
import { complete, fail } from './finish.ts';
import { getJob, listJobs, stats } from './inspect.ts';
import { dropDead, purgeDone, retryDead } from './dead-letter.ts';

const T = 5_000_000;
const invalid: StoredError = { code: 'B24_VALIDATION', kind: 'permanent', message: 'Field TITLE is required' };

/** Enqueues a job and drives it to dead; returns its id. */
async function killed(db: Db, job: NewJob, now = T): Promise<number> {
  await enqueue(db, job, now);
  const [running] = await claim(db, { owner: 'w', now, leaseMs: 1000, limit: 1, entities: [job.entity] });
  assert.ok(running);
  assert.ok(await fail(db, running.id, 'w', { error: invalid, dead: true }, now));
  return running.id;
}

function job(recordId: string, entity = 'customer'): NewJob {
  return { entity, source: 'nav', recordId, kind: 'upsert' };
}

forEachDialect('job queue: dead letters and housekeeping', (ctx) => {
  const db = () => ctx.store.db;

  it('counts jobs per entity and state, with the age of the oldest due job', async () => {
    await enqueue(db(), job('1'), T);
    await enqueue(db(), { ...job('2'), runAt: T - 4000 }, T);
    await enqueue(db(), { ...job('3'), runAt: T + 9000 }, T);
    await killed(db(), job('4', 'product'));
    await enqueue(db(), job('5', 'product'), T);
    const [running] = await claim(db(), { owner: 'w', now: T, leaseMs: 1000, limit: 1, entities: ['product'] });
    assert.ok(running);
    await enqueue(db(), job('6', 'product'), T);
    const [done] = await claim(db(), { owner: 'w', now: T, leaseMs: 1000, limit: 1, entities: ['product'] });
    assert.ok(done && (await complete(db(), done.id, 'w', T)));
    assert.deepEqual(await stats(db(), T + 1000), [
      { entity: 'customer', counts: { pending: 3, running: 0, retry: 0, done: 0, dead: 0 }, oldestDueAgeMs: 5000 },
      { entity: 'product', counts: { pending: 0, running: 1, retry: 0, done: 1, dead: 1 }, oldestDueAgeMs: null },
    ]);
    assert.deepEqual(await stats(db(), T + 100_000).then((s) => s[0]?.oldestDueAgeMs), 104_000);
  });

  it('lists dead jobs keyset-paged, filtered by entity', async () => {
    const ids = [await killed(db(), job('a')), await killed(db(), job('b')), await killed(db(), job('c', 'product')), await killed(db(), job('d'))];
    const firstPage = await listJobs(db(), { state: 'dead', entity: 'customer', limit: 2 });
    assert.deepEqual(firstPage.map((j) => j.recordId), ['a', 'b']);
    assert.deepEqual(firstPage[0]?.lastError, invalid);
    const secondPage = await listJobs(db(), { state: 'dead', entity: 'customer', limit: 2, after: firstPage.at(-1)?.id ?? 0 });
    assert.deepEqual(secondPage.map((j) => j.recordId), ['d']);
    assert.deepEqual((await listJobs(db(), { state: 'dead', limit: 10 })).map((j) => j.id), ids);
  });

  it('retries dead jobs by id or by entity: pending again, attempts reset, due now', async () => {
    const a = await killed(db(), job('a'));
    const b = await killed(db(), job('b'));
    const p = await killed(db(), job('p', 'product'));
    assert.deepEqual(await retryDead(db(), { ids: [a] }, T + 10), { retried: 1, superseded: 0 });
    const revived = await getJob(db(), a);
    assert.equal(revived?.state, 'pending');
    assert.equal(revived.attempts, 0);
    assert.equal(revived.runAt, T + 10);
    assert.equal(revived.finishedAt, null);
    assert.deepEqual(revived.lastError, invalid, 'the last error stays visible until the job succeeds');
    assert.equal((await getJob(db(), b))?.state, 'dead');
    assert.deepEqual(await retryDead(db(), { entity: 'product' }, T + 20), { retried: 1, superseded: 0 });
    assert.equal((await getJob(db(), p))?.state, 'pending');
    assert.deepEqual(await retryDead(db(), { all: true }, T + 30), { retried: 1, superseded: 0 });
    assert.deepEqual(await retryDead(db(), { ids: [] }, T + 30), { retried: 0, superseded: 0 });
    const claimed = await claim(db(), { owner: 'w2', now: T + 30, leaseMs: 1000, limit: 10 });
    assert.deepEqual(claimed.map((j) => j.id).sort((x, y) => x - y), [a, b, p]);
  });

  it('a dead job whose record already has an active job is superseded, not duplicated', async () => {
    const older = await killed(db(), job('r'), T);
    const newer = await killed(db(), job('r'), T + 1);
    const solo = await killed(db(), job('s'), T + 2);
    await enqueue(db(), job('s'), T + 3); // a newer change is already queued for s
    assert.deepEqual(await retryDead(db(), { all: true }, T + 10), { retried: 1, superseded: 2 });
    assert.equal((await getJob(db(), newer))?.state, 'pending', 'the newest dead job of r is revived');
    assert.equal(await getJob(db(), older), undefined);
    assert.equal(await getJob(db(), solo), undefined);
    const active = await listJobs(db(), { limit: 10 });
    assert.deepEqual(active.map((j) => [j.recordId, j.state]), [['r', 'pending'], ['s', 'pending']]);
  });

  it('drops dead jobs by id, entity or all', async () => {
    const a = await killed(db(), job('a'));
    await killed(db(), job('b'));
    await killed(db(), job('p', 'product'));
    await enqueue(db(), job('live'), T);
    assert.equal(await dropDead(db(), { ids: [a] }), 1);
    assert.equal(await dropDead(db(), { entity: 'product' }), 1);
    assert.equal(await dropDead(db(), { ids: [] }), 0);
    assert.equal(await dropDead(db(), { all: true }), 1);
    assert.deepEqual((await listJobs(db(), { limit: 10 })).map((j) => j.recordId), ['live']);
  });

  it('purges done jobs finished before a time and nothing else', async () => {
    for (const [id, at] of [['1', T], ['2', T + 100]] as const) {
      await enqueue(db(), job(id), at);
      const [running] = await claim(db(), { owner: 'w', now: at, leaseMs: 1000, limit: 1 });
      assert.ok(running && (await complete(db(), running.id, 'w', at)));
    }
    await killed(db(), job('dead'), T - 1000);
    await enqueue(db(), job('pending'), T - 1000);
    assert.equal(await purgeDone(db(), T + 50), 1);
    assert.deepEqual((await listJobs(db(), { limit: 10 })).map((j) => j.recordId), ['2', 'dead', 'pending']);
  });
});
