// The NAV client: one typed interface per page, each carried by SOAP or OData v4
// as configured, over one HTTP layer (NTLM/Basic, TLS, at most maxConcurrency
// calls in flight). Release/reopen of sales orders goes through the
// B24NavIntegration codeunit, which only SOAP can call (codeunits have no OData
// in NAV, §1.9).
import { DocumentClient, type NavDocuments, type NavReadDocuments } from './document-client.ts';
import { NavHttp, type NavCallObserver } from './http/transport.ts';
import { ODataTransport } from './odata/odata-transport.ts';
import { resolveClientOptions, type NavClientOptions } from './options.ts';
import { PageClient, type NavPage, type NavReadPage } from './page-client.ts';
import {
  codeunitNamespace,
  NAV_PAGES,
  SYSTEM_SERVICE_NAMESPACE,
  type LineInput,
  type LineRecord,
  type NavPageId,
  type PageDef,
  type PageInput,
  type PageKey,
  type PageRecord,
} from './schema/index.ts';
import { SoapTransport } from './soap/soap-transport.ts';
import { element, leafTexts } from './soap/xml.ts';
import type { PageRef, PageTransport, Values } from './transport.ts';

type P = typeof NAV_PAGES;
type Page<Id extends NavPageId> = NavPage<PageRecord<P[Id]>, PageInput<P[Id]>, PageKey<P[Id]>>;
type ReadPage<Id extends NavPageId> = NavReadPage<PageRecord<P[Id]>, PageKey<P[Id]>>;
type Documents<Id extends NavPageId> = NavDocuments<PageRecord<P[Id]>, PageInput<P[Id]>, LineRecord<P[Id]>, LineInput<P[Id]>, PageKey<P[Id]>>;
type ReadDocuments<Id extends NavPageId> = NavReadDocuments<PageRecord<P[Id]>, LineRecord<P[Id]>, PageKey<P[Id]>>;

export type NavCustomer = PageRecord<P['customer']>;
export type NavItem = PageRecord<P['item']>;
export type NavItemStock = PageRecord<P['itemByLocation']>;
export type NavSalesOrder = PageRecord<P['salesOrder']>;
export type NavSalesOrderLine = LineRecord<P['salesOrder']>;
export type NavSalesInvoice = PageRecord<P['salesInvoice']>;
export type NavPostedSalesInvoice = PageRecord<P['postedSalesInvoice']>;
export type NavPostedSalesInvoiceLine = LineRecord<P['postedSalesInvoice']>;
export type NavPostedSalesShipment = PageRecord<P['postedSalesShipment']>;
export type NavPostedSalesCreditMemo = PageRecord<P['postedSalesCreditMemo']>;
export type NavCustLedgerEntry = PageRecord<P['custLedgerEntry']>;
export type NavContact = PageRecord<P['contact']>;
export type NavContactBusinessRelation = PageRecord<P['contactBusinessRelation']>;

export interface NavClient {
  readonly customers: Page<'customer'>;
  readonly items: Page<'item'>;
  /** Inventory per item and location (a published Stockkeeping Unit list, docs/sandbox.md). */
  readonly itemStock: ReadPage<'itemByLocation'>;
  readonly itemCategories: Page<'itemCategory'>;
  readonly unitsOfMeasure: Page<'unitOfMeasure'>;
  readonly locations: Page<'location'>;
  readonly salespersons: Page<'salesperson'>;
  readonly paymentTerms: Page<'paymentTerms'>;
  readonly currencies: Page<'currency'>;
  readonly contacts: Page<'contact'>;
  /** Which customer a company contact stands for (table 5054, published as docs/sandbox.md says). */
  readonly contactBusinessRelations: ReadPage<'contactBusinessRelation'>;
  readonly salesOrders: Documents<'salesOrder'>;
  readonly salesInvoices: Documents<'salesInvoice'>;
  readonly postedSalesInvoices: ReadDocuments<'postedSalesInvoice'>;
  readonly postedSalesShipments: ReadDocuments<'postedSalesShipment'>;
  readonly postedSalesCreditMemos: ReadDocuments<'postedSalesCreditMemo'>;
  readonly custLedgerEntries: ReadPage<'custLedgerEntry'>;
  /** Sets Status = Released (codeunit 414 through the integration codeunit). */
  releaseSalesOrder(no: string): Promise<void>;
  reopenSalesOrder(no: string): Promise<void>;
  /** SystemService.Companies: the companies this user may open. */
  companies(): Promise<string[]>;
  close(): Promise<void>;
}

const FIXED: Partial<Record<NavPageId, Values>> = {
  salesOrder: { Document_Type: 'Order' },
  salesInvoice: { Document_Type: 'Invoice' },
};

export interface NavClientHooks {
  /** Told of every call (operation, duration, error) for metrics; it never changes a call's outcome. */
  readonly onCall?: NavCallObserver;
}

export function createNavClient(input: NavClientOptions, hooks: NavClientHooks = {}): NavClient {
  const options = resolveClientOptions(input);
  const http = new NavHttp({
    auth: options.auth.mode === 'ntlm' ? { ...options.auth, workstation: options.auth.workstation } : options.auth,
    tls: { ca: options.tls.ca, insecure: options.tls.insecure },
    maxConcurrency: options.maxConcurrency,
    timeoutMs: options.timeoutMs,
    onCall: hooks.onCall,
  });
  const soap = new SoapTransport({ http, baseUrl: options.soapUrl, company: options.company, dateOrder: options.soapDateOrder, batchSize: options.createBatchSize });
  const odata = new ODataTransport({ http, baseUrl: options.odataUrl ?? options.soapUrl, company: options.company, parallelCreates: Math.min(8, options.maxConcurrency) });
  const transportOf = (id: NavPageId): PageTransport => ((options.transports[id] ?? options.transport) === 'odata' ? odata : soap);
  const refOf = (id: NavPageId): PageRef => {
    const def: PageDef = NAV_PAGES[id];
    return { def, service: options.services[id] ?? def.service, fixed: FIXED[id] ?? {} };
  };
  const page = <Id extends NavPageId>(id: Id): PageClient<PageRecord<P[Id]>, PageInput<P[Id]>, PageKey<P[Id]>> => new PageClient(transportOf(id), refOf(id), options.pageSize);
  const documents = <Id extends NavPageId>(id: Id): DocumentClient<PageRecord<P[Id]>, PageInput<P[Id]>, LineRecord<P[Id]>, LineInput<P[Id]>, PageKey<P[Id]>> =>
    new DocumentClient(transportOf(id), refOf(id), options.pageSize);
  const codeunit = async (operation: string, no: string): Promise<void> => {
    await soap.call(soap.companyPath(`Codeunit/${options.codeunit}`), codeunitNamespace(options.codeunit), operation, element('no', no), options.codeunit);
  };
  return {
    customers: page('customer'),
    items: page('item'),
    itemStock: page('itemByLocation'),
    itemCategories: page('itemCategory'),
    unitsOfMeasure: page('unitOfMeasure'),
    locations: page('location'),
    salespersons: page('salesperson'),
    paymentTerms: page('paymentTerms'),
    currencies: page('currency'),
    contacts: page('contact'),
    contactBusinessRelations: page('contactBusinessRelation'),
    salesOrders: documents('salesOrder'),
    salesInvoices: documents('salesInvoice'),
    postedSalesInvoices: documents('postedSalesInvoice'),
    postedSalesShipments: documents('postedSalesShipment'),
    postedSalesCreditMemos: documents('postedSalesCreditMemo'),
    custLedgerEntries: page('custLedgerEntry'),
    releaseSalesOrder: (no) => codeunit('ReleaseSalesOrder', no),
    reopenSalesOrder: (no) => codeunit('ReopenSalesOrder', no),
    companies: async () => {
      const result = await soap.call('SystemService', SYSTEM_SERVICE_NAMESPACE, 'Companies', '', 'SystemService');
      return leafTexts(result, 'return_value');
    },
    close: () => http.close(),
  };
}
