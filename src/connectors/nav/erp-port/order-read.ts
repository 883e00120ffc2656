// Orders as the engine sees them, built from everything NAV keeps about a sales
// order: the order itself (header, lines, the subform's totals) while it exists,
// and its posted shipments and invoices (Order_No names it) — also after NAV
// deleted it for being fully shipped and invoiced, when they are all that is left.
//
// An order NAV deleted reads from its posted invoices: header values from the
// first invoice (Order_Date included), lines merged from the invoices' lines by
// Line No. (quantities summed), amount = the invoices' Amount_Including_VAT. NAV
// deletes an order only when every line is shipped and invoiced, so its status is
// Invoiced, or Paid once every invoice is settled.
//
// status — the furthest step reached: Open | Released | PartiallyShipped | Shipped |
// PartiallyInvoiced | Invoiced | Paid. Paid = fully invoiced and every posted
// invoice's Remaining_Amount (a FlowField over the customer ledger) is 0, leaving out
// invoices cancelled by a credit memo (an order all of whose invoices were cancelled
// stays Invoiced).
// shipments — one line per posted shipment: "<No> <Posting_Date> <amount>", the
// amount incl. VAT of the shipped quantities at the order's prices (a shipment has
// no amounts of its own); invoices — "<No> <Posting_Date> <Amount_Including_VAT>".
import { moneyToNumber, salesLineAmounts } from '../../../core/money.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { ValueMap } from '../../../core/transforms.ts';
import type { NavClient } from '../client.ts';
import { canonicalLine, roundTo, vatRateOf } from './document-lines.ts';
import { linesInOrder, looseDocuments, readDocumentsIn, type LooseReadDocuments, type NavDoc } from './doc-page.ts';
import type { NavRow } from './nav-page.ts';

/** The header fields of the orders side, as the page names them. */
export const ORDER_HEADER_FIELDS = ['Sell_to_Customer_No', 'External_Document_No', 'Order_Date', 'Salesperson_Code', 'Payment_Terms_Code', 'Shipment_Method_Code'] as const;
/** Paths computed by b24nav (read only). */
export const ORDER_COMPUTED = ['No', 'status', 'amountIncludingVat', 'shipments', 'invoices'] as const;

export interface DocumentReadContext {
  readonly vatRates: ValueMap;
  readonly localCurrency: string | null;
}

export interface OrderSources {
  readonly order: NavDoc | undefined;
  readonly invoices: readonly NavDoc[];
  readonly shipments: readonly NavDoc[];
}

export interface PostedPages {
  readonly invoices: LooseReadDocuments;
  readonly shipments: LooseReadDocuments;
  readonly creditMemos: LooseReadDocuments;
}

export function postedPages(client: NavClient): PostedPages {
  return {
    invoices: looseDocuments(client.postedSalesInvoices),
    shipments: looseDocuments(client.postedSalesShipments),
    creditMemos: looseDocuments(client.postedSalesCreditMemos),
  };
}

const text = (row: NavRow, field: string): string => String(row[field] ?? '');
const num = (row: NavRow, field: string): number => Number(row[field] ?? 0);
const dateOrNull = (value: string): string | null => (value === '' ? null : value);

/** A number to the cent, as a JSON number (no float noise). */
export const cents = (n: number): number => roundTo(n, 2);

/** Sums amounts exactly, in cents. */
export function sumCents(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += Math.round(roundTo(v, 2) * 100);
  return total / 100;
}

/** "1234.50": an amount in a text line. */
export function amountText(n: number): string {
  return (Math.round(n * 100) / 100).toFixed(2);
}

/** ISO code of a document's currency: blank = NAV's local currency (null when that is not configured). */
export function currencyOf(code: string, localCurrency: string | null): string | null {
  return code === '' ? localCurrency : code.toUpperCase();
}

/** Whether a posted line's prices included VAT: then its Line Amount is the amount with VAT. */
function postedPricesIncludeVat(line: NavRow): boolean {
  const lineAmount = num(line, 'Line_Amount');
  return Math.abs(lineAmount - num(line, 'Amount_Including_VAT')) < Math.abs(lineAmount - num(line, 'Amount'));
}

/** Order lines read back from the posted invoices of a deleted order, merged by Line No. */
function linesFromInvoices(invoices: readonly NavDoc[]): { rows: NavRow[]; pricesIncludingVat: boolean } {
  const byLine = new Map<number, Record<string, unknown>>();
  let pricesIncludingVat = false;
  for (const invoice of invoices) {
    for (const line of linesInOrder(invoice)) {
      const no = num(line, 'Line_No');
      const seen = byLine.get(no);
      if (seen) {
        seen['Quantity'] = Number(seen['Quantity']) + num(line, 'Quantity');
      } else {
        byLine.set(no, { ...line });
        if (num(line, 'Amount') !== num(line, 'Amount_Including_VAT')) pricesIncludingVat = postedPricesIncludeVat(line);
      }
    }
  }
  const rows = [...byLine.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row as NavRow);
  return { rows, pricesIncludingVat };
}

const realLine = (row: NavRow): boolean => text(row, 'Type') !== '';

function orderStatus(sources: OrderSources): string {
  const live = sources.order;
  const invoices = sources.invoices;
  const open = invoices.filter((i) => !i['Cancelled']);
  const settled = open.length > 0 && open.every((i) => num(i, 'Remaining_Amount') === 0);
  if (!live) return invoices.length === 0 ? 'Open' : settled ? 'Paid' : 'Invoiced';
  const lines = live.lines.filter(realLine);
  const quantity = (l: NavRow): number => num(l, 'Quantity');
  const invoiced = lines.some((l) => num(l, 'Quantity_Invoiced') !== 0);
  if (invoiced) {
    const all = lines.every((l) => num(l, 'Quantity_Invoiced') === quantity(l));
    return all ? (settled ? 'Paid' : 'Invoiced') : 'PartiallyInvoiced';
  }
  if (lines.some((l) => num(l, 'Quantity_Shipped') !== 0)) return lines.every((l) => num(l, 'Quantity_Shipped') === quantity(l)) ? 'Shipped' : 'PartiallyShipped';
  return text(live, 'Status') === 'Open' || text(live, 'Status') === 'Pending Approval' ? 'Open' : 'Released';
}

/** Amount incl. VAT of `quantity` of a line priced like `priced`. */
function shippedAmount(priced: NavRow, quantity: number, pricesIncludingVat: boolean, vatRates: ValueMap): number {
  const rate = vatRateOf(vatRates, text(priced, 'VAT_Prod_Posting_Group')) ?? 0;
  const result = salesLineAmounts({
    unitPrice: num(priced, 'Unit_Price').toFixed(5),
    quantity: quantity.toFixed(5),
    lineDiscountPercent: num(priced, 'Line_Discount_Percent').toFixed(5),
    vatPercent: String(rate),
    pricesIncludeVat: pricesIncludingVat,
  });
  return result.ok ? moneyToNumber(result.value.amountIncludingVat) : 0;
}

function documentList(docs: readonly NavDoc[], amount: (doc: NavDoc) => number): string | null {
  if (docs.length === 0) return null;
  return [...docs]
    .sort((a, b) => text(a, 'Posting_Date').localeCompare(text(b, 'Posting_Date')) || text(a, 'No').localeCompare(text(b, 'No')))
    .map((d) => `${text(d, 'No')} ${text(d, 'Posting_Date')} ${amountText(amount(d))}`)
    .join('\n');
}

/** The record of an order from its sources, or undefined when NAV has nothing of it. */
export function orderRecord(no: string, sources: OrderSources, ctx: DocumentReadContext): SideRecord | undefined {
  const live = sources.order;
  const first = [...sources.invoices].sort((a, b) => text(a, 'No').localeCompare(text(b, 'No')))[0];
  const header: NavRow | undefined = live ?? first;
  if (!header) return undefined;
  let lineRows: NavRow[];
  let pricesIncludingVat: boolean;
  let amount: number;
  if (live) {
    lineRows = linesInOrder(live);
    pricesIncludingVat = Boolean(live['Prices_Including_VAT']);
    amount = lineRows.length > 0 ? cents(num(lineRows[0] as NavRow, 'Total_Amount_Incl_VAT')) : 0;
  } else {
    ({ rows: lineRows, pricesIncludingVat } = linesFromInvoices(sources.invoices));
    amount = sumCents(sources.invoices.map((i) => num(i, 'Amount_Including_VAT')));
  }
  const priceLines = new Map(lineRows.map((l) => [num(l, 'Line_No'), l]));
  const fields: Record<string, FieldValue> = { No: no };
  for (const name of ORDER_HEADER_FIELDS) {
    const value = text(header, name);
    fields[name] = name === 'Order_Date' ? dateOrNull(value) : value;
  }
  fields['currency'] = currencyOf(text(header, 'Currency_Code'), ctx.localCurrency);
  fields['lines'] = lineRows.filter(realLine).map((l) => canonicalLine(l, pricesIncludingVat, ctx.vatRates, false));
  fields['status'] = orderStatus(sources);
  fields['amountIncludingVat'] = amount;
  fields['shipments'] = documentList(sources.shipments, (shipment) =>
    sumCents(
      shipment.lines.map((l) => {
        const priced = priceLines.get(num(l, 'Line_No'));
        return priced && realLine(l) ? shippedAmount(priced, num(l, 'Quantity'), pricesIncludingVat, ctx.vatRates) : 0;
      }),
    ),
  );
  fields['invoices'] = documentList(sources.invoices, (invoice) => num(invoice, 'Amount_Including_VAT'));
  return { id: no, version: live ? live.version || null : null, modifiedAt: null, fields };
}

/** Sources of many orders at once: the live ones given (or read), and the posted documents naming them. */
export async function readOrderSources(client: NavClient, posted: PostedPages, nos: readonly string[], live?: readonly NavDoc[]): Promise<Map<string, OrderSources>> {
  const unique = [...new Set(nos.map((n) => n.toUpperCase()).filter((n) => n !== ''))];
  const [orders, invoices, shipments] = await Promise.all([
    live ? Promise.resolve(live) : readDocumentsIn(looseDocuments(client.salesOrders), 'No', unique),
    readDocumentsIn(posted.invoices, 'Order_No', unique),
    readDocumentsIn(posted.shipments, 'Order_No', unique),
  ]);
  const out = new Map<string, { order: NavDoc | undefined; invoices: NavDoc[]; shipments: NavDoc[] }>();
  for (const no of unique) out.set(no, { order: undefined, invoices: [], shipments: [] });
  for (const order of orders) {
    const entry = out.get(text(order, 'No'));
    if (entry) entry.order = order;
  }
  for (const invoice of invoices) out.get(text(invoice, 'Order_No'))?.invoices.push(invoice);
  for (const shipment of shipments) out.get(text(shipment, 'Order_No'))?.shipments.push(shipment);
  return out;
}

/** Records of the given orders; ids NAV knows nothing of are left out. */
export async function readOrders(client: NavClient, posted: PostedPages, ctx: DocumentReadContext, nos: readonly string[], live?: readonly NavDoc[]): Promise<SideRecord[]> {
  const sources = await readOrderSources(client, posted, nos, live);
  const out: SideRecord[] = [];
  for (const [no, source] of sources) {
    const record = orderRecord(no, source, ctx);
    if (record) out.push(record);
  }
  return out;
}
