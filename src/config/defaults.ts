// The field maps b24nav uses when the config says nothing else (issue 4 defaults):
// B24 owns the contact data of customers, NAV owns credit limit, payment terms and
// blocked; products flow from NAV only. Lengths are NAV 2013–2018's (Name Text[50],
// No Code[20], …); text that does not fit fails for that record unless a map entry
// says `onTooLong: truncate`. Side paths are the connectors' (see docs/mapping.md).
import type { FieldMapEntry } from '../core/field-map-config.ts';
import type { ValueMap } from '../core/transforms.ts';
import type { EntityKind } from '../engine/ports.ts';

/** B24 user fields the default customer map writes NAV-owned values to. */
export const CUSTOMER_USER_FIELDS = [
  { name: 'UF_CRM_B24NAV_NAV_NO', type: 'string', label: 'NAV customer No.' },
  { name: 'UF_CRM_B24NAV_CREDIT_LIMIT', type: 'double', label: 'Credit limit (NAV)' },
  { name: 'UF_CRM_B24NAV_PAYMENT_TERMS', type: 'string', label: 'Payment terms (NAV)' },
  { name: 'UF_CRM_B24NAV_BLOCKED', type: 'string', label: 'Blocked in NAV' },
  { name: 'UF_CRM_B24NAV_BALANCE', type: 'double', label: 'Balance (NAV)' },
  { name: 'UF_CRM_B24NAV_OVERDUE', type: 'double', label: 'Overdue (NAV)' },
] as const;

/** B24 deal user fields the default order map writes to (created when missing). */
export const DEAL_USER_FIELDS = [
  { name: 'UF_CRM_B24NAV_ORDER_NO', type: 'string', label: 'NAV order No.' },
  { name: 'UF_CRM_B24NAV_PAYMENT_TERMS', type: 'string', label: 'Payment terms (NAV)' },
  { name: 'UF_CRM_B24NAV_SHIPMENT_METHOD', type: 'string', label: 'Shipment method (NAV)' },
  { name: 'UF_CRM_B24NAV_SHIPMENTS', type: 'string', label: 'Shipments (NAV)', multiple: true },
  { name: 'UF_CRM_B24NAV_INVOICES', type: 'string', label: 'Invoices (NAV)', multiple: true },
  { name: 'UF_CRM_B24NAV_SYNC_STATUS', type: 'string', label: 'b24nav: why the order waits or was refused' },
] as const;

export const DEFAULT_FIELDS: Readonly<Record<EntityKind, readonly FieldMapEntry[]>> = {
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
    // Settlements (issue 5): what the customer owes, as NAV's ledger says.
    { name: 'balance', b24: 'UF_CRM_B24NAV_BALANCE', nav: 'Balance_LCY', direction: 'nav_to_b24', owner: 'nav', normalize: 'money' },
    { name: 'overdue', b24: 'UF_CRM_B24NAV_OVERDUE', nav: 'Balance_Due_LCY', direction: 'nav_to_b24', owner: 'nav', normalize: 'money' },
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
  // Deals ⇄ sales orders. Lines are [item, quantity, unit price excl. VAT before discount, discount %, VAT %]
  // (docs/mapping.md); the connectors give and take them in that form, so they are compared as they are.
  orders: [
    { name: 'company', b24: 'COMPANY_ID', nav: 'Sell_to_Customer_No', direction: 'both', normalize: 'code' },
    { name: 'dealId', b24: 'ID', nav: 'External_Document_No', direction: 'b24_to_nav', normalize: 'code', navMaxLength: 35 },
    { name: 'navOrderNo', b24: 'UF_CRM_B24NAV_ORDER_NO', nav: 'No', direction: 'nav_to_b24', owner: 'nav', normalize: 'code' },
    { name: 'orderDate', b24: 'BEGINDATE', nav: 'Order_Date', direction: 'both', normalize: 'date' },
    { name: 'currency', b24: 'CURRENCY_ID', nav: 'currency', direction: 'both', normalize: 'code' },
    { name: 'salesperson', b24: 'ASSIGNED_BY_ID', nav: 'Salesperson_Code', direction: 'b24_to_nav', fromB24: ['map:salespeople'], normalize: 'code', navMaxLength: 20 },
    { name: 'paymentTerms', b24: 'UF_CRM_B24NAV_PAYMENT_TERMS', nav: 'Payment_Terms_Code', direction: 'both', normalize: 'code', navMaxLength: 10 },
    { name: 'shipmentMethod', b24: 'UF_CRM_B24NAV_SHIPMENT_METHOD', nav: 'Shipment_Method_Code', direction: 'both', normalize: 'code', navMaxLength: 10 },
    { name: 'lines', b24: 'productRows', nav: 'lines', direction: 'both', owner: 'b24', normalize: 'none' },
    { name: 'status', b24: 'navStatus', nav: 'status', direction: 'nav_to_b24', owner: 'nav', normalize: 'text' },
    { name: 'amount', b24: 'OPPORTUNITY', nav: 'amountIncludingVat', direction: 'nav_to_b24', owner: 'nav', normalize: 'money' },
    { name: 'shipments', b24: 'UF_CRM_B24NAV_SHIPMENTS', nav: 'shipments', direction: 'nav_to_b24', owner: 'nav', normalize: 'text' },
    { name: 'invoices', b24: 'UF_CRM_B24NAV_INVOICES', nav: 'invoices', direction: 'nav_to_b24', owner: 'nav', normalize: 'text' },
  ],
  // NAV posted sales invoices → B24 smart invoices (one way).
  invoices: [
    { name: 'invoiceNo', b24: 'accountNumber', nav: 'No', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'company', b24: 'companyId', nav: 'Sell_to_Customer_No', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'order', b24: 'parentId2', nav: 'Order_No', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'postingDate', b24: 'begindate', nav: 'Posting_Date', direction: 'nav_to_b24', normalize: 'date' },
    { name: 'dueDate', b24: 'closedate', nav: 'Due_Date', direction: 'nav_to_b24', normalize: 'date' },
    { name: 'currency', b24: 'currencyId', nav: 'currency', direction: 'nav_to_b24', normalize: 'code' },
    { name: 'amount', b24: 'opportunity', nav: 'amountDue', direction: 'nav_to_b24', normalize: 'money' },
    { name: 'taxValue', b24: 'taxValue', nav: 'vatAmount', direction: 'nav_to_b24', normalize: 'money' },
    { name: 'lines', b24: 'productRows', nav: 'lines', direction: 'nav_to_b24', normalize: 'none' },
    { name: 'payments', b24: 'payments', nav: 'payments', direction: 'nav_to_b24', normalize: 'none' },
    { name: 'credited', b24: 'comments', nav: 'creditMemos', direction: 'nav_to_b24', normalize: 'text' },
    { name: 'status', b24: 'invoiceStatus', nav: 'status', direction: 'nav_to_b24', normalize: 'text' },
  ],
};

export const DEFAULT_VALUE_MAPS: Readonly<Record<EntityKind, Readonly<Record<string, ValueMap>>>> = {
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
  orders: {
    // B24 user id → NAV salesperson code, as for customers.
    salespeople: { values: {}, fallback: null },
  },
  invoices: {},
};
