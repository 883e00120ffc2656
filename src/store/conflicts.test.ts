import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getConflict, listConflicts, openConflict, resolveConflict } from './conflicts.ts';
import { forEachDialect } from './test-support/dialects.ts';

forEachDialect('conflicts', (ctx) => {
  const fields = { Phone: { base: '+7 495 000-00-00', b24: '+7 495 111-11-11', nav: '+7 495 222-22-22' } };

  it('keeps one open conflict per link: detecting it again updates the open one', async () => {
    const first = await openConflict(ctx.store.db, { linkId: 1, entity: 'customer', b24Id: '17', navKey: 'C1', fields }, 100);
    assert.equal(first.state, 'open');
    assert.deepEqual(first.fields, fields);
    const moreFields = { ...fields, Name: { base: 'A', b24: 'B', nav: 'C' } };
    const again = await openConflict(ctx.store.db, { linkId: 1, entity: 'customer', fields: moreFields }, 200);
    assert.equal(again.id, first.id);
    assert.deepEqual(again.fields, moreFields);
    assert.equal(again.createdAt, 100);
    assert.equal(again.updatedAt, 200);
    assert.equal(again.b24Id, '17', 'ids not given again are kept');
    assert.equal(again.navKey, 'C1');
    await openConflict(ctx.store.db, { linkId: 2, entity: 'customer', fields }, 300);
    assert.equal((await listConflicts(ctx.store.db, { state: 'open', limit: 10 })).length, 2);
  });

  it('resolves an open conflict once; the next detection opens a new one', async () => {
    const open = await openConflict(ctx.store.db, { linkId: 9, entity: 'customer', fields }, 100);
    const resolved = await resolveConflict(ctx.store.db, open.id, { Phone: 'b24', by: 'operator@example.com' }, 150);
    assert.equal(resolved?.state, 'resolved');
    assert.deepEqual(resolved.resolution, { Phone: 'b24', by: 'operator@example.com' });
    assert.equal(resolved.resolvedAt, 150);
    assert.equal(await resolveConflict(ctx.store.db, open.id, { Phone: 'nav' }, 160), undefined);
    assert.deepEqual((await getConflict(ctx.store.db, open.id))?.resolution, { Phone: 'b24', by: 'operator@example.com' });
    const reopened = await openConflict(ctx.store.db, { linkId: 9, entity: 'customer', fields }, 200);
    assert.notEqual(reopened.id, open.id);
    assert.deepEqual((await listConflicts(ctx.store.db, { linkId: 9, limit: 10 })).map((c) => c.state), ['resolved', 'open']);
    assert.equal(await getConflict(ctx.store.db, 123456), undefined);
  });

  it('lists conflicts by state and entity, keyset-paged', async () => {
    for (let link = 1; link <= 5; link++) await openConflict(ctx.store.db, { linkId: link, entity: link === 3 ? 'product' : 'customer', fields }, link);
    const page1 = await listConflicts(ctx.store.db, { state: 'open', entity: 'customer', limit: 2 });
    const page2 = await listConflicts(ctx.store.db, { state: 'open', entity: 'customer', limit: 2, after: page1.at(-1)?.id ?? 0 });
    assert.deepEqual([...page1, ...page2].map((c) => c.linkId), [1, 2, 4, 5]);
  });
});
