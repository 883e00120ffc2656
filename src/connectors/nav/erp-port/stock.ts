// stock = NAV inventory per item and location: the item-by-location page (a
// published Stockkeeping Unit List, docs/sandbox.md) read page by page, and the
// Locations page. A StockLevel has no variant, so the variants of an item at a
// location are added up; rows come in key order (Location, Item, Variant), so a
// group is complete when the next one starts, also across NAV's pages.
import type { StockLevel, StockSource } from '../../../engine/ports.ts';
import type { NavClient } from '../client.ts';
import { loose } from './nav-page.ts';

const QUANTITY_PRECISION = 1e5; // NAV quantities have at most 5 decimals.

export function createStockSource(client: NavClient): StockSource {
  const stock = loose(client.itemStock);
  const locations = loose(client.locations);
  return {
    async *levels(): AsyncIterable<readonly StockLevel[]> {
      let open: StockLevel | undefined;
      for await (const rows of stock.pages({ select: ['Item_No', 'Location_Code', 'Variant_Code', 'Inventory'] })) {
        const done: StockLevel[] = [];
        for (const row of rows) {
          const itemNo = String(row['Item_No'] ?? '');
          const location = String(row['Location_Code'] ?? '');
          const quantity = Number(row['Inventory'] ?? 0);
          if (open && open.itemNo === itemNo && open.location === location) {
            open = { itemNo, location, quantity: Math.round((open.quantity + quantity) * QUANTITY_PRECISION) / QUANTITY_PRECISION };
            continue;
          }
          if (open) done.push(open);
          open = { itemNo, location, quantity };
        }
        if (done.length > 0) yield done;
      }
      if (open) yield [open];
    },
    async locations() {
      const out: Array<{ code: string; name: string }> = [];
      for await (const rows of locations.pages({ select: ['Code', 'Name'] })) for (const row of rows) out.push({ code: String(row['Code'] ?? ''), name: String(row['Name'] ?? '') });
      return out;
    },
  };
}
