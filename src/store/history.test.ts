import assert from 'node:assert/strict';
import { it } from 'node:test';
import { appendHistory, appendHistoryMany, listHistory, type NewHistoryEntry } from './history.ts';
import { forEachDialect } from './test-support/dialects.ts';

forEachDialect('history', (ctx) => {
  it('keeps every field of an entry, JSON included', async () => {
    const entry: NewHistoryEntry = {
      at: 1_700_000_000_123,
      entity: 'customer',
      action: 'updated',
      linkId: 42,
      b24Id: '17',
      navKey: 'C00010',
      direction: 'b24_to_nav',
      policy: 'merge',
      fields: { Name: { from: 'Ромашка', to: 'ООО «Ромашка»' }, Credit_Limit_LCY: { from: null, to: 1500.5 } },
      message: 'merged 2 fields',
      runId: 7,
      error: null,
    };
    const id = await appendHistory(ctx.store.db, entry);
    const [stored] = await listHistory(ctx.store.db, { entity: 'customer', b24Id: '17', limit: 10 });
    assert.deepEqual(stored, { ...entry, id });
  });

  it('lists a record\'s history newest first, by B24 id, NAV key or link, keyset-paged', async () => {
    const at = 1000; // the same timestamp everywhere: order must still be the append order
    await appendHistoryMany(ctx.store.db, [
      { at, entity: 'customer', action: 'skipped_echo', b24Id: '1' },
      { at, entity: 'customer', action: 'created', b24Id: '1', direction: 'b24_to_nav', message: 'intent recorded' },
      { at, entity: 'customer', action: 'linked', b24Id: '1', navKey: 'C1', linkId: 5 },
      { at, entity: 'customer', action: 'updated', navKey: 'C1', linkId: 5, direction: 'nav_to_b24' },
      { at, entity: 'customer', action: 'updated', b24Id: '2' },
      { at, entity: 'contact', action: 'created', b24Id: '1' },
      { at, entity: 'customer', action: 'failed', linkId: 5, error: { code: 'B24_VALIDATION', kind: 'permanent', message: 'bad phone' } },
    ]);
    const actions = (entries: { action: string }[]) => entries.map((e) => e.action);
    assert.deepEqual(actions(await listHistory(ctx.store.db, { entity: 'customer', b24Id: '1', limit: 10 })), ['linked', 'created', 'skipped_echo']);
    assert.deepEqual(actions(await listHistory(ctx.store.db, { entity: 'customer', navKey: 'C1', limit: 10 })), ['updated', 'linked']);
    const whole = await listHistory(ctx.store.db, { entity: 'customer', b24Id: '1', navKey: 'C1', linkId: 5, limit: 10 });
    assert.deepEqual(actions(whole), ['failed', 'updated', 'linked', 'created', 'skipped_echo']);
    assert.equal(whole[0]?.error?.code, 'B24_VALIDATION');
    const page1 = await listHistory(ctx.store.db, { entity: 'customer', linkId: 5, b24Id: '1', limit: 2 });
    const page2 = await listHistory(ctx.store.db, { entity: 'customer', linkId: 5, b24Id: '1', limit: 2, before: page1.at(-1)?.id ?? 0 });
    assert.deepEqual([...actions(page1), ...actions(page2)], ['failed', 'updated', 'linked', 'created']);
    assert.equal((await listHistory(ctx.store.db, { entity: 'customer', limit: 100 })).length, 6);
  });

  it('appends thousands of entries in bulk', async () => {
    const entries = Array.from({ length: 2500 }, (_, i): NewHistoryEntry => ({ at: i, entity: 'product', action: 'created', navKey: `ITEM-${i}`, fields: { No: { from: null, to: `ITEM-${i}` } } }));
    await appendHistoryMany(ctx.store.db, entries);
    const [last] = await listHistory(ctx.store.db, { entity: 'product', limit: 1 });
    assert.equal(last?.navKey, 'ITEM-2499');
    assert.deepEqual(last.fields, { No: { from: null, to: 'ITEM-2499' } });
  });
});
