// Smart-invoice writes as batch plans: `c` the invoice (crm.item.add / update), `r` its
// product rows (crm.item.productrow.set, ownerType SI, replace-all), then the payment
// commands (invoice-payments.ts). On a create they all refer to the new invoice by
// `$result[c][item][id]`, so invoice, rows and payments are one unit and a create whose
// later command fails is undone. An update sends only what differs. The amount is
// manual (isManualOpportunity Y): it is NAV's, not B24's sum of the rows.
import { parseCalendarDate } from '../../../core/date.ts';
import { SyncError } from '../../../core/failure.ts';
import { fieldValueEquals, type FieldValue } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest } from '../../../engine/ports.ts';
import { idIn, resultOf, type Planned, type PlannedCommand, type ResultRef } from './batch-writer.ts';
import { canonicalLines, parseLines, roundTo, rowOfLine, type DocumentLine } from './document-lines.ts';
import { currentPayments, paymentCommands, reconcilePayments } from './invoice-payments.ts';
import {
  INVOICE_DATES, INVOICE_PAYMENTS, INVOICE_READ_ONLY, INVOICE_ROWS, INVOICE_SCALARS, INVOICE_STATUS, invoiceLines, invoiceValue, SMART_INVOICE, type InvoiceState,
} from './invoice-read.ts';
import { moveFor, type Stage, type StatusMap } from './stages.ts';
import { numberOrNull, scalarsOf, textOrNull } from './values.ts';
import { differs } from './write-values.ts';

export interface InvoiceWriteContext {
  /** The pipeline new invoices go to, its stages and the status → stage map. */
  readonly category: string;
  readonly stages: readonly Stage[];
  readonly map: StatusMap;
}

interface InvoiceWrite {
  readonly plain: Record<string, FieldValue>;
  readonly lines: DocumentLine[] | undefined;
  readonly payments: readonly [number, number] | undefined;
  readonly status: string | undefined;
}

function invalid(message: string): SyncError {
  return new SyncError('B24_VALIDATION', `invoices: ${message}`);
}

function parsePayments(value: FieldValue): readonly [number, number] | SyncError {
  if (value === null) return [0, 0];
  const list = Array.isArray(value) ? (value as readonly FieldValue[]) : [];
  const [paid, remaining] = [numberOrNull(list[0] ?? null), numberOrNull(list[1] ?? null)];
  if (list.length !== 2 || paid === null || remaining === null) return invalid(`payments must be [paidAmount, remainingAmount], got ${JSON.stringify(value)}`);
  return [paid, remaining];
}

export function splitInvoiceFields(written: Readonly<Record<string, FieldValue>>): InvoiceWrite | SyncError {
  const plain: Record<string, FieldValue> = {};
  let lines: DocumentLine[] | undefined;
  let payments: readonly [number, number] | undefined;
  let status: string | undefined;
  for (const [path, value] of Object.entries(written)) {
    if ((INVOICE_SCALARS as readonly string[]).includes(path)) plain[path] = value;
    else if (path === INVOICE_ROWS) {
      const parsed = parseLines(value, 'invoice', 'invoices');
      if (parsed instanceof SyncError) return parsed;
      lines = parsed;
    } else if (path === INVOICE_PAYMENTS) {
      const parsed = parsePayments(value);
      if (parsed instanceof SyncError) return parsed;
      payments = parsed;
    } else if (path === INVOICE_STATUS) status = scalarsOf(value)[0];
    else if ((INVOICE_READ_ONLY as readonly string[]).includes(path)) return invalid(`${path} is read only (NAV statuses move the stage through invoiceStatus and entities.invoices.stages)`);
    else return invalid(`"${path}" is not a smart-invoice field path (see fieldPaths())`);
  }
  return { plain, lines, payments, status };
}

function dateOf(value: FieldValue): string | null {
  const text = scalarsOf(value)[0];
  if (text === undefined) return null;
  const date = parseCalendarDate(text);
  return date.ok ? date.value : text;
}

function itemValue(path: string, value: FieldValue): unknown {
  if (INVOICE_DATES.has(path)) return dateOf(value) ?? '';
  const text = scalarsOf(value)[0];
  if (path === 'opportunity' || path === 'taxValue') return numberOrNull(text ?? null) ?? 0;
  return text ?? '';
}

function sameValue(path: string, current: FieldValue, written: FieldValue): boolean {
  if (path === 'opportunity' || path === 'taxValue') {
    const a = numberOrNull(current);
    const b = numberOrNull(scalarsOf(written)[0] ?? null);
    return roundTo(a ?? 0, 2) === roundTo(b ?? 0, 2);
  }
  if (INVOICE_DATES.has(path)) return dateOf(current) === dateOf(written);
  return !differs(current, written);
}

function rowsCommand(id: string | ResultRef, lines: readonly DocumentLine[]): PlannedCommand {
  return { name: 'r', method: 'crm.item.productrow.set', params: { ownerType: 'SI', ownerId: id, productRows: lines.map((l, i) => rowOfLine(l, i, 'item')) } };
}

export function planInvoiceCreate(request: CreateRequest, ctx: InvoiceWriteContext): Planned {
  const write = splitInvoiceFields(request.fields);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const fields: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(write.plain)) fields[path] = itemValue(path, value);
  if ('opportunity' in write.plain) fields['isManualOpportunity'] = 'Y';
  const no = textOrNull(fields['accountNumber']) ?? request.externalId.replace(/^nav:/, '');
  if (textOrNull(fields['title']) === null) fields['title'] = `Invoice ${no}`;
  fields['categoryId'] = Number(ctx.category);
  if (write.status !== undefined) {
    const move = moveFor(ctx.stages, ctx.map, write.status, null, 'any', 'entities.invoices.stages', `smart-invoice pipeline ${ctx.category}`);
    if (move instanceof SyncError) return { ref: request.ref, error: move };
    if (move.to !== undefined) fields['stageId'] = move.to;
  }
  fields['xmlId'] = request.externalId;
  const id = resultOf('c', 'item', 'id');
  const commands: PlannedCommand[] = [{ name: 'c', method: 'crm.item.add', params: { entityTypeId: SMART_INVOICE, fields } }];
  if (write.lines && write.lines.length > 0) commands.push(rowsCommand(id, write.lines));
  if (write.payments) commands.push(...paymentCommands(reconcilePayments([], write.payments[0], write.payments[1]), id));
  return {
    ref: request.ref,
    commands,
    id: (results) => idIn((results['c'] as { item?: { id?: unknown } } | undefined)?.item?.id),
    undo: (created) => [{ name: 'd', method: 'crm.item.delete', params: { entityTypeId: SMART_INVOICE, id: created } }],
  };
}

export function planInvoiceUpdate(request: UpdateRequest, state: InvoiceState | undefined, ctx: InvoiceWriteContext): Planned {
  if (!state) return { ref: request.ref, error: new SyncError('B24_NOT_FOUND', `invoices: smart invoice ${request.id} does not exist`) };
  const write = splitInvoiceFields(request.fields);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const { item } = state;
  const fields: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(write.plain)) {
    if (!sameValue(path, invoiceValue(item, path), value)) fields[path] = itemValue(path, value);
  }
  if ('opportunity' in write.plain && ('opportunity' in fields || item['isManualOpportunity'] !== 'Y')) {
    fields['opportunity'] = itemValue('opportunity', write.plain['opportunity'] ?? null);
    fields['isManualOpportunity'] = 'Y';
  }
  // A stage is moved only within the configured pipeline (an invoice moved to another one by hand stays there).
  if (write.status !== undefined && String(item['categoryId']) === ctx.category) {
    const move = moveFor(ctx.stages, ctx.map, write.status, textOrNull(item['stageId']), 'any', 'entities.invoices.stages', `smart-invoice pipeline ${ctx.category}`);
    if (move instanceof SyncError) return { ref: request.ref, error: move };
    if (move.to !== undefined) fields['stageId'] = move.to;
  }
  const commands: PlannedCommand[] = [];
  if (Object.keys(fields).length > 0) commands.push({ name: 'c', method: 'crm.item.update', params: { entityTypeId: SMART_INVOICE, id: request.id, fields } });
  if (write.lines && !fieldValueEquals(canonicalLines(write.lines, 'invoice'), invoiceLines(state))) commands.push(rowsCommand(request.id, write.lines));
  if (write.payments) commands.push(...paymentCommands(reconcilePayments(currentPayments(state.payments), write.payments[0], write.payments[1]), request.id));
  return { ref: request.ref, commands, id: request.id };
}
