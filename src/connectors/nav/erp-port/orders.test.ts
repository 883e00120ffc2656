// ErpPort orders on both transports: sales orders written as one unit (header, lines,
// release) with compensation, read back with lines, totals, status, shipments and
// invoices — also after NAV deleted a fully posted order — and scans that pick up
// postings and payments.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { ErpPort } from '../../../engine/ports.ts';
import { looseDocuments } from './doc-page.ts';
import { createErpPort } from './index.ts';
import type { NavRow } from './nav-page.ts';
import type { ErpPortOptions } from './options.ts';
import { drain, failed, startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

const VAT_RATES = { values: { VAT25: 25, VAT10: 10, 'NO VAT': null }, fallback: null };
const OPTIONS: ErpPortOptions = { vatRates: VAT_RATES, localCurrency: 'GBP' };

type Line = [string, number, number, number, number | null];

/** Half away from zero of a / b for non-negative integers (exact: no binary fractions involved). */
const divRound = (a: number, b: number): number => Math.floor((a + b / 2) / b);
/** Hundredths of a value given to two decimals (a quantity, price or discount %). */
const hundredths = (n: number): number => Math.round(n * 100);

/**
 * NAV's total incl. VAT of canonical lines, in integers: per line, Line Amount =
 * quantity × price to the cent, less the discount to the cent; VAT rounded per line.
 */
function expectedTotal(lines: readonly Line[]): number {
  let cents = 0;
  for (const [, quantity, price, discount, rate] of lines) {
    const gross = divRound(hundredths(quantity) * hundredths(price), 100);
    const line = gross - divRound(gross * hundredths(discount), 10_000);
    cents += line + divRound(line * (rate ?? 0), 100);
  }
  return cents / 100;
}

/** The same when the document's prices include VAT: NAV's price is price × (1 + VAT %) (exact in 5 decimals here), and the Line Amount is the amount with VAT. */
function expectedTotalInclVat(lines: readonly Line[]): number {
  let cents = 0;
  for (const [, quantity, price, discount, rate] of lines) {
    const withVat = hundredths(price) * (100 + (rate ?? 0)) * 10; // in 1/100000
    const gross = divRound(hundredths(quantity) * withVat, 100_000);
    cents += gross - divRound(gross * hundredths(discount), 10_000);
  }
  return cents / 100;
}

async function orderNos(port: ErpPort): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of port.orders?.listIds() ?? []) ids.push(...page);
  return ids;
}

function orders(f: PortFixture): NonNullable<ErpPort['orders']> {
  const side = f.port.orders;
  assert.ok(side, 'the port offers orders');
  return side;
}

for (const transport of TRANSPORTS) {
  describe(`ErpPort orders over ${transport}`, () => {
    let f: PortFixture;
    let released: ErpPort;
    let reopening: ErpPort;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: 20, items: 40 }, port: OPTIONS });
      released = createErpPort(f.client, { ...OPTIONS, clock: f.clock, orders: { release: true } });
      reopening = createErpPort(f.client, { ...OPTIONS, clock: f.clock, orders: { release: true, onReleased: 'reopen' } });
      // Items at three VAT rates, and a customer whose prices include VAT.
      f.nav.sandbox.edit({ page: 'Item', key: { No: '1900-S' }, fields: { VAT_Prod_Posting_Group: 'VAT10' } });
      f.nav.sandbox.edit({ page: 'Item', key: { No: '70000' }, fields: { VAT_Prod_Posting_Group: 'NO VAT' } });
      f.nav.sandbox.edit({ page: 'Customer', key: { No: '30000' }, fields: { Prices_Including_VAT: true } });
    });
    after(async () => f.close());

    /** Sets Qty. to Ship on every line of an order, as a warehouse does (also on a released order). */
    async function setQtyToShip(no: string, quantity: (line: NavRow) => number): Promise<void> {
      const page = looseDocuments(f.client.salesOrders);
      const doc = await page.document({ No: no });
      assert.ok(doc);
      await page.updateLines({ No: no, version: doc.version }, doc.lines.map((l) => ({ line: { Line_No: Number(l['Line_No']), version: l.version }, changes: { Qty_to_Ship: quantity(l) } })));
    }

    const create = async (side: NonNullable<ErpPort['orders']>, ref: string, fields: Record<string, FieldValue>): Promise<SideRecord> =>
      written((await side.create([{ ref, externalId: `b24:${ref}`, fields }]))[0]);

    it('creates an order with lines at three VAT rates and discounts; reads it back to the cent', async () => {
      const lines: Line[] = [
        ['1896-S', 2, 1000.8, 5, 25],
        ['1900-S', 3, 192.78, 12.5, 10],
        ['70000', 7, 40.13, 0, null],
      ];
      const record = await create(orders(f), 'd1', { Sell_to_Customer_No: '20000', External_Document_No: '101', Order_Date: '2026-03-09', Salesperson_Code: 'JO', lines });
      assert.match(record.id, /^\d+$/);
      assert.ok(record.version);
      assert.deepEqual(record.fields['lines'], lines);
      assert.equal(record.fields['amountIncludingVat'], expectedTotal(lines));
      assert.equal(record.fields['status'], 'Open');
      assert.equal(record.fields['currency'], 'GBP');
      assert.equal(record.fields['External_Document_No'], '101');
      assert.equal(record.fields['Order_Date'], '2026-03-09');
      assert.equal(record.fields['shipments'], null);
      assert.equal(record.fields['invoices'], null);
      assert.deepEqual((await orders(f).fetch([record.id])).get(record.id), record);
    });

    it('prices including VAT: unit prices excl. VAT and the total round-trip to the cent', async () => {
      const lines: Line[] = [
        ['1896-S', 1, 999.99, 0, 25],
        ['1900-S', 3, 33.33, 7.5, 10],
        ['70000', 2, 40.01, 0, null],
        ['1928-S', 13, 0.07, 3.33, 25],
      ];
      const record = await create(orders(f), 'incl', { Sell_to_Customer_No: '30000', External_Document_No: '102', lines });
      assert.deepEqual(record.fields['lines'], lines);
      const nav = f.nav.sandbox.read('SalesOrder', { Document_Type: 'Order', No: record.id });
      assert.equal(nav?.['Prices_Including_VAT'], true);
      // NAV holds the price with VAT (999.99 → 1249.9875) and totals the lines' amounts with VAT.
      assert.equal(record.fields['amountIncludingVat'], expectedTotalInclVat(lines));
      // Posted in full and deleted by NAV, it reads the same from its posted invoice.
      assert.equal(f.nav.sandbox.postOrder({ no: record.id }).documentDeleted, true);
      const posted = (await orders(f).fetch([record.id])).get(record.id);
      assert.deepEqual(posted?.fields['lines'], lines);
      assert.equal(posted?.fields['amountIncludingVat'], record.fields['amountIncludingVat']);
    });

    it('twenty lines in one order', async () => {
      const items = ['1896-S', '1900-S', '1906-S', '1908-S', '1920-S', '1928-S', '1936-S', '1960-S', '1964-S', '1968-S'];
      const lines: Line[] = Array.from({ length: 20 }, (_, i) => [items[i % items.length] as string, i + 1, Math.round((10 + i * 1.11) * 100) / 100, i % 4 === 0 ? 2.5 : 0, items[i % items.length] === '1900-S' ? 10 : 25]);
      const { result, calls } = await f.calls.during(() => orders(f).create([{ ref: 'twenty', externalId: 'b24:twenty', fields: { Sell_to_Customer_No: '20000', External_Document_No: '103', lines } }]));
      const record = written(result[0]);
      assert.deepEqual(record.fields['lines'], lines);
      assert.equal(record.fields['amountIncludingVat'], expectedTotal(lines));
      console.log(`create of an order with 20 lines over ${transport}: ${calls} calls`);
    });

    it('blank header values on create leave NAV its defaults: the customer salesperson and terms, today as Order Date', async () => {
      const customer = (await f.port.customers.fetch(['20000'])).get('20000');
      const record = await create(orders(f), 'blank', { Sell_to_Customer_No: '20000', External_Document_No: '116', Salesperson_Code: null, Payment_Terms_Code: null, Order_Date: null, lines: [['1896-S', 1, 10, 0, 25]] });
      assert.equal(record.fields['Salesperson_Code'], customer?.fields['Salesperson_Code']);
      assert.equal(record.fields['Payment_Terms_Code'], customer?.fields['Payment_Terms_Code']);
      assert.equal(record.fields['Order_Date'], '2026-03-10');
    });

    it('a line without an item or with another VAT rate fails before anything is written', async () => {
      const before = (await orderNos(f.port)).length;
      const { result, calls } = await f.calls.during(() =>
        orders(f).create([
          { ref: 'noitem', externalId: 'x', fields: { Sell_to_Customer_No: '20000', lines: [['1896-S', 1, 10, 0, 25], [null, 1, 5, 0, 25]] } },
          { ref: 'vat', externalId: 'y', fields: { Sell_to_Customer_No: '20000', lines: [['1896-S', 1, 10, 0, 20]] } },
          { ref: 'ro', externalId: 'z', fields: { Sell_to_Customer_No: '20000', status: 'Paid' } },
        ]),
      );
      assert.equal(failed(result[0]).code, 'SYNC_LINE_WITHOUT_ITEM');
      assert.match(failed(result[0]).message, /line 2 has no item/);
      assert.equal(failed(result[1]).code, 'SYNC_VAT_MISMATCH');
      assert.match(failed(result[1]).message, /NAV charges 25 %/);
      assert.equal(failed(result[2]).code, 'SYNC_MAPPING');
      // Only the item read of the VAT check went out.
      assert.equal(calls, 1);
      assert.equal((await orderNos(f.port)).length, before);
    });

    it('compensation: a line NAV refuses deletes the order just created; the failure carries NAV code and message', async () => {
      const before = await orderNos(f.port);
      const outcome = (await orders(f).create([{ ref: 'bad', externalId: 'b', fields: { Sell_to_Customer_No: '20000', External_Document_No: '104', lines: [['1896-S', 1, 10, 0, 25], ['NO-SUCH', 1, 5, 0, null]] } }]))[0];
      const error = failed(outcome);
      assert.equal(error.kind, 'permanent');
      assert.match(error.code, /^NAV_/);
      assert.match(error.message, /NO-SUCH/);
      assert.match(error.message, /deleted again/);
      assert.deepEqual(await orderNos(f.port), before);
      const found = await orders(f).find([{ ref: 'q', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: ['104'] }] }]);
      assert.deepEqual(found[0]?.candidates[0]?.ids ?? [], []);
    });

    it('a credit-limit overrun (NAV opens a dialog a web service cannot answer) leaves no order behind', async () => {
      const before = await orderNos(f.port);
      // Deerfield (40000) has a credit limit of 1,000 in the demo data.
      const error = failed((await orders(f).create([{ ref: 'limit', externalId: 'l', fields: { Sell_to_Customer_No: '40000', External_Document_No: '112', lines: [['1896-S', 1, 100, 0, 25], ['1906-S', 10, 500, 0, 25]] } }]))[0]);
      assert.deepEqual([error.code, error.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(error.message, /Callback functions are not allowed/);
      assert.deepEqual(await orderNos(f.port), before);
    });

    it('a blocked customer: NAV refuses the header, nothing is written', async () => {
      const before = await orderNos(f.port);
      // 49633663 is blocked (All) in the demo data.
      const error = failed((await orders(f).create([{ ref: 'blocked', externalId: 'bl', fields: { Sell_to_Customer_No: '49633663', External_Document_No: '117', lines: [['1896-S', 1, 10, 0, 25]] } }]))[0]);
      assert.deepEqual([error.code, error.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(error.message, /49633663/);
      assert.deepEqual(await orderNos(f.port), before);
    });

    it('line edits while Open: changed in place, deleted, added, in order; a write that changes nothing calls no writes', async () => {
      const first = await create(orders(f), 'edit', { Sell_to_Customer_No: '20000', External_Document_No: '105', lines: [['1896-S', 1, 100, 0, 25], ['1906-S', 2, 50, 0, 25], ['1908-S', 3, 20, 0, 25]] });
      const lines: Line[] = [['1896-S', 4, 100, 10, 25], ['1908-S', 3, 21.5, 0, 25], ['1920-S', 1, 300, 0, 25]];
      const updated = written((await orders(f).update([{ ref: 'u', id: first.id, version: first.version, fields: { lines, Payment_Terms_Code: '14 DAYS' } }]))[0]);
      assert.deepEqual(updated.fields['lines'], lines);
      assert.equal(updated.fields['Payment_Terms_Code'], '14 DAYS');
      assert.equal(updated.fields['amountIncludingVat'], expectedTotal(lines));
      // The first and third lines were changed in place (their Line No. kept), the second deleted, one added.
      const doc = await looseDocuments(f.client.salesOrders).document({ No: first.id });
      assert.deepEqual(doc?.lines.map((l) => [l['Line_No'], l['No']]), [[10000, '1896-S'], [30000, '1908-S'], [40000, '1920-S']]);
      const { result, calls } = await f.calls.during(() => orders(f).update([{ ref: 'same', id: first.id, version: updated.version, fields: { lines } }]));
      assert.deepEqual(written(result[0]).fields, updated.fields);
      assert.ok(calls <= 6, `${calls} calls for a write without changes`);
      const stale = failed((await orders(f).update([{ ref: 'stale', id: first.id, version: first.version, fields: { lines: [] } }]))[0]);
      assert.deepEqual([stale.code, stale.kind], ['NAV_STALE_KEY', 'conflict']);
    });

    it('a comment line a NAV user added is neither read as a line nor removed by a write', async () => {
      const first = await create(orders(f), 'comment', { Sell_to_Customer_No: '20000', External_Document_No: '115', lines: [['1896-S', 1, 100, 0, 25]] });
      const page = looseDocuments(f.client.salesOrders);
      const doc = await page.document({ No: first.id });
      assert.ok(doc);
      await page.addLines({ No: first.id, version: doc.version }, [{ Type: '', Description: 'Deliver to the back door' }]);
      const read = (await orders(f).fetch([first.id])).get(first.id);
      assert.deepEqual(read?.fields['lines'], first.fields['lines']);
      const updated = written((await orders(f).update([{ ref: 'c', id: first.id, version: read?.version ?? null, fields: { lines: [['1896-S', 2, 100, 0, 25]] } }]))[0]);
      assert.deepEqual(updated.fields['lines'], [['1896-S', 2, 100, 0, 25]]);
      const after = await page.document({ No: first.id });
      assert.deepEqual(after?.lines.map((l) => [l['Type'], l['Description']]), [['Item', 'ATHENS Desk'], ['', 'Deliver to the back door']]);
    });

    it('compensation on update: a refused line puts the header and lines back as they were', async () => {
      const first = await create(orders(f), 'restore', { Sell_to_Customer_No: '20000', External_Document_No: '106', Payment_Terms_Code: 'CM', lines: [['1896-S', 1, 100, 0, 25], ['1906-S', 2, 50, 5, 25]] });
      const outcome = (
        await orders(f).update([{ ref: 'r', id: first.id, version: first.version, fields: { Payment_Terms_Code: '14 DAYS', lines: [['1906-S', 9, 51, 0, 25], ['NO-SUCH', 1, 1, 0, null]] } }])
      )[0];
      const error = failed(outcome);
      assert.match(error.message, /NO-SUCH/);
      assert.match(error.message, /put back as it was/);
      const after = (await orders(f).fetch([first.id])).get(first.id);
      assert.deepEqual(after?.fields['lines'], first.fields['lines']);
      assert.equal(after?.fields['Payment_Terms_Code'], 'CM');
      assert.equal(after?.fields['amountIncludingVat'], first.fields['amountIncludingVat']);
    });

    it('release: written Released; a change is then refused with NAV_ORDER_RELEASED and nothing changes', async () => {
      const side = released.orders;
      assert.ok(side);
      const record = await create(side, 'rel', { Sell_to_Customer_No: '20000', External_Document_No: '107', lines: [['1896-S', 1, 100, 0, 25]] });
      assert.equal(record.fields['status'], 'Released');
      const refused = failed((await side.update([{ ref: 'x', id: record.id, version: record.version, fields: { lines: [['1896-S', 2, 100, 0, 25]] } }]))[0]);
      assert.deepEqual([refused.code, refused.kind], ['NAV_ORDER_RELEASED', 'permanent']);
      assert.match(refused.message, /Released/);
      assert.deepEqual((await side.fetch([record.id])).get(record.id), record);
    });

    it('reopen mode: reopen, change, release; a refused line leaves it as it was, Released', async () => {
      const side = reopening.orders;
      assert.ok(side);
      const record = await create(side, 'reo', { Sell_to_Customer_No: '20000', External_Document_No: '108', lines: [['1896-S', 1, 100, 0, 25]] });
      const changed = written((await side.update([{ ref: 'c', id: record.id, version: record.version, fields: { lines: [['1896-S', 2, 100, 0, 25], ['1906-S', 1, 10, 0, 25]] } }]))[0]);
      assert.equal(changed.fields['status'], 'Released');
      assert.deepEqual(changed.fields['lines'], [['1896-S', 2, 100, 0, 25], ['1906-S', 1, 10, 0, 25]]);
      const refused = failed((await side.update([{ ref: 'd', id: record.id, version: changed.version, fields: { lines: [['NO-SUCH', 1, 1, 0, null]] } }]))[0]);
      assert.match(refused.message, /released again/);
      const after = (await side.fetch([record.id])).get(record.id);
      assert.equal(after?.fields['status'], 'Released');
      assert.deepEqual(after?.fields['lines'], changed.fields['lines']);
    });

    it('a release NAV refuses (no lines) deletes the new order', async () => {
      const side = released.orders;
      assert.ok(side);
      const before = await orderNos(f.port);
      const error = failed((await side.create([{ ref: 'empty', externalId: 'e', fields: { Sell_to_Customer_No: '20000', External_Document_No: '109', lines: [] } }]))[0]);
      assert.match(error.message, /release/);
      assert.deepEqual(await orderNos(f.port), before);
    });

    it('status through shipping, invoicing and payment; an order NAV deleted after posting still reads, and scans pick it up', async () => {
      const lines: Line[] = [['1896-S', 4, 100, 10, 25], ['1906-S', 2, 50, 0, 25]];
      const record = await create(orders(f), 'post', { Sell_to_Customer_No: '20000', External_Document_No: '110', lines });
      const start = await drain(orders(f).scanChanges(null));
      assert.match(start.cursor ?? '', /^entry:\d+$/);
      assert.ok(start.records.some((r) => r.id === record.id));
      const no = record.id;
      const read = async (): Promise<SideRecord> => {
        const found = (await orders(f).fetch([no])).get(no);
        assert.ok(found, `order ${no} reads`);
        return found;
      };

      // Ship 1 of the 4 desks only, as a warehouse would set Qty. to Ship.
      await setQtyToShip(no, (line) => (line['No'] === '1896-S' ? 1 : 0));
      const shipped = f.nav.sandbox.postOrder({ no, ship: true, invoice: false });
      let now = await read();
      assert.equal(now.fields['status'], 'PartiallyShipped');
      // 1 × 100 − 10 % = 90, + 25 % VAT = 112.50
      assert.equal(now.fields['shipments'], `${shipped.shipmentNo} 2026-03-10 112.50`);

      await setQtyToShip(no, (line) => Number(line['Quantity']) - Number(line['Quantity_Shipped']));
      f.nav.sandbox.postOrder({ no, ship: true, invoice: false });
      now = await read();
      assert.equal(now.fields['status'], 'Shipped');
      assert.equal(String(now.fields['shipments']).split('\n').length, 2);

      const posted = f.nav.sandbox.postOrder({ no, ship: false, invoice: true });
      assert.equal(posted.documentDeleted, true);
      assert.equal(f.nav.sandbox.read('SalesOrder', { Document_Type: 'Order', No: no }), undefined);
      now = await read();
      assert.equal(now.fields['status'], 'Invoiced');
      assert.deepEqual(now.fields['lines'], lines);
      assert.equal(now.fields['amountIncludingVat'], expectedTotal(lines));
      for (const field of ['External_Document_No', 'Sell_to_Customer_No', 'Order_Date', 'Salesperson_Code', 'Payment_Terms_Code', 'Shipment_Method_Code', 'currency']) {
        assert.equal(now.fields[field], record.fields[field], `${field} of the deleted order`);
      }
      assert.equal(now.fields['invoices'], `${posted.invoiceNo} 2026-03-10 ${expectedTotal(lines).toFixed(2)}`);
      assert.equal(now.version, null);
      assert.ok((await orderNos(f.port)).includes(no), 'listIds keeps the posted order');

      // The scan after the posting returns the deleted order, Invoiced.
      const afterPosting = await drain(orders(f).scanChanges(start.cursor));
      assert.equal(afterPosting.records.find((r) => r.id === no)?.fields['status'], 'Invoiced');

      f.nav.sandbox.receivePayment({ customerNo: '20000', amount: 100, appliesToInvoiceNo: posted.invoiceNo });
      assert.equal((await read()).fields['status'], 'Invoiced');
      const partly = await drain(orders(f).scanChanges(afterPosting.cursor));
      assert.equal(partly.records.find((r) => r.id === no)?.fields['status'], 'Invoiced');
      f.nav.sandbox.receivePayment({ customerNo: '20000', amount: expectedTotal(lines) - 100, appliesToInvoiceNo: posted.invoiceNo });
      const paid = await drain(orders(f).scanChanges(partly.cursor));
      assert.equal(paid.records.find((r) => r.id === no)?.fields['status'], 'Paid');
      assert.equal((await read()).fields['status'], 'Paid');
      const quiet = await drain(orders(f).scanChanges(paid.cursor));
      assert.equal(quiet.cursor, paid.cursor);
      assert.equal(quiet.records.find((r) => r.id === no), undefined);
      // A full scan has it too (a payment just before a full scan is not lost when the scan moves the cursor).
      const full = await drain(orders(f).scanChanges(null));
      assert.equal(full.records.find((r) => r.id === no)?.fields['status'], 'Paid');
      assert.equal(full.records.filter((r) => r.id === no).length, 1);
    });

    it('amounts with discounts and VAT, prices with or without VAT: 40 random orders round-trip to the cent', async () => {
      let seed = transport === 'soap' ? 7 : 11;
      const random = (): number => {
        seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const catalog: ReadonlyArray<readonly [string, number | null]> = [['1896-S', 25], ['1900-S', 10], ['70000', null], ['1906-S', 25], ['1928-S', 25]];
      const requests = Array.from({ length: 40 }, (_, n) => {
        const count = 1 + Math.floor(random() * 20);
        const lines: Line[] = Array.from({ length: count }, () => {
          const [item, rate] = catalog[Math.floor(random() * catalog.length)] as readonly [string, number | null];
          // Whole numbers of hundredths, so every value is the shortest decimal it prints as.
          const quantity = random() < 0.8 ? 1 + Math.floor(random() * 12) : (1 + Math.floor(random() * 1000)) / 100;
          const price = (1 + Math.floor(random() * 200_000)) / 100;
          const discount = random() < 0.5 ? 0 : Math.floor(random() * 5_000) / 100;
          return [item, quantity, price, discount, rate];
        });
        // 30000's prices include VAT; 20000's do not.
        return { ref: `p${n}`, externalId: `p${n}`, fields: { Sell_to_Customer_No: n % 2 === 0 ? '20000' : '30000', External_Document_No: String(500 + n), lines } };
      });
      const outcomes = await orders(f).create(requests);
      for (const [i, outcome] of outcomes.entries()) {
        const request = requests[i];
        assert.ok(request);
        const record = written(outcome);
        const lines = request.fields.lines;
        assert.deepEqual(record.fields['lines'], lines, `order ${i}: lines`);
        const expected = request.fields.Sell_to_Customer_No === '30000' ? expectedTotalInclVat(lines) : expectedTotal(lines);
        assert.equal(record.fields['amountIncludingVat'], expected, `order ${i}: total`);
      }
    });

    it('deletes an open order; an order NAV posted in full cannot be deleted; a missing one counts as deleted', async () => {
      const open = await create(orders(f), 'del', { Sell_to_Customer_No: '20000', External_Document_No: '113', lines: [['1896-S', 1, 10, 0, 25]] });
      const done = await create(orders(f), 'del2', { Sell_to_Customer_No: '20000', External_Document_No: '114', lines: [['1896-S', 1, 10, 0, 25]] });
      f.nav.sandbox.postOrder({ no: done.id });
      const outcomes = (await orders(f).delete?.([open.id, done.id, 'NO-SUCH'])) ?? [];
      assert.deepEqual(outcomes.map((o) => [o.id, o.ok]), [[open.id, true], [done.id, false], ['NO-SUCH', true]]);
      assert.match(outcomes[1] && !outcomes[1].ok ? outcomes[1].error.message : '', /posted/);
      assert.equal((await orders(f).fetch([open.id])).size, 0);
      assert.equal((await orders(f).fetch([done.id])).get(done.id)?.fields['status'], 'Invoiced');
    });

    it('a scan reads the open orders in pages with their posted documents in bulk: calls do not grow with each order', async () => {
      const { result, calls } = await f.calls.during(() => drain(orders(f).scanChanges(null)));
      const live = (await orderNos(f.port)).length;
      console.log(`full orders scan over ${transport}: ${result.records.length} orders (${live} ids), ${calls} calls`);
      assert.ok(result.records.length >= 50);
      assert.equal(new Set(result.records.map((r) => r.id)).size, result.records.length);
      assert.ok(calls <= 12, `${calls} calls`);
      const { result: again, calls: incremental } = await f.calls.during(() => drain(orders(f).scanChanges(result.cursor)));
      console.log(`incremental orders scan over ${transport}: ${again.records.length} orders, ${incremental} calls`);
      assert.ok(incremental <= 8, `${incremental} calls`);
    });

    it('finds orders by the deal id in External_Document_No', async () => {
      const record = await create(orders(f), 'find', { Sell_to_Customer_No: '20000', External_Document_No: '111', lines: [['1896-S', 1, 10, 0, 25]] });
      const found = await orders(f).find([
        { ref: 'a', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: ['111'] }] },
        { ref: 'b', lookups: [{ key: 'dealId', field: 'dealId', kind: 'code', values: ['999999'] }] },
      ]);
      assert.deepEqual(found[0]?.candidates[0]?.ids, [record.id]);
      assert.deepEqual(found[1]?.candidates[0]?.ids ?? [], []);
    });
  });
}
