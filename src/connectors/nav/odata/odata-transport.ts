// Page operations over OData v4 (nav-web-services.md §3): JSON with
// @odata.etag, server-driven paging by following @odata.nextLink verbatim,
// If-Match on PATCH and DELETE, lines through the `<Service><Part>` containment.
import { SyncError } from '../../../core/failure.ts';
import { odataCondition } from '../filters.ts';
import type { NavHttp } from '../http/transport.ts';
import { escapeDataString, fromODataValue, toODataValue, WireValueError, type FieldDef, type NavValue, type PartDef } from '../schema/index.ts';
import type { LineChange, ListRequest, PageRef, PageTransport, RecordRef, Values, VersionedValues } from '../transport.ts';
import { odataError } from './errors.ts';

export interface ODataTransportOptions {
  readonly http: NavHttp;
  /** http(s)://host:7048/<Instance> */
  readonly baseUrl: string;
  readonly company: string;
  /** Parallel POSTs of createMany; lines of one document are always sent one by one (§2.1 anti-patterns). */
  readonly parallelCreates: number;
}

type Json = Record<string, unknown>;

export class ODataTransport implements PageTransport {
  readonly kind = 'odata';
  private readonly root: string;

  constructor(private readonly options: ODataTransportOptions) {
    this.root = `${options.baseUrl}/ODataV4/Company(${literal(options.company)})`;
  }

  private send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, operation: string, body?: Json, ifMatch?: string): Promise<Json | undefined> {
    const once = (): Promise<Json | undefined> => this.options.http.observed(operation, () => this.exchange(method, url, operation, body, ifMatch));
    return method === 'GET' ? this.options.http.read(once) : once();
  }

  private async exchange(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, operation: string, body?: Json, ifMatch?: string): Promise<Json | undefined> {
    const write = method !== 'GET';
    const response = await this.options.http.request({
      method,
      url,
      headers: {
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...(ifMatch ? { 'if-match': ifMatch } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      operation,
      write,
    });
    if (response.status >= 300) throw odataError(response, operation, write);
    if (response.status === 204 || response.body === '') return undefined;
    try {
      return JSON.parse(response.body) as Json;
    } catch (error) {
      throw new SyncError('NAV_SERVER_ERROR', `NAV answered ${operation} with something that is not JSON.`, { operation, cause: error });
    }
  }

  private entityUrl(page: PageRef, key: Values): string {
    return `${this.root}/${page.service}(${keyPart(page.def.key, { ...page.fixed, ...key })})`;
  }

  private linesUrl(page: PageRef, header: Values): string {
    return `${this.entityUrl(page, header)}/${page.service}${partOf(page).name}`;
  }

  async read(page: PageRef, key: Values, withLines: boolean): Promise<VersionedValues | undefined> {
    const part = page.def.part;
    const expand = withLines && part ? `?$expand=${page.service}${part.name}` : '';
    try {
      const json = await this.send('GET', `${this.entityUrl(page, key)}${expand}`, `${page.service}.Read`);
      return json ? decodeEntity(page, json, withLines) : undefined;
    } catch (error) {
      if (error instanceof SyncError && error.code === 'NAV_NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** $filter and $select of a list request. */
  private listParams(page: PageRef, request: Pick<ListRequest, 'where' | 'select'>): string[] {
    const fields = new Map(page.def.fields.map((f) => [f.name, f]));
    const clauses = request.where.map(([name, condition]) => {
      const field = fields.get(name);
      if (!field) throw new SyncError('NAV_VALIDATION', `Page ${page.service} has no field ${name} to filter on.`, { operation: `${page.service}.ReadMultiple` });
      return odataCondition(field, condition);
    });
    const params: string[] = [];
    if (clauses.length > 0) params.push(`$filter=${encodeURIComponent(clauses.join(' and '))}`);
    if (request.select) params.push(`$select=${[...new Set([...page.def.key, ...request.select])].join(',')}`);
    return params;
  }

  async last(page: PageRef, request: Omit<ListRequest, 'pageSize' | 'withLines'>): Promise<VersionedValues | undefined> {
    // $top suppresses the next link (§3.3): one record, the highest key.
    const params = [...this.listParams(page, request), `$orderby=${page.def.key.map((k) => `${k} desc`).join(',')}`, '$top=1'];
    const json = await this.send('GET', `${this.root}/${page.service}?${params.join('&')}`, `${page.service}.ReadMultiple`);
    const first = Array.isArray(json?.['value']) ? (json['value'] as Json[])[0] : undefined;
    return first === undefined ? undefined : decodeEntity(page, first, false);
  }

  async *pages(page: PageRef, request: ListRequest): AsyncGenerator<VersionedValues[]> {
    const params = this.listParams(page, request);
    const part = page.def.part;
    if (request.withLines && part) params.push(`$expand=${page.service}${part.name}`);
    let url: string | undefined = `${this.root}/${page.service}${params.length ? `?${params.join('&')}` : ''}`;
    while (url) {
      const json: Json | undefined = await this.send('GET', url, `${page.service}.ReadMultiple`);
      const value = Array.isArray(json?.['value']) ? (json['value'] as Json[]) : [];
      if (value.length > 0) yield value.map((v) => decodeEntity(page, v, request.withLines));
      const next = json?.['@odata.nextLink'];
      url = typeof next === 'string' ? next : undefined;
    }
  }

  async create(page: PageRef, values: Values): Promise<VersionedValues> {
    const json = await this.send('POST', `${this.root}/${page.service}`, `${page.service}.Create`, encode(page.def.fields, values));
    return decodeEntity(page, required(json, page, 'Create'), false);
  }

  async createMany(page: PageRef, records: readonly Values[]): Promise<VersionedValues[]> {
    const out = new Array<VersionedValues>(records.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < records.length) {
        const i = next++;
        out[i] = await this.create(page, records[i] as Values);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.parallelCreates, records.length) }, worker));
    return out;
  }

  async update(page: PageRef, ref: RecordRef, changes: Values): Promise<VersionedValues> {
    const json = await this.send('PATCH', this.entityUrl(page, ref.key), `${page.service}.Update`, encode(page.def.fields, changes), ref.version);
    return decodeEntity(page, required(json, page, 'Update'), false);
  }

  async delete(page: PageRef, ref: RecordRef): Promise<void> {
    await this.send('DELETE', this.entityUrl(page, ref.key), `${page.service}.Delete`, undefined, ref.version);
  }

  async addLines(page: PageRef, header: RecordRef, lines: readonly Values[]): Promise<VersionedValues> {
    const part = partOf(page);
    for (const line of lines) await this.send('POST', this.linesUrl(page, header.key), `${page.service}.CreateLine`, encode(part.fields, line));
    return this.reread(page, header);
  }

  async updateLines(page: PageRef, header: RecordRef, changes: readonly LineChange[]): Promise<VersionedValues> {
    const part = partOf(page);
    for (const change of changes) {
      await this.send('PATCH', this.lineUrl(page, header, change.line), `${page.service}.UpdateLine`, encode(part.fields, change.changes), change.line.version);
    }
    return this.reread(page, header);
  }

  async deleteLine(page: PageRef, header: RecordRef, line: RecordRef): Promise<void> {
    await this.send('DELETE', this.lineUrl(page, header, line), `${page.service}.DeleteLine`, undefined, line.version);
  }

  private lineUrl(page: PageRef, header: RecordRef, line: RecordRef): string {
    const part = partOf(page);
    const values = { ...page.fixed, ...line.key, [part.link.lineField]: header.key[part.link.headerField] ?? line.key[part.link.lineField] ?? '' };
    return `${this.linesUrl(page, header.key)}(${keyPart(part.key, values)})`;
  }

  private async reread(page: PageRef, header: RecordRef): Promise<VersionedValues> {
    const doc = await this.read(page, header.key, true);
    if (!doc) throw new SyncError('NAV_NOT_FOUND', `The ${page.def.tableName} ${String(header.key['No'] ?? '')} no longer exists.`, { operation: `${page.service}.Read` });
    return doc;
  }
}

function partOf(page: PageRef): PartDef {
  if (!page.def.part) throw new Error(`page ${page.service} has no lines`);
  return page.def.part;
}

/** A key literal in a URL: 'O''Brien' percent-encoded inside the quotes, numbers bare. */
function literal(value: NavValue): string {
  return typeof value === 'string' ? `'${escapeDataString(value.replace(/'/g, "''"))}'` : String(value);
}

/** `'10000'` or `Document_Type='Order',No='101005'`. */
function keyPart(key: readonly string[], values: Values): string {
  if (key.length === 1) return literal(values[key[0] as string] ?? '');
  return key.map((k) => `${k}=${literal(values[k] ?? '')}`).join(',');
}

function required(json: Json | undefined, page: PageRef, operation: string): Json {
  if (!json) throw new SyncError('NAV_SERVER_ERROR', `NAV answered ${page.service}.${operation} without the record.`, { operation: `${page.service}.${operation}` });
  return json;
}

function encode(fields: readonly FieldDef[], values: Values): Json {
  const body: Json = {};
  for (const field of fields) {
    const value = values[field.name];
    if (value === undefined || field.readOnly) continue;
    body[field.name] = toODataValue(field, value);
  }
  return body;
}

function decodeFields(fields: readonly FieldDef[], json: Json): Record<string, NavValue> {
  const values: Record<string, NavValue> = {};
  for (const field of fields) {
    const raw = json[field.name];
    if (raw === undefined || raw === null) continue;
    try {
      values[field.name] = fromODataValue(field, raw);
    } catch (error) {
      if (error instanceof WireValueError) throw new SyncError('NAV_SERVER_ERROR', `NAV sent an unreadable value: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return values;
}

function decodeEntity(page: PageRef, json: Json, withLines: boolean): VersionedValues {
  const values = decodeFields(page.def.fields, json);
  const version = typeof json['@odata.etag'] === 'string' ? json['@odata.etag'] : '';
  const part = page.def.part;
  if (!part || !withLines) return { values, version };
  const raw = json[`${page.service}${part.name}`];
  const lines = (Array.isArray(raw) ? (raw as Json[]) : []).map((line) => ({
    values: decodeFields(part.fields, line),
    version: typeof line['@odata.etag'] === 'string' ? line['@odata.etag'] : '',
  }));
  return { values, version, lines };
}
