// OData v4 of the sandbox against the reference (nav-web-services.md §3) with a
// plain HTTP client: JSON shapes, query options, server-driven paging followed
// by @odata.nextLink, writes with ETags, keys, $metadata and error JSON.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../../core/clock.ts';
import { startNavSandbox, type RunningNavSandbox } from '../index.ts';

const COMPANY = 'CRONUS International Ltd.';
let nav: RunningNavSandbox;
let root: string;

type Json = Record<string, unknown>;

async function get(path: string): Promise<{ status: number; json: Json; headers: Headers }> {
  const response = await fetch(path.startsWith('http') ? path : `${root}/${path}`);
  return { status: response.status, json: (await response.json()) as Json, headers: response.headers };
}

async function send(method: string, path: string, body?: Json, ifMatch?: string): Promise<{ status: number; json: Json | undefined; headers: Headers }> {
  const response = await fetch(`${root}/${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Json) : undefined, headers: response.headers };
}

const values = (json: Json): Json[] => json['value'] as Json[];
const nos = (json: Json): unknown[] => values(json).map((v) => v['No']);

before(async () => {
  nav = await startNavSandbox({ port: 0, auth: 'none', customers: 60, odataPageSize: 25, clock: new FakeClock(Date.UTC(2026, 0, 15, 9)) });
  root = nav.odataUrl(COMPANY);
});
after(() => nav.close());

describe('collections and entities (§3.2, §3.5)', () => {
  it('answers @odata.context, value and an @odata.etag per entity; options as captions, blank dates as 0001-01-01', async () => {
    const { status, json } = await get("Customer?$filter=No eq '10000'");
    assert.equal(status, 200);
    assert.equal(json['@odata.context'], `${nav.baseUrl}/ODataV4/$metadata#Company('CRONUS%20International%20Ltd.')/Customer`);
    const c = values(json)[0] ?? {};
    assert.match(String(c['@odata.etag']), /^W\/"[A-Za-z0-9+/=]+"$/);
    assert.equal(c['Blocked'], ' ');
    assert.equal(c['Application_Method'], 'Apply to Oldest');
    assert.equal(typeof c['Balance_LCY'], 'number');
    assert.equal(c['Name'], 'The Cannon Group PLC');
  });

  it('reads one entity by key, with the context ending in /$entity and an ETag header', async () => {
    const { status, json, headers } = await get("Customer('20000')");
    assert.equal(status, 200);
    assert.match(String(json['@odata.context']), /\/Customer\/\$entity$/);
    assert.equal(headers.get('etag'), json['@odata.etag']);
  });

  it('reads a sales order by its composite key and expands its lines containment', async () => {
    const { status, json } = await get("SalesOrder(Document_Type='Order',No='101005')?$expand=SalesOrderSalesLines");
    assert.equal(status, 200);
    assert.equal(json['Document_Type'], 'Order');
    const lines = json['SalesOrderSalesLines'] as Json[];
    assert.equal(lines.length, 1);
    assert.deepEqual([lines[0]?.['Document_Type'], lines[0]?.['Document_No'], lines[0]?.['Line_No']], ['Order', '101005', 10000]);
    const line = await get("SalesOrder(Document_Type='Order',No='101005')/SalesOrderSalesLines(Document_Type='Order',Document_No='101005',Line_No=10000)");
    assert.equal(line.json['No'], '1936-S');
  });

  it('answers 404 with OData error JSON for a missing record, and for an unknown page or company', async () => {
    const missing = await get("Customer('NOPE')");
    assert.equal(missing.status, 404);
    const error = missing.json['error'] as Json;
    assert.equal(error['code'], 'Internal_RecordNotFound');
    assert.match(String(error['message']), /^The Customer does not exist\. Identification fields and values: No\.='NOPE' {2}CorrelationId:/);
    assert.match(String(((await get('Nope')).json['error'] as Json)['message']), /Resource not found for the segment 'Nope'/);
    assert.equal((await fetch(`${nav.baseUrl}/ODataV4/Company('Nope')/Customer`)).status, 404);
  });

  it('serves $metadata with entity types, keys, MaxLength and the lines containment', async () => {
    const xml = await (await fetch(`${nav.baseUrl}/ODataV4/$metadata`)).text();
    assert.match(xml, /<EntityType Name="Customer"><Key><PropertyRef Name="No"\/><\/Key><Property Name="No" Type="Edm.String" Nullable="false" MaxLength="20"\/><Property Name="Name" Type="Edm.String" MaxLength="50"\/>/);
    assert.match(xml, /<Property Name="Last_Date_Modified" Type="Edm.Date"\/>/);
    assert.match(xml, /<EntityType Name="SalesOrder"><Key><PropertyRef Name="Document_Type"\/><PropertyRef Name="No"\/>/);
    assert.match(xml, /<NavigationProperty Name="SalesOrderSalesLines" Type="Collection\(NAV.SalesOrderSalesLines\)" ContainsTarget="true"\/>/);
    const companies = await (await fetch(`${nav.baseUrl}/ODataV4/Company`)).json() as Json;
    assert.deepEqual(values(companies).map((c) => c['Name']), [COMPANY, 'КРОНУС Россия']);
  });
});

describe('query options (§3.3)', () => {
  it('filters with eq ne gt ge lt le and, or on one field, contains and startswith', async () => {
    assert.deepEqual(nos((await get("Customer?$filter=No ge '10000' and No le '30000'")).json), ['10000', '20000', '30000']);
    assert.deepEqual(nos((await get("Customer?$filter=No eq '40000' or No eq '50000'")).json), ['40000', '50000']);
    assert.deepEqual(nos((await get("Customer?$filter=contains(Name,'Haddock')")).json), ['30000']);
    assert.deepEqual(nos((await get("Customer?$filter=startswith(Name,'Sel') and Country_Region_Code ne 'US'")).json), ['20000']);
    assert.deepEqual(nos((await get('Customer?$filter=Credit_Limit_LCY gt 0')).json), ['40000']);
    assert.deepEqual(nos((await get("Customer?$filter=Blocked eq 'All'")).json), ['49633663']);
  });

  it('refuses OR across different fields with NAV\'s text', async () => {
    const { status, json } = await get("Customer?$filter=No eq '10000' or City eq 'Coventry'");
    assert.equal(status, 400);
    assert.match(String((json['error'] as Json)['message']), /^The 'OR' operator is not supported on distinct fields on an OData filter\./);
  });

  it('filters Last_Date_Modified by bare dates', async () => {
    nav.sandbox.edit({ page: 'Customer', key: { No: '20000' }, fields: { Phone_No: '42' } });
    assert.deepEqual(nos((await get('Customer?$filter=Last_Date_Modified ge 2026-01-15')).json), ['20000']);
    const quoted = await get("Customer?$filter=Last_Date_Modified ge '2026-01-15'");
    assert.equal(quoted.status, 400);
  });

  it('selects, orders, tops and skips', async () => {
    const selected = await get("Customer?$select=No,Name&$filter=No eq '10000'");
    assert.deepEqual(Object.keys(values(selected.json)[0] ?? {}), ['@odata.etag', 'No', 'Name']);
    assert.match(String(selected.json['@odata.context']), /\/Customer\(No,Name\)$/);
    const ordered = await get("Customer?$orderby=Name desc&$filter=Country_Region_Code eq 'US'");
    assert.deepEqual(nos(ordered.json), ['01121212', '01445544', '01454545'], 'Spotsmeyer, Progressive, New Concepts');
    const page = await get('Customer?$top=2&$skip=1');
    assert.deepEqual(nos(page.json), ['01445544', '01454545']);
    assert.equal(page.json['@odata.nextLink'], undefined, '$top suppresses the next link');
  });
});

describe('server-driven paging (§3.4)', () => {
  it('gives at most the page size and a nextLink a plain client follows to the end', async () => {
    const seen: unknown[] = [];
    let url: string | undefined = `${root}/Customer`;
    let pages = 0;
    while (url) {
      const { json } = await get(url);
      assert.ok(values(json).length <= 25);
      seen.push(...nos(json));
      url = json['@odata.nextLink'] as string | undefined;
      if (url) assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/DynamicsNAV110\/ODataV4\/Company\('CRONUS%20International%20Ltd\.'\)\/Customer\?\$skiptoken=/);
      pages++;
    }
    assert.equal(seen.length, 60);
    assert.equal(new Set(seen).size, 60);
    assert.equal(pages, 3);
  });

  it('keeps the filter and the order in the next link', async () => {
    const seen: unknown[] = [];
    let url: string | undefined = `${root}/Customer?$filter=${encodeURIComponent("Country_Region_Code eq 'GB'")}&$orderby=Name`;
    while (url) {
      const { json } = await get(url);
      seen.push(...values(json).map((v) => v['Name']));
      url = json['@odata.nextLink'] as string | undefined;
    }
    assert.ok(seen.length > 25);
    assert.deepEqual([...seen].sort(), seen);
  });
});

describe('writes with ETags (§3.6)', () => {
  it('POST creates with the next number (201 with body), PATCH changes (200 with body), DELETE answers 204', async () => {
    const created = await send('POST', 'Customer', { Name: 'OData Ltd.', City: 'Leeds' });
    assert.equal(created.status, 201);
    const no = String(created.json?.['No']);
    assert.match(no, /^C\d{5}$/);
    assert.equal(created.json?.['Last_Date_Modified'], '2026-01-15');
    assert.ok(created.headers.get('location')?.endsWith(`/Customer('${no}')`));
    const patched = await send('PATCH', `Customer('${no}')`, { City: 'York' }, String(created.json?.['@odata.etag']));
    assert.equal(patched.status, 200);
    assert.equal(patched.json?.['City'], 'York');
    assert.equal(patched.json?.['Name'], 'OData Ltd.');
    assert.notEqual(patched.json?.['@odata.etag'], created.json?.['@odata.etag']);
    const deleted = await send('DELETE', `Customer('${no}')`, undefined, String(patched.json?.['@odata.etag']));
    assert.equal(deleted.status, 204);
  });

  it('requires If-Match (400 with NAV\'s text), accepts *, and answers a stale ETag with 409 Request_EntityChanged', async () => {
    const created = await send('POST', 'Customer', { Name: 'Etag Ltd.' });
    const no = String(created.json?.['No']);
    const missing = await send('PATCH', `Customer('${no}')`, { City: 'A' });
    assert.equal(missing.status, 400);
    assert.equal((missing.json?.['error'] as Json)['code'], 'BadRequest_InvalidToken');
    assert.match(String((missing.json?.['error'] as Json)['message']), /^Could not validate the client concurrency token required by the service\. Please provide a valid token in the client request\./);
    const star = await send('PATCH', `Customer('${no}')`, { City: 'B' }, '*');
    assert.equal(star.status, 200);
    const stale = await send('PATCH', `Customer('${no}')`, { City: 'C' }, String(created.json?.['@odata.etag']));
    assert.equal(stale.status, 409);
    assert.equal((stale.json?.['error'] as Json)['code'], 'Request_EntityChanged');
    assert.match(String((stale.json?.['error'] as Json)['message']), /^Another user has already changed the record\./);
    const staleDelete = await send('DELETE', `Customer('${no}')`, undefined, String(created.json?.['@odata.etag']));
    assert.equal(staleDelete.status, 409);
  });

  it('refuses manual numbers on documents, unknown properties and deep inserts', async () => {
    const manual = await send('POST', 'SalesOrder', { No: 'X1', Sell_to_Customer_No: '10000' });
    assert.equal(manual.status, 400);
    assert.match(String((manual.json?.['error'] as Json)['message']), /^You may not enter numbers manually/);
    const unknown = await send('POST', 'Customer', { Name: 'X', Nope: 1 });
    assert.match(String((unknown.json?.['error'] as Json)['message']), /The property 'Nope' does not exist on type 'NAV.Customer'/);
    const deep = await send('POST', 'SalesOrder', { Sell_to_Customer_No: '10000', SalesOrderSalesLines: [] });
    assert.equal(deep.status, 400);
  });

  it('creates a sales order and its lines through the containment; a posted page refuses writes', async () => {
    const header = await send('POST', 'SalesOrder', { Sell_to_Customer_No: '20000' });
    assert.equal(header.status, 201);
    const no = String(header.json?.['No']);
    const line = await send('POST', `SalesOrder(Document_Type='Order',No='${no}')/SalesOrderSalesLines`, { Type: 'Item', No: '1900-S', Quantity: 2 });
    assert.equal(line.status, 201);
    assert.equal(line.json?.['Line_No'], 10000);
    assert.equal(line.json?.['Line_Amount'], 385.6);
    const changed = await send('PATCH', `SalesOrder(Document_Type='Order',No='${no}')/SalesOrderSalesLines(Document_Type='Order',Document_No='${no}',Line_No=10000)`, { Quantity: 3 }, String(line.json?.['@odata.etag']));
    assert.equal(changed.json?.['Quantity'], 3);
    const posted = await send('POST', 'PostedSalesInvoices', { No: 'X' });
    assert.equal(posted.status, 405);
  });

  it('leaves error codes empty when told to (NAV 2017/2018) and can answer a stale ETag with 412', async () => {
    const other = await startNavSandbox({ port: 0, auth: 'none', odataErrorCodes: false, staleETagStatus: 412 });
    try {
      const base = other.odataUrl(COMPANY);
      const created = (await (await fetch(`${base}/Customer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"Name":"A"}' })).json()) as Json;
      await fetch(`${base}/Customer('${String(created['No'])}')`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': '*' }, body: '{"City":"B"}' });
      const stale = await fetch(`${base}/Customer('${String(created['No'])}')`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': String(created['@odata.etag']) }, body: '{"City":"C"}' });
      assert.equal(stale.status, 412);
      assert.equal(((await stale.json()) as { error: Json }).error['code'], '');
    } finally {
      await other.close();
    }
  });
});
