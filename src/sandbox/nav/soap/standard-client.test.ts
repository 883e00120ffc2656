// A generic SOAP client, as one written elsewhere would be: it knows only the
// WSDL URL and Windows credentials, learns the address, namespace, operations and
// soapActions from the WSDL, builds requests from plain objects and reads
// answers generically. It pages customers, creates and updates one, meets NAV's
// stale-Key fault, and creates a sales order with lines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { Client } from 'undici';
import { answerChallenge, decodeMessage, encodeNegotiate, type ChallengeMessage, type NtlmCredentials } from '../../../connectors/nav/ntlm/index.ts';
import { startNavSandbox, type RunningNavSandbox } from '../index.ts';

type Value = string | number | boolean | Params | Value[];
interface Params {
  readonly [name: string]: Value;
}

const generic = new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false });

/** HTTP with NTLM over one kept-alive connection, the way httpntlm/node-soap do it. */
class NtlmHttp {
  private readonly client: Client;
  constructor(
    origin: string,
    private readonly credentials: NtlmCredentials,
  ) {
    this.client = new Client(origin);
  }

  async request(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; text: string }> {
    const first = await this.client.request({ method, path, headers: { ...headers, authorization: `Negotiate ${encodeNegotiate().toString('base64')}` }, body: body ?? null });
    await first.body.text();
    const header = String(first.headers['www-authenticate'] ?? '');
    const challenge = decodeMessage(Buffer.from(header.split(' ')[1] ?? '', 'base64')) as ChallengeMessage;
    const second = await this.client.request({ method, path, headers: { ...headers, authorization: `Negotiate ${answerChallenge(challenge, this.credentials).toString('base64')}` }, body: body ?? null });
    return { status: second.statusCode, text: await second.body.text() };
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function toXml(params: Params): string {
  let xml = '';
  for (const [name, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'object' && !Array.isArray(item)) xml += `<tns:${name}>${toXml(item)}</tns:${name}>`;
      else if (typeof item !== 'object') xml += `<tns:${name}>${String(item).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</tns:${name}>`;
    }
  }
  return xml;
}

class WsdlClient {
  private constructor(
    private readonly http: NtlmHttp,
    readonly address: URL,
    readonly namespace: string,
    readonly actions: ReadonlyMap<string, string>,
    readonly wsdl: Record<string, unknown>,
  ) {}

  static async load(wsdlUrl: string, credentials: NtlmCredentials): Promise<WsdlClient> {
    const url = new URL(wsdlUrl);
    const http = new NtlmHttp(url.origin, credentials);
    const { status, text } = await http.request('GET', `${url.pathname}?wsdl`);
    assert.equal(status, 200);
    const wsdl = generic.parse(text) as { definitions: Record<string, unknown> };
    const defs = wsdl.definitions;
    const service = defs['service'] as { port: { address: { '@_location': string } } };
    const binding = defs['binding'] as { operation: Array<{ '@_name': string; operation: { '@_soapAction': string } }> };
    const actions = new Map(binding.operation.map((op) => [op['@_name'], op.operation['@_soapAction']]));
    return new WsdlClient(http, new URL(service.port.address['@_location']), String(defs['@_targetNamespace']), actions, defs);
  }

  /** The element names of a complex type, from the WSDL's schema. */
  typeElements(type: string): string[] {
    const schema = (this.wsdl['types'] as { schema: { complexType: Array<{ '@_name': string; sequence: { element: Array<{ '@_name': string }> | { '@_name': string } } }> } }).schema;
    const found = schema.complexType.find((t) => t['@_name'] === type);
    const elements = found?.sequence.element;
    return elements === undefined ? [] : (Array.isArray(elements) ? elements : [elements]).map((e) => e['@_name']);
  }

  async call(operation: string, params: Params): Promise<{ status: number; result: Record<string, unknown>; fault?: string }> {
    const action = this.actions.get(operation);
    assert.ok(action, `the WSDL has no ${operation}`);
    const body = `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="${this.namespace}"><soap:Body><tns:${operation}>${toXml(params)}</tns:${operation}></soap:Body></soap:Envelope>`;
    const { status, text } = await this.http.request('POST', this.address.pathname, { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${action}"` }, body);
    const parsed = generic.parse(text) as { Envelope: { Body: Record<string, unknown> } };
    const result = parsed.Envelope.Body;
    const fault = result['Fault'] as { faultstring?: string | { '#text': string } } | undefined;
    const faultText = typeof fault?.faultstring === 'object' ? fault.faultstring['#text'] : fault?.faultstring;
    return { status, result: (result[`${operation}_Result`] ?? {}) as Record<string, unknown>, ...(faultText !== undefined ? { fault: faultText } : {}) };
  }

  close(): Promise<void> {
    return this.http.close();
  }
}

const asList = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const COMPANY = 'CRONUS International Ltd.';
const CREDENTIALS = { user: 'integration', password: 'Wsdl-Pass-1', domain: 'CRONUS' };

describe('a generic WSDL-driven SOAP client with NTLM credentials', () => {
  let nav: RunningNavSandbox;
  before(async () => {
    nav = await startNavSandbox({ port: 0, auth: 'ntlm', customers: 25, ...CREDENTIALS });
  });
  after(() => nav.close());

  it('pages customers with ReadMultiple and bookmarkKey, creates and updates one, and gets the stale-Key fault', async () => {
    const customers = await WsdlClient.load(nav.soapUrl(COMPANY, 'Customer'), CREDENTIALS);
    try {
      assert.equal(customers.address.href, nav.soapUrl(COMPANY, 'Customer'));
      const seen: string[] = [];
      let bookmark: string | undefined;
      for (;;) {
        const { result } = await customers.call('ReadMultiple', { filter: { Field: 'No', Criteria: '' }, ...(bookmark ? { bookmarkKey: bookmark } : {}), setSize: 10 });
        const page = asList((result['ReadMultiple_Result'] as { Customer?: unknown } | undefined)?.Customer) as Array<{ No: string; Key: string }>;
        if (page.length === 0) break;
        seen.push(...page.map((c) => c.No));
        bookmark = page[page.length - 1]?.Key;
      }
      assert.equal(seen.length, 25);
      assert.equal(new Set(seen).size, 25);

      const created = await customers.call('Create', { Customer: { Name: 'WSDL Client Ltd.', City: 'Leeds' } });
      const record = created.result['Customer'] as { No: string; Key: string };
      assert.match(record.No, /^C\d+$/);
      const updated = await customers.call('Update', { Customer: { Key: record.Key, City: 'York' } });
      assert.equal((updated.result['Customer'] as { City: string }).City, 'York');
      const stale = await customers.call('Update', { Customer: { Key: record.Key, City: 'Hull' } });
      assert.equal(stale.status, 500);
      assert.match(stale.fault ?? '', /^Another user has modified the record for this Customer/);
    } finally {
      await customers.close();
    }
  });

  it('creates a sales order with lines, learning the line type from the WSDL', async () => {
    const orders = await WsdlClient.load(nav.soapUrl(COMPANY, 'SalesOrder'), CREDENTIALS);
    try {
      const headerFields = orders.typeElements('SalesOrder');
      assert.ok(headerFields.includes('SalesLines'));
      assert.ok(orders.typeElements('Sales_Order_Line_List').includes('Sales_Order_Line'));
      assert.deepEqual(orders.typeElements('Sales_Order_Line').slice(0, 3), ['Key', 'Type', 'No']);
      const created = await orders.call('Create', { SalesOrder: { Sell_to_Customer_No: '10000' } });
      const header = created.result['SalesOrder'] as { No: string; Key: string };
      const updated = await orders.call('Update', {
        SalesOrder: {
          Key: header.Key,
          SalesLines: { Sales_Order_Line: [{ Type: 'Item', No: '1896-S', Quantity: 1 }, { Type: 'Item', No: '1928-S', Quantity: 4 }] },
        },
      });
      assert.equal(updated.status, 200, updated.fault);
      const lines = asList((updated.result['SalesOrder'] as { SalesLines: { Sales_Order_Line: unknown } }).SalesLines.Sales_Order_Line) as Array<{ No: string; Quantity: string }>;
      assert.deepEqual(lines.map((l) => [l.No, l.Quantity]), [['1896-S', '1'], ['1928-S', '4']]);
    } finally {
      await orders.close();
    }
  });
});
