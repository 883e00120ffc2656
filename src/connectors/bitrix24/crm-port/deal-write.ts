// Deal writes as batch plans: `c` the deal (crm.deal.add / crm.deal.update), `r` its
// product rows (crm.deal.productrows.set, replace-all, reference §7.4) with
// `id=$result[c]` on a create, so a deal and its rows are one unit and a create whose
// rows fail is undone. An update sends only what differs from the deal as it is: an
// unchanged deal is not touched and its DATE_MODIFY does not move.
// OPPORTUNITY is written as a manual amount (IS_MANUAL_OPPORTUNITY = Y): NAV's total is
// the book of record, B24's own sum of the rows may differ by a cent. `navStatus` moves
// the stage through the pipeline's map (stages.ts).
import { parseCalendarDate } from '../../../core/date.ts';
import { SyncError } from '../../../core/failure.ts';
import { fieldValueEquals, type FieldValue } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest } from '../../../engine/ports.ts';
import type { FieldDescription } from '../types.ts';
import { idIn, resultOf, type Planned, type PlannedCommand } from './batch-writer.ts';
import { ORIGINATOR } from './company-write.ts';
import { DEAL_DATES, DEAL_READ_ONLY, DEAL_SCALARS, dealLines, dealValue, NAV_STATUS, PRODUCT_ROWS, type DealState } from './deal-read.ts';
import type { OrdersSettings } from './document-options.ts';
import { canonicalLines, parseLines, roundTo, rowOfLine, type DocumentLine } from './document-lines.ts';
import { checkStage, moveFor, type Stage } from './stages.ts';
import { numberOrNull, scalarsOf, textOrNull } from './values.ts';
import { differs, writableValue } from './write-values.ts';

export interface DealWriteContext {
  readonly fields: Readonly<Record<string, FieldDescription>>;
  readonly settings: OrdersSettings;
  /** Stages of the pipelines the requests touch, by category id. */
  readonly stages: ReadonlyMap<string, readonly Stage[]>;
}

interface DealWrite {
  readonly plain: Record<string, FieldValue>;
  readonly lines: DocumentLine[] | undefined;
  readonly status: string | undefined;
}

function invalid(message: string): SyncError {
  return new SyncError('B24_VALIDATION', `orders: ${message}`);
}

/** Sorts written paths by where they go; an unknown path is the record's error, not silence (reference §9.5). */
export function splitDealFields(written: Readonly<Record<string, FieldValue>>, fields: Readonly<Record<string, FieldDescription>>): DealWrite | SyncError {
  const plain: Record<string, FieldValue> = {};
  let lines: DocumentLine[] | undefined;
  let status: string | undefined;
  for (const [path, value] of Object.entries(written)) {
    if ((DEAL_SCALARS as readonly string[]).includes(path) || (path.startsWith('UF_CRM_') && path in fields)) plain[path] = value;
    else if (path === PRODUCT_ROWS) {
      const parsed = parseLines(value, 'order', 'orders');
      if (parsed instanceof SyncError) return parsed;
      lines = parsed;
    } else if (path === NAV_STATUS) status = scalarsOf(value)[0];
    else if ((DEAL_READ_ONLY as readonly string[]).includes(path)) return invalid(`${path} is read only (NAV statuses move the stage through navStatus and entities.orders.stages)`);
    else return invalid(`"${path}" is not a Bitrix24 deal field path (see fieldPaths(); user fields must exist on the portal)`);
  }
  return { plain, lines, status };
}

function dateOf(value: FieldValue): string | null {
  const text = scalarsOf(value)[0];
  if (text === undefined) return null;
  const date = parseCalendarDate(text);
  return date.ok ? date.value : text;
}

/** The value for `fields`: dates as YYYY-MM-DD, an empty list clears a multiple field. */
function portalValue(path: string, value: FieldValue, fields: Readonly<Record<string, FieldDescription>>): unknown {
  if (DEAL_DATES.has(path)) return dateOf(value) ?? '';
  if (Array.isArray(value) && scalarsOf(value).length === 0) return '';
  return writableValue(value, fields[path]);
}

function sameValue(path: string, current: FieldValue, written: FieldValue): boolean {
  if (path === 'OPPORTUNITY') {
    const a = numberOrNull(current);
    const b = numberOrNull(scalarsOf(written)[0] ?? null);
    return a === null || b === null ? a === b : roundTo(a, 2) === roundTo(b, 2);
  }
  if (DEAL_DATES.has(path)) return dateOf(current) === dateOf(written);
  return !differs(current, written);
}

function rowsCommand(id: string | ReturnType<typeof resultOf>, lines: readonly DocumentLine[]): PlannedCommand {
  return { name: 'r', method: 'crm.deal.productrows.set', params: { id, rows: lines.map((l, i) => rowOfLine(l, i, 'legacy')) } };
}

export function planDealCreate(request: CreateRequest, ctx: DealWriteContext): Planned {
  const write = splitDealFields(request.fields, ctx.fields);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const { category, stage: start } = ctx.settings.fromNav;
  const stages = ctx.stages.get(category) ?? [];
  const pipeline = `deal pipeline ${category}`;
  const bad = checkStage(stages, start, 'entities.orders.fromNav.stage', pipeline);
  if (bad) return { ref: request.ref, error: bad };
  let stage = start;
  if (write.status !== undefined) {
    const move = moveFor(stages, ctx.settings.stages[category] ?? {}, write.status, start, ctx.settings.stageMoves, `entities.orders.stages.${category}`, pipeline);
    if (move instanceof SyncError) return { ref: request.ref, error: move };
    stage = move.to ?? start;
  }
  const fields: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(write.plain)) fields[path] = portalValue(path, value, ctx.fields);
  if ('OPPORTUNITY' in write.plain) fields['IS_MANUAL_OPPORTUNITY'] = 'Y';
  const orderNo = scalarsOf(write.plain['UF_CRM_B24NAV_ORDER_NO'] ?? null)[0] ?? request.externalId.replace(/^nav:/, '');
  if (textOrNull(fields['TITLE']) === null) fields['TITLE'] = `NAV order ${orderNo}`;
  Object.assign(fields, { CATEGORY_ID: Number(category), STAGE_ID: stage, ORIGINATOR_ID: ORIGINATOR, ORIGIN_ID: request.externalId });
  const commands: PlannedCommand[] = [{ name: 'c', method: 'crm.deal.add', params: { fields } }];
  if (write.lines && write.lines.length > 0) commands.push(rowsCommand(resultOf('c'), write.lines));
  return {
    ref: request.ref,
    commands,
    id: (results) => idIn(results['c']),
    undo: (id) => [{ name: 'd', method: 'crm.deal.delete', params: { id } }],
  };
}

export function planDealUpdate(request: UpdateRequest, state: DealState | undefined, ctx: DealWriteContext): Planned {
  if (!state) return { ref: request.ref, error: new SyncError('B24_NOT_FOUND', `orders: deal ${request.id} does not exist`) };
  const write = splitDealFields(request.fields, ctx.fields);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const { row } = state;
  const fields: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(write.plain)) {
    if (!sameValue(path, dealValue(row, path), value)) fields[path] = portalValue(path, value, ctx.fields);
  }
  if ('OPPORTUNITY' in write.plain && ('OPPORTUNITY' in fields || textOrNull(row.IS_MANUAL_OPPORTUNITY) !== 'Y')) {
    fields['OPPORTUNITY'] = portalValue('OPPORTUNITY', write.plain['OPPORTUNITY'] ?? null, ctx.fields);
    fields['IS_MANUAL_OPPORTUNITY'] = 'Y';
  }
  if (write.status !== undefined) {
    const category = textOrNull(row.CATEGORY_ID) ?? '0';
    const map = ctx.settings.stages[category] ?? {};
    const move = moveFor(ctx.stages.get(category) ?? [], map, write.status, textOrNull(row.STAGE_ID), ctx.settings.stageMoves, `entities.orders.stages.${category}`, `deal pipeline ${category}`);
    if (move instanceof SyncError) return { ref: request.ref, error: move };
    if (move.to !== undefined) fields['STAGE_ID'] = move.to;
  }
  const commands: PlannedCommand[] = [];
  if (Object.keys(fields).length > 0) commands.push({ name: 'c', method: 'crm.deal.update', params: { id: request.id, fields } });
  if (write.lines && !fieldValueEquals(canonicalLines(write.lines, 'order'), dealLines(state))) commands.push(rowsCommand(request.id, write.lines));
  return { ref: request.ref, commands, id: request.id };
}
