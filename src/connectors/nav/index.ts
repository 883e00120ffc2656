// The Dynamics NAV connector: a typed client per published page over SOAP page
// services or OData v4, with NTLM or Basic authentication and TLS, errors
// classified as SyncErrors. The engine's ErpPort adapter is built on this.
export { createNavClient, type NavClient, type NavClientHooks } from './client.ts';
export type { NavCall, NavCallObserver } from './http/transport.ts';
export { createErpPort, type ErpPortOptions } from './erp-port/index.ts';
export type {
  NavContact,
  NavContactBusinessRelation,
  NavCustLedgerEntry,
  NavCustomer,
  NavItem,
  NavItemStock,
  NavPostedSalesCreditMemo,
  NavPostedSalesInvoice,
  NavPostedSalesInvoiceLine,
  NavPostedSalesShipment,
  NavSalesInvoice,
  NavSalesOrder,
  NavSalesOrderLine,
} from './client.ts';
export { navClientOptionsSchema, type NavClientOptions } from './options.ts';
export type { NavPage, NavQuery, NavReadPage, NavSelectQuery, Versioned } from './page-client.ts';
export type { LineRef, NavDocument, NavDocuments, NavReadDocuments } from './document-client.ts';
export type { FieldCondition, Where } from './filters.ts';
export { NAV_PAGES, NAV_PAGE_IDS, type NavPageId } from './schema/index.ts';
