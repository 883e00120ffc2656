// The sync contract (DESIGN §3) on in-memory sides and a real store: initial load
// both ways, no echo, matching before create, ambiguity, conflict policies, a
// failing record that does not stop the others, resuming from cursors.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { listConflicts, listHistory, listJobs, getLinkByB24 } from '../../src/store/index.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { SyncError } from '../../src/core/failure.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const company = (title: string, extra: Record<string, unknown> = {}) => ({ TITLE: title, 'requisite.TAX_ID': null, PHONE: [], EMAIL: [], WEB: [], ...extra });
const customer = (name: string, extra: Record<string, unknown> = {}) => ({ No: null, Name: name, VAT_Registration_No: '', Phone_No: '', E_Mail: '', Credit_Limit_LCY: 0, Blocked: '', Payment_Terms_Code: '', ...extra });

describe('sync pipeline', () => {
  it('loads both ways, then a second pass writes nothing (no echo)', async () => {
    h = await harness();
    h.b24.put('1', company('ООО «Ромашка»', { 'requisite.TAX_ID': '7707083893', EMAIL: ['info@romashka.ru'] }));
    h.b24.put('2', company('Müller Bürotechnik GmbH', { PHONE: ['+49 30 1234567'] }));
    h.nav.put('10000', customer('The Cannon Group PLC', { No: '10000', E_Mail: 'cannon@example.com', Credit_Limit_LCY: 5000 }));
    const first = await h.engine.syncOnce();
    assert.equal(h.nav.records.size, 3, 'two customers created in NAV');
    assert.equal(h.b24.records.size, 3, 'one company created in B24');
    const created = [...h.nav.records.values()].find((r) => r.fields['Name'] === 'ООО «Ромашка»');
    assert.equal(created?.fields['VAT_Registration_No'], '7707083893');
    assert.equal(created?.fields['E_Mail'], 'info@romashka.ru');
    const cannon = [...h.b24.records.values()].find((r) => r.fields['TITLE'] === 'The Cannon Group PLC');
    assert.equal(cannon?.fields['UF_CRM_B24NAV_CREDIT_LIMIT'], 5000, 'NAV-owned credit limit shown in B24');
    assert.deepEqual(first.entities['customers'], { done: 3, retried: 0, dead: 0 }, 'every job decided on its first run');
    const writes = h.b24.writes + h.nav.writes;
    const second = await h.engine.syncOnce();
    assert.equal(h.b24.writes + h.nav.writes, writes, 'nothing written on the second pass');
    assert.deepEqual(second.scans.map((s) => s.queued), [0, 0], 'nothing queued either');
  });

  it('carries an edit each way and the NAV No. back to B24', async () => {
    h = await harness();
    h.b24.put('1', company('Alpha', { EMAIL: ['a@alpha.ru'] }));
    await h.engine.syncOnce();
    const navId = [...h.nav.records.keys()][0] as string;
    h.nav.put(navId, { No: navId });
    await h.engine.syncOnce();
    assert.equal(h.b24.records.get('1')?.fields['UF_CRM_B24NAV_NAV_NO'], navId);
    h.b24.put('1', { TITLE: 'Alpha Ltd' });
    await h.engine.syncOnce();
    assert.equal(h.nav.records.get(navId)?.fields['Name'], 'Alpha Ltd');
    h.nav.put(navId, { Phone_No: '+7 495 111-22-33' });
    await h.engine.syncOnce();
    assert.deepEqual(h.b24.records.get('1')?.fields['PHONE'], ['+7 495 111-22-33']);
    const history = await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 50 });
    assert.ok(history.some((r) => r.action === 'created'));
    assert.ok(history.some((r) => r.action === 'updated' && r.direction === 'nav_to_b24' && r.fields?.['phone']));
  });

  it('links pre-existing records by tax id, e-mail and phone instead of duplicating', async () => {
    h = await harness();
    h.nav.put('10000', customer('Romashka', { No: '10000', VAT_Registration_No: '7707083893' }));
    h.nav.put('20000', customer('Vector', { No: '20000', E_Mail: 'Sales@Vector.ru' }));
    h.nav.put('30000', customer('Granit', { No: '30000', Phone_No: '+74951234567' }));
    h.b24.put('1', company('ООО Ромашка', { 'requisite.TAX_ID': '7707083893' }));
    h.b24.put('2', company('ООО Вектор', { EMAIL: ['sales@vector.ru'] }));
    h.b24.put('3', company('ООО Гранит', { PHONE: ['8 (495) 123-45-67'] }));
    await h.engine.syncOnce();
    assert.equal(h.nav.records.size, 3, 'no customer created');
    assert.equal(h.b24.records.size, 3, 'no company created');
    assert.equal((await getLinkByB24(h.store.db, 'customers', '1'))?.navKey, '10000');
    assert.equal((await getLinkByB24(h.store.db, 'customers', '2'))?.navKey, '20000');
    assert.equal((await getLinkByB24(h.store.db, 'customers', '3'))?.navKey, '30000');
    // merge, owner b24: the B24 name wins on the first sync of a newly linked pair.
    assert.equal(h.nav.records.get('10000')?.fields['Name'], 'ООО Ромашка');
  });

  it('parks an ambiguous match instead of guessing', async () => {
    h = await harness();
    h.nav.put('10000', customer('Branch A', { No: '10000', E_Mail: 'hq@group.ru' }));
    h.nav.put('20000', customer('Branch B', { No: '20000', E_Mail: 'hq@group.ru' }));
    h.b24.put('1', company('Group', { EMAIL: ['hq@group.ru'] }));
    await h.engine.syncOnce({ entities: ['customers'] });
    const link = await getLinkByB24(h.store.db, 'customers', '1');
    assert.equal(link?.state, 'ambiguous');
    assert.match(link?.reason ?? '', /2 records on the nav side match by email: 10000, 20000/);
    assert.equal([...h.nav.records.values()].filter((r) => r.fields['Name'] === 'Group').length, 0, 'nothing created');
  });

  for (const [policy, owner, expected] of [
    ['merge', 'b24', 'B24 name'],
    ['master', 'nav', 'NAV name'],
    ['latest', 'nav', 'B24 name'],
  ] as const) {
    it(`resolves a name changed on both sides under ${policy} (owner ${owner})`, async () => {
      h = await harness({ customers: { conflictPolicy: policy, owner } });
      h.b24.put('1', company('Original'));
      await h.engine.syncOnce();
      const navId = [...h.nav.records.keys()][0] as string;
      h.nav.put(navId, { Name: 'NAV name' });
      // B24 keeps second-precision datetimes; NAV only dates: under 'latest' a later B24 datetime on the
      // same day cannot be compared with a date, so the owner decides — unless B24's is on a later day.
      h.b24.put('1', { TITLE: 'B24 name' });
      if (policy === 'latest') h.b24.records.get('1')!.modifiedAt = '2026-11-30T10:00:00+03:00';
      await h.engine.syncOnce();
      assert.equal(h.nav.records.get(navId)?.fields['Name'], expected);
      assert.equal(h.b24.records.get('1')?.fields['TITLE'], expected);
    });
  }

  it('parks both-sided changes under manual, writing the other fields', async () => {
    h = await harness({ customers: { conflictPolicy: 'manual' } });
    h.b24.put('1', company('Original', { EMAIL: ['old@x.ru'] }));
    await h.engine.syncOnce();
    const navId = [...h.nav.records.keys()][0] as string;
    h.nav.put(navId, { Name: 'NAV name' });
    h.b24.put('1', { TITLE: 'B24 name', EMAIL: ['new@x.ru'] });
    await h.engine.syncOnce();
    assert.equal(h.nav.records.get(navId)?.fields['Name'], 'NAV name', 'parked field untouched');
    assert.equal(h.b24.records.get('1')?.fields['TITLE'], 'B24 name');
    assert.equal(h.nav.records.get(navId)?.fields['E_Mail'], 'new@x.ru', 'the one-sided change still flows');
    const conflicts = await listConflicts(h.store.db, { state: 'open', limit: 10 });
    assert.equal(conflicts.length, 1);
    assert.deepEqual(conflicts[0]?.fields['name'], { base: 'Original', b24: 'B24 name', nav: 'NAV name' });
    // An operator settles it in NAV: the sides agree, the conflict closes.
    h.nav.put(navId, { Name: 'B24 name' });
    await h.engine.syncOnce();
    assert.equal((await listConflicts(h.store.db, { state: 'open', limit: 10 })).length, 0);
    assert.ok((await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 20 })).some((r) => r.action === 'resolved'));
  });

  it('dead-letters the record NAV refuses and finishes the others', async () => {
    h = await harness();
    h.nav.validate = (f) => (String(f['Name']).includes('Blocked') ? 'Customer Blocked Co must not be created: Salesperson Code XX does not exist.' : undefined);
    h.b24.put('1', company('Fine One'));
    h.b24.put('2', company('Blocked Co'));
    h.b24.put('3', company('Fine Two'));
    await h.engine.syncOnce();
    assert.deepEqual([...h.nav.records.values()].map((r) => r.fields['Name']).sort(), ['Fine One', 'Fine Two']);
    const dead = await listJobs(h.store.db, { state: 'dead', limit: 10 });
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.recordId, '2');
    assert.equal(dead[0]?.lastError?.code, 'NAV_VALIDATION');
    assert.match(dead[0]?.lastError?.message ?? '', /Salesperson Code XX does not exist/);
    const history = await listHistory(h.store.db, { entity: 'customers', b24Id: '2', limit: 10 });
    assert.ok(history.some((r) => r.action === 'failed' && /Salesperson Code XX/.test(r.message ?? '')));
  });

  it('a write that failed for a passing reason is made by the retry (the change is not taken for an echo)', async () => {
    const clock = new FakeClock(Date.parse('2026-11-29T10:00:00Z'));
    h = await harness({}, { clock });
    h.b24.put('1', company('Alpha'));
    await h.engine.syncOnce();
    const navId = [...h.nav.records.keys()][0] as string;
    const update = h.nav.update.bind(h.nav);
    let refusals = 1;
    h.nav.update = (requests) => {
      if (refusals-- > 0) return Promise.resolve(requests.map((r) => ({ ref: r.ref, ok: false as const, error: new SyncError('NAV_SERVER_ERROR', 'An unexpected error occurred on the server.') })));
      return update(requests);
    };
    h.b24.put('1', { TITLE: 'Omega' });
    const first = await h.engine.syncOnce();
    assert.deepEqual(first.entities['customers'], { done: 0, retried: 1, dead: 0 });
    assert.equal(h.nav.records.get(navId)?.fields['Name'], 'Alpha', 'nothing written yet');
    await clock.advance(120_000);
    await h.engine.syncOnce();
    assert.equal(h.nav.records.get(navId)?.fields['Name'], 'Omega', 'the retry wrote the change');
    const history = await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 10 });
    assert.ok(history.some((r) => r.action === 'updated' && r.fields?.['name']), 'and says so in the history');
  });

  it('a company given up on is not queued again by each pass of the contacts that wait for it', async () => {
    const clock = new FakeClock(Date.parse('2026-11-29T10:00:00Z'));
    h = await harness({ contacts: { enabled: true } }, { clock });
    h.b24.put('1', company('Х'.repeat(60)));
    h.of('contacts', 'b24').put('5', { FULL_NAME: 'Иван Петров', EMAIL: ['ivan@example.ru'], PHONE: [], COMPANY_ID: '1' });
    for (let pass = 0; pass < 4; pass++) {
      await h.engine.syncOnce();
      await clock.advance(120_000);
    }
    const dead = await listJobs(h.store.db, { state: 'dead', limit: 20 });
    assert.deepEqual(dead.filter((j) => j.entity === 'customers').map((j) => [j.recordId, j.lastError?.code]), [['1', 'SYNC_MAPPING']], 'one dead letter for the company');
    const contact = (await listJobs(h.store.db, { limit: 50 })).filter((j) => j.entity === 'contacts');
    assert.ok(contact.some((j) => j.lastError?.code === 'SYNC_DEPENDENCY'), 'the contact waits for it, saying so');
  });

  it('refuses a name too long for NAV with a clear reason, or truncates when the map says so', async () => {
    h = await harness();
    const long = 'Общество с ограниченной ответственностью «Очень длинное название компании»';
    h.b24.put('1', company(long));
    await h.engine.syncOnce();
    assert.equal(h.nav.records.size, 0);
    const [dead] = await listJobs(h.store.db, { state: 'dead', limit: 1 });
    assert.equal(dead?.lastError?.code, 'SYNC_MAPPING');
    assert.match(dead?.lastError?.message ?? '', /Name: .* is 7\d characters, NAV allows 50/);
    h.newEngine({ customers: { fields: [{ name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', navMaxLength: 50, onTooLong: 'truncate' }] } });
    h.b24.put('1', { COMMENTS: 'touch' });
    h.b24.put('1', { TITLE: `${long}!` });
    await h.engine.syncOnce();
    assert.equal([...h.nav.records.values()][0]?.fields['Name'], long.slice(0, 50));
    const created = (await listHistory(h.store.db, { entity: 'customers', b24Id: '1', limit: 20 })).find((r) => r.action === 'created');
    assert.match(created?.message ?? '', /shortened|truncat/i, 'the history says the name was shortened');

    // NAV's shortened name is no edit: a NAV change of another field leaves Bitrix24's full title alone,
    // while a NAV user's own new name does come over.
    const navId = [...h.nav.records.keys()][0] as string;
    h.nav.put(navId, { Phone_No: '+7 495 111-22-33' });
    await h.engine.syncOnce();
    assert.equal(h.b24.records.get('1')?.fields['TITLE'], `${long}!`);
    assert.deepEqual(h.b24.records.get('1')?.fields['PHONE'], ['+7 495 111-22-33']);
    h.nav.put(navId, { Name: 'ООО «Короткое»' });
    await h.engine.syncOnce();
    assert.equal(h.b24.records.get('1')?.fields['TITLE'], 'ООО «Короткое»');
  });

  it('a new engine on the same store resumes from the cursors', async () => {
    h = await harness();
    h.b24.put('1', company('One'));
    await h.engine.syncOnce();
    h.newEngine();
    const again = await h.engine.syncOnce();
    assert.deepEqual(again.scans.map((s) => s.queued), [0, 0], 'nothing queued: the cursors moved past our own writes');
    h.b24.put('1', { TITLE: 'One, renamed' });
    await h.engine.syncOnce();
    assert.equal([...h.nav.records.values()][0]?.fields['Name'], 'One, renamed');
  });

  it('a dry run lists what would happen and changes nothing', async () => {
    h = await harness();
    h.b24.put('1', company('One', { 'requisite.TAX_ID': '7707083893' }));
    h.nav.put('10000', customer('Match', { No: '10000', VAT_Registration_No: '7707083893' }));
    h.nav.put('20000', customer('Lonely', { No: '20000' }));
    const report = await h.engine.syncOnce({ dryRun: true });
    assert.deepEqual(
      report.planned.map((p) => `${p.action} ${p.side}`).sort(),
      ['create b24', 'link b24', 'update b24', 'update nav'],
    );
    assert.equal(h.b24.records.size, 1);
    assert.equal(h.nav.records.size, 2);
    assert.equal(await getLinkByB24(h.store.db, 'customers', '1'), undefined);
  });
});
