// Reference pages: the code tables that customers, items and documents point to.
// NAV 2018 control lists (N18 pages 4, 5, 14, 209, 5703, 5730, 5050).
import { boolean, code, date, dateFormula, decimal, option, text } from '../fields.ts';
import { definePage, FULL_ACCESS } from '../page.ts';

const codePage = { key: ['Code'], soapKey: ['Code'], access: FULL_ACCESS, part: undefined } as const;

export const itemCategoriesPage = definePage({
  ...codePage,
  service: 'ItemCategories',
  pageId: 5730,
  pageName: 'Item Categories',
  tableName: 'Item Category',
  tableNo: 5722,
  fields: [code('Code', 'Code', 20), text('Description', 'Description', 50), code('Parent_Category', 'Parent Category', 20)],
});

export const unitsOfMeasurePage = definePage({
  ...codePage,
  service: 'UnitsOfMeasure',
  pageId: 209,
  pageName: 'Units of Measure',
  tableName: 'Unit of Measure',
  tableNo: 204,
  fields: [code('Code', 'Code', 10), text('Description', 'Description', 10), code('International_Standard_Code', 'International Standard Code', 10)],
});

export const locationsPage = definePage({
  ...codePage,
  service: 'Locations',
  pageId: 5703,
  pageName: 'Location Card',
  tableName: 'Location',
  tableNo: 14,
  fields: [
    code('Code', 'Code', 10),
    text('Name', 'Name', 50),
    text('Address', 'Address', 50),
    text('Address_2', 'Address 2', 50),
    text('City', 'City', 30),
    code('Post_Code', 'Post Code', 20),
    code('Country_Region_Code', 'Country/Region Code', 10),
    text('Phone_No', 'Phone No.', 30),
    text('E_Mail', 'E-Mail', 80),
    boolean('Use_As_In_Transit', 'Use As In-Transit'),
  ],
});

export const salespersonsPage = definePage({
  ...codePage,
  service: 'Salespersons',
  pageId: 14,
  pageName: 'Salespersons/Purchasers',
  tableName: 'Salesperson/Purchaser',
  tableNo: 13,
  fields: [
    code('Code', 'Code', 20),
    text('Name', 'Name', 50),
    decimal('Commission_Percent', 'Commission %'),
    text('Phone_No', 'Phone No.', 30),
    text('E_Mail', 'E-Mail', 80),
    boolean('Privacy_Blocked', 'Privacy Blocked'),
  ],
});

export const paymentTermsPage = definePage({
  ...codePage,
  service: 'PaymentTerms',
  pageId: 4,
  pageName: 'Payment Terms',
  tableName: 'Payment Terms',
  tableNo: 3,
  fields: [
    code('Code', 'Code', 10),
    dateFormula('Due_Date_Calculation', 'Due Date Calculation'),
    dateFormula('Discount_Date_Calculation', 'Discount Date Calculation'),
    decimal('Discount_Percent', 'Discount %'),
    text('Description', 'Description', 50),
  ],
});

export const currenciesPage = definePage({
  ...codePage,
  service: 'Currencies',
  pageId: 5,
  pageName: 'Currencies',
  tableName: 'Currency',
  tableNo: 4,
  fields: [
    code('Code', 'Code', 10),
    text('Description', 'Description', 30),
    code('ISO_Code', 'ISO Code', 3),
    code('ISO_Numeric_Code', 'ISO Numeric Code', 3),
    text('Symbol', 'Symbol', 10),
    decimal('Amount_Rounding_Precision', 'Amount Rounding Precision'),
    decimal('Unit_Amount_Rounding_Precision', 'Unit-Amount Rounding Precision'),
  ],
});

export const contactsPage = definePage({
  service: 'Contacts',
  pageId: 5050,
  pageName: 'Contact Card',
  tableName: 'Contact',
  tableNo: 5050,
  key: ['No'],
  soapKey: ['No'],
  access: FULL_ACCESS,
  part: undefined,
  fields: [
    code('No', 'No.', 20),
    option('Type', 'Type', ['Company', 'Person']),
    text('Name', 'Name', 50),
    code('Company_No', 'Company No.', 20),
    text('Company_Name', 'Company Name', 50, { readOnly: true }),
    text('Address', 'Address', 50),
    text('Address_2', 'Address 2', 50),
    code('Post_Code', 'Post Code', 20),
    text('City', 'City', 30),
    code('Country_Region_Code', 'Country/Region Code', 10),
    text('Phone_No', 'Phone No.', 30),
    text('Mobile_Phone_No', 'Mobile Phone No.', 30),
    text('E_Mail', 'E-Mail', 80),
    code('Salesperson_Code', 'Salesperson Code', 20),
    text('VAT_Registration_No', 'VAT Registration No.', 20),
    date('Last_Date_Modified', 'Last Date Modified', { readOnly: true }),
  ],
});
