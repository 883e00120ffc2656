// Deletions (issue 6, item 2) on in-memory sides and a real store: a record found
// gone — by its own job (a B24 delete event), by the other side of a pair, or by
// the key-set scan — is flagged, unlinked or deleted on the other side as the
// entity's onDelete says, and never on a guess.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { getLinkByB24, getLinkByNav, listHistory, listJobs } from '../../src/store/index.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });

/** One company synced to a new NAV customer; returns the NAV key. */
async function linkedPair(title = 'Alpha'): Promise<string> {
  h.b24.put('1', company(title));
  await h.engine.syncOnce();
  const navKey = (await getLinkByB24(h.store.db, 'customers', '1'))?.navKey;
  assert.ok(navKey);
  return navKey;
}

async function deletedRows(): Promise<string[]> {
  const rows = await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 50 });
  return rows.filter((r) => r.action === 'deleted').map((r) => r.message ?? '');
}

describe('deletions', () => {
  it('flag (the default): a B24 delete event writes one history row, keeps the NAV customer and holds its later changes', async () => {
    h = await harness();
    const navKey = await linkedPair();
    h.b24.records.delete('1');
    await h.engine.enqueueEvent('customers', '1');
    await h.engine.syncOnce();
    assert.ok(h.nav.records.has(navKey), 'NAV customer kept');
    const link = await getLinkByB24(h.store.db, 'customers', '1');
    assert.equal(link?.state, 'active');
    assert.equal(link?.heldB24Hash, 'deleted', 'the gone side is marked');
    assert.match(link?.reason ?? '', /deleted in Bitrix24/);
    assert.equal((await deletedRows()).length, 1);
    assert.match((await deletedRows())[0] ?? '', /onDelete: flag — the NAV record .* was kept for an operator/);
    // The same event again, and an edit of the survivor: no second row, nothing written.
    await h.engine.enqueueEvent('customers', '1');
    h.nav.put(navKey, { City: 'Тверь' });
    const writes = h.b24.writes + h.nav.writes;
    const report = await h.engine.syncOnce();
    assert.equal(h.b24.writes + h.nav.writes, writes);
    assert.equal(h.b24.records.size, 0, 'the company is not re-created');
    assert.equal((await deletedRows()).length, 1);
    assert.equal(report.entities['customers']?.dead ?? 0, 0);
    const held = await getLinkByB24(h.store.db, 'customers', '1');
    assert.ok(held?.heldNavHash, 'the survivor\'s change is held, so scans skip it');
    assert.deepEqual((await h.engine.syncOnce()).scans.map((s) => s.queued), [0, 0]);
  });

  it('unlink: the link is dropped, both records stay', async () => {
    h = await harness({ customers: { onDelete: 'unlink' } });
    const navKey = await linkedPair();
    h.b24.records.delete('1');
    await h.engine.enqueueEvent('customers', '1');
    await h.engine.syncOnce();
    assert.equal((await getLinkByNav(h.store.db, 'customers', navKey))?.state, 'unlinked');
    assert.ok(h.nav.records.has(navKey));
    assert.match((await deletedRows())[0] ?? '', /onDelete: unlink — the link was dropped/);
  });

  it('propagate: a deletion in Bitrix24 deletes the NAV customer; the echo of our own delete does nothing', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    const navKey = await linkedPair();
    h.b24.records.delete('1');
    await h.engine.enqueueEvent('customers', '1');
    await h.engine.syncOnce();
    assert.equal(h.nav.records.has(navKey), false, 'NAV customer deleted');
    const link = await getLinkByB24(h.store.db, 'customers', '1');
    assert.equal(link?.state, 'deleted');
    const [row] = (await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 5 })).filter((r) => r.action === 'deleted');
    assert.equal(row?.policy, 'propagate');
    assert.equal(row?.direction, 'b24_to_nav');
    assert.match(row?.message ?? '', new RegExp(`NAV record ${navKey} was deleted in NAV`));
    // Our own delete coming back as a job of the NAV side, and the B24 event again: nothing more.
    await h.engine.enqueueEvent('customers', '1');
    const report = await h.engine.syncOnce();
    assert.equal(report.entities['customers']?.dead ?? 0, 0);
    assert.equal((await deletedRows()).length, 1);
  });

  it('propagate: a NAV customer gone when its pair syncs takes the company with it', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    const navKey = await linkedPair();
    h.nav.records.delete(navKey);
    h.b24.put('1', { TITLE: 'Alpha, edited after the NAV delete' });
    await h.engine.syncOnce();
    assert.equal(h.b24.records.has('1'), false);
    assert.equal((await getLinkByNav(h.store.db, 'customers', navKey))?.state, 'deleted');
  });

  it('propagate refused (NAV keeps a customer with ledger entries): a dead letter with NAV\'s text, the link flagged, nothing re-tried on its own', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    const navKey = await linkedPair();
    h.nav.refuseDelete = (id) => `You cannot delete Customer ${id} because it has ledger entries in a fiscal year that has not been closed yet.`;
    h.b24.records.delete('1');
    await h.engine.enqueueEvent('customers', '1');
    const report = await h.engine.syncOnce();
    assert.equal(report.entities['customers']?.dead, 1);
    assert.ok(h.nav.records.has(navKey));
    const [dead] = await listJobs(h.store.db, { state: 'dead', limit: 5 });
    assert.equal(dead?.lastError?.code, 'NAV_VALIDATION');
    assert.match(dead?.lastError?.message ?? '', /ledger entries/);
    const link = await getLinkByB24(h.store.db, 'customers', '1');
    assert.equal(link?.state, 'active');
    assert.equal(link?.heldB24Hash, 'deleted');
    assert.match(link?.reason ?? '', /NAV refused to delete .*ledger entries/);
    const failed = (await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 10 })).find((r) => r.action === 'failed');
    assert.match(failed?.message ?? '', /deleting the NAV record .* failed: You cannot delete Customer/);
    // The key-set scan passes a flagged link over: no second dead letter.
    assert.deepEqual((await h.engine.scanDeletions()).map((r) => r.queued), [0, 0]);
  });

  it('propagate is not carried against the entity\'s direction: flagged instead', async () => {
    h = await harness({ customers: { onDelete: 'propagate', direction: 'b24_to_nav' } });
    const navKey = await linkedPair();
    h.nav.records.delete(navKey);
    await h.engine.scanDeletions();
    await h.engine.syncOnce();
    assert.ok(h.b24.records.has('1'), 'the company stays');
    const link = await getLinkByNav(h.store.db, 'customers', navKey);
    assert.equal(link?.heldNavHash, 'deleted');
    assert.match((await deletedRows())[0] ?? '', /customers flow only Bitrix24 → NAV, so a deletion in NAV is not carried to Bitrix24/);
  });

  it('the key-set scan finds a deletion no event reported, and never acts on a record the listing missed but a read finds', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    h.b24.put('1', company('One'));
    h.b24.put('2', company('Two'));
    await h.engine.syncOnce();
    const [k1, k2] = [(await getLinkByB24(h.store.db, 'customers', '1'))?.navKey, (await getLinkByB24(h.store.db, 'customers', '2'))?.navKey];
    assert.ok(k1 && k2);
    h.nav.records.delete(k1);
    // A listing that misses a record still there (a page read mid-change): the read before acting finds it.
    const listIds = h.nav.listIds.bind(h.nav);
    h.nav.listIds = async function* () {
      for await (const ids of listIds()) yield ids.filter((id) => id !== k2);
    };
    const results = await h.engine.scanDeletions();
    assert.deepEqual(results.map((r) => [r.side, r.listed, r.gone, r.queued]), [['b24', 2, 0, 0], ['nav', 0, 1, 1]]);
    await h.engine.syncOnce();
    assert.equal(h.b24.records.has('1'), false, 'company 1 deleted: its customer is gone');
    assert.equal(h.b24.records.has('2'), true, 'company 2 kept: its customer was only missing from the listing');
    assert.equal((await getLinkByB24(h.store.db, 'customers', '2'))?.state, 'active');
  });

  it('a listing that fails midway decides nothing', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    await linkedPair();
    h.nav.listIds = async function* () {
      yield await Promise.resolve([]);
      throw new Error('NAV went away');
    };
    await assert.rejects(h.engine.scanDeletions(), /NAV went away/);
    assert.equal((await listJobs(h.store.db, { state: 'pending', limit: 5 })).length, 0);
    assert.equal((await h.store.db.selectFrom('scratch_records').select('id').execute()).length, 0, 'its scratch rows are dropped');
  });

  it('a dry run plans the delete and deletes nothing', async () => {
    h = await harness({ customers: { onDelete: 'propagate' } });
    const navKey = await linkedPair();
    h.b24.records.delete('1');
    h.nav.put(navKey, { City: 'Омск' });
    const report = await h.engine.syncOnce({ dryRun: true });
    assert.deepEqual(report.planned.filter((p) => p.action === 'delete').map((p) => [p.side, p.id]), [['nav', navKey]]);
    assert.ok(h.nav.records.has(navKey));
    assert.equal((await getLinkByB24(h.store.db, 'customers', '1'))?.state, 'active');
  });
});
