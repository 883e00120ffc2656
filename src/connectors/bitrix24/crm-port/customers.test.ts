// customers = companies, against the sandbox over HTTP: round trips, multifield ID
// rules, requisites and addresses, tax ids, and creates whose answer was lost.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, written, type PortFixture } from './test-support.ts';

describe('CrmPort customers: writes', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ companies: 5 });
  });
  after(async () => f.close());

  const base = {
    TITLE: 'ООО «Ромашка»',
    COMPANY_TYPE: 'CUSTOMER',
    COMMENTS: 'из NAV',
    PHONE: ['+7 495 123-45-67', '8 (916) 000-11-22'],
    EMAIL: ['info@romashka.ru'],
    WEB: ['https://romashka.ru'],
    'requisite.TAX_ID': '7707083893',
    'requisite.RQ_KPP': '770701001',
    'address.ADDRESS_1': 'ул. Ленина, д. 1',
    'address.CITY': 'Москва',
    'address.POSTAL_CODE': '101000',
    'address.COUNTRY': 'Россия',
    'address.COUNTRY_CODE': 'RU',
  };

  it('creates a company with requisite and legal address, and fetch returns what was written', async () => {
    const [outcome] = await f.port.customers.create([{ ref: 'r1', externalId: 'nav:C0001', fields: base }]);
    const record = written(outcome);
    for (const [path, value] of Object.entries(base)) assert.deepEqual(record.fields[path], value, path);
    assert.equal(record.fields['requisite.RQ_INN'], '7707083893');
    assert.equal(record.fields['requisite.RQ_VAT_ID'], null);
    assert.equal(record.fields['requisite.RQ_COMPANY_NAME'], base.TITLE, 'the requisite is named after the company');
    const fetched = (await f.port.customers.fetch([record.id])).get(record.id);
    assert.deepEqual(fetched, record);
    const company = f.sandbox.portal.state.companies.get(Number(record.id));
    assert.equal(company?.['ORIGINATOR_ID'], 'b24nav');
    assert.equal(company?.['ORIGIN_ID'], 'nav:C0001');
    const requisites = f.sandbox.portal.state.requisites.filter((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === Number(record.id));
    assert.equal(requisites.length, 1);
    assert.equal(requisites[0]?.PRESET_ID, 1, 'the Russian organisation preset for a 10-digit INN');
    const addresses = f.sandbox.portal.state.addresses.filter((a) => a.ENTITY_TYPE_ID === 8 && a.ENTITY_ID === requisites[0]?.ID);
    assert.deepEqual(addresses.map((a) => a.TYPE_ID), [6], 'one legal address');
  });

  it('writes a non-INN tax id to RQ_VAT_ID with a foreign preset, and switching to an INN moves it back', async () => {
    const [outcome] = await f.port.customers.create([{ ref: 'r2', externalId: 'nav:C0002', fields: { TITLE: 'Müller GmbH', 'requisite.TAX_ID': 'DE123456789', 'address.CITY': 'Berlin' } }]);
    const record = written(outcome);
    assert.equal(record.fields['requisite.RQ_VAT_ID'], 'DE123456789');
    assert.equal(record.fields['requisite.RQ_INN'], null);
    assert.equal(record.fields['requisite.TAX_ID'], 'DE123456789');
    assert.equal(f.sandbox.portal.state.requisites.find((r) => r.ENTITY_ID === Number(record.id) && r.ENTITY_TYPE_ID === 4)?.PRESET_ID, 4, 'a company preset of another country');

    const [inn] = await f.port.customers.update([{ ref: 'u', id: record.id, version: record.version, fields: { 'requisite.TAX_ID': '500100732259' } }]);
    assert.equal(written(inn).fields['requisite.RQ_INN'], '500100732259', '12 digits are an INN too');
    assert.equal(written(inn).fields['requisite.TAX_ID'], '500100732259');
    const [vat] = await f.port.customers.update([{ ref: 'u', id: record.id, version: null, fields: { 'requisite.TAX_ID': 'ATU12345678' } }]);
    assert.equal(written(vat).fields['requisite.TAX_ID'], 'ATU12345678', 'a stale RQ_INN does not hide the new VAT id');
    assert.equal(written(vat).fields['requisite.RQ_INN'], null);
  });

  it('changes a phone in place by its entry ID, keeps the others and never duplicates on repeated writes', async () => {
    const [created] = await f.port.customers.create([{ ref: 'm', externalId: 'nav:C0003', fields: { TITLE: 'Phones Ltd', PHONE: ['+7 495 111-11-11', '+7 495 222-22-22', '+7 495 333-33-33'], EMAIL: ['a@phones.ru', 'b@phones.ru'] } }]);
    const record = written(created);
    const entries = () => f.sandbox.portal.multifieldIndex.of('COMPANY', Number(record.id)).filter((m) => m.TYPE_ID === 'PHONE');
    const idsBefore = entries().map((m) => m.ID);

    const update = { ref: 'u', id: record.id, version: null, fields: { PHONE: ['+7 (495) 999-99-99'] } };
    for (let i = 0; i < 3; i++) {
      const [outcome] = await f.port.customers.update([update]);
      assert.deepEqual(written(outcome).fields['PHONE'], ['+7 (495) 999-99-99', '+7 495 222-22-22', '+7 495 333-33-33']);
    }
    assert.deepEqual(entries().map((m) => m.ID), idsBefore, 'the first entry was changed by its ID, nothing added');

    // The same number in another format is the same entry: left alone.
    const [same] = await f.port.customers.update([{ ...update, fields: { PHONE: ['84959999999'] } }]);
    assert.deepEqual(written(same).fields['PHONE'], ['+7 (495) 999-99-99', '+7 495 222-22-22', '+7 495 333-33-33']);

    // A list that leads with a value kept further down: no duplicate remains.
    const [lead] = await f.port.customers.update([{ ...update, fields: { PHONE: ['+7 495 333-33-33', '+7 495 222-22-22'] } }]);
    assert.deepEqual(written(lead).fields['PHONE'], ['+7 495 333-33-33', '+7 495 222-22-22']);

    // null deletes only the first entry.
    const [cleared] = await f.port.customers.update([{ ...update, fields: { EMAIL: null } }]);
    assert.deepEqual(written(cleared).fields['EMAIL'], ['b@phones.ru']);
    const [added] = await f.port.customers.update([{ ...update, fields: { EMAIL: ['b@phones.ru', 'c@phones.ru'] } }]);
    assert.deepEqual(written(added).fields['EMAIL'], ['b@phones.ru', 'c@phones.ru']);
  });

  it('updates the requisite and the legal address of a seeded company, and adds both to a company without', async () => {
    const [seeded] = [...(await f.port.customers.fetch(['1'])).values()];
    assert.ok(seeded);
    const [outcome] = await f.port.customers.update([{ ref: 'u', id: '1', version: seeded.version, fields: { 'requisite.RQ_KPP': '771001001', 'address.CITY': 'Тверь', 'address.ADDRESS_2': null } }]);
    const record = written(outcome);
    assert.equal(record.fields['requisite.RQ_KPP'], '771001001');
    assert.equal(record.fields['address.CITY'], 'Тверь');
    assert.equal(record.fields['address.ADDRESS_2'], null);
    assert.equal(record.fields['address.ADDRESS_1'], seeded.fields['address.ADDRESS_1'], 'other address fields are kept');
    assert.ok(Date.parse(record.version ?? '') >= Date.parse(seeded.version ?? ''));

    const [bare] = await f.port.customers.create([{ ref: 'b', externalId: 'nav:C0004', fields: { TITLE: 'Bare' } }]);
    const plain = written(bare);
    assert.equal(plain.fields['requisite.TAX_ID'], null);
    assert.equal(f.sandbox.portal.state.requisites.filter((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === Number(plain.id)).length, 0, 'no empty requisite is made');
    const [filled] = await f.port.customers.update([{ ref: 'u', id: plain.id, version: null, fields: { 'requisite.TAX_ID': '7707083893', 'address.CITY': 'Казань' } }]);
    assert.equal(written(filled).fields['requisite.RQ_INN'], '7707083893');
    assert.equal(written(filled).fields['address.CITY'], 'Казань');
  });

  it('reads a registered address when there is no legal one, and writing makes a whole legal address from it', async () => {
    const [c] = await f.port.customers.create([{ ref: 'x', externalId: 'nav:C0005', fields: { TITLE: 'Registered only', 'requisite.TAX_ID': '7707083893' } }]);
    const record = written(c);
    const rq = f.sandbox.portal.state.requisites.find((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === Number(record.id));
    assert.ok(rq);
    await f.client.call('crm.address.add', { fields: { TYPE_ID: 4, ENTITY_TYPE_ID: 8, ENTITY_ID: rq.ID, ADDRESS_1: 'пр. Мира, 5', CITY: 'Самара' } });
    const read = (await f.port.customers.fetch([record.id])).get(record.id);
    assert.equal(read?.fields['address.CITY'], 'Самара');
    const [outcome] = await f.port.customers.update([{ ref: 'u', id: record.id, version: null, fields: { 'address.POSTAL_CODE': '443000' } }]);
    const after = written(outcome);
    assert.equal(after.fields['address.CITY'], 'Самара');
    assert.equal(after.fields['address.ADDRESS_1'], 'пр. Мира, 5');
    assert.equal(after.fields['address.POSTAL_CODE'], '443000');
    assert.ok(f.sandbox.portal.state.addresses.find((a) => a.ENTITY_ID === rq.ID && a.TYPE_ID === 6), 'the legal address was added');
  });

  it('reports per-record errors: an unknown path, a missing company, a refused value — the others are written', async () => {
    const outcomes = await f.port.customers.create([
      { ref: 'ok', externalId: 'nav:C0010', fields: { TITLE: 'Fine' } },
      { ref: 'typo', externalId: 'nav:C0011', fields: { TITLE: 'Typo', TITEL: 'x' } },
      { ref: 'mail', externalId: 'nav:C0012', fields: { TITLE: 'Bad mail', EMAIL: ['not-an-email'] } },
    ]);
    assert.equal(outcomes[0]?.ok, true);
    assert.equal(outcomes[1]?.ok === false && outcomes[1].error.code, 'B24_VALIDATION');
    assert.equal(outcomes[2]?.ok === false && outcomes[2].error.code, 'B24_VALIDATION');
    const [missing] = await f.port.customers.update([{ ref: 'gone', id: '999999', version: null, fields: { TITLE: 'x' } }]);
    assert.equal(missing?.ok === false && missing.error.code, 'B24_NOT_FOUND');
  });

  it('after a lost answer the company is found by its external id, and not created twice', async () => {
    f.sandbox.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.company.add', count: 1 });
    const request = { ref: 'd', externalId: 'nav:C0030', fields: { TITLE: 'Dropped', 'requisite.TAX_ID': '7707083893', 'address.CITY': 'Омск' } };
    const [lost] = await f.port.customers.create([request]);
    assert.equal(lost?.ok === false && lost.error.kind, 'unknown_outcome');
    const found = await f.port.customers.findByExternalId(['nav:C0030', 'nav:never']);
    assert.deepEqual([...found.keys()], ['nav:C0030']);
    const record = found.get('nav:C0030');
    assert.equal(record?.fields['TITLE'], 'Dropped');
    assert.equal(record?.fields['requisite.RQ_INN'], '7707083893');
    assert.equal(record?.fields['address.CITY'], 'Омск');
    assert.equal([...f.sandbox.portal.state.companies.values()].filter((c) => c['ORIGIN_ID'] === 'nav:C0030').length, 1);
  });

  it('writes many records in few requests', async () => {
    const n = 48;
    const requests = Array.from({ length: n }, (_, i) => ({
      ref: `bulk${i}`,
      externalId: `nav:B${i}`,
      fields: { TITLE: `Bulk ${i}`, PHONE: [`+7 495 000-00-${String(i).padStart(2, '0')}`], 'requisite.TAX_ID': '7707083893', 'address.CITY': 'Пермь' },
    }));
    const before = f.client.stats.requests;
    const outcomes = await f.port.customers.create(requests);
    assert.ok(outcomes.every((o) => o.ok));
    const used = f.client.stats.requests - before;
    // 3 commands a record → 16 records per batch: 3 batches, then the re-read (companies, requisites, addresses).
    assert.ok(used <= 8, `${used} requests for ${n} creates`);
  });
});
