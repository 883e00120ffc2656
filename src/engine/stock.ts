// Stock (issue 4): NAV inventory per item and location → B24 stores and stock.
// A full pass compares NAV's quantities with what was last written (stock links:
// b24_id "<product>:<store>", nav_key "<item>:<location>", nav_hash the quantity)
// and moves only what changed, through conducted documents or product quantity.
import { SyncError } from '../core/failure.ts';
import type { Logger } from '../core/log.ts';
import { getLinksByNav, insertLink, updateLink, appendHistoryMany, type Db, type NewHistoryEntry } from '../store/index.ts';
import type { Config } from '../config/schema.ts';
import type { StockLevel, StockSource, StockTarget } from './ports.ts';

export interface StockReport {
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

export async function syncStock(ctx: StockContext, config: Config['entities']['stock'], source: StockSource, target: StockTarget): Promise<StockReport> {
  const locations = await source.locations();
  const stores = await target.ensureStores(locations, config.locations);
  let levels = 0;
  let changed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const page of source.levels()) {
    levels += page.length;
    const itemLinks = await getLinksByNav(ctx.db, 'products', [...new Set(page.map((l) => l.itemNo))]);
    const keys = page.map(stockKey);
    const links = await getLinksByNav(ctx.db, ENTITY, keys);
    const wanted: Array<{ level: StockLevel; productId: string; storeId: string }> = [];
    for (const level of page) {
      const product = itemLinks.get(level.itemNo);
      const storeId = level.location === '' ? (config.blankLocationStore ? stores.get(config.blankLocationStore) : undefined) : stores.get(level.location);
      if (product?.state !== 'active' || !product.b24Id || !storeId) {
        skipped++;
        continue;
      }
      const link = links.get(stockKey(level));
      if (link && link.navHash === quantityHash(level.quantity) && link.b24Id === `${product.b24Id}:${storeId}`) continue;
      wanted.push({ level, productId: product.b24Id, storeId });
    }
    if (wanted.length === 0) continue;
    const amounts = await target.amounts([...new Set(wanted.map((w) => w.productId))]);
    const changes = wanted
      .map((w) => ({ ...w, from: amounts.get(w.productId)?.get(w.storeId) ?? 0 }))
      .filter((w) => Math.abs(w.from - w.level.quantity) > 1e-9);
    const outcomes = changes.length > 0 ? await target.apply(changes.map((c) => ({ productId: c.productId, storeId: c.storeId, from: c.from, to: c.level.quantity }))) : [];
    const history: NewHistoryEntry[] = [];
    for (const w of wanted) {
      const outcome = outcomes.find((o) => o.productId === w.productId && o.storeId === w.storeId);
      if (outcome && !outcome.ok) {
        failed++;
        const error = outcome.error ?? new SyncError('B24_VALIDATION', 'stock move failed');
        history.push({ at: ctx.now(), entity: ENTITY, action: 'failed', navKey: stockKey(w.level), b24Id: `${w.productId}:${w.storeId}`, message: error.message, error: error.toJSON() as never, runId: ctx.runId });
        continue;
      }
      const change = changes.find((c) => c === w || (c.productId === w.productId && c.storeId === w.storeId));
      if (change) {
        changed++;
        history.push({
          at: ctx.now(),
          entity: ENTITY,
          action: 'updated',
          direction: 'nav_to_b24',
          navKey: stockKey(w.level),
          b24Id: `${w.productId}:${w.storeId}`,
          fields: { quantity: { from: change.from, to: w.level.quantity } },
          runId: ctx.runId,
        });
      }
      await remember(ctx, links.get(stockKey(w.level)), w.level, `${w.productId}:${w.storeId}`);
    }
    await appendHistoryMany(ctx.db, history);
  }
  return { levels, changed, failed, skipped };
}

function stockKey(level: StockLevel): string {
  return `${level.itemNo}:${level.location}`;
}

function quantityHash(quantity: number): string {
  return quantity.toFixed(5);
}

async function remember(ctx: StockContext, link: Awaited<ReturnType<typeof getLinksByNav>> extends Map<string, infer L> ? L | undefined : never, level: StockLevel, b24Id: string): Promise<void> {
  const now = ctx.now();
  if (link) {
    await updateLink(ctx.db, link.id, { navHash: quantityHash(level.quantity), b24Id, lastSyncedAt: now }, { now });
  } else {
    await insertLink(ctx.db, { entity: ENTITY, state: 'active', navKey: stockKey(level), b24Id, navHash: quantityHash(level.quantity), lastSyncedAt: now }, now);
  }
}
