// The SOAP page services of the sandbox against the reference
// (nav-web-services.md §1), through plain HTTP with hand-written envelopes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { startNavSandbox, type RunningNavSandbox } from '../index.ts';
import { NAV_FAULT_NAMESPACE, pageCaller, record, records, soapPost, type SoapAnswer } from '../testing.ts';

const COMPANY = 'CRONUS International Ltd.';
let nav: RunningNavSandbox;
let customer: (operation: string, inner: string) => Promise<SoapAnswer>;

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none', clock: new FakeClock(Date.UTC(2026, 0, 15, 9)) });
  customer = pageCaller(nav.soapUrl(COMPANY, 'Customer'), 'Customer');
});
after(() => nav.close());

const leaf = (answer: SoapAnswer, field: string): string | undefined => record(answer, 'Customer')?.leaves.get(field);

describe('WSDL and service discovery (§1.1–1.4)', () => {
  it('serves the WSDL on GET, with or without ?wsdl, with the absolute address and soapAction <ns>:<Op>', async () => {
    for (const suffix of ['', '?wsdl', '?WSDL']) {
      const response = await fetch(nav.soapUrl(COMPANY, 'Customer') + suffix);
      assert.equal(response.status, 200);
      const wsdl = await response.text();
      assert.match(wsdl, /targetNamespace="urn:microsoft-dynamics-schemas\/page\/customer"/);
      assert.ok(wsdl.includes(`<address location="${nav.soapUrl(COMPANY, 'Customer')}"`), 'absolute address with the encoded company');
      assert.match(wsdl, /soapAction="urn:microsoft-dynamics-schemas\/page\/customer:ReadMultiple"/);
      for (const type of ['name="Customer"', 'name="Customer_List"', 'name="Customer_Fields"', 'name="Customer_Filter"', 'name="Blocked"', 'name="Customer_Port"', 'name="Customer_Binding"', 'name="Customer_Service"']) {
        assert.ok(wsdl.includes(type), type);
      }
      assert.match(wsdl, /<xsd:enumeration value="_blank_"\/><xsd:enumeration value="Ship"\/>/);
      assert.match(wsdl, /name="Last_Date_Modified" type="xsd:date"/);
      assert.match(wsdl, /<xsd:element name="ReadMultiple_Result"><xsd:complexType><xsd:sequence><xsd:element minOccurs="0" maxOccurs="1" name="ReadMultiple_Result" type="tns:Customer_List"\/>/);
    }
  });

  it('a sales order WSDL has the lines part, its list type and Delete_SalesLines', async () => {
    const wsdl = await (await fetch(nav.soapUrl(COMPANY, 'SalesOrder'))).text();
    assert.match(wsdl, /name="SalesLines" type="tns:Sales_Order_Line_List"/);
    assert.match(wsdl, /<xsd:complexType name="Sales_Order_Line"><xsd:sequence><xsd:element minOccurs="0" maxOccurs="1" name="Key"/);
    assert.match(wsdl, /<xsd:element name="Delete_SalesLines"><xsd:complexType><xsd:sequence><xsd:element minOccurs="1" maxOccurs="1" name="SalesLines_Key"/);
    assert.doesNotMatch(wsdl, /name="Document_Type"/, 'Document_Type is no control of page 42');
  });

  it('read-only pages publish no Create, Update or Delete', async () => {
    const wsdl = await (await fetch(nav.soapUrl(COMPANY, 'PostedSalesInvoices'))).text();
    assert.match(wsdl, /operation name="ReadMultiple"/);
    assert.doesNotMatch(wsdl, /operation name="(Create|Update|Delete)"/);
  });

  it('lists the company services and SystemService; Companies gives the clear names', async () => {
    const disco = await (await fetch(`${nav.baseUrl}/WS/${encodeURIComponent(COMPANY)}/services`)).text();
    assert.ok(disco.includes(`ref="${nav.soapUrl(COMPANY, 'Customer')}"`));
    assert.ok(disco.includes(`ref="${nav.codeunitUrl(COMPANY)}"`));
    assert.match(await (await fetch(`${nav.baseUrl}/WS/Services`)).text(), /WS\/SystemService/);
    const ns = 'urn:microsoft-dynamics-schemas/nav/system/';
    const answer = await soapPost(`${nav.baseUrl}/WS/SystemService`, ns, 'Companies', '');
    assert.equal(answer.status, 200);
    assert.equal(answer.result?.name, 'Companies_Result');
    assert.deepEqual(answer.result?.repeated?.get('return_value'), [COMPANY, 'КРОНУС Россия']);
  });

  it('takes the company percent-encoded (also %2C-style and unencoded spaces) and case-sensitive', async () => {
    const encoded = `${nav.baseUrl}/WS/CRONUS%20International%20Ltd./Page/Customer`;
    assert.equal((await fetch(encoded)).status, 200);
    const cyrillic = nav.soapUrl('КРОНУС Россия', 'Customer');
    assert.match(cyrillic, /%D0%9A/);
    assert.equal((await fetch(cyrillic)).status, 200);
    assert.equal((await fetch(`${nav.baseUrl}/WS/cronus%20international%20ltd./Page/Customer`)).status, 404);
  });
});

describe('Read, ReadByRecId, GetRecIdFromKey (§1.4)', () => {
  it('reads by the primary key; a missing record gives an empty Read_Result, not a fault', async () => {
    const found = await customer('Read', '<tns:No>10000</tns:No>');
    assert.equal(found.status, 200);
    assert.equal(leaf(found, 'Name'), 'The Cannon Group PLC');
    assert.match(leaf(found, 'Key') ?? '', /^\d+;[A-Za-z0-9+/=]+\d+;\d+0;$/);
    const missing = await customer('Read', '<tns:No>NOPE</tns:No>');
    assert.equal(missing.status, 200);
    assert.equal(missing.result?.name, 'Read_Result');
    assert.equal(record(missing, 'Customer'), undefined);
  });

  it('round-trips GetRecIdFromKey and ReadByRecId (the id upper-cased, as the docs do)', async () => {
    const key = leaf(await customer('Read', '<tns:No>20000</tns:No>'), 'Key') ?? '';
    const recId = (await customer('GetRecIdFromKey', `<tns:Key>${key}</tns:Key>`)).result?.leaves.get('GetRecIdFromKey_Result');
    assert.equal(recId, 'Customer: 20000');
    const read = await customer('ReadByRecId', `<tns:recId>${(recId ?? '').toUpperCase()}</tns:recId>`);
    assert.equal(record(read, 'Customer')?.leaves.get('No'), '20000');
  });
});

describe('ReadMultiple (§1.5)', () => {
  it('answers the doubled ReadMultiple_Result in key order, and an empty outer one when nothing matches', async () => {
    const all = await customer('ReadMultiple', '<tns:setSize>3</tns:setSize>');
    const rows = records(all, 'Customer');
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => r.leaves.get('No')), ['01121212', '01445544', '01454545']);
    const none = await customer('ReadMultiple', '<tns:filter><tns:Field>No</tns:Field><tns:Criteria>ZZZ*</tns:Criteria></tns:filter><tns:setSize>10</tns:setSize>');
    assert.equal(none.status, 200);
    assert.equal(none.result?.name, 'ReadMultiple_Result');
    assert.equal(none.result?.children.length, 0);
  });

  it('pages with bookmarkKey = the Key of the last record until nothing comes back', async () => {
    const seen: string[] = [];
    let bookmark = '';
    for (let guard = 0; guard < 20; guard++) {
      const answer = await customer('ReadMultiple', `${bookmark ? `<tns:bookmarkKey>${bookmark}</tns:bookmarkKey>` : ''}<tns:setSize>4</tns:setSize>`);
      const rows = records(answer, 'Customer');
      if (rows.length === 0) break;
      seen.push(...rows.map((r) => r.leaves.get('No') ?? ''));
      bookmark = rows.at(-1)?.leaves.get('Key') ?? '';
    }
    assert.equal(seen.length, 11);
    assert.deepEqual([...seen].sort(), seen, 'key order');
    assert.equal(new Set(seen).size, seen.length);
  });

  it('setSize 0 reads all, a negative setSize reads backwards (-1 = the last record)', async () => {
    assert.equal(records(await customer('ReadMultiple', '<tns:setSize>0</tns:setSize>'), 'Customer').length, 11);
    const last = records(await customer('ReadMultiple', '<tns:setSize>-1</tns:setSize>'), 'Customer');
    assert.deepEqual(last.map((r) => r.leaves.get('No')), ['50000']);
    const back = records(await customer('ReadMultiple', '<tns:setSize>-3</tns:setSize>'), 'Customer');
    assert.deepEqual(back.map((r) => r.leaves.get('No')), ['50000', '49633663', '40000']);
  });

  it('accepts no filter element or an empty one; an empty Criteria is no filter', async () => {
    assert.equal(records(await customer('ReadMultiple', '<tns:filter/><tns:setSize>2</tns:setSize>'), 'Customer').length, 2);
    assert.equal(records(await customer('ReadMultiple', '<tns:filter><tns:Field>No</tns:Field><tns:Criteria></tns:Criteria></tns:filter><tns:setSize>0</tns:setSize>'), 'Customer').length, 11);
  });

  const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const match = async (field: string, criteria: string): Promise<string[]> =>
    records(await customer('ReadMultiple', `<tns:filter><tns:Field>${field}</tns:Field><tns:Criteria>${xmlText(criteria)}</tns:Criteria></tns:filter><tns:setSize>0</tns:setSize>`), 'Customer').map((r) => r.leaves.get('No') ?? '');

  it('filters with NAV filter syntax: *, |, .., <>, <, >, @ and quotes', async () => {
    assert.deepEqual(await match('No', '10000..30000'), ['10000', '20000', '30000']);
    assert.deepEqual(await match('No', '..01445544'), ['01121212', '01445544']);
    assert.deepEqual(await match('No', '40000|50000'), ['40000', '50000']);
    assert.deepEqual(await match('Country_Region_Code', '<>GB&<>US'), ['31505050', '33002984', '49633663']);
    assert.deepEqual(await match('Name', 'S*'), ['01121212', '20000']);
    assert.deepEqual(await match('Name', '@*group*'), ['10000']);
    assert.deepEqual(await match('Location_Code', "''"), ['20000', '30000', '33002984', '50000']);
    assert.deepEqual(await match('Name', "'Spotsmeyer''s Furnishings'"), ['01121212']);
    assert.deepEqual(await match('Credit_Limit_LCY', '>0'), ['40000']);
    assert.deepEqual(await match('Blocked', 'All'), ['49633663']);
  });

  it('filters dates in the service date format (en-US: MM/DD/YYYY), Last_Date_Modified included', async () => {
    nav.sandbox.edit({ page: 'Customer', key: { No: '30000' }, fields: { Phone_No: '0123' } });
    assert.deepEqual(await match('Last_Date_Modified', '01/15/2026'), ['30000']);
    assert.deepEqual(await match('Last_Date_Modified', '01/14/26..'), ['30000']);
    const fault = await customer('ReadMultiple', '<tns:filter><tns:Field>Last_Date_Modified</tns:Field><tns:Criteria>2026-01-15</tns:Criteria></tns:filter><tns:setSize>0</tns:setSize>');
    assert.equal(fault.status, 500);
    assert.match(fault.fault?.message ?? '', /The filter "2026-01-15" is not valid for the Last Date Modified field on the Customer table/);
  });

  it('faults on an unknown field name', async () => {
    const answer = await customer('ReadMultiple', '<tns:filter><tns:Field>Nope</tns:Field><tns:Criteria>1</tns:Criteria></tns:filter><tns:setSize>1</tns:setSize>');
    assert.equal(answer.status, 500);
    assert.match(answer.fault?.message ?? '', /'Nope' is not a valid value for Customer_Fields/);
  });
});

describe('Create, Update, Delete, IsUpdated (§1.4, §1.6, §1.8)', () => {
  it('Create without No takes the next number of the series; with one, uses it (Manual Nos. on CUST)', async () => {
    const created = await customer('Create', '<tns:Customer><tns:Name>Fabrikam Ltd.</tns:Name><tns:Salesperson_Code>jo</tns:Salesperson_Code></tns:Customer>');
    assert.equal(created.status, 200);
    assert.match(leaf(created, 'No') ?? '', /^C\d{5}$/);
    assert.equal(leaf(created, 'Salesperson_Code'), 'JO', 'Code fields are upper-cased');
    assert.equal(leaf(created, 'Search_Name'), 'FABRIKAM LTD.');
    assert.equal(leaf(created, 'Last_Date_Modified'), '2026-01-15');
    const manual = await customer('Create', '<tns:Customer><tns:No>manual1</tns:No><tns:Name>Manual</tns:Name></tns:Customer>');
    assert.equal(leaf(manual, 'No'), 'MANUAL1');
  });

  it('refuses a duplicate with NAV text and the duplicate-key exception class', async () => {
    const answer = await customer('Create', '<tns:Customer><tns:No>10000</tns:No><tns:Name>Again</tns:Name></tns:Customer>');
    assert.equal(answer.status, 500);
    assert.equal(answer.fault?.codeNamespace, NAV_FAULT_NAMESPACE);
    assert.equal(answer.fault?.code, 'Microsoft.Dynamics.Nav.Types.Exceptions.NavCSideDuplicateKeyException');
    assert.equal(answer.fault?.message, "The Customer already exists. Identification fields and values: No.='10000'");
  });

  it('refuses a field longer than its length, and a code missing in its table', async () => {
    const long = await customer('Create', `<tns:Customer><tns:Name>${'N'.repeat(51)}</tns:Name></tns:Customer>`);
    assert.match(long.fault?.message ?? '', /^The length of the string is 51, but it must be less than or equal to 50 characters\. Value: N+$/);
    const code = await customer('Create', '<tns:Customer><tns:Name>X</tns:Name><tns:Payment_Terms_Code>99 DAYS</tns:Payment_Terms_Code></tns:Customer>');
    assert.equal(code.fault?.message, 'The field Payment Terms Code of table Customer contains a value (99 DAYS) that cannot be found in the related table (Payment Terms).');
    const country = await customer('Create', '<tns:Customer><tns:Name>X</tns:Name><tns:Country_Region_Code>XX</tns:Country_Region_Code></tns:Customer>');
    assert.match(country.fault?.message ?? '', /related table \(Country\/Region\)/);
  });

  it('CreateMultiple is all or nothing', async () => {
    const before = records(await customer('ReadMultiple', '<tns:setSize>0</tns:setSize>'), 'Customer').length;
    const answer = await customer('CreateMultiple', '<tns:Customer_List><tns:Customer><tns:Name>One</tns:Name></tns:Customer><tns:Customer><tns:No>20000</tns:No><tns:Name>Dup</tns:Name></tns:Customer></tns:Customer_List>');
    assert.equal(answer.status, 500);
    assert.equal(records(await customer('ReadMultiple', '<tns:setSize>0</tns:setSize>'), 'Customer').length, before);
    const ok = await customer('CreateMultiple', '<tns:Customer_List><tns:Customer><tns:Name>One</tns:Name></tns:Customer><tns:Customer><tns:Name>Two</tns:Name></tns:Customer></tns:Customer_List>');
    const list = ok.result?.children.find((c) => c.name === 'Customer_List');
    assert.deepEqual(list?.children.map((c) => c.leaves.get('Name')), ['One', 'Two']);
  });

  it('Update writes only the elements present, an empty element clears; the Key changes; a stale Key faults', async () => {
    const created = await customer('Create', '<tns:Customer><tns:Name>Partial</tns:Name><tns:City>Leeds</tns:City><tns:Phone_No>111</tns:Phone_No></tns:Customer>');
    const key = leaf(created, 'Key') ?? '';
    const updated = await customer('Update', `<tns:Customer><tns:Key>${key}</tns:Key><tns:City>York</tns:City><tns:Phone_No/></tns:Customer>`);
    assert.equal(updated.status, 200);
    assert.equal(leaf(updated, 'Name'), 'Partial', 'absent = unchanged');
    assert.equal(leaf(updated, 'City'), 'York');
    assert.equal(leaf(updated, 'Phone_No'), undefined, 'empty = cleared (and a blank value is left out of the answer)');
    const newKey = leaf(updated, 'Key') ?? '';
    assert.notEqual(newKey, key);
    const stale = await customer('Update', `<tns:Customer><tns:Key>${key}</tns:Key><tns:City>Hull</tns:City></tns:Customer>`);
    assert.equal(stale.status, 500);
    assert.equal(
      stale.fault?.message,
      'Another user has modified the record for this Customer after you retrieved it from the database. Enter your changes again in the updated window, or start the interrupted activity again.',
    );
    assert.equal((await customer('IsUpdated', `<tns:Key>${key}</tns:Key>`)).result?.leaves.get('IsUpdated_Result'), 'true');
    assert.equal((await customer('IsUpdated', `<tns:Key>${newKey}</tns:Key>`)).result?.leaves.get('IsUpdated_Result'), 'false');
    const same = await customer('Update', `<tns:Customer><tns:Key>${newKey}</tns:Key><tns:City>York</tns:City></tns:Customer>`);
    assert.equal(leaf(same, 'Key'), newKey, 'no change, no new version');
  });

  it('UpdateMultiple changes several records in one transaction: one stale Key and none changes', async () => {
    const list = (await customer('CreateMultiple', '<tns:Customer_List><tns:Customer><tns:Name>M1</tns:Name></tns:Customer><tns:Customer><tns:Name>M2</tns:Name></tns:Customer></tns:Customer_List>')).result?.children[0]?.children ?? [];
    const [k1, k2] = list.map((c) => c.leaves.get('Key') ?? '');
    const both = await customer('UpdateMultiple', `<tns:Customer_List><tns:Customer><tns:Key>${k1 ?? ''}</tns:Key><tns:City>A</tns:City></tns:Customer><tns:Customer><tns:Key>${k2 ?? ''}</tns:Key><tns:City>B</tns:City></tns:Customer></tns:Customer_List>`);
    assert.deepEqual(both.result?.children[0]?.children.map((c) => c.leaves.get('City')), ['A', 'B']);
    const newK1 = both.result?.children[0]?.children[0]?.leaves.get('Key') ?? '';
    const mixed = await customer('UpdateMultiple', `<tns:Customer_List><tns:Customer><tns:Key>${newK1}</tns:Key><tns:City>C</tns:City></tns:Customer><tns:Customer><tns:Key>${k2 ?? ''}</tns:Key><tns:City>D</tns:City></tns:Customer></tns:Customer_List>`);
    assert.equal(mixed.status, 500);
    assert.equal(leaf(await customer('Read', `<tns:No>${list[0]?.leaves.get('No') ?? ''}</tns:No>`), 'City'), 'A', 'rolled back');
  });

  it('Delete answers Delete_Result true; a deleted record then faults as not found', async () => {
    const created = await customer('Create', '<tns:Customer><tns:Name>Gone</tns:Name></tns:Customer>');
    const key = leaf(created, 'Key') ?? '';
    const deleted = await customer('Delete', `<tns:Key>${key}</tns:Key>`);
    assert.equal(deleted.result?.leaves.get('Delete_Result'), 'true');
    const again = await customer('Update', `<tns:Customer><tns:Key>${key}</tns:Key><tns:City>X</tns:City></tns:Customer>`);
    assert.equal(again.fault?.code, 'Microsoft.Dynamics.Nav.Types.Exceptions.NavCSideRecordNotFoundException');
    assert.equal(again.fault?.message, `The Customer does not exist. Identification fields and values: No.='${leaf(created, 'No') ?? ''}'`);
    assert.equal((await customer('IsUpdated', `<tns:Key>${key}</tns:Key>`)).status, 500, 'IsUpdated faults on a deleted record');
  });

  it('a customer with open orders or ledger entries cannot be deleted', async () => {
    const key = leaf(await customer('Read', '<tns:No>10000</tns:No>'), 'Key') ?? '';
    const answer = await customer('Delete', `<tns:Key>${key}</tns:Key>`);
    assert.equal(answer.fault?.message, 'You cannot delete Customer 10000 because there is at least one outstanding Sales Order for this customer.');
  });

  it('faults with HTTP 500, the faultcode in urn:microsoft-dynamics-schemas/error and the text twice', async () => {
    const answer = await customer('Create', `<tns:Customer><tns:Name>${'x'.repeat(60)}</tns:Name></tns:Customer>`);
    assert.equal(answer.status, 500);
    assert.equal(answer.fault?.codeNamespace, 'urn:microsoft-dynamics-schemas/error');
    assert.match(answer.text, /<faultstring xml:lang="en-US">The length of the string is 60/);
    assert.match(answer.text, /<detail><string xmlns="http:\/\/schemas\.microsoft\.com\/2003\/10\/Serialization\/">The length of the string is 60/);
  });

  it('takes xsi:nil="true" as a value not sent; refuses broken XML and SOAP 1.2', async () => {
    const created = await customer('Create', '<tns:Customer><tns:Name>Nil Test</tns:Name><tns:City>Leeds</tns:City></tns:Customer>');
    const key = leaf(created, 'Key') ?? '';
    const updated = await customer('Update', `<tns:Customer xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><tns:Key>${key}</tns:Key><tns:City xsi:nil="true"/><tns:Phone_No>5</tns:Phone_No></tns:Customer>`);
    assert.equal(leaf(updated, 'City'), 'Leeds');
    const broken = await fetch(nav.soapUrl(COMPANY, 'Customer'), { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><Read><No>1</Read></s:Body></s:Envelope>' });
    assert.equal(broken.status, 400);
    const soap12 = await fetch(nav.soapUrl(COMPANY, 'Customer'), { method: 'POST', headers: { 'content-type': 'application/soap+xml' }, body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Read xmlns="urn:microsoft-dynamics-schemas/page/customer"><No>10000</No></Read></s:Body></s:Envelope>' });
    assert.match(await soap12.text(), /not a SOAP 1\.1 envelope/);
  });

  it('escapes and reads back XML-special and Cyrillic text', async () => {
    const name = 'A&B <Ltd> "Q" ООО';
    const created = await customer('Create', `<tns:Customer><tns:Name>A&amp;B &lt;Ltd&gt; "Q" ООО</tns:Name></tns:Customer>`);
    assert.equal(leaf(created, 'Name'), name);
  });
});
