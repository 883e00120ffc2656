// Dictionaries: crm.status.list (stages, types, sources), crm.category.* (pipelines,
// typed camelCase like crm.item), crm.currency.* (strings) — reference §7.7.
import { invalidArgValue, legacyNotFound } from '../errors.ts';
import { objectParam, param, text } from '../params.ts';
import { compileFilter, compileOrder, type FieldResolver } from '../query.ts';
import { ok, read, type MethodTable } from '../registry.ts';
import type { Status } from '../state.ts';

const STATUS_INT = new Set(['ID', 'SORT', 'CATEGORY_ID']);

const statusResolver: FieldResolver<Status> = (name) => {
  const key = name.toUpperCase() as keyof Status;
  if (!['ID', 'ENTITY_ID', 'STATUS_ID', 'NAME', 'NAME_INIT', 'SORT', 'SYSTEM', 'CATEGORY_ID', 'COLOR', 'SEMANTICS'].includes(key)) return undefined;
  return { kind: STATUS_INT.has(key) ? 'number' : 'string', get: (s) => s[key] };
};

const SEMANTIC_NAMES = { S: 'success', F: 'failure' } as const;

function statusView(s: Status): Record<string, unknown> {
  return {
    ID: String(s.ID),
    ENTITY_ID: s.ENTITY_ID,
    STATUS_ID: s.STATUS_ID,
    NAME: s.NAME,
    NAME_INIT: s.NAME_INIT,
    SORT: String(s.SORT),
    SYSTEM: s.SYSTEM,
    CATEGORY_ID: s.CATEGORY_ID === null ? null : String(s.CATEGORY_ID),
    COLOR: s.COLOR,
    SEMANTICS: s.SEMANTICS,
    EXTRA: { SEMANTICS: s.SEMANTICS ? SEMANTIC_NAMES[s.SEMANTICS] : 'process', COLOR: s.COLOR },
  };
}

function requireEntityTypeId(value: unknown): number {
  const id = Number(value);
  if (!Number.isInteger(id)) throw invalidArgValue('Parameter entityTypeId is required');
  return id;
}

export const dictionaryMethods: MethodTable = {
  'crm.status.list': read('crm', (ctx) => {
    const offset = ctx.portal.config.offsetMinutes;
    const predicate = compileFilter(objectParam(ctx.params, 'filter'), statusResolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: offset });
    const comparator = compileOrder(objectParam(ctx.params, 'order') ?? { SORT: 'ASC' }, statusResolver, { onUnknownField: 'ignore' }, { kind: 'number', get: (s) => s.ID });
    const rows = ctx.portal.state.statuses.filter(predicate).sort(comparator);
    return { result: rows.map(statusView), total: rows.length };
  }),
  'crm.status.entity.types': read('crm', (ctx) => {
    const ids = [...new Set([...ctx.portal.state.statuses.values()].map((s) => s.ENTITY_ID))];
    return ok(ids.map((id) => ({ ID: id, NAME: id })));
  }),
  'crm.category.list': read('crm', (ctx) => {
    const entityTypeId = requireEntityTypeId(param(ctx.params, 'entityTypeId'));
    const categories = ctx.portal.state.categories.filter((c) => c.entityTypeId === entityTypeId).sort((a, b) => a.sort - b.sort);
    return { result: { categories: categories.map((c) => ({ ...c })) }, total: categories.length };
  }),
  'crm.category.get': read('crm', (ctx) => {
    const entityTypeId = requireEntityTypeId(param(ctx.params, 'entityTypeId'));
    const id = Number(param(ctx.params, 'id'));
    const category = ctx.portal.state.categories.find((c) => c.entityTypeId === entityTypeId && c.id === id);
    if (!category) throw invalidArgValue(`Category ${text(param(ctx.params, 'id'))} not found`);
    return ok({ category: { ...category } });
  }),
  'crm.currency.list': read('crm', (ctx) =>
    ok(ctx.portal.state.currencies.filter(() => true).sort((a, b) => a.SORT - b.SORT).map((c) => ({
      CURRENCY: c.CURRENCY,
      AMOUNT_CNT: String(c.AMOUNT_CNT),
      AMOUNT: c.AMOUNT.toFixed(4),
      SORT: String(c.SORT),
      BASE: c.BASE,
      FULL_NAME: c.FULL_NAME,
      LID: 'en',
      FORMAT_STRING: `# ${c.CURRENCY}`,
      DEC_POINT: '.',
      THOUSANDS_SEP: ' ',
      DECIMALS: '2',
      DATE_UPDATE: ctx.portal.formatTime(ctx.now),
    }))),
  ),
  'crm.currency.get': read('crm', (ctx) => {
    const id = text(param(ctx.params, 'id')).toUpperCase();
    const c = ctx.portal.state.currencies.find((x) => x.CURRENCY === id);
    if (!c) throw legacyNotFound();
    return ok({ CURRENCY: c.CURRENCY, AMOUNT_CNT: String(c.AMOUNT_CNT), AMOUNT: c.AMOUNT.toFixed(4), SORT: String(c.SORT), BASE: c.BASE, FULL_NAME: c.FULL_NAME });
  }),
  'crm.currency.base.get': read('crm', (ctx) => ok(ctx.portal.state.currencies.find((c) => c.BASE === 'Y')?.CURRENCY ?? 'RUB')),
};
