// Requisites (INN, KPP, VAT id…) and their addresses (reference §7.5). A
// requisite belongs to a company (4) or contact (3); addresses belong to a
// requisite (ENTITY_TYPE_ID 8) and are identified by (TYPE_ID, ENTITY_TYPE_ID,
// ENTITY_ID) — add returns `true`, there is no id. Changing a requisite does not
// move the company's DATE_MODIFY: a sync must watch requisites on their own.
import { legacyError, legacyNotFound } from '../errors.ts';
import { param, text } from '../params.ts';
import { compileFilter, compileListOrder, listRows, type FieldResolver } from '../query.ts';
import { listOutput, ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Address, Requisite } from '../state.ts';
import { COMPANY, CONTACT } from './fields.ts';
import { arrayParam, requireId, selectParam } from './legacy.ts';
import { tableOf } from './records.ts';
import { intval, yn } from './values.ts';

const RQ_FIELDS = [
  'RQ_NAME', 'RQ_FIRST_NAME', 'RQ_LAST_NAME', 'RQ_SECOND_NAME', 'RQ_COMPANY_NAME', 'RQ_COMPANY_FULL_NAME', 'RQ_COMPANY_REG_DATE',
  'RQ_DIRECTOR', 'RQ_ACCOUNTANT', 'RQ_CEO_NAME', 'RQ_CEO_WORK_POS', 'RQ_CONTACT', 'RQ_EMAIL', 'RQ_PHONE', 'RQ_FAX',
  'RQ_INN', 'RQ_KPP', 'RQ_OGRN', 'RQ_OGRNIP', 'RQ_OKPO', 'RQ_OKTMO', 'RQ_OKVED', 'RQ_VAT_PAYER', 'RQ_VAT_ID', 'RQ_VAT_CERT_SER',
  'RQ_VAT_CERT_NUM', 'RQ_VAT_CERT_DATE', 'RQ_RESIDENCE_COUNTRY', 'RQ_BASE_DOC', 'RQ_USRLE', 'RQ_IFNS', 'RQ_EDRPOU', 'RQ_DRFO',
] as const;

const SYSTEM_FIELDS = ['ID', 'ENTITY_TYPE_ID', 'ENTITY_ID', 'PRESET_ID', 'DATE_CREATE', 'DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'NAME', 'CODE', 'XML_ID', 'ORIGINATOR_ID', 'ACTIVE', 'ADDRESS_ONLY', 'SORT'] as const;

const INT_FIELDS = new Set(['ID', 'ENTITY_TYPE_ID', 'ENTITY_ID', 'PRESET_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID', 'SORT']);

/** Presets are portal data; the sandbox seeds Russian and international ones. */
export const PRESETS = [
  { ID: 1, NAME: 'Организация', COUNTRY_ID: 1 },
  { ID: 2, NAME: 'ИП', COUNTRY_ID: 1 },
  { ID: 3, NAME: 'Физ. лицо', COUNTRY_ID: 1 },
  { ID: 4, NAME: 'Company', COUNTRY_ID: 122 },
  { ID: 5, NAME: 'Person', COUNTRY_ID: 122 },
] as const;

function requisiteView(ctx: MethodContext, rq: Requisite, select?: readonly string[]): Record<string, unknown> {
  const names = select && select.length > 0 && !select.includes('*') ? ['ID', ...select.map((s) => s.toUpperCase())] : [...SYSTEM_FIELDS, ...RQ_FIELDS];
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const v = rq[name];
    if (name === 'DATE_CREATE' || name === 'DATE_MODIFY') out[name] = typeof v === 'number' ? ctx.portal.formatTime(v) : null;
    else out[name] = v === undefined || v === null ? (name.startsWith('RQ_') ? '' : null) : text(v);
  }
  return out;
}

function requisiteInput(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    const key = k.toUpperCase();
    if (key === 'ID' || key === 'DATE_CREATE' || key === 'DATE_MODIFY' || key === 'CREATED_BY_ID' || key === 'MODIFY_BY_ID') continue;
    if (INT_FIELDS.has(key)) out[key] = intval(v);
    else if (key === 'ACTIVE' || key === 'ADDRESS_ONLY') out[key] = yn(v);
    else if (key.startsWith('RQ_') || key.startsWith('UF_') || (SYSTEM_FIELDS as readonly string[]).includes(key)) out[key] = text(v);
  }
  return out;
}

function validateOwner(ctx: MethodContext, rq: Record<string, unknown>): void {
  const type = rq['ENTITY_TYPE_ID'];
  if (type !== COMPANY.entityTypeId && type !== CONTACT.entityTypeId) throw legacyError('ENTITY_TYPE_ID is not defined or invalid.');
  const desc = type === COMPANY.entityTypeId ? COMPANY : CONTACT;
  if (!tableOf(ctx.portal, desc).has(rq['ENTITY_ID'] as number)) throw legacyError('ENTITY_ID is not defined or invalid.');
  if (!PRESETS.some((p) => p.ID === rq['PRESET_ID'])) throw legacyError('PRESET_ID is not defined or invalid.');
}

const requisiteResolver: FieldResolver<Requisite> = (name) => {
  const key = name.toUpperCase();
  if (INT_FIELDS.has(key)) return { kind: 'number', get: (r) => r[key] };
  if (key === 'DATE_CREATE' || key === 'DATE_MODIFY') return { kind: 'date', get: (r) => r[key] };
  if (key.startsWith('RQ_') || key.startsWith('UF_') || (SYSTEM_FIELDS as readonly string[]).includes(key)) return { kind: 'string', get: (r) => r[key] };
  return undefined;
};

function findRequisite(ctx: MethodContext): Requisite {
  const rq = ctx.portal.state.requisites.get(requireId(ctx.params));
  if (!rq) throw legacyNotFound();
  return rq;
}

function emitRequisite(ctx: MethodContext, what: 'ADD' | 'UPDATE' | 'DELETE', id: number): void {
  ctx.portal.events.emit(`ONCRMREQUISITE${what}`, { ID: id }, { authConnector: ctx.authConnector, userId: ctx.auth.userId });
}

const ADDRESS_FIELDS = ['TYPE_ID', 'ENTITY_TYPE_ID', 'ENTITY_ID', 'ADDRESS_1', 'ADDRESS_2', 'CITY', 'POSTAL_CODE', 'REGION', 'PROVINCE', 'COUNTRY', 'COUNTRY_CODE', 'LOC_ADDR_ID', 'ANCHOR_TYPE_ID', 'ANCHOR_ID'] as const;
const ADDRESS_INT = new Set(['TYPE_ID', 'ENTITY_TYPE_ID', 'ENTITY_ID', 'LOC_ADDR_ID', 'ANCHOR_TYPE_ID', 'ANCHOR_ID']);
/** crm.enum.addresstype: 1 Physical, 4 Registered, 6 Legal, 8 Mailing, 9 Beneficiary, 11 Shipping. */
const ADDRESS_TYPES = new Set([1, 4, 6, 8, 9, 11]);

function addressView(a: Address): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ADDRESS_FIELDS) out[f] = a[f] === null ? null : String(a[f]);
  return out;
}

const addressResolver: FieldResolver<Address> = (name) => {
  const key = name.toUpperCase() as (typeof ADDRESS_FIELDS)[number];
  if (!(ADDRESS_FIELDS as readonly string[]).includes(key)) return undefined;
  return { kind: ADDRESS_INT.has(key) ? 'number' : 'string', get: (a) => a[key] };
};

function addressKey(ctx: MethodContext): { TYPE_ID: number; ENTITY_TYPE_ID: number; ENTITY_ID: number; fields: Record<string, unknown> } {
  const fields = arrayParam(ctx.params, 'fields') ?? {};
  const upper = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k.toUpperCase(), v]));
  const TYPE_ID = intval(upper['TYPE_ID']);
  const ENTITY_TYPE_ID = intval(upper['ENTITY_TYPE_ID']);
  const ENTITY_ID = intval(upper['ENTITY_ID']);
  if (!ADDRESS_TYPES.has(TYPE_ID)) throw legacyError('TYPE_ID is not defined or invalid.');
  if (ENTITY_TYPE_ID !== 8 && ENTITY_TYPE_ID !== 1) throw legacyError('ENTITY_TYPE_ID is not defined or invalid.');
  if (ENTITY_TYPE_ID === 8 && !ctx.portal.state.requisites.has(ENTITY_ID)) throw legacyError('ENTITY_ID is not defined or invalid.');
  return { TYPE_ID, ENTITY_TYPE_ID, ENTITY_ID, fields: upper };
}

function findAddress(ctx: MethodContext, key: { TYPE_ID: number; ENTITY_TYPE_ID: number; ENTITY_ID: number }): Address | undefined {
  return ctx.portal.state.addresses.find((a) => a.TYPE_ID === key.TYPE_ID && a.ENTITY_TYPE_ID === key.ENTITY_TYPE_ID && a.ENTITY_ID === key.ENTITY_ID);
}

function applyAddress(target: Address, fields: Record<string, unknown>): void {
  for (const f of ['ADDRESS_1', 'ADDRESS_2', 'CITY', 'POSTAL_CODE', 'REGION', 'PROVINCE', 'COUNTRY', 'COUNTRY_CODE'] as const) {
    if (f in fields) target[f] = fields[f] === null || fields[f] === '' ? null : text(fields[f]);
  }
}

function touchRequisiteOf(ctx: MethodContext, a: { ENTITY_TYPE_ID: number; ENTITY_ID: number }): void {
  if (a.ENTITY_TYPE_ID !== 8) return;
  const rq = ctx.portal.state.requisites.get(a.ENTITY_ID);
  if (rq) rq['DATE_MODIFY'] = ctx.now;
}

export const requisiteMethods: MethodTable = {
  'crm.requisite.fields': read('crm', () =>
    ok(Object.fromEntries([...SYSTEM_FIELDS, ...RQ_FIELDS].map((f) => [f, { type: INT_FIELDS.has(f) ? 'integer' : f.startsWith('DATE_') ? 'datetime' : 'string', isRequired: ['ENTITY_TYPE_ID', 'ENTITY_ID', 'PRESET_ID', 'NAME'].includes(f), isReadOnly: ['ID', 'DATE_CREATE', 'DATE_MODIFY', 'CREATED_BY_ID', 'MODIFY_BY_ID'].includes(f), isImmutable: false, isMultiple: false, isDynamic: false, title: f }]))),
  ),
  'crm.requisite.preset.list': read('crm', () =>
    ok(PRESETS.map((p) => ({ ID: String(p.ID), ENTITY_TYPE_ID: '8', COUNTRY_ID: String(p.COUNTRY_ID), NAME: p.NAME, ACTIVE: 'Y', SORT: String(p.ID * 100), XML_ID: `#CRM_REQUISITE_PRESET_DEF_${p.ID}#` }))),
  ),
  'crm.requisite.list': read('crm', (ctx) => {
    const predicate = compileFilter(arrayParam(ctx.params, 'filter'), requisiteResolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: ctx.portal.config.offsetMinutes });
    const order = arrayParam(ctx.params, 'order');
    const comparator = compileListOrder(order, requisiteResolver, { onUnknownField: 'ignore' }, { kind: 'number', get: (r) => r.ID });
    const page = listRows(ctx.portal.state.requisites.values(), predicate, comparator, Number(param(ctx.params, 'start') ?? 0));
    const select = selectParam(ctx.params);
    return listOutput(page.rows.map((r) => requisiteView(ctx, r, select)), page);
  }),
  'crm.requisite.get': read('crm', (ctx) => ok(requisiteView(ctx, findRequisite(ctx)))),
  'crm.requisite.add': write('crm', (ctx) => {
    const input = requisiteInput(arrayParam(ctx.params, 'fields') ?? {});
    validateOwner(ctx, input);
    if (!input['NAME']) throw legacyError('NAME is not defined.');
    const table = ctx.portal.state.requisites;
    const rq: Requisite = {
      ACTIVE: 'Y',
      ADDRESS_ONLY: 'N',
      SORT: 500,
      CODE: null,
      XML_ID: null,
      ORIGINATOR_ID: null,
      ...input,
      ID: table.allocateId(),
      ENTITY_TYPE_ID: input['ENTITY_TYPE_ID'] as number,
      ENTITY_ID: input['ENTITY_ID'] as number,
      PRESET_ID: input['PRESET_ID'] as number,
      DATE_CREATE: ctx.now,
      DATE_MODIFY: ctx.now,
      CREATED_BY_ID: ctx.auth.userId,
      MODIFY_BY_ID: ctx.auth.userId,
    };
    table.put(rq);
    emitRequisite(ctx, 'ADD', rq.ID);
    return ok(rq.ID);
  }),
  'crm.requisite.update': write('crm', (ctx) => {
    const rq = findRequisite(ctx);
    const input = requisiteInput(arrayParam(ctx.params, 'fields') ?? {});
    const next = { ...rq, ...input };
    validateOwner(ctx, next);
    Object.assign(rq, input, { DATE_MODIFY: ctx.now, MODIFY_BY_ID: ctx.auth.userId });
    emitRequisite(ctx, 'UPDATE', rq.ID);
    return ok(true);
  }),
  'crm.requisite.delete': write('crm', (ctx) => {
    const rq = findRequisite(ctx);
    ctx.portal.state.requisites.delete(rq.ID);
    for (const a of ctx.portal.state.addresses.filter((x) => x.ENTITY_TYPE_ID === 8 && x.ENTITY_ID === rq.ID)) ctx.portal.state.addresses.delete(a.id);
    emitRequisite(ctx, 'DELETE', rq.ID);
    return ok(true);
  }),
  'crm.address.fields': read('crm', () =>
    ok(Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, { type: ADDRESS_INT.has(f) ? 'integer' : 'string', isRequired: ['TYPE_ID', 'ENTITY_TYPE_ID', 'ENTITY_ID'].includes(f), isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title: f }]))),
  ),
  'crm.address.list': read('crm', (ctx) => {
    const predicate = compileFilter(arrayParam(ctx.params, 'filter'), addressResolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: ctx.portal.config.offsetMinutes });
    const start = Number(param(ctx.params, 'start') ?? 0);
    const page = listRows(ctx.portal.state.addresses.values(), predicate, undefined, start);
    // Known quirk: a wrong `total` (never above the page) unless start=-1 (reference §5).
    return listOutput(page.rows.map(addressView), { total: start === -1 ? 0 : Math.min(page.total, page.rows.length), next: page.next });
  }),
  'crm.address.add': write('crm', (ctx) => {
    const key = addressKey(ctx);
    if (findAddress(ctx, key)) throw legacyError(`Address with TYPE_ID ${key.TYPE_ID} already exists for ENTITY_ID ${key.ENTITY_ID}.`);
    const table = ctx.portal.state.addresses;
    const address: Address = {
      id: table.allocateId(),
      TYPE_ID: key.TYPE_ID,
      ENTITY_TYPE_ID: key.ENTITY_TYPE_ID,
      ENTITY_ID: key.ENTITY_ID,
      ADDRESS_1: null,
      ADDRESS_2: null,
      CITY: null,
      POSTAL_CODE: null,
      REGION: null,
      PROVINCE: null,
      COUNTRY: null,
      COUNTRY_CODE: null,
      LOC_ADDR_ID: 0,
      ANCHOR_TYPE_ID: 0,
      ANCHOR_ID: 0,
    };
    applyAddress(address, key.fields);
    if (key.ENTITY_TYPE_ID === 8) {
      const rq = ctx.portal.state.requisites.get(key.ENTITY_ID);
      address.ANCHOR_TYPE_ID = rq?.ENTITY_TYPE_ID ?? 0;
      address.ANCHOR_ID = rq?.ENTITY_ID ?? 0;
    }
    table.put(address);
    touchRequisiteOf(ctx, address);
    return ok(true);
  }),
  'crm.address.update': write('crm', (ctx) => {
    const key = addressKey(ctx);
    const address = findAddress(ctx, key);
    if (!address) throw legacyNotFound();
    applyAddress(address, key.fields);
    touchRequisiteOf(ctx, address);
    return ok(true);
  }),
  'crm.address.delete': write('crm', (ctx) => {
    const key = addressKey(ctx);
    const address = findAddress(ctx, key);
    if (!address) throw legacyNotFound();
    ctx.portal.state.addresses.delete(address.id);
    touchRequisiteOf(ctx, address);
    return ok(true);
  }),
};
