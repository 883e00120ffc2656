// Field definitions of the CRM entities the sandbox models. Records are stored
// with the legacy UPPER_CASE names and typed values; the legacy view turns every
// scalar into a string, the crm.item view uses camelCase and JSON types
// (reference §7.1, §7.3, §9.1).

export type FieldType =
  | 'integer'
  | 'double'
  | 'money'
  | 'string'
  | 'char'
  | 'date'
  | 'datetime'
  | 'crm_status'
  | 'crm_currency'
  | 'crm_category'
  | 'user'
  | 'crm_company'
  | 'crm_contact'
  | 'crm_deal'
  | 'crm_lead'
  | 'crm_multifield'
  | 'boolean'
  | 'enumeration';

export interface FieldDef {
  readonly type: FieldType;
  readonly title: string;
  /** crm.item name. */
  readonly camel: string;
  readonly readOnly?: boolean;
  readonly required?: boolean;
  readonly multiple?: boolean;
  readonly statusType?: string;
  /** Exists only in the crm.item view (not in legacy crm.*). */
  readonly itemOnly?: boolean;
  /** Exists only in the legacy view. */
  readonly legacyOnly?: boolean;
}

export type EntityName = 'COMPANY' | 'CONTACT' | 'DEAL' | 'SMART_INVOICE';

export interface EntityDescriptor {
  readonly name: EntityName;
  readonly entityTypeId: 2 | 3 | 4 | 31;
  readonly abbr: 'CO' | 'C' | 'D' | 'SI';
  readonly ufEntityId: string;
  readonly legacyPrefix: string | null;
  readonly hasMultifields: boolean;
  readonly fields: Readonly<Record<string, FieldDef>>;
  /** Event names fired on add/update/delete (reference §8.1). */
  readonly events: { readonly add: string; readonly update: string; readonly delete: string };
}

type Defs = Record<string, Omit<FieldDef, 'title'> & { title?: string }>;

function defs(list: Defs): Record<string, FieldDef> {
  const out: Record<string, FieldDef> = {};
  for (const [name, def] of Object.entries(list)) out[name] = { title: def.title ?? name, ...def };
  return out;
}

const common: Defs = {
  ID: { type: 'integer', camel: 'id', readOnly: true, title: 'ID' },
  ASSIGNED_BY_ID: { type: 'user', camel: 'assignedById', title: 'Responsible person' },
  CREATED_BY_ID: { type: 'user', camel: 'createdBy', readOnly: true, title: 'Created by' },
  MODIFY_BY_ID: { type: 'user', camel: 'updatedBy', readOnly: true, title: 'Modified by' },
  DATE_CREATE: { type: 'datetime', camel: 'createdTime', readOnly: true, title: 'Created on' },
  DATE_MODIFY: { type: 'datetime', camel: 'updatedTime', readOnly: true, title: 'Modified on' },
  OPENED: { type: 'char', camel: 'opened', title: 'Available to everyone' },
  COMMENTS: { type: 'string', camel: 'comments', title: 'Comment' },
};

const origin: Defs = {
  ORIGINATOR_ID: { type: 'string', camel: 'originatorId', title: 'External source' },
  ORIGIN_ID: { type: 'string', camel: 'originId', title: 'Item ID in data source' },
  ORIGIN_VERSION: { type: 'string', camel: 'originVersion', title: 'Original version' },
};

const contactInfo: Defs = {
  HAS_PHONE: { type: 'char', camel: 'hasPhone', readOnly: true },
  HAS_EMAIL: { type: 'char', camel: 'hasEmail', readOnly: true },
  HAS_IMOL: { type: 'char', camel: 'hasImol', readOnly: true },
  PHONE: { type: 'crm_multifield', camel: 'phone', multiple: true, legacyOnly: true, title: 'Phone' },
  EMAIL: { type: 'crm_multifield', camel: 'email', multiple: true, legacyOnly: true, title: 'E-mail' },
  WEB: { type: 'crm_multifield', camel: 'web', multiple: true, legacyOnly: true, title: 'Website' },
  IM: { type: 'crm_multifield', camel: 'im', multiple: true, legacyOnly: true, title: 'Messenger' },
  LINK: { type: 'crm_multifield', camel: 'link', multiple: true, legacyOnly: true, title: 'Link' },
};

export const MULTIFIELD_TYPES = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'] as const;
export type MultifieldType = (typeof MULTIFIELD_TYPES)[number];

export const COMPANY: EntityDescriptor = {
  name: 'COMPANY',
  entityTypeId: 4,
  abbr: 'CO',
  ufEntityId: 'CRM_COMPANY',
  legacyPrefix: 'crm.company',
  hasMultifields: true,
  events: { add: 'ONCRMCOMPANYADD', update: 'ONCRMCOMPANYUPDATE', delete: 'ONCRMCOMPANYDELETE' },
  fields: defs({
    ...common,
    TITLE: { type: 'string', camel: 'title', required: true, title: 'Company name' },
    COMPANY_TYPE: { type: 'crm_status', camel: 'typeId', statusType: 'COMPANY_TYPE', title: 'Company type' },
    INDUSTRY: { type: 'crm_status', camel: 'industry', statusType: 'INDUSTRY', title: 'Industry' },
    EMPLOYEES: { type: 'crm_status', camel: 'employees', statusType: 'EMPLOYEES', title: 'Employees' },
    REVENUE: { type: 'money', camel: 'revenue', title: 'Annual revenue' },
    CURRENCY_ID: { type: 'crm_currency', camel: 'currencyId', title: 'Currency' },
    IS_MY_COMPANY: { type: 'char', camel: 'isMyCompany', title: 'My company' },
    LEAD_ID: { type: 'crm_lead', camel: 'leadId', readOnly: true },
    CONTACT_ID: { type: 'crm_contact', camel: 'contactIds', multiple: true, title: 'Contacts' },
    ...origin,
    ...contactInfo,
  }),
};

export const CONTACT: EntityDescriptor = {
  name: 'CONTACT',
  entityTypeId: 3,
  abbr: 'C',
  ufEntityId: 'CRM_CONTACT',
  legacyPrefix: 'crm.contact',
  hasMultifields: true,
  events: { add: 'ONCRMCONTACTADD', update: 'ONCRMCONTACTUPDATE', delete: 'ONCRMCONTACTDELETE' },
  fields: defs({
    ...common,
    HONORIFIC: { type: 'crm_status', camel: 'honorific', statusType: 'HONORIFIC', title: 'Salutation' },
    NAME: { type: 'string', camel: 'name', title: 'First name' },
    SECOND_NAME: { type: 'string', camel: 'secondName', title: 'Second name' },
    LAST_NAME: { type: 'string', camel: 'lastName', title: 'Last name' },
    BIRTHDATE: { type: 'date', camel: 'birthdate', title: 'Date of birth' },
    TYPE_ID: { type: 'crm_status', camel: 'typeId', statusType: 'CONTACT_TYPE', title: 'Contact type' },
    SOURCE_ID: { type: 'crm_status', camel: 'sourceId', statusType: 'SOURCE', title: 'Source' },
    POST: { type: 'string', camel: 'post', title: 'Position' },
    EXPORT: { type: 'char', camel: 'export', title: 'Included in export' },
    COMPANY_ID: { type: 'crm_company', camel: 'companyId', title: 'Company' },
    COMPANY_IDS: { type: 'crm_company', camel: 'companyIds', multiple: true, title: 'Companies' },
    LEAD_ID: { type: 'crm_lead', camel: 'leadId', readOnly: true },
    ...origin,
    ...contactInfo,
  }),
};

export const DEAL: EntityDescriptor = {
  name: 'DEAL',
  entityTypeId: 2,
  abbr: 'D',
  ufEntityId: 'CRM_DEAL',
  legacyPrefix: 'crm.deal',
  hasMultifields: false,
  events: { add: 'ONCRMDEALADD', update: 'ONCRMDEALUPDATE', delete: 'ONCRMDEALDELETE' },
  fields: defs({
    ...common,
    TITLE: { type: 'string', camel: 'title', title: 'Name' },
    TYPE_ID: { type: 'crm_status', camel: 'typeId', statusType: 'DEAL_TYPE', title: 'Type' },
    CATEGORY_ID: { type: 'crm_category', camel: 'categoryId', title: 'Pipeline' },
    STAGE_ID: { type: 'crm_status', camel: 'stageId', statusType: 'DEAL_STAGE', title: 'Stage' },
    STAGE_SEMANTIC_ID: { type: 'string', camel: 'stageSemanticId', readOnly: true, title: 'Stage group' },
    IS_NEW: { type: 'char', camel: 'isNew', readOnly: true },
    IS_RECURRING: { type: 'char', camel: 'isRecurring', readOnly: true },
    PROBABILITY: { type: 'integer', camel: 'probability', title: 'Probability' },
    CURRENCY_ID: { type: 'crm_currency', camel: 'currencyId', title: 'Currency' },
    OPPORTUNITY: { type: 'money', camel: 'opportunity', title: 'Amount' },
    IS_MANUAL_OPPORTUNITY: { type: 'char', camel: 'isManualOpportunity', title: 'Manual amount' },
    TAX_VALUE: { type: 'money', camel: 'taxValue', title: 'Tax rate' },
    COMPANY_ID: { type: 'crm_company', camel: 'companyId', title: 'Company' },
    CONTACT_ID: { type: 'crm_contact', camel: 'contactId', title: 'Contact' },
    CONTACT_IDS: { type: 'crm_contact', camel: 'contactIds', multiple: true, title: 'Contacts' },
    BEGINDATE: { type: 'date', camel: 'begindate', title: 'Start date' },
    CLOSEDATE: { type: 'date', camel: 'closedate', title: 'End date' },
    CLOSED: { type: 'char', camel: 'closed', title: 'Closed' },
    MOVED_TIME: { type: 'datetime', camel: 'movedTime', readOnly: true },
    SOURCE_ID: { type: 'crm_status', camel: 'sourceId', statusType: 'SOURCE', title: 'Source' },
    LEAD_ID: { type: 'crm_lead', camel: 'leadId', readOnly: true },
    ADDITIONAL_INFO: { type: 'string', camel: 'additionalInfo' },
    ...origin,
  }),
};

export const SMART_INVOICE: EntityDescriptor = {
  name: 'SMART_INVOICE',
  entityTypeId: 31,
  abbr: 'SI',
  ufEntityId: 'CRM_SMART_INVOICE',
  legacyPrefix: null,
  hasMultifields: false,
  // Smart invoices fire only the dynamic-item events (reference §7.3).
  events: { add: 'ONCRMDYNAMICITEMADD', update: 'ONCRMDYNAMICITEMUPDATE', delete: 'ONCRMDYNAMICITEMDELETE' },
  fields: defs({
    ...common,
    TITLE: { type: 'string', camel: 'title', title: 'Name' },
    ACCOUNT_NUMBER: { type: 'string', camel: 'accountNumber', title: 'Invoice #' },
    XML_ID: { type: 'string', camel: 'xmlId', title: 'External ID' },
    CATEGORY_ID: { type: 'crm_category', camel: 'categoryId', title: 'Pipeline' },
    STAGE_ID: { type: 'crm_status', camel: 'stageId', statusType: 'SMART_INVOICE_STAGE', title: 'Stage' },
    PREVIOUS_STAGE_ID: { type: 'crm_status', camel: 'previousStageId', readOnly: true },
    BEGINDATE: { type: 'date', camel: 'begindate', title: 'Invoice date' },
    CLOSEDATE: { type: 'date', camel: 'closedate', title: 'Due date' },
    COMPANY_ID: { type: 'crm_company', camel: 'companyId', title: 'Company' },
    CONTACT_ID: { type: 'crm_contact', camel: 'contactId', title: 'Contact' },
    CONTACT_IDS: { type: 'crm_contact', camel: 'contactIds', multiple: true, title: 'Contacts' },
    OPPORTUNITY: { type: 'money', camel: 'opportunity', title: 'Amount' },
    IS_MANUAL_OPPORTUNITY: { type: 'char', camel: 'isManualOpportunity', title: 'Manual amount' },
    TAX_VALUE: { type: 'money', camel: 'taxValue', title: 'Tax' },
    CURRENCY_ID: { type: 'crm_currency', camel: 'currencyId', title: 'Currency' },
    MYCOMPANY_ID: { type: 'crm_company', camel: 'mycompanyId', title: 'My company details' },
    PARENT_ID_2: { type: 'crm_deal', camel: 'parentId2', title: 'Deal' },
    PARENT_ID_7: { type: 'integer', camel: 'parentId7', title: 'Estimate' },
    ...origin,
  }),
};

export const ENTITIES: readonly EntityDescriptor[] = [COMPANY, CONTACT, DEAL, SMART_INVOICE];

export function entityByTypeId(id: number): EntityDescriptor | undefined {
  return ENTITIES.find((e) => e.entityTypeId === id);
}

const camelIndex = new Map<EntityDescriptor, Map<string, string>>();

/** The UPPER_CASE storage name of a crm.item (camelCase) field of a system field. */
export function upperOfCamel(desc: EntityDescriptor, camel: string): string | undefined {
  let index = camelIndex.get(desc);
  if (!index) {
    index = new Map();
    for (const [upper, def] of Object.entries(desc.fields)) if (!def.legacyOnly) index.set(def.camel.toLowerCase(), upper);
    camelIndex.set(desc, index);
  }
  return index.get(camel.toLowerCase());
}

/**
 * crm.item names of user fields: `UF_CRM_2_1639669411830` → `ufCrm2_1639669411830`
 * (dynamic types), `UF_CRM_1723209318` → `ufCrm_1723209318` (system types) —
 * reference §7.3. For named fields of system types (`UF_CRM_NAV_BALANCE`) the same
 * rule gives `ufCrm_NAV_BALANCE`; that case is UNCONFIRMED, clients should pass
 * useOriginalUfNames=Y.
 */
export function ufCamel(upper: string): string {
  const rest = upper.replace(/^UF_CRM_/, '');
  return /^\d+_/.test(rest) ? `ufCrm${rest}` : `ufCrm_${rest}`;
}
