// Builds the seeded companies: CRONUS International Ltd. (or the configured name)
// and the Russian company, each with N customers and N items, reproducible from
// the seed.
import { pick, randomInt, seededRandom, type Random } from '../../../core/random.ts';
import { Company, type CompanySetup } from '../data/company.ts';
import type { LogicContext } from '../logic/context.ts';
import { insertCustomerContact } from '../logic/customer-contact.ts';
import { postItemEntry } from '../logic/ledger.ts';
import { CRONUS_CUSTOMERS, CRONUS_ITEMS, CRONUS_NAME_PARTS, CRONUS_REFERENCE, CRONUS_SERIES, CRONUS_SETUP, type SeedCustomer, type SeedItem } from './cronus.ts';
import { put, addDays } from './put.ts';
import { seedReferenceData, vatRatesOf, type ReferenceData } from './reference-data.ts';
import { makeInn, RUSSIA_COMPANY, RUSSIA_CUSTOMERS, RUSSIA_ITEMS, RUSSIA_NAME_PARTS, RUSSIA_REFERENCE, RUSSIA_SERIES, RUSSIA_SETUP } from './russia.ts';

export interface SeedOptions {
  readonly seed: number;
  /** Customers per company; the demo customers first, then generated ones. */
  readonly customers: number;
  readonly items: number;
  readonly today: string;
  readonly companyName: string;
}

export const DEFAULT_CUSTOMERS = CRONUS_CUSTOMERS.length;
export const DEFAULT_ITEMS = CRONUS_ITEMS.length;

interface Flavor {
  readonly setup: Omit<CompanySetup, 'name'>;
  readonly series: ReadonlyArray<readonly [string, string, string, number, boolean]>;
  readonly reference: ReferenceData;
  readonly customers: readonly SeedCustomer[];
  readonly items: readonly SeedItem[];
  customerName(random: Random, i: number): string;
  customerAddress(random: Random): { address: string; city: string; postCode: string; contact: string; country: string };
  itemName(random: Random, i: number): { description: string; category: string };
  vat(random: Random): string;
  readonly domestic: { salesperson: string; foreign: string; terms: readonly string[]; unit: string; vatGroup: string };
}

const cronus: Flavor = {
  setup: CRONUS_SETUP,
  series: CRONUS_SERIES,
  reference: CRONUS_REFERENCE,
  customers: CRONUS_CUSTOMERS,
  items: CRONUS_ITEMS,
  customerName: (r, i) => `${pick(r, CRONUS_NAME_PARTS.first)} ${pick(r, CRONUS_NAME_PARTS.second)} ${i}`,
  customerAddress: (r) => {
    const [city, postCode] = pick(r, CRONUS_NAME_PARTS.cities);
    return { address: `${randomInt(r, 1, 250)} ${pick(r, CRONUS_NAME_PARTS.streets)}`, city, postCode, contact: pick(r, CRONUS_NAME_PARTS.people), country: 'GB' };
  },
  itemName: (r, i) => {
    const [thing, category] = pick(r, CRONUS_NAME_PARTS.things);
    return { description: `${pick(r, CRONUS_NAME_PARTS.materials)} ${thing}, ${pick(r, CRONUS_NAME_PARTS.colors)} ${i}`, category };
  },
  vat: (r) => String(randomInt(r, 100_000_000, 999_999_999)),
  domestic: { salesperson: 'JO', foreign: 'OF', terms: ['1M(8D)', '14 DAYS', 'CM'], unit: 'PCS', vatGroup: 'VAT25' },
};

const russia: Flavor = {
  setup: RUSSIA_SETUP,
  series: RUSSIA_SERIES,
  reference: RUSSIA_REFERENCE,
  customers: RUSSIA_CUSTOMERS.map((c) => ({ ...c, vat: '' })),
  items: RUSSIA_ITEMS,
  customerName: (r, i) => `${pick(r, RUSSIA_NAME_PARTS.forms)} «${pick(r, RUSSIA_NAME_PARTS.names)}-${pick(r, RUSSIA_NAME_PARTS.kinds)} ${i}»`,
  customerAddress: (r) => {
    const [city, postCode] = pick(r, RUSSIA_NAME_PARTS.cities);
    return { address: `${pick(r, RUSSIA_NAME_PARTS.streets)}, д. ${randomInt(r, 1, 120)}`, city, postCode, contact: pick(r, RUSSIA_NAME_PARTS.people), country: 'RU' };
  },
  itemName: (r, i) => {
    const [thing, category] = pick(r, RUSSIA_NAME_PARTS.items);
    return { description: `${thing} ${pick(r, RUSSIA_NAME_PARTS.models)} ${i}`, category };
  },
  vat: (r) => makeInn(r, 10),
  domestic: { salesperson: 'АИ', foreign: 'ПС', terms: ['10 ДНЕЙ', '30 ДНЕЙ', 'ПРЕДОПЛ'], unit: 'ШТ', vatGroup: 'НДС20' },
};

export function seedCompanies(options: SeedOptions): Company[] {
  return [seedCompany(cronus, options.companyName, options, 0), seedCompany(russia, RUSSIA_COMPANY, options, 1)];
}

function seedCompany(flavor: Flavor, name: string, options: SeedOptions, index: number): Company {
  const random = seededRandom(options.seed * 31 + index);
  const company = new Company({ ...flavor.setup, name, vatRates: vatRatesOf(flavor.reference) });
  for (const [code, description, startingNo, incrementBy, manualNos] of flavor.series) {
    company.addSeries({ code, description, startingNo, incrementBy, manualNos, lastNoUsed: '' });
  }
  seedReferenceData(company, flavor.reference);
  const ctx: LogicContext = { company, today: options.today, settings: { creditLimitCheck: 'off' } };
  seedCustomers(company, flavor, options, random, index);
  // Every customer has its company contact, as NAV makes one on insert (codeunit 5056).
  for (const customer of company.table('Customer').all()) insertCustomerContact(customer.values, ctx, String(customer.values['Last_Date_Modified']));
  seedItems(company, flavor, options, random, ctx);
  return company;
}

function seedCustomers(company: Company, flavor: Flavor, options: SeedOptions, random: Random, index: number): void {
  const { domestic } = flavor;
  for (let i = 0; i < options.customers; i++) {
    const demo = flavor.customers[i];
    const generated = demo ? undefined : { ...flavor.customerAddress(random), name: flavor.customerName(random, i + 1) };
    const no = demo?.no ?? company.takeNo(company.setup.series.customer);
    // A demo number that belongs to the series moves the series past it.
    if (demo && company.getSeries(company.setup.series.customer).lastNoUsed < demo.no && /^[КC]\d+$/.test(demo.no)) {
      company.getSeries(company.setup.series.customer).lastNoUsed = demo.no;
    }
    const country = demo?.country ?? generated?.country ?? 'GB';
    const home = index === 0 ? 'GB' : 'RU';
    const group = country === home ? 'DOMESTIC' : ['NL', 'FR', 'DE', 'BE', 'DK', 'SE', 'ES'].includes(country) ? 'EU' : 'EXPORT';
    const customerName = demo?.name ?? generated?.name ?? '';
    const innLength = (demo as { innLength?: 10 | 12 } | undefined)?.innLength;
    put(company, 'Customer', {
      No: no,
      Name: customerName,
      Search_Name: customerName.toUpperCase().slice(0, 50),
      Address: demo?.address ?? generated?.address ?? '',
      City: demo?.city ?? generated?.city ?? '',
      Post_Code: demo?.postCode ?? generated?.postCode ?? '',
      Country_Region_Code: country,
      Contact: demo?.contact ?? generated?.contact ?? '',
      Phone_No: `${index === 0 ? '0666' : '+7 495'}-${randomInt(random, 100, 999)}-${randomInt(random, 1000, 9999)}`,
      E_Mail: `info${i + 1}@${index === 0 ? 'example.com' : 'example.ru'}`,
      Currency_Code: demo?.currency ?? '',
      Location_Code: demo?.location ?? '',
      Salesperson_Code: country === home ? domestic.salesperson : domestic.foreign,
      Payment_Terms_Code: domestic.terms[i % domestic.terms.length] ?? '',
      Shipment_Method_Code: 'EXW',
      Combine_Shipments: true,
      Print_Statements: true,
      Gen_Bus_Posting_Group: group,
      VAT_Bus_Posting_Group: group,
      Customer_Posting_Group: group,
      Application_Method: i % 3 === 0 ? 'Apply to Oldest' : 'Manual',
      VAT_Registration_No: innLength ? makeInn(random, innLength) : (demo?.vat ?? flavor.vat(random)),
      Language_Code: index === 0 ? 'ENU' : 'RUS',
      Last_Date_Modified: addDays(options.today, -randomInt(random, 1, 400)),
    });
  }
  // The Bill-to of 01121212 is 01454545 (§8).
  const spots = company.get('Customer', '01121212');
  if (spots && company.get('Customer', '01454545')) spots.values['Bill_to_Customer_No'] = '01454545';
}

function seedItems(company: Company, flavor: Flavor, options: SeedOptions, random: Random, ctx: LogicContext): void {
  const locations = company.table('Location').all().map((l) => String(l.values['Code']));
  for (let i = 0; i < options.items; i++) {
    const demo = flavor.items[i];
    const generated = demo ? undefined : flavor.itemName(random, i + 1);
    const no = demo?.no ?? company.takeNo(company.setup.series.item);
    const price = demo?.price ?? randomInt(random, 20, 2000);
    const cost = demo?.cost ?? Math.round(price * 0.78 * 100) / 100;
    const description = demo?.description ?? generated?.description ?? '';
    const unit = demo?.unit ?? flavor.domestic.unit;
    const type = demo?.type ?? 'Inventory';
    const raw = demo?.category === 'PARTS';
    put(company, 'Item', {
      No: no,
      Description: description,
      Search_Description: description.toUpperCase().slice(0, 50),
      Type: type,
      Base_Unit_of_Measure: unit,
      Sales_Unit_of_Measure: unit,
      Purch_Unit_of_Measure: unit,
      Item_Category_Code: demo?.category ?? generated?.category ?? '',
      Unit_Price: price,
      Unit_Cost: cost,
      Standard_Cost: cost,
      Last_Direct_Cost: cost,
      Profit_Percent: price === 0 ? 0 : Math.round(((price - cost) / price) * 100 * 1e5) / 1e5,
      Costing_Method: 'FIFO',
      Gen_Prod_Posting_Group: type === 'Service' ? 'SERVICES' : raw ? 'RAW MAT' : 'RETAIL',
      VAT_Prod_Posting_Group: flavor.domestic.vatGroup,
      Inventory_Posting_Group: type === 'Service' ? '' : raw ? 'RAW MAT' : 'RESALE',
      GTIN: type === 'Service' ? '' : String(5_000_000_000_000 + randomInt(random, 0, 999_999_999)),
      Net_Weight: randomInt(random, 1, 80),
      Gross_Weight: randomInt(random, 1, 90),
      Last_Date_Modified: addDays(options.today, -randomInt(random, 1, 400)),
    });
    if (type !== 'Inventory') continue;
    const stocked = locations.length === 0 ? [''] : [pick(random, locations), ...(random() < 0.4 ? [pick(random, locations)] : [])];
    for (const location of new Set(stocked)) {
      postItemEntry(ctx, {
        itemNo: no,
        locationCode: location,
        quantity: randomInt(random, 5, 200),
        entryType: 'Positive Adjmt.',
        documentNo: 'START',
        postingDate: addDays(options.today, -400),
        description,
      });
    }
  }
}
