// The operations of a SOAP page service (nav-web-services.md §1.4–1.8): Read,
// ReadByRecId, ReadMultiple, Create(Multiple), Update(Multiple), Delete,
// IsUpdated, GetRecIdFromKey and Delete_<Part>. Each call is one transaction.
import type { NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row, StoredRow } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { LogicContext } from '../logic/context.ts';
import type { PageEngine } from '../pages/engine.ts';
import { compileNavFilter, type DateOrder } from '../query/nav-filter.ts';
import { decodeKey, encodeKey } from '../key.ts';
import { readEntity, readLines, soapFields, writeEntity, type BlankFields, type EntityShape } from './entity-xml.ts';
import { child, childrenNamed, escapeXml, type XmlElement } from './xml.ts';

export interface PageCall {
  readonly engine: PageEngine;
  readonly service: string;
  readonly ctx: LogicContext;
  readonly blank: BlankFields;
  readonly dateOrder: DateOrder;
}

export function runPageOperation(call: PageCall, operation: string, body: XmlElement): string {
  const { engine, service } = call;
  const company = engine.company;
  const shape: EntityShape = { element: service, fields: soapFields(engine.def.fields) };
  const out: string[] = [];
  const result = (content: () => void): string => {
    out.push(`<${operation}_Result xmlns="${namespaceOf(service)}">`);
    content();
    out.push(`</${operation}_Result>`);
    return out.join('');
  };
  const writeRecord = (stored: StoredRow): void => {
    const part = engine.part;
    const lines = part ? { part, rows: engine.lineViews(stored, call.ctx).map((l) => ({ key: lineKey(engine, l.line), values: l.values })) } : undefined;
    writeEntity(out, shape, keyOf(engine, stored), engine.view(stored, call.ctx), call.blank, lines);
  };

  switch (operation) {
    case 'Read': {
      const values: Row = {};
      for (const k of engine.def.soapKey) values[k] = keyParameter(engine, k, body.leaves.get(k) ?? '');
      const stored = engine.find(values);
      return result(() => stored && writeRecord(stored));
    }
    case 'ReadByRecId': {
      const stored = findByRecId(engine, body.leaves.get('recId') ?? '');
      return result(() => stored && writeRecord(stored));
    }
    case 'ReadMultiple': {
      const rows = readMultiple(call, body);
      return result(() => {
        if (rows.length === 0) return;
        out.push('<ReadMultiple_Result>');
        for (const stored of rows) writeRecord(stored);
        out.push('</ReadMultiple_Result>');
      });
    }
    case 'IsUpdated': {
      const { stored, version } = byKey(engine, body.leaves.get('Key'));
      return result(() => out.push(`<IsUpdated_Result>${stored.version !== version}</IsUpdated_Result>`));
    }
    case 'GetRecIdFromKey': {
      const { stored } = byKey(engine, body.leaves.get('Key'));
      return result(() => out.push(`<GetRecIdFromKey_Result>${escapeXml(recIdOf(engine, stored))}</GetRecIdFromKey_Result>`));
    }
    case 'Create':
    case 'CreateMultiple':
    case 'Update':
    case 'UpdateMultiple': {
      // X takes one <Service>, XMultiple a <Service>_List of them; both are one transaction.
      const multiple = operation.endsWith('Multiple');
      const nodes = multiple ? childrenNamed(child(body, `${service}_List`), service) : childrenNamed(body, service);
      if (nodes.length === 0) throw navErrors.badValue(`The ${multiple ? `${service}_List` : service} element is missing.`);
      const write = operation.startsWith('Create') ? create : update;
      const written = company.transaction(() => nodes.map((node) => write(call, node)));
      return result(() => {
        if (multiple) out.push(`<${service}_List>`);
        for (const stored of written) writeRecord(stored);
        if (multiple) out.push(`</${service}_List>`);
      });
    }
    case 'Delete': {
      company.transaction(() => {
        const { stored, version } = byKey(engine, body.leaves.get('Key'));
        engine.checkVersion(stored, version);
        engine.delete(stored, call.ctx);
      });
      return result(() => out.push('<Delete_Result>true</Delete_Result>'));
    }
    default: {
      const part = engine.part;
      if (part && operation === `Delete_${part.name}`) {
        company.transaction(() => {
          const { header, line, version } = lineByKey(engine, body.leaves.get(`${part.name}_Key`) ?? body.leaves.get('Key'));
          engine.checkLineVersion(line, version);
          engine.deleteLine(header, line, call.ctx);
        });
        return result(() => out.push(`<${operation}_Result>true</${operation}_Result>`));
      }
      throw navErrors.badValue(`The operation ${operation} is not defined on service ${service}.`);
    }
  }
}

function namespaceOf(service: string): string {
  return `urn:microsoft-dynamics-schemas/page/${service.toLowerCase()}`;
}

function keyParameter(engine: PageEngine, name: string, text: string): NavValue {
  const field = engine.table.def.fieldMap.get(name);
  // Read quotes key values containing ' = & as "'A&B'" (Read-Operation.md).
  const unquoted = /^'.*'$/.test(text) ? text.slice(1, -1).replace(/''/g, "'") : text;
  if (field?.kind === 'integer') return Number(unquoted);
  return field?.kind === 'code' ? unquoted.toUpperCase() : unquoted;
}

export function keyOf(engine: PageEngine, stored: StoredRow): string {
  return encodeKey(engine.table.def.no, engine.table.keyOf(stored.values), stored.version);
}

function lineKey(engine: PageEngine, line: StoredRow): string {
  const table = engine.lineTable;
  return table ? encodeKey(table.def.no, table.keyOf(line.values), line.version) : '';
}

function byKey(engine: PageEngine, key: string | undefined): { stored: StoredRow; version: number } {
  const decoded = key === undefined ? undefined : decodeKey(key);
  if (!decoded || decoded.tableNo !== engine.table.def.no) throw navErrors.invalidKey(key ?? '');
  const stored = engine.table.get(decoded.key);
  const values = Object.fromEntries(engine.table.def.key.map((k, i) => [k, decoded.key[i] ?? '']));
  if (!stored || !engine.inView(stored.values)) throw engine.notFound(values);
  return { stored, version: decoded.version };
}

function lineByKey(engine: PageEngine, key: string | undefined): { header: StoredRow; line: StoredRow; version: number } {
  const table = engine.lineTable;
  const part = engine.part;
  const decoded = key === undefined ? undefined : decodeKey(key);
  if (!table || !part || !decoded || decoded.tableNo !== table.def.no) throw navErrors.invalidKey(key ?? '');
  const line = table.get(decoded.key);
  const values = Object.fromEntries(table.def.key.map((k, i) => [k, decoded.key[i] ?? '']));
  if (!line) throw navErrors.recordNotFound(table.name, table.def.key.map((k) => [table.def.fieldMap.get(k)?.navName ?? k, values[k] ?? ''] as const));
  const header = engine.find({ ...line.values, [part.link.headerField]: line.values[part.link.lineField] ?? '' });
  if (!header) throw engine.notFound({ [part.link.headerField]: line.values[part.link.lineField] ?? '' });
  return { header, line, version: decoded.version };
}

function recIdOf(engine: PageEngine, stored: StoredRow): string {
  return `${engine.table.name}: ${engine.table.keyOf(stored.values).map(String).join(',')}`;
}

function findByRecId(engine: PageEngine, recId: string): StoredRow | undefined {
  // "Customer: 10000"; the docs pass it upper-cased (GetRecIdFromKey-operation.md), so compare without case.
  const at = recId.indexOf(':');
  if (at < 0 || recId.slice(0, at).trim().toLowerCase() !== engine.table.name.toLowerCase()) return undefined;
  const parts = recId.slice(at + 1).split(',').map((p) => p.trim());
  const key = engine.table.def.key.map((k, i) => {
    const field = engine.table.def.fieldMap.get(k);
    const raw = parts[i] ?? '';
    if (field?.kind === 'integer') return Number(raw);
    if (field?.kind === 'option') return field.options.find((o) => o.toLowerCase() === raw.toLowerCase()) ?? raw;
    return raw.toUpperCase();
  });
  const stored = engine.table.get(key);
  return stored && engine.inView(stored.values) ? stored : undefined;
}

function readMultiple(call: PageCall, body: XmlElement): StoredRow[] {
  const { engine } = call;
  const fields = new Map(soapFields(engine.def.fields).map((f) => [f.name, f]));
  // Several filters on one field: the last one wins (UNCONFIRMED, nav-web-services.md §1.5).
  const criteria = new Map<string, string>();
  for (const filter of childrenNamed(body, 'filter')) {
    const name = filter.leaves.get('Field') ?? '';
    const text = filter.leaves.get('Criteria') ?? '';
    if (!fields.has(name)) throw navErrors.badValue(`Instance validation error: '${name}' is not a valid value for ${call.service}_Fields.`);
    // An empty Criteria is no filter, as SETFILTER(Field, '') removes one ('' in quotes is the blank value).
    if (text.trim() === '') criteria.delete(name);
    else criteria.set(name, text);
  }
  const tests = [...criteria].map(([name, text]) => {
    const field = fields.get(name) as NonNullable<ReturnType<typeof fields.get>>;
    const test = compileNavFilter(field, text, { dateOrder: call.dateOrder, today: call.ctx.today }, engine.table.name);
    return (row: Row): boolean => test(row[name] ?? '');
  });
  const setSizeText = body.leaves.get('setSize') ?? '0';
  if (!/^-?\d+$/.test(setSizeText.trim())) throw navErrors.badValue(`The value '${setSizeText}' of setSize is not an integer.`);
  const setSize = Number(setSizeText);
  const bookmark = body.leaves.get('bookmarkKey');
  let after: NavValue[] | undefined;
  if (bookmark !== undefined && bookmark !== '') {
    const decoded = decodeKey(bookmark);
    if (!decoded || decoded.tableNo !== engine.table.def.no) throw navErrors.invalidKey(bookmark);
    after = decoded.key;
  }
  return engine.list(
    {
      where: tests.length === 0 ? undefined : (row) => tests.every((t) => t(row)),
      after,
      // setSize 0 reads everything; a negative size reads backwards (ReadMultiple-Operation.md).
      descending: setSize < 0,
      limit: setSize === 0 ? Number.POSITIVE_INFINITY : Math.abs(setSize),
    },
    call.ctx,
  );
}

function create(call: PageCall, node: XmlElement): StoredRow {
  const { engine, ctx } = call;
  const entity = readEntity(node, engine.def.fields);
  const header = engine.create(entity.input, ctx);
  const part = engine.part;
  if (part) for (const line of readLines(node, part)) engine.addLine(header, line.input, ctx);
  return header;
}

function update(call: PageCall, node: XmlElement): StoredRow {
  const { engine, ctx } = call;
  const entity = readEntity(node, engine.def.fields);
  const { stored, version } = byKey(engine, entity.key);
  engine.checkVersion(stored, version);
  const header = engine.modify(stored, entity.input, ctx);
  const part = engine.part;
  if (part) {
    for (const line of readLines(node, part)) {
      if (line.key === undefined) {
        engine.addLine(header, line.input, ctx);
        continue;
      }
      const found = lineByKey(engine, line.key);
      if (!engine.belongsTo(found.line, header)) throw navErrors.invalidKey(line.key);
      engine.checkLineVersion(found.line, found.version);
      engine.modifyLine(found.line, line.input, ctx);
    }
  }
  return header;
}
