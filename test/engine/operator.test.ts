// Operator actions driving the engine (issue 6, item 1): a dead letter retried after
// the fix syncs, even when the other side was what needed fixing; a conflict resolved
// per field is written by the next pass and not parked again; a replay re-syncs what
// drifted. In-memory sides, a real store.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Redactor } from '../../src/core/redact.ts';
import { resolveByOperator } from '../../src/ops/conflicts.ts';
import type { OpsContext } from '../../src/ops/context.ts';
import { listDeadLetters, retryDeadLetters } from '../../src/ops/dead-letters.ts';
import { replay } from '../../src/ops/replay.ts';
import { getLinkByB24, listConflicts, listHistory, listJobs } from '../../src/store/index.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });

function ops(): OpsContext {
  return { db: h.store.db, config: h.engine.config, clock: h.engine.clock, redactor: new Redactor() };
}

describe('operator actions through the engine', () => {
  it('a dead letter retried after the fix in NAV syncs, though nothing changed in Bitrix24', async () => {
    h = await harness();
    h.b24.put('1', company('Alpha'));
    await h.engine.syncOnce();
    const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
    // NAV starts refusing the city (a missing post code table entry, say); the B24 edit dies.
    h.nav.validate = (f) => (f['City'] === 'Тверь' ? 'City Тверь is not in the Post Code table.' : undefined);
    h.b24.put('1', { 'address.CITY': 'Тверь' });
    const failed = await h.engine.syncOnce();
    assert.equal(failed.entities['customers']?.dead, 1);
    const [dead] = await listDeadLetters(ops(), {}, { limit: 5 });
    assert.equal(dead?.code, 'NAV_VALIDATION');
    // Fixed in NAV. Syncing again on its own does nothing: the record did not change.
    h.nav.validate = () => undefined;
    await h.engine.syncOnce();
    assert.notEqual(h.nav.records.get(navKey)?.fields['City'], 'Тверь');
    // Retried: read fresh, decided from scratch, written.
    await retryDeadLetters(ops(), { ids: [dead?.id ?? 0] });
    const report = await h.engine.syncOnce();
    assert.deepEqual(report.entities['customers'], { done: 1, retried: 0, dead: 0 });
    assert.equal(h.nav.records.get(navKey)?.fields['City'], 'Тверь');
    assert.deepEqual(await listJobs(h.store.db, { state: 'dead', limit: 5 }), []);
  });

  it('a retried dead letter of a record never created is created after the fix', async () => {
    h = await harness();
    h.nav.validate = (f) => (String(f['Name']).startsWith('Blocked') ? 'Salesperson Code XX does not exist.' : undefined);
    h.b24.put('2', company('Blocked Co'));
    await h.engine.syncOnce();
    assert.equal(h.nav.records.size, 0);
    h.nav.validate = () => undefined;
    await retryDeadLetters(ops(), { code: 'NAV_VALIDATION' });
    await h.engine.syncOnce();
    assert.deepEqual([...h.nav.records.values()].map((r) => r.fields['Name']), ['Blocked Co']);
    assert.equal((await getLinkByB24(h.store.db, 'customers', '2'))?.state, 'active');
  });

  it('a refused propagated delete is retried after the fix and goes through', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    h.b24.put('1', company('Alpha'));
    await h.engine.syncOnce();
    const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
    h.nav.refuseDelete = () => 'You cannot delete Customer because it has ledger entries in a fiscal year that has not been closed yet.';
    h.b24.records.delete('1');
    await h.engine.enqueueEvent('customers', '1');
    await h.engine.syncOnce();
    assert.ok(h.nav.records.has(navKey));
    h.nav.refuseDelete = () => undefined;
    await retryDeadLetters(ops(), { entity: 'customers' });
    await h.engine.syncOnce();
    assert.equal(h.nav.records.has(navKey), false);
    assert.equal((await getLinkByB24(h.store.db, 'customers', '1'))?.state, 'deleted');
  });

  for (const [field, choice, expected] of [['name', 'nav', 'NAV name'], ['name', 'b24', 'B24 name']] as const) {
    it(`a conflict resolved per field (${field} ← ${choice}) is written by the next pass and not parked again`, async () => {
      h = await harness({ customers: { conflictPolicy: 'manual' } });
      h.b24.put('1', company('Original', { EMAIL: ['old@x.ru'] }));
      await h.engine.syncOnce();
      const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
      h.nav.put(navKey, { Name: 'NAV name' });
      h.b24.put('1', { TITLE: 'B24 name' });
      await h.engine.syncOnce();
      const [open] = await listConflicts(h.store.db, { state: 'open', limit: 5 });
      assert.ok(open);
      await resolveByOperator(ops(), open.id, { [field]: choice });
      const writes = h.nav.writes + h.b24.writes;
      await h.engine.syncOnce();
      assert.equal(h.b24.records.get('1')?.fields['TITLE'], expected);
      assert.equal(h.nav.records.get(navKey)?.fields['Name'], expected);
      assert.equal(h.nav.writes + h.b24.writes, writes + 1, 'one write: to the side that lost');
      assert.deepEqual(await listConflicts(h.store.db, { state: 'open', limit: 5 }), []);
      const history = await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 10 });
      assert.equal(history.filter((r) => r.action === 'resolved').length, 1, 'no second "the sides agree again" row');
      assert.match(history.find((r) => r.action === 'resolved')?.message ?? '', /resolved by operator/);
      assert.deepEqual((await h.engine.syncOnce()).scans.map((s) => s.queued), [0, 0], 'settled: nothing more to do');
    });
  }

  it('a resolution whose losing side changed again meanwhile is parked again, not overwritten', async () => {
    h = await harness({ customers: { conflictPolicy: 'manual' } });
    h.b24.put('1', company('Original'));
    await h.engine.syncOnce();
    const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
    h.nav.put(navKey, { Name: 'NAV name' });
    h.b24.put('1', { TITLE: 'B24 name' });
    await h.engine.syncOnce();
    const [open] = await listConflicts(h.store.db, { state: 'open', limit: 5 });
    await resolveByOperator(ops(), open?.id ?? 0, { name: 'b24' });
    h.nav.put(navKey, { Name: 'NAV name, edited again' });
    await h.engine.syncOnce();
    assert.equal(h.nav.records.get(navKey)?.fields['Name'], 'NAV name, edited again');
    const [again] = await listConflicts(h.store.db, { state: 'open', limit: 5 });
    assert.deepEqual(again?.fields['name'], { base: 'NAV name', b24: 'B24 name', nav: 'NAV name, edited again' });
  });

  it('replay re-syncs a pair that drifted without a change the scans could see', async () => {
    h = await harness();
    h.b24.put('1', company('Alpha'));
    await h.engine.syncOnce();
    const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey as string;
    await h.engine.syncOnce();
    // Changed behind the cursor's back (a restore from backup in NAV): no tick, no scan sees it.
    const record = h.nav.records.get(navKey);
    assert.ok(record);
    record.fields = { ...record.fields, Name: 'Restored old name' };
    assert.deepEqual((await h.engine.syncOnce()).scans.map((s) => s.queued), [0, 0]);
    const result = await replay(ops(), 'customers', h.engine.clock.now() - 3_600_000);
    assert.equal(result.queued > 0, true);
    await h.engine.syncOnce();
    assert.equal(h.b24.records.get('1')?.fields['TITLE'], 'Restored old name', 'NAV changed vs the base: its value flows');
  });
});
