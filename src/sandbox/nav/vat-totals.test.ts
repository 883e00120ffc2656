// VAT and totals of sales documents, and what posted documents keep of the order:
// a line takes its item's VAT Prod. Posting Group (and the VAT % of VAT Posting
// Setup), every line of the subform shows the document's totals with each line's
// VAT rounded on its own (nav-web-services.md §2.4), posting books exactly those
// amounts, posted documents name their order (Order No.) and a credit memo its
// invoice (Applies-to Doc. No.); quantities to ship stay editable on a released order.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { codeunitNamespace } from '../../connectors/nav/schema/index.ts';
import type { XmlElement } from '../../connectors/nav/soap/xml-reader.ts';
import { RUSSIA_COMPANY, startNavSandbox, type RunningNavSandbox } from './index.ts';
import { pageCaller, record, soapPost, type SoapAnswer } from './testing.ts';

const COMPANY = 'CRONUS International Ltd.';
type Json = Record<string, unknown>;

let nav: RunningNavSandbox;
let order: (operation: string, inner: string) => Promise<SoapAnswer>;

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none', clock: new FakeClock(Date.UTC(2026, 2, 10, 9)) });
  order = pageCaller(nav.soapUrl(COMPANY, 'SalesOrder'), 'SalesOrder');
});
after(() => nav.close());

const header = (answer: SoapAnswer): XmlElement => {
  assert.equal(answer.fault, undefined, answer.fault?.message);
  const found = record(answer, 'SalesOrder');
  assert.ok(found, 'the answer has the order');
  return found;
};
const linesOf = (answer: SoapAnswer): XmlElement[] => header(answer).children.find((c) => c.name === 'SalesLines')?.children ?? [];
const leaf = (node: XmlElement | undefined, name: string): string => node?.leaves.get(name) ?? '';

function lineXml(fields: Readonly<Record<string, string | number>>, key?: string): string {
  const inner = Object.entries(fields).map(([k, v]) => `<tns:${k}>${v}</tns:${k}>`).join('');
  return `<tns:Sales_Order_Line>${key ? `<tns:Key>${key}</tns:Key>` : ''}${inner}</tns:Sales_Order_Line>`;
}

async function orderWith(customerNo: string, lines: ReadonlyArray<Readonly<Record<string, string | number>>>): Promise<SoapAnswer> {
  const created = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>${customerNo}</tns:Sell_to_Customer_No></tns:SalesOrder>`);
  const key = leaf(header(created), 'Key');
  const withLines = await order('Update', `<tns:SalesOrder><tns:Key>${key}</tns:Key><tns:SalesLines>${lines.map((l) => lineXml(l)).join('')}</tns:SalesLines></tns:SalesOrder>`);
  header(withLines);
  return withLines;
}

async function odata(path: string): Promise<Json> {
  const response = await fetch(`${nav.odataUrl(COMPANY)}/${path}`);
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Json;
}

describe('VAT of sales lines and the totals of the subform', () => {
  it('a line takes the item VAT group; every line shows the document totals, VAT rounded per line', async () => {
    // 0.02 at 25 % is 0.005 of VAT: 0.01 per line, so three lines make 0.03 (0.015 → 0.02 on the sum).
    const answer = await orderWith('20000', [0, 1, 2].map(() => ({ Type: 'Item', No: '1928-S', Quantity: 1, Unit_Price: 0.02 })));
    const lines = linesOf(answer);
    assert.equal(lines.length, 3);
    for (const line of lines) {
      assert.equal(leaf(line, 'VAT_Prod_Posting_Group'), 'VAT25');
      assert.equal(leaf(line, 'Total_Amount_Excl_VAT'), '0.06');
      assert.equal(leaf(line, 'Total_VAT_Amount'), '0.03');
      assert.equal(leaf(line, 'Total_Amount_Incl_VAT'), '0.09');
    }
    // OData shows the same on the expanded lines and on one line read alone.
    const no = leaf(header(answer), 'No');
    const expanded = await odata(`SalesOrder(Document_Type='Order',No='${no}')?$expand=SalesOrderSalesLines`);
    const rows = expanded['SalesOrderSalesLines'] as Json[];
    assert.deepEqual(rows.map((r) => [r['VAT_Prod_Posting_Group'], r['Total_VAT_Amount'], r['Total_Amount_Incl_VAT']]), [['VAT25', 0.03, 0.09], ['VAT25', 0.03, 0.09], ['VAT25', 0.03, 0.09]]);
    const one = await odata(`SalesOrder(Document_Type='Order',No='${no}')/SalesOrderSalesLines(Document_Type='Order',Document_No='${no}',Line_No=20000)`);
    assert.equal(one['Total_Amount_Excl_VAT'], 0.06);
  });

  it('a changed VAT group changes the totals; an unknown group is refused', async () => {
    const answer = await orderWith('20000', [{ Type: 'Item', No: '1900-S', Quantity: 2, Line_Discount_Percent: 10 }]);
    const line = linesOf(answer)[0];
    // 2 × 192.80 = 385.60, less 10 % = 347.04; VAT 25 % = 86.76.
    assert.deepEqual([leaf(line, 'Line_Amount'), leaf(line, 'Total_VAT_Amount'), leaf(line, 'Total_Amount_Incl_VAT')], ['347.04', '86.76', '433.8']);
    const changed = await order('Update', `<tns:SalesOrder><tns:Key>${leaf(header(answer), 'Key')}</tns:Key><tns:SalesLines>${lineXml({ VAT_Prod_Posting_Group: 'VAT10' }, leaf(line, 'Key'))}</tns:SalesLines></tns:SalesOrder>`);
    assert.deepEqual([leaf(linesOf(changed)[0], 'Total_VAT_Amount'), leaf(linesOf(changed)[0], 'Total_Amount_Incl_VAT')], ['34.7', '381.74']);
    const unknown = await order('Update', `<tns:SalesOrder><tns:Key>${leaf(header(changed), 'Key')}</tns:Key><tns:SalesLines>${lineXml({ VAT_Prod_Posting_Group: 'VAT99' }, leaf(linesOf(changed)[0], 'Key'))}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(unknown.fault?.message, 'The field VAT Prod. Posting Group of table Sales Line contains a value (VAT99) that cannot be found in the related table (VAT Product Posting Group).');
  });

  it('with Prices Including VAT the line amount includes VAT and the amount excluding it is rounded per line', async () => {
    nav.sandbox.edit({ page: 'Customer', key: { No: '50000' }, fields: { Prices_Including_VAT: true } });
    const answer = await orderWith('50000', [
      { Type: 'Item', No: '1928-S', Quantity: 1, Unit_Price: 10.01 },
      { Type: 'Item', No: '1928-S', Quantity: 1, Unit_Price: 10.01 },
    ]);
    assert.equal(leaf(header(answer), 'Prices_Including_VAT'), 'true');
    // 10.01 / 1.25 = 8.008 → 8.01 per line: 16.02 excl. VAT, 20.02 incl.; 4.00 of VAT.
    const line = linesOf(answer)[0];
    assert.deepEqual([leaf(line, 'Total_Amount_Excl_VAT'), leaf(line, 'Total_VAT_Amount'), leaf(line, 'Total_Amount_Incl_VAT')], ['16.02', '4', '20.02']);
  });

  it('the Russian company has its own VAT groups: items at НДС20, 20 %', async () => {
    const item = nav.sandbox.read('Item', { No: 'Т-1900' }, RUSSIA_COMPANY);
    assert.equal(item?.['VAT_Prod_Posting_Group'], 'НДС20');
    const ru = pageCaller(nav.soapUrl(RUSSIA_COMPANY, 'SalesOrder'), 'SalesOrder');
    const created = await ru('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>К00030</tns:Sell_to_Customer_No><tns:SalesLines>${lineXml({ Type: 'Item', No: 'Т-1900', Quantity: 1 })}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(created.fault, undefined, created.fault?.message);
    const line = (record(created, 'SalesOrder')?.children.find((c) => c.name === 'SalesLines')?.children ?? [])[0];
    assert.deepEqual([leaf(line, 'VAT_Prod_Posting_Group'), leaf(line, 'Total_VAT_Amount'), leaf(line, 'Total_Amount_Incl_VAT')], ['НДС20', '1780', '10680']);
  });
});

describe('posting keeps what the order showed', () => {
  it('the posted invoice has the totals the order showed, its lines keep Line No. and VAT group, and both posted documents name the order', async () => {
    const answer = await orderWith('30000', [
      { Type: 'Item', No: '1928-S', Quantity: 3, Unit_Price: 0.02 },
      { Type: 'Item', No: '1900-S', Quantity: 1, Line_Discount_Percent: 7.5 },
    ]);
    const no = leaf(header(answer), 'No');
    const shown = linesOf(answer)[0];
    const posted = nav.sandbox.postOrder({ no });
    assert.ok(posted.invoiceNo && posted.shipmentNo);
    assert.equal(posted.documentDeleted, true);
    const invoice = await odata(`PostedSalesInvoices('${posted.invoiceNo}')?$expand=PostedSalesInvoicesSalesInvLines`);
    assert.equal(invoice['Order_No'], no);
    assert.equal(invoice['Shipment_Method_Code'], 'EXW');
    assert.equal(invoice['Amount'], Number(leaf(shown, 'Total_Amount_Excl_VAT')));
    assert.equal(invoice['Amount_Including_VAT'], Number(leaf(shown, 'Total_Amount_Incl_VAT')));
    const lines = invoice['PostedSalesInvoicesSalesInvLines'] as Json[];
    assert.deepEqual(lines.map((l) => [l['Line_No'], l['No'], l['VAT_Prod_Posting_Group'], l['Amount'], l['Amount_Including_VAT']]), [
      [10000, '1928-S', 'VAT25', 0.06, 0.08],
      [20000, '1900-S', 'VAT25', 178.34, 222.93],
    ]);
    const shipment = await odata(`PostedSalesShipments('${posted.shipmentNo}')`);
    assert.equal(shipment['Order_No'], no);
  });

  it('a credit memo names the invoice it cancels (Applies-to Doc. Type and No.) and copies its lines', async () => {
    const answer = await orderWith('30000', [{ Type: 'Item', No: '1908-S', Quantity: 2 }]);
    const posted = nav.sandbox.postOrder({ no: leaf(header(answer), 'No') });
    const { creditMemoNo } = nav.sandbox.postCreditMemo({ invoiceNo: posted.invoiceNo ?? '' });
    const memo = await odata(`PostedSalesCreditMemos('${creditMemoNo}')?$expand=PostedSalesCreditMemosSalesCrMemoLines`);
    assert.deepEqual([memo['Applies_to_Doc_Type'], memo['Applies_to_Doc_No']], ['Invoice', posted.invoiceNo]);
    const lines = memo['PostedSalesCreditMemosSalesCrMemoLines'] as Json[];
    assert.deepEqual(lines.map((l) => [l['No'], l['Quantity'], l['VAT_Prod_Posting_Group']]), [['1908-S', 2, 'VAT25']]);
  });
});

describe('a released order', () => {
  const codeunit = (operation: string, no: string): Promise<SoapAnswer> =>
    soapPost(nav.codeunitUrl(COMPANY), codeunitNamespace('B24NavIntegration'), operation, `<tns:no>${no}</tns:no>`);

  it('keeps Qty. to Ship editable (a partial shipment) while its quantities stay locked', async () => {
    const answer = await orderWith('20000', [{ Type: 'Item', No: '1900-S', Quantity: 4 }]);
    const no = leaf(header(answer), 'No');
    assert.equal((await codeunit('ReleaseSalesOrder', no)).fault, undefined);
    const read = await order('Read', `<tns:No>${no}</tns:No>`);
    const line = linesOf(read)[0];
    const partial = await order('Update', `<tns:SalesOrder><tns:Key>${leaf(header(read), 'Key')}</tns:Key><tns:SalesLines>${lineXml({ Qty_to_Ship: 1, Qty_to_Invoice: 0 }, leaf(line, 'Key'))}</tns:SalesLines></tns:SalesOrder>`);
    assert.deepEqual([leaf(linesOf(partial)[0], 'Qty_to_Ship'), leaf(linesOf(partial)[0], 'Qty_to_Invoice')], ['1', '0']);
    const locked = await order('Update', `<tns:SalesOrder><tns:Key>${leaf(header(partial), 'Key')}</tns:Key><tns:SalesLines>${lineXml({ Quantity: 5 }, leaf(linesOf(partial)[0], 'Key'))}</tns:SalesLines></tns:SalesOrder>`);
    assert.match(locked.fault?.message ?? '', /^Status must be equal to 'Open'/);
    const posted = nav.sandbox.postOrder({ no });
    assert.equal(posted.invoiceNo, undefined);
    const after = await order('Read', `<tns:No>${no}</tns:No>`);
    assert.deepEqual([leaf(linesOf(after)[0], 'Quantity_Shipped'), leaf(linesOf(after)[0], 'Qty_to_Ship')], ['1', '3']);
  });
});
