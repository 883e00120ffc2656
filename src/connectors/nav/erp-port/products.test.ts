// ErpPort products and stock on both transports: items as records (booleans,
// option captions, FlowFields read-only), writes the Item page allows, and the
// stock source: quantities per item and location, the blank location included.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { StockLevel } from '../../../engine/ports.ts';
import { drain, failed, startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

async function allLevels(f: PortFixture): Promise<StockLevel[]> {
  const out: StockLevel[] = [];
  for await (const page of f.port.stock.levels()) out.push(...page);
  return out;
}

for (const transport of TRANSPORTS) {
  describe(`ErpPort products and stock over ${transport}`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport);
    });
    after(async () => f.close());

    it('reads items with typed values: Blocked a boolean, Type a caption, Inventory a number', async () => {
      const desk = (await f.port.products.fetch(['1896-S'])).get('1896-S');
      assert.equal(desk?.fields['Description'], 'ATHENS Desk');
      assert.equal(desk?.fields['Blocked'], false);
      assert.equal(desk?.fields['Type'], 'Inventory');
      assert.equal(desk?.fields['Base_Unit_of_Measure'], 'PCS');
      assert.equal(typeof desk?.fields['Unit_Price'], 'number');
      assert.equal(typeof desk?.fields['Inventory'], 'number');
      const { records } = await drain(f.port.products.scanChanges(null));
      assert.equal(records.length, 33);
    });

    it('creates and updates items with what the page lets a caller write; Inventory is refused', async () => {
      const [created, refused] = await f.port.products.create([
        { ref: 'a', externalId: 'p1', fields: { No: 'B24-0001', Description: 'Bitrix Chair', Base_Unit_of_Measure: 'pcs', Unit_Price: 99.5, Blocked: false } },
        { ref: 'b', externalId: 'p2', fields: { No: 'B24-0002', Description: 'Stocked', Inventory: 10 } },
      ]);
      const item = written(created);
      assert.deepEqual([item.id, item.fields['Base_Unit_of_Measure'], item.fields['Unit_Price']], ['B24-0001', 'PCS', 99.5]);
      assert.match(failed(refused).message, /Inventory is read-only/);
      const blocked = written((await f.port.products.update([{ ref: 'u', id: 'B24-0001', version: item.version, fields: { Blocked: true, Unit_Price: 120 } }]))[0]);
      assert.deepEqual([blocked.fields['Blocked'], blocked.fields['Unit_Price'], blocked.fields['Description']], [true, 120, 'Bitrix Chair']);
      const paths = new Map((await f.port.products.fieldPaths()).map((p) => [p.path, p]));
      assert.deepEqual(paths.get('Inventory'), { path: 'Inventory', writable: false });
      assert.deepEqual(paths.get('Description'), { path: 'Description', writable: true, maxLength: 50 });
    });

    it('stock levels: quantity per item and location, adding up to the item inventory', async () => {
      const levels = await allLevels(f);
      assert.ok(levels.length > 0);
      assert.equal(new Set(levels.map((l) => `${l.location}\u0000${l.itemNo}`)).size, levels.length);
      const desk = (await f.port.products.fetch(['1896-S'])).get('1896-S');
      const deskTotal = levels.filter((l) => l.itemNo === '1896-S').reduce((sum, l) => sum + l.quantity, 0);
      assert.equal(deskTotal, desk?.fields['Inventory']);
    });

    it('stock levels follow adjustments, the blank location included as ""', async () => {
      f.nav.sandbox.adjustInventory({ itemNo: '1900-S', quantity: 7 });
      f.nav.sandbox.adjustInventory({ itemNo: '1900-S', locationCode: 'WHITE', quantity: 3 });
      const levels = (await allLevels(f)).filter((l) => l.itemNo === '1900-S');
      assert.deepEqual(levels.find((l) => l.location === ''), { itemNo: '1900-S', location: '', quantity: 7 });
      assert.ok((levels.find((l) => l.location === 'WHITE')?.quantity ?? 0) >= 3);
    });

    it('locations: code and name of every location', async () => {
      const locations = await f.port.stock.locations();
      assert.deepEqual(locations.find((l) => l.code === 'BLUE'), { code: 'BLUE', name: 'Blue Warehouse' });
      assert.equal(locations.length, 5);
    });
  });
}
