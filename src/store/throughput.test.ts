import assert from 'node:assert/strict';
import { it } from 'node:test';
import { appendHistoryMany, type NewHistoryEntry } from './history.ts';
import { forEachDialect } from './test-support/dialects.ts';
import { throughputByMinute } from './throughput.ts';

const MINUTE = 60_000;
// 10:00:30 on some day: the current minute is 10:00, half gone.
const NOW = Date.UTC(2026, 10, 29, 10, 0, 30);
const MIN0 = Date.UTC(2026, 10, 29, 10, 0, 0);

forEachDialect('throughput', (ctx) => {
  it('counts written and failed records per entity kind and minute, oldest minute first', async () => {
    const row = (minutesAgo: number, entity: string, action: string, second = 5): NewHistoryEntry => ({ at: MIN0 - minutesAgo * MINUTE + second * 1000, entity, action });
    await appendHistoryMany(ctx.store.db, [
      row(0, 'customers', 'created'),
      row(0, 'customers', 'updated', 29),
      row(0, 'customers', 'failed'),
      row(1, 'customers', 'linked', 0),
      row(1, 'customers', 'linked', 59),
      row(2, 'customers', 'dead'),
      row(2, 'products', 'updated'),
      row(2, 'customers', 'skipped_echo'), // not a write
      row(2, 'customers', 'conflict'), // neither
      row(3, 'customers', 'created'), // before the window
      { at: NOW + 2 * MINUTE, entity: 'customers', action: 'created' }, // in the future
      row(0, 'stock', 'updated'),
    ]);
    const t = await throughputByMinute(ctx.store.db, NOW, 3, ['customers', 'contacts', 'products']);
    assert.equal(t.from, MIN0 - 2 * MINUTE);
    assert.equal(t.minutes, 3);
    assert.deepEqual(t.entities, [
      { entity: 'customers', synced: [0, 2, 2], failed: [1, 0, 1] },
      { entity: 'contacts', synced: [0, 0, 0], failed: [0, 0, 0] },
      { entity: 'products', synced: [1, 0, 0], failed: [0, 0, 0] },
      { entity: 'stock', synced: [0, 0, 1], failed: [0, 0, 0] },
    ]);
  });

  it('gives zeros for the kinds asked for when nothing happened', async () => {
    const t = await throughputByMinute(ctx.store.db, NOW, 2, ['customers']);
    assert.deepEqual(t.entities, [{ entity: 'customers', synced: [0, 0], failed: [0, 0] }]);
  });
});
