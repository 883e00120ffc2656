// Matching before create, against the sandbox: companies by INN, VAT id, e-mail,
// phone (stored as "8 …" or "+7 …") and name; contacts by e-mail and phone; several
// candidates come back as such; many queries take few requests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { matchValue, type MatchKind, type MatchLookup } from '../../../core/match.ts';
import type { FindQuery } from '../../../engine/ports.ts';
import { startPort, written, type PortFixture } from './test-support.ts';

function lookup(key: string, kind: MatchKind, ...raw: string[]): MatchLookup {
  return { key, field: key, kind, values: raw.map((v) => matchValue(kind, v, { defaultRegion: 'RU' })).filter((v): v is string => v !== null) };
}

function query(ref: string, ...lookups: MatchLookup[]): FindQuery {
  return { ref, lookups };
}

describe('CrmPort find', () => {
  let f: PortFixture;
  const id: Record<string, string> = {};
  before(async () => {
    f = await startPort({ companies: 40 });
    const outcomes = await f.port.customers.create([
      { ref: 'A', externalId: 'nav:A', fields: { TITLE: 'Альфа', 'requisite.TAX_ID': '7707083893', PHONE: ['8 (495) 123-45-67'], EMAIL: ['info@alfa.ru'] } },
      { ref: 'B', externalId: 'nav:B', fields: { TITLE: 'Альфа, филиал', 'requisite.TAX_ID': '7707083893' } },
      { ref: 'C', externalId: 'nav:C', fields: { TITLE: 'Müller GmbH', 'requisite.TAX_ID': 'DE123456789', PHONE: ['+49 30 1234567'], EMAIL: ['SALES@mueller.de'] } },
      { ref: 'D', externalId: 'nav:D', fields: { TITLE: 'Delta  Trading', PHONE: ['+7 495 765-43-21', '+7 (916) 555-44-33'] } },
    ]);
    for (const o of outcomes) id[o.ref] = written(o).id;
    const contacts = await f.port.contacts.create([
      { ref: 'P', externalId: 'nav:P', fields: { NAME: 'Пётр', LAST_NAME: 'Иванов', PHONE: ['8 916 000 00 01'], EMAIL: ['petr@alfa.ru'] } },
      { ref: 'Q', externalId: 'nav:Q', fields: { NAME: 'Quinn', PHONE: ['+79160000001'] } },
    ]);
    for (const o of contacts) id[o.ref] = written(o).id;
  });
  after(async () => f.close());

  it('finds companies by INN (two branches: both candidates), VAT id, e-mail, phone in either form and name', async () => {
    const results = await f.port.customers.find([
      query('inn', lookup('inn', 'inn', '7707083893')),
      query('vat', lookup('vat', 'vat', 'de 123 456 789')),
      query('innAsVat', lookup('vat', 'vat', '7707083893')),
      query('email', lookup('email', 'email', 'Sales@Mueller.de')),
      query('phone8', lookup('phone', 'phone', '+7 495 123 45 67')),
      query('phone7', lookup('phone', 'phone', '8 (495) 765-43-21'), lookup('phone2', 'phone', '+7 916 555 44 33')),
      query('name', lookup('name', 'text', 'Delta Trading')),
      query('none', lookup('inn', 'inn', '7736207543'), lookup('email', 'email', 'nobody@nowhere.org')),
    ]);
    const ids = (ref: string, key: string): readonly string[] | undefined => results.find((r) => r.ref === ref)?.candidates.find((c) => c.key === key)?.ids;
    assert.deepEqual(results.map((r) => r.ref), ['inn', 'vat', 'innAsVat', 'email', 'phone8', 'phone7', 'name', 'none']);
    assert.deepEqual(ids('inn', 'inn'), [id['A'], id['B']]);
    assert.deepEqual(ids('vat', 'vat'), [id['C']]);
    assert.deepEqual(ids('innAsVat', 'vat'), [id['A'], id['B']], 'an INN kept as a VAT number in NAV finds the RQ_INN');
    assert.deepEqual(ids('email', 'email'), [id['C']]);
    assert.deepEqual(ids('phone8', 'phone'), [id['A']], 'stored as 8 (495) …, looked up as +7495…');
    assert.deepEqual(ids('phone7', 'phone'), [id['D']]);
    assert.deepEqual(ids('phone7', 'phone2'), [id['D']]);
    assert.deepEqual(ids('name', 'name'), [], 'a name is compared as stored: the double space differs');
    assert.deepEqual(ids('none', 'inn'), []);
    assert.deepEqual(ids('none', 'email'), []);
  });

  it('finds by the exact stored name', async () => {
    const [r] = await f.port.customers.find([query('n', lookup('name', 'text', 'Альфа'))]);
    assert.deepEqual(r?.candidates, [{ key: 'name', ids: [id['A']] }]);
  });

  it('finds contacts by phone and e-mail; a number held by two contacts in two forms gives both', async () => {
    const [r] = await f.port.contacts.find([query('c', lookup('phone', 'phone', '8-916-000-00-01'), lookup('email', 'email', 'PETR@alfa.ru'))]);
    assert.deepEqual(r?.candidates, [
      { key: 'phone', ids: [id['P'], id['Q']] },
      { key: 'email', ids: [id['P']] },
    ]);
  });

  it('asks for a page of queries in a few requests', async () => {
    const queries = Array.from({ length: 200 }, (_, i) =>
      query(`q${i}`, lookup('inn', 'inn', '7707083893'), lookup('email', 'email', `x${i}@example.org`), lookup('phone', 'phone', `+7 495 100-${String(i).padStart(4, '0').slice(0, 2)}-${String(i).padStart(4, '0').slice(2)}`)),
    );
    const before = f.client.stats.requests;
    const results = await f.port.customers.find(queries);
    assert.equal(results.length, 200);
    assert.ok(results.every((r) => r.candidates[0]?.ids.length === 2));
    // 200 e-mails and 400 phone forms at 20 a call, one batch of requisite look-ups, one read of the candidates.
    assert.ok(f.client.stats.requests - before <= 4, `${f.client.stats.requests - before} requests`);
  });
});
