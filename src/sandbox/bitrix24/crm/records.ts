// Create, update and delete of CRM records, shared by the legacy crm.* methods
// and crm.item.*: defaults, derived fields, contact/company bindings, cascades
// and events. DATE_MODIFY moves on every change (DESIGN §6).
import { coreError, legacyError } from '../errors.ts';
import type { Portal } from '../portal.ts';
import type { MethodContext } from '../registry.ts';
import type { CrmRecord, UserFieldDef } from '../state.ts';
import type { Table } from '../table.ts';
import { COMPANY, CONTACT, DEAL, type EntityDescriptor } from './fields.ts';
import { validateMultifieldOps, type MultifieldOp } from './multifields.ts';
import { coerceField, userFieldDef } from './values.ts';

export function tableOf(portal: Portal, desc: EntityDescriptor): Table<CrmRecord> {
  switch (desc.name) {
    case 'COMPANY':
      return portal.state.companies;
    case 'CONTACT':
      return portal.state.contacts;
    case 'DEAL':
      return portal.state.deals;
    case 'SMART_INVOICE':
      return portal.state.smartInvoices;
  }
}

export function userFieldsOf(portal: Portal, desc: EntityDescriptor): UserFieldDef[] {
  return portal.state.userFields.filter((uf) => uf.ENTITY_ID === desc.ufEntityId);
}

/** Input already mapped to storage names: system fields, user fields and multifield operations. */
export interface RecordInput {
  readonly fields: Record<string, unknown>;
  readonly multifields: readonly MultifieldOp[];
}

/** Keeps the writable fields the entity knows, coerced; unknown names are silently ignored (reference §9.5). */
export function coerceInput(portal: Portal, desc: EntityDescriptor, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const offset = portal.config.offsetMinutes;
  const ufs = new Map(userFieldsOf(portal, desc).map((uf) => [uf.FIELD_NAME, uf]));
  for (const [name, value] of Object.entries(fields)) {
    const def = desc.fields[name];
    if (def) {
      if (def.readOnly || def.type === 'crm_multifield') continue;
      out[name] = coerceField(def, value, offset);
      continue;
    }
    const uf = ufs.get(name);
    if (uf) out[name] = coerceField(userFieldDef(uf), value, offset);
  }
  return out;
}

export function createRecord(ctx: MethodContext, desc: EntityDescriptor, input: RecordInput): CrmRecord {
  const { portal, now, auth } = ctx;
  const values = { ...input.fields };
  if (desc === COMPANY && (values['TITLE'] === undefined || values['TITLE'] === null || values['TITLE'] === '')) {
    throw coreError('The field "Company name" is required.');
  }
  validateMultifieldOps(input.multifields);
  const table = tableOf(portal, desc);
  const id = table.allocateId();
  const record: CrmRecord = {
    ID: id,
    ...defaults(portal, desc, values, auth.userId),
    ...values,
    CREATED_BY_ID: auth.userId,
    MODIFY_BY_ID: auth.userId,
    DATE_CREATE: now,
    DATE_MODIFY: now,
  };
  if (desc === DEAL || desc.name === 'SMART_INVOICE') applyStage(portal, desc, record, now);
  if (desc === DEAL && (record['TITLE'] === undefined || record['TITLE'] === null || record['TITLE'] === '')) {
    record['TITLE'] = `Deal #${id}`;
  }
  table.put(record);
  if (desc.hasMultifields) portal.multifieldIndex.apply(desc.name, id, input.multifields.filter((op) => op.kind !== 'delete'));
  syncBindings(portal, desc, record, values);
  emit(ctx, desc, 'add', id);
  return record;
}

export function updateRecord(ctx: MethodContext, desc: EntityDescriptor, record: CrmRecord, input: RecordInput): CrmRecord {
  const { portal, now, auth } = ctx;
  validateMultifieldOps(input.multifields);
  const values = { ...input.fields };
  if (desc === COMPANY && 'TITLE' in values && (values['TITLE'] === null || values['TITLE'] === '')) {
    throw coreError('The field "Company name" is required.');
  }
  const stageBefore = record['STAGE_ID'];
  const categoryBefore = record['CATEGORY_ID'];
  Object.assign(record, values);
  // Moved to another pipeline without a stage: the new pipeline's first stage.
  if ('CATEGORY_ID' in values && values['CATEGORY_ID'] !== categoryBefore && !('STAGE_ID' in values)) delete record['STAGE_ID'];
  if ((desc === DEAL || desc.name === 'SMART_INVOICE') && ('STAGE_ID' in values || 'CATEGORY_ID' in values)) {
    applyStage(portal, desc, record, now, stageBefore);
  }
  if (desc.hasMultifields) portal.multifieldIndex.apply(desc.name, record.ID, input.multifields);
  syncBindings(portal, desc, record, values);
  record['MODIFY_BY_ID'] = auth.userId;
  record['DATE_MODIFY'] = Math.max(now, record['DATE_MODIFY'] as number);
  emit(ctx, desc, 'update', record.ID);
  if (desc === DEAL && record['CATEGORY_ID'] !== categoryBefore) {
    ctx.portal.events.emit('ONCRMDEALMOVETOCATEGORY', { ID: record.ID }, { authConnector: ctx.authConnector, userId: auth.userId });
  }
  return record;
}

export function deleteRecord(ctx: MethodContext, desc: EntityDescriptor, record: CrmRecord): void {
  const { portal } = ctx;
  const state = portal.state;
  tableOf(portal, desc).delete(record.ID);
  if (desc.hasMultifields) portal.multifieldIndex.removeAll(desc.name, record.ID);
  for (const rq of state.requisites.filter((r) => r.ENTITY_TYPE_ID === desc.entityTypeId && r.ENTITY_ID === record.ID)) {
    state.requisites.delete(rq.ID);
    for (const a of state.addresses.filter((x) => x.ENTITY_TYPE_ID === 8 && x.ENTITY_ID === rq.ID)) state.addresses.delete(a.id);
  }
  if (desc === COMPANY) for (const l of state.contactCompany.filter((x) => x.COMPANY_ID === record.ID)) state.contactCompany.delete(l.id);
  if (desc === CONTACT) for (const l of state.contactCompany.filter((x) => x.CONTACT_ID === record.ID)) state.contactCompany.delete(l.id);
  for (const row of state.productRows.filter((r) => r.OWNER_TYPE === desc.abbr && r.OWNER_ID === record.ID)) state.productRows.delete(row.ID);
  for (const p of state.payments.filter((x) => x.entityTypeId === desc.entityTypeId && x.entityId === record.ID)) state.payments.delete(p.id);
  emit(ctx, desc, 'delete', record.ID);
}

/** Marks a record changed by a side effect (product rows, bindings) and fires its update event. */
export function touchRecord(ctx: MethodContext, desc: EntityDescriptor, record: CrmRecord): void {
  record['DATE_MODIFY'] = Math.max(ctx.now, record['DATE_MODIFY'] as number);
  record['MODIFY_BY_ID'] = ctx.auth.userId;
  emit(ctx, desc, 'update', record.ID);
}

function emit(ctx: MethodContext, desc: EntityDescriptor, what: 'add' | 'update' | 'delete', id: number): void {
  const fields: Record<string, unknown> = desc.name === 'SMART_INVOICE' ? { ID: id, ENTITY_TYPE_ID: desc.entityTypeId } : { ID: id };
  ctx.portal.events.emit(desc.events[what], fields, { authConnector: ctx.authConnector, userId: ctx.auth.userId });
}

function defaults(portal: Portal, desc: EntityDescriptor, values: Record<string, unknown>, userId: number): Record<string, unknown> {
  const base = portal.state.currencies.find((c) => c.BASE === 'Y')?.CURRENCY ?? 'RUB';
  const common: Record<string, unknown> = { OPENED: 'Y', ASSIGNED_BY_ID: userId, COMMENTS: null, ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null };
  switch (desc.name) {
    case 'COMPANY':
      return { ...common, COMPANY_TYPE: 'CUSTOMER', INDUSTRY: null, EMPLOYEES: null, REVENUE: 0, CURRENCY_ID: base, IS_MY_COMPANY: 'N', LEAD_ID: null };
    case 'CONTACT':
      return { ...common, NAME: null, LAST_NAME: null, SECOND_NAME: null, HONORIFIC: null, BIRTHDATE: null, TYPE_ID: 'CLIENT', SOURCE_ID: null, POST: null, EXPORT: 'Y', COMPANY_ID: null, LEAD_ID: null };
    case 'DEAL':
      return {
        ...common,
        TYPE_ID: 'SALE',
        CATEGORY_ID: intOr(values['CATEGORY_ID'], 0),
        PROBABILITY: null,
        CURRENCY_ID: base,
        OPPORTUNITY: 0,
        IS_MANUAL_OPPORTUNITY: 'N',
        TAX_VALUE: 0,
        COMPANY_ID: null,
        CONTACT_ID: null,
        BEGINDATE: null,
        CLOSEDATE: null,
        SOURCE_ID: null,
        LEAD_ID: null,
        ADDITIONAL_INFO: null,
      };
    case 'SMART_INVOICE':
      return {
        ...common,
        ACCOUNT_NUMBER: null,
        XML_ID: null,
        CATEGORY_ID: intOr(values['CATEGORY_ID'], smartInvoiceCategory(portal)),
        OPPORTUNITY: 0,
        IS_MANUAL_OPPORTUNITY: 'N',
        TAX_VALUE: 0,
        CURRENCY_ID: base,
        COMPANY_ID: null,
        CONTACT_ID: null,
        MYCOMPANY_ID: null,
        PARENT_ID_2: null,
        PARENT_ID_7: null,
        BEGINDATE: null,
        CLOSEDATE: null,
      };
  }
}

function intOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : fallback;
}

export function smartInvoiceCategory(portal: Portal): number {
  return portal.state.categories.find((c) => c.entityTypeId === 31 && c.isDefault === 'Y')?.id ?? 0;
}

export function stageEntityId(desc: EntityDescriptor, categoryId: number): string {
  if (desc.name === 'SMART_INVOICE') return `SMART_INVOICE_STAGE_${categoryId}`;
  return categoryId === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${categoryId}`;
}

/**
 * Stage ids of non-default pipelines carry the `C<category>:` prefix (reference
 * §7.1, §9.12); the stage decides STAGE_SEMANTIC_ID and CLOSED.
 */
function applyStage(portal: Portal, desc: EntityDescriptor, record: CrmRecord, now: number, before?: unknown): void {
  const categoryId = intOr(record['CATEGORY_ID'], 0);
  const entityId = stageEntityId(desc, categoryId);
  const stages = portal.state.statuses.filter((s) => s.ENTITY_ID === entityId).sort((a, b) => a.SORT - b.SORT);
  if (stages.length === 0) throw legacyError(`Pipeline ${categoryId} is not found`);
  const wanted = record['STAGE_ID'];
  let stage = stages.find((s) => s.STATUS_ID === wanted);
  if (wanted === undefined || wanted === null || wanted === '') stage = stages[0];
  if (!stage) throw legacyError(`Stage "${String(wanted)}" is not found in pipeline ${categoryId}`);
  record['STAGE_ID'] = stage.STATUS_ID;
  if (desc === DEAL) {
    record['STAGE_SEMANTIC_ID'] = stage.SEMANTICS ?? 'P';
    record['CLOSED'] = stage.SEMANTICS ? 'Y' : 'N';
    record['IS_NEW'] = stage === stages[0] ? 'Y' : 'N';
    if (before !== record['STAGE_ID']) record['MOVED_TIME'] = now;
  } else if (before !== undefined && before !== record['STAGE_ID']) {
    record['PREVIOUS_STAGE_ID'] = before;
  }
}

/** Keeps contact ↔ company bindings in one place whichever side was written. */
function syncBindings(portal: Portal, desc: EntityDescriptor, record: CrmRecord, values: Record<string, unknown>): void {
  const links = portal.state.contactCompany;
  if (desc === CONTACT && ('COMPANY_ID' in values || 'COMPANY_IDS' in values)) {
    const ids = new Set<number>();
    if (Array.isArray(values['COMPANY_IDS'])) for (const id of values['COMPANY_IDS'] as number[]) ids.add(id);
    if (typeof values['COMPANY_ID'] === 'number' && values['COMPANY_ID'] > 0) ids.add(values['COMPANY_ID']);
    setContactCompanies(portal, record.ID, [...ids].filter((id) => portal.state.companies.has(id)));
  }
  if (desc === COMPANY && 'CONTACT_ID' in values && Array.isArray(values['CONTACT_ID'])) {
    for (const l of links.filter((x) => x.COMPANY_ID === record.ID)) links.delete(l.id);
    for (const contactId of values['CONTACT_ID'] as number[]) {
      if (portal.state.contacts.has(contactId)) addContactCompany(portal, contactId, record.ID);
    }
  }
}

export function setContactCompanies(portal: Portal, contactId: number, companyIds: readonly number[]): void {
  const links = portal.state.contactCompany;
  for (const l of links.filter((x) => x.CONTACT_ID === contactId)) links.delete(l.id);
  companyIds.forEach((companyId, i) => addContactCompany(portal, contactId, companyId, i === 0));
  refreshPrimaryCompany(portal, contactId);
}

export function addContactCompany(portal: Portal, contactId: number, companyId: number, primary = false): void {
  const links = portal.state.contactCompany;
  if (links.find((l) => l.CONTACT_ID === contactId && l.COMPANY_ID === companyId)) return;
  const isFirst = !links.find((l) => l.CONTACT_ID === contactId);
  links.put({ id: links.allocateId(), CONTACT_ID: contactId, COMPANY_ID: companyId, SORT: 10, IS_PRIMARY: primary || isFirst ? 'Y' : 'N' });
  refreshPrimaryCompany(portal, contactId);
}

export function refreshPrimaryCompany(portal: Portal, contactId: number): void {
  const contact = portal.state.contacts.get(contactId);
  if (!contact) return;
  const links = portal.state.contactCompany.filter((l) => l.CONTACT_ID === contactId);
  const primary = links.find((l) => l.IS_PRIMARY === 'Y') ?? links[0];
  contact['COMPANY_ID'] = primary ? primary.COMPANY_ID : null;
}

/** A company's contacts and a contact's companies, derived from the bindings. */
export function companyContactIds(portal: Portal, companyId: number): number[] {
  return portal.state.contactCompany.filter((l) => l.COMPANY_ID === companyId).map((l) => l.CONTACT_ID);
}

export function contactCompanyIds(portal: Portal, contactId: number): number[] {
  return portal.state.contactCompany.filter((l) => l.CONTACT_ID === contactId).map((l) => l.COMPANY_ID);
}
