// The W1 CRONUS International Ltd. demo company (nav-web-services.md §8):
// customers, items, salespeople, locations as the demo data has them.
import type { CompanySetup } from '../data/company.ts';
import type { ReferenceData } from './reference-data.ts';

export const CRONUS_SETUP: Omit<CompanySetup, 'name'> = {
  lcyCode: 'GBP',
  vatPercent: 25,
  customerBusinessRelation: { code: 'CUST', description: 'Customer' },
  series: {
    customer: 'CUST',
    item: 'ITEM',
    contact: 'CONT',
    salesOrder: 'S-ORD',
    salesInvoice: 'S-INV',
    postedInvoice: 'S-INV+',
    postedShipment: 'S-SHPT',
    postedCreditMemo: 'S-CR+',
    payment: 'G-RCPT',
  },
};

/** Number series: code, first number, step, manual numbers allowed (§6). */
export const CRONUS_SERIES: ReadonlyArray<readonly [string, string, string, number, boolean]> = [
  ['CUST', 'Customer', 'C00010', 10, true],
  ['ITEM', 'Item', 'I00010', 10, true],
  ['CONT', 'Contact', 'CT000001', 1, true],
  ['S-ORD', 'Sales Order', '101001', 1, false],
  ['S-INV', 'Sales Invoice', '1001', 1, false],
  ['S-INV+', 'Posted Sales Invoice', '103001', 1, false],
  ['S-SHPT', 'Posted Sales Shipment', '102001', 1, false],
  ['S-CR+', 'Posted Sales Credit Memo', '104001', 1, false],
  ['G-RCPT', 'Cash Receipts', 'G02001', 1, false],
];

export const CRONUS_REFERENCE: ReferenceData = {
  countries: [
    ['GB', 'Great Britain'],
    ['US', 'USA'],
    ['DE', 'Germany'],
    ['NL', 'Netherlands'],
    ['FR', 'France'],
    ['BE', 'Belgium'],
    ['DK', 'Denmark'],
    ['SE', 'Sweden'],
    ['ES', 'Spain'],
    ['RU', 'Russia'],
  ],
  currencies: [
    ['EUR', 'Euro', 'EUR', '978', '€'],
    ['USD', 'US dollar', 'USD', '840', '$'],
    ['DKK', 'Danish krone', 'DKK', '208', 'kr'],
    ['SEK', 'Swedish krona', 'SEK', '752', 'kr'],
    ['RUB', 'Russian ruble', 'RUB', '643', '₽'],
  ],
  salespeople: [
    ['EH', 'Ester Henderson', 0],
    ['OF', 'Otis Falls', 5],
    ['LT', 'Lina Townsend', 5],
    ['JO', 'Jim Olive', 5],
    ['RB', 'Robin Bettencourt', 0],
    ['BC', 'Benjamin Chiu', 0],
    ['HR', 'Helena Ray', 0],
  ],
  locations: [
    ['BLUE', 'Blue Warehouse', 'London', 'GB'],
    ['RED', 'Red Warehouse', 'Birmingham', 'GB'],
    ['YELLOW', 'Yellow Warehouse', 'Coventry', 'GB'],
    ['GREEN', 'Green Warehouse', 'Manchester', 'GB'],
    ['WHITE', 'White Warehouse', 'London', 'GB'],
  ],
  units: [
    ['PCS', 'Piece'],
    ['BOX', 'Box'],
    ['CAN', 'Can'],
    ['SET', 'Set'],
    ['PACK', 'Pack'],
    ['KG', 'Kilo'],
    ['HOUR', 'Hour'],
  ],
  categories: [
    ['FURNITURE', 'Office Furniture', ''],
    ['CHAIR', 'Office Chair', 'FURNITURE'],
    ['DESK', 'Office Desk', 'FURNITURE'],
    ['TABLE', 'Assorted Tables', 'FURNITURE'],
    ['MISC', 'Miscellaneous', ''],
    ['SUPPLIERS', 'Office Supplies', 'MISC'],
    ['PARTS', 'Parts and raw materials', ''],
  ],
  paymentTerms: [
    ['1M(8D)', '1M', '8D', 2, '1 Month/2% 8 days'],
    ['14 DAYS', '14D', '', 0, 'Net 14 days'],
    ['30 DAYS', '30D', '', 0, 'Net 30 days'],
    ['CM', 'CM', '', 0, 'Current Month'],
    ['COD', '0D', '', 0, 'Cash on delivery'],
    ['7 DAYS', '7D', '', 0, 'Net 7 days'],
  ],
  vatGroups: [
    ['VAT25', 'Standard VAT', 25],
    ['VAT10', 'Reduced VAT', 10],
    ['NO VAT', 'No VAT', 0],
  ],
  emailDomain: 'contoso.com',
};

export interface SeedCustomer {
  readonly no: string;
  readonly name: string;
  readonly address: string;
  readonly postCode: string;
  readonly city: string;
  readonly country: string;
  readonly contact: string;
  readonly currency: string;
  readonly location: string;
  readonly vat?: string;
  readonly phone?: string;
}

/** BCA CreateCustomer.Codeunit.al; cities completed from the post codes. */
export const CRONUS_CUSTOMERS: readonly SeedCustomer[] = [
  { no: '10000', name: 'The Cannon Group PLC', address: '192 Market Square', postCode: 'GB-B27 4KT', city: 'Birmingham', country: 'GB', contact: 'Mr. Andy Teal', currency: '', location: 'BLUE', vat: '789456278' },
  { no: '20000', name: 'Selangorian Ltd.', address: '153 Thomas Drive', postCode: 'GB-CV6 1GY', city: 'Coventry', country: 'GB', contact: 'Mr. Mark McArthur', currency: '', location: '', vat: '254687456' },
  { no: '30000', name: 'John Haddock Insurance Co.', address: '10 High Tower Green', postCode: 'GB-MO2 4RT', city: 'Manchester', country: 'GB', contact: 'Miss Patricia Doyle', currency: '', location: '', vat: '533435789' },
  { no: '40000', name: 'Deerfield Graphics Company', address: '10 Deerfield Road', postCode: 'GB-GL1 9HM', city: 'Gloucester', country: 'GB', contact: 'Mr. Kevin Wright', currency: '', location: 'YELLOW', vat: '582048936' },
  { no: '50000', name: 'Guildford Water Department', address: '25 Water Way', postCode: 'GB-GU7 5GT', city: 'Guildford', country: 'GB', contact: 'Mr. Jim Stewart', currency: '', location: '', vat: '934875934' },
  { no: '01121212', name: "Spotsmeyer's Furnishings", address: '612 South Sunset Drive', postCode: 'US-FL 37125', city: 'Miami', country: 'US', contact: 'Mr. Mike Nash', currency: 'USD', location: 'YELLOW' },
  { no: '01445544', name: 'Progressive Home Furnishings', address: '3000 Roosevelt Blvd.', postCode: 'US-IL 61236', city: 'Chicago', country: 'US', contact: 'Mr. Scott Mitchell', currency: 'USD', location: 'YELLOW' },
  { no: '01454545', name: 'New Concepts Furniture', address: '705 West Peachtree Street', postCode: 'US-GA 31772', city: 'Atlanta', country: 'US', contact: 'Ms. Tammy L. McDonald', currency: 'USD', location: 'YELLOW' },
  { no: '31505050', name: 'Woonboulevard Kuitenbrouwer', address: 'Industrieweg 11', postCode: 'NL-7202 BP', city: 'Zutphen', country: 'NL', contact: 'Maryann Barber', currency: 'EUR', location: 'YELLOW', vat: 'NL456789123B01' },
  { no: '33002984', name: 'Parmentier Boutique', address: '34 Avenue Parmentier', postCode: 'FR-75000', city: 'Paris', country: 'FR', contact: 'M. Jean E. TRENARY', currency: 'EUR', location: '', vat: 'FR09123456789' },
  { no: '49633663', name: 'Autohaus Mielberg KG', address: 'Porschestraße 911', postCode: 'DE-22417', city: 'Hamburg', country: 'DE', contact: '', currency: 'EUR', location: 'GREEN', vat: 'DE123456789' },
];

export interface SeedItem {
  readonly no: string;
  readonly description: string;
  readonly price: number;
  readonly cost: number;
  readonly category: string;
  readonly unit: string;
  readonly type?: 'Inventory' | 'Service';
}

/** BCA CreateItem: base prices times a local currency factor of 0.18 (1896-S = 1000.8 in the BC API docs). */
const f = (n: number): number => Math.round(n * 0.18 * 10) / 10;

export const CRONUS_ITEMS: readonly SeedItem[] = [
  { no: '1896-S', description: 'ATHENS Desk', price: f(5560), cost: f(4337), category: 'DESK', unit: 'PCS' },
  { no: '1900-S', description: 'PARIS Guest Chair, black', price: f(1071), cost: f(835), category: 'CHAIR', unit: 'PCS' },
  { no: '1906-S', description: 'ATHENS Mobile Pedestal', price: f(2409), cost: f(1879), category: 'TABLE', unit: 'PCS' },
  { no: '1908-S', description: 'LONDON Swivel Chair, blue', price: f(1056), cost: f(823), category: 'CHAIR', unit: 'PCS' },
  { no: '1920-S', description: 'ANTWERP Conference Table', price: f(3599), cost: f(2808), category: 'TABLE', unit: 'PCS' },
  { no: '1928-S', description: 'AMSTERDAM Lamp', price: f(305), cost: f(238), category: 'MISC', unit: 'PCS' },
  { no: '1936-S', description: 'BERLIN Guest Chair, yellow', price: f(1071), cost: f(835), category: 'CHAIR', unit: 'PCS' },
  { no: '1960-S', description: 'ROME Guest Chair, green', price: f(1071), cost: f(835), category: 'CHAIR', unit: 'PCS' },
  { no: '1964-S', description: 'TOKYO Guest Chair, blue', price: f(1071), cost: f(835), category: 'CHAIR', unit: 'PCS' },
  { no: '1968-S', description: 'MEXICO Swivel Chair, black', price: f(1056), cost: f(823), category: 'CHAIR', unit: 'PCS' },
  { no: '1972-S', description: 'MUNICH Swivel Chair, yellow', price: f(1056), cost: f(823), category: 'CHAIR', unit: 'PCS' },
  { no: '1980-S', description: 'MOSCOW Swivel Chair, red', price: f(1056), cost: f(823), category: 'CHAIR', unit: 'PCS' },
  { no: '1988-S', description: 'SEOUL Guest Chair, red', price: f(1071), cost: f(835), category: 'CHAIR', unit: 'PCS' },
  { no: '1996-S', description: 'ATLANTA Whiteboard, base', price: f(7763), cost: f(6055), category: 'MISC', unit: 'PCS' },
  { no: '2000-S', description: 'SYDNEY Swivel Chair, green', price: f(1056), cost: f(823), category: 'CHAIR', unit: 'PCS' },
  { no: '70000', description: 'Side Panel', price: 40, cost: 32, category: 'PARTS', unit: 'PCS' },
  { no: '70001', description: 'Base', price: 25, cost: 20, category: 'PARTS', unit: 'PCS' },
  { no: '70002', description: 'Top Panel', price: 45, cost: 36, category: 'PARTS', unit: 'PCS' },
  { no: '70003', description: 'Rear Panel', price: 30, cost: 24, category: 'PARTS', unit: 'PCS' },
  { no: '70010', description: 'Wooden Door', price: 60, cost: 48, category: 'PARTS', unit: 'PCS' },
  { no: '70011', description: 'Glass Door', price: 75, cost: 60, category: 'PARTS', unit: 'PCS' },
  { no: '70100', description: 'Paint, black', price: 12, cost: 9, category: 'PARTS', unit: 'CAN' },
  { no: '70101', description: 'Paint, yellow', price: 12, cost: 9, category: 'PARTS', unit: 'CAN' },
  { no: '70102', description: 'Paint, blue', price: 12, cost: 9, category: 'PARTS', unit: 'CAN' },
  { no: '70103', description: 'Paint, red', price: 12, cost: 9, category: 'PARTS', unit: 'CAN' },
  { no: '70104', description: 'Paint, green', price: 12, cost: 9, category: 'PARTS', unit: 'CAN' },
  { no: '80100', description: 'Printing Paper', price: 8, cost: 6, category: 'SUPPLIERS', unit: 'BOX' },
  { no: '766BC-A', description: 'CONTOSO Conference System', price: 1800, cost: 1440, category: 'MISC', unit: 'PCS' },
  { no: '766BC-B', description: 'CONTOSO Office System', price: 1200, cost: 960, category: 'MISC', unit: 'PCS' },
  { no: '766BC-C', description: 'CONTOSO Storage System', price: 950, cost: 760, category: 'MISC', unit: 'PCS' },
  { no: '1000', description: 'Bicycle', price: 4000, cost: 3200, category: 'MISC', unit: 'PCS' },
  { no: '1001', description: 'Touring Bicycle', price: 4500, cost: 3600, category: 'MISC', unit: 'PCS' },
  { no: 'SERVICE', description: 'Assembly service', price: 60, cost: 0, category: '', unit: 'HOUR', type: 'Service' },
];

export const CRONUS_NAME_PARTS = {
  first: ['Adatum', 'Fabrikam', 'Contoso', 'Litware', 'Northwind', 'Tailspin', 'Wingtip', 'Proseware', 'Alpine', 'Trey', 'Relecloud', 'Coho', 'Woodgrove', 'Lucerne', 'Margie', 'Humongous', 'Blue Yonder', 'Fourth Coffee', 'Wide World', 'Graphic Design'],
  second: ['Corporation', 'Trading Ltd.', 'Furnishings', 'Interiors PLC', 'Office Supply', 'Group', 'Partners', 'Consulting', 'Holdings', 'Logistics'],
  streets: ['High Street', 'Station Road', 'Main Street', 'Park Road', 'Church Lane', 'Victoria Road', 'Green Lane', 'Manor Road', 'Kings Road', 'Queens Road'],
  cities: [
    ['London', 'GB-W2 8HG'],
    ['Birmingham', 'GB-B27 4KT'],
    ['Manchester', 'GB-MO2 4RT'],
    ['Coventry', 'GB-CV6 1GY'],
    ['Gloucester', 'GB-GL1 9HM'],
  ] as ReadonlyArray<readonly [string, string]>,
  people: ['Andy Teal', 'Mark McArthur', 'Patricia Doyle', 'Kevin Wright', 'Jim Stewart', 'Mike Nash', 'Scott Mitchell', 'Tammy McDonald', 'Maryann Barber', 'Jean Trenary'],
  materials: ['OSLO', 'ROME', 'PRAGUE', 'VIENNA', 'LISBON', 'MADRID', 'DUBLIN', 'HELSINKI', 'WARSAW', 'ZURICH'],
  things: [
    ['Desk', 'DESK'],
    ['Guest Chair', 'CHAIR'],
    ['Swivel Chair', 'CHAIR'],
    ['Conference Table', 'TABLE'],
    ['Lamp', 'MISC'],
    ['Whiteboard', 'MISC'],
  ] as ReadonlyArray<readonly [string, string]>,
  colors: ['black', 'blue', 'red', 'green', 'yellow', 'white', 'oak', 'walnut'],
};
