// Products and stock end to end (issue 4): NAV items → B24 catalog products with
// price, unit, category and VAT; blocked items deactivated; NAV inventory per
// location → B24 stores through conducted documents, or product quantity.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { getLinkByNav, listJobs } from '../../src/store/index.ts';
import { startE2E, type E2E } from './setup.ts';

describe('products and stock end to end', () => {
  let e: E2E;
  before(async () => {
    e = await startE2E({ config: { entities: { customers: { enabled: true }, contacts: { enabled: false } } } });
  });
  after(async () => e.close());

  async function items(): Promise<Array<Record<string, unknown> & { No: string }>> {
    const out: Array<Record<string, unknown> & { No: string }> = [];
    for await (const page of e.app.nav.items.pages()) out.push(...(page as unknown as Array<Record<string, unknown> & { No: string }>));
    return out;
  }

  function product(no: string): (Record<string, unknown> & { id: number }) | undefined {
    return [...e.b24.portal.state.products.values()].find((p) => p.xmlId === no) as (Record<string, unknown> & { id: number }) | undefined;
  }

  it('creates a product for every item with article, price, unit, section and VAT', async () => {
    const report = await e.app.engine.syncOnce();
    assert.equal(report.entities['products']?.dead ?? 0, 0, JSON.stringify(await listJobs(e.app.store.db, { state: 'dead', limit: 5 })));
    const all = await items();
    assert.ok(all.length >= 8);
    for (const item of all) {
      const p = product(item.No);
      assert.ok(p, `item ${item.No} has a product`);
      assert.equal(p.name, item['Description']);
      assert.equal((p.properties as Record<string, unknown>)['98'], item.No, 'No. as the article');
      const price = [...e.b24.portal.state.prices.values()].find((x) => x.productId === p.id && x.catalogGroupId === 1);
      assert.equal(price?.price, item['Unit_Price']);
      assert.equal(p.active, item['Blocked'] ? 'N' : 'Y');
      if (item['Item_Category_Code']) {
        const section = e.b24.portal.state.sections.get(p.iblockSectionId as number);
        assert.equal(section?.xmlId, item['Item_Category_Code']);
      }
    }
  });

  it('puts NAV stock per location into B24 stores, and moves only what changed', async () => {
    const all = await items();
    const item = all.find((i) => product(i.No)) as { No: string };
    e.nav.sandbox.adjustInventory({ itemNo: item.No, locationCode: 'BLUE', quantity: 17 });
    await e.app.engine.syncOnce();
    const p = product(item.No) as { id: number };
    const blue = [...e.b24.portal.state.stores.values()].find((s) => s.code === 'BLUE' || s.title === 'BLUE' || s.xmlId === 'BLUE');
    assert.ok(blue, 'a store for location BLUE');
    const navLevels: Array<{ itemNo: string; location: string; quantity: number }> = [];
    for await (const page of e.app.erp.stock.levels()) navLevels.push(...page);
    const expected = navLevels.find((l) => l.itemNo === item.No && l.location === 'BLUE')?.quantity;
    const amount = [...e.b24.portal.state.storeProducts.values()].find((s) => s.productId === p.id && s.storeId === blue.id)?.amount;
    assert.equal(amount, expected);
    const docs = e.b24.portal.state.documents.size;
    await e.app.engine.syncOnce();
    assert.equal(e.b24.portal.state.documents.size, docs, 'no document when nothing moved');
  });

  it('deactivates a product whose item is blocked, and follows a price change', async () => {
    const item = (await items())[0] as { No: string };
    e.nav.sandbox.edit({ page: 'Item', key: { No: item.No }, fields: { Blocked: true, Unit_Price: 1234.5 } });
    await e.app.engine.syncOnce();
    const p = product(item.No) as { id: number; active: string };
    assert.equal(p.active, 'N');
    assert.equal([...e.b24.portal.state.prices.values()].find((x) => x.productId === p.id && x.catalogGroupId === 1)?.price, 1234.5);
    assert.equal((await getLinkByNav(e.app.store.db, 'products', item.No))?.state, 'active');
  });

  it('without inventory management writes the total stock as the product quantity', async () => {
    b24Admin.setInventoryManagement(e.b24.portal, false);
    try {
      const item = (await items())[1] as { No: string };
      e.nav.sandbox.adjustInventory({ itemNo: item.No, locationCode: 'RED', quantity: 5 });
      await e.app.engine.syncOnce();
      const total: number[] = [];
      for await (const page of e.app.erp.stock.levels()) total.push(...page.filter((l) => l.itemNo === item.No).map((l) => l.quantity));
      assert.equal(product(item.No)?.['quantity'], total.reduce((a, b) => a + b, 0));
    } finally {
      b24Admin.setInventoryManagement(e.b24.portal, true);
    }
  });
});
