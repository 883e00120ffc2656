// Legacy crm.company.*, crm.contact.*, crm.deal.* (deprecated but working,
// reference §7.0–7.1): `result` ids as numbers, records with every scalar a string,
// errors with an empty code.
import { legacyError, legacyNotFound } from '../errors.ts';
import { objectParam, param, type Params } from '../params.ts';
import { compileFilter, compileListOrder, listRows } from '../query.ts';
import { listOutput, ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { CrmRecord } from '../state.ts';
import { COMPANY, CONTACT, DEAL, type EntityDescriptor } from './fields.ts';
import { legacyMultifieldOps } from './multifields.ts';
import { legacyFields } from './describe.ts';
import { coerceInput, createRecord, deleteRecord, tableOf, updateRecord, userFieldsOf } from './records.ts';
import { legacyResolver, legacySelect, legacyView } from './views.ts';

export function requireId(params: Params): number {
  const raw = param(params, 'id');
  const id = typeof raw === 'number' ? raw : Number(typeof raw === 'string' ? raw.trim() : Number.NaN);
  if (!Number.isInteger(id) || id <= 0) throw legacyError('ID is not defined or invalid.');
  return id;
}

/** A parameter that must be an array/object when given ("Parameter 'filter' must be array."). */
export function arrayParam(params: Params, name: string): Record<string, unknown> | undefined {
  const value = param(params, name);
  if (value === undefined || value === null || value === '') return undefined;
  const obj = objectParam(params, name);
  if (!obj) throw legacyError(`Parameter '${name}' must be array.`);
  return obj;
}

export function selectParam(params: Params): string[] | undefined {
  const select = arrayParam(params, 'select');
  return select ? Object.values(select).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : undefined;
}

const NOT_FOUND_ON_WRITE: Record<string, string> = { COMPANY: 'Company is not found', CONTACT: 'Contact is not found', DEAL: 'Not found' };

export function findLegacy(ctx: MethodContext, desc: EntityDescriptor, id: number, onWrite = false): CrmRecord {
  const record = tableOf(ctx.portal, desc).get(id);
  if (!record) throw onWrite ? legacyError(NOT_FOUND_ON_WRITE[desc.name] ?? 'Not found') : legacyNotFound();
  return record;
}

function legacyInput(ctx: MethodContext, desc: EntityDescriptor): { fields: Record<string, unknown>; multifields: ReturnType<typeof legacyMultifieldOps> } {
  // Field names are matched as written: the CRM reads the keys it knows (TITLE, PHONE…),
  // so `title` is an unknown field, silently ignored like any other (reference §9.5).
  const raw = arrayParam(ctx.params, 'fields') ?? {};
  return { fields: coerceInput(ctx.portal, desc, raw), multifields: desc.hasMultifields ? legacyMultifieldOps(raw) : [] };
}

function entityMethods(desc: EntityDescriptor): MethodTable {
  const prefix = desc.legacyPrefix as string;
  return {
    [`${prefix}.fields`]: read('crm', (ctx) => ok(legacyFields(ctx.portal, desc))),
    [`${prefix}.list`]: read('crm', (ctx) => {
      const resolver = legacyResolver(ctx.portal, desc);
      const offset = ctx.portal.config.offsetMinutes;
      const predicate = compileFilter(arrayParam(ctx.params, 'filter'), resolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: offset });
      const order = arrayParam(ctx.params, 'order');
      const comparator = compileListOrder(order, resolver, { onUnknownField: 'ignore' }, { kind: 'number', get: (r) => r.ID });
      const start = Number(param(ctx.params, 'start') ?? 0);
      const page = listRows(tableOf(ctx.portal, desc).values(), predicate, comparator, start);
      const fields = legacySelect(ctx.portal, desc, selectParam(ctx.params));
      return listOutput(page.rows.map((r) => legacyView(ctx.portal, desc, r, fields)), page);
    }),
    [`${prefix}.get`]: read('crm', (ctx) => {
      const record = findLegacy(ctx, desc, requireId(ctx.params));
      // get answers every field: multifields and multiple user fields too.
      const fields = legacySelect(ctx.portal, desc, ['*', ...userFieldsOf(ctx.portal, desc).map((uf) => uf.FIELD_NAME)]);
      if (desc.hasMultifields) fields.push('PHONE', 'EMAIL', 'WEB', 'IM', 'LINK');
      return ok(legacyView(ctx.portal, desc, record, fields));
    }),
    [`${prefix}.add`]: write('crm', (ctx) => ok(createRecord(ctx, desc, legacyInput(ctx, desc)).ID)),
    [`${prefix}.update`]: write('crm', (ctx) => {
      const record = findLegacy(ctx, desc, requireId(ctx.params), true);
      const input = legacyInput(ctx, desc);
      // "If it is necessary to change the funnel of the deal, use the method crm.item.update"
      // (crm-deal-update.md): CATEGORY_ID is not among the fields crm.deal.update writes.
      if (desc === DEAL) delete input.fields['CATEGORY_ID'];
      updateRecord(ctx, desc, record, input);
      return ok(true);
    }),
    [`${prefix}.delete`]: write('crm', (ctx) => {
      deleteRecord(ctx, desc, findLegacy(ctx, desc, requireId(ctx.params), true));
      return ok(true);
    }),
  };
}

export const legacyMethods: MethodTable = {
  ...entityMethods(COMPANY),
  ...entityMethods(CONTACT),
  ...entityMethods(DEAL),
};
