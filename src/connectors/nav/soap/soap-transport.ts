// Page operations over SOAP page services (nav-web-services.md §1): envelopes in
// WSDL order, Key as the concurrency token, the doubled ReadMultiple_Result,
// lines through Update of the header and Delete_<Part>.
import { SyncError } from '../../../core/failure.ts';
import type { DateOrder } from '../filters.ts';
import { navCriteria } from '../filters.ts';
import type { HttpResponse, NavHttp } from '../http/transport.ts';
import { statusError } from '../http/errors.ts';
import { blankValue, escapeDataString, fromSoapText, pageNamespace, toSoapText, WireValueError, type FieldDef, type NavValue, type PartDef } from '../schema/index.ts';
import type { LineChange, ListRequest, PageRef, PageTransport, RecordRef, Values, VersionedValues } from '../transport.ts';
import { faultError, faultOf } from './faults.ts';
import { child, childrenNamed, element, soapBody, soapEnvelope, type XmlElement } from './xml.ts';

export interface SoapTransportOptions {
  readonly http: NavHttp;
  /** http(s)://host:7047/<Instance> */
  readonly baseUrl: string;
  readonly company: string;
  readonly dateOrder: DateOrder;
  /** Records per CreateMultiple call (NAV caps a message at 1024 KB by default). */
  readonly batchSize: number;
}

const READS = new Set(['Read', 'ReadMultiple', 'ReadByRecId', 'IsUpdated', 'GetRecIdFromKey']);

export class SoapTransport implements PageTransport {
  readonly kind = 'soap';

  constructor(private readonly options: SoapTransportOptions) {}

  /** Calls an operation of a service under …/WS/ and answers the Body's result element. */
  async call(path: string, namespace: string, operation: string, inner: string, service: string): Promise<XmlElement> {
    const name = `${service}.${operation}`;
    const write = !READS.has(operation);
    const once = (): Promise<XmlElement> => this.options.http.observed(name, async () => {
      const response = await this.options.http.request({
        method: 'POST',
        url: `${this.options.baseUrl}/WS/${path}`,
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${namespace}:${operation}"`, accept: 'text/xml' },
        body: soapEnvelope(namespace, operation, inner),
        operation: name,
        write,
      });
      return resultOf(response, operation, name, write);
    });
    return write ? once() : this.options.http.read(once);
  }

  private page(page: PageRef, operation: string, inner: string): Promise<XmlElement> {
    return this.call(this.companyPath(`Page/${page.service}`), pageNamespace(page.service), operation, inner, page.service);
  }

  /** `<Company>/<rest>` with the company encoded as NAV expects (§1.1). */
  companyPath(rest: string): string {
    return `${escapeDataString(this.options.company)}/${rest}`;
  }

  async read(page: PageRef, key: Values): Promise<VersionedValues | undefined> {
    const inner = page.def.soapKey.map((k) => element(k, readKey(String(key[k] ?? '')))).join('');
    const result = await this.page(page, 'Read', inner);
    const node = child(result, page.service);
    return node === undefined ? undefined : decodeRecord(page, node);
  }

  private filters(page: PageRef, where: ListRequest['where']): string {
    const fields = new Map(page.def.fields.map((f) => [f.name, f]));
    return where
      .map(([name, condition]) => {
        const field = fields.get(name);
        if (!field || field.odataOnly) throw new SyncError('NAV_VALIDATION', `Page ${page.service} has no field ${name} to filter on.`, { operation: `${page.service}.ReadMultiple` });
        return `<filter>${element('Field', name)}${element('Criteria', navCriteria(field, condition, this.options.dateOrder))}</filter>`;
      })
      .join('');
  }

  async last(page: PageRef, request: Omit<ListRequest, 'pageSize' | 'withLines'>): Promise<VersionedValues | undefined> {
    // A negative setSize reads backwards from the end: -1 is the last record (§1.5).
    const result = await this.page(page, 'ReadMultiple', `${this.filters(page, request.where)}${element('setSize', '-1')}`);
    const node = childrenNamed(child(result, 'ReadMultiple_Result'), page.service)[0];
    return node === undefined ? undefined : decodeRecord(page, node);
  }

  async *pages(page: PageRef, request: ListRequest): AsyncGenerator<VersionedValues[]> {
    const filters = this.filters(page, request.where);
    let bookmark: string | undefined;
    for (;;) {
      const inner = `${filters}${bookmark ? element('bookmarkKey', bookmark) : ''}${element('setSize', String(request.pageSize))}`;
      const result = await this.page(page, 'ReadMultiple', inner);
      // <ReadMultiple_Result><ReadMultiple_Result><Customer/>…: the name is doubled (§1.4).
      const rows = childrenNamed(child(result, 'ReadMultiple_Result'), page.service).map((node) => decodeRecord(page, node));
      if (rows.length > 0) yield rows;
      if (rows.length < request.pageSize) return;
      bookmark = rows[rows.length - 1]?.version;
    }
  }

  async create(page: PageRef, values: Values): Promise<VersionedValues> {
    const result = await this.page(page, 'Create', encodeRecord(page, undefined, values));
    return decodeRecord(page, required(child(result, page.service), page, 'Create'));
  }

  async createMany(page: PageRef, records: readonly Values[]): Promise<VersionedValues[]> {
    const out: VersionedValues[] = [];
    for (let i = 0; i < records.length; i += this.options.batchSize) {
      const chunk = records.slice(i, i + this.options.batchSize);
      const inner = `<${page.service}_List>${chunk.map((r) => encodeRecord(page, undefined, r)).join('')}</${page.service}_List>`;
      const result = await this.page(page, 'CreateMultiple', inner);
      out.push(...childrenNamed(child(result, `${page.service}_List`), page.service).map((node) => decodeRecord(page, node)));
    }
    return out;
  }

  async update(page: PageRef, ref: RecordRef, changes: Values): Promise<VersionedValues> {
    const result = await this.page(page, 'Update', encodeRecord(page, ref.version, changes));
    return decodeRecord(page, required(child(result, page.service), page, 'Update'));
  }

  async delete(page: PageRef, ref: RecordRef): Promise<void> {
    await this.page(page, 'Delete', element('Key', ref.version));
  }

  async addLines(page: PageRef, header: RecordRef, lines: readonly Values[]): Promise<VersionedValues> {
    const part = partOf(page);
    const inner = lines.map((line) => encodeFields(part.lineType, part.fields, undefined, line)).join('');
    return this.updateWithLines(page, header, inner);
  }

  async updateLines(page: PageRef, header: RecordRef, changes: readonly LineChange[]): Promise<VersionedValues> {
    const part = partOf(page);
    const inner = changes.map((c) => encodeFields(part.lineType, part.fields, c.line.version, c.changes)).join('');
    return this.updateWithLines(page, header, inner);
  }

  async deleteLine(page: PageRef, _header: RecordRef, line: RecordRef): Promise<void> {
    const part = partOf(page);
    await this.page(page, `Delete_${part.name}`, element(`${part.name}_Key`, line.version));
  }

  /** Lines are added and changed by an Update of the header that carries them (§1.7). */
  private async updateWithLines(page: PageRef, header: RecordRef, linesXml: string): Promise<VersionedValues> {
    const part = partOf(page);
    const inner = `<${page.service}>${element('Key', header.version)}<${part.name}>${linesXml}</${part.name}></${page.service}>`;
    const result = await this.page(page, 'Update', inner);
    return decodeRecord(page, required(child(result, page.service), page, 'Update'));
  }
}

function partOf(page: PageRef): PartDef {
  if (!page.def.part) throw new Error(`page ${page.service} has no lines`);
  return page.def.part;
}

/** Read quotes key values holding ' = or & as "'A&B'" (Read-Operation.md). */
function readKey(value: string): string {
  return /['=&]/.test(value) ? `'${value.replace(/'/g, "''")}'` : value;
}

function required(node: XmlElement | undefined, page: PageRef, operation: string): XmlElement {
  if (node === undefined) throw new SyncError('NAV_SERVER_ERROR', `NAV answered ${page.service}.${operation} without the record.`, { operation: `${page.service}.${operation}` });
  return node;
}

function resultOf(response: HttpResponse, operation: string, name: string, write: boolean): XmlElement {
  const body = soapBody(response.body);
  const fault = faultOf(body);
  if (fault) throw faultError(fault, name);
  if (response.status !== 200 || body === undefined) {
    const retryAfter = response.headers['retry-after'];
    throw statusError(response.status === 200 ? 502 : response.status, name, write, response.body.slice(0, 200), Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  }
  const result = child(body, `${operation}_Result`);
  if (result) return result;
  // An empty <X_Result/> (Read of a missing record, an empty ReadMultiple) is a leaf.
  if (body.leaves.has(`${operation}_Result`)) return { ns: '', name: `${operation}_Result`, children: [], leaves: new Map(), text: '' };
  throw new SyncError('NAV_SERVER_ERROR', `NAV answered ${name} without ${operation}_Result.`, { operation: name });
}

function encodeRecord(page: PageRef, key: string | undefined, values: Values): string {
  return encodeFields(page.service, page.def.fields, key, values);
}

/** Fields in WSDL (page) order: Key first, read-only and OData-only fields never sent. */
function encodeFields(elementName: string, fields: readonly FieldDef[], key: string | undefined, values: Values): string {
  let xml = `<${elementName}>${key === undefined ? '' : element('Key', key)}`;
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || field.readOnly || field.odataOnly) continue;
    xml += element(field.name, toSoapText(field, value));
  }
  return `${xml}</${elementName}>`;
}

function decodeFields(fields: readonly FieldDef[], node: XmlElement): Record<string, NavValue> {
  const values: Record<string, NavValue> = {};
  for (const field of fields) {
    if (field.odataOnly) continue;
    const raw = node.leaves.get(field.name);
    // NAV leaves blank values out of its answers.
    try {
      values[field.name] = raw === undefined ? blankValue(field) : fromSoapText(field, raw);
    } catch (error) {
      if (error instanceof WireValueError) throw new SyncError('NAV_SERVER_ERROR', `NAV sent an unreadable value: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return values;
}

function decodeRecord(page: PageRef, node: XmlElement): VersionedValues {
  const values = { ...page.fixed, ...decodeFields(page.def.fields, node) };
  const version = node.leaves.get('Key') ?? '';
  const part = page.def.part;
  if (!part) return { values, version };
  const lines = childrenNamed(child(node, part.name), part.lineType).map((line) => ({
    values: { ...linePreset(part, values), ...decodeFields(part.fields, line) },
    version: line.leaves.get('Key') ?? '',
  }));
  return { values, version, lines };
}

/** Document_Type is no SOAP element; lines get it from the page view like the header. */
function linePreset(part: PartDef, header: Values): Values {
  return part.key.includes('Document_Type') && header['Document_Type'] !== undefined ? { Document_Type: header['Document_Type'] } : {};
}
