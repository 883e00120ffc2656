// Universal crm.item.* for deals (2), contacts (3), companies (4) and smart
// invoices (31) — reference §7.3: camelCase, JSON types, `result.item`/`result.items`,
// errors with real codes (NOT_FOUND, INVALID_ARG_VALUE, ENTITY_TYPE_NOT_SUPPORTED).
import type { B24Error} from '../errors.ts';
import { entityTypeNotSupported, invalidArgValue, itemNotFound } from '../errors.ts';
import { flagParam, objectParam, param, type Params } from '../params.ts';
import { compileFilter, compileListOrder, listRows } from '../query.ts';
import { listOutput, ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { CrmRecord } from '../state.ts';
import { entityByTypeId, type EntityDescriptor } from './fields.ts';
import { itemFields } from './describe.ts';
import { itemMultifieldOps } from './multifields.ts';
import { coerceInput, createRecord, deleteRecord, tableOf, updateRecord } from './records.ts';
import { itemInputToStorage, itemResolver, itemView } from './views.ts';

export function entityParam(params: Params): EntityDescriptor {
  const raw = param(params, 'entityTypeId');
  const id = Number(raw);
  if (raw === undefined || raw === null || raw === '' || !Number.isInteger(id)) {
    throw invalidArgValue('Parameter entityTypeId is required');
  }
  // The old invoices (5) are answered with ENTITY_TYPE_NOT_SUPPORTED (reference §7.3).
  if (id === 5) throw entityTypeNotSupported(id);
  const desc = entityByTypeId(id);
  if (!desc) throw itemNotFound('SPA not found');
  return desc;
}

function itemId(params: Params): number {
  const id = Number(param(params, 'id'));
  if (!Number.isInteger(id) || id <= 0) throw itemNotFound('Item not found');
  return id;
}

export function findItem(ctx: MethodContext, desc: EntityDescriptor, id: number): CrmRecord {
  const record = tableOf(ctx.portal, desc).get(id);
  if (!record) throw itemNotFound('Element not found');
  return record;
}

function useOriginal(ctx: MethodContext): boolean {
  return flagParam(ctx.params, 'useOriginalUfNames', false);
}

function fieldsOf(ctx: MethodContext): Record<string, unknown> {
  return objectParam(ctx.params, 'fields') ?? {};
}

function view(ctx: MethodContext, desc: EntityDescriptor, record: CrmRecord): Record<string, unknown> {
  return itemView(ctx.portal, desc, record, undefined, { useOriginalUfNames: useOriginal(ctx) });
}

function invalidField(field: string): B24Error {
  return invalidArgValue(`Unknown field ${field}`);
}

export const itemMethods: MethodTable = {
  'crm.item.fields': read('crm', (ctx) => ok({ fields: itemFields(ctx.portal, entityParam(ctx.params), useOriginal(ctx)) })),
  'crm.item.list': read('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    const resolver = itemResolver(ctx.portal, desc);
    const predicate = compileFilter(objectParam(ctx.params, 'filter'), resolver, {
      allowLogic: true,
      onUnknownField: invalidField,
      offsetMinutes: ctx.portal.config.offsetMinutes,
    });
    const order = objectParam(ctx.params, 'order');
    const comparator = compileListOrder(order, resolver, { onUnknownField: invalidField }, { kind: 'number', get: (r) => r.ID });
    const start = Number(param(ctx.params, 'start') ?? 0);
    const page = listRows(tableOf(ctx.portal, desc).values(), predicate, comparator, start);
    const select = objectParam(ctx.params, 'select');
    const names = select ? Object.values(select).map((v) => (typeof v === 'string' ? v : '')) : undefined;
    const items = page.rows.map((r) => itemView(ctx.portal, desc, r, names, { useOriginalUfNames: useOriginal(ctx) }));
    return listOutput({ items }, page);
  }),
  'crm.item.get': read('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    return ok({ item: view(ctx, desc, findItem(ctx, desc, itemId(ctx.params))) });
  }),
  'crm.item.add': write('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    const raw = fieldsOf(ctx);
    const record = createRecord(ctx, desc, {
      fields: coerceInput(ctx.portal, desc, itemInputToStorage(ctx.portal, desc, raw)),
      multifields: desc.hasMultifields ? itemMultifieldOps(raw['fm']) : [],
    });
    return ok({ item: view(ctx, desc, record) });
  }),
  'crm.item.update': write('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    const record = findItem(ctx, desc, itemId(ctx.params));
    const raw = fieldsOf(ctx);
    updateRecord(ctx, desc, record, {
      fields: coerceInput(ctx.portal, desc, itemInputToStorage(ctx.portal, desc, raw)),
      multifields: desc.hasMultifields ? itemMultifieldOps(raw['fm']) : [],
    });
    return ok({ item: view(ctx, desc, record) });
  }),
  'crm.item.delete': write('crm', (ctx) => {
    const desc = entityParam(ctx.params);
    deleteRecord(ctx, desc, findItem(ctx, desc, itemId(ctx.params)));
    // An empty PHP array (reference §2: empty maps are `[]`).
    return ok([]);
  }),
};
