// orders = NAV sales orders (page 42 Sales Order, published as `SalesOrder`, Document
// Type Order) with their lines, and what posting made of them.
//
// Side field paths (what config field maps name):
//   No — the order No. (read only; the engine's id)
//   Sell_to_Customer_No (Code 20), External_Document_No (Code 35: the deal id, match key
//     dealId), Salesperson_Code (Code 20), Payment_Terms_Code, Shipment_Method_Code
//     (Code 10) — text, '' when blank
//   Order_Date — YYYY-MM-DD or null
//   currency — ISO code; a blank Currency_Code is options.localCurrency (null when unset);
//     written, the local currency is written as blank
//   lines — canonical lines [item No, quantity, unitPrice excl. VAT before discount,
//     discount %, vatRate % | null] in Line No. order (document-lines.ts)
//   status, amountIncludingVat, shipments, invoices — read only (order-read.ts)
// id = No; version = the order's Key / ETag (null for an order NAV deleted after
// posting it in full, read from its posted invoices); modifiedAt = null (Sales Header
// has no Last Date Modified).
//
// Scans: the Sales Header has no modification date, so every scan reads every open
// order with its lines (the engine drops what its hashes know) — plus the orders NAV
// deleted after posting them in full: on a full scan (cursor null) all of them, named
// by posted invoices; after that those whose posted invoices the customer ledger shows
// changed since the cursor (ledger-changes.ts), so the posting and the payments of
// such an order still reach the deal. The cursor is the ledger's highest Entry_No when
// the scan started.
// Writes: order-write.ts (one unit with compensation). Deletes (onDelete: propagate)
// delete the order with its lines while NAV lets them (NAV refuses an order with
// lines shipped but not invoiced, with its own text); an order NAV posted in full
// cannot be deleted.
import { SyncError } from '../../../core/failure.ts';
import type { ChangeScan, DeleteOutcome, EntitySide, FindQuery, FindResult } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { NAV_PAGES } from '../schema/index.ts';
import { deleteRecords } from './delete.ts';
import { looseDocuments, type NavDoc } from './doc-page.ts';
import type { FieldPath } from './entity.ts';
import { findCandidates } from './find.ts';
import { ledgerChanges, ledgerScan } from './ledger-changes.ts';
import { loose, readIn } from './nav-page.ts';
import type { ResolvedErpOptions } from './options.ts';
import { ORDER_COMPUTED, ORDER_HEADER_FIELDS, postedPages, readOrders, type DocumentReadContext } from './order-read.ts';
import { createOrders, updateOrders, type OrderWriteContext } from './order-write.ts';

const PAGE = NAV_PAGES.salesOrder;

function orderPaths(): FieldPath[] {
  const paths: FieldPath[] = [];
  for (const name of ['No', ...ORDER_HEADER_FIELDS]) {
    const field = PAGE.fields.find((f) => f.name === name);
    const writable = name !== 'No';
    paths.push(field && (field.kind === 'code' || field.kind === 'text') ? { path: name, writable, maxLength: field.length } : { path: name, writable });
  }
  paths.push({ path: 'currency', writable: true, maxLength: 10 }, { path: 'lines', writable: true });
  for (const name of ORDER_COMPUTED) if (name !== 'No') paths.push({ path: name, writable: false });
  return paths;
}

async function readAll<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/** Which page field a match key of an order looks in. */
function orderOverrides(queries: readonly FindQuery[], configured: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const query of queries) {
    for (const lookup of query.lookups) {
      const words = `${lookup.key} ${lookup.field}`.toLowerCase();
      if (configured[lookup.key] !== undefined) out[lookup.key] = configured[lookup.key] as string;
      else if (/deal|external_document_no/.test(words)) out[lookup.key] = 'External_Document_No';
      else if (/orderno|\bno\b/.test(words)) out[lookup.key] = 'No';
    }
  }
  return out;
}

export function createOrdersSide(client: NavClient, options: ResolvedErpOptions): EntitySide {
  const posted = postedPages(client);
  const orders = looseDocuments(client.salesOrders);
  const read: DocumentReadContext = { vatRates: options.vatRates, localCurrency: options.localCurrency };
  const writes: OrderWriteContext = { client, posted, read, options };

  function scanChanges(cursor: string | null): ChangeScan {
    return ledgerScan(client, cursor, 'orders', async function* (since, last) {
      const seen = new Set<string>();
      for await (const docs of orders.documents({ pageSize: options.scanPageSize })) {
        for (const doc of docs) seen.add(String(doc['No']));
        const records = await readOrders(client, posted, read, docs.map((d: NavDoc) => String(d['No'])), docs);
        if (records.length > 0) yield records;
      }
      // Orders NAV deleted after posting them in full: on a full scan every one of them (a full
      // scan must miss nothing, and it moves the cursor past whatever happened since the last
      // one), else those whose posted invoices the ledger shows changed.
      const invoices =
        since === null
          ? await readAll(loose(client.postedSalesInvoices).pages({ where: { Order_No: { ne: '' } }, select: ['No', 'Order_No'] }))
          : await readIn(loose(client.postedSalesInvoices), 'No', (await ledgerChanges(client, since, last)).invoiceNos, {}, ['No', 'Order_No']);
      const gone = [...new Set(invoices.map((i) => String(i['Order_No'] ?? '')))].filter((no) => no !== '' && !seen.has(no));
      for (let i = 0; i < gone.length; i += options.scanPageSize) {
        const records = await readOrders(client, posted, read, gone.slice(i, i + options.scanPageSize));
        if (records.length > 0) yield records;
      }
    });
  }

  return {
    side: 'nav',
    entity: 'orders',
    fieldPaths: () => Promise.resolve(orderPaths()),
    scanChanges,
    async fetch(ids) {
      const records = await readOrders(client, posted, read, ids);
      return new Map(records.map((r) => [r.id, r]));
    },
    find(queries): Promise<FindResult[]> {
      return findCandidates(
        { entity: 'orders', page: loose(client.salesOrders), def: PAGE, base: {}, defaultRegion: options.defaultRegion, overrides: orderOverrides(queries, options.matchFields.orders ?? {}) },
        queries,
      );
    },
    // NAV has no field for it: a create whose answer was lost is found by the deal id (External_Document_No).
    findByExternalId: () => Promise.resolve(new Map()),
    create: (requests) => createOrders(writes, requests),
    update: (requests) => updateOrders(writes, requests),
    async delete(ids): Promise<DeleteOutcome[]> {
      // An order NAV posted in full lives on only in posted documents, which nobody may delete.
      const records = await readOrders(client, posted, read, ids);
      const postedOnly = new Set(records.filter((r) => r.version === null).map((r) => r.id));
      const live = await deleteRecords({ page: loose(client.salesOrders), base: {} }, ids.filter((id) => !postedOnly.has(id.toUpperCase())), options.writeConcurrency);
      const byId = new Map(live.map((o) => [o.id, o]));
      return ids.map(
        (id): DeleteOutcome =>
          byId.get(id) ?? {
            id,
            ok: false,
            error: new SyncError('NAV_VALIDATION', `NAV posted sales order ${id} in full and deleted it; its posted shipments and invoices cannot be deleted.`, { operation: `${PAGE.service}.Delete` }),
          },
      );
    },
    async *listIds(): AsyncIterable<readonly string[]> {
      // Orders NAV deleted after posting them in full still exist for the links: their posted invoices name them.
      const seen = new Set<string>();
      for await (const rows of orders.pages({ select: ['No'] })) {
        const ids = rows.map((row) => String(row['No']));
        for (const id of ids) seen.add(id);
        if (ids.length > 0) yield ids;
      }
      for await (const rows of loose(client.postedSalesInvoices).pages({ where: { Order_No: { ne: '' } }, select: ['No', 'Order_No'] })) {
        const ids = [...new Set(rows.map((row) => String(row['Order_No'] ?? '')))].filter((id) => id !== '' && !seen.has(id));
        for (const id of ids) seen.add(id);
        if (ids.length > 0) yield ids;
      }
    },
  };
}
