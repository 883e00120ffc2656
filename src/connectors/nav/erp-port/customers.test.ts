// ErpPort customers on both transports: the record shape, round trips, option
// fields that read the same over SOAP and OData, per-record outcomes of bulk
// creates, stale versions, bulk fetches and the paths b24nav check uses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { failed, startPort, TRANSPORTS, written, type PortFixture } from './test-support.ts';

for (const transport of TRANSPORTS) {
  describe(`ErpPort customers over ${transport}`, () => {
    let f: PortFixture;
    before(async () => {
      f = await startPort(transport, { sandbox: { customers: 400 } });
    });
    after(async () => f.close());

    it('reads a customer as NAV has it: id, version, date, typed values, option captions', async () => {
      const found = await f.port.customers.fetch(['10000', '49633663', 'NO-SUCH']);
      assert.deepEqual([...found.keys()].sort(), ['10000', '49633663']);
      const cannon = found.get('10000');
      assert.equal(cannon?.id, '10000');
      assert.ok(cannon?.version);
      assert.match(cannon?.modifiedAt ?? '', /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(cannon?.fields['Last_Date_Modified'], cannon?.modifiedAt);
      assert.equal(cannon?.fields['Name'], 'The Cannon Group PLC');
      assert.equal(cannon?.fields['Blocked'], '');
      assert.equal(cannon?.fields['Address_2'], '');
      assert.equal(typeof cannon?.fields['Credit_Limit_LCY'], 'number');
      assert.equal(typeof cannon?.fields['Combine_Shipments'], 'boolean');
      assert.equal(found.get('49633663')?.fields['Blocked'], 'All');
    });

    it('option fields read as captions, the same on both transports (SOAP enums like Apply_to_Oldest are turned back)', async () => {
      const [record] = (await f.port.customers.fetch(['10000'])).values();
      // The seed gives every third customer Apply to Oldest; 10000 is the first.
      assert.equal(record?.fields['Application_Method'], 'Apply to Oldest');
      const blank = written((await f.port.customers.update([{ ref: 'b', id: '49633663', version: null, fields: { Blocked: null } }]))[0]);
      assert.equal(blank.fields['Blocked'], '');
      const ship = written((await f.port.customers.update([{ ref: 's', id: '49633663', version: blank.version, fields: { Blocked: 'ship' } }]))[0]);
      assert.equal(ship.fields['Blocked'], 'Ship');
    });

    it('creates with the next number and updates only the given fields, answering with the records as NAV wrote them', async () => {
      const [outcome] = await f.port.customers.create([{ ref: 'r1', externalId: '501', fields: { Name: 'Port Test Ltd', City: 'Leeds', Phone_No: '+44 113 496 0000', Credit_Limit_LCY: 5000, Blocked: '' } }]);
      const created = written(outcome);
      assert.match(created.id, /^C\d+$/);
      assert.equal(created.modifiedAt, '2026-03-10');
      assert.equal(created.fields['Credit_Limit_LCY'], 5000);
      const updated = written((await f.port.customers.update([{ ref: 'u1', id: created.id, version: created.version, fields: { City: 'York', Phone_No: null } }]))[0]);
      assert.deepEqual([updated.fields['Name'], updated.fields['City'], updated.fields['Phone_No']], ['Port Test Ltd', 'York', '']);
      assert.notEqual(updated.version, created.version);
      assert.deepEqual((await f.port.customers.fetch([created.id])).get(created.id), updated);
    });

    it('a stale version fails as NAV_STALE_KEY (conflict); a missing record as NAV_NOT_FOUND', async () => {
      const [first] = (await f.port.customers.fetch(['20000'])).values();
      assert.ok(first);
      written((await f.port.customers.update([{ ref: 'a', id: '20000', version: first.version, fields: { City: 'Kenilworth' } }]))[0]);
      const stale = failed((await f.port.customers.update([{ ref: 'b', id: '20000', version: first.version, fields: { City: 'Rugby' } }]))[0]);
      assert.deepEqual([stale.code, stale.kind], ['NAV_STALE_KEY', 'conflict']);
      const missing = failed((await f.port.customers.update([{ ref: 'c', id: 'GONE-1', version: null, fields: { City: 'X' } }]))[0]);
      assert.equal(missing.code, 'NAV_NOT_FOUND');
    });

    it('a bulk create with one bad record fails only that record, with NAV own message', async () => {
      const requests = Array.from({ length: 30 }, (_, i) => ({ ref: `bulk${i}`, externalId: String(900 + i), fields: { Name: `Bulk ${i}`, Salesperson_Code: i === 17 ? 'NOPE' : 'JO' } }));
      const { result, calls } = await f.calls.during(() => f.port.customers.create(requests));
      const bad = failed(result[17]);
      assert.deepEqual([bad.code, bad.kind], ['NAV_VALIDATION', 'permanent']);
      assert.match(bad.message, /NOPE/);
      const good = result.filter((o) => o.ok);
      assert.equal(good.length, 29);
      assert.equal(new Set(good.map((o) => written(o).id)).size, 29);
      assert.deepEqual(result.map((o) => o.ref), requests.map((r) => r.ref));
      console.log(`create of 30 with one bad record over ${transport}: ${calls} calls`);
      // SOAP: the failed CreateMultiple, then 30 single Creates; OData: 30 POSTs.
      assert.equal(calls, transport === 'soap' ? 31 : 30);
    });

    it('creates 250 records in batches of CreateMultiple (SOAP) or one POST each (OData)', async () => {
      const requests = Array.from({ length: 250 }, (_, i) => ({ ref: `c${i}`, externalId: String(2000 + i), fields: { Name: `Batch ${i}`, E_Mail: `batch${i}@example.com` } }));
      const { result, calls } = await f.calls.during(() => f.port.customers.create(requests));
      assert.equal(result.filter((o) => o.ok).length, 250);
      console.log(`create of 250 customers over ${transport}: ${calls} calls`);
      assert.equal(calls, transport === 'soap' ? 3 : 250);
    });

    it('values that do not fit the page fail the record before NAV is called', async () => {
      const { result, calls } = await f.calls.during(() =>
        f.port.customers.create([
          { ref: 'ro', externalId: 'x1', fields: { Name: 'A', Balance_LCY: 10 } },
          { ref: 'unknown', externalId: 'x2', fields: { Name: 'B', NoSuchField: 'x' } },
          { ref: 'type', externalId: 'x3', fields: { Name: 'C', Credit_Limit_LCY: 'lots' } },
          { ref: 'option', externalId: 'x4', fields: { Name: 'D', Blocked: 'Sometimes' } },
        ]),
      );
      assert.equal(calls, 0);
      for (const outcome of result) assert.equal(failed(outcome).code, 'SYNC_MAPPING');
      assert.match(failed(result[0]).message, /Balance_LCY is read-only/);
      assert.match(failed(result[3]).message, /'Ship'/);
    });

    it('fetches 300 ids in a few calls; ids that do not exist are absent', async () => {
      const ids: string[] = [];
      for await (const page of f.port.customers.listIds()) ids.push(...page);
      const wanted = [...ids.slice(0, 297), 'GONE-1', 'GONE-2', "O'HARA & SONS"];
      const { result, calls } = await f.calls.during(() => f.port.customers.fetch(wanted));
      assert.equal(result.size, 297);
      console.log(`fetch of 300 ids over ${transport}: ${calls} calls`);
      assert.ok(calls <= 3, `${calls} calls`);
    });

    it('lists every id, each once, in key order', async () => {
      const { result: ids, calls } = await f.calls.during(async () => {
        const out: string[] = [];
        for await (const page of f.port.customers.listIds()) out.push(...page);
        return out;
      });
      assert.ok(ids.length >= 400);
      assert.equal(new Set(ids).size, ids.length);
      assert.ok(calls <= 2, `${calls} calls`);
    });

    it('field paths come from the page: writable, read-only, lengths of Text and Code fields', async () => {
      const paths = new Map((await f.port.customers.fieldPaths()).map((p) => [p.path, p]));
      assert.deepEqual(paths.get('Name'), { path: 'Name', writable: true, maxLength: 50 });
      assert.deepEqual(paths.get('No'), { path: 'No', writable: true, maxLength: 20 });
      assert.deepEqual(paths.get('Balance_LCY'), { path: 'Balance_LCY', writable: false });
      assert.deepEqual(paths.get('Last_Date_Modified'), { path: 'Last_Date_Modified', writable: false });
      assert.deepEqual(paths.get('Blocked'), { path: 'Blocked', writable: true });
    });
  });
}
