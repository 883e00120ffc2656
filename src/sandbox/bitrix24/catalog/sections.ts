// catalog.section.* — product catalog sections (groups), nested by iblockSectionId.
import { catalogFailure } from '../errors.ts';
import { text } from '../params.ts';
import type { ValueKind } from '../query.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { Section } from '../state.ts';
import { intval, yn } from '../crm/values.ts';
import { CATALOG_IBLOCK_ID, catalogList, fieldsParam, idParam, notFound, pick, requireCatalogIblock } from './common.ts';

const KINDS: Record<string, ValueKind> = { id: 'number', iblockId: 'number', iblockSectionId: 'number', name: 'string', code: 'string', xmlId: 'string', sort: 'number', active: 'string', description: 'string', timestampX: 'date' };

function view(ctx: MethodContext, s: Section): Record<string, unknown> {
  return { ...s, timestampX: ctx.portal.formatTime(s.timestampX) };
}

function apply(ctx: MethodContext, section: Section, fields: Record<string, unknown>): void {
  const v = pick(fields, ['iblockSectionId', 'name', 'code', 'xmlId', 'sort', 'active', 'description']);
  if ('name' in v) {
    const name = text(v['name']).trim();
    if (!name) throw catalogFailure('Required fields: name');
    section.name = name;
  }
  if ('iblockSectionId' in v) {
    const parent = v['iblockSectionId'] === null || v['iblockSectionId'] === '' ? null : intval(v['iblockSectionId']) || null;
    if (parent !== null && (!ctx.portal.state.sections.has(parent) || parent === section.id)) {
      throw catalogFailure(`Section ${parent} is not exists`);
    }
    section.iblockSectionId = parent;
  }
  for (const key of ['code', 'xmlId', 'description'] as const) if (key in v) section[key] = v[key] === null || v[key] === '' ? null : text(v[key]);
  if ('sort' in v) section.sort = intval(v['sort']);
  if ('active' in v) section.active = yn(v['active']);
  section.timestampX = ctx.now;
}

export const sectionMethods: MethodTable = {
  'catalog.section.list': read('catalog', (ctx) =>
    catalogList(ctx, { key: 'sections', rows: ctx.portal.state.sections.values(), kinds: KINDS, view: (s) => view(ctx, s) }),
  ),
  'catalog.section.get': read('catalog', (ctx) => ok({ section: view(ctx, ctx.portal.state.sections.get(idParam(ctx.params)) ?? notFound('section')) })),
  'catalog.section.add': write('catalog', (ctx) => {
    const fields = fieldsParam(ctx.params);
    requireCatalogIblock(fields['iblockId']);
    if (!text(fields['name']).trim()) throw catalogFailure('Required fields: name');
    const table = ctx.portal.state.sections;
    const section: Section = { id: table.allocateId(), iblockId: CATALOG_IBLOCK_ID, iblockSectionId: null, name: '', code: null, xmlId: null, sort: 500, active: 'Y', description: null, timestampX: ctx.now };
    apply(ctx, section, fields);
    table.put(section);
    return ok({ section: view(ctx, section) });
  }),
  'catalog.section.update': write('catalog', (ctx) => {
    const section = ctx.portal.state.sections.get(idParam(ctx.params)) ?? notFound('section');
    apply(ctx, section, fieldsParam(ctx.params));
    return ok({ section: view(ctx, section) });
  }),
  'catalog.section.delete': write('catalog', (ctx) => {
    const section = ctx.portal.state.sections.get(idParam(ctx.params)) ?? notFound('section');
    const state = ctx.portal.state;
    state.sections.delete(section.id);
    for (const child of state.sections.filter((s) => s.iblockSectionId === section.id)) child.iblockSectionId = section.iblockSectionId;
    for (const p of state.products.filter((x) => x.iblockSectionId === section.id)) p.iblockSectionId = null;
    return ok(true);
  }),
};
