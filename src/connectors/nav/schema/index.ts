// What NAV publishes: pages with their fields, keys and parts, the naming rules
// of elements and namespaces, and the wire form of values.
export * from './fields.ts';
export * from './page.ts';
export * from './names.ts';
export * from './values.ts';
export { NAV_PAGES, NAV_PAGE_IDS, type NavPageId } from './catalog.ts';
export { CONTACT_LINK_TO_TABLE, contactBusinessRelationsPage } from './pages/contact-business-relations.ts';
export { CUSTOMER_BLOCKED, customerPage } from './pages/customer.ts';
export { itemByLocationPage, itemPage } from './pages/item.ts';
export { custLedgerEntriesPage, LEDGER_DOCUMENT_TYPES } from './pages/ledger.ts';
export { postedSalesCreditMemosPage, postedSalesInvoicesPage, postedSalesShipmentsPage } from './pages/posted-documents.ts';
export { SALES_DOCUMENT_STATUS, SALES_DOCUMENT_TYPES, SALES_LINE_TYPES, salesInvoicePage, salesOrderPage } from './pages/sales-documents.ts';
export {
  contactsPage,
  currenciesPage,
  itemCategoriesPage,
  locationsPage,
  paymentTermsPage,
  salespersonsPage,
  unitsOfMeasurePage,
} from './pages/setup.ts';
