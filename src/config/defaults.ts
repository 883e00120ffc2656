// The field maps b24nav uses when the config says nothing else (issue 4 defaults):
// B24 owns the contact data of customers, NAV owns credit limit, payment terms and
// blocked; products flow from NAV only. Lengths are NAV 2013–2018's (Name Text[50],
// No Code[20], …); text that does not fit fails for that record unless a map entry
// says `onTooLong: truncate`. Side paths are the connectors' (see docs/mapping.md).
import type { FieldMapEntry } from '../core/field-map-config.ts';
import type { ValueMap } from '../core/transforms.ts';

/** B24 user fields the default customer map writes NAV-owned values to. */
export const CUSTOMER_USER_FIELDS = [
  { name: 'UF_CRM_B24NAV_NAV_NO', type: 'string', label: 'NAV customer No.' },
  { name: 'UF_CRM_B24NAV_CREDIT_LIMIT', type: 'double', label: 'Credit limit (NAV)' },
  { name: 'UF_CRM_B24NAV_PAYMENT_TERMS', type: 'string', label: 'Payment terms (NAV)' },
  { name: 'UF_CRM_B24NAV_BLOCKED', type: 'string', label: 'Blocked in NAV' },
] as const;

export const DEFAULT_FIELDS: Readonly<Record<'customers' | 'contacts' | 'products', readonly FieldMapEntry[]>> = {
  customers: [
    { name: 'name', b24: 'TITLE', nav: 'Name', direction: 'both', normalize: 'text', navMaxLength: 50 },
    { name: 'taxId', b24: 'requisite.TAX_ID', nav: 'VAT_Registration_No', direction: 'both', normalize: 'vat', navMaxLength: 20 },
    { name: 'address', b24: 'address.ADDRESS_1', nav: 'Address', direction: 'both', normalize: 'text', navMaxLength: 50 },
    { name: 'address2', b24: 'address.ADDRESS_2', nav: 'Address_2', direction: 'both', normalize: 'text', navMaxLength: 50 },
    { name: 'city', b24: 'address.CITY', nav: 'City', direction: 'both', normalize: 'text', navMaxLength: 30 },
    { name: 'postCode', b24: 'address.POSTAL_CODE', nav: 'Post_Code', direction: 'both', normalize: 'code', navMaxLength: 20 },
    { name: 'country', b24: 'address.COUNTRY_CODE', nav: 'Country_Region_Code', direction: 'both', normalize: 'code', navMaxLength: 10 },
    { name: 'phone', b24: 'PHONE', nav: 'Phone_No', direction: 'both', fromB24: ['first'], toB24: ['list'], normalize: 'phone', navMaxLength: 30 },
    { name: 'email', b24: 'EMAIL', nav: 'E_Mail', direction: 'both', fromB24: ['first'], toB24: ['list'], normalize: 'email', navMaxLength: 80 },
    { name: 'website', b24: 'WEB', nav: 'Home_Page', direction: 'both', fromB24: ['first'], toB24: ['list'], normalize: 'text', navMaxLength: 80 },
    { name: 'salesperson', b24: 'ASSIGNED_BY_ID', nav: 'Salesperson_Code', direction: 'b24_to_nav', fromB24: ['map:salespeople'], normalize: 'code', navMaxLength: 20 },
    { name: 'navNo', b24: 'UF_CRM_B24NAV_NAV_NO', nav: 'No', direction: 'nav_to_b24', owner: 'nav', normalize: 'code' },
    { name: 'creditLimit', b24: 'UF_CRM_B24NAV_CREDIT_LIMIT', nav: 'Credit_Limit_LCY', direction: 'nav_to_b24', owner: 'nav', normalize: 'money' },
    { name: 'paymentTerms', b24: 'UF_CRM_B24NAV_PAYMENT_TERMS', nav: 'Payment_Terms_Code', direction: 'nav_to_b24', owner: 'nav', normalize: 'code' },
    { name: 'blocked', b24: 'UF_CRM_B24NAV_BLOCKED', nav: 'Blocked', direction: 'nav_to_b24', owner: 'nav', normalize: 'text' },
  ],
  contacts: [
    { name: 'fullName', b24: 'FULL_NAME', nav: 'Name', direction: 'both', normalize: 'text', navMaxLength: 50 },
    { name: 'email', b24: 'EMAIL', nav: 'E_Mail', direction: 'both', fromB24: ['first'], toB24: ['list'], normalize: 'email', navMaxLength: 80 },
    { name: 'phone', b24: 'PHONE', nav: 'Phone_No', direction: 'both', fromB24: ['first'], toB24: ['list'], normalize: 'phone', navMaxLength: 30 },
    // The company is a reference: B24 company id ⇄ NAV customer No. through the customers' links.
    { name: 'company', b24: 'COMPANY_ID', nav: 'Customer_No', direction: 'both', normalize: 'code' },
  ],
  products: [
    { name: 'itemNo', b24: 'xmlId', nav: 'No', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'article', b24: 'property.ARTNUMBER', nav: 'No', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'name', b24: 'name', nav: 'Description', direction: 'nav_to_b24', normalize: 'text' },
    { name: 'unit', b24: 'measure', nav: 'Base_Unit_of_Measure', direction: 'nav_to_b24', fromNav: ['map:units'], normalize: 'number' },
    { name: 'price', b24: 'price', nav: 'Unit_Price', direction: 'nav_to_b24', normalize: 'money' },
    { name: 'category', b24: 'section', nav: 'Item_Category_Code', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'vatRate', b24: 'vatRate', nav: 'VAT_Prod_Posting_Group', direction: 'nav_to_b24', fromNav: ['map:vatRates'], normalize: 'number' },
    { name: 'active', b24: 'active', nav: 'Blocked', direction: 'nav_to_b24', fromNav: ['map:blockedToActive'], normalize: 'text' },
  ],
};

export const DEFAULT_VALUE_MAPS: Readonly<Record<'customers' | 'contacts' | 'products', Readonly<Record<string, ValueMap>>>> = {
  customers: {
    // B24 user id → NAV salesperson code; users not in the map leave the salesperson empty.
    salespeople: { values: {}, fallback: null },
  },
  contacts: {},
  products: {
    // NAV unit of measure → OKEI code of the B24 measure (796 pieces, 166 kg, 778 pack, 006 metre, 112 litre).
    units: { values: { PCS: 796, PC: 796, EA: 796, 'ШТ': 796, KG: 166, 'КГ': 166, BOX: 778, PACK: 778, CAN: 778, M: 6, L: 112 }, fallback: 796 },
    // NAV VAT product posting group → VAT rate in %; null = no VAT.
    vatRates: { values: { VAT25: 25, VAT20: 20, VAT10: 10, VAT0: 0, 'NO VAT': null, 'НДС20': 20, 'НДС10': 10, 'БЕЗ НДС': null }, fallback: null },
    blockedToActive: { values: { true: 'N', false: 'Y' } },
  },
};
