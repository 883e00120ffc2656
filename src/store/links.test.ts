import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  countLinks,
  countLinksByState,
  getLink,
  getLinkByB24,
  getLinkByNav,
  getLinksByB24,
  getLinksByNav,
  insertLink,
  listLinks,
  updateLink,
  type Link,
  type LinkIntent,
} from './links.ts';
import { forEachDialect } from './test-support/dialects.ts';
import { withTransaction } from './transaction.ts';
import { isUniqueViolation } from './unique-violation.ts';

forEachDialect('links', (ctx) => {
  async function link(fields: Parameters<typeof insertLink>[1], now = 1000): Promise<Link> {
    const inserted = await insertLink(ctx.store.db, fields, now);
    assert.ok(inserted, 'link inserted');
    return inserted;
  }

  it('stores a link with hashes, versions, JSON base and intent, and finds it by either side', async () => {
    const intent: LinkIntent = { side: 'nav', fields: { Name: 'ООО «Ромашка»', Credit_Limit_LCY: 1500.5 }, matchKeys: { inn: '7707083893' }, at: 999 };
    const created = await link({
      entity: 'customer',
      state: 'creating_nav',
      b24Id: '17',
      b24Hash: 'h-b24',
      b24Version: '2026-01-02T10:00:00+03:00',
      base: { name: 'ООО «Ромашка»', phones: ['+74951234567'], vip: true, note: null },
      intent,
    });
    assert.equal(created.version, 1);
    assert.equal(created.navKey, null);
    assert.deepEqual(created.intent, intent);
    assert.deepEqual(created.base, { name: 'ООО «Ромашка»', phones: ['+74951234567'], vip: true, note: null });
    assert.deepEqual(await getLink(ctx.store.db, created.id), created);
    assert.deepEqual(await getLinkByB24(ctx.store.db, 'customer', '17'), created);
    assert.equal(await getLinkByB24(ctx.store.db, 'contact', '17'), undefined);

    const linked = await updateLink(ctx.store.db, created.id, { navKey: 'C00010', navHash: 'h-nav', navVersion: '12;abc=', state: 'active', intent: null }, { now: 2000 });
    assert.ok(linked);
    assert.equal(linked.intent, null);
    assert.equal(linked.b24Hash, 'h-b24', 'fields absent from the patch are kept');
    assert.equal(linked.updatedAt, 2000);
    assert.equal(linked.createdAt, 1000);
    assert.deepEqual(await getLinkByNav(ctx.store.db, 'customer', 'C00010'), linked);
  });

  it('keeps one link per B24 id and per NAV key within an entity', async () => {
    await link({ entity: 'customer', state: 'active', b24Id: '1', navKey: 'C1' });
    assert.equal(await insertLink(ctx.store.db, { entity: 'customer', state: 'active', b24Id: '1', navKey: 'C2' }, 1), undefined);
    assert.equal(await insertLink(ctx.store.db, { entity: 'customer', state: 'active', b24Id: '2', navKey: 'C1' }, 1), undefined);
    // Another entity may reuse the ids, and unset sides never collide.
    await link({ entity: 'contact', state: 'active', b24Id: '1', navKey: 'C1' });
    await link({ entity: 'customer', state: 'creating_b24', navKey: 'C3' });
    await link({ entity: 'customer', state: 'creating_b24', navKey: 'C4' });
    await link({ entity: 'customer', state: 'creating_nav', b24Id: '5' });
    await link({ entity: 'customer', state: 'creating_nav', b24Id: '6' });
    assert.equal(await countLinks(ctx.store.db, { entity: 'customer' }), 5);
  });

  it('a refused insert does not poison the surrounding transaction', async () => {
    await link({ entity: 'customer', state: 'active', b24Id: '1' });
    await withTransaction(ctx.store.db, async (trx) => {
      assert.equal(await insertLink(trx, { entity: 'customer', state: 'active', b24Id: '1' }, 1), undefined);
      assert.ok(await insertLink(trx, { entity: 'customer', state: 'active', b24Id: '2' }, 1));
    });
    assert.equal(await countLinks(ctx.store.db), 2);
  });

  it('updating a link onto an id another link holds is a unique violation', async () => {
    await link({ entity: 'customer', state: 'active', b24Id: '1', navKey: 'C1' });
    const other = await link({ entity: 'customer', state: 'active', b24Id: '2' });
    await assert.rejects(updateLink(ctx.store.db, other.id, { navKey: 'C1' }, { now: 5 }), (error) => isUniqueViolation(error));
  });

  it('compare-and-set on version: a writer holding a stale version changes nothing', async () => {
    const created = await link({ entity: 'product', state: 'active', navKey: 'ITEM-1', b24Id: '300' });
    const first = await updateLink(ctx.store.db, created.id, { navHash: 'n2' }, { now: 2000, expectedVersion: created.version });
    assert.equal(first?.version, 2);
    // Same millisecond, stale version: refused although updated_at would match.
    const stale = await updateLink(ctx.store.db, created.id, { navHash: 'n3' }, { now: 2000, expectedVersion: created.version });
    assert.equal(stale, undefined);
    assert.equal((await getLink(ctx.store.db, created.id))?.navHash, 'n2');
    assert.equal(await updateLink(ctx.store.db, 987654, { navHash: 'x' }, { now: 1 }), undefined);
  });

  it('looks up a page of links by many B24 ids or NAV keys at once', async () => {
    const ids = Array.from({ length: 1200 }, (_, i) => i + 1);
    await withTransaction(ctx.store.db, async (trx) => {
      for (const i of ids) await insertLink(trx, { entity: 'customer', state: 'active', b24Id: String(i), navKey: `C${i}` }, 1);
    });
    const wanted = [...ids.filter((i) => i % 2 === 0).map(String), 'nope', '2'];
    const byB24 = await getLinksByB24(ctx.store.db, 'customer', wanted);
    assert.equal(byB24.size, 600);
    assert.equal(byB24.get('1200')?.navKey, 'C1200');
    assert.equal(byB24.has('nope'), false);
    const byNav = await getLinksByNav(ctx.store.db, 'customer', ['C1', 'C999', 'C5000']);
    assert.deepEqual([...byNav.keys()].sort(), ['C1', 'C999']);
    assert.equal((await getLinksByNav(ctx.store.db, 'customer', [])).size, 0);
    assert.equal((await getLinksByB24(ctx.store.db, 'contact', ['1'])).size, 0);
  });

  it('lists an entity keyset-paged by id, optionally by state, and counts', async () => {
    for (let i = 0; i < 7; i++) await link({ entity: 'customer', state: i % 3 === 0 ? 'ambiguous' : 'active', b24Id: String(i), reason: i % 3 === 0 ? 'two NAV customers with INN 7707083893' : null });
    await link({ entity: 'product', state: 'active', navKey: 'P1' });
    const seen: string[] = [];
    let afterId: number | undefined;
    for (;;) {
      const page = await listLinks(ctx.store.db, 'customer', { limit: 3, ...(afterId === undefined ? {} : { afterId }) });
      if (page.length === 0) break;
      seen.push(...page.map((l) => l.b24Id ?? ''));
      afterId = page.at(-1)?.id;
    }
    assert.deepEqual(seen, ['0', '1', '2', '3', '4', '5', '6']);
    const ambiguous = await listLinks(ctx.store.db, 'customer', { limit: 10, state: 'ambiguous' });
    assert.deepEqual(ambiguous.map((l) => l.b24Id), ['0', '3', '6']);
    assert.equal(ambiguous[0]?.reason, 'two NAV customers with INN 7707083893');
    assert.equal(await countLinks(ctx.store.db), 8);
    assert.equal(await countLinks(ctx.store.db, { entity: 'customer', state: 'active' }), 4);
    assert.deepEqual(await countLinksByState(ctx.store.db), [
      { entity: 'customer', state: 'active', count: 4 },
      { entity: 'customer', state: 'ambiguous', count: 3 },
      { entity: 'product', state: 'active', count: 1 },
    ]);
  });
});
