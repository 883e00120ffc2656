// How a stored CRM record looks to clients: the legacy view (UPPER_CASE, every
// scalar a string, multifields as lists of {ID, VALUE_TYPE, VALUE, TYPE_ID}) and the
// crm.item view (camelCase, JSON types, `fm`), plus field resolvers for filters.
import { text } from '../params.ts';
import type { Portal } from '../portal.ts';
import type { FieldAccessor, FieldResolver, ValueKind } from '../query.ts';
import type { CrmRecord, UserFieldDef } from '../state.ts';
import { ufCamel, upperOfCamel, type EntityDescriptor, type FieldType } from './fields.ts';
import { companyContactIds, contactCompanyIds, userFieldsOf } from './records.ts';
import { isIntegerType, itemValue, legacyValue, userFieldType, type OutputContext } from './values.ts';

function outputContext(portal: Portal): OutputContext {
  return { offsetMinutes: portal.config.offsetMinutes, formatTime: (ms) => portal.formatTime(ms) };
}

/** Values that are computed, not stored. */
function storedOrDerived(portal: Portal, desc: EntityDescriptor, record: CrmRecord, field: string): unknown {
  switch (field) {
    case 'HAS_PHONE':
      return portal.multifieldIndex.of(desc.name, record.ID).some((m) => m.TYPE_ID === 'PHONE') ? 'Y' : 'N';
    case 'HAS_EMAIL':
      return portal.multifieldIndex.of(desc.name, record.ID).some((m) => m.TYPE_ID === 'EMAIL') ? 'Y' : 'N';
    case 'HAS_IMOL':
      return 'N';
    case 'CONTACT_ID':
      if (desc.name === 'COMPANY') return companyContactIds(portal, record.ID);
      return record[field];
    case 'COMPANY_IDS':
      return contactCompanyIds(portal, record.ID);
    case 'CONTACT_IDS':
      if (Array.isArray(record['CONTACT_IDS'])) return record['CONTACT_IDS'];
      return record['CONTACT_ID'] ? [record['CONTACT_ID']] : [];
    default:
      return record[field];
  }
}

/**
 * Legacy select (reference §6): default `*` + `UF_*`; `*` is every standard field
 * except user fields, multifields and multiple bindings; `UF_*` every user field that
 * is not multiple; multifields and multiple user fields must be named; ID always comes back.
 */
export function legacySelect(portal: Portal, desc: EntityDescriptor, select: readonly string[] | undefined): string[] {
  const wanted = select && select.length > 0 ? select.map((s) => s.toUpperCase()) : ['*', 'UF_*'];
  const ufs = userFieldsOf(portal, desc);
  const out = new Set<string>(['ID']);
  for (const name of wanted) {
    if (name === '*') {
      for (const [field, def] of Object.entries(desc.fields)) {
        if (def.type !== 'crm_multifield' && !def.itemOnly && !def.multiple) out.add(field);
      }
    } else if (name === 'UF_*') {
      for (const uf of ufs) if (uf.MULTIPLE !== 'Y') out.add(uf.FIELD_NAME);
    } else if (desc.fields[name] && !desc.fields[name]?.itemOnly) {
      out.add(name);
    } else if (ufs.some((uf) => uf.FIELD_NAME === name)) {
      out.add(name);
    }
  }
  return [...out];
}

export function legacyView(portal: Portal, desc: EntityDescriptor, record: CrmRecord, fields: readonly string[]): Record<string, unknown> {
  const ctx = outputContext(portal);
  const ufs = new Map(userFieldsOf(portal, desc).map((uf) => [uf.FIELD_NAME, uf]));
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const def = desc.fields[field];
    if (def?.type === 'crm_multifield') {
      const entries = portal.multifieldIndex.of(desc.name, record.ID).filter((m) => m.TYPE_ID === field);
      // Empty multifields are left out of the answer (reference §9.14, UNCONFIRMED but what the docs' example shows).
      if (entries.length > 0) {
        out[field] = entries.map((m) => ({ ID: String(m.ID), VALUE_TYPE: m.VALUE_TYPE, VALUE: m.VALUE, TYPE_ID: m.TYPE_ID }));
      }
      continue;
    }
    const type: FieldType | undefined = def?.type ?? (ufs.has(field) ? userFieldType(ufs.get(field) as UserFieldDef) : undefined);
    if (!type) continue;
    out[field] = legacyValue(type, storedOrDerived(portal, desc, record, field), ctx);
  }
  return out;
}

export interface ItemSelectOptions {
  readonly useOriginalUfNames: boolean;
}

/** crm.item select: names (camelCase) or `*`; `fm` only comes with `*` (reference §6). */
export function itemView(
  portal: Portal,
  desc: EntityDescriptor,
  record: CrmRecord,
  select: readonly string[] | undefined,
  options: ItemSelectOptions,
): Record<string, unknown> {
  const ctx = outputContext(portal);
  const all = !select || select.length === 0 || select.includes('*');
  const wanted = new Set((select ?? []).map((s) => s.toLowerCase()));
  const out: Record<string, unknown> = {};
  for (const [field, def] of Object.entries(desc.fields)) {
    if (def.legacyOnly) continue;
    if (!all && !wanted.has(def.camel.toLowerCase()) && field !== 'ID') continue;
    out[def.camel] = itemValue(def.type, storedOrDerived(portal, desc, record, field), ctx);
  }
  out['entityTypeId'] = desc.entityTypeId;
  for (const uf of userFieldsOf(portal, desc)) {
    const name = options.useOriginalUfNames ? uf.FIELD_NAME : ufCamel(uf.FIELD_NAME);
    if (!all && !wanted.has(name.toLowerCase()) && !wanted.has(uf.FIELD_NAME.toLowerCase())) continue;
    out[name] = itemValue(userFieldType(uf), record[uf.FIELD_NAME] ?? null, ctx);
  }
  if (all && desc.hasMultifields) {
    out['fm'] = portal.multifieldIndex
      .of(desc.name, record.ID)
      .map((m) => ({ id: m.ID, typeId: m.TYPE_ID, valueType: m.VALUE_TYPE, value: m.VALUE }));
  }
  return out;
}

function kindOf(type: FieldType): ValueKind {
  if (isIntegerType(type) || type === 'double' || type === 'money') return 'number';
  if (type === 'date' || type === 'datetime') return 'date';
  if (type === 'boolean') return 'bool';
  return 'string';
}

function accessor(portal: Portal, desc: EntityDescriptor, field: string, type: FieldType, multiple: boolean): FieldAccessor<CrmRecord> {
  if (type === 'crm_multifield') {
    return { kind: 'multi', get: (r) => portal.multifieldIndex.of(desc.name, r.ID).filter((m) => m.TYPE_ID === field).map((m) => m.VALUE) };
  }
  const kind = kindOf(type);
  if (type === 'date') {
    // Date-only fields compare by the calendar date at portal midnight.
    return { kind, get: (r) => (r[field] ? Date.parse(`${text(r[field])}T00:00:00Z`) - portal.config.offsetMinutes * 60_000 : null) };
  }
  if (multiple) return { kind: 'multi', get: (r) => storedOrDerived(portal, desc, r, field) };
  return { kind, get: (r) => storedOrDerived(portal, desc, r, field) };
}

/** Filter/order fields of the legacy methods: UPPER_CASE names, user fields, multifields. */
export function legacyResolver(portal: Portal, desc: EntityDescriptor): FieldResolver<CrmRecord> {
  const ufs = new Map(userFieldsOf(portal, desc).map((uf) => [uf.FIELD_NAME, uf]));
  return (name) => {
    const upper = name.toUpperCase();
    const def = desc.fields[upper];
    if (def && !def.itemOnly) return accessor(portal, desc, upper, def.type, def.multiple === true);
    const uf = ufs.get(upper);
    if (uf) return accessor(portal, desc, upper, userFieldType(uf), uf.MULTIPLE === 'Y');
    return undefined;
  };
}

/** Filter/order fields of crm.item.list: camelCase names, or original UF names. */
export function itemResolver(portal: Portal, desc: EntityDescriptor): FieldResolver<CrmRecord> {
  const ufs = userFieldsOf(portal, desc);
  return (name) => {
    const upper = upperOfCamel(desc, name);
    if (upper) {
      const def = desc.fields[upper];
      if (def) return accessor(portal, desc, upper, def.type, def.multiple === true);
    }
    const uf = ufs.find((u) => ufCamel(u.FIELD_NAME).toLowerCase() === name.toLowerCase() || u.FIELD_NAME === name.toUpperCase());
    if (uf) return accessor(portal, desc, uf.FIELD_NAME, userFieldType(uf), uf.MULTIPLE === 'Y');
    return undefined;
  };
}

/** Maps crm.item input names (camelCase or original UF names) to storage names. */
export function itemInputToStorage(portal: Portal, desc: EntityDescriptor, fields: Record<string, unknown>): Record<string, unknown> {
  const ufs = userFieldsOf(portal, desc);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'fm') continue;
    const upper = upperOfCamel(desc, name);
    if (upper) {
      out[upper] = value;
      continue;
    }
    const uf = ufs.find((u) => ufCamel(u.FIELD_NAME).toLowerCase() === name.toLowerCase() || u.FIELD_NAME === name.toUpperCase());
    if (uf) out[uf.FIELD_NAME] = value;
  }
  return out;
}

