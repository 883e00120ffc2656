// ErpPort invoices on both transports: posted sales invoices with their lines,
// amounts, payments from the customer ledger and credit memos applied to them, and
// scans that pick up new invoices, payments (named or applied to the oldest) and
// credit memos by the ledger cursor.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SideRecord } from '../../../core/record.ts';
import type { ErpPort } from '../../../engine/ports.ts';
import { looseDocuments } from './doc-page.ts';
import { drain, failed, startPort, TRANSPORTS, type PortFixture } from './test-support.ts';

const OPTIONS = { vatRates: { values: { VAT25: 25, VAT10: 10, 'NO VAT': null }, fallback: null }, localCurrency: 'GBP' };

for (const transport of TRANSPORTS) {
  describe(`ErpPort invoices over ${transport}`, () => {
    let f: PortFixture;
    let side: NonNullable<ErpPort['invoices']>;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: 20, items: 40 }, port: OPTIONS });
      assert.ok(f.port.invoices, 'the port offers invoices');
      side = f.port.invoices;
    });
    after(async () => f.close());

    /** An order written through the port and posted in full: its invoice No. */
    async function postedOrder(customer: string, deal: string, lines: ReadonlyArray<readonly [string, number, number, number, number | null]>): Promise<{ orderNo: string; invoiceNo: string }> {
      const outcome = (await f.port.orders?.create([{ ref: deal, externalId: deal, fields: { Sell_to_Customer_No: customer, External_Document_No: deal, Payment_Terms_Code: '14 DAYS', lines } }]))?.[0];
      assert.ok(outcome?.ok, outcome && !outcome.ok ? outcome.error.message : 'no outcome');
      const posted = f.nav.sandbox.postOrder({ no: outcome.record.id });
      assert.ok(posted.invoiceNo);
      return { orderNo: outcome.record.id, invoiceNo: posted.invoiceNo };
    }

    async function read(no: string): Promise<SideRecord> {
      const found = (await side.fetch([no])).get(no);
      assert.ok(found, `invoice ${no} reads`);
      return found;
    }

    it('reads a posted invoice: order, dates, currency, amounts, VAT, lines with descriptions, nothing paid', async () => {
      const { orderNo, invoiceNo } = await postedOrder('20000', '201', [['1896-S', 2, 100, 10, 25], ['1906-S', 1, 33.33, 0, 25]]);
      const record = await read(invoiceNo);
      // 180 + 33.33 = 213.33; VAT 45 + 8.33 (8.3325 rounded per line) = 53.33
      assert.deepEqual(record.fields, {
        No: invoiceNo,
        Sell_to_Customer_No: '20000',
        External_Document_No: '201',
        Order_No: orderNo,
        Posting_Date: '2026-03-10',
        Due_Date: '2026-03-24',
        currency: 'GBP',
        amountDue: 266.66,
        vatAmount: 53.33,
        lines: [
          ['1896-S', 2, 100, 10, 25, 'ATHENS Desk'],
          ['1906-S', 1, 33.33, 0, 25, 'ATHENS Mobile Pedestal'],
        ],
        payments: [0, 266.66],
        creditMemos: null,
        status: 'Open',
      });
      assert.ok(record.version);
      assert.equal((await side.fetch(['NO-SUCH'])).size, 0);
    });

    it('payments: partial then full, each picked up by the next scan through the ledger cursor', async () => {
      const { invoiceNo } = await postedOrder('20000', '202', [['1896-S', 1, 200, 0, 25]]);
      const first = await drain(side.scanChanges(null));
      assert.equal(first.records.find((r) => r.id === invoiceNo)?.fields['status'], 'Open');
      f.nav.sandbox.receivePayment({ customerNo: '20000', amount: 100, appliesToInvoiceNo: invoiceNo });
      const partly = await drain(side.scanChanges(first.cursor));
      assert.deepEqual(partly.records.map((r) => r.id), [invoiceNo]);
      assert.equal(partly.records[0]?.fields['status'], 'PartiallyPaid');
      assert.deepEqual(partly.records[0]?.fields['payments'], [100, 150]);
      f.nav.sandbox.receivePayment({ customerNo: '20000', amount: 150, appliesToInvoiceNo: invoiceNo });
      const paid = await drain(side.scanChanges(partly.cursor));
      assert.deepEqual(paid.records.map((r) => [r.id, r.fields['status'], r.fields['payments']]), [[invoiceNo, 'Paid', [250, 0]]]);
      const quiet = await drain(side.scanChanges(paid.cursor));
      assert.deepEqual(quiet.records, []);
      assert.equal(quiet.cursor, paid.cursor);
    });

    it('a payment applied to the oldest invoices (no invoice named) reaches every invoice it settled', async () => {
      // 10000 (The Cannon Group) applies payments to the oldest open invoices.
      const a = await postedOrder('10000', '203', [['1928-S', 1, 40, 0, 25]]);
      const b = await postedOrder('10000', '204', [['1928-S', 2, 40, 0, 25]]);
      const start = await drain(side.scanChanges(null));
      const open = start.records.filter((r) => r.fields['Sell_to_Customer_No'] === '10000' && r.fields['status'] !== 'Paid').map((r) => r.id);
      const owed = start.records.filter((r) => open.includes(r.id)).reduce((sum, r) => sum + Math.round(((r.fields['payments'] as number[])[1] ?? 0) * 100), 0) / 100;
      // Everything but 50 of the newest one.
      f.nav.sandbox.receivePayment({ customerNo: '10000', amount: Math.round((owed - 50) * 100) / 100 });
      const after = await drain(side.scanChanges(start.cursor));
      const byId = new Map(after.records.map((r) => [r.id, r]));
      assert.equal(byId.get(a.invoiceNo)?.fields['status'], 'Paid');
      // Every invoice the payment touched is in the scan, as NAV now has it; 50 is left on the last one by due date.
      const now = await side.fetch(open);
      let left = 0;
      for (const id of open) {
        const current = now.get(id);
        assert.ok(current);
        assert.notEqual(current.fields['status'], 'Open', `invoice ${id} was paid (at least in part)`);
        assert.deepEqual(byId.get(id)?.fields, current.fields, `the scan returns invoice ${id} as it is now`);
        left += (current.fields['payments'] as number[])[1] ?? 0;
      }
      assert.equal(Math.round(left * 100) / 100, 50);
      assert.ok(open.includes(b.invoiceNo));
    });

    it('a credit memo makes the invoice Credited with nothing due, listed in creditMemos; the scan picks it up', async () => {
      const { invoiceNo } = await postedOrder('20000', '205', [['1900-S', 4, 25, 0, 25]]);
      const start = await drain(side.scanChanges(null));
      const { creditMemoNo } = f.nav.sandbox.postCreditMemo({ invoiceNo });
      const after = await drain(side.scanChanges(start.cursor));
      const record = after.records.find((r) => r.id === invoiceNo);
      assert.ok(record, 'the credited invoice is in the scan');
      assert.equal(record.fields['status'], 'Credited');
      assert.equal(record.fields['amountDue'], 0);
      assert.equal(record.fields['vatAmount'], 0);
      assert.deepEqual(record.fields['payments'], [0, 0]);
      assert.equal(record.fields['creditMemos'], `${creditMemoNo} 2026-03-10 125.00`);
    });

    it('an invoice posted without an order has no Order_No', async () => {
      const page = looseDocuments(f.client.salesInvoices);
      const header = await page.create({ Sell_to_Customer_No: '20000' });
      await page.addLines({ No: String(header['No']), version: header.version }, [{ Type: 'Item', No: '1928-S', Quantity: 3, Unit_Price: 10 }]);
      const posted = f.nav.sandbox.postOrder({ no: String(header['No']), documentType: 'Invoice' });
      assert.ok(posted.invoiceNo);
      const record = await read(posted.invoiceNo);
      assert.equal(record.fields['Order_No'], null);
      assert.equal(record.fields['amountDue'], 37.5);
    });

    it('is read only: creates and updates fail without a call', async () => {
      const { result, calls } = await f.calls.during(async () => [
        ...(await side.create([{ ref: 'c', externalId: 'x', fields: { No: 'X' } }])),
        ...(await side.update([{ ref: 'u', id: 'X', version: null, fields: { No: 'Y' } }])),
      ]);
      assert.equal(calls, 0);
      for (const outcome of result) assert.equal(failed(outcome).code, 'SYNC_MAPPING');
      const paths = await side.fieldPaths();
      assert.ok(paths.every((p) => !p.writable));
    });
  });
}
