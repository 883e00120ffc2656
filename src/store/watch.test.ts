import assert from 'node:assert/strict';
import { it } from 'node:test';
import { openConflict, resolveConflict } from './conflicts.ts';
import type { Db } from './database.ts';
import { claim } from './jobs/claim.ts';
import { retryDead } from './jobs/dead-letter.ts';
import { enqueue, type NewJob } from './jobs/enqueue.ts';
import { fail } from './jobs/finish.ts';
import type { StoredError } from './stored-error.ts';
import { forEachDialect } from './test-support/dialects.ts';
import { deadSince, dueAges, openConflictStats } from './watch.ts';

const T = 7_000_000;
const invalid: StoredError = { code: 'NAV_VALIDATION', kind: 'permanent', message: 'Name must not be blank' };
const busy: StoredError = { code: 'NAV_SERVER_ERROR', kind: 'transient', message: 'HTTP 500' };

function job(recordId: string, entity = 'customers'): NewJob {
  return { entity, source: 'nav', recordId, kind: 'upsert' };
}

async function claimed(db: Db, j: NewJob, now: number): Promise<number> {
  await enqueue(db, j, now);
  const [running] = await claim(db, { owner: 'w', now, leaseMs: 1000, limit: 1, entities: [j.entity] });
  assert.ok(running);
  return running.id;
}

forEachDialect('store: reads for metrics and alerts', (ctx) => {
  const db = () => ctx.store.db;

  it('dueAges: the oldest due job per entity and waiting state; future and running jobs do not count', async () => {
    await enqueue(db(), { ...job('1'), runAt: T - 30_000 }, T - 30_000);
    await enqueue(db(), job('2'), T);
    await enqueue(db(), { ...job('3'), runAt: T + 60_000 }, T);
    const retried = await claimed(db(), job('4'), T - 90_000);
    assert.ok(await fail(db(), retried, 'w', { error: busy, retryAt: T - 10_000 }, T - 90_000));
    await claimed(db(), job('5', 'products'), T - 500_000);
    assert.deepEqual(await dueAges(db(), T), [
      { entity: 'customers', state: 'pending', ageMs: 30_000 },
      { entity: 'customers', state: 'retry', ageMs: 10_000 },
    ]);
  });

  it('deadSince: jobs dead-lettered in the window and still dead, per entity', async () => {
    for (const [id, at, entity] of [['a', T - 120_000, 'customers'], ['b', T - 30_000, 'customers'], ['c', T - 20_000, 'customers'], ['d', T - 10_000, 'products']] as const) {
      const jobId = await claimed(db(), job(id, entity), at);
      assert.ok(await fail(db(), jobId, 'w', { error: invalid, dead: true }, at));
    }
    assert.deepEqual(await deadSince(db(), T - 60_000), [
      { entity: 'customers', count: 2 },
      { entity: 'products', count: 1 },
    ]);
    await retryDead(db(), { entity: 'products' }, T);
    assert.deepEqual(await deadSince(db(), T - 60_000), [{ entity: 'customers', count: 2 }]);
    assert.deepEqual(await deadSince(db(), T + 1), []);
  });

  it('openConflictStats: count and oldest parking time of open conflicts per entity', async () => {
    const fields = { name: { base: 'A', b24: 'B', nav: 'C' } };
    await openConflict(db(), { linkId: 1, entity: 'customers', b24Id: '1', navKey: 'C1', fields }, T - 50_000);
    await openConflict(db(), { linkId: 2, entity: 'customers', b24Id: '2', navKey: 'C2', fields }, T - 20_000);
    // Found again on a later pass: the open conflict keeps its parking time.
    await openConflict(db(), { linkId: 1, entity: 'customers', b24Id: '1', navKey: 'C1', fields }, T);
    const done = await openConflict(db(), { linkId: 3, entity: 'contacts', b24Id: '3', navKey: 'K3', fields }, T - 90_000);
    await resolveConflict(db(), done.id, { by: 'test' }, T);
    assert.deepEqual(await openConflictStats(db()), [{ entity: 'customers', count: 2, oldestAt: T - 50_000 }]);
  });
});
