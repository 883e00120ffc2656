// orders = deals with product rows, against the sandbox over real HTTP: rows read and
// written as canonical lines (monetary discounts, tax-included rows, rows without a
// product), creates in few requests with rows in the same batch, updates that write
// only what differs, stage moves from NAV statuses (forward only, unmapped statuses,
// other pipelines), annotate, look-ups, lost answers and change scans.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import type { FieldValue } from '../../../core/record.ts';
import { DEAL_USER_FIELDS } from '../../../config/defaults.ts';
import { b24Admin } from '../../../sandbox/bitrix24/index.ts';
import { drain, startPort, written, type PortFixture } from './test-support.ts';

const MINUTE = 60_000;

/** n lines over the seeded products: quantities, prices, discounts and VAT rates that vary. */
function lines(n: number, seed = 0): FieldValue[][] {
  return Array.from({ length: n }, (_, i) => [String(((i + seed) % 30) + 1), (i % 4) + 1 + (i % 3) * 0.125, Math.round((100 + i * 17.35) * 100) / 100, [0, 5, 12.5, 33.33][i % 4] ?? 0, [20, 10, 0, null][i % 4] ?? null]);
}

describe('CrmPort orders (deals)', () => {
  let f: PortFixture;
  let clock: FakeClock;
  const side = () => {
    const orders = f.port.orders;
    assert.ok(orders, 'the Bitrix24 port offers orders');
    return orders;
  };

  before(async () => {
    clock = new FakeClock(Date.parse('2025-03-03T09:00:00Z'));
    f = await startPort({ products: 30, companies: 5 }, { defaultRegion: 'RU', orders: { fromNav: { category: '0', stage: 'NEW' } } }, { clock });
    await f.port.ensureUserFields(DEAL_USER_FIELDS.map((uf) => ({ ...uf, entity: 'deal' as const })));
  });
  after(async () => f.close());

  it('creates a deal with 20 rows in one batch and reads back exactly what was written', async () => {
    const fields = {
      COMPANY_ID: '2',
      UF_CRM_B24NAV_ORDER_NO: 'SO-1001',
      BEGINDATE: '2025-03-01',
      CURRENCY_ID: 'EUR',
      UF_CRM_B24NAV_PAYMENT_TERMS: '14 DAYS',
      UF_CRM_B24NAV_SHIPMENTS: ['SS-1 2025-03-02 100.00', 'SS-2 2025-03-03 50.00'],
      OPPORTUNITY: 12345.67,
      productRows: lines(20),
    };
    const before = f.client.stats.requests;
    const [outcome] = await side().create([{ ref: 'o', externalId: 'nav:SO-1001', fields }]);
    const record = written(outcome);
    for (const [path, value] of Object.entries(fields)) assert.deepEqual(record.fields[path], value, path);
    assert.equal(record.fields['TITLE'], 'NAV order SO-1001');
    assert.equal(record.fields['CATEGORY_ID'], '0');
    assert.equal(record.fields['STAGE_ID'], 'NEW');
    assert.equal(record.fields['navStatus'], null, 'NEW stands for no NAV status');
    const deal = f.sandbox.portal.state.deals.get(Number(record.id));
    assert.equal(deal?.['IS_MANUAL_OPPORTUNITY'], 'Y', 'NAV\'s total is kept as a manual amount');
    assert.equal(deal?.['ORIGINATOR_ID'], 'b24nav');
    assert.equal(deal?.['ORIGIN_ID'], 'nav:SO-1001');
    // The pipeline's stages and the deal fields (read once, in one request), one batch of
    // the deal and its rows, then the read back: the list, then the rows.
    assert.ok(f.client.stats.requests - before <= 4, `${f.client.stats.requests - before} requests`);
    assert.deepEqual((await side().fetch([record.id])).get(record.id), record);
  });

  it('creates 30 deals of 1–20 rows in few requests', async () => {
    const requests = Array.from({ length: 30 }, (_, i) => ({ ref: `d${i}`, externalId: `nav:SO-2${i}`, fields: { COMPANY_ID: '1', UF_CRM_B24NAV_ORDER_NO: `SO-2${i}`, productRows: lines((i % 20) + 1, i) } }));
    const before = f.client.stats.requests;
    const outcomes = await side().create(requests);
    outcomes.forEach((o, i) => assert.deepEqual(written(o).fields['productRows'], requests[i]?.fields.productRows));
    // 2 commands a deal → 25 deals a batch: 2 batches; the read back: 1 list + 30 row reads (1 batch of 30 after the list).
    assert.ok(f.client.stats.requests - before <= 5, `${f.client.stats.requests - before} requests for 30 deals`);
  });

  it('reads rows as canonical lines: monetary discounts as a percentage, tax-included rows without the tax, rows without a product', async () => {
    const id = await f.client.call<number>('crm.deal.add', { fields: { TITLE: 'By hand', COMPANY_ID: 3 } });
    await f.client.call('crm.deal.productrows.set', {
      id,
      rows: [
        { PRODUCT_ID: 4, PRICE_NETTO: 200, DISCOUNT_TYPE_ID: 1, DISCOUNT_SUM: 30, TAX_RATE: 20, QUANTITY: 3 },
        { PRODUCT_ID: 5, PRICE: 120, TAX_RATE: 20, TAX_INCLUDED: 'Y', QUANTITY: 2 },
        { PRODUCT_ID: 6, PRICE: 99.9, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 10, TAX_RATE: 10, TAX_INCLUDED: 'Y', QUANTITY: 1.5 },
        { PRODUCT_NAME: 'Delivery', PRICE: 500, QUANTITY: 1 },
      ],
    });
    const record = (await side().fetch([String(id)])).get(String(id));
    assert.deepEqual(record?.fields['productRows'], [
      ['4', 3, 200, 15, 20],
      ['5', 2, 100, 0, 20],
      // 99.90 with 10 % VAT and 10 % off: 90.818181… before tax, 100.909… before the discount.
      ['6', 1.5, 100.91, 10, 10],
      [null, 1, 500, 0, null],
    ]);
    assert.equal(record?.fields['COMPANY_ID'], '3');
  });

  it('an update writes only what differs: the same rows and amount leave the deal untouched', async () => {
    const [created] = await side().create([{ ref: 'u', externalId: 'nav:SO-3000', fields: { COMPANY_ID: '2', OPPORTUNITY: 500, productRows: lines(3) } }]);
    const record = written(created);
    const stamp = f.sandbox.portal.state.deals.get(Number(record.id))?.['DATE_MODIFY'];
    await clock.advance(MINUTE);
    const sets = f.client.stats.commandsByMethod['crm.deal.productrows.set'] ?? 0;
    const [same] = await side().update([{ ref: 'u', id: record.id, version: record.version, fields: { OPPORTUNITY: '500.00', productRows: lines(3), BEGINDATE: null } }]);
    assert.deepEqual(written(same), record);
    assert.equal(f.sandbox.portal.state.deals.get(Number(record.id))?.['DATE_MODIFY'], stamp, 'nothing was written');
    assert.equal(f.client.stats.commandsByMethod['crm.deal.productrows.set'] ?? 0, sets);

    const changed = lines(3).map((l, i) => (i === 1 ? [l[0] ?? null, 7, 10.01, 50, 20] : l));
    const [updated] = await side().update([{ ref: 'u', id: record.id, version: record.version, fields: { productRows: changed, OPPORTUNITY: 777.77 } }]);
    assert.deepEqual(written(updated).fields['productRows'], changed);
    assert.equal(written(updated).fields['OPPORTUNITY'], 777.77);
  });

  it('refuses lines it cannot write, naming the line', async () => {
    const refused = await side().update([
      { ref: 'a', id: '1', version: null, fields: { productRows: [['1', 'two', 10, 0, 20]] } },
      { ref: 'b', id: '1', version: null, fields: { productRows: [['1', 1, 10, 120, 20]] } },
      { ref: 'c', id: '1', version: null, fields: { productRows: [['1-S', 1, 10, 0, 20]] } },
      { ref: 'd', id: '1', version: null, fields: { STAGE_ID: 'WON' } },
    ]);
    assert.deepEqual(refused.map((o) => (o.ok ? 'ok' : o.error.code)), ['B24_VALIDATION', 'B24_VALIDATION', 'B24_VALIDATION', 'B24_VALIDATION']);
    assert.match(refused[0]?.ok === false ? refused[0].error.message : '', /line 1: the quantity/);
  });
});

describe('CrmPort orders: stages from NAV statuses', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ products: 5, companies: 2 }, { orders: { stages: { '0': { Released: 'PREPARATION', Shipped: 'EXECUTING', Invoiced: 'FINAL_INVOICE', Paid: 'WON' } } } });
  });
  after(async () => f.close());

  async function deal(fields: Record<string, unknown>): Promise<string> {
    return String(await f.client.call<number>('crm.deal.add', { fields: { TITLE: 'Stage', COMPANY_ID: 1, ...fields } }));
  }
  async function move(id: string, status: string): Promise<Record<string, FieldValue>> {
    const [o] = await (f.port.orders ?? assert.fail('no orders')).update([{ ref: 'm', id, version: null, fields: { navStatus: status } }]);
    return written(o).fields;
  }

  it('moves a deal forward through the map, reads the status back, and never moves it back', async () => {
    const id = await deal({ STAGE_ID: 'NEW' });
    assert.deepEqual([(await move(id, 'Released'))['STAGE_ID'], (await move(id, 'Released'))['navStatus']], ['PREPARATION', 'Released']);
    assert.equal((await move(id, 'Invoiced'))['STAGE_ID'], 'FINAL_INVOICE');
    const back = await move(id, 'Shipped');
    assert.equal(back['STAGE_ID'], 'FINAL_INVOICE', 'EXECUTING sorts before FINAL_INVOICE');
    assert.equal(back['navStatus'], 'Invoiced');
    const paid = await move(id, 'Paid');
    assert.deepEqual([paid['STAGE_ID'], paid['navStatus']], ['WON', 'Paid']);
  });

  it('an unmapped status moves nothing; a lost deal stays lost', async () => {
    const id = await deal({ STAGE_ID: 'PREPARATION' });
    assert.equal((await move(id, 'PartiallyShipped'))['STAGE_ID'], 'PREPARATION');
    const lost = await deal({ STAGE_ID: 'LOSE' });
    const fields = await move(lost, 'Paid');
    assert.deepEqual([fields['STAGE_ID'], fields['navStatus']], ['LOSE', null]);
  });

  it('a deal of a pipeline without a map is left alone and reads no status', async () => {
    const id = String(await f.client.call<number>('crm.deal.add', { fields: { TITLE: 'Wholesale', CATEGORY_ID: 1 } }));
    const fields = await move(id, 'Released');
    assert.deepEqual([fields['STAGE_ID'], fields['CATEGORY_ID'], fields['navStatus']], ['C1:NEW', '1', null]);
  });

  it('stageMoves: any moves back too; a stage the pipeline lacks fails the record with B24_UNKNOWN_STAGE', async () => {
    const any = await startPort({ companies: 1 }, { orders: { stageMoves: 'any', stages: { '0': { Released: 'PREPARATION', Paid: 'WON' }, '1': { Released: 'PREPARATION' } } } });
    try {
      const orders = any.port.orders ?? assert.fail('no orders');
      const id = String(await any.client.call<number>('crm.deal.add', { fields: { TITLE: 'Back', STAGE_ID: 'WON' } }));
      const [o] = await orders.update([{ ref: 'b', id, version: null, fields: { navStatus: 'Released' } }]);
      assert.equal(written(o).fields['STAGE_ID'], 'PREPARATION');
      const wholesale = String(await any.client.call<number>('crm.deal.add', { fields: { TITLE: 'Wrong map', CATEGORY_ID: 1 } }));
      const [bad] = await orders.update([{ ref: 'w', id: wholesale, version: null, fields: { navStatus: 'Released' } }]);
      assert.equal(bad?.ok === false && bad.error.code, 'B24_UNKNOWN_STAGE');
      assert.match(bad?.ok === false ? bad.error.message : '', /entities\.orders\.stages\.1\.Released is "PREPARATION".*C1:PREPARATION/);
    } finally {
      await any.close();
    }
  });

  it('a deal made from a NAV order starts at the status\'s stage when it is past fromNav.stage', async () => {
    const orders = f.port.orders ?? assert.fail('no orders');
    const [o] = await orders.create([{ ref: 'n', externalId: 'nav:SO-9', fields: { COMPANY_ID: '1', navStatus: 'Shipped' } }]);
    assert.deepEqual([written(o).fields['STAGE_ID'], written(o).fields['navStatus'], written(o).fields['TITLE']], ['EXECUTING', 'Shipped', 'NAV order SO-9']);
  });
});

describe('CrmPort orders: annotate, look-ups, lost answers, scans', () => {
  let f: PortFixture;
  let clock: FakeClock;
  const side = () => f.port.orders ?? assert.fail('no orders');
  before(async () => {
    clock = new FakeClock(Date.parse('2025-04-01T09:00:00Z'));
    f = await startPort({ products: 10, companies: 3, deals: 6 }, { defaultRegion: 'RU' }, { clock });
  });
  after(async () => f.close());

  it('annotate needs the sync-status field, then writes the notes that differ in one batch and clears with null', async () => {
    const annotate = side().annotate?.bind(side()) ?? assert.fail('orders can annotate');
    await assert.rejects(annotate([{ id: '1', note: 'x' }]), /UF_CRM_B24NAV_SYNC_STATUS does not exist/);
    await f.port.ensureUserFields(DEAL_USER_FIELDS.map((uf) => ({ ...uf, entity: 'deal' as const })));
    await side().fieldPaths();
    const updates = () => f.client.stats.commandsByMethod['crm.deal.update'] ?? 0;
    const before = { requests: f.client.stats.requests, updates: updates() };
    await annotate([
      { id: '1', note: 'Waiting for item 1896-S to be linked' },
      { id: '2', note: 'Refused: the order is Released in NAV' },
      { id: '3', note: null },
      { id: '999999', note: 'gone' },
    ]);
    assert.equal(updates() - before.updates, 2, 'deal 3 shows nothing already; deal 999999 does not exist');
    assert.ok(f.client.stats.requests - before.requests <= 2, 'one read, one batch of writes');
    const records = await side().fetch(['1', '2', '3']);
    assert.deepEqual(['1', '2', '3'].map((id) => records.get(id)?.fields['UF_CRM_B24NAV_SYNC_STATUS']), ['Waiting for item 1896-S to be linked', 'Refused: the order is Released in NAV', null]);
    await annotate([{ id: '1', note: 'Waiting for item 1896-S to be linked' }, { id: '2', note: null }]);
    assert.equal(updates() - before.updates, 3, 'only deal 2 changed');
    assert.equal((await side().fetch(['2'])).get('2')?.fields['UF_CRM_B24NAV_SYNC_STATUS'], null);
  });

  it('finds deals by dealId and by NAV order No.', async () => {
    await f.client.call('crm.deal.update', { id: 4, fields: { UF_CRM_B24NAV_ORDER_NO: 'SO-4' } });
    const results = await side().find([
      { ref: 'a', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: ['5'] }] },
      { ref: 'b', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: ['888888'] }] },
      { ref: 'c', lookups: [{ key: 'navOrderNo', field: 'navOrderNo', kind: 'code', values: ['SO-4'] }] },
    ]);
    assert.deepEqual(results.map((r) => r.candidates[0]?.ids), [['5'], [], ['4']]);
  });

  it('after a lost answer the deal is found by its external id, with its rows', async () => {
    f.sandbox.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.deal.add', count: 1 });
    const [lost] = await side().create([{ ref: 'l', externalId: 'nav:SO-LOST', fields: { COMPANY_ID: '1', productRows: lines(2) } }]);
    assert.equal(lost?.ok === false && lost.error.kind, 'unknown_outcome');
    const found = (await side().findByExternalId(['nav:SO-LOST'])).get('nav:SO-LOST');
    assert.deepEqual(found?.fields['productRows'], lines(2));
    assert.equal(f.sandbox.portal.state.deals.filter((d) => d['ORIGIN_ID'] === 'nav:SO-LOST').length, 1);
  });

  it('change scans see deals whose fields or rows changed, and not the others', async () => {
    await clock.advance(MINUTE);
    const all = await drain(side().scanChanges(null));
    assert.equal(all.records.length, f.sandbox.portal.state.deals.size);
    await clock.advance(60 * MINUTE);
    b24Admin.userEdit(f.sandbox.portal, 'deal', 2, { TITLE: 'Renamed' });
    await f.client.call('crm.deal.productrows.set', { id: 3, rows: [{ PRODUCT_ID: 1, PRICE: 10 }] });
    await clock.advance(MINUTE);
    const changed = await drain(side().scanChanges(all.cursor));
    assert.deepEqual(changed.records.map((r) => r.id).sort(), ['2', '3']);
    assert.deepEqual(changed.records.find((r) => r.id === '3')?.fields['productRows'], [['1', 1, 10, 0, null]]);
  });

  it('lists its field paths: the virtual ones writable, id and stage read only, user fields', async () => {
    const paths = await side().fieldPaths();
    const of = (p: string) => paths.find((x) => x.path === p);
    assert.deepEqual([of('productRows')?.writable, of('navStatus')?.writable, of('ID')?.writable, of('STAGE_ID')?.writable], [true, true, false, false]);
    assert.equal(of('UF_CRM_B24NAV_SHIPMENTS')?.writable, true);
  });
});
