// One suite for the NAV client, whatever the transport and authentication: it
// only talks to the client, so it could run against a real NAV by changing the
// URL. What NAV users do (posting, payments) comes from `actions`, which the
// sandbox provides.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSyncError } from '../../core/failure.ts';
import type { NavClient } from './client.ts';

export interface UserActions {
  postOrder(no: string): Promise<{ invoiceNo?: string | undefined; shipmentNo?: string | undefined }>;
  receivePayment(customerNo: string, amount: number, invoiceNo: string): Promise<void>;
}

export interface SuiteTarget {
  readonly client: (company?: string) => NavClient;
  readonly actions: UserActions;
  readonly company: string;
  readonly secondCompany: string;
  close(): Promise<void>;
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; kind: string; message: string; json: string }> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isSyncError(error), `expected a SyncError, got ${String(error)}`);
    return { code: error.code, kind: error.kind, message: error.message, json: JSON.stringify(error.toJSON()) };
  }
  throw new assert.AssertionError({ message: 'expected the call to fail' });
}

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ rows: T[]; pages: number }> {
  const rows: T[] = [];
  let count = 0;
  for await (const page of pages) {
    rows.push(...page);
    count++;
  }
  return { rows, pages: count };
}

export function navClientSuite(label: string, setup: () => Promise<SuiteTarget>): void {
  void describe(label, () => {
    let target: SuiteTarget;
    let nav: NavClient;
    before(async () => {
      target = await setup();
      nav = target.client();
    });
    after(async () => {
      await nav.close();
      await target.close();
    });

    void it('lists the companies (SystemService)', async () => {
      assert.ok((await nav.companies()).includes(target.company));
    });

    void it('reads a customer by key; a missing one is undefined', async () => {
      const cannon = await nav.customers.read({ No: '10000' });
      assert.equal(cannon?.Name, 'The Cannon Group PLC');
      assert.equal(cannon?.Blocked, '');
      assert.equal(typeof cannon?.Balance_LCY, 'number');
      assert.equal(typeof cannon?.Combine_Shipments, 'boolean');
      assert.match(cannon?.Last_Date_Modified ?? '', /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(cannon?.version);
      assert.equal(await nav.customers.read({ No: 'NO-SUCH' }), undefined);
    });

    void it('pages through all customers in key order', async () => {
      const { rows, pages } = await collect(nav.customers.pages({ pageSize: 4 }));
      assert.ok(rows.length >= 11);
      assert.ok(pages >= 1);
      const nos = rows.map((r) => r.No);
      assert.deepEqual([...nos].sort(), nos);
      assert.equal(new Set(nos).size, nos.length);
    });

    void it('filters: eq, in, ranges, startsWith, contains, dates', async () => {
      const pick = async (where: Parameters<NavClient['customers']['all']>[0]): Promise<string[]> => {
        const out: string[] = [];
        for await (const c of nav.customers.all(where)) out.push(c.No);
        return out;
      };
      assert.deepEqual(await pick({ where: { No: { eq: '20000' } } }), ['20000']);
      assert.deepEqual(await pick({ where: { No: { in: ['40000', '50000'] } } }), ['40000', '50000']);
      assert.deepEqual(await pick({ where: { No: { ge: '10000', le: '30000' } } }), ['10000', '20000', '30000']);
      assert.deepEqual(await pick({ where: { Name: { startsWith: "Spotsmeyer's" } } }), ['01121212']);
      assert.deepEqual(await pick({ where: { Name: { contains: 'Haddock' }, Country_Region_Code: { eq: 'GB' } } }), ['30000']);
      assert.deepEqual(await pick({ where: { Blocked: { eq: 'All' } } }), ['49633663']);
      const recent = await pick({ where: { Last_Date_Modified: { ge: '2000-01-01', le: '2999-12-31' } } });
      assert.ok(recent.length >= 11);
      assert.deepEqual(await pick({ where: { Last_Date_Modified: { gt: '2999-12-31' } } }), []);
    });

    void it('selects fields (OData $select; SOAP sends all of them)', async () => {
      for await (const page of nav.customers.pages({ select: ['Name'], where: { No: { eq: '10000' } } })) {
        assert.equal(page[0]?.Name, 'The Cannon Group PLC');
        assert.equal(page[0]?.No, '10000');
      }
    });

    void it('creates with the next number, updates only what changes, refuses a stale version, deletes', async () => {
      const created = await nav.customers.create({ Name: `Suite ${label}`, City: 'Leeds', Phone_No: '111', Salesperson_Code: 'jo', Payment_Terms_Code: '14 DAYS' });
      assert.match(created.No, /^C\d+$/);
      assert.equal(created.Salesperson_Code, 'JO');
      const updated = await nav.customers.update(created, { City: 'York', Phone_No: '' });
      assert.equal(updated.Name, `Suite ${label}`);
      assert.equal(updated.City, 'York');
      assert.equal(updated.Phone_No, '');
      assert.notEqual(updated.version, created.version);
      const stale = await failure(nav.customers.update(created, { City: 'Hull' }));
      assert.deepEqual([stale.code, stale.kind], ['NAV_STALE_KEY', 'conflict']);
      await nav.customers.delete(updated);
      assert.equal(await nav.customers.read({ No: created.No }), undefined);
      const gone = await failure(nav.customers.update(updated, { City: 'X' }));
      assert.deepEqual([gone.code, gone.kind], ['NAV_NOT_FOUND', 'permanent']);
    });

    void it('classifies duplicates as conflicts and NAV validation as permanent with NAV\'s message', async () => {
      const duplicate = await failure(nav.customers.create({ No: '10000', Name: 'Again' }));
      assert.deepEqual([duplicate.code, duplicate.kind], ['NAV_DUPLICATE', 'conflict']);
      assert.match(duplicate.message, /The Customer already exists/);
      const long = await failure(nav.customers.create({ Name: 'N'.repeat(51) }));
      assert.deepEqual([long.code, long.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(long.message, /^The length of the string is 51, but it must be less than or equal to 50 characters/);
      const code = await failure(nav.customers.create({ Name: 'X', Salesperson_Code: 'ZZ' }));
      assert.equal(code.code, 'NAV_VALIDATION');
      assert.match(code.message, /cannot be found in the related table \(Salesperson\/Purchaser\)/);
    });

    void it('creates many at once', async () => {
      const created = await nav.customers.createMany([1, 2, 3, 4, 5].map((i) => ({ Name: `Batch ${i}`, City: 'Bath' })));
      assert.deepEqual(created.map((c) => c.Name), ['Batch 1', 'Batch 2', 'Batch 3', 'Batch 4', 'Batch 5']);
      assert.equal(new Set(created.map((c) => c.No)).size, 5);
    });

    void it('reads items with inventory, stock per location and the reference pages', async () => {
      const desk = await nav.items.read({ No: '1896-S' });
      assert.equal(desk?.Description, 'ATHENS Desk');
      assert.equal(desk?.Base_Unit_of_Measure, 'PCS');
      assert.equal(typeof desk?.Inventory, 'number');
      let stock = 0;
      for await (const row of nav.itemStock.all({ where: { Item_No: { eq: '1896-S' } } })) stock += row.Inventory;
      assert.equal(stock, desk?.Inventory);
      const count = async (pages: AsyncIterable<unknown[]>): Promise<number> => (await collect(pages)).rows.length;
      assert.ok((await count(nav.locations.pages())) >= 5);
      assert.ok((await count(nav.unitsOfMeasure.pages())) >= 3);
      assert.ok((await count(nav.itemCategories.pages())) >= 3);
      assert.ok((await count(nav.salespersons.pages())) >= 3);
      assert.ok((await count(nav.paymentTerms.pages())) >= 3);
      assert.ok((await count(nav.currencies.pages())) >= 2);
      const terms = await nav.paymentTerms.read({ Code: '14 DAYS' });
      assert.equal(terms?.Due_Date_Calculation, '14D');
    });

    void it('creates a contact and an item', async () => {
      const contact = await nav.contacts.create({ Type: 'Person', Name: 'Ann Example', E_Mail: 'ann@example.com' });
      assert.match(contact.No, /^CT/);
      const bad = await failure(nav.contacts.create({ Name: 'B', E_Mail: 'not an address' }));
      assert.equal(bad.code, 'NAV_VALIDATION');
      const item = await nav.items.create({ Description: 'Suite Chair', Base_Unit_of_Measure: 'PCS', Unit_Price: 100, Unit_Cost: 60, Gen_Prod_Posting_Group: 'RETAIL' });
      assert.equal(item.Profit_Percent, 40);
      assert.equal(item.Sales_Unit_of_Measure, 'PCS');
    });

    void it('handles a sales order: header, lines added, changed and deleted, release and reopen', async () => {
      const header = await nav.salesOrders.create({ Sell_to_Customer_No: '20000', External_Document_No: 'B24-DEAL-1' });
      assert.equal(header.Sell_to_Customer_Name, 'Selangorian Ltd.');
      assert.equal(header.Status, 'Open');
      const withLines = await nav.salesOrders.addLines(header, [
        { Type: 'Item', No: '1900-S', Quantity: 2 },
        { Type: 'Item', No: '1908-S', Quantity: 1, Unit_Price: 200 },
      ]);
      assert.deepEqual(withLines.lines.map((l) => [l.Line_No, l.No, l.Quantity, l.Line_Amount]), [
        [10000, '1900-S', 2, 385.6],
        [20000, '1908-S', 1, 200],
      ]);
      const first = withLines.lines[0];
      assert.ok(first);
      const changed = await nav.salesOrders.updateLines(withLines, [{ line: first, changes: { Quantity: 5 } }]);
      assert.equal(changed.lines[0]?.Quantity, 5);
      const second = changed.lines[1];
      assert.ok(second);
      await nav.salesOrders.deleteLine(changed, second);
      const reread = await nav.salesOrders.document({ No: header.No });
      assert.deepEqual(reread?.lines.map((l) => l.No), ['1900-S']);
      await nav.releaseSalesOrder(header.No);
      const released = await nav.salesOrders.document({ No: header.No });
      assert.equal(released?.Status, 'Released');
      assert.ok(released);
      const locked = await failure(nav.salesOrders.addLines(released, [{ Type: 'Item', No: '1928-S', Quantity: 1 }]));
      assert.equal(locked.code, 'NAV_VALIDATION');
      assert.match(locked.message, /^Status must be equal to 'Open'/);
      await nav.reopenSalesOrder(header.No);
      const reopened = await nav.salesOrders.document({ No: header.No });
      assert.equal(reopened?.Status, 'Open');
      assert.ok(reopened);
      await nav.salesOrders.delete(reopened);
      assert.equal(await nav.salesOrders.document({ No: header.No }), undefined);
    });

    void it('refuses document numbers typed by the caller and unknown items', async () => {
      const manual = await failure(nav.salesOrders.create({ No: 'X-1', Sell_to_Customer_No: '20000' }));
      assert.match(manual.message, /^You may not enter numbers manually/);
      const header = await nav.salesOrders.create({ Sell_to_Customer_No: '20000' });
      const unknown = await failure(nav.salesOrders.addLines(header, [{ Type: 'Item', No: 'NO-SUCH', Quantity: 1 }]));
      assert.deepEqual([unknown.code, unknown.kind], ['NAV_VALIDATION', 'permanent']);
      const release = await failure(nav.releaseSalesOrder(header.No));
      assert.match(release.message, /^There is nothing to release/);
    });

    void it('reads what posting made: invoices and shipments with lines, ledger entries, closed after payment', async () => {
      const header = await nav.salesOrders.create({ Sell_to_Customer_No: '10000' });
      await nav.salesOrders.addLines(header, [{ Type: 'Item', No: '1960-S', Quantity: 2 }]);
      const { invoiceNo, shipmentNo } = await target.actions.postOrder(header.No);
      assert.ok(invoiceNo && shipmentNo);
      const invoice = await nav.postedSalesInvoices.document({ No: invoiceNo });
      assert.equal(invoice?.Order_No, header.No);
      assert.deepEqual(invoice?.lines.map((l) => [l.No, l.Quantity]), [['1960-S', 2]]);
      assert.equal(invoice?.Closed, false);
      const shipment = await nav.postedSalesShipments.document({ No: shipmentNo });
      assert.equal(shipment?.lines.length, 1);
      const open: number[] = [];
      for await (const e of nav.custLedgerEntries.all({ where: { Document_No: { eq: invoiceNo } } })) open.push(e.Remaining_Amount);
      assert.deepEqual(open, [invoice?.Amount_Including_VAT]);
      await target.actions.receivePayment('10000', invoice?.Amount_Including_VAT ?? 0, invoiceNo);
      const paid = await nav.postedSalesInvoices.read({ No: invoiceNo });
      assert.deepEqual([paid?.Closed, paid?.Remaining_Amount], [true, 0]);
      for await (const e of nav.custLedgerEntries.all({ where: { Document_No: { eq: invoiceNo } } })) assert.equal(e.Open, false);
      const docs = await collect(nav.postedSalesInvoices.documents({ where: { Sell_to_Customer_No: { eq: '10000' } } }));
      assert.ok(docs.rows.every((d) => d.lines.length > 0));
    });

    void it('reads the second company with Cyrillic names', async () => {
      const russian = target.client(target.secondCompany);
      try {
        const customer = await russian.customers.read({ No: 'К00010' });
        assert.equal(customer?.Name, 'ООО «Ромашка»');
        assert.match(customer?.VAT_Registration_No ?? '', /^\d{10}$/);
        const created = await russian.customers.create({ Name: 'ООО «Тест & Ко»', City: 'Москва' });
        assert.equal((await russian.customers.read({ No: created.No }))?.Name, 'ООО «Тест & Ко»');
      } finally {
        await russian.close();
      }
    });

    void it('keeps many parallel calls within its concurrency bound and answers them all', async () => {
      const reads = await Promise.all(Array.from({ length: 60 }, (_, i) => nav.items.read({ No: ['1896-S', '1900-S', '1908-S'][i % 3] ?? '1896-S' })));
      assert.ok(reads.every((r) => r !== undefined));
    });
  });
}
