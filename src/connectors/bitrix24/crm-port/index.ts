// The Bitrix24 side of the engine's ports: createCrmPort() implements CrmPort
// (engine/ports.ts) on the B24Client. customers = companies with their primary
// requisite and legal address, contacts = contacts, products = catalog products with
// prices, orders = deals with product rows, invoices = smart invoices with rows and
// payments; stock = stores and store documents (or product quantity). The side field
// paths of each entity are listed at the top of customers.ts, contacts.ts, products.ts,
// deals.ts, smart-invoices.ts.
// Portal dictionaries (presets, requisite and user fields, catalog, measures, VAT
// rates, price types, properties) are read on first use and cached; close() waits for
// calls in flight and closes the client.
import { silentLogger, type Logger } from '../../../core/log.ts';
import type { CountryCode } from '../../../core/phone.ts';
import type { CrmPort } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import { contactsAdapter } from './contacts.ts';
import { customersAdapter } from './customers.ts';
import { createOrdersSide, dealFields } from './deals.ts';
import { Lazy, loadCatalogDictionaries, loadCrmDictionaries } from './dictionaries.ts';
import { ordersSettings, type InvoicesOptions, type OrdersOptions } from './document-options.ts';
import { createEntitySide } from './entity-side.ts';
import type { PortContext } from './port-context.ts';
import { productsAdapter } from './products.ts';
import { SectionCache } from './sections.ts';
import { invoicesAdapter } from './smart-invoices.ts';
import { StageBook } from './stages.ts';
import { createStockTarget } from './stock.ts';
import { ensureUserFields } from './user-fields.ts';

export type { InvoicesOptions, OrdersOptions } from './document-options.ts';

export interface CrmPortOptions {
  /** Region of phone numbers written without a country code ("8 495 …" is Russian with RU). */
  readonly defaultRegion?: CountryCode;
  /** The price type behind `price`/`currency`, by name or xmlId; the base price type by default. */
  readonly priceType?: string;
  /** Records per page of a change scan (default 500). */
  readonly pageSize?: number;
  /** Seconds the next cursor lies before the portal's time at the start of a scan (default 5). */
  readonly cursorOverlapSeconds?: number;
  /** Deals (entities.orders): NAV status → stage per pipeline, forward-only moves, where deals from NAV start. */
  readonly orders?: OrdersOptions;
  /** Smart invoices (entities.invoices): NAV status → stage, the pipeline new invoices go to. */
  readonly invoices?: InvoicesOptions;
  readonly logger?: Logger;
}

export function createCrmPort(client: B24Client, options: CrmPortOptions = {}): CrmPort {
  const log = options.logger ?? silentLogger;
  const ctx: PortContext = {
    client,
    crm: new Lazy(() => loadCrmDictionaries(client)),
    catalog: new Lazy(() => loadCatalogDictionaries(client, options.priceType)),
    region: options.defaultRegion,
    log,
  };
  const side = { pageSize: options.pageSize ?? 500, cursorOverlapSeconds: options.cursorOverlapSeconds ?? 5, log };
  const sections = new SectionCache(client, ctx.catalog);
  const stages = new StageBook(client);
  const deals = { client, fields: dealFields(client), stages, settings: ordersSettings(options.orders) };
  return {
    customers: createEntitySide(client, customersAdapter(ctx), side),
    contacts: createEntitySide(client, contactsAdapter(ctx), side),
    products: createEntitySide(client, productsAdapter(ctx, sections), side),
    orders: createOrdersSide(deals, side),
    invoices: createEntitySide(client, invoicesAdapter({ client, stages, options: options.invoices ?? {} }), side),
    stock: createStockTarget(ctx),
    async ensureUserFields(fields) {
      const created = await ensureUserFields(client, fields);
      // New fields change what a record holds and which paths exist.
      if (created.some((c) => c.entity === 'company')) ctx.crm.invalidate();
      if (created.some((c) => c.entity === 'deal')) deals.fields.invalidate();
      return created.map((c) => c.name);
    },
    close: () => client.close(),
  };
}
