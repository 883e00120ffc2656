// User-field definitions: crm.company.userfield.*, crm.contact.userfield.*,
// crm.deal.userfield.* (reference §7.1, §9.10). FIELD_NAME gets the UF_CRM_ prefix.
import { legacyError, legacyNotFound } from '../errors.ts';
import { objectParam, text } from '../params.ts';
import { compileFilter, type FieldResolver } from '../query.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import type { UserFieldDef, UserFieldEnumItem } from '../state.ts';
import { COMPANY, CONTACT, DEAL, type EntityDescriptor } from './fields.ts';
import { requireId } from './legacy.ts';
import { intval, yn } from './values.ts';

const TYPES = new Set(['string', 'integer', 'double', 'boolean', 'date', 'datetime', 'enumeration', 'money', 'url', 'address', 'employee', 'crm', 'crm_status', 'iblock_section', 'iblock_element', 'file']);

function view(uf: UserFieldDef): Record<string, unknown> {
  return {
    ID: String(uf.ID),
    ENTITY_ID: uf.ENTITY_ID,
    FIELD_NAME: uf.FIELD_NAME,
    USER_TYPE_ID: uf.USER_TYPE_ID,
    XML_ID: uf.XML_ID,
    SORT: String(uf.SORT),
    MULTIPLE: uf.MULTIPLE,
    MANDATORY: uf.MANDATORY,
    SHOW_FILTER: uf.SHOW_FILTER,
    SHOW_IN_LIST: uf.SHOW_IN_LIST,
    EDIT_IN_LIST: uf.EDIT_IN_LIST,
    IS_SEARCHABLE: uf.IS_SEARCHABLE,
    SETTINGS: uf.SETTINGS,
    EDIT_FORM_LABEL: uf.EDIT_FORM_LABEL,
    LIST_COLUMN_LABEL: uf.LIST_COLUMN_LABEL,
    ...(uf.LIST ? { LIST: uf.LIST.map((i) => ({ ID: String(i.ID), SORT: String(i.SORT), VALUE: i.VALUE, DEF: i.DEF, XML_ID: i.XML_ID })) } : {}),
  };
}

const resolver: FieldResolver<UserFieldDef> = (name) => {
  const key = name.toUpperCase() as keyof UserFieldDef;
  if (!['ID', 'FIELD_NAME', 'USER_TYPE_ID', 'XML_ID', 'SORT', 'MULTIPLE', 'MANDATORY'].includes(key)) return undefined;
  return { kind: key === 'ID' || key === 'SORT' ? 'number' : 'string', get: (u) => u[key] };
};

function labels(value: unknown, fallback: string): Record<string, string> | string {
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, text(v)]));
  return value === undefined || value === null || value === '' ? fallback : text(value);
}

function enumItems(ctx: MethodContext, raw: unknown, existing: UserFieldEnumItem[] = []): UserFieldEnumItem[] {
  if (!raw || typeof raw !== 'object') return existing;
  let nextId = ctx.portal.state.userFields.filter(() => true).flatMap((u) => u.LIST ?? []).reduce((m, i) => Math.max(m, i.ID), 0) + 1;
  const out: UserFieldEnumItem[] = [];
  for (const item of Object.values(raw as Record<string, unknown>)) {
    if (!item || typeof item !== 'object') continue;
    const i = item as Record<string, unknown>;
    const id = intval(i['ID']);
    const found = existing.find((e) => e.ID === id);
    if (found && yn(i['DEL']) === 'Y') continue;
    out.push({
      ID: found ? found.ID : nextId++,
      VALUE: text(i['VALUE'] ?? found?.VALUE),
      DEF: i['DEF'] === undefined ? (found?.DEF ?? 'N') : yn(i['DEF']),
      SORT: i['SORT'] === undefined ? (found?.SORT ?? 500) : intval(i['SORT']),
      XML_ID: text(i['XML_ID'] ?? found?.XML_ID ?? ''),
    });
  }
  return out;
}

function methodsFor(desc: EntityDescriptor, prefix: string): MethodTable {
  const find = (ctx: MethodContext): UserFieldDef => {
    const uf = ctx.portal.state.userFields.get(requireId(ctx.params));
    if (!uf || uf.ENTITY_ID !== desc.ufEntityId) throw legacyNotFound();
    return uf;
  };
  return {
    [`${prefix}.userfield.list`]: read('crm', (ctx) => {
      const predicate = compileFilter(objectParam(ctx.params, 'filter'), resolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: 0 });
      const rows = ctx.portal.state.userFields.filter((u) => u.ENTITY_ID === desc.ufEntityId && predicate(u));
      return { result: rows.map(view), total: rows.length };
    }),
    [`${prefix}.userfield.get`]: read('crm', (ctx) => ok(view(find(ctx)))),
    [`${prefix}.userfield.add`]: write('crm', (ctx) => {
      const fields = objectParam(ctx.params, 'fields') ?? {};
      const rawName = text(fields['FIELD_NAME']).toUpperCase();
      if (!rawName) throw legacyError("The field 'FIELD_NAME' is required.");
      const name = rawName.startsWith('UF_CRM_') ? rawName : `UF_CRM_${rawName}`;
      if (!/^UF_CRM_[A-Z0-9_]{1,43}$/.test(name)) throw legacyError(`Invalid FIELD_NAME "${name}": only A-Z, 0-9 and _ are allowed, up to 50 characters.`);
      const type = text(fields['USER_TYPE_ID']);
      if (!TYPES.has(type)) throw legacyError(`USER_TYPE_ID "${type}" is not supported.`);
      const table = ctx.portal.state.userFields;
      if (table.find((u) => u.ENTITY_ID === desc.ufEntityId && u.FIELD_NAME === name)) {
        throw legacyError(`A user field named ${name} already exists.`);
      }
      const uf: UserFieldDef = {
        ID: table.allocateId(),
        ENTITY_ID: desc.ufEntityId,
        FIELD_NAME: name,
        USER_TYPE_ID: type,
        XML_ID: fields['XML_ID'] === undefined ? null : text(fields['XML_ID']),
        SORT: fields['SORT'] === undefined ? 100 : intval(fields['SORT']),
        MULTIPLE: yn(fields['MULTIPLE']),
        MANDATORY: yn(fields['MANDATORY']),
        SHOW_FILTER: text(fields['SHOW_FILTER'] ?? 'N'),
        SHOW_IN_LIST: fields['SHOW_IN_LIST'] === undefined ? 'Y' : yn(fields['SHOW_IN_LIST']),
        EDIT_IN_LIST: fields['EDIT_IN_LIST'] === undefined ? 'Y' : yn(fields['EDIT_IN_LIST']),
        IS_SEARCHABLE: yn(fields['IS_SEARCHABLE']),
        EDIT_FORM_LABEL: labels(fields['EDIT_FORM_LABEL'] ?? fields['LABEL'], name),
        LIST_COLUMN_LABEL: labels(fields['LIST_COLUMN_LABEL'] ?? fields['LABEL'], name),
        SETTINGS: fields['SETTINGS'] && typeof fields['SETTINGS'] === 'object' ? (fields['SETTINGS'] as Record<string, unknown>) : {},
        ...(type === 'enumeration' ? { LIST: enumItems(ctx, fields['LIST']) } : {}),
      };
      table.put(uf);
      return ok(uf.ID);
    }),
    [`${prefix}.userfield.update`]: write('crm', (ctx) => {
      const uf = find(ctx);
      const fields = objectParam(ctx.params, 'fields') ?? {};
      if (fields['SORT'] !== undefined) uf.SORT = intval(fields['SORT']);
      if (fields['MANDATORY'] !== undefined) uf.MANDATORY = yn(fields['MANDATORY']);
      if (fields['XML_ID'] !== undefined) uf.XML_ID = text(fields['XML_ID']);
      if (fields['EDIT_FORM_LABEL'] !== undefined) uf.EDIT_FORM_LABEL = labels(fields['EDIT_FORM_LABEL'], uf.FIELD_NAME);
      if (fields['LIST_COLUMN_LABEL'] !== undefined) uf.LIST_COLUMN_LABEL = labels(fields['LIST_COLUMN_LABEL'], uf.FIELD_NAME);
      if (fields['SETTINGS'] && typeof fields['SETTINGS'] === 'object') uf.SETTINGS = fields['SETTINGS'] as Record<string, unknown>;
      if (uf.USER_TYPE_ID === 'enumeration' && fields['LIST'] !== undefined) uf.LIST = enumItems(ctx, fields['LIST'], uf.LIST);
      return ok(true);
    }),
    [`${prefix}.userfield.delete`]: write('crm', (ctx) => {
      const uf = find(ctx);
      ctx.portal.state.userFields.delete(uf.ID);
      return ok(true);
    }),
  };
}

export const userFieldMethods: MethodTable = {
  ...methodsFor(COMPANY, 'crm.company'),
  ...methodsFor(CONTACT, 'crm.contact'),
  ...methodsFor(DEAL, 'crm.deal'),
};
