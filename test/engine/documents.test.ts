// Orders and invoices through the generic pipeline, on in-memory sides: a deal becomes
// an order only in its create stages, lines refer to products through their links, an
// order waits for (or refuses) what it refers to with a reason shown on the deal, what
// NAV computes in answer to a write (the total) comes back to the deal, NAV orders that
// name a deal are matched and never copied, and an invoice reaches its company without
// waiting for a deal that is not linked.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { FieldValue } from '../../src/core/record.ts';
import { getLinkByB24, getLinkByNav, listJobs } from '../../src/store/index.ts';
import { harness, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h.close());

const ORDERS = { customers: { direction: 'both' as const }, products: { enabled: true }, orders: { enabled: true } };

/** One linked customer (B24 company 1 ⇄ NAV 10000) and two linked products (B24 451, 452 ⇄ NAV 1896-S, 1900-S). */
async function withCustomerAndProducts(entities: Parameters<typeof harness>[0] = ORDERS): Promise<Harness> {
  const x = await harness(entities);
  x.nav.put('10000', { No: '10000', Name: 'The Cannon Group PLC', VAT_Registration_No: '', Phone_No: '', E_Mail: 'cannon@example.com' });
  x.b24.put('1', { TITLE: 'The Cannon Group PLC', 'requisite.TAX_ID': null, PHONE: [], EMAIL: ['cannon@example.com'], WEB: [] });
  const navItems = x.of('products', 'nav');
  navItems.put('1896-S', { No: '1896-S', Description: 'ATHENS Desk', Unit_Price: 1000.8, Base_Unit_of_Measure: 'PCS', VAT_Prod_Posting_Group: 'VAT25', Blocked: false, Item_Category_Code: 'FURNITURE' });
  navItems.put('1900-S', { No: '1900-S', Description: 'PARIS Guest Chair, black', Unit_Price: 192.8, Base_Unit_of_Measure: 'PCS', VAT_Prod_Posting_Group: 'VAT25', Blocked: false, Item_Category_Code: 'FURNITURE' });
  const b24Products = x.of('products', 'b24');
  b24Products.nextId = 451;
  x.of('products', 'b24').lookupPaths = { itemNo: 'xmlId' };
  x.of('orders', 'nav').lookupPaths = { dealId: 'External_Document_No' };
  x.of('orders', 'b24').lookupPaths = { dealId: 'ID' };
  await x.engine.syncOnce();
  assert.equal(b24Products.records.size, 2, 'the items are in the B24 catalog');
  return x;
}

function productId(x: Harness, itemNo: string): string {
  const found = [...x.of('products', 'b24').records.values()].find((r) => r.fields['xmlId'] === itemNo);
  assert.ok(found, `product of ${itemNo}`);
  return found.id;
}

const deal = (id: string, stage: string, rows: FieldValue[][], extra: Record<string, FieldValue> = {}): Record<string, FieldValue> => ({
  ID: id,
  STAGE_ID: stage,
  CATEGORY_ID: '0',
  COMPANY_ID: '1',
  BEGINDATE: '2026-11-27',
  CURRENCY_ID: 'RUB',
  ASSIGNED_BY_ID: '1',
  productRows: rows,
  OPPORTUNITY: null,
  navStatus: null,
  ...extra,
});

/** NAV computes an order's total from its lines, as the real one does on every write. */
function navComputesTotals(x: Harness): void {
  x.of('orders', 'nav').derive = (fields) => {
    const lines = (fields['lines'] ?? []) as FieldValue[][];
    const total = lines.reduce((sum, l) => sum + Math.round(Number(l[1]) * Number(l[2]) * (1 - Number(l[3]) / 100) * (1 + Number(l[4] ?? 0) / 100) * 100) / 100, 0);
    return { amountIncludingVat: Math.round(total * 100) / 100, status: fields['status'] ?? 'Open', No: fields['No'] ?? null };
  };
}

describe('orders and invoices through the pipeline', () => {
  it('a deal gets an order only in a create stage, with its rows as lines of NAV items', async () => {
    h = await withCustomerAndProducts();
    navComputesTotals(h);
    const deals = h.of('orders', 'b24');
    const orders = h.of('orders', 'nav');
    deals.put('7', deal('7', 'NEW', [[productId(h, '1896-S'), 2, 1000.8, 10, 25]]));
    await h.engine.syncOnce();
    assert.equal(orders.records.size, 0, 'no order for a deal in NEW');
    assert.equal(await getLinkByB24(h.store.db, 'orders', '7'), undefined, 'and no link either');

    deals.put('7', { STAGE_ID: 'WON' });
    await h.engine.syncOnce();
    assert.equal(orders.records.size, 1, 'an order once the deal is won');
    const order = [...orders.records.values()][0];
    assert.ok(order);
    assert.deepEqual(order.fields['lines'], [['1896-S', 2, 1000.8, 10, 25]], 'product ids became NAV item Nos');
    assert.equal(order.fields['Sell_to_Customer_No'], '10000');
    assert.equal(order.fields['External_Document_No'], '7');
    // NAV's total came back in the same pass (the create's answer holds it).
    assert.equal(deals.records.get('7')?.fields['OPPORTUNITY'], 2251.8);
    assert.equal(deals.notes.get('7') ?? null, null, 'nothing to explain on the deal');
  });

  it("a total NAV computes after an update of the lines follows to the deal (not taken for b24nav's echo)", async () => {
    h = await withCustomerAndProducts();
    navComputesTotals(h);
    const deals = h.of('orders', 'b24');
    const orders = h.of('orders', 'nav');
    deals.put('8', deal('8', 'WON', [[productId(h, '1900-S'), 1, 192.8, 0, 25]]));
    await h.engine.syncOnce();
    assert.equal(deals.records.get('8')?.fields['OPPORTUNITY'], 241);
    deals.put('8', { productRows: [[productId(h, '1900-S'), 3, 192.8, 0, 25]] });
    await h.engine.syncOnce();
    const order = [...orders.records.values()][0];
    assert.deepEqual(order?.fields['lines'], [['1900-S', 3, 192.8, 0, 25]]);
    assert.equal(order?.fields['amountIncludingVat'], 723);
    assert.equal(deals.records.get('8')?.fields['OPPORTUNITY'], 723, 'the new total is on the deal after the same sync');
    const writes = deals.writes + orders.writes;
    await h.engine.syncOnce();
    assert.equal(deals.writes + orders.writes, writes, 'and then it is quiet');
  });

  it('a row whose product did not come from NAV refuses the order, with the reason on the deal', async () => {
    h = await withCustomerAndProducts();
    const deals = h.of('orders', 'b24');
    const b24Only = h.of('products', 'b24').put('999', { name: 'Installation', xmlId: null });
    deals.put('9', deal('9', 'WON', [[b24Only.id, 1, 50, 0, 25]]));
    await h.engine.syncOnce();
    assert.equal(h.of('orders', 'nav').records.size, 0, 'no order in NAV');
    const dead = await listJobs(h.store.db, { state: 'dead', entity: 'orders', limit: 5 });
    assert.equal(dead.length, 1);
    assert.equal(dead[0]?.lastError?.code, 'SYNC_UNLINKABLE');
    assert.match(deals.notes.get('9') ?? '', /SYNC_UNLINKABLE: refers to products 999/);
  });

  it('a won deal without a company is refused with a reason, not silently skipped', async () => {
    h = await withCustomerAndProducts();
    const deals = h.of('orders', 'b24');
    deals.put('10', deal('10', 'WON', [[productId(h, '1896-S'), 1, 1000.8, 0, 25]], { COMPANY_ID: null }));
    await h.engine.syncOnce();
    assert.equal(h.of('orders', 'nav').records.size, 0);
    assert.match(deals.notes.get('10') ?? '', /company is empty/);
  });

  it('an order waits for a company that is not linked yet and syncs it first', async () => {
    h = await withCustomerAndProducts();
    navComputesTotals(h);
    h.b24.put('2', { TITLE: 'Vector LLC', 'requisite.TAX_ID': null, PHONE: [], EMAIL: ['office@vector.example'], WEB: [] });
    const deals = h.of('orders', 'b24');
    deals.put('11', deal('11', 'WON', [[productId(h, '1896-S'), 1, 1000.8, 0, 25]], { COMPANY_ID: '2' }));
    // Only the deal's job, as an event would bring it: the company is not queued by a scan.
    await h.engine.enqueueEvent('orders', '11');
    await h.engine.syncOnce({ entities: ['orders', 'customers'], full: false });
    const order = [...h.of('orders', 'nav').records.values()][0];
    const link = await getLinkByB24(h.store.db, 'customers', '2');
    assert.ok(link?.navKey, 'the company was synced on the way');
    assert.equal(order?.fields['Sell_to_Customer_No'], link.navKey);
  });

  it('a NAV order naming a deal is linked to it; other NAV orders become deals only when configured', async () => {
    h = await withCustomerAndProducts();
    const deals = h.of('orders', 'b24');
    const orders = h.of('orders', 'nav');
    deals.put('12', deal('12', 'PREPARATION', [[productId(h, '1896-S'), 1, 1000.8, 0, 25]]));
    orders.put('101001', { No: '101001', Sell_to_Customer_No: '10000', External_Document_No: '12', Order_Date: '2026-11-27', currency: 'RUB', lines: [['1896-S', 1, 1000.8, 0, 25]], status: 'Released', amountIncludingVat: 1251 });
    orders.put('101002', { No: '101002', Sell_to_Customer_No: '10000', External_Document_No: null, Order_Date: '2026-11-28', currency: 'RUB', lines: [['1900-S', 4, 192.8, 0, 25]], status: 'Open', amountIncludingVat: 964 });
    await h.engine.syncOnce();
    assert.equal((await getLinkByNav(h.store.db, 'orders', '101001'))?.b24Id, '12', 'matched by the deal id');
    assert.equal(deals.records.get('12')?.fields['navStatus'], 'Released', 'and the status moved to the deal');
    assert.equal(await getLinkByNav(h.store.db, 'orders', '101002'), undefined, 'the order entered in NAV stays there');
    assert.equal(deals.records.size, 1);

    h.newEngine({ ...ORDERS, orders: { enabled: true, fromNav: { enabled: true } } });
    orders.put('101002', { Order_Date: '2026-11-29' });
    await h.engine.syncOnce();
    const made = await getLinkByNav(h.store.db, 'orders', '101002');
    assert.ok(made?.b24Id, 'now it became a deal');
    assert.deepEqual(deals.records.get(made.b24Id)?.fields['productRows'], [[productId(h, '1900-S'), 4, 192.8, 0, 25]], 'with its lines as rows of the catalog products');
  });

  it('an invoice reaches its company without waiting for a deal that is not linked', async () => {
    h = await withCustomerAndProducts({ ...ORDERS, invoices: { enabled: true } });
    h.of('invoices', 'b24').lookupPaths = { invoiceNo: 'accountNumber' };
    h.of('invoices', 'nav').put('103001', { No: '103001', Sell_to_Customer_No: '10000', Order_No: '101999', Posting_Date: '2026-11-28', Due_Date: '2026-12-28', currency: 'RUB', amountDue: 1251, vatAmount: 250.2, lines: [['1896-S', 1, 1000.8, 0, 25, 'ATHENS Desk']], payments: [0, 1251], creditMemos: null, status: 'Open' });
    await h.engine.syncOnce();
    const invoices = [...h.of('invoices', 'b24').records.values()];
    assert.equal(invoices.length, 1);
    assert.equal(invoices[0]?.fields['companyId'], '1');
    assert.equal(invoices[0]?.fields['parentId2'], null, 'no deal: order 101999 is not linked');
    assert.deepEqual(invoices[0]?.fields['productRows'], [[productId(h, '1896-S'), 1, 1000.8, 0, 25, 'ATHENS Desk']]);
  });
});
