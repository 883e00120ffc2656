// Keyset paging, the export Bitrix24 recommends for large tables (reference §5,
// settings/performance/huge-data): `order ID ASC`, `filter >ID: last`, `start=-1`
// (no COUNT), stop at a short page. Pages come out as they arrive.
import type { B24Client } from './client.ts';

export const PAGE_SIZE = 50;

// Where each list method puts its rows (reference §5, "Result containers differ").
const CONTAINERS: Record<string, string> = {
  'crm.item.list': 'items',
  'crm.item.productrow.list': 'productRows',
  'crm.category.list': 'categories',
  'catalog.product.list': 'products',
  'catalog.price.list': 'prices',
  'catalog.section.list': 'sections',
  'catalog.store.list': 'stores',
  'catalog.storeproduct.list': 'storeProducts',
  'catalog.document.list': 'documents',
  'catalog.document.element.list': 'documentElements',
  'catalog.catalog.list': 'catalogs',
  'catalog.measure.list': 'measures',
  'catalog.vat.list': 'vats',
  'catalog.pricetype.list': 'priceTypes',
  'catalog.productproperty.list': 'productProperties',
};

export interface KeysetOptions {
  /** Extra top-level parameters (`entityTypeId`, `useOriginalUfNames`, …). */
  readonly params?: Record<string, unknown>;
  readonly filter?: Record<string, unknown>;
  readonly select?: readonly string[];
  /** `ID` for legacy crm.*, `id` for crm.item.* and catalog.* (the default follows the method). */
  readonly idField?: string;
  /** Resume after this id. */
  readonly after?: number;
}

/** Rows of one page of any list method, whatever container it uses. */
export function rowsOf<T>(method: string, result: unknown): T[] {
  const container = CONTAINERS[method.toLowerCase()];
  const rows = container && result !== null && typeof result === 'object' && !Array.isArray(result) ? (result as Record<string, unknown>)[container] : result;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

export function defaultIdField(method: string): string {
  return method.startsWith('crm.item.') || method.startsWith('catalog.') || method.startsWith('crm.category.') ? 'id' : 'ID';
}

export async function* keysetPages<T extends object>(client: B24Client, method: string, options: KeysetOptions = {}): AsyncGenerator<T[]> {
  const idField = options.idField ?? defaultIdField(method);
  const lower = idField === 'id';
  let after = options.after ?? 0;
  for (;;) {
    const params: Record<string, unknown> = {
      ...options.params,
      order: { [idField]: lower ? 'asc' : 'ASC' },
      filter: { ...options.filter, [`>${idField}`]: after },
      start: -1,
      ...(options.select ? { select: [...new Set([idField, ...options.select])] } : {}),
    };
    const envelope = await client.callEnvelope(method, params);
    const rows = rowsOf<T>(method, envelope.result);
    if (rows.length > 0) {
      yield rows;
      const last = Number((rows[rows.length - 1] as Record<string, unknown>)[idField]);
      if (!Number.isFinite(last) || last <= after) {
        throw new Error(`${method}: keyset paging did not advance (last ${idField} ${String(last)} after ${after}); is the order on ${idField} honoured?`);
      }
      after = last;
    }
    if (rows.length < PAGE_SIZE) return;
  }
}

/** Every row, page by page, as one async iterator. */
export async function* keysetRows<T extends object>(client: B24Client, method: string, options: KeysetOptions = {}): AsyncGenerator<T> {
  for await (const page of keysetPages<T>(client, method, options)) yield* page;
}
