// Customers end to end over real HTTP against both sandboxes (issue 4, item 6).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getLinkByB24, getLinkByNav, listJobs, listLinks } from '../../src/store/index.ts';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { startE2E, type E2E } from './setup.ts';

async function navCustomers(e: E2E): Promise<Array<Record<string, unknown> & { No: string; version: string }>> {
  const out: Array<Record<string, unknown> & { No: string; version: string }> = [];
  for await (const page of e.app.nav.customers.pages()) out.push(...(page as unknown as Array<Record<string, unknown> & { No: string; version: string }>));
  return out;
}

function companies(e: E2E): Array<Record<string, unknown> & { ID: number }> {
  return [...e.b24.portal.state.companies.values()];
}

describe('customers end to end', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E({ config: { entities: { contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false } } } });
  });
  after(async () => e.close());

  it('loads both ways: every company has a customer and every customer a company', async () => {
    const b24Before = companies(e).length;
    const navBefore = (await navCustomers(e)).length;
    const report = await e.app.engine.syncOnce();
    assert.equal(Object.values(report.entities).reduce((n, x) => n + x.dead + x.retried, 0), 0, JSON.stringify(report.entities));
    const links = await listLinks(e.app.store.db, 'customers', { limit: 1000 });
    assert.equal(links.filter((l) => l.state === 'active').length, b24Before + navBefore);
    assert.equal(companies(e).length, b24Before + navBefore);
    assert.equal((await navCustomers(e)).length, b24Before + navBefore);
    const russian = companies(e).find((c) => String(c['TITLE']).startsWith('ООО') && String(c['TITLE']).length <= 50);
    assert.ok(russian, 'the seed has a Russian company with a short name');
    const link = await getLinkByB24(e.app.store.db, 'customers', String(russian.ID));
    const customer = (await navCustomers(e)).find((c) => c.No === link?.navKey);
    assert.equal(customer?.['Name'], russian['TITLE']);
    const inn = [...e.b24.portal.state.requisites.values()].find((r) => r.ENTITY_ID === russian.ID)?.['RQ_INN'];
    assert.equal(customer?.['VAT_Registration_No'], inn);
    assert.equal(e.b24.portal.state.companies.get(russian.ID)?.['UF_CRM_B24NAV_NAV_NO'], customer?.No, 'the NAV No. came back to the company');
  });

  it('a second pass writes nothing (no echo)', async () => {
    const dates = companies(e).map((c) => c['DATE_MODIFY']);
    const keys = (await navCustomers(e)).map((c) => c.version);
    const report = await e.app.engine.syncOnce();
    assert.deepEqual(report.scans.map((s) => s.queued), [0, 0]);
    assert.deepEqual(companies(e).map((c) => c['DATE_MODIFY']), dates);
    assert.deepEqual((await navCustomers(e)).map((c) => c.version), keys);
  });

  it('carries edits both ways, Cyrillic, quotes, <>&, emoji unharmed', async () => {
    const company = companies(e)[0] as { ID: number };
    const title = 'ООО «Тест & Ко» <b> "цитата" 😀';
    b24Admin.userEdit(e.b24.portal, 'company', company.ID, { TITLE: title });
    await e.app.engine.syncOnce();
    const link = await getLinkByB24(e.app.store.db, 'customers', String(company.ID));
    const customer = (await navCustomers(e)).find((c) => c.No === link?.navKey);
    assert.equal(customer?.['Name'], title);
    e.nav.sandbox.edit({ page: 'Customer', key: { No: link?.navKey ?? '' }, fields: { City: 'Екатеринбург', Credit_Limit_LCY: 125000 } });
    await e.app.engine.syncOnce();
    const rq = [...e.b24.portal.state.requisites.values()].find((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === company.ID);
    const address = [...e.b24.portal.state.addresses.values()].find((a) => a.ENTITY_ID === rq?.ID && a.TYPE_ID === 6);
    assert.equal(address?.CITY, 'Екатеринбург');
    assert.equal(e.b24.portal.state.companies.get(company.ID)?.['UF_CRM_B24NAV_CREDIT_LIMIT'], 125000);
  });

  it('links pre-existing records by INN, e-mail and phone instead of duplicating them, and parks an ambiguous one', async () => {
    // Records that exist on both sides before b24nav sees them.
    const nav = e.app.nav.customers;
    const [a, b, c, d1, d2] = await Promise.all([
      nav.create({ Name: 'Ромашка (NAV)', VAT_Registration_No: '7707083893' }),
      nav.create({ Name: 'Acme Trade (NAV)', E_Mail: 'Purchasing@Acme-Trade.ru' }),
      nav.create({ Name: 'Granit (NAV)', Phone_No: '+7 (812) 555-01-02' }),
      nav.create({ Name: 'Twin A', E_Mail: 'hq@twins.ru' }),
      nav.create({ Name: 'Twin B', E_Mail: 'hq@twins.ru' }),
    ]);
    const add = (fields: Record<string, unknown>): number => Number(b24Admin.adminCall(e.b24.portal, 'crm.company.add', { fields }).result);
    const byInn = add({ TITLE: 'Match by INN' });
    b24Admin.adminCall(e.b24.portal, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: byInn, PRESET_ID: 1, NAME: 'Организация', RQ_INN: '7707083893' } });
    const byEmail = add({ TITLE: 'Match by e-mail', EMAIL: [{ VALUE: 'purchasing@acme-trade.ru' }] });
    const byPhone = add({ TITLE: 'Match by phone', PHONE: [{ VALUE: '8 812 555 01 02' }] });
    const twin = add({ TITLE: 'Twin', EMAIL: [{ VALUE: 'hq@twins.ru' }] });
    const navCount = (await navCustomers(e)).length;
    const b24Count = companies(e).length;
    await e.app.engine.syncOnce();
    assert.equal((await navCustomers(e)).length, navCount, 'no customer created in NAV');
    assert.equal(companies(e).length, b24Count, 'no company created either: the twins match one company both ways, so all three are parked');
    assert.equal((await getLinkByB24(e.app.store.db, 'customers', String(byInn)))?.navKey, a.No);
    assert.equal((await getLinkByB24(e.app.store.db, 'customers', String(byEmail)))?.navKey, b.No);
    assert.equal((await getLinkByB24(e.app.store.db, 'customers', String(byPhone)))?.navKey, c.No);
    const parked = await getLinkByB24(e.app.store.db, 'customers', String(twin));
    assert.equal(parked?.state, 'ambiguous');
    assert.match(parked?.reason ?? '', /match by email/);
    for (const nav of [d1, d2]) assert.equal((await getLinkByNav(e.app.store.db, 'customers', nav.No))?.state, 'ambiguous');
  });

  it('dead-letters the company NAV refuses and finishes the others; a restart resumes from the cursors', async () => {
    const withZZ = { entities: { customers: { valueMaps: { salespeople: { values: { '6': 'ZZ' }, fallback: null } } } } };
    const app = await e.restart(withZZ);
    const bad = Number(b24Admin.adminCall(e.b24.portal, 'crm.company.add', { fields: { TITLE: 'Wrong salesperson', ASSIGNED_BY_ID: 6 } }).result);
    const good = Number(b24Admin.adminCall(e.b24.portal, 'crm.company.add', { fields: { TITLE: 'Right salesperson', ASSIGNED_BY_ID: 7 } }).result);
    const report = await app.engine.syncOnce();
    assert.equal(report.entities['customers']?.dead, 1);
    assert.equal((await getLinkByB24(app.store.db, 'customers', String(good)))?.state, 'active');
    const [dead] = await listJobs(app.store.db, { state: 'dead', limit: 5 });
    assert.equal(dead?.recordId, String(bad));
    assert.equal(dead?.lastError?.code, 'NAV_VALIDATION');
    assert.match(dead?.lastError?.message ?? '', /ZZ/);
    // Same config after a restart: nothing re-queued, and the refused company is not retried until it changes.
    const again = await (await e.restart(withZZ)).engine.syncOnce();
    assert.deepEqual(again.scans.map((s) => s.queued), [0, 0], 'nothing re-queued after the restart');
    // The fix (another responsible user) is picked up at once.
    b24Admin.userEdit(e.b24.portal, 'company', bad, { ASSIGNED_BY_ID: 7 });
    const fixed = await e.app.engine.syncOnce();
    assert.equal(fixed.entities['customers']?.dead ?? 0, 0);
    assert.equal((await getLinkByB24(e.app.store.db, 'customers', String(bad)))?.state, 'active');
  });
});
