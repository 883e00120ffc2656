// Reading deals with their product rows, in bulk: a page of crm.deal.list, then
// crm.deal.productrows.get for each deal, all in the same turn so the client packs
// them into batches of 50 (reference §4). Multiple user fields (UF_CRM_B24NAV_SHIPMENTS)
// are named in the select: `UF_*` leaves them out (reference §6).
import { parseCalendarDate } from '../../../core/date.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { B24Client } from '../client.ts';
import type { FieldDescription, LegacyDeal, LegacyProductRow } from '../types.ts';
import type { ListSpec } from './bulk-read.ts';
import { userFieldNames } from './dictionaries.ts';
import { lineOfRow } from './document-lines.ts';
import { ORDER_STATUSES, statusOfStage, type StatusMap } from './stages.ts';
import { numberOrNull, textOrNull, userFieldValue } from './values.ts';

/** Deal fields b24nav reads and writes as they are (besides user fields and the virtual paths). */
export const DEAL_SCALARS = ['TITLE', 'COMPANY_ID', 'CONTACT_ID', 'ASSIGNED_BY_ID', 'CURRENCY_ID', 'OPPORTUNITY', 'BEGINDATE', 'CLOSEDATE', 'COMMENTS', 'TYPE_ID', 'SOURCE_ID'] as const;
/** Always in a deal's record (the engine's create filter reads the stage), never written. */
export const DEAL_READ_ONLY = ['ID', 'STAGE_ID', 'CATEGORY_ID'] as const;
export const DEAL_DATES = new Set(['BEGINDATE', 'CLOSEDATE']);
/** Ids that mean "none" when 0 (the portal answers "0" or null). */
const DEAL_IDS = new Set(['COMPANY_ID', 'CONTACT_ID']);
/** Where a refused or waiting order shows its reason (annotate). */
export const SYNC_STATUS_FIELD = 'UF_CRM_B24NAV_SYNC_STATUS';
export const PRODUCT_ROWS = 'productRows';
export const NAV_STATUS = 'navStatus';

export function dealListSpec(fields: Readonly<Record<string, FieldDescription>>): ListSpec {
  const multiple = userFieldNames(fields).filter((name) => fields[name]?.isMultiple === true);
  return { method: 'crm.deal.list', idField: 'ID', select: ['*', 'UF_*', ...multiple] };
}

export interface DealState {
  readonly row: LegacyDeal;
  readonly rows: readonly LegacyProductRow[];
}

export async function readDealStates(client: B24Client, rows: readonly LegacyDeal[]): Promise<DealState[]> {
  const productRows = await Promise.all(rows.map((row) => client.call<LegacyProductRow[]>('crm.deal.productrows.get', { id: row.ID })));
  return rows.map((row, i) => ({ row, rows: productRows[i] ?? [] }));
}

/** A deal field in its side form: dates as YYYY-MM-DD, the amount as a number, no company as null. */
export function dealValue(row: LegacyDeal, path: string): FieldValue {
  const raw = row[path];
  if (DEAL_DATES.has(path)) {
    const text = textOrNull(raw);
    if (text === null) return null;
    const date = parseCalendarDate(text);
    return date.ok ? date.value : text;
  }
  if (path === 'OPPORTUNITY') return numberOrNull(raw);
  if (DEAL_IDS.has(path)) return textOrNull(raw) === '0' ? null : textOrNull(raw);
  return path.startsWith('UF_') ? userFieldValue(raw) : textOrNull(raw);
}

export function dealLines(state: DealState): FieldValue[][] {
  return [...state.rows].sort((a, b) => Number(a.SORT ?? 0) - Number(b.SORT ?? 0) || Number(a.ID ?? 0) - Number(b.ID ?? 0)).map((r) => lineOfRow(r as unknown as Record<string, unknown>, 'order'));
}

/** The NAV status the deal's stage stands for in its pipeline's map, or null. */
export function dealNavStatus(row: LegacyDeal, stages: Readonly<Record<string, StatusMap>>): string | null {
  const map = stages[textOrNull(row.CATEGORY_ID) ?? '0'] ?? {};
  return statusOfStage(map, ORDER_STATUSES, textOrNull(row.STAGE_ID));
}

export function dealRecord(state: DealState, fields: Readonly<Record<string, FieldDescription>>, stages: Readonly<Record<string, StatusMap>>): SideRecord {
  const { row } = state;
  const out: Record<string, FieldValue> = {};
  for (const path of [...DEAL_READ_ONLY, ...DEAL_SCALARS]) out[path] = dealValue(row, path);
  out['CATEGORY_ID'] = textOrNull(row.CATEGORY_ID) ?? '0';
  const ufs = new Set([SYNC_STATUS_FIELD, ...userFieldNames(fields), ...Object.keys(row).filter((k) => k.startsWith('UF_CRM_'))]);
  for (const uf of ufs) out[uf] = dealValue(row, uf);
  out[PRODUCT_ROWS] = dealLines(state);
  out[NAV_STATUS] = dealNavStatus(row, stages);
  const version = textOrNull(row.DATE_MODIFY);
  return { id: String(row.ID), version, modifiedAt: version, fields: out };
}
