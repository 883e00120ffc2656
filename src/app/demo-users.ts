// Simulated users for `b24nav demo`: every few seconds someone edits a company or
// adds one in Bitrix24, or changes a customer, a price or the stock in NAV; a
// manager agrees a deal with rows of NAV items, the warehouse ships and invoices an
// order b24nav made, the accountant books a customer's payment — the way people
// work in both systems, so the demo shows changes (and money) flowing both ways.
// Bitrix24 users act through the portal's REST methods, NAV users through the
// NAV sandbox's own actions (posting, payments) and its web services (to look up
// what to post or pay), as people would from their clients.
import { pick, randomInt, seededRandom, type Random } from '../core/random.ts';
import type { Logger } from '../core/log.ts';
import { b24Admin, type RunningB24Sandbox } from '../sandbox/bitrix24/index.ts';
import type { NavClient } from '../connectors/nav/index.ts';
import type { RunningNavSandbox } from '../sandbox/nav/index.ts';

export interface DemoUsers {
  stop(): void;
  /** What the simulated users did last, newest first. */
  readonly recent: string[];
}

const CITIES = ['Москва', 'Казань', 'Berlin', 'Санкт-Петербург', 'Paris'];

export interface NavKeys {
  readonly customers: readonly string[];
  readonly items: readonly string[];
}

/** Deals of the demo's managers, orders of its warehouse, payments of its accountant. */
export interface DocumentActors {
  readonly nav: NavClient;
}

interface CatalogRow {
  readonly id: number;
  readonly xmlId: string | null;
  readonly vatId: number | null;
}

export function startDemoUsers(b24: RunningB24Sandbox, nav: RunningNavSandbox, keys: NavKeys, log: Logger, everyMs = 4000, seed = 42, documents?: DocumentActors): DemoUsers {
  const random: Random = seededRandom(seed);
  const recent: string[] = [];
  const did = (what: string): void => {
    recent.unshift(`${new Date().toISOString().slice(11, 19)} ${what}`);
    recent.splice(8);
  };
  const actions: Array<() => void | Promise<void>> = [
    () => {
      const ids = [...b24.portal.state.companies.values()].map((c) => c.ID);
      const id = pick(random, ids);
      const phone = `+7 495 ${randomInt(random, 100, 999)}-${randomInt(random, 10, 99)}-${randomInt(random, 10, 99)}`;
      b24Admin.userEdit(b24.portal, 'company', id, { PHONE: [{ ID: b24.portal.multifieldIndex.of('COMPANY', id).find((m) => m.TYPE_ID === 'PHONE')?.ID, VALUE: phone }] }, 2);
      did(`Bitrix24: manager changed the phone of company ${id} to ${phone}`);
    },
    () => {
      const n = randomInt(random, 1000, 9999);
      const result = b24Admin.adminCall(b24.portal, 'crm.company.add', { fields: { TITLE: `ООО «Новый клиент ${n}»`, EMAIL: [{ VALUE: `info${n}@client.ru`, VALUE_TYPE: 'WORK' }] } }, 3);
      did(`Bitrix24: manager added company ${String(result.result)} "Новый клиент ${n}"`);
    },
    () => {
      const no = pick(random, keys.customers);
      const limit = randomInt(random, 1, 50) * 10_000;
      nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { Credit_Limit_LCY: limit } });
      did(`NAV: accountant set the credit limit of customer ${no} to ${limit}`);
    },
    () => {
      const no = pick(random, keys.customers);
      const city = pick(random, CITIES);
      nav.sandbox.edit({ page: 'Customer', key: { No: no }, fields: { City: city } });
      did(`NAV: clerk moved customer ${no} to ${city}`);
    },
    () => {
      const no = pick(random, keys.items);
      const quantity = randomInt(random, 1, 20);
      nav.sandbox.adjustInventory({ itemNo: no, locationCode: pick(random, ['BLUE', 'RED', 'YELLOW']), quantity });
      did(`NAV: warehouse received ${quantity} of item ${no}`);
    },
    () => {
      const no = pick(random, keys.items);
      const price = randomInt(random, 10, 900) * 10;
      nav.sandbox.edit({ page: 'Item', key: { No: no }, fields: { Unit_Price: price } });
      did(`NAV: pricing set item ${no} to ${price}`);
    },
  ];
  if (documents) actions.push(...documentActions(b24, nav, documents.nav, random, did));
  const timer = setInterval(() => {
    void (async () => {
      try {
        await pick(random, actions)();
      } catch (error) {
        log.debug({ err: String(error) }, 'a simulated user action was refused');
      }
    })();
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), recent };
}

/** The order-to-cash actions: a won deal, a shipped and invoiced order, a payment. */
function documentActions(b24: RunningB24Sandbox, nav: RunningNavSandbox, client: NavClient, random: Random, did: (what: string) => void): Array<() => void | Promise<void>> {
  const call = (method: string, params: Record<string, unknown>, user = 2): unknown => {
    return b24Admin.adminCall(b24.portal, method, params, user).result;
  };
  return [
    () => {
      // A manager agrees a deal with a customer NAV knows, for items that came from NAV.
      const companies = [...b24.portal.state.companies.values()].filter((c) => typeof c['UF_CRM_B24NAV_NAV_NO'] === 'string' && c['UF_CRM_B24NAV_NAV_NO'] !== '');
      const listed = call('catalog.product.list', { select: ['id', 'iblockId', 'xmlId', 'vatId'], filter: { iblockId: 25 } }) as { products: CatalogRow[] };
      const products = listed.products.filter((p) => p.xmlId);
      if (companies.length === 0 || products.length === 0) return;
      const vats = new Map(((call('catalog.vat.list', {}) as { vats: Array<{ id: number; rate: number | null }> }).vats).map((v) => [v.id, v.rate]));
      const company = pick(random, companies);
      const manager = randomInt(random, 2, 7);
      const id = Number(call('crm.deal.add', { fields: { TITLE: `Заказ ${randomInt(random, 100, 999)}`, COMPANY_ID: company.ID, STAGE_ID: 'NEW', ASSIGNED_BY_ID: manager, CURRENCY_ID: 'RUB' } }, manager));
      const rows = Array.from({ length: randomInt(random, 1, 4) }, () => {
        const product = pick(random, products);
        const price = [...b24.portal.state.prices.values()].find((p) => p.productId === product.id)?.price ?? 100;
        const rate = product.vatId === null ? null : (vats.get(product.vatId) ?? null);
        return { PRODUCT_ID: product.id, PRICE: price, QUANTITY: randomInt(random, 1, 10), DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: pick(random, [0, 0, 5, 10]), TAX_RATE: rate, TAX_INCLUDED: 'N' };
      });
      call('crm.deal.productrows.set', { id, rows }, manager);
      call('crm.deal.update', { id, fields: { STAGE_ID: 'PREPARATION' } }, manager);
      did(`Bitrix24: manager ${manager} agreed deal ${id} with company ${company.ID} (${rows.length} rows)`);
    },
    async () => {
      // The warehouse ships and invoices an order that came from a deal.
      const orders: string[] = [];
      for await (const page of client.salesOrders.pages({ where: { External_Document_No: { ne: '' } }, select: ['No', 'External_Document_No'] })) {
        orders.push(...page.map((o) => o.No));
      }
      if (orders.length === 0) return;
      const no = pick(random, orders);
      const posted = nav.sandbox.postOrder({ no });
      did(`NAV: warehouse shipped and invoiced order ${no}${posted.invoiceNo ? ` (invoice ${posted.invoiceNo})` : ''}`);
    },
    async () => {
      // The accountant books a payment: the whole invoice, or a part of it.
      const open: Array<{ customer: string; invoice: string; remaining: number }> = [];
      for await (const page of client.custLedgerEntries.pages({ where: { Document_Type: { eq: 'Invoice' }, Open: { eq: true } } })) {
        for (const e of page) open.push({ customer: e.Customer_No, invoice: e.Document_No, remaining: e.Remaining_Amount });
      }
      const due = open.filter((e) => e.remaining > 0);
      if (due.length === 0) return;
      const entry = pick(random, due);
      const amount = random() < 0.5 ? entry.remaining : Math.round(entry.remaining * 50) / 100;
      nav.sandbox.receivePayment({ customerNo: entry.customer, amount, appliesToInvoiceNo: entry.invoice });
      did(`NAV: accountant booked ${amount} from customer ${entry.customer} for invoice ${entry.invoice}`);
    },
  ];
}
