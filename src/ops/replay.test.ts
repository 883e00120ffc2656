// Replay on both dialects: records whose link or history changed since T are queued
// to be read fresh and synced from scratch; older ones and dropped links are not.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { appendHistory, getLinkByNav, insertLink, listJobs, updateLink } from '../store/index.ts';
import { forEachDialect } from '../store/test-support/dialects.ts';
import { replay } from './replay.ts';
import { opsContext, T0 } from './test-support.ts';

const HOUR = 3_600_000;

forEachDialect('ops: replay', (store) => {
  it('queues what changed since T — by link or by history — from a side the entity flows from, and forgets the links\' hashes', async () => {
    const ctx = opsContext(store.store);
    const db = ctx.db;
    const old = await insertLink(db, { entity: 'customers', state: 'active', b24Id: '1', navKey: 'C1', b24Hash: 'x', navHash: 'y' }, T0 - 5 * HOUR);
    const recent = await insertLink(db, { entity: 'customers', state: 'active', b24Id: '2', navKey: 'C2', b24Hash: 'x', navHash: 'y', heldNavHash: 'h' }, T0 - 2 * HOUR);
    const touched = await insertLink(db, { entity: 'customers', state: 'active', b24Id: '3', navKey: 'C3', b24Hash: 'x', navHash: 'y' }, T0 - 5 * HOUR);
    await insertLink(db, { entity: 'customers', state: 'unlinked', b24Id: '4', navKey: 'C4' }, T0 - HOUR);
    await insertLink(db, { entity: 'customers', state: 'ambiguous', navKey: 'C5', heldNavHash: 'h' }, T0 - HOUR);
    await insertLink(db, { entity: 'products', state: 'active', b24Id: '90', navKey: '1896-S', b24Hash: 'x', navHash: 'y' }, T0 - HOUR);
    assert.ok(old && recent && touched);
    assert.ok(await updateLink(db, touched.id, { reason: 'conflict: name' }, { now: T0 - HOUR }));
    // History alone: a failure of a record without a link, written after T; and a row before T.
    await appendHistory(db, { at: T0 - HOUR, entity: 'customers', action: 'failed', b24Id: '77', message: 'refused' });
    await appendHistory(db, { at: T0 - 9 * HOUR, entity: 'customers', action: 'failed', b24Id: '78', message: 'refused' });
    const result = await replay(ctx, 'customers', T0 - 3 * HOUR);
    assert.deepEqual([result.links, result.historyRows, result.queued], [4, 1, 4]);
    const jobs = await listJobs(db, { state: 'pending', limit: 20 });
    assert.deepEqual(jobs.map((j) => `${j.entity}:${j.source}:${j.recordId}:${j.kind}`).sort(), [
      'customers:b24:2:replay',
      'customers:b24:3:replay',
      'customers:b24:77:replay',
      'customers:nav:C5:replay',
    ]);
    assert.ok(jobs.every((j) => j.payload === null));
    const forgotten = await getLinkByNav(db, 'customers', 'C2');
    assert.deepEqual([forgotten?.b24Hash, forgotten?.navHash, forgotten?.heldNavHash], [null, null, null]);
    assert.equal((await getLinkByNav(db, 'customers', 'C1'))?.b24Hash, 'x', 'older links keep theirs');
  });

  it('a one-way entity is queued from the side it flows from', async () => {
    const ctx = opsContext(store.store);
    await insertLink(ctx.db, { entity: 'products', state: 'active', b24Id: '90', navKey: '1896-S' }, T0);
    await appendHistory(ctx.db, { at: T0, entity: 'products', action: 'failed', b24Id: '90', message: 'B24 refused' });
    const result = await replay(ctx, 'products', T0 - HOUR);
    assert.equal(result.queued, 1, 'named by its link and a history row, queued once');
    const jobs = await listJobs(ctx.db, { state: 'pending', limit: 5 });
    assert.deepEqual(jobs.map((j) => `${j.source}:${j.recordId}`), ['nav:1896-S'], 'one job, from NAV');
  });
});
