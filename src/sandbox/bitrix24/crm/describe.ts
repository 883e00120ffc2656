// The `*.fields` answers: what a client reads to learn an entity's fields,
// including user fields (reference §7.1, §7.3).
import type { Portal } from '../portal.ts';
import type { UserFieldDef } from '../state.ts';
import { ufCamel, type EntityDescriptor, type FieldDef } from './fields.ts';
import { userFieldsOf } from './records.ts';

function systemField(def: FieldDef): Record<string, unknown> {
  return {
    type: def.type,
    isRequired: def.required === true,
    isReadOnly: def.readOnly === true,
    isImmutable: false,
    isMultiple: def.multiple === true,
    isDynamic: false,
    title: def.title,
    ...(def.statusType ? { statusType: def.statusType } : {}),
  };
}

function label(value: UserFieldDef['EDIT_FORM_LABEL']): string {
  return typeof value === 'string' ? value : (value['en'] ?? value['ru'] ?? Object.values(value)[0] ?? '');
}

function userField(uf: UserFieldDef): Record<string, unknown> {
  return {
    type: uf.USER_TYPE_ID,
    isRequired: uf.MANDATORY === 'Y',
    isReadOnly: false,
    isImmutable: false,
    isMultiple: uf.MULTIPLE === 'Y',
    isDynamic: true,
    title: uf.FIELD_NAME,
    listLabel: label(uf.LIST_COLUMN_LABEL),
    formLabel: label(uf.EDIT_FORM_LABEL),
    filterLabel: label(uf.LIST_COLUMN_LABEL),
    settings: uf.SETTINGS,
    ...(uf.LIST ? { items: uf.LIST.map((i) => ({ ID: String(i.ID), VALUE: i.VALUE })) } : {}),
  };
}

export function legacyFields(portal: Portal, desc: EntityDescriptor): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(desc.fields)) if (!def.itemOnly) out[name] = systemField(def);
  for (const uf of userFieldsOf(portal, desc)) out[uf.FIELD_NAME] = userField(uf);
  return out;
}

export function itemFields(portal: Portal, desc: EntityDescriptor, useOriginalUfNames: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(desc.fields)) {
    if (def.legacyOnly) continue;
    out[def.camel] = { ...systemField(def), upperName: name };
  }
  for (const uf of userFieldsOf(portal, desc)) {
    out[useOriginalUfNames ? uf.FIELD_NAME : ufCamel(uf.FIELD_NAME)] = { ...userField(uf), upperName: uf.FIELD_NAME };
  }
  if (desc.hasMultifields) out['fm'] = { type: 'crm_multifield', isRequired: false, isReadOnly: false, isImmutable: false, isMultiple: true, isDynamic: false, title: 'Multifields' };
  return out;
}
