// Stock (issue 4): NAV inventory per item and location → B24 stores and stock.
// A pass compares NAV's quantities with what was last written (stock links) and
// moves only what changed:
// - with inventory management, per store, through conducted documents — stock links
//   b24_id "<product>:<store>", nav_key "<item>:<location>", nav_hash the quantity;
// - without it, B24 has one quantity per product: the total over NAV's locations —
//   stock links b24_id "<product>:", nav_key "<item>:*".
// Only items linked as products are written; a location without a store gets one.
import { SyncError } from '../core/failure.ts';
import type { Logger } from '../core/log.ts';
import { appendHistoryMany, getLinksByNav, insertLink, updateLink, type Db, type Link, type NewHistoryEntry } from '../store/index.ts';
import type { Config } from '../config/schema.ts';
import type { StockLevel, StockSource, StockTarget } from './ports.ts';

export interface StockReport {
  readonly mode: 'documents' | 'quantity';
  readonly levels: number;
  readonly changed: number;
  readonly failed: number;
  readonly skipped: number;
}

export interface StockContext {
  readonly db: Db;
  readonly now: () => number;
  readonly log: Logger;
  readonly runId: number | null;
}

const ENTITY = 'stock';
const TOTAL_LOCATION = '*';
const CHUNK = 500;

interface Wanted {
  readonly itemNo: string;
  readonly location: string;
  readonly quantity: number;
  readonly productId: string;
  readonly storeId: string;
}

export async function syncStock(ctx: StockContext, config: Config['entities']['stock'], source: StockSource, target: StockTarget): Promise<StockReport> {
  const mode = await target.mode();
  const counts = { levels: 0, changed: 0, failed: 0, skipped: 0 };
  if (mode === 'documents') {
    const locations = [...(await source.locations())];
    const map: Record<string, string> = { ...config.locations };
    // Stock outside any location (blank code) goes to the named store, if one is configured.
    if (config.blankLocationStore) {
      locations.push({ code: '', name: config.blankLocationStore });
      map[''] = config.blankLocationStore;
    }
    const stores = await target.ensureStores(locations, map);
    for await (const page of source.levels()) {
      counts.levels += page.length;
      await applyPage(ctx, target, page.map((l) => ({ ...l, storeId: stores.get(l.location) })), counts);
    }
  } else {
    // One quantity per product: the sum over every location (a page may end mid-item).
    const totals = new Map<string, number>();
    for await (const page of source.levels()) {
      counts.levels += page.length;
      for (const l of page) totals.set(l.itemNo, (totals.get(l.itemNo) ?? 0) + l.quantity);
    }
    const all = [...totals].map(([itemNo, quantity]) => ({ itemNo, location: TOTAL_LOCATION, quantity, storeId: '' }));
    for (let i = 0; i < all.length; i += CHUNK) await applyPage(ctx, target, all.slice(i, i + CHUNK), counts);
  }
  return { mode, ...counts };
}

async function applyPage(
  ctx: StockContext,
  target: StockTarget,
  levels: ReadonlyArray<StockLevel & { readonly storeId: string | undefined }>,
  counts: { changed: number; failed: number; skipped: number },
): Promise<void> {
  const products = await getLinksByNav(ctx.db, 'products', [...new Set(levels.map((l) => l.itemNo))]);
  const links = await getLinksByNav(ctx.db, ENTITY, levels.map(stockKey));
  const wanted: Wanted[] = [];
  for (const level of levels) {
    const product = products.get(level.itemNo);
    if (product?.state !== 'active' || !product.b24Id || level.storeId === undefined) {
      counts.skipped++;
      continue;
    }
    const link = links.get(stockKey(level));
    const b24Id = `${product.b24Id}:${level.storeId}`;
    if (link && link.navHash === quantityHash(level.quantity) && link.b24Id === b24Id) continue;
    wanted.push({ itemNo: level.itemNo, location: level.location, quantity: level.quantity, productId: product.b24Id, storeId: level.storeId });
  }
  if (wanted.length === 0) return;
  const current = wanted[0]?.storeId === '' ? new Map<string, Map<string, number>>() : await target.amounts([...new Set(wanted.map((w) => w.productId))]);
  const changes = wanted
    .map((w) => ({ w, from: current.get(w.productId)?.get(w.storeId) ?? 0 }))
    .filter(({ w, from }) => w.storeId === '' || Math.abs(from - w.quantity) > 1e-9);
  const outcomes = changes.length > 0 ? await target.apply(changes.map(({ w, from }) => ({ productId: w.productId, storeId: w.storeId, from, to: w.quantity }))) : [];
  const history: NewHistoryEntry[] = [];
  for (const w of wanted) {
    const outcome = outcomes.find((o) => o.productId === w.productId && o.storeId === w.storeId);
    const change = changes.find((c) => c.w === w);
    const at = ctx.now();
    const ids = { navKey: stockKey(w), b24Id: `${w.productId}:${w.storeId}` };
    if (outcome && !outcome.ok) {
      counts.failed++;
      const error = outcome.error ?? new SyncError('B24_VALIDATION', 'stock move failed');
      history.push({ at, entity: ENTITY, action: 'failed', ...ids, message: error.message, error: error.toJSON() as never, runId: ctx.runId });
      continue;
    }
    if (change) {
      counts.changed++;
      history.push({ at, entity: ENTITY, action: 'updated', direction: 'nav_to_b24', ...ids, fields: { quantity: { from: change.from, to: w.quantity } }, runId: ctx.runId });
    }
    await remember(ctx, links.get(stockKey(w)), stockKey(w), ids.b24Id, w.quantity);
  }
  await appendHistoryMany(ctx.db, history);
}

function stockKey(level: { readonly itemNo: string; readonly location: string }): string {
  return `${level.itemNo}:${level.location}`;
}

function quantityHash(quantity: number): string {
  return quantity.toFixed(5);
}

async function remember(ctx: StockContext, link: Link | undefined, navKey: string, b24Id: string, quantity: number): Promise<void> {
  const now = ctx.now();
  if (link) await updateLink(ctx.db, link.id, { navHash: quantityHash(quantity), b24Id, lastSyncedAt: now }, { now });
  else await insertLink(ctx.db, { entity: ENTITY, state: 'active', navKey, b24Id, navHash: quantityHash(quantity), lastSyncedAt: now }, now);
}
