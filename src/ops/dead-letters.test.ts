// Dead letters on both dialects: list with filters, show with history, retry (pending
// again, attempts reset, the record read fresh and decided from scratch), drop.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Redactor } from '../core/redact.ts';
import { appendHistory, getJob, getLinkByB24, insertLink, listHistory, listJobs, type StoredError } from '../store/index.ts';
import { forEachDialect } from '../store/test-support/dialects.ts';
import { countDeadLetters, dropDeadLetters, getDeadLetter, listDeadLetters, retryDeadLetters } from './dead-letters.ts';
import { OpsError } from './errors.ts';
import { deadLetter, opsContext, T0 } from './test-support.ts';

const navRefused: StoredError = { code: 'NAV_VALIDATION', kind: 'permanent', message: 'Salesperson Code ZZ does not exist.' };
const tooLong: StoredError = { code: 'SYNC_MAPPING', kind: 'permanent', message: 'name: 70 characters, NAV allows 50' };
const b24Refused: StoredError = { code: 'B24_VALIDATION', kind: 'permanent', message: 'secret-webhook-code leaked into a message' };

forEachDialect('ops: dead letters', (store) => {
  async function seed() {
    const redactor = new Redactor();
    redactor.add('secret-webhook-code');
    const ctx = opsContext(store.store, {}, redactor);
    const db = ctx.db;
    const link = await insertLink(db, { entity: 'customers', state: 'active', b24Id: '7', navKey: 'C0001', b24Hash: 'h-b24', navHash: 'h-nav', heldB24Hash: 'held' }, T0);
    assert.ok(link);
    const a = await deadLetter(db, { entity: 'customers', source: 'b24', recordId: '7', kind: 'upsert', payload: { at: T0, record: { id: '7' } } }, navRefused, T0);
    const b = await deadLetter(db, { entity: 'customers', source: 'nav', recordId: 'C0002', kind: 'upsert' }, tooLong, T0 + 60_000);
    const c = await deadLetter(db, { entity: 'products', source: 'nav', recordId: '1896-S', kind: 'upsert' }, navRefused, T0 + 120_000);
    const d = await deadLetter(db, { entity: 'contacts', source: 'b24', recordId: '3', kind: 'event' }, b24Refused, T0 + 180_000);
    await appendHistory(db, { at: T0, entity: 'customers', action: 'failed', linkId: link.id, b24Id: '7', navKey: 'C0001', message: 'update in nav failed: Salesperson Code ZZ does not exist.' });
    return { ctx, db, link, ids: { a, b, c, d } };
  }

  it('lists dead letters with the system\'s message, redacted, their link, and filters by entity, side, code and time', async () => {
    const { ctx, ids } = await seed();
    const all = await listDeadLetters(ctx, {}, { limit: 10 });
    assert.deepEqual(all.map((d) => d.id), [ids.a, ids.b, ids.c, ids.d]);
    assert.deepEqual(all[0], {
      id: ids.a,
      entity: 'customers',
      side: 'b24',
      recordId: '7',
      attempts: 1,
      code: 'NAV_VALIDATION',
      kind: 'permanent',
      message: 'Salesperson Code ZZ does not exist.',
      failedAt: new Date(T0).toISOString(),
      link: { b24Id: '7', navKey: 'C0001' },
    });
    assert.equal(all[1]?.link, null);
    assert.equal(all[3]?.message, '[redacted] leaked into a message');
    const ids_ = async (filter: Parameters<typeof listDeadLetters>[1]) => (await listDeadLetters(ctx, filter, { limit: 10 })).map((d) => d.id);
    assert.deepEqual(await ids_({ entity: 'customers' }), [ids.a, ids.b]);
    assert.deepEqual(await ids_({ side: 'nav' }), [ids.b, ids.c]);
    assert.deepEqual(await ids_({ code: 'NAV_VALIDATION' }), [ids.a, ids.c]);
    assert.deepEqual(await ids_({ code: 'nav_*' }), [ids.a, ids.c]);
    assert.deepEqual(await ids_({ code: 'SYNC_' }), [ids.b]);
    assert.deepEqual(await ids_({ since: T0 + 100_000 }), [ids.c, ids.d]);
    assert.deepEqual(await ids_({ entity: 'customers', code: 'B24_VALIDATION' }), []);
    assert.deepEqual((await listDeadLetters(ctx, {}, { limit: 2, after: ids.a })).map((d) => d.id), [ids.b, ids.c]);
    assert.equal(await countDeadLetters(ctx, { code: 'NAV_VALIDATION' }), 2);
  });

  it('shows one dead letter with its record\'s history; an unknown id is NOT_FOUND', async () => {
    const { ctx, ids } = await seed();
    const shown = await getDeadLetter(ctx, ids.a);
    assert.equal(shown.item.recordId, '7');
    assert.deepEqual(shown.history.map((h) => h.action), ['failed']);
    await assert.rejects(getDeadLetter(ctx, 999_999), (e: unknown) => e instanceof OpsError && e.code === 'NOT_FOUND' && /no dead letter 999999/.test(e.message));
  });

  it('retries one: pending again, attempts reset, read fresh, the link\'s hashes and holds forgotten, a history row', async () => {
    const { ctx, db, link, ids } = await seed();
    await ctx.clock.advance(3_600_000);
    const result = await retryDeadLetters(ctx, { ids: [ids.a] });
    assert.deepEqual(result, { ids: [ids.a], retried: 1, superseded: 0 });
    const job = await getJob(db, ids.a);
    assert.equal(job?.state, 'pending');
    assert.equal(job.attempts, 0);
    assert.equal(job.runAt, T0 + 3_600_000);
    assert.equal(job.kind, 'retry', 'not an upsert: its old snapshot is not used, the record is read fresh');
    const after = await getLinkByB24(db, 'customers', '7');
    assert.deepEqual([after?.b24Hash, after?.navHash, after?.heldB24Hash, after?.heldNavHash], [null, null, null, null]);
    assert.ok((after?.version ?? 0) > link.version);
    const [row] = await listHistory(db, { entity: 'customers', b24Id: '7', limit: 1 });
    assert.equal(row?.action, 'retried');
    assert.match(row?.message ?? '', /retried by operator: dead letter \d+ \(NAV_VALIDATION\)/);
    assert.equal((await getJob(db, ids.b))?.state, 'dead', 'the others stay');
  });

  it('retries by filter, and a record that has an active job meanwhile is covered by it', async () => {
    const { ctx, db, ids } = await seed();
    await ctx.db.insertInto('jobs').values({ entity: 'products', source: 'nav', record_id: '1896-S', kind: 'upsert', payload: null, state: 'pending', priority: 0, run_at: T0, created_at: T0, updated_at: T0 }).execute();
    const result = await retryDeadLetters(ctx, { code: 'NAV_VALIDATION' });
    assert.deepEqual(result, { ids: [ids.a, ids.c], retried: 1, superseded: 1 });
    assert.equal(await getJob(db, ids.c), undefined, 'superseded by the active job of the same record');
    const pending = await listJobs(db, { state: 'pending', limit: 10 });
    assert.deepEqual(pending.map((j) => [j.recordId, j.kind]).sort(), [['1896-S', 'retry'], ['7', 'retry']]);
  });

  it('drops dead letters with a history row that keeps the reason', async () => {
    const { ctx, db, ids } = await seed();
    const result = await dropDeadLetters(ctx, { entity: 'customers', side: 'nav' });
    assert.deepEqual(result, { ids: [ids.b], dropped: 1 });
    assert.equal(await getJob(db, ids.b), undefined);
    const [row] = await listHistory(db, { entity: 'customers', navKey: 'C0002', limit: 1 });
    assert.equal(row?.action, 'dropped');
    assert.match(row?.message ?? '', /dropped by operator: dead letter \d+ \(SYNC_MAPPING: name: 70 characters/);
    assert.equal(await countDeadLetters(ctx, {}), 3);
  });
});
