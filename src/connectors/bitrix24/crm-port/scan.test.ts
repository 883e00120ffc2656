// Change scans against the sandbox: a full export by id ranges in a handful of
// requests, incremental scans that see company edits and requisite-only edits and
// nothing else, and a cursor taken from the portal's own clock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { b24Admin } from '../../../sandbox/bitrix24/index.ts';
import { drain, startPort, type PortFixture } from './test-support.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const COMPANIES = 2_540;

describe('CrmPort customers: change scans', () => {
  let f: PortFixture;
  let clock: FakeClock;
  let cursor: string | null = null;
  before(async () => {
    // Only the portal runs on the fake clock: it stamps DATE_MODIFY and time.date_start.
    clock = new FakeClock(Date.parse('2025-03-03T09:00:00Z'));
    f = await startPort({ companies: COMPANIES, contacts: 30 }, { defaultRegion: 'RU', pageSize: 400 }, { clock });
  });
  after(async () => f.close());

  it(`reads all ${COMPANIES} companies with requisites and addresses once, in few requests`, async () => {
    await clock.advance(HOUR);
    const before = f.client.stats.requests;
    const { records, pages, cursor: next } = await drain(f.port.customers.scanChanges(null));
    const requests = f.client.stats.requests - before;
    console.log(`full scan: ${records.length} companies in ${requests} requests (${pages} pages)`);
    assert.equal(records.length, COMPANIES);
    assert.equal(new Set(records.map((r) => r.id)).size, COMPANIES, 'each once');
    assert.ok(requests <= 15, `${requests} requests`);
    assert.ok(records.every((r) => r.fields['requisite.TAX_ID'] !== null && r.fields['address.CITY'] !== null), 'every seeded company has its requisite and legal address');
    const sample = records[1234];
    assert.ok(sample);
    assert.deepEqual((await f.port.customers.fetch([sample.id])).get(sample.id), sample, 'a scanned record equals a fetched one');
    // The portal's time at the start of the scan, minus the overlap, in the portal's offset.
    assert.equal(next, '2025-03-03T12:59:55+03:00');
    cursor = next;
  });

  it('an incremental scan returns the edited company and those whose requisite or address alone changed or that got a new requisite — nothing else', async () => {
    await clock.advance(HOUR);
    const portal = f.sandbox.portal;
    b24Admin.userEdit(portal, 'company', 10, { COMMENTS: 'edited' });
    const rq20 = portal.state.requisites.find((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === 20);
    const rq30 = portal.state.requisites.find((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === 30);
    assert.ok(rq20 && rq30);
    const company20Modified = portal.state.companies.get(20)?.['DATE_MODIFY'];
    b24Admin.userEdit(portal, 'requisite', rq20.ID, { RQ_KPP: '123456789' });
    assert.equal(portal.state.companies.get(20)?.['DATE_MODIFY'], company20Modified, 'a requisite edit leaves the company alone');
    b24Admin.adminCall(portal, 'crm.address.update', { fields: { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: rq30.ID, CITY: 'Новгород' } });
    // A second requisite that sorts first becomes the primary one.
    b24Admin.adminCall(portal, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: 40, PRESET_ID: 1, NAME: 'Новые реквизиты', RQ_INN: '7736207543', SORT: 100 } });
    await clock.advance(MINUTE);
    const before = f.client.stats.requests;
    const { records, cursor: next } = await drain(f.port.customers.scanChanges(cursor));
    assert.deepEqual(records.map((r) => r.id).sort(), ['10', '20', '30', '40']);
    assert.equal(records.find((r) => r.id === '10')?.fields['COMMENTS'], 'edited');
    const r20 = records.find((r) => r.id === '20');
    assert.equal(r20?.fields['requisite.RQ_KPP'], '123456789');
    assert.notEqual(r20?.version, r20 && portal.formatTime(company20Modified as number), "the version follows the requisite's DATE_MODIFY");
    assert.equal(records.find((r) => r.id === '30')?.fields['address.CITY'], 'Новгород');
    assert.equal(records.find((r) => r.id === '40')?.fields['requisite.TAX_ID'], '7736207543');
    assert.equal(records.find((r) => r.id === '40')?.fields['address.CITY'], null, 'the new primary requisite has no address yet');
    // One batch for the three change lists, companies 20, 30 and 40 by id, then requisites and addresses of all four.
    assert.ok(f.client.stats.requests - before <= 4, `${f.client.stats.requests - before} requests`);
    assert.ok(next !== null && Date.parse(next) > Date.parse(cursor ?? ''));
    cursor = next;
  });

  it('an idle poll is one request and moves the cursor', async () => {
    await clock.advance(HOUR);
    const before = f.client.stats.requests;
    const { records, cursor: next } = await drain(f.port.customers.scanChanges(cursor));
    assert.deepEqual(records, []);
    assert.equal(f.client.stats.requests - before, 1);
    assert.ok(next !== null && Date.parse(next) === Date.parse(cursor ?? '') + HOUR);
    cursor = next;
  });

  it('a mass edit is read by id ranges, each changed record once', async () => {
    await clock.advance(HOUR);
    const edited = Array.from({ length: 300 }, (_, i) => 1 + i * 7);
    for (const id of edited) b24Admin.userEdit(f.sandbox.portal, 'company', id, { COMMENTS: 'mass' });
    await clock.advance(MINUTE);
    const before = f.client.stats.requests;
    const { records } = await drain(f.port.customers.scanChanges(cursor));
    assert.deepEqual(records.map((r) => Number(r.id)).sort((a, b) => a - b), edited);
    assert.ok(f.client.stats.requests - before <= 10, `${f.client.stats.requests - before} requests`);
  });

  it('the cursor can only be read once the pages are exhausted', () => {
    const scan = f.port.customers.scanChanges(cursor);
    assert.throws(() => scan.cursor(), /after every page/);
  });

  it('lists every id cheaply', async () => {
    const before = f.client.stats.requests;
    const ids: string[] = [];
    for await (const page of f.port.customers.listIds()) ids.push(...page);
    assert.equal(ids.length, COMPANIES);
    assert.equal(new Set(ids).size, COMPANIES);
    assert.ok(f.client.stats.requests - before <= 4, `${f.client.stats.requests - before} requests`);
  });

  it('contacts: a full scan and an incremental one', async () => {
    const all = await drain(f.port.contacts.scanChanges(null));
    assert.equal(all.records.length, 30);
    await clock.advance(HOUR);
    b24Admin.userEdit(f.sandbox.portal, 'contact', 7, { POST: 'CEO' });
    await clock.advance(MINUTE);
    const changed = await drain(f.port.contacts.scanChanges(all.cursor));
    assert.deepEqual(changed.records.map((r) => [r.id, r.fields['POST']]), [['7', 'CEO']]);
  });
});
