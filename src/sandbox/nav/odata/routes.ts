// OData v4 endpoints under /<Instance>/ODataV4/ (nav-web-services.md §3):
// service document, $metadata, Company, page collections with server-driven
// paging, single entities by key, the lines containment, POST/PATCH/DELETE
// with If-Match, and OData error JSON.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeDataString, fromODataValue, WireValueError, type FieldDef, type NavValue } from '../../../connectors/nav/schema/index.ts';
import { runCall, send, type CallAnswer, type CallSpec } from '../call.ts';
import type { Company } from '../data/company.ts';
import type { Row, StoredRow } from '../data/table.ts';
import { NavError, navErrors } from '../errors.ts';
import { decodeETag, encodeETag } from '../key.ts';
import { setFields, type FieldInput } from '../logic/records.ts';
import type { PageBinding } from '../pages/bindings.ts';
import type { PageEngine } from '../pages/engine.ts';
import { compileODataFilter } from '../query/odata-filter.ts';
import { compare } from '../query/nav-filter.ts';
import type { NavServerContext } from '../server-context.ts';
import { entityJson } from './json.ts';
import { metadataDocument } from './metadata.ts';
import { badQuery, checkFields, decodeSkipToken, encodeSkipToken, parseQuery, type QueryOptions } from './query.ts';
import { keyLiteral, ODataPathError, parsePath, type PathSegment } from './url.ts';

const JSON_TYPE = 'application/json; odata.metadata=minimal';
const HEADERS = { 'odata-version': '4.0' } as const;

interface Target {
  readonly company: Company;
  readonly binding: PageBinding;
  readonly engine: PageEngine;
  readonly header?: PathSegment;
  readonly lines?: PathSegment;
}

export function registerODataRoutes(app: FastifyInstance, ctx: NavServerContext): void {
  const prefix = `/${ctx.instance}/ODataV4`;
  void app.register((scope, _options, done) => {
    // Bodies are parsed here, so that bad JSON gets an OData error, not Fastify's.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, parsed) => parsed(null, body));
    const handler = (request: FastifyRequest, reply: FastifyReply): Promise<void> => handle(ctx, prefix, request, reply);
    scope.route({ method: ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'], url: prefix, handler });
    scope.route({ method: ['GET', 'POST', 'PATCH', 'DELETE', 'PUT'], url: `${prefix}/*`, handler });
    done();
  });
}

function errorAnswer(ctx: NavServerContext, error: unknown): CallAnswer {
  const correlation = `  CorrelationId:  ${randomUUID()}.`;
  if (error instanceof NavError) {
    const status = error.odata.code === 'Request_EntityChanged' ? ctx.staleETagStatus : error.odata.status;
    const code = ctx.odataErrorCodes ? error.odata.code : '';
    return json(status, { error: { code, message: `${error.odata.message ?? error.message}${correlation}` } });
  }
  if (error instanceof ODataPathError || error instanceof WireValueError) return json(400, { error: { code: ctx.odataErrorCodes ? 'BadRequest' : '', message: error.message } });
  return json(500, { error: { code: ctx.odataErrorCodes ? 'Internal_ServerError' : '', message: `${error instanceof Error ? error.message : String(error)}${correlation}` } });
}

function json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): CallAnswer {
  return { status, contentType: JSON_TYPE, headers: { ...HEADERS, ...headers }, body: status === 204 ? '' : JSON.stringify(body) };
}

async function handle(ctx: NavServerContext, prefix: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const [rawPath = '', rawQuery = ''] = request.url.slice(prefix.length).split(/\?(.*)/s);
  const base = `${request.protocol}://${request.headers.host ?? 'localhost'}${prefix}`;
  const fail = (error: unknown): Promise<void> => send(reply, errorAnswer(ctx, error));
  let segments: PathSegment[];
  try {
    segments = parsePath(decodeURIComponent(rawPath));
  } catch (error) {
    return fail(error instanceof URIError ? new ODataPathError('The URL is not correctly encoded.') : error);
  }
  const method = request.method;
  if (segments.length === 0) {
    return send(reply, json(200, { '@odata.context': `${base}/$metadata`, value: [{ name: 'Company', kind: 'EntitySet', url: 'Company' }] }));
  }
  if (segments.length === 1 && segments[0]?.name === '$metadata') {
    return send(reply, { status: 200, contentType: 'application/xml', headers: HEADERS, body: metadataDocument(ctx.state.bindings) });
  }
  const [first, second, third, ...rest] = segments;
  if (first?.name !== 'Company') return fail(badQuery(`Resource not found for the segment '${first?.name ?? ''}'.`));
  if (!first.key) {
    if (method !== 'GET' || second) return fail(navErrors.notAllowed(method, 'Company'));
    return send(reply, json(200, { '@odata.context': `${base}/$metadata#Company`, value: [...ctx.state.companies.keys()].map((Name) => ({ Name })) }));
  }
  const companyName = String(first.key.positional[0] ?? first.key.named.get('Name') ?? '');
  const company = ctx.state.company(companyName);
  if (!company) return fail(new NavError('NavNCLDialogException', `Cannot open company '${companyName}' because it does not exist.`, { status: 404, code: 'BadRequest_NotFound' }));
  const companyPath = `Company(${keyLiteral(company.name)})`;
  if (!second) return send(reply, json(200, { '@odata.context': `${base}/$metadata#Company/$entity`, Name: company.name }));
  const binding = ctx.state.bindings.find((b) => b.service === second.name);
  if (!binding || rest.length > 0) return fail(badQuery(`Resource not found for the segment '${binding ? (rest[0]?.name ?? '') : second.name}'.`));
  const engine = ctx.state.engine(company, binding);
  const part = binding.def.part;
  if (third && (!part || !second.key || third.name !== `${binding.service}${part.name}`)) return fail(badQuery(`Resource not found for the segment '${third.name}'.`));
  const target: Target = { company, binding, engine, ...(second.key ? { header: second } : {}), ...(third ? { lines: third } : {}) };
  const contextBase = `${base}/$metadata#${escapeDataStringKey(companyPath)}/${binding.service}`;
  const spec = buildSpec(ctx, request, target, { base: `${base}/${escapeDataStringKey(companyPath)}`, contextBase, rawQuery });
  if (!spec) return fail(navErrors.notAllowed(method, binding.def.pageName));
  return runCall(ctx, request, reply, spec);
}

/** Company('CRONUS International Ltd.') with the name percent-encoded as NAV writes it. */
function escapeDataStringKey(path: string): string {
  return path.replace(/\('(.*)'\)$/s, (_m, name: string) => `('${escapeDataString(name)}')`);
}

interface Urls {
  readonly base: string;
  readonly contextBase: string;
  readonly rawQuery: string;
}

function buildSpec(ctx: NavServerContext, request: FastifyRequest, target: Target, urls: Urls): CallSpec | undefined {
  const { engine, binding, company } = target;
  const logic = (): ReturnType<NavServerContext['state']['context']> => ctx.state.context(company);
  const method = request.method;
  const service = binding.service;
  const part = binding.def.part;
  const fail = (error: unknown): CallAnswer => errorAnswer(ctx, error);
  const serverError = (): CallAnswer => json(500, { error: { code: ctx.odataErrorCodes ? 'Internal_ServerError' : '', message: 'An unexpected error occurred on the server.' } });
  const header = (): StoredRow => findHeader(target);
  // Header values are ASCII: the key in a Location is percent-encoded as NAV encodes URLs.
  const entityUrl = (stored: StoredRow): string => `${urls.base}/${service}(${encodeKeyText(keyText(engine.def.key, stored.values))})`;
  const lineJson = (head: StoredRow, line: StoredRow): Record<string, unknown> => entityJson(part?.fields ?? [], engine.lineView(head, line, logic()), encodeETag(line.version), undefined);
  const linesJson = (head: StoredRow): Array<Record<string, unknown>> =>
    engine.lineViews(head, logic()).map((l) => entityJson(part?.fields ?? [], l.values, encodeETag(l.line.version), undefined));
  const headerJson = (stored: StoredRow, query: QueryOptions | undefined): Record<string, unknown> => {
    const select = query?.select ? new Set(query.select) : undefined;
    const out = entityJson(engine.def.fields, engine.view(stored, logic()), encodeETag(stored.version), select);
    if (part && query?.expand?.includes(`${service}${part.name}`)) out[`${service}${part.name}`] = linesJson(stored);
    return out;
  };
  const touch = (): void => {
    const stored = target.lines?.key ? findLine(target, header()) : target.header ? header() : undefined;
    const table = target.lines?.key ? engine.lineTable : engine.table;
    if (stored && table) setFields(table, stored, 'Last_Date_Modified' in stored.values ? { Last_Date_Modified: ctx.state.today() } : {});
  };
  const spec = (operation: string, write: boolean, run: () => CallAnswer): CallSpec => ({ method: `${service}.${operation}`, write, run, fail, serverError, touch });

  if (!target.header) {
    if (method === 'GET') return spec('ReadMultiple', false, () => collection(ctx, target, urls, parseQuery(urls.rawQuery), headerJson));
    if (method === 'POST') {
      return spec('Create', true, () =>
        company.transaction(() => {
          const stored = engine.create(inputOf(engine.def.fields, request.body, engine.binding.service, part ? `${service}${part.name}` : undefined), logic());
          return json(201, { '@odata.context': `${urls.contextBase}/$entity`, ...headerJson(stored, undefined) }, { location: entityUrl(stored), etag: encodeETag(stored.version) });
        }),
      );
    }
    return undefined;
  }
  if (!target.lines) {
    if (method === 'GET') {
      return spec('Read', false, () => {
        const query = parseQuery(urls.rawQuery);
        const stored = header();
        return json(200, { '@odata.context': `${urls.contextBase}/$entity`, ...headerJson(stored, query) }, { etag: encodeETag(stored.version) });
      });
    }
    if (method === 'PATCH') {
      return spec('Update', true, () =>
        company.transaction(() => {
          const stored = header();
          checkIfMatch(engine, stored, request.headers['if-match'], false);
          const updated = engine.modify(stored, inputOf(engine.def.fields, request.body, service, part ? `${service}${part.name}` : undefined), logic());
          return json(200, { '@odata.context': `${urls.contextBase}/$entity`, ...headerJson(updated, undefined) }, { etag: encodeETag(updated.version) });
        }),
      );
    }
    if (method === 'DELETE') {
      return spec('Delete', true, () =>
        company.transaction(() => {
          const stored = header();
          checkIfMatch(engine, stored, request.headers['if-match'], false);
          engine.delete(stored, logic());
          return json(204, undefined);
        }),
      );
    }
    return undefined;
  }
  const linesContext = `${urls.contextBase}(${keyText(engine.def.key, { ...engine.binding.fixed, ...keyValues(engine.def.key, engine.def.fields, target.header) })})/${service}${part?.name ?? ''}`;
  if (!target.lines.key) {
    if (method === 'GET') return spec('ReadLines', false, () => json(200, { '@odata.context': linesContext, value: linesJson(header()) }));
    if (method === 'POST') {
      return spec('CreateLine', true, () =>
        company.transaction(() => {
          const head = header();
          const line = engine.addLine(head, inputOf(part?.fields ?? [], request.body, `${service}${part?.name ?? ''}`, undefined), logic());
          return json(201, { '@odata.context': `${linesContext}/$entity`, ...lineJson(head, line) }, { etag: encodeETag(line.version) });
        }),
      );
    }
    return undefined;
  }
  if (method === 'GET') {
    return spec('ReadLine', false, () => {
      const head = header();
      const line = findLine(target, head);
      return json(200, { '@odata.context': `${linesContext}/$entity`, ...lineJson(head, line) }, { etag: encodeETag(line.version) });
    });
  }
  if (method === 'PATCH') {
    return spec('UpdateLine', true, () =>
      company.transaction(() => {
        const head = header();
        const line = findLine(target, head);
        checkIfMatch(engine, line, request.headers['if-match'], true);
        const updated = engine.modifyLine(line, inputOf(part?.fields ?? [], request.body, `${service}${part?.name ?? ''}`, undefined), logic());
        return json(200, { '@odata.context': `${linesContext}/$entity`, ...lineJson(head, updated) }, { etag: encodeETag(updated.version) });
      }),
    );
  }
  if (method === 'DELETE') {
    return spec('DeleteLine', true, () =>
      company.transaction(() => {
        const head = header();
        const line = findLine(target, head);
        checkIfMatch(engine, line, request.headers['if-match'], true);
        engine.deleteLine(head, line, logic());
        return json(204, undefined);
      }),
    );
  }
  return undefined;
}

function encodeKeyText(text: string): string {
  return text.replace(/'((?:[^']|'')*)'/g, (_m, inner: string) => `'${escapeDataString(inner)}'`);
}

function keyText(key: readonly string[], values: Row): string {
  if (key.length === 1) return keyLiteral(values[key[0] as string] ?? '');
  return key.map((k) => `${k}=${keyLiteral(values[k] ?? '')}`).join(',');
}

function keyValues(key: readonly string[], fields: readonly FieldDef[], segment: PathSegment | undefined): Row {
  const values: Row = {};
  const k = segment?.key;
  if (!k) return values;
  if (k.named.size === 0 && k.positional.length === 1 && key.length === 1) values[key[0] as string] = k.positional[0] as NavValue;
  else for (const [name, value] of k.named) values[name] = value;
  for (const field of fields) {
    const v = values[field.name];
    if (v !== undefined && field.kind === 'code') values[field.name] = String(v).toUpperCase();
  }
  if (Object.keys(values).length !== key.length || !key.every((name) => name in values)) {
    throw badQuery(`The number of keys specified in the URI does not match number of key properties for the resource '${segment?.name ?? ''}'.`);
  }
  return values;
}

function findHeader(target: Target): StoredRow {
  const values = keyValues(target.engine.def.key, target.engine.def.fields, target.header);
  for (const [k, v] of Object.entries(target.engine.binding.fixed)) if (values[k] !== undefined && values[k] !== v) throw target.engine.notFound(values);
  const stored = target.engine.find(values);
  if (!stored) throw target.engine.notFound(values);
  return stored;
}

function findLine(target: Target, header: StoredRow): StoredRow {
  const part = target.engine.part;
  if (!part) throw badQuery('This page has no lines.');
  const values = keyValues(part.key, part.fields, target.lines);
  const line = target.engine.findLine(header, Number(values[part.lineNoField]));
  if (!line || Object.entries(values).some(([k, v]) => line.values[k] !== v)) {
    const table = target.engine.lineTable;
    throw navErrors.recordNotFound(table?.name ?? part.tableName, part.key.map((k) => [table?.def.fieldMap.get(k)?.navName ?? k, values[k] ?? ''] as const));
  }
  return line;
}

/** PATCH and DELETE need If-Match (a token or *), §3.6. */
function checkIfMatch(engine: PageEngine, stored: StoredRow, header: string | undefined, line: boolean): void {
  if (header === undefined || header.trim() === '') {
    throw new NavError('NavNCLDialogException', 'Could not validate the client concurrency token required by the service. Please provide a valid token in the client request.', {
      status: 400,
      code: 'BadRequest_InvalidToken',
    });
  }
  if (header.trim() === '*') return;
  const version = decodeETag(header);
  if (version === undefined) throw navErrors.invalidKey(header);
  if (line) engine.checkLineVersion(stored, version);
  else engine.checkVersion(stored, version);
}

function inputOf(fields: readonly FieldDef[], raw: unknown, entityType: string, navigation: string | undefined): FieldInput {
  let body: unknown;
  try {
    body = typeof raw === 'string' && raw.trim() !== '' ? JSON.parse(raw) : raw === undefined || raw === '' ? {} : raw;
  } catch {
    throw badQuery('The request body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badQuery('The request body must be a JSON object.');
  const byName = new Map(fields.map((f) => [f.name, f]));
  const input = new Map<string, NavValue>();
  for (const [name, value] of Object.entries(body)) {
    if (name.startsWith('@') || name.includes('@odata.')) continue;
    if (navigation !== undefined && name === navigation) throw badQuery('Deep insert is not supported for pages published as OData web services; create the lines with their own requests.');
    const field = byName.get(name);
    if (!field) throw badQuery(`The property '${name}' does not exist on type 'NAV.${entityType}'. Make sure to only use property names that are defined by the type.`);
    if (field.readOnly) continue;
    try {
      input.set(name, fromODataValue(field, value));
    } catch (error) {
      if (error instanceof WireValueError) throw badQuery(error.message);
      throw error;
    }
  }
  return input;
}

function collection(
  ctx: NavServerContext,
  target: Target,
  urls: Urls,
  query: QueryOptions,
  toJson: (stored: StoredRow, query: QueryOptions) => Record<string, unknown>,
): CallAnswer {
  const { engine } = target;
  const fields = new Map(engine.def.fields.map((f) => [f.name, f]));
  if (query.select) checkFields(query.select, fields, target.binding.service);
  if (query.orderby) checkFields(query.orderby.map(([f]) => f), fields, target.binding.service);
  const part = engine.part;
  for (const e of query.expand ?? []) if (!part || e !== `${target.binding.service}${part.name}`) throw badQuery(`Could not find a property named '${e}' on type 'NAV.${target.binding.service}'.`);
  const where = query.filter ? compileODataFilter(query.filter, fields, target.binding.service).test : undefined;
  const logic = ctx.state.context(target.company);
  const token = query.skiptoken ? decodeSkipToken(query.skiptoken) : undefined;
  let pageSize = ctx.odataPageSize;
  let rows: StoredRow[];
  let next: string | undefined;
  if (query.top !== undefined) pageSize = query.top;
  if (!query.orderby && query.skip === undefined && (!token || 'key' in token)) {
    // Key order: continue after the last key, as a bookmark.
    const after = token && 'key' in token ? (token.key as NavValue[]) : undefined;
    rows = engine.list({ where, after, limit: pageSize + 1 }, logic);
    if (rows.length > pageSize) {
      rows = rows.slice(0, pageSize);
      const last = rows[rows.length - 1] as StoredRow;
      if (query.top === undefined) next = encodeSkipToken({ key: engine.table.keyOf(last.values) });
    }
  } else {
    const all = engine.list({ where, limit: Number.POSITIVE_INFINITY }, logic);
    if (query.orderby) {
      const order = query.orderby.map(([name, desc]) => [fields.get(name) as FieldDef, desc] as const);
      const views = new Map(all.map((s) => [s, engine.view(s, logic)]));
      all.sort((a, b) => {
        for (const [field, desc] of order) {
          const c = compare(field, views.get(a)?.[field.name] ?? '', views.get(b)?.[field.name] ?? '');
          if (c !== 0) return desc ? -c : c;
        }
        return 0;
      });
    }
    const offset = token && 'offset' in token ? token.offset : (query.skip ?? 0);
    rows = all.slice(offset, offset + pageSize);
    if (query.top === undefined && offset + pageSize < all.length) next = encodeSkipToken({ offset: offset + pageSize });
  }
  const selectPart = query.select ? `(${query.select.join(',')})` : '';
  const body: Record<string, unknown> = { '@odata.context': `${urls.contextBase}${selectPart}` };
  if (query.count) body['@odata.count'] = engine.list({ where, limit: Number.POSITIVE_INFINITY }, logic).length;
  body['value'] = rows.map((s) => toJson(s, query));
  if (next !== undefined) body['@odata.nextLink'] = nextLink(urls, query, next);
  return json(200, body);
}

function nextLink(urls: Urls, query: QueryOptions, token: string): string {
  const params = query.params.filter(([name]) => name !== '$skiptoken' && name !== '$skip').map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  params.push(`$skiptoken=${token}`);
  const path = urls.contextBase.slice(urls.contextBase.indexOf('#') + 1);
  return `${urls.base.slice(0, urls.base.lastIndexOf('/Company('))}/${path}?${params.join('&')}`;
}
