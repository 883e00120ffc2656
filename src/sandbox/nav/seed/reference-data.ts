// Setup shared by the seeded companies: code tables, payment terms, units,
// locations. Values follow the W1 CRONUS demo data (nav-web-services.md §8)
// where it is known.
import type { Company } from '../data/company.ts';
import { put, putCodes } from './put.ts';

export interface ReferenceData {
  readonly countries: ReadonlyArray<readonly [string, string]>;
  readonly currencies: ReadonlyArray<readonly [code: string, description: string, iso: string, numeric: string, symbol: string]>;
  readonly salespeople: ReadonlyArray<readonly [code: string, name: string, commission: number]>;
  readonly locations: ReadonlyArray<readonly [code: string, name: string, city: string, country: string]>;
  readonly units: ReadonlyArray<readonly [string, string]>;
  readonly categories: ReadonlyArray<readonly [code: string, description: string, parent: string]>;
  readonly paymentTerms: ReadonlyArray<readonly [code: string, due: string, discountDate: string, discount: number, description: string]>;
  /** VAT Prod. Posting Groups with their VAT % (VAT Posting Setup). */
  readonly vatGroups: ReadonlyArray<readonly [code: string, description: string, percent: number]>;
  readonly emailDomain: string;
}

/** VAT Posting Setup of the seeded company: the VAT % of each VAT Prod. Posting Group. */
export function vatRatesOf(data: ReferenceData): Record<string, number> {
  return Object.fromEntries(data.vatGroups.map(([code, , percent]) => [code, percent]));
}

export function seedReferenceData(company: Company, data: ReferenceData): void {
  putCodes(company, 'Country/Region', data.countries, 'Description');
  putCodes(company, 'Shipment Method', [
    ['EXW', 'Ex Warehouse'],
    ['CIF', 'Cost Insurance and Freight'],
    ['FOB', 'Free on Board'],
    ['PICKUP', 'Pickup at Location'],
  ]);
  putCodes(company, 'Payment Method', [
    ['BANK', 'Bank Transfer'],
    ['CASH', 'Cash payment'],
    ['CHECK', 'Check payment'],
  ]);
  putCodes(company, 'Language', [
    ['ENU', 'English (United States)'],
    ['DEU', 'German (Germany)'],
    ['RUS', 'Russian (Russia)'],
  ]);
  const groups: ReadonlyArray<readonly [string, string]> = [
    ['DOMESTIC', 'Domestic customers'],
    ['EU', 'Customers in EU'],
    ['EXPORT', 'Other customers'],
  ];
  putCodes(company, 'Customer Posting Group', groups);
  putCodes(company, 'Gen. Business Posting Group', groups);
  putCodes(company, 'VAT Business Posting Group', groups);
  putCodes(company, 'Gen. Product Posting Group', [
    ['RETAIL', 'Retail'],
    ['RAW MAT', 'Raw materials'],
    ['SERVICES', 'Resources etc.'],
  ]);
  putCodes(company, 'VAT Product Posting Group', data.vatGroups.map(([code, description]) => [code, description] as const));
  putCodes(company, 'Inventory Posting Group', [
    ['RESALE', 'Resale items'],
    ['RAW MAT', 'Raw materials'],
    ['FINISHED', 'Finished items'],
  ]);
  putCodes(company, 'Customer Price Group', [['RETAIL', 'Retail']]);
  putCodes(company, 'Customer Discount Group', [
    ['RETAIL', 'Retail'],
    ['LARGE ACC', 'Large accounts'],
  ]);
  for (const [code, description, iso, numeric, symbol] of data.currencies) {
    put(company, 'Currency', { Code: code, Description: description, ISO_Code: iso, ISO_Numeric_Code: numeric, Symbol: symbol, Amount_Rounding_Precision: 0.01, Unit_Amount_Rounding_Precision: 0.00001 });
  }
  for (const [code, name, commission] of data.salespeople) {
    put(company, 'Salesperson/Purchaser', { Code: code, Name: name, Commission_Percent: commission, E_Mail: `${code}@${data.emailDomain}` });
  }
  for (const [code, name, city, country] of data.locations) {
    put(company, 'Location', { Code: code, Name: name, City: city, Country_Region_Code: country });
  }
  putCodes(company, 'Unit of Measure', data.units);
  for (const [code, description, parent] of data.categories) put(company, 'Item Category', { Code: code, Description: description, Parent_Category: parent });
  for (const [code, due, discountDate, discount, description] of data.paymentTerms) {
    put(company, 'Payment Terms', { Code: code, Due_Date_Calculation: due, Discount_Date_Calculation: discountDate, Discount_Percent: discount, Description: description });
  }
}
