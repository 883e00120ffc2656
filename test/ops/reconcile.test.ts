// Reconcile against both sandboxes over real HTTP (issue 6, item 3): after a clean
// load it finds nothing; then a diverged field, an orphan, duplicates by a match key,
// a record gone on one side and links that tie nothing are each reported, and --fix
// repairs what the policies allow (carried out by the next pass) and says why it left
// the rest. A run is recorded with its counts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OpsContext } from '../../src/ops/context.ts';
import { reconcile } from '../../src/ops/reconcile.ts';
import type { EntityReconcile, Finding } from '../../src/ops/reconcile-types.ts';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { getLink, insertLink, listHistory, listLinks, listRuns, type Link } from '../../src/store/index.ts';
import { startE2E, type E2E } from '../e2e/setup.ts';

const ENTITIES = { contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false }, orders: { enabled: false }, invoices: { enabled: false } };

describe('reconcile against both sandboxes', () => {
  let e: E2E;
  let links: Link[];
  const ctx = (): OpsContext => ({ db: e.app.store.db, config: e.app.config, clock: e.app.engine.clock, redactor: e.app.redactor });
  const add = (fields: Record<string, unknown>): string => String(b24Admin.adminCall(e.b24.portal, 'crm.company.add', { fields }).result);
  const customers = async (): Promise<EntityReconcile> => {
    const report = await reconcile(ctx(), e.app.engine);
    assert.deepEqual(report.entities.map((x) => x.entity), ['customers']);
    return report.entities[0] as EntityReconcile;
  };
  const of = (r: EntityReconcile, kind: Finding['kind']): Finding[] => r.findings.filter((f) => f.kind === kind);

  before(async () => {
    e = await startE2E({ b24: { seed: { companies: 4, contacts: 0, products: 0, deals: 0 } }, nav: { customers: 4, items: 0 }, config: { entities: ENTITIES } });
    await e.app.engine.syncOnce();
    links = await listLinks(e.app.store.db, 'customers', { state: 'active', limit: 100 });
    assert.equal(links.length, 8);
  });
  after(async () => e.close());

  it('finds nothing after a clean load in both directions (one-way fields a record never had are no divergence)', async () => {
    const r = await customers();
    assert.deepEqual(r.records, { b24: 8, nav: 8 });
    assert.equal(r.links, 8);
    assert.deepEqual(r.counts, { missing: 0, orphan: 0, diverged: 0, duplicate: 0, broken: 0 });
    assert.deepEqual(r.findings, []);
  });

  it('reports a diverged field, orphans, duplicates, a record gone on one side and broken links; changes nothing without --fix', async () => {
    const [a, b, c, d] = links as [Link, Link, Link, Link];
    b24Admin.userEdit(e.b24.portal, 'company', Number(a.b24Id), { TITLE: 'Renamed in Bitrix24' });
    // A field that flows only Bitrix24 → NAV, set on both sides to different values: a real divergence.
    b24Admin.userEdit(e.b24.portal, 'company', Number(d.b24Id), { ASSIGNED_BY_ID: 6 });
    e.nav.sandbox.edit({ page: 'Customer', key: { No: d.navKey ?? '' }, fields: { Salesperson_Code: 'LT' } });
    await e.app.nav.customers.create({ Name: 'Orphan in NAV', E_Mail: 'orphan@nav.example' });
    const twins = [add({ TITLE: 'Twin One', EMAIL: [{ VALUE: 'twins@dup.example' }] }), add({ TITLE: 'Twin Two', EMAIL: [{ VALUE: 'Twins@Dup.example' }] })];
    e.nav.sandbox.delete({ page: 'Customer', key: { No: b.navKey ?? '' } });
    b24Admin.adminCall(e.b24.portal, 'crm.company.delete', { id: Number(c.b24Id) });
    e.nav.sandbox.delete({ page: 'Customer', key: { No: c.navKey ?? '' } });
    // A link b24nav cannot have made (an active link without a NAV key), as after a bad manual edit of the store.
    const odd = await insertLink(e.app.store.db, { entity: 'customers', state: 'active', b24Id: '99999', navKey: null }, e.app.engine.clock.now());
    assert.ok(odd);

    const r = await customers();
    assert.deepEqual(r.counts, { missing: 1, orphan: 3, diverged: 2, duplicate: 1, broken: 2 });
    assert.deepEqual(r.records, { b24: 9, nav: 7 });
    const [div, oneWay] = of(r, 'diverged');
    assert.deepEqual([oneWay?.b24Id, oneWay?.fields], [d.b24Id, { salesperson: { b24: 'BC', nav: 'LT' } }]);
    assert.deepEqual([div?.b24Id, div?.navKey, Object.keys(div?.fields ?? {})], [a.b24Id, a.navKey, ['name']]);
    assert.equal(div?.fields?.['name']?.b24, 'Renamed in Bitrix24');
    const [missing] = of(r, 'missing');
    assert.deepEqual([missing?.side, missing?.b24Id, missing?.navKey], ['nav', b.b24Id, b.navKey]);
    assert.match(missing?.detail ?? '', /the NAV record .* is gone; the Bitrix24 record .* is there/);
    assert.deepEqual(of(r, 'broken').map((f) => [f.linkId, f.detail]), [
      [c.id, 'both linked records are gone'],
      [odd.id, 'an active link without a NAV id'],
    ]);
    const orphans = of(r, 'orphan').map((f) => `${f.side}:${f.side === 'b24' ? f.b24Id : f.navKey}`);
    assert.equal(orphans.length, 3);
    assert.ok(orphans.includes(`b24:${twins[0]}`) && orphans.includes(`b24:${twins[1]}`));
    assert.ok(orphans.some((o) => o.startsWith('nav:')));
    const [dup] = of(r, 'duplicate');
    assert.deepEqual([dup?.side, dup?.key, dup?.value, [...(dup?.ids ?? [])].sort()], ['b24', 'email', 'twins@dup.example', [...twins].sort()]);
    assert.ok(r.findings.every((f) => f.fix === undefined), 'no fix without --fix');
    // Nothing was written anywhere.
    assert.equal((await e.app.nav.customers.read({ No: a.navKey ?? '' }))?.['Name'] === 'Renamed in Bitrix24', false);
    assert.equal((await getLink(e.app.store.db, c.id))?.state, 'active');
    const [run] = await listRuns(e.app.store.db, { kind: 'reconcile', limit: 1 });
    assert.deepEqual([run?.status, run?.counts?.['customers.orphan'], run?.counts?.['customers.broken']], ['ok', 3, 2]);
  });

  it('--fix repairs what the policies allow, says why it left the rest, and the next pass carries it out', async () => {
    const [a, b, c, d] = links as [Link, Link, Link, Link];
    const report = await reconcile(ctx(), e.app.engine, { fix: true });
    const r = report.entities[0] as EntityReconcile;
    const fixOf = (kind: Finding['kind'], pred: (f: Finding) => boolean = () => true) => r.findings.find((f) => f.kind === kind && pred(f))?.fix;
    assert.deepEqual(fixOf('diverged', (f) => f.linkId === a.id), { action: 'queued', reason: 'the next pass writes name → NAV' });
    assert.deepEqual(fixOf('diverged', (f) => f.linkId === d.id), { action: 'queued', reason: 'the next pass writes salesperson → NAV' });
    assert.equal(fixOf('missing')?.action, 'queued');
    assert.match(fixOf('missing')?.reason ?? '', /onDelete: flag — the deletion is recorded and the Bitrix24 record .* kept for an operator/);
    assert.equal(fixOf('broken', (f) => f.linkId === c.id)?.action, 'queued');
    assert.deepEqual(fixOf('broken', (f) => f.linkId !== c.id)?.action, 'left');
    assert.equal(fixOf('orphan', (f) => f.side === 'nav')?.action, 'queued');
    assert.deepEqual(fixOf('duplicate')?.action, 'left');
    assert.match(fixOf('duplicate')?.reason ?? '', /never merges records: merge them in Bitrix24/);
    assert.deepEqual([r.queued, r.left], [7, 2]);
    // The link whose records are both gone is closed at once, with a history row.
    assert.equal((await getLink(e.app.store.db, c.id))?.state, 'deleted');
    const [closed] = await listHistory(e.app.store.db, { entity: 'customers', linkId: c.id, limit: 1 });
    assert.match(closed?.message ?? '', /reconcile: both linked records are gone/);

    const pass = await e.app.engine.syncOnce({ stock: false });
    assert.equal(pass.entities['customers']?.dead, 0);
    assert.equal((await e.app.nav.customers.read({ No: a.navKey ?? '' }))?.['Name'], 'Renamed in Bitrix24');
    assert.equal((await e.app.nav.customers.read({ No: d.navKey ?? '' }))?.['Salesperson_Code'], 'BC');
    assert.ok([...e.b24.portal.state.companies.values()].some((co) => co['TITLE'] === 'Orphan in NAV'), 'the NAV orphan came over');

    const again = await customers();
    assert.deepEqual(again.counts, { missing: 1, orphan: 2, diverged: 0, duplicate: 1, broken: 1 });
    assert.match(of(again, 'orphan')[0]?.detail ?? '', /not linked \(ambiguous/);
    const flagged = await reconcile(ctx(), e.app.engine, { fix: true });
    const left = flagged.entities[0] as EntityReconcile;
    assert.equal(left.queued, 0, 'nothing more b24nav may do by itself');
    assert.match(left.findings.find((f) => f.kind === 'missing')?.fix?.reason ?? '', /flagged already \(onDelete: flag\)/);
    assert.match(left.findings.find((f) => f.kind === 'orphan')?.fix?.reason ?? '', /parked as ambiguous/);
    assert.equal((await getLink(e.app.store.db, b.id))?.state, 'active', 'flagged, kept for an operator');
  });

  it('--fix with onDelete propagate deletes the survivor of a record gone on one side', async () => {
    await e.restart({ entities: { ...ENTITIES, customers: { onDelete: 'propagate' } } });
    const d = links[3] as Link;
    e.nav.sandbox.delete({ page: 'Customer', key: { No: d.navKey ?? '' } });
    const report = await reconcile(ctx(), e.app.engine, { fix: true, entities: ['customers'] });
    const missing = report.entities[0]?.findings.find((f) => f.kind === 'missing' && f.linkId === d.id);
    assert.match(missing?.fix?.reason ?? '', /onDelete: propagate — the Bitrix24 record .* is deleted too/);
    await e.app.engine.syncOnce({ stock: false });
    assert.equal(e.b24.portal.state.companies.has(Number(d.b24Id)), false);
    assert.equal((await getLink(e.app.store.db, d.id))?.state, 'deleted');
  });

  it('refuses an entity kind that is not synced, naming the setting', async () => {
    await assert.rejects(reconcile(ctx(), e.app.engine, { entities: ['products'] }), /products are not synced \(entities\.products\.enabled is false/);
  });
});

describe('reconcile of a one-way entity kind (products: NAV → Bitrix24)', () => {
  let e: E2E;
  const ctx = (): OpsContext => ({ db: e.app.store.db, config: e.app.config, clock: e.app.engine.clock, redactor: e.app.redactor });

  before(async () => {
    e = await startE2E({
      b24: { seed: { companies: 0, contacts: 0, products: 2, deals: 0 } },
      nav: { customers: 0, items: 3 },
      config: { entities: { customers: { enabled: false }, contacts: { enabled: false }, stock: { enabled: false }, orders: { enabled: false }, invoices: { enabled: false } } },
    });
    await e.app.engine.syncOnce({ stock: false });
  });
  after(async () => e.close());

  it('leaves Bitrix24 products that never came from NAV, naming the direction; a new NAV item is queued and comes over', async () => {
    const item = await e.app.nav.items.create({ Description: 'Reconciled item' });
    const report = await reconcile(ctx(), e.app.engine, { fix: true });
    const products = report.entities[0] as EntityReconcile;
    assert.equal(products.entity, 'products');
    assert.deepEqual(products.records, { b24: 5, nav: 4 });
    assert.deepEqual(products.counts, { missing: 0, orphan: 3, diverged: 0, duplicate: 0, broken: 0 });
    const orphans = products.findings.filter((f) => f.kind === 'orphan');
    assert.deepEqual(orphans.map((f) => [f.side, f.fix?.action]).sort(), [['b24', 'left'], ['b24', 'left'], ['nav', 'queued']]);
    assert.match(orphans.find((f) => f.side === 'b24')?.fix?.reason ?? '', /products flow only NAV → Bitrix24: a Bitrix24 record that did not come from NAV is not synced/);
    assert.equal(orphans.find((f) => f.side === 'nav')?.navKey, item.No);
    await e.app.engine.syncOnce({ stock: false });
    const after = await reconcile(ctx(), e.app.engine);
    assert.deepEqual(after.entities[0]?.counts, { missing: 0, orphan: 2, diverged: 0, duplicate: 0, broken: 0 });
    assert.equal(after.entities[0]?.links, 4);
  });
});
