// Every page b24nav knows, by a stable id that config and code use. The service
// name a NAV admin published may differ; it is configured per page.
import { contactBusinessRelationsPage } from './pages/contact-business-relations.ts';
import { customerPage } from './pages/customer.ts';
import { itemByLocationPage, itemPage } from './pages/item.ts';
import { custLedgerEntriesPage } from './pages/ledger.ts';
import { postedSalesCreditMemosPage, postedSalesInvoicesPage, postedSalesShipmentsPage } from './pages/posted-documents.ts';
import { salesInvoicePage, salesOrderPage } from './pages/sales-documents.ts';
import {
  contactsPage,
  currenciesPage,
  itemCategoriesPage,
  locationsPage,
  paymentTermsPage,
  salespersonsPage,
  unitsOfMeasurePage,
} from './pages/setup.ts';

export const NAV_PAGES = {
  customer: customerPage,
  item: itemPage,
  itemByLocation: itemByLocationPage,
  itemCategory: itemCategoriesPage,
  unitOfMeasure: unitsOfMeasurePage,
  location: locationsPage,
  salesperson: salespersonsPage,
  paymentTerms: paymentTermsPage,
  currency: currenciesPage,
  contact: contactsPage,
  contactBusinessRelation: contactBusinessRelationsPage,
  salesOrder: salesOrderPage,
  salesInvoice: salesInvoicePage,
  postedSalesInvoice: postedSalesInvoicesPage,
  postedSalesShipment: postedSalesShipmentsPage,
  postedSalesCreditMemo: postedSalesCreditMemosPage,
  custLedgerEntry: custLedgerEntriesPage,
} as const;

export type NavPageId = keyof typeof NAV_PAGES;
export const NAV_PAGE_IDS = Object.keys(NAV_PAGES) as NavPageId[];
