// Writes of sales orders as one unit: header, then lines (changed in place, deleted,
// added), then release when entities.orders.release says so. Everything that can be
// checked is checked before NAV is called (field values, a line without an item,
// VAT rates against the items' VAT Prod. Posting Groups), so a refusal of ours
// writes nothing. When NAV refuses a later step, the earlier ones are undone:
//   create — the header created by this write is deleted (with any lines it got);
//   update — the header fields and the lines are put back as they were read, and an
//            order that was Released (and reopened for the change) is released again.
// The record then fails with NAV's own code and message, saying what was undone, so
// a retry after a fix starts from the order as it was. If the undo fails too, the
// failure says so and is NAV_UNKNOWN_OUTCOME: the engine looks the order up (by the
// deal id in External_Document_No) before deciding anything again.
//
// A Released order (or one already shipped or invoiced) is changed only with
// entities.orders.onReleased = reopen: reopen, change, release. With refuse (the
// default) the change fails as NAV_ORDER_RELEASED before anything is written.
// A write that changes nothing NAV holds calls nothing but the reads. A create leaves
// blank header values out, so NAV's defaults from the customer stay.
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest, WriteOutcome } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { NAV_PAGES, type NavValue } from '../schema/index.ts';
import { asSyncError, mapLimit, settle } from './concurrency.ts';
import { addValues, checkVat, lineChanges, lineSpec, sameArticle, specOf, wantedLines, type LineSpec, type WantedLine } from './document-lines.ts';
import { linesInOrder, looseDocuments, type LooseDocuments, type NavDoc } from './doc-page.ts';
import { loose, readIn, type NavRow } from './nav-page.ts';
import type { ResolvedErpOptions } from './options.ts';
import { ORDER_COMPUTED, ORDER_HEADER_FIELDS, readOrders, type DocumentReadContext, type PostedPages } from './order-read.ts';
import { navValues } from './values.ts';

const PAGE = NAV_PAGES.salesOrder;

export interface OrderWriteContext {
  readonly client: NavClient;
  readonly posted: PostedPages;
  readonly read: DocumentReadContext;
  readonly options: ResolvedErpOptions;
}

interface Prepared {
  readonly header: Record<string, NavValue>;
  /** undefined: the write leaves the lines alone. */
  readonly lines: readonly WantedLine[] | undefined;
}

const HEADER = new Set<string>(ORDER_HEADER_FIELDS);
const COMPUTED = new Set<string>(ORDER_COMPUTED);

function mapping(message: string): SyncError {
  return new SyncError('SYNC_MAPPING', `NAV sales order: ${message}`);
}

/** The page values and lines of a write, or why it cannot be written (nothing sent to NAV yet). */
async function prepare(ctx: OrderWriteContext, fields: Readonly<Record<string, FieldValue>>): Promise<Prepared | SyncError> {
  const headerFields: Record<string, FieldValue> = {};
  let lines: WantedLine[] | undefined;
  for (const [path, value] of Object.entries(fields)) {
    if (HEADER.has(path)) headerFields[path] = value;
    else if (path === 'currency') {
      const code = value === null ? '' : String(value).trim().toUpperCase();
      headerFields['Currency_Code'] = code === ctx.read.localCurrency ? '' : code;
    } else if (path === 'lines') {
      const wanted = wantedLines(value);
      if (wanted instanceof SyncError) return wanted;
      lines = wanted;
    } else if (COMPUTED.has(path)) return mapping(`${path} is read-only: NAV computes it`);
    else return mapping(`${path} is not a path of the orders side; it has ${[...ORDER_HEADER_FIELDS, 'currency', 'lines', ...ORDER_COMPUTED].join(', ')}`);
  }
  let header: Record<string, NavValue>;
  try {
    header = navValues(PAGE, headerFields);
  } catch (error) {
    return asSyncError(error);
  }
  if (lines && lines.length > 0) {
    const items = await settle(() => readIn(loose(ctx.client.items), 'No', [...new Set(lines.map((l) => l.item.toUpperCase()))], {}, ['No', 'VAT_Prod_Posting_Group']));
    if (items instanceof SyncError) return items;
    const groups = new Map(items.map((row) => [String(row['No']), String(row['VAT_Prod_Posting_Group'] ?? '')]));
    const vat = checkVat(lines, groups, ctx.read.vatRates);
    if (vat) return vat;
  }
  return { header, lines };
}

interface LinePlan {
  readonly updates: ReadonlyArray<{ readonly row: NavRow & { readonly version: string }; readonly changes: Record<string, string | number> }>;
  readonly deletes: ReadonlyArray<NavRow & { readonly version: string }>;
  readonly adds: readonly LineSpec[];
}

/**
 * How to turn the current lines into the wanted ones, keeping their order: lines
 * are added at the end, so the wanted lines that stay must be, in order, a leading
 * run of them matched in order against the current lines (same article: changed in
 * place); current lines left unmatched are deleted, and the rest is added.
 */
export function planLines(current: ReadonlyArray<NavRow & { readonly version: string }>, wanted: readonly LineSpec[]): LinePlan {
  const updates: Array<LinePlan['updates'][number]> = [];
  const deletes: Array<NavRow & { readonly version: string }> = [];
  let at = 0;
  let kept = 0;
  for (const want of wanted) {
    let found = -1;
    for (let i = at; i < current.length; i++) {
      if (sameArticle(specOf(current[i] as NavRow), want)) {
        found = i;
        break;
      }
    }
    if (found < 0) break;
    deletes.push(...current.slice(at, found));
    const row = current[found] as NavRow & { readonly version: string };
    const changes = lineChanges(specOf(row), want);
    if (Object.keys(changes).length > 0) updates.push({ row, changes });
    at = found + 1;
    kept++;
  }
  deletes.push(...current.slice(at));
  return { updates, deletes, adds: wanted.slice(kept) };
}

const isEmptyPlan = (plan: LinePlan): boolean => plan.updates.length === 0 && plan.deletes.length === 0 && plan.adds.length === 0;

/**
 * The lines a write plans against: the order's lines but its comment lines (Type
 * blank), which the orders side neither reads nor writes, so a comment a NAV user
 * added stays where it is.
 */
function articleLines(doc: NavDoc): Array<NavRow & { readonly version: string }> {
  return linesInOrder(doc).filter((l) => String(l['Type'] ?? '') !== '') as Array<NavRow & { readonly version: string }>;
}

async function reread(page: LooseDocuments, no: string): Promise<NavDoc> {
  const doc = await page.document({ No: no });
  if (!doc) throw new SyncError('NAV_NOT_FOUND', `The sales order ${no} no longer exists in NAV.`, { operation: `${page.service}.Read` });
  return doc;
}

/** Applies a line plan; returns the document as NAV then has it. */
async function applyLines(page: LooseDocuments, doc: NavDoc, plan: LinePlan): Promise<NavDoc> {
  const no = String(doc['No']);
  let current = doc;
  if (plan.deletes.length > 0) {
    for (const row of plan.deletes) await page.deleteLine({ No: no, version: current.version }, { Line_No: Number(row['Line_No']), version: row.version });
    // A deleted line changes the document's version (§1.6); the remaining lines keep theirs.
    current = await reread(page, no);
  }
  if (plan.updates.length > 0) {
    const versions = new Map(current.lines.map((l) => [Number(l['Line_No']), l.version]));
    const changes = plan.updates.map((u) => ({ line: { Line_No: Number(u.row['Line_No']), version: versions.get(Number(u.row['Line_No'])) ?? u.row.version }, changes: u.changes }));
    current = await page.updateLines({ No: no, version: current.version }, changes);
  }
  if (plan.adds.length > 0) current = await page.addLines({ No: no, version: current.version }, plan.adds.map((spec) => addValues(spec) as NavRow));
  return current;
}

/** The failure of a step, saying what was undone (or that undoing failed too). */
function stepFailure(no: string, step: string, cause: SyncError, undone: string, undoError?: SyncError): SyncError {
  if (undoError) {
    return new SyncError(
      'NAV_UNKNOWN_OUTCOME',
      `NAV refused ${step} of sales order ${no}: ${cause.message} Undoing the earlier steps failed too (${undoError.message}); b24nav reads the order again before the next try.`,
      { operation: cause.operation, cause },
    );
  }
  return new SyncError(cause.code, `NAV refused ${step} of sales order ${no}: ${cause.message} ${undone}`, {
    operation: cause.operation,
    cause,
    vendorCode: cause.vendorCode,
    httpStatus: cause.httpStatus,
    retryAfterMs: cause.retryAfterMs,
  });
}

async function answer(ctx: OrderWriteContext, ref: string, no: string): Promise<WriteOutcome> {
  const records = await settle(() => readOrders(ctx.client, ctx.posted, ctx.read, [no]));
  if (records instanceof SyncError) {
    return { ref, ok: false, error: new SyncError('NAV_UNKNOWN_OUTCOME', `NAV wrote sales order ${no}, but reading it back failed: ${records.message}`, { operation: records.operation, cause: records }) };
  }
  const record = records[0];
  if (!record) return { ref, ok: false, error: new SyncError('NAV_UNKNOWN_OUTCOME', `NAV wrote sales order ${no}, but it could not be read back.`) };
  return { ref, ok: true, record };
}

async function createOne(ctx: OrderWriteContext, page: LooseDocuments, request: CreateRequest): Promise<WriteOutcome> {
  const prepared = await prepare(ctx, request.fields);
  if (prepared instanceof SyncError) return { ref: request.ref, ok: false, error: prepared };
  // Blank values are left out: NAV fills them from the customer (salesperson, terms, shipment method) or today (Order Date).
  const header = Object.fromEntries(Object.entries(prepared.header).filter(([, value]) => value !== ''));
  const created = await settle(() => page.create(header));
  if (created instanceof SyncError) return { ref: request.ref, ok: false, error: created };
  const no = String(created['No']);
  let step = 'the lines';
  try {
    const lines = prepared.lines ?? [];
    if (lines.length > 0) await page.addLines({ No: no, version: created.version }, lines.map((l) => addValues(lineSpec(l, Boolean(created['Prices_Including_VAT']))) as NavRow));
    if (ctx.options.orders.release) {
      step = 'the release';
      await ctx.client.releaseSalesOrder(no);
    }
  } catch (error) {
    const cause = asSyncError(error);
    const undo = await settle(async () => {
      const doc = await page.document({ No: no });
      if (doc) await page.delete({ No: no, version: doc.version });
    });
    ctx.options.log.warn({ order: no, code: cause.code, undone: !(undo instanceof SyncError) }, 'NAV refused a step of a new sales order; deleting the order');
    return { ref: request.ref, ok: false, error: stepFailure(no, step, cause, `The order b24nav had just created was deleted again; nothing of it is left in NAV.`, undo instanceof SyncError ? undo : undefined) };
  }
  return answer(ctx, request.ref, no);
}

/** Header values that differ from the document's. */
function headerChanges(doc: NavDoc, header: Readonly<Record<string, NavValue>>): Record<string, NavValue> {
  const out: Record<string, NavValue> = {};
  for (const [name, value] of Object.entries(header)) {
    const now = doc[name] ?? '';
    const same = typeof value === 'string' ? String(now).toUpperCase() === value.toUpperCase() || (name === 'Order_Date' && value === '' && now === '') : now === value;
    if (!same) out[name] = value;
  }
  return out;
}

async function updateOne(ctx: OrderWriteContext, page: LooseDocuments, request: UpdateRequest): Promise<WriteOutcome> {
  const fail = (error: SyncError): WriteOutcome => ({ ref: request.ref, ok: false, error });
  const prepared = await prepare(ctx, request.fields);
  if (prepared instanceof SyncError) return fail(prepared);
  const no = request.id.toUpperCase();
  const before = await settle(() => page.document({ No: no }));
  if (before instanceof SyncError) return fail(before);
  if (!before) {
    const posted = await settle(() => readOrders(ctx.client, ctx.posted, ctx.read, [no]));
    const what = !(posted instanceof SyncError) && posted.length > 0 ? `NAV deleted sales order ${no} when it was fully shipped and invoiced; a posted order cannot be changed.` : `The sales order ${no} does not exist in NAV.`;
    return fail(new SyncError('NAV_NOT_FOUND', what, { operation: `${page.service}.Update` }));
  }
  if (request.version !== null && request.version !== before.version) {
    return fail(new SyncError('NAV_STALE_KEY', `The sales order ${no} was changed in NAV after b24nav read it.`, { operation: `${page.service}.Update` }));
  }
  const header = headerChanges(before, prepared.header);
  const pricesIncludingVat = Boolean(before['Prices_Including_VAT']);
  const beforeLines = articleLines(before);
  const plan = prepared.lines ? planLines(beforeLines, prepared.lines.map((l) => lineSpec(l, pricesIncludingVat))) : { updates: [], deletes: [], adds: [] };
  const changes = Object.keys(header).length > 0 || !isEmptyPlan(plan);
  const released = String(before['Status']) !== 'Open';
  // Nothing to change: nothing is called, not even a release (a NAV user may have reopened the order to work on it).
  if (!changes) return answer(ctx, request.ref, no);
  if (released && ctx.options.orders.onReleased === 'refuse') {
    return fail(
      new SyncError(
        'NAV_ORDER_RELEASED',
        `The sales order ${no} is ${String(before['Status'])} in NAV, so its ${Object.keys(header).length > 0 ? 'header and lines' : 'lines'} cannot be changed (entities.orders.onReleased is refuse). Reopen the order in NAV to let the change through, or undo it in Bitrix24.`,
        { operation: `${page.service}.Update` },
      ),
    );
  }
  let step = 'the reopening';
  let reopened = false;
  try {
    let doc = before;
    if (released) {
      await ctx.client.reopenSalesOrder(no);
      reopened = true;
      doc = await reread(page, no);
    }
    if (Object.keys(header).length > 0) {
      step = 'the header';
      await page.update({ No: no, version: doc.version }, header);
      doc = await reread(page, no);
    }
    if (!isEmptyPlan(plan)) {
      step = 'the lines';
      doc = await applyLines(page, doc, planLines(articleLines(doc), prepared.lines?.map((l) => lineSpec(l, pricesIncludingVat)) ?? []));
    }
    if (ctx.options.orders.release || reopened) {
      step = 'the release';
      await ctx.client.releaseSalesOrder(no);
    }
  } catch (error) {
    const cause = asSyncError(error);
    // A failed reopening changed nothing; anything later is undone.
    const undo = reopened || !released ? await settle(() => restore(ctx, page, before, Object.keys(header))) : undefined;
    ctx.options.log.warn({ order: no, code: cause.code, undone: !(undo instanceof SyncError) }, 'NAV refused a step of a sales order change; restoring the order');
    const undone = reopened ? 'The order was put back as it was and released again.' : released ? 'Nothing was changed.' : 'The order was put back as it was.';
    return fail(stepFailure(no, step, cause, undone, undo instanceof SyncError ? undo : undefined));
  }
  return answer(ctx, request.ref, no);
}

/** Puts an order back as `before` had it: the header fields a write changed, the lines, and its release. */
async function restore(ctx: OrderWriteContext, page: LooseDocuments, before: NavDoc, headerFields: readonly string[]): Promise<void> {
  const no = String(before['No']);
  let doc = await reread(page, no);
  if (String(doc['Status']) !== 'Open') {
    await ctx.client.reopenSalesOrder(no);
    doc = await reread(page, no);
  }
  const back: Record<string, NavValue> = {};
  for (const name of headerFields) back[name] = before[name] ?? '';
  const header = headerChanges(doc, back);
  if (Object.keys(header).length > 0) {
    await page.update({ No: no, version: doc.version }, header);
    doc = await reread(page, no);
  }
  const plan = planLines(linesInOrder(doc) as Array<NavRow & { readonly version: string }>, linesInOrder(before).map(specOf));
  if (!isEmptyPlan(plan)) await applyLines(page, doc, plan);
  if (String(before['Status']) !== 'Open') await ctx.client.releaseSalesOrder(no);
}

export function createOrders(ctx: OrderWriteContext, requests: readonly CreateRequest[]): Promise<WriteOutcome[]> {
  const page = looseDocuments(ctx.client.salesOrders);
  return mapLimit(requests, ctx.options.writeConcurrency, (request) => createOne(ctx, page, request));
}

export function updateOrders(ctx: OrderWriteContext, requests: readonly UpdateRequest[]): Promise<WriteOutcome[]> {
  const page = looseDocuments(ctx.client.salesOrders);
  return mapLimit(requests, ctx.options.writeConcurrency, (request) => updateOne(ctx, page, request));
}

