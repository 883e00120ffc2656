// Sales orders over SOAP (nav-web-services.md §1.7, §6): number series, lines in
// the header's Update, Delete_SalesLines, the checks a sales order runs, and
// release/reopen through the integration codeunit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { codeunitNamespace } from '../../../connectors/nav/schema/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../index.ts';
import { pageCaller, record, soapPost, type SoapAnswer } from '../testing.ts';
import type { XmlElement } from '../../../connectors/nav/soap/xml-reader.ts';

const COMPANY = 'CRONUS International Ltd.';
let nav: RunningNavSandbox;
let order: (operation: string, inner: string) => Promise<SoapAnswer>;

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none', clock: new FakeClock(Date.UTC(2026, 0, 15, 9)) });
  order = pageCaller(nav.soapUrl(COMPANY, 'SalesOrder'), 'SalesOrder');
});
after(() => nav.close());

const header = (answer: SoapAnswer): XmlElement | undefined => record(answer, 'SalesOrder');
const lines = (answer: SoapAnswer): XmlElement[] => header(answer)?.children.find((c) => c.name === 'SalesLines')?.children ?? [];
const codeunit = (operation: string, no: string): Promise<SoapAnswer> =>
  soapPost(nav.codeunitUrl(COMPANY), codeunitNamespace('B24NavIntegration'), operation, `<tns:no>${no}</tns:no>`);

async function newOrder(customerNo: string): Promise<SoapAnswer> {
  const answer = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>${customerNo}</tns:Sell_to_Customer_No></tns:SalesOrder>`);
  assert.equal(answer.status, 200, answer.fault?.message);
  return answer;
}

const lineXml = (type: string, no: string, quantity: number): string => `<tns:Sales_Order_Line><tns:Type>${type}</tns:Type><tns:No>${no}</tns:No><tns:Quantity>${quantity}</tns:Quantity></tns:Sales_Order_Line>`;

describe('creating a sales order', () => {
  it('takes the next S-ORD number and copies the customer onto the header', async () => {
    const created = await newOrder('10000');
    const h = header(created);
    assert.match(h?.leaves.get('No') ?? '', /^1010\d\d$/);
    assert.equal(h?.leaves.get('Sell_to_Customer_Name'), 'The Cannon Group PLC');
    assert.equal(h?.leaves.get('Bill_to_Customer_No'), '10000');
    assert.equal(h?.leaves.get('Status'), 'Open');
    assert.equal(h?.leaves.get('Order_Date'), '2026-01-15');
    assert.equal(h?.leaves.get('Location_Code'), 'BLUE');
  });

  it('refuses a number typed by the caller: documents have no manual numbers', async () => {
    const answer = await order('Create', '<tns:SalesOrder><tns:No>SO-1</tns:No><tns:Sell_to_Customer_No>10000</tns:Sell_to_Customer_No></tns:SalesOrder>');
    assert.equal(answer.fault?.message, 'You may not enter numbers manually. If you want to enter numbers manually, please activate Manual Nos. in No. Series S-ORD.');
  });

  it('refuses an unknown customer, a blocked one, and one over its credit limit', async () => {
    const unknown = await order('Create', '<tns:SalesOrder><tns:Sell_to_Customer_No>99999</tns:Sell_to_Customer_No></tns:SalesOrder>');
    assert.equal(unknown.fault?.message, 'The field Sell-to Customer No. of table Sales Header contains a value (99999) that cannot be found in the related table (Customer).');
    const blocked = await order('Create', '<tns:SalesOrder><tns:Sell_to_Customer_No>49633663</tns:Sell_to_Customer_No></tns:SalesOrder>');
    assert.equal(blocked.fault?.message, 'You cannot create this type of document when Customer 49633663 is blocked with type All');
    // 40000 owes more than its 1000 limit: NAV 2013–2016 opens the Check Credit Limit page, which a web service cannot.
    const credit = await order('Create', '<tns:SalesOrder><tns:Sell_to_Customer_No>40000</tns:Sell_to_Customer_No></tns:SalesOrder>');
    assert.equal(credit.fault?.code, 'Microsoft.Dynamics.Nav.Types.Exceptions.NavNCLCallbackNotAllowedException');
    assert.equal(credit.fault?.message, 'Callback functions are not allowed.');
  });

  it('a credit limit that a new line would exceed fails the line', async () => {
    nav.sandbox.edit({ page: 'Customer', key: { No: '30000' }, fields: { Credit_Limit_LCY: 500 } });
    const created = await newOrder('30000');
    const key = header(created)?.leaves.get('Key') ?? '';
    const small = await order('Update', `<tns:SalesOrder><tns:Key>${key}</tns:Key><tns:SalesLines>${lineXml('Item', '1928-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(small.status, 200, small.fault?.message);
    const big = await order('Update', `<tns:SalesOrder><tns:Key>${header(small)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines>${lineXml('Item', '1896-S', 5)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(big.fault?.message, 'Callback functions are not allowed.');
  });
});

describe('lines', () => {
  it('are added by Update of the header with lines without a Key; the item fills description, unit and price', async () => {
    const created = await newOrder('20000');
    const key = header(created)?.leaves.get('Key') ?? '';
    const updated = await order('Update', `<tns:SalesOrder><tns:Key>${key}</tns:Key><tns:SalesLines>${lineXml('Item', '1900-S', 2)}${lineXml('Item', '1908-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(updated.status, 200, updated.fault?.message);
    const rows = lines(updated);
    assert.deepEqual(rows.map((l) => l.leaves.get('Line_No')), ['10000', '20000']);
    assert.equal(rows[0]?.leaves.get('Description'), 'PARIS Guest Chair, black');
    assert.equal(rows[0]?.leaves.get('Unit_of_Measure_Code'), 'PCS');
    assert.equal(rows[0]?.leaves.get('Unit_Price'), '192.8');
    assert.equal(rows[0]?.leaves.get('Line_Amount'), '385.6');
    assert.equal(rows[0]?.leaves.get('Qty_to_Ship'), '2');
    assert.equal(rows[0]?.leaves.get('Document_No'), header(created)?.leaves.get('No'));
  });

  it('an empty line element adds an empty line, filled by a later Update (F\'s three steps)', async () => {
    const created = await newOrder('20000');
    const withEmpty = await order('Update', `<tns:SalesOrder><tns:Key>${header(created)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines><tns:Sales_Order_Line/></tns:SalesLines></tns:SalesOrder>`);
    const line = lines(withEmpty)[0];
    assert.equal(line?.leaves.get('Line_No'), '10000');
    const filled = await order('Update', `<tns:SalesOrder><tns:Key>${header(withEmpty)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines><tns:Sales_Order_Line><tns:Key>${line?.leaves.get('Key') ?? ''}</tns:Key><tns:Type>Item</tns:Type><tns:No>1900-S</tns:No><tns:Quantity>2</tns:Quantity></tns:Sales_Order_Line></tns:SalesLines></tns:SalesOrder>`);
    assert.equal(filled.status, 200, filled.fault?.message);
    assert.equal(lines(filled)[0]?.leaves.get('Line_Amount'), '385.6');
  });

  it('can come with the Create of the header', async () => {
    const created = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>20000</tns:Sell_to_Customer_No><tns:SalesLines>${lineXml('Item', '1900-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(lines(created).length, 1);
  });

  it('are changed by their Key, and refused for an unknown item', async () => {
    const created = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>20000</tns:Sell_to_Customer_No><tns:SalesLines>${lineXml('Item', '1900-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    const line = lines(created)[0];
    const changed = await order('Update', `<tns:SalesOrder><tns:Key>${header(created)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines><tns:Sales_Order_Line><tns:Key>${line?.leaves.get('Key') ?? ''}</tns:Key><tns:Quantity>7</tns:Quantity></tns:Sales_Order_Line></tns:SalesLines></tns:SalesOrder>`);
    assert.equal(lines(changed)[0]?.leaves.get('Quantity'), '7');
    const unknown = await order('Update', `<tns:SalesOrder><tns:Key>${header(changed)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines>${lineXml('Item', 'NO-SUCH', 1)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(unknown.fault?.message, 'The field No. of table Sales Line contains a value (NO-SUCH) that cannot be found in the related table (Item).');
  });

  it('Delete_SalesLines deletes one line by its key and changes the header Key (re-read before the next Update)', async () => {
    const created = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>20000</tns:Sell_to_Customer_No><tns:SalesLines>${lineXml('Item', '1900-S', 1)}${lineXml('Item', '1908-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    const oldKey = header(created)?.leaves.get('Key') ?? '';
    const deleted = await order('Delete_SalesLines', `<tns:SalesLines_Key>${lines(created)[0]?.leaves.get('Key') ?? ''}</tns:SalesLines_Key>`);
    assert.equal(deleted.result?.leaves.get('Delete_SalesLines_Result'), 'true');
    const stale = await order('Update', `<tns:SalesOrder><tns:Key>${oldKey}</tns:Key><tns:External_Document_No>X</tns:External_Document_No></tns:SalesOrder>`);
    assert.match(stale.fault?.message ?? '', /^Another user has modified the record for this Sales Header/);
    const reread = await order('Read', `<tns:No>${header(created)?.leaves.get('No') ?? ''}</tns:No>`);
    assert.equal(lines(reread).length, 1);
    assert.equal(lines(reread)[0]?.leaves.get('No'), '1908-S');
  });
});

describe('release and reopen through the B24NavIntegration codeunit', () => {
  it('publishes the codeunit with its namespace (case kept) and operations', async () => {
    const wsdl = await (await fetch(nav.codeunitUrl(COMPANY))).text();
    assert.match(wsdl, /targetNamespace="urn:microsoft-dynamics-schemas\/codeunit\/B24NavIntegration"/);
    assert.match(wsdl, /soapAction="urn:microsoft-dynamics-schemas\/codeunit\/B24NavIntegration:ReleaseSalesOrder"/);
    assert.match(wsdl, /<xsd:element name="ReopenSalesOrder"><xsd:complexType><xsd:sequence><xsd:element minOccurs="1" maxOccurs="1" name="no" type="xsd:string"\/>/);
  });

  it('releases an order with lines; lines are then locked until it is reopened', async () => {
    const created = await order('Create', `<tns:SalesOrder><tns:Sell_to_Customer_No>20000</tns:Sell_to_Customer_No><tns:SalesLines>${lineXml('Item', '1900-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    const no = header(created)?.leaves.get('No') ?? '';
    const released = await codeunit('ReleaseSalesOrder', no);
    assert.equal(released.status, 200, released.fault?.message);
    assert.equal(released.result?.name, 'ReleaseSalesOrder_Result');
    const read = await order('Read', `<tns:No>${no}</tns:No>`);
    assert.equal(header(read)?.leaves.get('Status'), 'Released');
    const locked = await order('Update', `<tns:SalesOrder><tns:Key>${header(read)?.leaves.get('Key') ?? ''}</tns:Key><tns:SalesLines>${lineXml('Item', '1908-S', 1)}</tns:SalesLines></tns:SalesOrder>`);
    assert.equal(locked.fault?.message, `Status must be equal to 'Open'  in Sales Header: Document Type=Order, No.=${no}. Current value is 'Released'.`);
    const external = await order('Update', `<tns:SalesOrder><tns:Key>${header(read)?.leaves.get('Key') ?? ''}</tns:Key><tns:External_Document_No>PO-7</tns:External_Document_No></tns:SalesOrder>`);
    assert.equal(external.status, 200, 'External Document No. stays editable');
    assert.equal((await codeunit('ReopenSalesOrder', no)).status, 200);
    const reopened = await order('Read', `<tns:No>${no}</tns:No>`);
    assert.equal(header(reopened)?.leaves.get('Status'), 'Open');
  });

  it('refuses to release an order with nothing on it, and an unknown order', async () => {
    const empty = header(await newOrder('20000'))?.leaves.get('No') ?? '';
    assert.equal((await codeunit('ReleaseSalesOrder', empty)).fault?.message, `There is nothing to release for the document of type Order with the number ${empty}.`);
    assert.equal((await codeunit('ReleaseSalesOrder', 'NOPE')).fault?.message, "The Sales Header does not exist. Identification fields and values: Document Type='Order',No.='NOPE'");
  });
});
