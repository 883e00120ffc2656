// Awkward text on a real sync through both sandboxes, NAV over OData and over
// SOAP: Cyrillic, emoji, quotes, XML and HTML specials, CSV formula starters and
// match keys with quotes in them. Bitrix24 → NAV → Bitrix24, each value arrives
// exactly as typed (b24nav writes no CSV, so a leading = + - @ is data, kept as
// is), and the pass after writes nothing, which shows that reading the value back
// from each side gives the same text. Every case is listed in test/bad-input/README.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getLinkByNav, listJobs } from '../../src/store/index.ts';
import type { E2E } from '../e2e/setup.ts';
import { addCompany, addCompanyWithAddress, companies, company, companyAddress, editCompany, navCount, navCustomer, navNoOf, startCustomers, TRANSPORTS } from './sync-support.ts';

/** Names of at most 50 UTF-16 units (NAV Name is Text[50]). */
const NAMES = [
  'ООО «Ромашка» — поставки ёлок',
  'Café 😀 👨‍👩‍👧 🇷🇺 ✓',
  `"Double" 'single' «ёлочки» „lapki“`,
  'Tom & Jerry <b>bold</b> &amp; &lt;x&gt;',
  ']]> <![CDATA[ x ]]> <?xml?> <!-- c -->',
  '=HYPERLINK("http://x.example","y")',
  '+7 (495) 123-45-67 and more',
  '-2+3 minus first',
  '@SUM(A1:A9)',
  'Tab\tand\\backslash %s ${HOME} {{x}}',
  "'; DROP TABLE links; --",
] as const;

for (const transport of TRANSPORTS) {
  describe(`bad input: awkward text round-trips Bitrix24 ⇄ NAV over ${transport}`, () => {
    let e: E2E;
    before(async () => {
      e = await startCustomers(transport);
    });
    after(async () => {
      await e?.close();
    });

    /** One more pass writes nothing: each side reads back what was written. */
    async function quietPass(): Promise<void> {
      const dates = companies(e).map((c) => c['DATE_MODIFY']);
      const navBefore = (await navNosAndVersions()).join();
      const report = await e.app.engine.syncOnce();
      assert.deepEqual(report.scans.map((s) => s.queued), [0, 0], 'nothing re-queued: the text read back hashes the same');
      assert.deepEqual(companies(e).map((c) => c['DATE_MODIFY']), dates, 'no Bitrix24 write');
      assert.equal((await navNosAndVersions()).join(), navBefore, 'no NAV write');
    }

    async function navNosAndVersions(): Promise<string[]> {
      const out: string[] = [];
      for await (const page of e.app.nav.customers.pages()) for (const row of page) out.push(`${String((row as Record<string, unknown>)['No'])}@${String((row as { version?: unknown }).version)}`);
      return out.sort();
    }

    it(`${transport}: Bitrix24 → NAV: company names with Cyrillic, emoji, quotes, <>&, CDATA ends and = + - @ arrive exactly as typed`, async () => {
      const ids = NAMES.map((TITLE) => addCompany(e, { TITLE }));
      const report = await e.app.engine.syncOnce();
      assert.equal(report.entities['customers']?.dead ?? 0, 0, JSON.stringify(await listJobs(e.app.store.db, { state: 'dead', limit: 20 })));
      for (const [i, id] of ids.entries()) {
        const no = await navNoOf(e, id);
        assert.ok(no, NAMES[i]);
        assert.equal(navCustomer(e, no)?.['Name'], NAMES[i]);
        assert.equal(company(e, id)['TITLE'], NAMES[i], 'the company itself untouched');
        assert.equal(company(e, id)['UF_CRM_B24NAV_NAV_NO'], no, 'the NAV No. came back');
      }
      await quietPass();
    });

    it(`${transport}: NAV → Bitrix24: customers with the same names become companies with exactly those titles`, async () => {
      const created = await Promise.all(NAMES.map((Name, i) => e.app.nav.customers.create({ Name, City: `Город ${i}` })));
      const report = await e.app.engine.syncOnce();
      assert.equal(report.entities['customers']?.dead ?? 0, 0);
      for (const [i, c] of created.entries()) {
        const link = await getLinkByNav(e.app.store.db, 'customers', c.No);
        assert.equal(link?.state, 'active', NAMES[i]);
        assert.equal(company(e, Number(link?.b24Id))['TITLE'], NAMES[i]);
        assert.equal(navCustomer(e, c.No)?.['Name'], NAMES[i], 'the NAV customer itself untouched');
      }
      await quietPass();
    });

    it(`${transport}: an address with formula starters and specials goes Bitrix24 → NAV, and a NAV user's edit of it comes back`, async () => {
      const address = { ADDRESS_1: '=1+2 «Двор» <3> & Co', ADDRESS_2: '@floor -1, "B"', CITY: '+Тверь', POSTAL_CODE: '170-100' };
      const id = addCompanyWithAddress(e, { TITLE: 'Address specials' }, address);
      await e.app.engine.syncOnce();
      const no = await navNoOf(e, id);
      assert.ok(no);
      const customer = navCustomer(e, no);
      assert.deepEqual([customer?.['Address'], customer?.['Address_2'], customer?.['City'], customer?.['Post_Code']], [address.ADDRESS_1, address.ADDRESS_2, address.CITY, address.POSTAL_CODE]);
      e.nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Address: '-сдвиг & <тег> "кавычки" 🚚', City: '@Home' } });
      await e.app.engine.syncOnce();
      const back = companyAddress(e, id);
      assert.equal(back?.['ADDRESS_1'], '-сдвиг & <тег> "кавычки" 🚚');
      assert.equal(back?.['CITY'], '@Home');
      assert.equal(back?.['ADDRESS_2'], address.ADDRESS_2, 'the field NAV did not change is kept');
      await quietPass();
    });

    it(`${transport}: a NAV user's rename to awkward text comes back to the company, and a Bitrix24 rename goes on to NAV`, async () => {
      const id = addCompany(e, { TITLE: 'Plain name' });
      await e.app.engine.syncOnce();
      const no = await navNoOf(e, id);
      assert.ok(no);
      e.nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Name: `=cmd|' /C calc'!A0 & <ü>` } });
      await e.app.engine.syncOnce();
      assert.equal(company(e, id)['TITLE'], `=cmd|' /C calc'!A0 & <ü>`);
      editCompany(e, id, { TITLE: '@«Переименовано» 🎉 &' });
      await e.app.engine.syncOnce();
      assert.equal(navCustomer(e, no)?.['Name'], '@«Переименовано» 🎉 &');
      await quietPass();
    });

    it(`${transport}: e-mail match keys with quotes and filter syntax look NAV up safely and link, not duplicate`, async () => {
      // NAV filters quote values ('…' in OData $filter, a SOAP filter criteria): a quote or a filter operator
      // in a key must neither break the lookup nor match another record.
      // Records on both sides before b24nav sees them, matched in one pass.
      const navBefore = navCount(e);
      const b24Before = companies(e).length;
      const existing = await e.app.nav.customers.create({ Name: "O'Brien (NAV)", E_Mail: "o'brien+ltd@example.com" });
      const other = await e.app.nav.customers.create({ Name: 'Star (NAV)', E_Mail: 'star@example.com' });
      const quote = addCompany(e, { TITLE: "O'Brien", EMAIL: [{ VALUE: "O'Brien+Ltd@Example.com", VALUE_TYPE: 'WORK' }] });
      const emails = new Map([
        [addCompany(e, { TITLE: 'Wildcard', EMAIL: [{ VALUE: '*@example.com', VALUE_TYPE: 'WORK' }] }), '*@example.com'],
        [addCompany(e, { TITLE: 'Filter operators', EMAIL: [{ VALUE: "x'|'*@example.com", VALUE_TYPE: 'WORK' }] }), "x'|'*@example.com"],
        [addCompany(e, { TITLE: 'Quote at the end', EMAIL: [{ VALUE: "star@example.com'", VALUE_TYPE: 'WORK' }] }), "star@example.com'"],
      ]);
      const report = await e.app.engine.syncOnce();
      const dead = await listJobs(e.app.store.db, { state: 'dead', limit: 20 });
      assert.equal(report.entities['customers']?.dead ?? 0, 0, JSON.stringify(dead));
      assert.equal(await navNoOf(e, quote), existing.No, 'matched by e-mail, quote and case notwithstanding');
      for (const [id, email] of emails) {
        const no = await navNoOf(e, id);
        assert.ok(no, email);
        assert.notEqual(no, other.No, `${email} matched nothing`);
        assert.equal(navCustomer(e, no)?.['E_Mail'], email.toLowerCase());
      }
      assert.equal(navCount(e), navBefore + 2 + emails.size, 'one NAV customer per unmatched company, none for the matched one');
      assert.equal(companies(e).length, b24Before + 2 + emails.size, 'the companies added, one for the unmatched NAV customer, none for the matched one');
      await quietPass();
    });
  });
}
