// Values that break NAV's field lengths or types, on a real sync Bitrix24 → NAV
// through both sandboxes, NAV over OData and over SOAP. Each bad record is refused
// as a whole with SYNC_MAPPING naming the field — a dead letter, no retry — and
// nothing of it is written on either side: no NAV customer, no half-updated one,
// no NAV No. back on the company. A good record in the same pass goes through.
// Every case is listed in test/bad-input/README.md.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getLinkByB24 } from '../../src/store/index.ts';
import type { E2E } from '../e2e/setup.ts';
import { addCompany, addCompanyWithAddress, company, deadJob, editCompany, navCount, navCustomer, navNoOf, startCustomers, TRANSPORTS } from './sync-support.ts';

/** Config of the value-map cases: INDUSTRY → NAV credit limit through a map, salespeople with a code too long. */
const CONFIG = {
  entities: {
    customers: {
      valueMaps: {
        salespeople: { values: { '2': 'JO', '6': 'SALESPERSON-CODE-OF-21' }, fallback: null },
        limitClass: { values: { MANUFACTURING: 50000, IT: 'unlimited' } },
      },
      fields: [{ name: 'creditLimit', b24: 'INDUSTRY', nav: 'Credit_Limit_LCY', direction: 'b24_to_nav', owner: 'b24', fromB24: ['map:limitClass'], normalize: 'money' }],
    },
  },
};

for (const transport of TRANSPORTS) {
  describe(`bad input: values NAV cannot take, Bitrix24 → NAV over ${transport}`, () => {
    let e: E2E;
    before(async () => {
      e = await startCustomers(transport, CONFIG);
    });
    after(async () => {
      await e?.close();
    });

    /**
     * Adds the bad company and a good one, runs one pass, and checks: the bad one is a
     * dead letter SYNC_MAPPING whose message matches `names`, NAV got exactly the good
     * one, and the bad company was not written to. Returns the dead job's message.
     */
    async function refused(fields: Record<string, unknown> | (() => number), names: RegExp): Promise<string> {
      const bad = typeof fields === 'function' ? fields() : addCompany(e, fields);
      const good = addCompany(e, { TITLE: `Good neighbour of ${bad}` });
      const navBefore = navCount(e);
      const badBefore = structuredClone(company(e, bad));
      const report = await e.app.engine.syncOnce();
      assert.equal(report.entities['customers']?.dead, 1, JSON.stringify(report.entities));
      assert.equal(report.entities['customers']?.retried ?? 0, 0, 'a mapping problem is not retried');
      const dead = await deadJob(e, bad);
      assert.equal(dead?.lastError?.code, 'SYNC_MAPPING', JSON.stringify(dead?.lastError));
      const message = dead?.lastError?.message ?? '';
      assert.match(message, names);
      assert.equal(navCount(e), navBefore + 1, 'NAV got the good company only');
      assert.ok(await navNoOf(e, good), 'the good company is linked');
      assert.equal(await navNoOf(e, bad), undefined, 'the bad company is not linked');
      assert.deepEqual(company(e, bad), badBefore, 'nothing written back to the refused company');
      return message;
    }

    it(`${transport}: a company name of 51 characters (NAV Name is Text[50]) is refused naming the field and the limit`, async () => {
      const message = await refused({ TITLE: 'N'.repeat(51) }, /\bName\b/);
      assert.match(message, /50/);
    });

    it(`${transport}: a name of 25 emoji (50 UTF-16 units) is taken whole, 26 emoji (26 characters, 52 units) are refused`, async () => {
      const fits = addCompany(e, { TITLE: '😀'.repeat(25) });
      await e.app.engine.syncOnce();
      const no = await navNoOf(e, fits);
      assert.ok(no);
      assert.equal(navCustomer(e, no)?.['Name'], '😀'.repeat(25));
      await refused({ TITLE: '😀'.repeat(26) }, /\bName\b/);
    });

    it(`${transport}: a city of 31 characters (City is Text[30]) refuses the whole record, not just the city`, async () => {
      const city = 'Санкт-Петербург-Петропавловская';
      assert.equal(city.length, 31);
      await refused(() => addCompanyWithAddress(e, { TITLE: 'Long city' }, { CITY: city, ADDRESS_1: 'ул. Ленина, 1' }), /\bCity\b/);
    });

    it(`${transport}: a salesperson the value map turns into a 21-character code (Code[20]) is refused`, async () => {
      await refused({ TITLE: 'Long salesperson code', ASSIGNED_BY_ID: 6 }, /Salesperson_Code/);
    });

    it(`${transport}: a credit limit the value map turns into "unlimited" (not a number) is refused`, async () => {
      await refused({ TITLE: 'Credit limit unlimited', INDUSTRY: 'IT' }, /\bcreditLimit\b|Credit_Limit_LCY/);
    });

    it(`${transport}: a value the value map does not list, with no fallback, is refused naming the map`, async () => {
      const message = await refused({ TITLE: 'Industry not in the map', INDUSTRY: 'BANKING' }, /limitClass/);
      assert.match(message, /BANKING/);
    });

    it(`${transport}: a NUL character in the name is refused naming the character and its position`, async () => {
      const message = await refused({ TITLE: 'Null\u0000byte' }, /\bName\b/);
      assert.match(message, /position 5/);
    });

    it(`${transport}: a lone surrogate in the name is refused`, async () => {
      await refused({ TITLE: 'Half an emoji \ud83d' }, /\bName\b/);
    });

    it(`${transport}: an edit that makes a linked name too long writes nothing, not even the fields changed with it; the fix goes through`, async () => {
      const id = addCompany(e, { TITLE: 'Before the edit' });
      await e.app.engine.syncOnce();
      const no = await navNoOf(e, id);
      assert.ok(no);
      const navBefore = navCustomer(e, no);
      assert.equal(navBefore?.['Credit_Limit_LCY'], 0);
      // One edit: a name too long, and a salesperson and an industry (→ credit limit) that alone would be fine.
      editCompany(e, id, { TITLE: 'X'.repeat(60), ASSIGNED_BY_ID: 2, INDUSTRY: 'MANUFACTURING' });
      const report = await e.app.engine.syncOnce();
      assert.equal(report.entities['customers']?.dead, 1);
      assert.equal((await deadJob(e, id))?.lastError?.code, 'SYNC_MAPPING');
      assert.deepEqual(navCustomer(e, no), navBefore, 'the NAV customer is as it was: no partial write');
      assert.equal((await getLinkByB24(e.app.store.db, 'customers', String(id)))?.navKey, no, 'still linked to the same customer');
      editCompany(e, id, { TITLE: 'After the fix' });
      const fixed = await e.app.engine.syncOnce();
      assert.equal(fixed.entities['customers']?.dead ?? 0, 0);
      const after = navCustomer(e, no);
      assert.equal(after?.['Name'], 'After the fix');
      assert.equal(after?.['Salesperson_Code'], 'JO');
      assert.equal(after?.['Credit_Limit_LCY'], 50000);
    });

    it(`${transport}: after the refusals, the service still syncs and nothing was left half-done`, async () => {
      const id = addCompany(e, { TITLE: 'Still working' });
      const report = await e.app.engine.syncOnce();
      assert.equal(report.entities['customers']?.dead ?? 0, 0);
      assert.ok(await navNoOf(e, id));
    });
  });
}
