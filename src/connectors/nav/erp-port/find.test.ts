// Look-ups by match keys on both transports: values typed as NAV users type them
// ("DE 123-456-789", "Info@Example.COM", "8 (495) 123-45-67") are found by the
// normalised values the engine asks for; several hits come back as candidates;
// and a batch of 200 queries costs one read of the page, not one call per value.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { matchValue, type MatchKind, type MatchLookup } from '../../../core/match.ts';
import type { FindResult } from '../../../engine/ports.ts';
import { createErpPort } from './index.ts';
import { startPort, TRANSPORTS, type PortFixture } from './test-support.ts';

const CUSTOMERS = 1_200;

function lookup(key: string, kind: MatchKind, ...raw: string[]): MatchLookup {
  return { key, field: key, kind, values: raw.map((v) => matchValue(kind, v, { defaultRegion: 'RU' }) ?? `unusable ${v}`) };
}

function idsOf(results: readonly FindResult[], ref: string, key: string): readonly string[] | undefined {
  return results.find((r) => r.ref === ref)?.candidates.find((c) => c.key === key)?.ids;
}

for (const transport of TRANSPORTS) {
  describe(`ErpPort find over ${transport}`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: CUSTOMERS } });
      const edit = (no: string, fields: Record<string, string>): void => void f.nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields });
      edit('10000', { VAT_Registration_No: 'DE 123-456-789', E_Mail: 'Info@Cannon.Example.COM', Phone_No: '8 (495) 123-45-67' });
      edit('20000', { VAT_Registration_No: 'de123456789', Phone_No: '+7 495 765-43-21' });
      edit('30000', { VAT_Registration_No: 'RU 7707083893', Phone_No: '+7 (495) 123-45-67 доб. 12' });
      edit('40000', { E_Mail: 'info@cannon.example.com' });
    });
    after(async () => f.close());

    it('finds by VAT with formatting differences, e-mail in any case, phone as E.164; several hits are all returned', async () => {
      const results = await f.port.customers.find([
        { ref: 'vat', lookups: [lookup('taxId', 'vat', 'DE123456789')] },
        { ref: 'email', lookups: [lookup('email', 'email', 'INFO@cannon.example.com')] },
        { ref: 'phone', lookups: [lookup('phone', 'phone', '+74951234567')] },
        { ref: 'inn', lookups: [lookup('inn', 'inn', '7707083893'), lookup('taxId', 'vat', '7707083893')] },
        { ref: 'none', lookups: [lookup('taxId', 'vat', 'FR999999999'), lookup('email', 'email', 'nobody@example.org')] },
        { ref: 'name', lookups: [lookup('name', 'text', '  The Cannon   Group PLC ')] },
      ]);
      // 49633663 Autohaus Mielberg KG has DE123456789 in the demo data.
      assert.deepEqual(idsOf(results, 'vat', 'taxId'), ['10000', '20000', '49633663']);
      assert.deepEqual(idsOf(results, 'email', 'email'), ['10000', '40000']);
      // "8 (495) 123-45-67" and "+7 (495) 123-45-67 доб. 12" (an extension) are both +74951234567.
      assert.deepEqual(idsOf(results, 'phone', 'phone'), ['10000', '30000']);
      assert.deepEqual(idsOf(results, 'inn', 'inn'), ['30000']);
      assert.deepEqual(idsOf(results, 'inn', 'taxId'), ['30000']);
      assert.deepEqual(results.find((r) => r.ref === 'none')?.candidates, [{ key: 'taxId', ids: [] }, { key: 'email', ids: [] }]);
      assert.deepEqual(idsOf(results, 'name', 'name'), ['10000']);
    });

    it('keeps the order of lookups per query, as the engine decides by the first key with hits', async () => {
      const [result] = await f.port.customers.find([{ ref: 'q', lookups: [lookup('taxId', 'vat', 'DE 123 456 789'), lookup('email', 'email', 'info@cannon.example.com'), lookup('phone', 'phone', '84951234567')] }]);
      assert.deepEqual(result?.candidates.map((c) => c.key), ['taxId', 'email', 'phone']);
    });

    it(`200 queries with three keys each cost one read of the page (${CUSTOMERS} customers), not 600 calls`, async () => {
      const queries = Array.from({ length: 200 }, (_, i) => ({
        ref: `q${i}`,
        lookups: [lookup('taxId', 'vat', `GB${100000000 + i * 7}`), lookup('email', 'email', `info${i + 1}@example.com`), lookup('phone', 'phone', `+7 916 000-${String(1000 + i)}`)],
      }));
      const { result, calls } = await f.calls.during(() => f.port.customers.find(queries));
      console.log(`find for 200 queries x 3 keys over ${transport} (${CUSTOMERS} customers): ${calls} calls`);
      assert.equal(calls, 2);
      // The seed's e-mails are info<n>@example.com: the n-th customer is found by query n-1.
      assert.equal(idsOf(result, 'q10', 'email')?.length, 1);
      assert.equal(result.length, 200);
    });

    it('products: item numbers are found with IN-filters on No, 100 to a call', async () => {
      const nos: string[] = [];
      for await (const page of f.port.products.listIds()) nos.push(...page);
      const queries = nos.map((no, i) => ({ ref: `i${i}`, lookups: [lookup('itemNo', 'code', no.toLowerCase())] }));
      const { result, calls } = await f.calls.during(() => f.port.products.find(queries));
      assert.ok(result.every((r, i) => r.candidates[0]?.ids[0] === nos[i]));
      assert.equal(calls, Math.ceil(nos.length / 100));
    });

    it('a match key with no field on the page finds nothing; a configured field that does not exist fails at start', async () => {
      const [result] = await f.port.products.find([{ ref: 'p', lookups: [lookup('email', 'email', 'a@b.com')] }]);
      assert.deepEqual(result?.candidates, [{ key: 'email', ids: [] }]);
      assert.throws(() => createErpPort(f.client, { matchFields: { customers: { taxId: 'Tax_Code' } } }), /matchFields\.customers\.taxId: Tax_Code is not a field of NAV page Customer/);
    });

    it('a configured field decides where a key is looked up', async () => {
      const configured = createErpPort(f.client, { matchFields: { customers: { account: 'Name' } } });
      const [result] = await configured.customers.find([{ ref: 'c', lookups: [lookup('account', 'text', 'Selangorian Ltd.')] }]);
      assert.deepEqual(result?.candidates, [{ key: 'account', ids: ['20000'] }]);
    });
  });
}
