// What NAV users do, through the admin API and its programmatic twin, and the
// real effects a sync must see: posted documents, ledger entries, inventory,
// closed entries after a payment, new Keys and dates after an edit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { startNavSandbox, type RunningNavSandbox } from './index.ts';

const COMPANY = 'CRONUS International Ltd.';
type Json = Record<string, unknown>;

let nav: RunningNavSandbox;
let clock: FakeClock;
let admin: string;

async function odata(path: string): Promise<Json> {
  return (await (await fetch(`${nav.odataUrl(COMPANY)}/${path}`)).json()) as Json;
}

async function post(action: string, body: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(`${admin}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Json };
}

async function createOrder(customerNo: string, lines: ReadonlyArray<readonly [string, number]>): Promise<string> {
  const header = (await (await fetch(`${nav.odataUrl(COMPANY)}/SalesOrder`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Sell_to_Customer_No: customerNo }) })).json()) as Json;
  const no = String(header['No']);
  for (const [item, quantity] of lines) {
    const response = await fetch(`${nav.odataUrl(COMPANY)}/SalesOrder(Document_Type='Order',No='${no}')/SalesOrderSalesLines`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Type: 'Item', No: item, Quantity: quantity }),
    });
    assert.equal(response.status, 201);
  }
  return no;
}

const inventory = async (item: string): Promise<number> => Number((await odata(`Item('${item}')`))['Inventory']);
const balance = async (customer: string): Promise<number> => Number((await odata(`Customer('${customer}')`))['Balance_LCY']);

before(async () => {
  clock = new FakeClock(Date.UTC(2026, 0, 15, 9));
  nav = await startNavSandbox({ port: 0, auth: 'none', clock });
  admin = `${new URL(nav.baseUrl).origin}/_sandbox`;
});
after(() => nav.close());

describe('post-order: ship and invoice', () => {
  it('makes a posted shipment and invoice, a customer ledger entry, lowers inventory and deletes the fully posted order', async () => {
    const no = await createOrder('20000', [['1908-S', 2], ['1928-S', 3]]);
    const stockBefore = await inventory('1908-S');
    const balanceBefore = await balance('20000');
    const { status, json } = await post('post-order', { no });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json['documentDeleted'], true);
    const invoiceNo = String(json['invoiceNo']);
    assert.match(invoiceNo, /^1030\d\d$/);
    assert.match(String(json['shipmentNo']), /^1020\d\d$/);

    assert.equal((await fetch(`${nav.odataUrl(COMPANY)}/SalesOrder(Document_Type='Order',No='${no}')`)).status, 404, 'NAV deletes a fully posted order');
    const invoice = await odata(`PostedSalesInvoices('${invoiceNo}')?$expand=PostedSalesInvoicesSalesInvLines`);
    assert.equal(invoice['Order_No'], no);
    assert.equal(invoice['Sell_to_Customer_No'], '20000');
    const lines = invoice['PostedSalesInvoicesSalesInvLines'] as Json[];
    assert.deepEqual(lines.map((l) => [l['No'], l['Quantity']]), [['1908-S', 2], ['1928-S', 3]]);
    const amount = Number(invoice['Amount']);
    assert.equal(amount, 544.9, '2 × 190.10 + 3 × 54.90');
    assert.equal(Number(invoice['Amount_Including_VAT']), Math.round(amount * 1.25 * 100) / 100);
    assert.equal(invoice['Closed'], false);
    assert.equal(invoice['Due_Date'], '2026-01-29', 'payment terms 14 DAYS of customer 20000');

    const entries = await odata(`CustLedgerEntries?$filter=Document_No eq '${invoiceNo}'`);
    const entry = (entries['value'] as Json[])[0] ?? {};
    assert.equal(entry['Document_Type'], 'Invoice');
    assert.equal(entry['Open'], true);
    assert.equal(entry['Remaining_Amount'], invoice['Amount_Including_VAT']);
    assert.equal(await inventory('1908-S'), stockBefore - 2);
    assert.equal(await balance('20000'), Math.round((balanceBefore + Number(invoice['Amount_Including_VAT'])) * 100) / 100);
    const shipment = await odata(`PostedSalesShipments('${String(json['shipmentNo'])}')?$expand=PostedSalesShipmentsSalesShipmLines`);
    assert.equal((shipment['PostedSalesShipmentsSalesShipmLines'] as Json[]).length, 2);
  });

  it('ships only when asked: the order stays, with quantities shipped', async () => {
    const no = await createOrder('30000', [['1900-S', 4]]);
    const result = nav.sandbox.postOrder({ no, invoice: false });
    assert.equal(result.invoiceNo, undefined);
    assert.equal(result.documentDeleted, false);
    const order = await odata(`SalesOrder(Document_Type='Order',No='${no}')?$expand=SalesOrderSalesLines`);
    assert.equal(order['Status'], 'Released', 'posting releases an open order');
    const line = (order['SalesOrderSalesLines'] as Json[])[0] ?? {};
    assert.deepEqual([line['Quantity_Shipped'], line['Qty_to_Ship'], line['Qty_to_Invoice']], [4, 0, 4]);
  });

  it('refuses what NAV refuses: nothing to post, a customer without posting groups; bad input names the field', async () => {
    const shipped = await createOrder('30000', [['1900-S', 1]]);
    nav.sandbox.postOrder({ no: shipped, invoice: false });
    const nothing = await post('post-order', { no: shipped, invoice: false });
    assert.equal(nothing.status, 400);
    assert.equal(nothing.json['error_description'], 'There is nothing to post.');
    const created = await (await fetch(`${nav.odataUrl(COMPANY)}/Customer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Name":"No Groups Ltd."}' })).json() as Json;
    const bare = await createOrder(String(created['No']), [['1900-S', 1]]);
    const groups = await post('post-order', { no: bare });
    assert.equal(groups.json['error_description'], `Customer Posting Group must have a value in Customer: No.=${String(created['No'])}. It cannot be zero or empty.`);
    const bad = await post('post-order', { no: '' });
    assert.equal(bad.json['error'], 'INVALID_INPUT');
  });
});

describe('receive-payment', () => {
  it('applies to the invoice named and closes both entries; the invoice shows Closed and no remaining amount', async () => {
    const no = await createOrder('10000', [['1960-S', 1]]);
    const { invoiceNo } = nav.sandbox.postOrder({ no });
    const invoice = await odata(`PostedSalesInvoices('${String(invoiceNo)}')`);
    const amount = Number(invoice['Amount_Including_VAT']);
    const before = await balance('10000');
    const { status, json } = await post('receive-payment', { customerNo: '10000', amount, appliesToInvoiceNo: invoiceNo });
    assert.equal(status, 200, JSON.stringify(json));
    assert.deepEqual(json['applied'], [{ documentNo: invoiceNo, amount }]);
    assert.equal(json['remaining'], 0);
    const closed = await odata(`PostedSalesInvoices('${String(invoiceNo)}')`);
    assert.deepEqual([closed['Closed'], closed['Remaining_Amount']], [true, 0]);
    const entries = (await odata(`CustLedgerEntries?$filter=Customer_No eq '10000' and Open eq false`))['value'] as Json[];
    assert.ok(entries.some((e) => e['Document_No'] === invoiceNo && e['Remaining_Amount'] === 0));
    assert.ok(entries.some((e) => e['Document_Type'] === 'Payment' && e['Amount'] === -amount));
    assert.equal(await balance('10000'), Math.round((before - amount) * 100) / 100);
  });

  it('a partial payment leaves the invoice open with the rest; with Manual application nothing is applied', async () => {
    const no = await createOrder('10000', [['1964-S', 1]]);
    const { invoiceNo } = nav.sandbox.postOrder({ no });
    const result = nav.sandbox.receivePayment({ customerNo: '10000', amount: 50, appliesToInvoiceNo: String(invoiceNo) });
    assert.equal(result.remaining, 0);
    const invoice = await odata(`PostedSalesInvoices('${String(invoiceNo)}')`);
    assert.equal(invoice['Closed'], false);
    assert.equal(invoice['Remaining_Amount'], Math.round((Number(invoice['Amount_Including_VAT']) - 50) * 100) / 100);
    // 20000 applies manually: an unapplied payment stays open and lowers the balance.
    const manual = nav.sandbox.receivePayment({ customerNo: '20000', amount: 10 });
    assert.deepEqual(manual.applied, []);
    assert.equal(manual.remaining, -10);
  });
});

describe('adjust-inventory and the item-by-location page', () => {
  it('moves Inventory and the stock per location; refuses a service item', async () => {
    const before = await inventory('1928-S');
    const { status } = await post('adjust-inventory', { itemNo: '1928-S', locationCode: 'RED', quantity: 7 });
    assert.equal(status, 200);
    assert.equal(await inventory('1928-S'), before + 7);
    const row = await odata(`ItemByLocation(Location_Code='RED',Item_No='1928-S',Variant_Code='')`);
    assert.ok(Number(row['Inventory']) >= 7);
    assert.equal(row['Description'], 'AMSTERDAM Lamp');
    nav.sandbox.adjustInventory({ itemNo: '1928-S', locationCode: 'RED', quantity: -2 });
    assert.equal(await inventory('1928-S'), before + 5);
    const service = await post('adjust-inventory', { itemNo: 'SERVICE', quantity: 1 });
    assert.equal(service.json['error_description'], "Type must be equal to 'Inventory'  in Item: No.=SERVICE. Current value is 'Service'.");
  });
});

describe('edit, delete, credit memo', () => {
  it('edit changes a field as a user would: new Key/ETag, Last_Date_Modified = NAV\'s today from the clock', async () => {
    const before = await odata("Customer('30000')");
    await clock.advance(2 * 24 * 3600_000);
    const { status, json } = await post('edit', { page: 'Customer', key: { No: '30000' }, fields: { Name: 'John Haddock Insurance Company' } });
    assert.equal(status, 200, JSON.stringify(json));
    const after = await odata("Customer('30000')");
    assert.notEqual(after['@odata.etag'], before['@odata.etag']);
    assert.equal(after['Last_Date_Modified'], '2026-01-17');
    assert.equal(after['Search_Name'], 'JOHN HADDOCK INSURANCE COMPANY', 'Search Name follows Name');
    const invalid = await post('edit', { page: 'Customer', key: { No: '30000' }, fields: { Salesperson_Code: 'ZZ' } });
    assert.equal(invalid.status, 400);
    assert.match(String(invalid.json['error_description']), /related table \(Salesperson\/Purchaser\)/);
  });

  it('delete removes a record as a user would', () => {
    nav.sandbox.delete({ page: 'Salespersons', key: { Code: 'HR' } });
    assert.equal(nav.sandbox.read('Salespersons', { Code: 'HR' }), undefined);
  });

  it('post-credit-memo cancels an unpaid invoice: credit memo, closed entries, stock back', async () => {
    const no = await createOrder('10000', [['1972-S', 2]]);
    const { invoiceNo } = nav.sandbox.postOrder({ no });
    const stock = await inventory('1972-S');
    const { status, json } = await post('post-credit-memo', { invoiceNo });
    assert.equal(status, 200, JSON.stringify(json));
    const memo = await odata(`PostedSalesCreditMemos('${String(json['creditMemoNo'])}')?$expand=PostedSalesCreditMemosSalesCrMemoLines`);
    assert.deepEqual([memo['Applies_to_Doc_Type'], memo['Applies_to_Doc_No'], memo['Paid']], ['Invoice', invoiceNo, true]);
    assert.equal((memo['PostedSalesCreditMemosSalesCrMemoLines'] as Json[]).length, 1);
    const invoice = await odata(`PostedSalesInvoices('${String(invoiceNo)}')`);
    assert.deepEqual([invoice['Cancelled'], invoice['Closed']], [true, true]);
    assert.equal(await inventory('1972-S'), stock + 2);
    assert.equal((await post('post-credit-memo', { invoiceNo })).status, 400);
  });
});

describe('state, reset and seeds', () => {
  it('state counts records per page; reset brings the seed back', async () => {
    const state = nav.sandbox.state();
    const cronus = state.companies.find((c) => c.name === COMPANY);
    assert.ok((cronus?.records['Customer'] ?? 0) >= 11);
    assert.equal(state.today, '2026-01-17');
    const response = await fetch(`${admin}/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"customers":30}' });
    assert.equal(response.status, 200);
    assert.equal(nav.sandbox.state().companies.find((c) => c.name === COMPANY)?.records['Customer'], 30);
    assert.deepEqual(nav.sandbox.read('Salespersons', { Code: 'HR' })?.['Name'], 'Helena Ray');
  });

  it('is reproducible from the seed and scales to N customers and items, the Russian company with INNs', async () => {
    const a = await startNavSandbox({ port: 0, auth: 'none', seed: 7, customers: 40, items: 50 });
    const b = await startNavSandbox({ port: 0, auth: 'none', seed: 7, customers: 40, items: 50 });
    const c = await startNavSandbox({ port: 0, auth: 'none', seed: 8, customers: 40, items: 50 });
    try {
      const names = async (s: RunningNavSandbox, company = COMPANY): Promise<string[]> =>
        (((await (await fetch(`${s.odataUrl(company)}/Customer?$select=Name,VAT_Registration_No`)).json()) as Json)['value'] as Json[]).map((v) => `${String(v['Name'])}|${String(v['VAT_Registration_No'])}`);
      assert.equal((await names(a)).length, 40);
      assert.deepEqual(await names(a), await names(b));
      assert.notDeepEqual(await names(a), await names(c));
      assert.equal(((await (await fetch(`${a.odataUrl(COMPANY)}/Item?$select=No`)).json()) as { value: unknown[] }).value.length, 50);
      const russian = (((await (await fetch(`${a.odataUrl('КРОНУС Россия')}/Customer`)).json()) as Json)['value'] as Json[]);
      assert.equal(russian[0]?.['Name'], 'ООО «Ромашка»');
      for (const customer of russian) assert.ok(isValidInn(String(customer['VAT_Registration_No'])), `INN ${String(customer['VAT_Registration_No'])}`);
      assert.equal(russian.find((r) => r['No'] === 'К00030')?.['VAT_Registration_No']?.toString().length, 12, 'a sole proprietor has a 12-digit INN');
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

function isValidInn(inn: string): boolean {
  const d = [...inn].map(Number);
  const check = (weights: number[]): number => (weights.reduce((s, w, i) => s + w * (d[i] ?? 0), 0) % 11) % 10;
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9];
  if (inn.length === 12) return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
  return false;
}
