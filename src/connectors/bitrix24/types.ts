// Vendor shapes of the methods b24nav uses (reference §7): legacy crm.* records
// carry every scalar as a string, crm.item.* and catalog.* are camelCase with
// JSON types. These types stay inside the connector.

export type YN = 'Y' | 'N';
/** Legacy scalars arrive as strings ("410", "1000.00") or null. */
export type LegacyScalar = string | null;

export interface Multifield {
  ID?: string;
  VALUE_TYPE?: string;
  VALUE?: string;
  TYPE_ID?: 'PHONE' | 'EMAIL' | 'WEB' | 'IM' | 'LINK';
  DELETE?: YN;
}

export interface LegacyCompany {
  ID: string;
  TITLE: string;
  COMPANY_TYPE?: LegacyScalar;
  ASSIGNED_BY_ID?: LegacyScalar;
  DATE_CREATE?: string;
  DATE_MODIFY?: string;
  CURRENCY_ID?: LegacyScalar;
  ORIGINATOR_ID?: LegacyScalar;
  ORIGIN_ID?: LegacyScalar;
  PHONE?: Multifield[];
  EMAIL?: Multifield[];
  WEB?: Multifield[];
  [field: string]: unknown;
}

export interface LegacyContact {
  ID: string;
  NAME?: LegacyScalar;
  LAST_NAME?: LegacyScalar;
  SECOND_NAME?: LegacyScalar;
  POST?: LegacyScalar;
  COMPANY_ID?: LegacyScalar;
  DATE_MODIFY?: string;
  PHONE?: Multifield[];
  EMAIL?: Multifield[];
  [field: string]: unknown;
}

export interface LegacyDeal {
  ID: string;
  TITLE?: LegacyScalar;
  CATEGORY_ID?: LegacyScalar;
  STAGE_ID?: LegacyScalar;
  STAGE_SEMANTIC_ID?: LegacyScalar;
  COMPANY_ID?: LegacyScalar;
  CONTACT_ID?: LegacyScalar;
  OPPORTUNITY?: LegacyScalar;
  CURRENCY_ID?: LegacyScalar;
  TAX_VALUE?: LegacyScalar;
  IS_MANUAL_OPPORTUNITY?: LegacyScalar;
  ASSIGNED_BY_ID?: LegacyScalar;
  BEGINDATE?: LegacyScalar;
  CLOSEDATE?: LegacyScalar;
  DATE_MODIFY?: string;
  [field: string]: unknown;
}

/** crm.deal.productrows.get mixes strings and numbers (reference §7.4). */
export interface LegacyProductRow {
  ID?: string;
  OWNER_ID?: string;
  OWNER_TYPE?: string;
  PRODUCT_ID: number;
  PRODUCT_NAME?: string;
  PRICE: number;
  PRICE_EXCLUSIVE?: number;
  PRICE_NETTO?: number;
  PRICE_BRUTTO?: number;
  PRICE_ACCOUNT?: string;
  QUANTITY: number;
  DISCOUNT_TYPE_ID?: number;
  DISCOUNT_RATE?: number;
  DISCOUNT_SUM?: number;
  TAX_RATE?: number | null;
  TAX_INCLUDED?: YN;
  MEASURE_CODE?: number;
  MEASURE_NAME?: string;
  SORT?: number;
  XML_ID?: string | null;
}

export interface Requisite {
  ID: string;
  ENTITY_TYPE_ID: string;
  ENTITY_ID: string;
  PRESET_ID: string;
  NAME: string;
  DATE_MODIFY?: string | null;
  RQ_INN?: string;
  RQ_KPP?: string;
  RQ_VAT_ID?: string;
  RQ_COMPANY_NAME?: string;
  RQ_COMPANY_FULL_NAME?: string;
  [field: string]: unknown;
}

export interface Address {
  TYPE_ID: string;
  ENTITY_TYPE_ID: string;
  ENTITY_ID: string;
  ADDRESS_1: string | null;
  ADDRESS_2: string | null;
  CITY: string | null;
  POSTAL_CODE: string | null;
  REGION: string | null;
  PROVINCE: string | null;
  COUNTRY: string | null;
  COUNTRY_CODE: string | null;
}

/** crm.item.* (any entity type): camelCase, JSON types. */
export interface CrmItem {
  id: number;
  entityTypeId?: number;
  title?: string | null;
  updatedTime?: string;
  createdTime?: string;
  [field: string]: unknown;
}

export interface ItemProductRow {
  id?: number;
  ownerId?: number;
  ownerType?: string;
  productId: number;
  productName?: string;
  price: number;
  priceExclusive?: number;
  priceNetto?: number;
  priceBrutto?: number;
  quantity: number;
  discountTypeId?: number;
  discountRate?: number;
  discountSum?: number;
  taxRate?: number | null;
  taxIncluded?: YN;
  measureCode?: number;
  measureName?: string;
  sort?: number;
}

export interface Payment {
  id: number;
  accountNumber: string;
  paid: YN;
  datePaid: string | null;
  sum: number;
  currency: string;
  paySystemId: number;
  paySystemName: string;
}

export interface CatalogProduct {
  id: number;
  iblockId: number;
  iblockSectionId: number | null;
  name: string;
  code: string | null;
  xmlId: string | null;
  active: YN;
  measure: number | null;
  vatId: number | null;
  vatIncluded: YN;
  quantity: number;
  timestampX?: string;
  [property: `property${number}`]: { valueId: number; value: string | number } | null;
}

export interface CatalogPrice {
  id: number;
  productId: number;
  catalogGroupId: number;
  price: number;
  currency: string;
}

export interface CatalogSection {
  id: number;
  iblockId: number;
  iblockSectionId: number | null;
  name: string;
  code: string | null;
  xmlId: string | null;
}

export interface CatalogStore {
  id: number;
  title: string;
  active: YN;
  address: string;
  code: string | null;
  xmlId: string | null;
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
  status: 'N' | 'Y' | 'C';
  currency: string;
  total: number;
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

export interface Measure {
  id: number;
  code: number;
  measureTitle: string;
  symbol: string;
  symbolIntl: string;
  isDefault: YN;
}

export interface Vat {
  id: number;
  name: string;
  rate: number | null;
  active: YN;
}

export interface PriceType {
  id: number;
  name: string;
  base: YN;
}

export interface User {
  ID: string;
  ACTIVE: boolean;
  NAME: string;
  LAST_NAME: string;
  EMAIL: string;
  [field: string]: unknown;
}

export interface Status {
  ID: string;
  ENTITY_ID: string;
  STATUS_ID: string;
  NAME: string;
  SORT: string;
  CATEGORY_ID: string | null;
  SEMANTICS: 'S' | 'F' | null;
}

export interface Category {
  id: number;
  entityTypeId: number;
  name: string;
  sort: number;
  isDefault: YN;
}

export interface Currency {
  CURRENCY: string;
  BASE: YN;
  AMOUNT: string;
  AMOUNT_CNT: string;
}

export interface UserField {
  ID: string;
  ENTITY_ID: string;
  FIELD_NAME: string;
  USER_TYPE_ID: string;
  MULTIPLE: YN;
  MANDATORY: YN;
  LIST?: Array<{ ID: string; VALUE: string }>;
}

export interface FieldDescription {
  type: string;
  isRequired: boolean;
  isReadOnly: boolean;
  isMultiple: boolean;
  isDynamic?: boolean;
  title: string;
  statusType?: string;
  items?: Array<{ ID: string; VALUE: string }>;
}

export interface OfflineEvent {
  ID: string;
  TIMESTAMP_X: string;
  EVENT_NAME: string;
  EVENT_DATA: { FIELDS?: { ID?: string | number; ENTITY_TYPE_ID?: number } } | false;
  MESSAGE_ID: string;
}

type ListParams = { select?: string[]; filter?: Record<string, unknown>; order?: Record<string, string>; start?: number };
type Fields = { fields: Record<string, unknown> };
type Id = { id: number | string };

/** Parameters and `result` of each typed method. */
export interface B24Methods {
  'crm.company.list': { params: ListParams; result: LegacyCompany[] };
  'crm.company.get': { params: Id; result: LegacyCompany };
  'crm.company.add': { params: Fields & { params?: Record<string, unknown> }; result: number };
  'crm.company.update': { params: Id & Fields; result: boolean };
  'crm.company.delete': { params: Id; result: boolean };
  'crm.company.fields': { params: Record<string, never>; result: Record<string, FieldDescription> };
  'crm.contact.list': { params: ListParams; result: LegacyContact[] };
  'crm.contact.get': { params: Id; result: LegacyContact };
  'crm.contact.add': { params: Fields; result: number };
  'crm.contact.update': { params: Id & Fields; result: boolean };
  'crm.contact.delete': { params: Id; result: boolean };
  'crm.contact.company.items.get': { params: Id; result: Array<{ COMPANY_ID: number; IS_PRIMARY: YN; SORT: number }> };
  'crm.contact.company.items.set': { params: Id & { items: Array<{ COMPANY_ID: number; IS_PRIMARY?: YN; SORT?: number }> }; result: boolean };
  'crm.deal.list': { params: ListParams; result: LegacyDeal[] };
  'crm.deal.get': { params: Id; result: LegacyDeal };
  'crm.deal.add': { params: Fields; result: number };
  'crm.deal.update': { params: Id & Fields; result: boolean };
  'crm.deal.delete': { params: Id; result: boolean };
  'crm.deal.productrows.get': { params: Id; result: LegacyProductRow[] };
  'crm.deal.productrows.set': { params: Id & { rows: Array<Partial<LegacyProductRow>> }; result: boolean };
  'crm.category.list': { params: { entityTypeId: number }; result: { categories: Category[] } };
  'crm.status.list': { params: { filter?: Record<string, unknown>; order?: Record<string, string> }; result: Status[] };
  'crm.requisite.list': { params: ListParams; result: Requisite[] };
  'crm.requisite.get': { params: Id; result: Requisite };
  'crm.requisite.add': { params: Fields; result: number };
  'crm.requisite.update': { params: Id & Fields; result: boolean };
  'crm.requisite.delete': { params: Id; result: boolean };
  'crm.requisite.preset.list': { params: ListParams; result: Array<{ ID: string; NAME: string; COUNTRY_ID: string }> };
  'crm.address.list': { params: ListParams; result: Address[] };
  'crm.address.add': { params: Fields; result: boolean };
  'crm.address.update': { params: Fields; result: boolean };
  'crm.address.delete': { params: Fields; result: boolean };
  'crm.item.list': { params: ListParams & { entityTypeId: number; useOriginalUfNames?: YN }; result: { items: CrmItem[] } };
  'crm.item.get': { params: Id & { entityTypeId: number; useOriginalUfNames?: YN }; result: { item: CrmItem } };
  'crm.item.add': { params: Fields & { entityTypeId: number; useOriginalUfNames?: YN }; result: { item: CrmItem } };
  'crm.item.update': { params: Id & Fields & { entityTypeId: number; useOriginalUfNames?: YN }; result: { item: CrmItem } };
  'crm.item.delete': { params: Id & { entityTypeId: number }; result: unknown[] };
  'crm.item.productrow.set': { params: { ownerType: string; ownerId: number; productRows: ItemProductRow[] }; result: { productRows: ItemProductRow[] } };
  'crm.item.productrow.list': { params: { filter: { '=ownerType': string; '=ownerId': number } }; result: { productRows: ItemProductRow[] } };
  'crm.item.payment.list': { params: { entityTypeId: number; entityId: number }; result: Payment[] };
  'crm.item.payment.add': { params: { entityTypeId: number; entityId: number }; result: number };
  // Only `paid` and `paySystemId` (its page); the amount goes through sale.payment.update.
  'crm.item.payment.update': { params: Id & { fields: { paid?: YN; paySystemId?: number } }; result: boolean };
  'sale.payment.update': { params: Id & { fields: { sum?: number; paid?: YN } }; result: { payment: Payment } };
  'crm.item.payment.pay': { params: Id; result: boolean };
  'crm.item.payment.unpay': { params: Id; result: boolean };
  'crm.duplicate.findbycomm': { params: { type: 'EMAIL' | 'PHONE'; values: string[]; entity_type?: 'COMPANY' | 'CONTACT' | 'LEAD' }; result: { COMPANY?: number[]; CONTACT?: number[]; LEAD?: number[] } | [] };
  'crm.currency.list': { params: Record<string, never>; result: Currency[] };
  'crm.company.userfield.list': { params: { filter?: Record<string, unknown> }; result: UserField[] };
  'crm.company.userfield.add': { params: Fields; result: number };
  'crm.deal.userfield.list': { params: { filter?: Record<string, unknown> }; result: UserField[] };
  'crm.deal.userfield.add': { params: Fields; result: number };
  'catalog.catalog.list': { params: ListParams; result: { catalogs: Array<{ id: number; iblockId: number; name: string }> } };
  'catalog.product.list': { params: ListParams; result: { products: CatalogProduct[] } };
  'catalog.product.get': { params: Id; result: { product: CatalogProduct } };
  'catalog.product.add': { params: Fields; result: { element: CatalogProduct } };
  'catalog.product.update': { params: Id & Fields; result: { element: CatalogProduct } };
  'catalog.product.delete': { params: Id; result: boolean };
  'catalog.productProperty.list': { params: ListParams; result: { productProperties: Array<{ id: number; code: string; name: string }> } };
  'catalog.price.list': { params: ListParams; result: { prices: CatalogPrice[] } };
  'catalog.price.modify': { params: { fields: { product: { id: number; prices: Array<Partial<CatalogPrice>> } } }; result: { prices: CatalogPrice[] } };
  'catalog.priceType.list': { params: ListParams; result: { priceTypes: PriceType[] } };
  'catalog.section.list': { params: ListParams; result: { sections: CatalogSection[] } };
  'catalog.section.add': { params: Fields; result: { section: CatalogSection } };
  'catalog.measure.list': { params: ListParams; result: { measures: Measure[] } };
  'catalog.vat.list': { params: ListParams; result: { vats: Vat[] } };
  'catalog.store.list': { params: ListParams; result: { stores: CatalogStore[] } };
  'catalog.store.add': { params: Fields; result: { store: CatalogStore } };
  'catalog.storeproduct.list': { params: ListParams; result: { storeProducts: StoreProduct[] } };
  'catalog.document.mode.status': { params: Record<string, never>; result: YN };
  'catalog.document.add': { params: Fields; result: { document: StoreDocument } };
  'catalog.document.element.add': { params: Fields; result: { documentElement: StoreDocumentElement } };
  'catalog.document.conduct': { params: Id; result: boolean };
  'catalog.document.delete': { params: Id; result: boolean };
  'user.get': { params: { FILTER?: Record<string, unknown>; sort?: string; order?: string; start?: number }; result: User[] };
  'im.notify.system.add': { params: { USER_ID: number; MESSAGE: string; TAG?: string }; result: number };
  'event.bind': { params: { event: string; handler?: string; event_type?: 'online' | 'offline'; auth_connector?: string }; result: boolean };
  'event.unbind': { params: { event: string; handler?: string; event_type?: 'online' | 'offline' }; result: { count: number } };
  'event.get': { params: Record<string, never>; result: Array<{ event: string; handler: string; offline: number }> };
  'event.offline.get': { params: { clear?: 0 | 1; process_id?: string; limit?: number; error?: 0 | 1; auth_connector?: string }; result: { process_id: string | null; events: OfflineEvent[] } };
  'event.offline.clear': { params: { process_id: string; message_id?: string[] }; result: boolean };
  'event.offline.error': { params: { process_id: string; message_id: string[] }; result: boolean };
  scope: { params: Record<string, never>; result: string[] };
  methods: { params: Record<string, never>; result: string[] };
}

export type B24Method = keyof B24Methods;
