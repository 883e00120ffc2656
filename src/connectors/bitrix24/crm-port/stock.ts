// The stock target: NAV inventory per location → Bitrix24 stores. With inventory
// management on (catalog.document.mode.status), stock only moves through conducted
// store documents (reference §7.6); without it, the product's own `quantity` holds
// the total over all stores.
import { SyncError } from '../../../core/failure.ts';
import type { StockTarget } from '../../../engine/ports.ts';
import type { CatalogStore, StoreProduct } from '../types.ts';
import { listAll, listChunked } from './bulk-read.ts';
import { Lazy } from './dictionaries.ts';
import type { PortContext } from './port-context.ts';
import { moveByDocument, type DocumentSetup, type Move, type MoveResult } from './stock-documents.ts';
import { numericIds, textOrNull } from './values.ts';

type Change = Parameters<StockTarget['apply']>[0][number];
type Outcome = Awaited<ReturnType<StockTarget['apply']>>[number];

interface DocumentTypes {
  readonly receipt: string;
  readonly writeOff: string;
}

/**
 * The document letters are described inconsistently across the docs (reference
 * §7.6, UNCONFIRMED): the receipt is `S` (stock adjustment / "оприходование", no
 * supplier needed) unless the portal names it a write-off, else `A`; the write-off is
 * `D`.
 */
async function documentTypes(ctx: PortContext): Promise<DocumentTypes> {
  const answer = await ctx.client.call<unknown>('catalog.enum.getStoreDocumentTypes', {});
  const list = Array.isArray(answer) ? answer : ((answer as { types?: unknown } | null)?.types ?? []);
  const types = (list as Array<{ id?: unknown; name?: unknown }>).map((t) => ({ id: textOrNull(t.id) ?? '', name: textOrNull(t.name) ?? '' }));
  const s = types.find((t) => t.id === 'S');
  const receipt = s && !/write|списан|deduct/i.test(s.name) ? 'S' : 'A';
  return { receipt, writeOff: 'D' };
}

function isOn(answer: unknown): boolean {
  return answer === true || answer === 'Y' || answer === 1 || answer === '1';
}

export function createStockTarget(ctx: PortContext): StockTarget {
  const { client } = ctx;
  const docTypes = new Lazy(() => documentTypes(ctx));
  const me = new Lazy(async () => Number((await client.call<{ ID?: unknown }>('profile', {})).ID) || undefined);

  async function amounts(productIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
    const rows = await listChunked<StoreProduct>(client, { method: 'catalog.storeproduct.list', idField: 'id', select: ['id', 'productId', 'storeId', 'amount'] }, { inField: 'productId', values: numericIds(productIds) });
    const out = new Map<string, Map<string, number>>();
    for (const r of rows) {
      const stores = out.get(String(r.productId)) ?? new Map<string, number>();
      stores.set(String(r.storeId), Number(r.amount));
      out.set(String(r.productId), stores);
    }
    return out;
  }

  async function byDocuments(changes: readonly Change[], valid: readonly number[]): Promise<MoveResult[]> {
    const [types, responsibleId, catalog] = await Promise.all([docTypes.get(), me.get(), ctx.catalog.get()]);
    const moves = valid.map((index): Move => {
      const c = changes[index] as Change;
      return { index, productId: c.productId, storeId: c.storeId, amount: Math.abs(c.to - c.from) };
    });
    const setup = (direction: 'in' | 'out'): DocumentSetup => ({ docType: direction === 'in' ? types.receipt : types.writeOff, direction, currency: catalog.baseCurrency, responsibleId });
    const up = moves.filter((m) => (changes[m.index] as Change).to > (changes[m.index] as Change).from);
    const down = moves.filter((m) => (changes[m.index] as Change).to < (changes[m.index] as Change).from);
    const [inResults, outResults] = await Promise.all([moveByDocument(client, setup('in'), up, ctx.log), writeOff(setup('out'), down)]);
    return [...inResults, ...outResults];
  }

  /** A write-off refused for short stock is tried again without the short elements (once). */
  async function writeOff(setup: DocumentSetup, moves: readonly Move[]): Promise<MoveResult[]> {
    const results = await moveByDocument(client, setup, moves, ctx.log);
    const refused = results.filter((r) => r.error?.code === 'B24_VALIDATION');
    if (refused.length === 0) return results;
    const now = await amounts(moves.map((m) => m.productId));
    const short = new Map<number, SyncError>();
    for (const m of moves) {
      const available = now.get(m.productId)?.get(m.storeId) ?? 0;
      if (available < m.amount) short.set(m.index, new SyncError('B24_VALIDATION', `stock: product ${m.productId} has ${available} in store ${m.storeId}, ${m.amount} cannot be written off`));
    }
    if (short.size === 0 || short.size === moves.length) return results.map((r) => (short.has(r.index) ? { index: r.index, error: short.get(r.index) as SyncError } : r));
    const retried = await moveByDocument(client, setup, moves.filter((m) => !short.has(m.index) && refused.some((r) => r.index === m.index)), ctx.log);
    const retriedBy = new Map(retried.map((r) => [r.index, r]));
    return results.map((r) => (short.has(r.index) ? { index: r.index, error: short.get(r.index) as SyncError } : (retriedBy.get(r.index) ?? r)));
  }

  /**
   * Without inventory management a product has one quantity and no stores: the
   * engine then sends one change per product (store '' = the total), and the total
   * is written as the product's quantity.
   */
  async function byQuantity(changes: readonly Change[], valid: readonly number[]): Promise<MoveResult[]> {
    const totals = new Map<string, number>();
    for (const i of valid) {
      const c = changes[i] as Change;
      totals.set(c.productId, (totals.get(c.productId) ?? 0) + c.to);
    }
    const products = [...totals.keys()];
    const written = await Promise.allSettled(products.map((id) => client.call('catalog.product.update', { id, fields: { quantity: totals.get(id) ?? 0 } }, { idempotent: true })));
    const errors = new Map(
      products.map((id, i) => {
        const result = written[i];
        return [id, result?.status === 'rejected' ? toSyncError(result.reason) : undefined] as const;
      }),
    );
    return valid.map((index) => {
      const error = errors.get((changes[index] as Change).productId);
      return error ? { index, error } : { index };
    });
  }

  async function mode(): Promise<'documents' | 'quantity'> {
    return isOn(await client.call('catalog.document.mode.status', {})) ? 'documents' : 'quantity';
  }

  return {
    mode,

    async ensureStores(locations, map) {
      const stores = await listAll<CatalogStore>(client, { method: 'catalog.store.list', idField: 'id', select: ['id', 'title', 'code', 'xmlId', 'active'] });
      const out = new Map<string, string>();
      const missing: Array<{ code: string; key: string; name: string }> = [];
      const same = (a: string | null | undefined, b: string): boolean => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();
      for (const loc of locations) {
        // `map` names the store of a location by its code, xmlId or title on the portal.
        const key = map[loc.code] ?? loc.code;
        const found = stores.find((s) => same(s.code, key) || same(s.xmlId, key)) ?? stores.find((s) => same(s.title, key)) ?? (map[loc.code] ? undefined : stores.find((s) => same(s.title, loc.name)));
        if (found) out.set(loc.code, String(found.id));
        else missing.push({ code: loc.code, key, name: loc.name || key });
      }
      const made = await Promise.all(
        missing.map((m) => client.call<{ store: CatalogStore }>('catalog.store.add', { fields: { title: m.name, code: m.key, xmlId: m.key, address: m.name, active: 'Y' } })),
      );
      made.forEach(({ store }, i) => out.set((missing[i] as { code: string }).code, String(store.id)));
      return out;
    },

    amounts,

    async apply(changes) {
      const results: Outcome[] = changes.map((c) => ({ productId: c.productId, storeId: c.storeId, ok: true }));
      const valid: number[] = [];
      changes.forEach((c, i) => {
        if (!Number.isFinite(c.to) || c.to < 0) {
          results[i] = { productId: c.productId, storeId: c.storeId, ok: false, error: new SyncError('B24_VALIDATION', `stock: product ${c.productId} in store ${c.storeId} cannot be set to ${c.to}: stock does not go below zero`) };
        } else if (c.to !== c.from) valid.push(i);
      });
      if (valid.length === 0) return results;
      const moved = (await mode()) === 'documents' ? await byDocuments(changes, valid) : await byQuantity(changes, valid);
      for (const r of moved) {
        const c = changes[r.index] as Change;
        results[r.index] = r.error ? { productId: c.productId, storeId: c.storeId, ok: false, error: r.error } : { productId: c.productId, storeId: c.storeId, ok: true };
      }
      return results;
    },
  };
}

function toSyncError(reason: unknown): SyncError {
  return reason instanceof SyncError ? reason : new SyncError('B24_SERVER_ERROR', String(reason), { cause: reason });
}
