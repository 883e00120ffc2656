// Seed data reproducible from a seed: users, dictionaries, a catalog with
// sections, prices, stores and stock, Russian and international companies with
// requisites, addresses, phones and e-mails, their contacts, and deals with
// product rows in two pipelines.
import { pick, randomInt, seededRandom, type Random } from '../../../core/random.ts';
import type { EntityName } from '../crm/fields.ts';
import type { Portal } from '../portal.ts';
import type { CrmRecord, ProductRow, Status } from '../state.ts';
import { CATALOG_IBLOCK_ID } from '../catalog/common.ts';
import * as words from './data.ts';
import { kppFor, legalInn } from './inn.ts';

export interface SeedOptions {
  readonly seed: number;
  readonly companies: number;
  readonly contacts: number;
  readonly products: number;
  readonly deals: number;
}

export const DEFAULT_SEED: SeedOptions = { seed: 1, companies: 40, contacts: 60, products: 30, deals: 30 };

const DAY = 86_400_000;

export function seedPortal(portal: Portal, options: SeedOptions): void {
  const random = seededRandom(options.seed);
  const now = portal.clock.now();
  seedUsers(portal);
  seedDictionaries(portal);
  seedCatalog(portal, random, options.products, now);
  const companies = seedCompanies(portal, random, options.companies, now);
  seedContacts(portal, random, options.contacts, companies, now);
  seedDeals(portal, random, options.deals, companies, now);
  portal.multifieldIndex.invalidate();
}

function seedUsers(portal: Portal): void {
  const users: Array<[string, string, string, string, boolean]> = [
    ['Администратор', 'Портала', 'admin@example.ru', 'Administrator', true],
    ['Иван', 'Петров', 'i.petrov@example.ru', 'Sales manager', false],
    ['Мария', 'Смирнова', 'm.smirnova@example.ru', 'Sales manager', false],
    ['Алексей', 'Кузнецов', 'a.kuznetsov@example.ru', 'Head of sales', false],
    ['Ольга', 'Соколова', 'o.sokolova@example.ru', 'Accountant', false],
    ['John', 'Smith', 'j.smith@example.com', 'Export manager', false],
    ['Emma', 'Brown', 'e.brown@example.com', 'Export manager', false],
  ];
  users.forEach(([NAME, LAST_NAME, EMAIL, WORK_POSITION, IS_ADMIN], i) =>
    portal.state.users.put({ ID: i + 1, ACTIVE: true, NAME, LAST_NAME, SECOND_NAME: '', EMAIL, WORK_POSITION, WORK_PHONE: '', UF_DEPARTMENT: [1], IS_ADMIN }),
  );
}

function status(portal: Portal, entityId: string, statusId: string, name: string, sort: number, semantics: Status['SEMANTICS'] = null, categoryId: number | null = null): void {
  const table = portal.state.statuses;
  table.put({ ID: table.allocateId(), ENTITY_ID: entityId, STATUS_ID: statusId, NAME: name, NAME_INIT: name, SORT: sort, SYSTEM: 'Y', CATEGORY_ID: categoryId, COLOR: null, SEMANTICS: semantics });
}

/** The smart-invoice pipeline's id; stages are `DT31_<id>:<code>` (UNCONFIRMED naming of the default pipeline). */
export const SMART_INVOICE_CATEGORY = 2;

function seedDictionaries(portal: Portal): void {
  const stages: Array<[string, string, Status['SEMANTICS']]> = [
    ['NEW', 'New', null], ['PREPARATION', 'Preparing documents', null], ['PREPAYMENT_INVOICE', 'Invoice', null],
    ['EXECUTING', 'In progress', null], ['FINAL_INVOICE', 'Final invoice', null], ['WON', 'Deal won', 'S'], ['LOSE', 'Deal lost', 'F'], ['APOLOGY', 'Analyze failure', 'F'],
  ];
  stages.forEach(([id, name, sem], i) => status(portal, 'DEAL_STAGE', id, name, (i + 1) * 10, sem, 0));
  const wholesale: Array<[string, string, Status['SEMANTICS']]> = [
    ['NEW', 'New order', null], ['PREPARATION', 'Approval', null], ['EXECUTING', 'Shipping', null], ['WON', 'Closed', 'S'], ['LOSE', 'Cancelled', 'F'],
  ];
  wholesale.forEach(([id, name, sem], i) => status(portal, 'DEAL_STAGE_1', `C1:${id}`, name, (i + 1) * 10, sem, 1));
  const invoice: Array<[string, string, Status['SEMANTICS']]> = [['N', 'New', null], ['S', 'Sent', null], ['P', 'Paid', 'S'], ['D', 'Declined', 'F']];
  invoice.forEach(([id, name, sem], i) =>
    status(portal, `SMART_INVOICE_STAGE_${SMART_INVOICE_CATEGORY}`, `DT31_${SMART_INVOICE_CATEGORY}:${id}`, name, (i + 1) * 10, sem, SMART_INVOICE_CATEGORY),
  );
  const simple: Record<string, Array<[string, string]>> = {
    COMPANY_TYPE: [['CUSTOMER', 'Customer'], ['SUPPLIER', 'Supplier'], ['COMPETITOR', 'Competitor'], ['PARTNER', 'Partner'], ['OTHER', 'Other']],
    CONTACT_TYPE: [['CLIENT', 'Clients'], ['SUPPLIER', 'Suppliers'], ['PARTNER', 'Partners'], ['OTHER', 'Other']],
    SOURCE: [['CALL', 'Call'], ['EMAIL', 'E-Mail'], ['WEB', 'Website'], ['ADVERTISING', 'Advertising'], ['PARTNER', 'Existing client'], ['RECOMMENDATION', 'By recommendation'], ['TRADE_SHOW', 'Show/Exhibition'], ['OTHER', 'Other']],
    INDUSTRY: [['IT', 'Information Technology'], ['TELECOM', 'Telecommunication'], ['MANUFACTURING', 'Manufacturing'], ['BANKING', 'Banking Services'], ['CONSULTING', 'Consulting'], ['FINANCE', 'Finance'], ['GOVERNMENT', 'Government'], ['DELIVERY', 'Delivery'], ['OTHER', 'Other']],
    DEAL_TYPE: [['SALE', 'Sales'], ['COMPLEX', 'Integrated sale'], ['GOODS', 'Merchandise sales'], ['SERVICES', 'Service sales'], ['SERVICE', 'After-sales service']],
    EMPLOYEES: [['EMPLOYEES_1', 'fewer than 50'], ['EMPLOYEES_2', '50-250'], ['EMPLOYEES_3', '250-500'], ['EMPLOYEES_4', 'over 500']],
    HONORIFIC: [['HNR_EN_1', 'Mr.'], ['HNR_EN_2', 'Mrs.'], ['HNR_EN_3', 'Ms.'], ['HNR_EN_4', 'Dr.']],
  };
  for (const [entity, list] of Object.entries(simple)) list.forEach(([id, name], i) => status(portal, entity, id, name, (i + 1) * 10));
  const categories = portal.state.categories;
  categories.put({ id: 0, entityTypeId: 2, name: 'General', sort: 100, isDefault: 'Y' });
  categories.put({ id: 1, entityTypeId: 2, name: 'Wholesale', sort: 200, isDefault: 'N' });
  categories.put({ id: SMART_INVOICE_CATEGORY, entityTypeId: 31, name: 'Invoices', sort: 100, isDefault: 'Y' });
  const currencies: Array<[string, number, string]> = [['RUB', 1, 'Russian Ruble'], ['USD', 90, 'US Dollar'], ['EUR', 98, 'Euro'], ['GBP', 115, 'British Pound Sterling']];
  currencies.forEach(([code, amount, name], i) =>
    portal.state.currencies.put({ id: i + 1, CURRENCY: code, AMOUNT_CNT: 1, AMOUNT: amount, SORT: (i + 1) * 100, BASE: i === 0 ? 'Y' : 'N', FULL_NAME: name }),
  );
}

function seedCatalog(portal: Portal, random: Random, count: number, now: number): void {
  const state = portal.state;
  state.priceTypes.put({ id: 1, name: 'BASE', base: 'Y', sort: 100, xmlId: 'BASE' });
  state.priceTypes.put({ id: 2, name: 'WHOLESALE', base: 'N', sort: 200, xmlId: 'WHOLESALE' });
  state.productProperties.put({ id: 98, iblockId: CATALOG_IBLOCK_ID, name: 'Article', code: 'ARTNUMBER', propertyType: 'S', multiple: 'N', sort: 100, active: 'Y', xmlId: 'CML2_ARTICLE' });
  state.stores.put({ id: 1, title: 'Основной склад', active: 'Y', address: 'Москва, ул. Складская, 1', code: 'MAIN', xmlId: null, sort: 100, description: null, dateCreate: now, dateModify: now, isDefault: 'Y' });
  state.stores.put({ id: 2, title: 'Склад Санкт-Петербург', active: 'Y', address: 'Санкт-Петербург, Промышленная ул., 5', code: 'SPB', xmlId: null, sort: 200, description: null, dateCreate: now, dateModify: now, isDefault: 'N' });
  const furniture = state.sections.put({ id: 1, iblockId: CATALOG_IBLOCK_ID, iblockSectionId: null, name: 'Мебель и оборудование', code: 'furniture', xmlId: null, sort: 100, active: 'Y', description: null, timestampX: now });
  const sectionIds = words.PRODUCT_GROUPS.map((g, i) =>
    state.sections.put({ id: i + 2, iblockId: CATALOG_IBLOCK_ID, iblockSectionId: furniture.id, name: g.section, code: null, xmlId: null, sort: (i + 1) * 100, active: 'Y', description: null, timestampX: now }).id,
  );
  const catalogue = words.PRODUCT_GROUPS.flatMap((g, gi) => g.items.map((name) => ({ name, section: sectionIds[gi] as number })));
  for (let i = 0; i < count; i++) {
    const base = catalogue[i % catalogue.length] as { name: string; section: number };
    const name = i < catalogue.length ? base.name : `${base.name}, вариант ${Math.floor(i / catalogue.length) + 1}`;
    const article = `B24-${String(i + 1).padStart(5, '0')}`;
    const id = i + 1;
    const price = randomInt(random, 15, 900) * 100;
    state.products.put({
      id, iblockId: CATALOG_IBLOCK_ID, iblockSectionId: base.section, name, code: null, xmlId: article, active: 'Y', sort: 500, type: 1,
      measure: 5, vatId: 4, vatIncluded: 'Y', quantity: 0, quantityReserved: 0, quantityTrace: 'D', canBuyZero: 'D',
      purchasingPrice: Math.round(price * 0.7), purchasingCurrency: 'RUB', previewText: null, detailText: null,
      dateCreate: now - 30 * DAY, timestampX: now - randomInt(random, 1, 30) * DAY, createdBy: 1, modifiedBy: 1, properties: { '98': article },
    });
    state.prices.put({ id: state.prices.allocateId(), productId: id, catalogGroupId: 1, price, currency: 'RUB', timestampX: now });
    let total = 0;
    for (const storeId of [1, 2]) {
      const amount = randomInt(random, 0, 60);
      total += amount;
      state.storeProducts.put({ id: state.storeProducts.allocateId(), productId: id, storeId, amount, quantityReserved: 0 });
    }
    const product = state.products.get(id);
    if (product) product.quantity = total;
  }
}

function multifield(portal: Portal, entity: EntityName, elementId: number, type: 'PHONE' | 'EMAIL' | 'WEB', value: string, valueType = 'WORK'): void {
  const table = portal.state.multifields;
  table.put({ ID: table.allocateId(), ENTITY_ID: entity, ELEMENT_ID: elementId, TYPE_ID: type, VALUE_TYPE: valueType, VALUE: value });
}

function digits(random: Random, n: number): string {
  return Array.from({ length: n }, () => String(randomInt(random, 0, 9))).join('');
}

/** Phones written the many ways people type them. */
function ruPhone(random: Random, code: string): string {
  const n = digits(random, 7);
  const parts = [n.slice(0, 3), n.slice(3, 5), n.slice(5, 7)];
  switch (randomInt(random, 0, 3)) {
    case 0:
      return `+7 (${code}) ${parts.join('-')}`;
    case 1:
      return `8 ${code} ${parts.join('-')}`;
    case 2:
      return `+7${code}${n}`;
    default:
      return `8 (${code}) ${parts.join(' ')}`;
  }
}

function record(fields: Record<string, unknown>, id: number, now: number, userId: number): CrmRecord {
  return {
    ID: id, OPENED: 'Y', ASSIGNED_BY_ID: userId, CREATED_BY_ID: 1, MODIFY_BY_ID: 1, DATE_CREATE: now, DATE_MODIFY: now,
    COMMENTS: null, ORIGINATOR_ID: null, ORIGIN_ID: null, ORIGIN_VERSION: null, ...fields,
  };
}

function seedCompanies(portal: Portal, random: Random, count: number, now: number): number[] {
  const state = portal.state;
  const ids: number[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const created = now - randomInt(random, 1, 365) * DAY;
    const modified = Math.min(now, created + randomInt(random, 0, 30) * DAY);
    const russian = random() < 0.7;
    const userId = randomInt(random, 2, russian ? 5 : 7);
    let title: string;
    if (russian) {
      title = i % 23 === 22 ? pick(random, words.RU_LONG_NAMES) : `${pick(random, words.RU_ORG_FORMS)} «${pick(random, words.RU_NAME_A)} ${pick(random, words.RU_NAME_B)}»`;
    } else {
      const country = pick(random, words.INTL);
      title = `${pick(random, words.INTL_NAME_A)} ${pick(random, words.INTL_NAME_B)} ${country.suffix}`;
    }
    for (let n = 2; used.has(title); n++) title = `${title.replace(/ \(\d+\)$/, '')} (${n})`;
    used.add(title);
    state.companies.put(record({
      TITLE: title, COMPANY_TYPE: 'CUSTOMER', INDUSTRY: pick(random, ['IT', 'MANUFACTURING', 'DELIVERY', 'CONSULTING', 'OTHER']), EMPLOYEES: 'EMPLOYEES_2',
      REVENUE: 0, CURRENCY_ID: russian ? 'RUB' : 'EUR', IS_MY_COMPANY: 'N', LEAD_ID: null,
    }, id, modified, userId));
    const domain = `${words.slug(title) || `company${id}`}.${russian ? 'ru' : 'com'}`;
    const rq = state.requisites.allocateId();
    if (russian) {
      const city = pick(random, words.RU_CITIES);
      const inn = legalInn(random);
      multifield(portal, 'COMPANY', id, 'PHONE', ruPhone(random, city.phone));
      if (random() < 0.3) multifield(portal, 'COMPANY', id, 'PHONE', ruPhone(random, city.phone), 'MOBILE');
      multifield(portal, 'COMPANY', id, 'EMAIL', `info@${domain}`);
      multifield(portal, 'COMPANY', id, 'WEB', `https://${domain}`);
      state.requisites.put({
        ID: rq, ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: 'Организация', ACTIVE: 'Y', ADDRESS_ONLY: 'N', SORT: 500, CODE: null, XML_ID: null, ORIGINATOR_ID: null,
        RQ_COMPANY_NAME: title, RQ_COMPANY_FULL_NAME: title, RQ_INN: inn, RQ_KPP: kppFor(inn), RQ_OGRN: `1${digits(random, 12)}`,
        DATE_CREATE: created, DATE_MODIFY: modified, CREATED_BY_ID: 1, MODIFY_BY_ID: 1,
      });
      state.addresses.put({
        id: state.addresses.allocateId(), TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: rq, ADDRESS_1: `${pick(random, words.RU_STREETS)}, д. ${randomInt(random, 1, 120)}`,
        ADDRESS_2: random() < 0.5 ? `офис ${randomInt(random, 1, 500)}` : null, CITY: city.city, POSTAL_CODE: `${city.post}${digits(random, 2)}`,
        REGION: city.region, PROVINCE: null, COUNTRY: 'Россия', COUNTRY_CODE: 'RU', LOC_ADDR_ID: 0, ANCHOR_TYPE_ID: 4, ANCHOR_ID: id,
      });
    } else {
      const country = words.INTL.find((c) => title.endsWith(c.suffix)) ?? words.INTL[0];
      multifield(portal, 'COMPANY', id, 'PHONE', `${country.phone}${digits(random, 7)}`);
      multifield(portal, 'COMPANY', id, 'EMAIL', `sales@${domain}`);
      state.requisites.put({
        ID: rq, ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 4, NAME: 'Company', ACTIVE: 'Y', ADDRESS_ONLY: 'N', SORT: 500, CODE: null, XML_ID: null, ORIGINATOR_ID: null,
        RQ_COMPANY_NAME: title, RQ_VAT_ID: `${country.vatPrefix}${digits(random, 9)}`, DATE_CREATE: created, DATE_MODIFY: modified, CREATED_BY_ID: 1, MODIFY_BY_ID: 1,
      });
      state.addresses.put({
        id: state.addresses.allocateId(), TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: rq, ADDRESS_1: `${randomInt(random, 1, 200)} ${country.street}`, ADDRESS_2: null,
        CITY: country.city, POSTAL_CODE: country.post, REGION: null, PROVINCE: null, COUNTRY: country.city === 'London' ? 'United Kingdom' : country.country,
        COUNTRY_CODE: country.country, LOC_ADDR_ID: 0, ANCHOR_TYPE_ID: 4, ANCHOR_ID: id,
      });
    }
    ids.push(id);
  }
  return ids;
}

function seedContacts(portal: Portal, random: Random, count: number, companies: readonly number[], now: number): void {
  const state = portal.state;
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const companyId = companies.length > 0 ? (companies[i % companies.length] as number) : null;
    const company = companyId ? state.companies.get(companyId) : undefined;
    const russian = company ? company['CURRENCY_ID'] === 'RUB' : random() < 0.7;
    const first = russian ? pick(random, words.RU_FIRST) : pick(random, words.EN_FIRST);
    const lastBase = russian ? pick(random, words.RU_LAST_M) : pick(random, words.EN_LAST);
    const last = russian && words.FEMALE_FIRST.has(first) ? `${lastBase}а` : lastBase;
    state.contacts.put(record({
      NAME: first, LAST_NAME: last, SECOND_NAME: null, HONORIFIC: null, BIRTHDATE: null, TYPE_ID: 'CLIENT', SOURCE_ID: 'CALL',
      POST: pick(random, russian ? ['Директор', 'Менеджер по закупкам', 'Главный бухгалтер'] : ['Director', 'Purchasing manager', 'Accountant']),
      EXPORT: 'Y', COMPANY_ID: companyId, LEAD_ID: null,
    }, id, now - randomInt(random, 1, 200) * DAY, company ? (company['ASSIGNED_BY_ID'] as number) : 2));
    const mail = `${words.slug(`${first}.${last}`).replace(/-/g, '.')}${i}@${russian ? 'mail.ru' : 'example.org'}`;
    multifield(portal, 'CONTACT', id, 'EMAIL', mail);
    multifield(portal, 'CONTACT', id, 'PHONE', russian ? ruPhone(random, '916') : `+49 170 ${digits(random, 7)}`, 'MOBILE');
    if (companyId) state.contactCompany.put({ id: state.contactCompany.allocateId(), CONTACT_ID: id, COMPANY_ID: companyId, SORT: 10, IS_PRIMARY: 'Y' });
  }
}

function seedDeals(portal: Portal, random: Random, count: number, companies: readonly number[], now: number): void {
  const state = portal.state;
  const products = [...state.products.values()];
  const stages0 = state.statuses.filter((s) => s.ENTITY_ID === 'DEAL_STAGE').sort((a, b) => a.SORT - b.SORT);
  const stages1 = state.statuses.filter((s) => s.ENTITY_ID === 'DEAL_STAGE_1').sort((a, b) => a.SORT - b.SORT);
  for (let i = 0; i < count && companies.length > 0; i++) {
    const id = i + 1;
    const category = random() < 0.7 ? 0 : 1;
    const stage = pick(random, category === 0 ? stages0 : stages1);
    const companyId = pick(random, companies);
    const company = state.companies.get(companyId) as CrmRecord;
    const created = now - randomInt(random, 1, 90) * DAY;
    const rows: ProductRow[] = [];
    for (let r = 0; r < (products.length > 0 ? randomInt(random, 1, 5) : 0); r++) {
      const p = pick(random, products);
      const price = state.prices.find((x) => x.productId === p.id)?.price ?? 1000;
      const discount = random() < 0.3 ? pick(random, [5, 10, 15]) : 0;
      const exclusive = Math.round(price * (1 - discount / 100) * 100) / 100;
      rows.push({
        ID: state.productRows.allocateId(), OWNER_TYPE: 'D', OWNER_ID: id, PRODUCT_ID: p.id, PRODUCT_NAME: p.name, PRICE: Math.round(exclusive * 1.2 * 100) / 100,
        PRICE_EXCLUSIVE: exclusive, PRICE_NETTO: price, PRICE_BRUTTO: Math.round(price * 1.2 * 100) / 100, QUANTITY: randomInt(random, 1, 10), DISCOUNT_TYPE_ID: 2,
        DISCOUNT_RATE: discount, DISCOUNT_SUM: Math.round((price - exclusive) * 100) / 100, TAX_RATE: 20, TAX_INCLUDED: 'N', CUSTOMIZED: 'Y', MEASURE_CODE: 796,
        MEASURE_NAME: 'шт', SORT: (r + 1) * 10, XML_ID: null, TYPE: 1, STORE_ID: 0,
      });
    }
    for (const row of rows) state.productRows.put(row);
    const amount = Math.round(rows.reduce((s, r) => s + r.PRICE * r.QUANTITY, 0) * 100) / 100;
    const tax = Math.round(rows.reduce((s, r) => s + (r.PRICE - r.PRICE_EXCLUSIVE) * r.QUANTITY, 0) * 100) / 100;
    state.deals.put(record({
      TITLE: `${category === 0 ? 'Сделка' : 'Оптовый заказ'} №${id}: ${String(company['TITLE'])}`, TYPE_ID: 'SALE', CATEGORY_ID: category, STAGE_ID: stage.STATUS_ID,
      STAGE_SEMANTIC_ID: stage.SEMANTICS ?? 'P', IS_NEW: 'N', PROBABILITY: null, CURRENCY_ID: 'RUB', OPPORTUNITY: amount, IS_MANUAL_OPPORTUNITY: 'N', TAX_VALUE: tax,
      COMPANY_ID: companyId, CONTACT_ID: null, BEGINDATE: new Date(created).toISOString().slice(0, 10), CLOSEDATE: new Date(created + 30 * DAY).toISOString().slice(0, 10),
      CLOSED: stage.SEMANTICS ? 'Y' : 'N', MOVED_TIME: created, SOURCE_ID: 'CALL', LEAD_ID: null, ADDITIONAL_INFO: null,
    }, id, created, company['ASSIGNED_BY_ID'] as number));
  }
}
