// Change scans on both transports: a full scan of a seeded company of 5,000
// customers returns each once in a handful of calls (so does a batch of find);
// incremental scans read
// Last_Date_Modified >= cursor, so the whole last day is read again and older days
// are not; the cursor is the latest date seen and never later than NAV's today, with
// the customer ledger's highest entry: a posting or payment brings its customer
// (whose balance moved) into the next scan.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { createErpPort } from './index.ts';
import { drain, START, startPort, TRANSPORTS, type PortFixture } from './test-support.ts';

const CUSTOMERS = 5_000;
/** The Last_Date_Modified part of a customers cursor ("2026-03-11;entry:42"). */
const day = (cursor: string | null): string | null => (cursor === null ? null : (cursor.split(';')[0] ?? null));
const DAY = 86_400_000;

for (const transport of TRANSPORTS) {
  describe(`ErpPort change scans over ${transport}`, () => {
    let f: PortFixture;
    let fullCursor: string | null = null;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: CUSTOMERS } });
    });
    after(async () => f.close());

    it(`a full scan returns each of ${CUSTOMERS} customers once, in pages of at most 500`, async () => {
      const started = performance.now();
      const { result, calls } = await f.calls.during(() => drain(f.port.customers.scanChanges(null)));
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      console.log(`full scan over ${transport}: ${result.records.length} customers, ${calls} HTTP calls, ${result.pages} pages, ${seconds} s`);
      assert.equal(result.records.length, CUSTOMERS);
      assert.equal(new Set(result.records.map((r) => r.id)).size, CUSTOMERS);
      assert.ok(result.pages >= CUSTOMERS / 500);
      // 1,000 records a call; SOAP asks once more to learn that the last page was the last; one call for the ledger's last entry.
      assert.equal(calls, transport === 'soap' ? 7 : 6);
      const latest = result.records.map((r) => r.modifiedAt ?? '').sort().at(-1);
      assert.equal(day(result.cursor), latest);
      assert.match(result.cursor ?? '', /;entry:\d+$/);
      fullCursor = result.cursor;
      assert.ok((day(fullCursor) ?? '') < '2026-03-10', 'the seed dates every customer before today');
    });

    it('the cursor is read after the pages are exhausted, not before', async () => {
      const scan = f.port.customers.scanChanges(fullCursor);
      assert.throws(() => scan.cursor(), /after every page/);
      await drain(scan);
    });

    it('an incremental scan re-reads the whole last day and nothing older', async () => {
      // From the full scan's cursor: only the records of that last day.
      const sinceFull = await drain(f.port.customers.scanChanges(fullCursor));
      assert.ok(sinceFull.records.every((r) => (r.modifiedAt ?? '') >= (day(fullCursor) ?? '')));
      assert.equal(sinceFull.cursor, fullCursor);

      for (const no of ['10000', '20000', '30000']) f.nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { City: `Day one ${no}` } });
      await f.clock.advance(DAY); // 2026-03-11
      for (const no of ['40000', '50000']) f.nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { City: `Day two ${no}` } });

      const { result: both, calls } = await f.calls.during(() => drain(f.port.customers.scanChanges('2026-03-10')));
      assert.deepEqual(both.records.map((r) => r.id).sort(), ['10000', '20000', '30000', '40000', '50000']);
      assert.equal(both.records.find((r) => r.id === '40000')?.fields['City'], 'Day two 40000');
      assert.equal(day(both.cursor), '2026-03-11');
      // The customers by date, and the ledger's last entry.
      assert.equal(calls, 2);

      const again = await drain(f.port.customers.scanChanges(both.cursor));
      assert.deepEqual(again.records.map((r) => r.id).sort(), ['40000', '50000'], 'the last day is read again, the day before is not');
      assert.equal(day(again.cursor), '2026-03-11');

      const idle = await drain(f.port.customers.scanChanges('2026-03-12'));
      assert.deepEqual([idle.records.length, day(idle.cursor)], [0, '2026-03-12']);

      // A payment changes no customer record, only the ledger: its customer is in the next scan, nobody else.
      const before = (await f.port.customers.fetch(['30000'])).get('30000');
      f.nav.sandbox.receivePayment({ customerNo: '30000', amount: 12.34 });
      const paid = await drain(f.port.customers.scanChanges(idle.cursor));
      assert.deepEqual(paid.records.map((r) => r.id), ['30000']);
      assert.equal(paid.records[0]?.fields['Balance_LCY'], Math.round(((before?.fields['Balance_LCY'] as number) - 12.34) * 100) / 100);
      assert.notEqual(paid.cursor, idle.cursor);
      assert.deepEqual((await drain(f.port.customers.scanChanges(paid.cursor))).records, []);
    });

    it('the cursor never passes today in the NAV service time zone', async () => {
      // A port whose clock is two days behind the records' dates: its today caps the cursor.
      const behind = createErpPort(f.client, { clock: new FakeClock(START - DAY) });
      const scan = await drain(behind.customers.scanChanges('2026-03-10'));
      assert.ok(scan.records.length >= 5);
      assert.equal(day(scan.cursor), '2026-03-09');
      // At 22:00 UTC it is already the next day in Moscow.
      const moscow = createErpPort(f.client, { clock: new FakeClock(Date.UTC(2026, 2, 10, 22)), timeZone: 'Europe/Moscow' });
      assert.equal(day((await drain(moscow.customers.scanChanges('2026-03-10'))).cursor), '2026-03-11');
      assert.throws(() => createErpPort(f.client, { timeZone: 'Mars/Olympus' }), /not an IANA time zone/);
    });

    it(`find for 200 queries reads the ${CUSTOMERS} customers once`, async () => {
      const queries = Array.from({ length: 200 }, (_, i) => ({
        ref: `q${i}`,
        lookups: [
          { key: 'taxId', field: 'taxId', kind: 'vat' as const, values: [`GB${100000000 + i}`] },
          { key: 'email', field: 'email', kind: 'email' as const, values: [`info${i + 100}@example.com`] },
          { key: 'phone', field: 'phone', kind: 'phone' as const, values: [`+7916${String(1000000 + i)}`] },
        ],
      }));
      const { result, calls } = await f.calls.during(() => f.port.customers.find(queries));
      console.log(`find for 200 queries x 3 keys over ${transport} (${CUSTOMERS} customers): ${calls} calls`);
      assert.equal(calls, transport === 'soap' ? 6 : 5);
      assert.ok(result.every((r) => r.candidates[1]?.ids.length === 1));
    });

    it('refuses a cursor that is not a date', () => {
      assert.throws(() => f.port.customers.scanChanges('2026-03-10T00:00:00Z'), /YYYY-MM-DD/);
    });
  });
}
