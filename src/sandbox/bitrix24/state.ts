// Everything a portal stores, as plain rows in tables, dumpable to JSON.
import type { EntityName, MultifieldType } from './crm/fields.ts';
import { Table } from './table.ts';

/** A CRM record (company, contact, deal, smart invoice) keyed by legacy field names, typed values. */
export type CrmRecord = { ID: number } & Record<string, unknown>;

export interface Multifield {
  ID: number;
  ENTITY_ID: EntityName;
  ELEMENT_ID: number;
  TYPE_ID: MultifieldType;
  VALUE_TYPE: string;
  VALUE: string;
}

export type Requisite = { ID: number; ENTITY_TYPE_ID: number; ENTITY_ID: number; PRESET_ID: number } & Record<string, unknown>;

export interface Address {
  id: number;
  TYPE_ID: number;
  ENTITY_TYPE_ID: number;
  ENTITY_ID: number;
  ADDRESS_1: string | null;
  ADDRESS_2: string | null;
  CITY: string | null;
  POSTAL_CODE: string | null;
  REGION: string | null;
  PROVINCE: string | null;
  COUNTRY: string | null;
  COUNTRY_CODE: string | null;
  LOC_ADDR_ID: number;
  ANCHOR_TYPE_ID: number;
  ANCHOR_ID: number;
}

export interface ProductRow {
  ID: number;
  OWNER_TYPE: 'D' | 'SI';
  OWNER_ID: number;
  PRODUCT_ID: number;
  PRODUCT_NAME: string;
  PRICE: number;
  PRICE_EXCLUSIVE: number;
  PRICE_NETTO: number;
  PRICE_BRUTTO: number;
  QUANTITY: number;
  DISCOUNT_TYPE_ID: number;
  DISCOUNT_RATE: number;
  DISCOUNT_SUM: number;
  TAX_RATE: number | null;
  TAX_INCLUDED: 'Y' | 'N';
  CUSTOMIZED: 'Y' | 'N';
  MEASURE_CODE: number;
  MEASURE_NAME: string;
  SORT: number;
  XML_ID: string | null;
  TYPE: number;
  STORE_ID: number;
}

export interface Payment {
  id: number;
  entityTypeId: number;
  entityId: number;
  accountNumber: string;
  paid: 'Y' | 'N';
  datePaid: number | null;
  empPaidId: number;
  paySystemId: number;
  sum: number;
  currency: string;
  paySystemName: string;
  dateBill: number;
}

export interface UserFieldEnumItem {
  ID: number;
  VALUE: string;
  DEF: 'Y' | 'N';
  SORT: number;
  XML_ID: string;
}

export interface UserFieldDef {
  ID: number;
  ENTITY_ID: string;
  FIELD_NAME: string;
  USER_TYPE_ID: string;
  XML_ID: string | null;
  SORT: number;
  MULTIPLE: 'Y' | 'N';
  MANDATORY: 'Y' | 'N';
  SHOW_FILTER: string;
  SHOW_IN_LIST: 'Y' | 'N';
  EDIT_IN_LIST: 'Y' | 'N';
  IS_SEARCHABLE: 'Y' | 'N';
  EDIT_FORM_LABEL: Record<string, string> | string;
  LIST_COLUMN_LABEL: Record<string, string> | string;
  SETTINGS: Record<string, unknown>;
  LIST?: UserFieldEnumItem[];
}

export interface Status {
  ID: number;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  NAME_INIT: string;
  SORT: number;
  SYSTEM: 'Y' | 'N';
  CATEGORY_ID: number | null;
  COLOR: string | null;
  SEMANTICS: 'S' | 'F' | null;
}

export interface Category {
  id: number;
  entityTypeId: number;
  name: string;
  sort: number;
  isDefault: 'Y' | 'N';
}

export interface Currency {
  id: number;
  CURRENCY: string;
  AMOUNT_CNT: number;
  AMOUNT: number;
  SORT: number;
  BASE: 'Y' | 'N';
  FULL_NAME: string;
}

export interface User {
  ID: number;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  SECOND_NAME: string;
  EMAIL: string;
  WORK_POSITION: string;
  WORK_PHONE: string;
  UF_DEPARTMENT: number[];
  IS_ADMIN: boolean;
}

export interface Product {
  id: number;
  iblockId: number;
  iblockSectionId: number | null;
  name: string;
  code: string | null;
  xmlId: string | null;
  active: 'Y' | 'N';
  sort: number;
  type: number;
  measure: number | null;
  vatId: number | null;
  vatIncluded: 'Y' | 'N';
  quantity: number;
  quantityReserved: number;
  quantityTrace: 'Y' | 'N' | 'D';
  canBuyZero: 'Y' | 'N' | 'D';
  purchasingPrice: number | null;
  purchasingCurrency: string | null;
  previewText: string | null;
  detailText: string | null;
  dateCreate: number;
  timestampX: number;
  createdBy: number;
  modifiedBy: number;
  /** property id → value */
  properties: Record<string, string | number | null>;
}

export interface ProductProperty {
  id: number;
  iblockId: number;
  name: string;
  code: string;
  propertyType: 'S' | 'N' | 'L';
  multiple: 'Y' | 'N';
  sort: number;
  active: 'Y' | 'N';
  xmlId: string | null;
}

export interface Price {
  id: number;
  productId: number;
  catalogGroupId: number;
  price: number;
  currency: string;
  timestampX: number;
}

export interface PriceType {
  id: number;
  name: string;
  base: 'Y' | 'N';
  sort: number;
  xmlId: string | null;
}

export interface Section {
  id: number;
  iblockId: number;
  iblockSectionId: number | null;
  name: string;
  code: string | null;
  xmlId: string | null;
  sort: number;
  active: 'Y' | 'N';
  description: string | null;
  timestampX: number;
}

export interface Store {
  id: number;
  title: string;
  active: 'Y' | 'N';
  address: string;
  code: string | null;
  xmlId: string | null;
  sort: number;
  description: string | null;
  dateCreate: number;
  dateModify: number;
  isDefault: 'Y' | 'N';
}

export interface StoreProduct {
  id: number;
  productId: number;
  storeId: number;
  amount: number;
  quantityReserved: number;
}

export interface StoreDocument {
  id: number;
  docType: string;
  title: string | null;
  status: 'N' | 'Y' | 'C';
  currency: string;
  total: number;
  commentary: string | null;
  responsibleId: number;
  createdBy: number;
  modifiedBy: number;
  dateCreate: number;
  dateModify: number;
  dateStatus: number | null;
  statusBy: number | null;
}

export interface StoreDocumentElement {
  id: number;
  docId: number;
  elementId: number;
  storeFrom: number | null;
  storeTo: number | null;
  amount: number;
  purchasingPrice: number;
}

export interface Notification {
  id: number;
  userId: number;
  message: string;
  tag: string | null;
  date: number;
  fromWebhook: string;
}

export interface EventBinding {
  id: number;
  event: string;
  handler: string;
  authType: number;
  offline: boolean;
  authConnector: string | null;
  appId: string;
  /** ONOFFLINEEVENT: `options.minTimeout` in ms (default 1 s) and when the handler was last called. */
  minTimeoutMs?: number;
  lastNotifiedAt?: number;
}

export interface OfflineEvent {
  ID: number;
  MESSAGE_ID: string;
  TIMESTAMP_X: number;
  EVENT_NAME: string;
  EVENT_DATA: Record<string, unknown>;
  EVENT_ADDITIONAL: Record<string, unknown>;
  PROCESS_ID: string | null;
  ERROR: 0 | 1;
  appId: string;
  /** The binding's auth_connector: each connector has its own queue ('' = none). */
  connector?: string;
  objectKey: string;
}

export interface OutgoingWebhook {
  id: number;
  events: string[];
  handler: string;
  applicationToken: string;
}

export interface App {
  id: number;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  redirectUri: string | null;
  applicationToken: string;
}

export interface AuthCode {
  id: number;
  code: string;
  clientId: string;
  userId: number;
  expiresAt: number;
}

export interface OAuthToken {
  id: number;
  accessToken: string;
  refreshToken: string;
  clientId: string;
  userId: number;
  accessExpiresAt: number;
  refreshExpiresAt: number;
  /** The refresh token was exchanged already (rotation). */
  refreshUsed: boolean;
}

export interface Webhook {
  id: number;
  userId: number;
  code: string;
  scopes: string[];
  title: string;
}

/** Contact ↔ company bindings (crm.contact.company.items.*, crm.company.contact.items.*). */
export interface ContactCompanyLink {
  id: number;
  CONTACT_ID: number;
  COMPANY_ID: number;
  SORT: number;
  IS_PRIMARY: 'Y' | 'N';
}

function crm(name: string): Table<CrmRecord> {
  return new Table<CrmRecord>(name, (r) => r.ID);
}

function byId<T extends { id: number }>(name: string): Table<T> {
  return new Table<T>(name, (r) => r.id);
}

function byUpperId<T extends { ID: number }>(name: string): Table<T> {
  return new Table<T>(name, (r) => r.ID);
}

export class PortalState {
  readonly companies = crm('companies');
  readonly contacts = crm('contacts');
  readonly deals = crm('deals');
  readonly smartInvoices = crm('smartInvoices');
  readonly multifields = byUpperId<Multifield>('multifields');
  readonly contactCompany = byId<ContactCompanyLink>('contactCompany');
  readonly requisites = byUpperId<Requisite>('requisites');
  readonly addresses = byId<Address>('addresses');
  readonly productRows = byUpperId<ProductRow>('productRows');
  readonly payments = byId<Payment>('payments');
  readonly userFields = byUpperId<UserFieldDef>('userFields');
  readonly statuses = byUpperId<Status>('statuses');
  readonly categories = byId<Category>('categories');
  readonly currencies = byId<Currency>('currencies');
  readonly users = byUpperId<User>('users');
  readonly products = byId<Product>('products');
  readonly productProperties = byId<ProductProperty>('productProperties');
  readonly prices = byId<Price>('prices');
  readonly priceTypes = byId<PriceType>('priceTypes');
  readonly sections = byId<Section>('sections');
  readonly stores = byId<Store>('stores');
  readonly storeProducts = byId<StoreProduct>('storeProducts');
  readonly documents = byId<StoreDocument>('documents');
  readonly documentElements = byId<StoreDocumentElement>('documentElements');
  readonly notifications = byId<Notification>('notifications');
  readonly eventBindings = byId<EventBinding>('eventBindings');
  readonly offlineEvents = byUpperId<OfflineEvent>('offlineEvents');
  readonly outgoingWebhooks = byId<OutgoingWebhook>('outgoingWebhooks');
  readonly apps = byId<App>('apps');
  readonly authCodes = byId<AuthCode>('authCodes');
  readonly tokens = byId<OAuthToken>('tokens');
  readonly webhooks = byId<Webhook>('webhooks');

  /** Inventory management (store documents) is on; off = product quantity is edited directly. */
  inventoryManagement = true;

  private tables(): Array<Table<object>> {
    return Object.values(this).filter((v): v is Table<object> => v instanceof Table);
  }

  dump(): Record<string, unknown> {
    const out: Record<string, unknown> = { version: 1, inventoryManagement: this.inventoryManagement };
    for (const table of this.tables()) out[table.name] = table.dump();
    return out;
  }

  load(data: Record<string, unknown>): void {
    if (data['version'] !== 1) throw new Error(`sandbox data file has version ${String(data['version'])}, expected 1`);
    this.inventoryManagement = data['inventoryManagement'] !== false;
    for (const table of this.tables()) {
      const dumped = data[table.name] as { nextId: number; rows: object[] } | undefined;
      if (dumped) table.load(dumped);
      else table.clear();
    }
  }

  /**
   * Empties the portal. With `keepCredentials` the inbound webhooks, OAuth apps, their
   * tokens and codes survive, so a client signed in before a reset stays signed in.
   */
  clear(options: { keepCredentials?: boolean } = {}): void {
    const kept = new Set(options.keepCredentials ? [this.webhooks.name, this.apps.name, this.tokens.name, this.authCodes.name] : []);
    for (const table of this.tables()) if (!kept.has(table.name)) table.clear();
    this.inventoryManagement = true;
  }

  /** Counts per entity, for /_sandbox/state. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.tables().map((t) => [t.name, t.size]));
  }
}
