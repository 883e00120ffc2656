// products = catalog products, against the sandbox: round trips with measures and
// VAT by code and rate, sections made on the fly, prices that keep the other price
// types, look-ups by xmlId and article, lost answers, and change scans that see
// price edits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { b24Admin } from '../../../sandbox/bitrix24/index.ts';
import { drain, startPort, written, type PortFixture } from './test-support.ts';

const MINUTE = 60_000;

describe('CrmPort products', () => {
  let f: PortFixture;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock(Date.parse('2025-03-03T09:00:00Z'));
    f = await startPort({ products: 30 }, { defaultRegion: 'RU' }, { clock });
  });
  after(async () => f.close());

  const item = {
    name: 'Кабель ВВГнг 3×2,5',
    active: 'Y',
    measure: 6,
    vatRate: 10,
    vatIncluded: 'N',
    section: 'CABLES',
    price: 1234.5,
    currency: 'RUB',
    purchasingPrice: 800,
    'property.ARTNUMBER': 'NAV-1000',
  };

  it('creates a product that reads back as written, with its section made on the fly and xmlId = external id', async () => {
    const sectionsBefore = f.sandbox.portal.state.sections.size;
    const [outcome] = await f.port.products.create([{ ref: 'p', externalId: 'nav:1000', fields: item }]);
    const record = written(outcome);
    for (const [path, value] of Object.entries(item)) assert.deepEqual(record.fields[path], value, path);
    assert.equal(record.fields['xmlId'], 'nav:1000');
    assert.equal(f.sandbox.portal.state.sections.size, sectionsBefore + 1);
    const section = f.sandbox.portal.state.sections.find((s) => s.xmlId === 'CABLES');
    assert.equal(section?.name, 'CABLES');
    assert.deepEqual((await f.port.products.fetch([record.id])).get(record.id), record);

    const [again] = await f.port.products.create([{ ref: 'q', externalId: 'nav:1001', fields: { ...item, name: 'Кабель 2', 'property.ARTNUMBER': 'NAV-1001' } }]);
    assert.equal(written(again).fields['section'], 'CABLES');
    assert.equal(f.sandbox.portal.state.sections.size, sectionsBefore + 1, 'the section is found, not made twice');
  });

  it('finds an existing section by the label it reads as (name when it has no xmlId or code)', async () => {
    const seeded = (await f.port.products.fetch(['1'])).get('1');
    const label = seeded?.fields['section'];
    assert.equal(typeof label, 'string');
    const before = f.sandbox.portal.state.sections.size;
    const [outcome] = await f.port.products.create([{ ref: 'p', externalId: 'nav:1002', fields: { name: 'Стул', section: label ?? null } }]);
    assert.equal(written(outcome).fields['section'], label);
    assert.equal(f.sandbox.portal.state.sections.size, before);
  });

  it('writes the configured price and keeps the prices of other types', async () => {
    const product = (await f.port.products.fetch(['2'])).get('2');
    assert.ok(product);
    await f.client.call('catalog.price.add', { fields: { productId: 2, catalogGroupId: 2, price: 99, currency: 'RUB' } });
    const [outcome] = await f.port.products.update([{ ref: 'u', id: '2', version: product.version, fields: { price: 777, currency: 'EUR' } }]);
    assert.equal(written(outcome).fields['price'], 777);
    assert.equal(written(outcome).fields['currency'], 'EUR');
    const prices = f.sandbox.portal.state.prices.filter((p) => p.productId === 2).map((p) => [p.catalogGroupId, p.price, p.currency]);
    assert.deepEqual(prices.sort(), [[1, 777, 'EUR'], [2, 99, 'RUB']]);
  });

  it('maps measures by OKEI code and VAT by rate, "no VAT" for null, and refuses codes the portal lacks', async () => {
    const [outcome] = await f.port.products.update([{ ref: 'u', id: '3', version: null, fields: { measure: 166, vatRate: null, active: false } }]);
    const record = written(outcome);
    assert.equal(record.fields['measure'], 166);
    assert.equal(record.fields['vatRate'], null);
    assert.equal(record.fields['active'], 'N');
    assert.equal(f.sandbox.portal.state.products.get(3)?.vatId, 1, 'the "no VAT" entry');
    const refused = await f.port.products.update([
      { ref: 'm', id: '3', version: null, fields: { measure: 999 } },
      { ref: 'v', id: '3', version: null, fields: { vatRate: 13 } },
      { ref: 'x', id: '3', version: null, fields: { 'property.NOPE': 'x' } },
    ]);
    assert.deepEqual(refused.map((o) => (o.ok ? 'ok' : o.error.code)), ['B24_VALIDATION', 'B24_VALIDATION', 'B24_VALIDATION']);
  });

  it('an update that changes nothing writes nothing', async () => {
    const product = (await f.port.products.fetch(['4'])).get('4');
    assert.ok(product);
    const stamp = f.sandbox.portal.state.products.get(4)?.timestampX;
    await clock.advance(MINUTE);
    const [outcome] = await f.port.products.update([{ ref: 'u', id: '4', version: product.version, fields: product.fields }]);
    assert.deepEqual(written(outcome), product);
    assert.equal(f.sandbox.portal.state.products.get(4)?.timestampX, stamp, 'neither the product nor its price was written');
  });

  it('finds products by xmlId and by article', async () => {
    const results = await f.port.products.find([
      { ref: 'x', lookups: [{ key: 'no', field: 'no', kind: 'code', values: ['B24-00005'] }] },
      { ref: 'a', lookups: [{ key: 'no', field: 'no', kind: 'code', values: ['NAV-1000'] }] },
      { ref: 'n', lookups: [{ key: 'no', field: 'no', kind: 'code', values: ['NOTHING'] }] },
    ]);
    assert.deepEqual(results.map((r) => r.candidates[0]?.ids), [['5'], [(await f.port.products.findByExternalId(['nav:1000'])).get('nav:1000')?.id], []]);
  });

  it('after a lost answer the product is found by its external id', async () => {
    f.sandbox.portal.faults.add({ kind: 'drop_after_commit', method: 'catalog.product.add', count: 1 });
    const [lost] = await f.port.products.create([{ ref: 'd', externalId: 'nav:2000', fields: { name: 'Lost', price: 10 } }]);
    assert.equal(lost?.ok === false && lost.error.kind, 'unknown_outcome');
    const found = await f.port.products.findByExternalId(['nav:2000']);
    assert.equal(found.get('nav:2000')?.fields['price'], 10);
    assert.equal(f.sandbox.portal.state.products.filter((p) => p.xmlId === 'nav:2000').length, 1);
  });

  it('change scans see product edits and price edits, and not untouched products', async () => {
    await clock.advance(MINUTE);
    const all = await drain(f.port.products.scanChanges(null));
    assert.equal(all.records.length, f.sandbox.portal.state.products.size);
    await clock.advance(60 * MINUTE);
    b24Admin.userEdit(f.sandbox.portal, 'product', 7, { name: 'Renamed' });
    const price8 = f.sandbox.portal.state.prices.find((p) => p.productId === 8 && p.catalogGroupId === 1);
    assert.ok(price8);
    await f.client.call('catalog.price.update', { id: price8.id, fields: { price: 4321 } });
    // A price changed without the product's timestampX moving (as on a portal that keeps them apart).
    const price9 = f.sandbox.portal.state.prices.find((p) => p.productId === 9 && p.catalogGroupId === 1);
    assert.ok(price9);
    price9.price = 5555;
    price9.timestampX = clock.now();
    await clock.advance(MINUTE);
    const changed = await drain(f.port.products.scanChanges(all.cursor));
    assert.deepEqual(changed.records.map((r) => r.id).sort(), ['7', '8', '9']);
    assert.equal(changed.records.find((r) => r.id === '8')?.fields['price'], 4321);
    assert.equal(changed.records.find((r) => r.id === '9')?.fields['price'], 5555);
    assert.equal(changed.records.find((r) => r.id === '9')?.version, f.sandbox.portal.formatTime(price9.timestampX), 'the version is the later of product and price');
  });

  it('creates many products in few requests', async () => {
    const requests = Array.from({ length: 100 }, (_, i) => ({ ref: `b${i}`, externalId: `nav:B${i}`, fields: { name: `Bulk ${i}`, measure: 796, vatRate: 20, section: `GROUP${i % 4}`, price: 100 + i, 'property.ARTNUMBER': `BULK-${i}` } }));
    const before = f.client.stats.requests;
    const outcomes = await f.port.products.create(requests);
    assert.ok(outcomes.every((o) => o.ok));
    // Sections first (a look-up and one batch of adds), then 2 commands a product → 25 per batch;
    // the answers hold the records, so nothing is read back.
    assert.ok(f.client.stats.requests - before <= 6, `${f.client.stats.requests - before} requests for 100 creates`);
  });

  it('lists the field paths with the product properties by code', async () => {
    const paths = await f.port.products.fieldPaths();
    assert.ok(paths.some((p) => p.path === 'property.ARTNUMBER' && p.writable));
    assert.deepEqual(paths.find((p) => p.path === 'name'), { path: 'name', writable: true, maxLength: 255 });
  });
});
