import assert from 'node:assert/strict';
import { it } from 'node:test';
import { finishRun, getRun, listRuns, startRun } from './runs.ts';
import { forEachDialect } from './test-support/dialects.ts';

forEachDialect('runs', (ctx) => {
  it('starts a run and finishes it once with counts or an error', async () => {
    const run = await startRun(ctx.store.db, { kind: 'sync', entity: 'customer' }, 100);
    assert.deepEqual(run, { id: run.id, kind: 'sync', entity: 'customer', startedAt: 100, finishedAt: null, status: 'running', counts: null, error: null });
    assert.equal(await finishRun(ctx.store.db, run.id, { status: 'ok', counts: { created: 3, updated: 10, failed: 0 } }, 200), true);
    assert.equal(await finishRun(ctx.store.db, run.id, { status: 'failed' }, 300), false, 'a finished run stays as it ended');
    assert.deepEqual(await getRun(ctx.store.db, run.id), { ...run, finishedAt: 200, status: 'ok', counts: { created: 3, updated: 10, failed: 0 } });
    const broken = await startRun(ctx.store.db, { kind: 'run' }, 400);
    const error = { code: 'NAV_AUTH_FAILED', kind: 'permanent', message: '401' };
    assert.equal(await finishRun(ctx.store.db, broken.id, { status: 'failed', error }, 500), true);
    assert.deepEqual((await getRun(ctx.store.db, broken.id))?.error, error);
  });

  it('lists runs newest first, by kind or entity, keyset-paged', async () => {
    for (const [kind, entity] of [['sync', 'customer'], ['sync', 'product'], ['reconcile', 'customer'], ['demo', null], ['sync', 'customer']] as const) {
      await startRun(ctx.store.db, { kind, entity }, 1);
    }
    const customer = await listRuns(ctx.store.db, { entity: 'customer', limit: 10 });
    assert.deepEqual(customer.map((r) => r.kind), ['sync', 'reconcile', 'sync']);
    const [last] = await listRuns(ctx.store.db, { kind: 'sync', entity: 'customer', limit: 1 });
    assert.equal(last?.id, customer[0]?.id);
    const older = await listRuns(ctx.store.db, { limit: 10, before: customer[0]?.id ?? 0 });
    assert.deepEqual(older.map((r) => r.kind), ['demo', 'reconcile', 'sync', 'sync']);
  });
});
