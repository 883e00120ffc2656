// Conflicts on both dialects: summaries and details, and an operator's resolution —
// every field chosen, recorded on the conflict, the link's base set so the chosen
// values win on the next pass, the record queued, a history row.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { getConflict, getLink, insertLink, listHistory, listJobs, openConflict, updateLink } from '../store/index.ts';
import { forEachDialect } from '../store/test-support/dialects.ts';
import { getConflictDetail, listConflictSummaries, resolveByOperator } from './conflicts.ts';
import { OpsError } from './errors.ts';
import { opsContext, T0 } from './test-support.ts';

const isOps = (code: string, text: RegExp) => (e: unknown) => e instanceof OpsError && e.code === code && text.test(e.message);

forEachDialect('ops: conflicts', (store) => {
  async function seed() {
    const ctx = opsContext(store.store, { customers: { conflictPolicy: 'manual' } });
    const link = await insertLink(ctx.db, { entity: 'customers', state: 'active', b24Id: '5', navKey: 'C5', b24Hash: 'hb', navHash: 'hn', reason: 'conflict: city, name', base: { name: 'Old', city: 'Москва', email: 'a@x.ru' } }, T0);
    assert.ok(link);
    const conflict = await openConflict(ctx.db, { linkId: link.id, entity: 'customers', b24Id: '5', navKey: 'C5', fields: { name: { base: 'Old', b24: 'New B24', nav: 'New NAV' }, city: { base: 'Москва', b24: 'Тверь', nav: 'Омск' } } }, T0);
    return { ctx, link, conflict };
  }

  it('lists summaries by state and entity, and shows both sides per field with the entity\'s policy', async () => {
    const { ctx, conflict } = await seed();
    assert.deepEqual(await listConflictSummaries(ctx, { state: 'open', limit: 10 }), [
      { id: conflict.id, entity: 'customers', b24Id: '5', navKey: 'C5', policy: 'manual', fields: ['city', 'name'], state: 'open', openedAt: new Date(T0).toISOString(), resolvedAt: null },
    ]);
    assert.deepEqual(await listConflictSummaries(ctx, { state: 'resolved', limit: 10 }), []);
    assert.deepEqual(await listConflictSummaries(ctx, { entity: 'contacts', limit: 10 }), []);
    const detail = await getConflictDetail(ctx, conflict.id);
    assert.equal(detail.policy, 'manual');
    assert.deepEqual(detail.fields['city'], { base: 'Москва', b24: 'Тверь', nav: 'Омск' });
    await assert.rejects(getConflictDetail(ctx, 4242), isOps('NOT_FOUND', /no conflict 4242/));
  });

  it('refuses a resolution that misses a field, names another, or chooses neither side', async () => {
    const { ctx, conflict } = await seed();
    await assert.rejects(resolveByOperator(ctx, conflict.id, { name: 'b24' }), isOps('BAD_INPUT', /missing: city/));
    await assert.rejects(resolveByOperator(ctx, conflict.id, { name: 'b24', city: 'nav', phone: 'nav' }), isOps('BAD_INPUT', /"phone" is not a field of this conflict \(its fields: city, name\)/));
    await assert.rejects(resolveByOperator(ctx, conflict.id, { name: 'b24', city: 'both' }), isOps('BAD_INPUT', /choice for city must be b24 or nav, got "both"/));
    assert.equal((await getConflict(ctx.db, conflict.id))?.state, 'open', 'nothing changed');
    assert.deepEqual(await listJobs(ctx.db, { limit: 5 }), []);
  });

  it('resolves: the choice on the conflict, the losing values as the base, hashes forgotten, the record queued, history says by whom', async () => {
    const { ctx, link, conflict } = await seed();
    const { conflict: done, queued } = await resolveByOperator(ctx, conflict.id, { name: 'nav', city: 'b24' });
    assert.equal(done.state, 'resolved');
    assert.deepEqual(done.resolution, { by: 'operator', choices: { name: 'nav', city: 'b24' }, values: { name: 'New NAV', city: 'Тверь' }, at: T0 });
    assert.deepEqual(queued, { side: 'b24', id: '5' });
    const after = await getLink(ctx.db, link.id);
    assert.deepEqual(after?.base, { name: 'New B24', city: 'Омск', email: 'a@x.ru' }, 'each field\'s base is the losing side\'s value');
    assert.deepEqual([after?.b24Hash, after?.navHash, after?.reason], [null, null, null]);
    const [job] = await listJobs(ctx.db, { state: 'pending', limit: 5 });
    assert.deepEqual([job?.source, job?.recordId, job?.kind, job?.payload], ['b24', '5', 'resolved', null]);
    const [row] = await listHistory(ctx.db, { entity: 'customers', b24Id: '5', limit: 1 });
    assert.equal(row?.action, 'resolved');
    assert.equal(row?.message, 'resolved by operator: name ← NAV ("New NAV"), city ← Bitrix24 ("Тверь"); the next pass writes these values');
    await assert.rejects(resolveByOperator(ctx, conflict.id, { name: 'nav', city: 'b24' }), isOps('ALREADY_RESOLVED', /resolved already \(by operator\)/));
  });

  it('refuses when the records are no longer linked', async () => {
    const { ctx, link, conflict } = await seed();
    await updateLink(ctx.db, link.id, { state: 'unlinked' }, { now: T0 });
    await assert.rejects(resolveByOperator(ctx, conflict.id, { name: 'nav', city: 'b24' }), isOps('LINK_CHANGED', /no longer linked \(link \d+ is unlinked\)/));
    assert.equal((await getConflict(ctx.db, conflict.id))?.state, 'open', 'rolled back');
  });
});
