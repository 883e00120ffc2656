// contacts against the sandbox: a round trip with the birth date as a date and the
// primary company, multifields written by entry ID, and a lost create found again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startPort, written, type PortFixture } from './test-support.ts';

describe('CrmPort contacts', () => {
  let f: PortFixture;
  before(async () => {
    f = await startPort({ companies: 3, contacts: 3 });
  });
  after(async () => f.close());

  const person = {
    NAME: 'Мария',
    LAST_NAME: 'Смирнова',
    SECOND_NAME: 'Ивановна',
    POST: 'Главный бухгалтер',
    HONORIFIC: 'HNR_EN_2',
    BIRTHDATE: '1985-04-30',
    PHONE: ['+7 916 123-45-67'],
    EMAIL: ['m.smirnova@example.ru'],
    COMPANY_ID: '2',
  };

  it('creates a contact that reads back as written', async () => {
    const [outcome] = await f.port.contacts.create([{ ref: 'c', externalId: 'nav:CT1', fields: person }]);
    const record = written(outcome);
    for (const [path, value] of Object.entries(person)) assert.deepEqual(record.fields[path], value, path);
    assert.deepEqual((await f.port.contacts.fetch([record.id])).get(record.id), record);
    assert.equal(f.sandbox.portal.state.contacts.get(Number(record.id))?.['ORIGIN_ID'], 'nav:CT1');
  });

  it('updates by entry ID, keeps the second phone, moves the company and clears it', async () => {
    const [created] = await f.port.contacts.create([{ ref: 'c', externalId: 'nav:CT2', fields: { NAME: 'Two', PHONE: ['+7 916 000-00-01', '+7 916 000-00-02'] } }]);
    const record = written(created);
    const ids = f.sandbox.portal.multifieldIndex.of('CONTACT', Number(record.id)).map((m) => m.ID);
    const [moved] = await f.port.contacts.update([{ ref: 'u', id: record.id, version: record.version, fields: { PHONE: ['+7 916 000-00-09'], COMPANY_ID: '3', BIRTHDATE: '2000-01-02' } }]);
    assert.deepEqual(written(moved).fields['PHONE'], ['+7 916 000-00-09', '+7 916 000-00-02']);
    assert.equal(written(moved).fields['COMPANY_ID'], '3');
    assert.equal(written(moved).fields['BIRTHDATE'], '2000-01-02');
    assert.deepEqual(f.sandbox.portal.multifieldIndex.of('CONTACT', Number(record.id)).map((m) => m.ID), ids);
    const [cleared] = await f.port.contacts.update([{ ref: 'u', id: record.id, version: null, fields: { COMPANY_ID: null, BIRTHDATE: null } }]);
    assert.equal(written(cleared).fields['COMPANY_ID'], null);
    assert.equal(written(cleared).fields['BIRTHDATE'], null);
  });

  it('reads FULL_NAME as NAME SECOND_NAME LAST_NAME and writes it back into the same parts', async () => {
    const [created] = await f.port.contacts.create([{ ref: 'n', externalId: 'nav:CT5', fields: { FULL_NAME: 'Иван Петрович Сидоров' } }]);
    const record = written(created);
    assert.deepEqual([record.fields['NAME'], record.fields['SECOND_NAME'], record.fields['LAST_NAME']], ['Иван', 'Петрович', 'Сидоров']);
    assert.equal(record.fields['FULL_NAME'], 'Иван Петрович Сидоров');
    const [updated] = await f.port.contacts.update([{ ref: 'n', id: record.id, version: null, fields: { FULL_NAME: 'Анна Петрова' } }]);
    assert.deepEqual([written(updated).fields['NAME'], written(updated).fields['SECOND_NAME'], written(updated).fields['LAST_NAME']], ['Анна', null, 'Петрова']);
  });

  it('an unknown path is that record\'s error', async () => {
    const [outcome] = await f.port.contacts.create([{ ref: 'x', externalId: 'nav:CT3', fields: { NAME: 'x', TITLE: 'not a contact field' } }]);
    assert.equal(outcome?.ok === false && outcome.error.code, 'B24_VALIDATION');
  });

  it('after a lost answer the contact is found by its external id', async () => {
    f.sandbox.portal.faults.add({ kind: 'drop_after_commit', method: 'crm.contact.add', count: 1 });
    const [lost] = await f.port.contacts.create([{ ref: 'd', externalId: 'nav:CT4', fields: { NAME: 'Lost' } }]);
    assert.equal(lost?.ok === false && lost.error.kind, 'unknown_outcome');
    const found = await f.port.contacts.findByExternalId(['nav:CT4']);
    assert.equal(found.get('nav:CT4')?.fields['NAME'], 'Lost');
  });
});
