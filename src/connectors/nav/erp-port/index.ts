// The NAV side of the engine's ports: createErpPort() implements ErpPort
// (engine/ports.ts) on the NavClient, over SOAP or OData v4 as the client is set up.
//   customers = the Customer page; contacts = persons on the Contacts page with a
//   virtual Customer_No (through ContactBusinessRelations); products = the Item page;
//   stock = the item-by-location page and the Locations page; orders = sales orders
//   with their lines, status, shipments and invoices (orders.ts); invoices = posted
//   sales invoices with payments and credit memos (invoices.ts).
// Side field paths are the page's field names, listed at the top of customers.ts,
// contacts.ts and products.ts. Nothing is cached between calls; close() closes the client.
import type { ErpPort } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { withBalanceChanges } from './balance-scan.ts';
import { contactsEntity } from './contacts.ts';
import { customersEntity } from './customers.ts';
import { createInvoicesSide } from './invoices.ts';
import { createNavEntitySide } from './entity-side.ts';
import { resolveErpOptions, type ErpPortOptions } from './options.ts';
import { productsEntity } from './products.ts';
import { createOrdersSide } from './orders.ts';
import { createStockSource } from './stock.ts';

export type { ErpPortOptions } from './options.ts';

export function createErpPort(client: NavClient, options: ErpPortOptions = {}): ErpPort {
  const resolved = resolveErpOptions(options);
  return {
    // Postings and payments move balances without touching the customer: the scan reads the ledger too.
    customers: withBalanceChanges(createNavEntitySide(customersEntity(client), resolved), client, resolved.scanPageSize),
    contacts: createNavEntitySide(contactsEntity(client), resolved),
    products: createNavEntitySide(productsEntity(client), resolved),
    orders: createOrdersSide(client, resolved),
    invoices: createInvoicesSide(client, resolved),
    stock: createStockSource(client),
    close: () => client.close(),
  };
}
