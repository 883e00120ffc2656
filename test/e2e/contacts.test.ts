// Contacts end to end: B24 contacts of a linked company ⇄ NAV person contacts of
// the customer's company contact, both ways, after their companies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { getLinkByB24, getLinkByNav, listJobs } from '../../src/store/index.ts';
import { startE2E, type E2E } from './setup.ts';

describe('contacts end to end', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E({ config: { entities: { products: { enabled: false }, stock: { enabled: false } } } });
  });
  after(async () => e.close());

  async function persons(): Promise<Array<Record<string, unknown> & { No: string }>> {
    const out: Array<Record<string, unknown> & { No: string }> = [];
    for await (const page of e.app.erp.contacts.scanChanges(null).pages) out.push(...page.map((r) => ({ ...r.fields, No: r.id })));
    return out;
  }

  it('syncs the contacts of linked companies both ways, each under the right company', async () => {
    const report = await e.app.engine.syncOnce();
    assert.equal(report.entities['contacts']?.dead ?? 0, 0, JSON.stringify(await listJobs(e.app.store.db, { state: 'dead', limit: 3 })));
    const b24Contacts = [...e.b24.portal.state.contacts.values()];
    for (const c of b24Contacts) {
      const link = await getLinkByB24(e.app.store.db, 'contacts', String(c.ID));
      assert.equal(link?.state, 'active', `B24 contact ${c.ID} is linked`);
      const person = (await persons()).find((p) => p.No === link?.navKey);
      const company = await getLinkByB24(e.app.store.db, 'customers', String(c['COMPANY_ID']));
      assert.equal(person?.['Customer_No'], company?.navKey, `contact ${c.ID} sits under the customer of its company`);
    }
    const navPersons = await persons();
    for (const p of navPersons.filter((x) => x['Customer_No'])) {
      const link = await getLinkByNav(e.app.store.db, 'contacts', p.No);
      assert.equal(link?.state, 'active', `NAV person ${p.No} is linked`);
    }
  });

  it('carries a new B24 contact and a NAV edit', async () => {
    const companyId = [...e.b24.portal.state.companies.values()][0]?.ID as number;
    const id = Number(b24Admin.adminCall(e.b24.portal, 'crm.contact.add', { fields: { NAME: 'Ольга', LAST_NAME: 'Новикова', COMPANY_ID: companyId, EMAIL: [{ VALUE: 'o.novikova@example.ru' }] } }).result);
    await e.app.engine.syncOnce();
    const link = await getLinkByB24(e.app.store.db, 'contacts', String(id));
    const person = (await persons()).find((p) => p.No === link?.navKey);
    assert.equal(person?.['Name'], 'Ольга Новикова');
    assert.equal(person?.['E_Mail'], 'o.novikova@example.ru');
    e.nav.sandbox.edit({ page: 'Contacts', key: { No: link?.navKey ?? '' }, fields: { Phone_No: '+7 916 555-44-33' } });
    await e.app.engine.syncOnce();
    assert.deepEqual(e.b24.portal.multifieldIndex.of('CONTACT', id).filter((m) => m.TYPE_ID === 'PHONE').map((m) => m.VALUE), ['+7 916 555-44-33']);
  });
});
