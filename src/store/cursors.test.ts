import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getCursor, listCursors, setCursor } from './cursors.ts';
import { forEachDialect } from './test-support/dialects.ts';

forEachDialect('cursors', (ctx) => {
  it('creates a cursor with expected version 0, only once', async () => {
    const { db } = ctx.store;
    assert.equal(await getCursor(db, 'b24.company'), undefined);
    assert.equal(await setCursor(db, 'b24.company', 0, '2026-01-01T00:00:00|10', 100), true);
    assert.equal(await setCursor(db, 'b24.company', 0, 'other', 101), false);
    assert.deepEqual(await getCursor(db, 'b24.company'), { name: 'b24.company', value: '2026-01-01T00:00:00|10', version: 1, updatedAt: 100 });
  });

  it('compare-and-set: the writer with a stale version loses and changes nothing', async () => {
    const { db } = ctx.store;
    await setCursor(db, 'nav.customer', 0, 'a', 1);
    const seenByA = await getCursor(db, 'nav.customer');
    const seenByB = await getCursor(db, 'nav.customer');
    assert.ok(seenByA && seenByB);
    assert.equal(await setCursor(db, 'nav.customer', seenByA.version, 'from A', 2), true);
    assert.equal(await setCursor(db, 'nav.customer', seenByB.version, 'from B', 3), false);
    assert.deepEqual(await getCursor(db, 'nav.customer'), { name: 'nav.customer', value: 'from A', version: 2, updatedAt: 2 });
    assert.equal(await setCursor(db, 'nav.customer', 5, 'future', 4), false);
    assert.equal(await setCursor(db, 'missing', 1, 'x', 4), false);
  });

  it('two stores racing on one version: exactly one wins', async () => {
    const other = await ctx.openAnother();
    await setCursor(ctx.store.db, 'race', 0, 'start', 1);
    const results = await Promise.all([setCursor(ctx.store.db, 'race', 1, 'one', 2), setCursor(other.db, 'race', 1, 'two', 2)]);
    assert.deepEqual(results.filter(Boolean).length, 1);
    const cursor = await getCursor(ctx.store.db, 'race');
    assert.equal(cursor?.version, 2);
    assert.equal(cursor.value, results[0] === true ? 'one' : 'two');
  });

  it('lists cursors by name', async () => {
    const { db } = ctx.store;
    await setCursor(db, 'b', 0, '2', 1);
    await setCursor(db, 'a', 0, '1', 1);
    assert.deepEqual((await listCursors(db)).map((c) => c.name), ['a', 'b']);
  });
});
