// Regression (fault suite, issue 6): two records on one side with the same deciding
// match key and nothing to match on the other side were both created there when they
// came in one batch — a duplicate by match key — while one after the other the second
// was parked: the outcome depended on batch boundaries. Now neither is created and
// both are parked, whatever the order.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { getLinkByB24, getLinkByNav } from '../../src/store/index.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });
const customer = (name: string, extra: Record<string, unknown> = {}) => ({ No: null, Name: name, VAT_Registration_No: '', Phone_No: '', E_Mail: '', Credit_Limit_LCY: 0, Blocked: '', Payment_Terms_Code: '', ...extra });

describe('records sharing a match key on their own side', () => {
  it('two companies with one e-mail in one batch: both parked, nothing created in NAV', async () => {
    h = await harness();
    h.b24.put('1', company('Twin A', { EMAIL: ['hq@twins.ru'] }));
    h.b24.put('2', company('Twin B', { EMAIL: ['HQ@twins.ru'] }));
    h.b24.put('3', company('Single', { EMAIL: ['single@example.ru'] }));
    await h.engine.syncOnce();
    assert.deepEqual([...h.nav.records.values()].map((r) => r.fields['Name']), ['Single'], 'only the company with a key of its own is created');
    for (const id of ['1', '2']) {
      const link = await getLinkByB24(h.store.db, 'customers', id);
      assert.equal(link?.state, 'ambiguous', `company ${id} is parked`);
      assert.match(link?.reason ?? '', /2 records on the b24 side match by email: 1, 2/);
    }
    assert.equal((await getLinkByB24(h.store.db, 'customers', '3'))?.state, 'active');
  });

  it('the first key with any hit decides: a shared phone behind a unique tax id does not park', async () => {
    h = await harness();
    h.b24.put('1', company('Branch North', { 'requisite.TAX_ID': '7707083893', PHONE: ['+7 495 111-22-33'] }));
    h.b24.put('2', company('Branch South', { 'requisite.TAX_ID': '7736050003', PHONE: ['8 (495) 111-22-33'] }));
    await h.engine.syncOnce();
    assert.equal(h.nav.records.size, 2, 'both created: their tax ids differ');
    for (const id of ['1', '2']) assert.equal((await getLinkByB24(h.store.db, 'customers', id))?.state, 'active');
  });

  it('two NAV customers with one VAT number: both parked, nothing created in Bitrix24', async () => {
    h = await harness();
    h.nav.put('10000', customer('Romashka (main)', { No: '10000', VAT_Registration_No: '7707083893' }));
    h.nav.put('20000', customer('Romashka (copy)', { No: '20000', VAT_Registration_No: '7707083893' }));
    await h.engine.syncOnce();
    assert.equal(h.b24.records.size, 0);
    for (const no of ['10000', '20000']) {
      const link = await getLinkByNav(h.store.db, 'customers', no);
      assert.equal(link?.state, 'ambiguous');
      assert.match(link?.reason ?? '', /2 records on the nav side match by taxId: 10000, 20000/);
    }
  });

  it('a second pass leaves the parked twins parked and creates nothing', async () => {
    h = await harness();
    h.b24.put('1', company('Twin A', { EMAIL: ['hq@twins.ru'] }));
    h.b24.put('2', company('Twin B', { EMAIL: ['hq@twins.ru'] }));
    await h.engine.syncOnce();
    await h.engine.syncOnce({ full: true });
    assert.equal(h.nav.records.size, 0);
    // The operator fixes one e-mail: both have keys of their own now and are created.
    h.b24.put('2', { EMAIL: ['b@twins.ru'] });
    h.b24.put('1', { TITLE: 'Twin A Ltd' });
    await h.engine.syncOnce();
    assert.deepEqual([...h.nav.records.values()].map((r) => r.fields['Name']).sort(), ['Twin A Ltd', 'Twin B']);
  });
});
