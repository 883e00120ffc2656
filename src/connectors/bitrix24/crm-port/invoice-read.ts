// Reading smart invoices (crm.item.*, entityTypeId 31: camelCase, typed values,
// reference §7.3) with their product rows (crm.item.productrow.list, ownerType SI) and
// payments (crm.item.payment.list), both asked per invoice in the same turn so the client
// packs them into batches.
import { parseCalendarDate } from '../../../core/date.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { B24Client } from '../client.ts';
import type { CrmItem, ItemProductRow, Payment } from '../types.ts';
import type { ListSpec } from './bulk-read.ts';
import { lineOfRow } from './document-lines.ts';
import { paymentsValue } from './invoice-payments.ts';
import { INVOICE_STATUSES, statusOfStage, type StatusMap } from './stages.ts';
import { numberOrNull, textOrNull } from './values.ts';

export const SMART_INVOICE = 31;
export const INVOICE_SCALARS = ['title', 'accountNumber', 'companyId', 'contactId', 'parentId2', 'begindate', 'closedate', 'currencyId', 'opportunity', 'taxValue', 'comments', 'assignedById'] as const;
export const INVOICE_READ_ONLY = ['id', 'stageId', 'categoryId', 'xmlId'] as const;
export const INVOICE_DATES = new Set(['begindate', 'closedate']);
const INVOICE_IDS = new Set(['companyId', 'contactId', 'parentId2', 'assignedById']);
const INVOICE_AMOUNTS = new Set(['opportunity', 'taxValue']);
export const INVOICE_ROWS = 'productRows';
export const INVOICE_PAYMENTS = 'payments';
export const INVOICE_STATUS = 'invoiceStatus';

export const INVOICE_LIST: ListSpec = { method: 'crm.item.list', idField: 'id', params: { entityTypeId: SMART_INVOICE }, select: ['*'] };

export interface InvoiceState {
  readonly item: CrmItem;
  readonly rows: readonly ItemProductRow[];
  readonly payments: readonly Payment[];
}

/** Every row of one owner: crm.item.productrow.list pages by 50 like any list (reference §5). */
async function rowsOfInvoice(client: B24Client, id: number): Promise<ItemProductRow[]> {
  const rows: ItemProductRow[] = [];
  for (let start = 0; ; ) {
    const page = await client.callEnvelope<{ productRows?: ItemProductRow[] }>('crm.item.productrow.list', { filter: { '=ownerType': 'SI', '=ownerId': id }, start });
    rows.push(...(page.result.productRows ?? []));
    if (page.next === undefined || page.next <= start) return rows;
    start = page.next;
  }
}

export async function readInvoiceStates(client: B24Client, items: readonly CrmItem[]): Promise<InvoiceState[]> {
  const [rows, payments] = await Promise.all([
    Promise.all(items.map((item) => rowsOfInvoice(client, item.id))),
    Promise.all(items.map((item) => client.call<Payment[]>('crm.item.payment.list', { entityTypeId: SMART_INVOICE, entityId: item.id }))),
  ]);
  return items.map((item, i) => ({ item, rows: rows[i] ?? [], payments: payments[i] ?? [] }));
}

/** An invoice field in its side form: dates as YYYY-MM-DD, amounts as numbers, ids as strings (0 = none = null). */
export function invoiceValue(item: CrmItem, path: string): FieldValue {
  const raw = item[path];
  if (INVOICE_DATES.has(path)) {
    const text = textOrNull(raw);
    if (text === null) return null;
    const date = parseCalendarDate(text);
    return date.ok ? date.value : text;
  }
  if (INVOICE_AMOUNTS.has(path)) return numberOrNull(raw);
  if (INVOICE_IDS.has(path)) return textOrNull(raw) === '0' ? null : textOrNull(raw);
  return textOrNull(raw);
}

export function invoiceLines(state: InvoiceState): FieldValue[][] {
  return [...state.rows].sort((a, b) => Number(a.sort ?? 0) - Number(b.sort ?? 0) || Number(a.id ?? 0) - Number(b.id ?? 0)).map((r) => lineOfRow(r as unknown as Record<string, unknown>, 'invoice'));
}

export function invoiceRecord(state: InvoiceState, stages: StatusMap): SideRecord {
  const { item } = state;
  const fields: Record<string, FieldValue> = {};
  for (const path of [...INVOICE_READ_ONLY, ...INVOICE_SCALARS]) fields[path] = invoiceValue(item, path);
  fields[INVOICE_ROWS] = invoiceLines(state);
  fields[INVOICE_PAYMENTS] = paymentsValue(state.payments);
  fields[INVOICE_STATUS] = statusOfStage(stages, INVOICE_STATUSES, textOrNull(item['stageId']));
  const version = textOrNull(item.updatedTime);
  return { id: String(item.id), version, modifiedAt: version, fields };
}
