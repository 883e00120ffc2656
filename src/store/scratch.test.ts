import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachDialect } from './test-support/dialects.ts';
import {
  addScratchKeys,
  addScratchRecords,
  dropScratch,
  getScratchRecords,
  listDuplicateKeys,
  listScratchRecords,
  purgeScratch,
  scratchKeyHolders,
} from './scratch.ts';

forEachDialect('scratch rows of scans', (ctx) => {
  const db = () => ctx.store.db;

  it('keeps listed records per scan and side, once each, with their canonical values', async () => {
    await addScratchRecords(db(), 's1', 'b24', [{ recordId: '1', canonical: { name: 'Alpha', phone: ['+74951234567'] } }, { recordId: '2', problem: 'name: too long' }], 10);
    await addScratchRecords(db(), 's1', 'b24', [{ recordId: '2', canonical: { name: 'again' } }, { recordId: '3', skipped: 'no company' }], 11);
    await addScratchRecords(db(), 's1', 'nav', [{ recordId: '1' }], 11);
    await addScratchRecords(db(), 's2', 'b24', [{ recordId: '9' }], 12);
    const found = await getScratchRecords(db(), 's1', 'b24', ['1', '2', '3', '4', '9']);
    assert.deepEqual([...found.keys()].sort(), ['1', '2', '3']);
    assert.deepEqual(found.get('1')?.canonical, { name: 'Alpha', phone: ['+74951234567'] });
    assert.equal(found.get('2')?.problem, 'name: too long', 'the first listing of a record is kept');
    assert.equal(found.get('2')?.canonical, null);
    assert.equal(found.get('3')?.skipped, 'no company');
    const first = await listScratchRecords(db(), 's1', 'b24', { limit: 2 });
    assert.deepEqual(first.map((r) => r.recordId), ['1', '2']);
    const rest = await listScratchRecords(db(), 's1', 'b24', { limit: 2, after: first.at(-1)?.id });
    assert.deepEqual(rest.map((r) => r.recordId), ['3']);
    assert.deepEqual((await listScratchRecords(db(), 's1', 'nav', { limit: 10 })).map((r) => r.recordId), ['1']);
  });

  it('finds match key values held by several records of a side, keyset-paged', async () => {
    await addScratchKeys(db(), 's', 'b24', [
      { key: 'email', value: 'a@x.ru', recordId: '1' },
      { key: 'email', value: 'a@x.ru', recordId: '2' },
      { key: 'email', value: 'b@x.ru', recordId: '3' },
      { key: 'taxId', value: '7707083893', recordId: '3' },
      { key: 'taxId', value: '7707083893', recordId: '4' },
      { key: 'taxId', value: '7707083893', recordId: '5' },
      // One record with the same value twice (two e-mails that normalise alike) is no duplicate.
      { key: 'email', value: 'c@x.ru', recordId: '6' },
      { key: 'email', value: 'c@x.ru', recordId: '6' },
    ], 1);
    await addScratchKeys(db(), 's', 'nav', [{ key: 'email', value: 'a@x.ru', recordId: '10000' }, { key: 'email', value: 'a@x.ru', recordId: '20000' }], 1);
    await addScratchKeys(db(), 'other', 'b24', [{ key: 'email', value: 'b@x.ru', recordId: '7' }], 1);
    const all = await listDuplicateKeys(db(), 's', { limit: 10 });
    assert.deepEqual(all, [
      { side: 'b24', key: 'email', value: 'a@x.ru', count: 2 },
      { side: 'b24', key: 'taxId', value: '7707083893', count: 3 },
      { side: 'nav', key: 'email', value: 'a@x.ru', count: 2 },
    ]);
    const page = await listDuplicateKeys(db(), 's', { limit: 1, after: all[0] });
    assert.deepEqual(page, [all[1]]);
    assert.deepEqual(await scratchKeyHolders(db(), 's', 'b24', 'taxId', '7707083893', 10), ['3', '4', '5']);
    assert.deepEqual(await scratchKeyHolders(db(), 's', 'b24', 'taxId', '7707083893', 2), ['3', '4']);
  });

  it('drops a scan, and purges rows a crashed scan left behind', async () => {
    await addScratchRecords(db(), 'a', 'b24', [{ recordId: '1' }], 100);
    await addScratchKeys(db(), 'a', 'b24', [{ key: 'k', value: 'v', recordId: '1' }], 100);
    await addScratchRecords(db(), 'b', 'nav', [{ recordId: '2' }], 500);
    await dropScratch(db(), 'a');
    assert.equal((await getScratchRecords(db(), 'a', 'b24', ['1'])).size, 0);
    assert.deepEqual(await scratchKeyHolders(db(), 'a', 'b24', 'k', 'v', 5), []);
    await addScratchRecords(db(), 'c', 'nav', [{ recordId: '3' }], 100);
    assert.equal(await purgeScratch(db(), 200), 1);
    assert.equal((await getScratchRecords(db(), 'b', 'nav', ['2'])).size, 1, 'a newer scan keeps its rows');
  });
});
