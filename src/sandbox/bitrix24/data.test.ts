// Data semantics that decide whether a sync duplicates or loses data (reference
// §7.2, §7.4, §9): multifield ID rules, crm.item `fm` rules, replace-all product rows,
// deletions, DATE_MODIFY on every change, unknown fields silently ignored.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, rec, result, str } from './test-support.ts';

describe('B24 sandbox: data semantics', () => {
  const clock = new FakeClock(Date.UTC(2026, 5, 1, 8, 0, 0));
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, clock, seed: { companies: 2, contacts: 1, deals: 1, products: 3 } });
  });
  after(() => b24.close());

  const phones = async (id: number): Promise<Array<{ ID: string; VALUE: string; VALUE_TYPE: string }>> => {
    const company = result(await hook(b24, 'crm.company.get', { id }));
    const raw = dig(company, 'PHONE');
    return raw === undefined ? [] : list(raw).map((p) => ({ ID: str(p, 'ID'), VALUE: str(p, 'VALUE'), VALUE_TYPE: str(p, 'VALUE_TYPE') }));
  };

  it('multifields: no ID adds (re-sending duplicates), ID + value changes, ID + empty value or DELETE=Y removes, others stay', async () => {
    const id = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Phones', PHONE: [{ VALUE: '+7 111', VALUE_TYPE: 'WORK' }, { VALUE: '+7 222', VALUE_TYPE: 'MOBILE' }] } })));
    const initial = await phones(id);
    assert.deepEqual(initial.map((p) => p.VALUE), ['+7 111', '+7 222']);
    // The same list sent again without IDs: every phone twice.
    await hook(b24, 'crm.company.update', { id, fields: { PHONE: [{ VALUE: '+7 111' }, { VALUE: '+7 222' }] } });
    assert.deepEqual((await phones(id)).map((p) => p.VALUE), ['+7 111', '+7 222', '+7 111', '+7 222']);
    const [a, b, c, d] = await phones(id);
    assert.ok(a && b && c && d);
    await hook(b24, 'crm.company.update', { id, fields: { PHONE: [{ ID: c.ID, VALUE: '' }, { ID: d.ID, VALUE: '+7 222', DELETE: 'Y' }, { ID: a.ID, VALUE: '+7 999', VALUE_TYPE: 'FAX' }] } });
    assert.deepEqual(await phones(id), [{ ID: a.ID, VALUE: '+7 999', VALUE_TYPE: 'FAX' }, { ID: b.ID, VALUE: '+7 222', VALUE_TYPE: 'MOBILE' }]);
    // An entry with an ID and no VALUE at all is removed too.
    await hook(b24, 'crm.company.update', { id, fields: { PHONE: [{ ID: b.ID }] } });
    assert.deepEqual((await phones(id)).map((p) => p.ID), [a.ID]);
    assert.equal(str(result(await hook(b24, 'crm.company.get', { id })), 'HAS_PHONE'), 'Y');
    await hook(b24, 'crm.company.update', { id, fields: { PHONE: [{ ID: a.ID, DELETE: 'Y' }] } });
    const empty = result(await hook(b24, 'crm.company.get', { id }));
    assert.equal(dig(empty, 'PHONE'), undefined);
    assert.equal(str(empty, 'HAS_PHONE'), 'N');
  });

  it('crm.item fm: array on add; object on update with n0 = add, id = change, empty value = delete; typeId required; unknown id or array adds', async () => {
    const fmOf = async (id: number) => list(rec(result(await hook(b24, 'crm.item.get', { entityTypeId: 3, id })), 'item'), 'fm').map((m) => [dig(m, 'typeId'), dig(m, 'value')]);
    const added = rec(result(await hook(b24, 'crm.item.add', { entityTypeId: 3, fields: { name: 'Fm', fm: [{ typeId: 'PHONE', valueType: 'WORK', value: '+1 1' }, { typeId: 'EMAIL', valueType: 'WORK', value: 'fm@example.com' }] } })), 'item');
    const id = num(added, 'id');
    const phoneId = num(list(added, 'fm').find((m) => dig(m, 'typeId') === 'PHONE'), 'id');
    const mailId = num(list(added, 'fm').find((m) => dig(m, 'typeId') === 'EMAIL'), 'id');
    const updated = rec(result(await hook(b24, 'crm.item.update', { entityTypeId: 3, id, fields: { fm: { n0: { typeId: 'PHONE', value: '+1 2' }, [phoneId]: { typeId: 'PHONE', value: '+1 9' }, [mailId]: { typeId: 'EMAIL', value: '' } } } })), 'item');
    // crm.item.update answers the whole item with the new fm.
    assert.deepEqual(list(updated, 'fm').map((m) => dig(m, 'value')), ['+1 9', '+1 2']);
    await hook(b24, 'crm.item.update', { entityTypeId: 3, id, fields: { fm: { [phoneId]: { value: '' } } } });
    assert.deepEqual(await fmOf(id), [['PHONE', '+1 9'], ['PHONE', '+1 2']]);
    await hook(b24, 'crm.item.update', { entityTypeId: 3, id, fields: { fm: { 99999: { typeId: 'PHONE', value: '+1 3' } } } });
    await hook(b24, 'crm.item.update', { entityTypeId: 3, id, fields: { fm: [{ typeId: 'EMAIL', value: 'again@example.com' }] } });
    assert.deepEqual(await fmOf(id), [['PHONE', '+1 9'], ['PHONE', '+1 2'], ['PHONE', '+1 3'], ['EMAIL', 'again@example.com']]);
    const stringFm = rec(result(await hook(b24, 'crm.item.add', { entityTypeId: 3, fields: { name: 'No fm', fm: 'oops' } })), 'item');
    assert.deepEqual(stringFm['fm'], []);
  });

  it('product rows: set replaces all rows, totals follow unless the amount is manual', async () => {
    const deal = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'Rows' } })));
    await hook(b24, 'crm.deal.productrows.set', { id: deal, rows: [
      { PRODUCT_ID: 1, PRICE: 120, QUANTITY: 2, TAX_RATE: 20 },
      { PRODUCT_ID: 2, PRICE_EXCLUSIVE: 100, DISCOUNT_TYPE_ID: 2, DISCOUNT_RATE: 10, QUANTITY: 1 },
      { PRODUCT_NAME: 'Delivery', PRICE: 50 },
    ] });
    let got = result(await hook(b24, 'crm.deal.get', { id: deal }));
    assert.equal(str(got, 'OPPORTUNITY'), '390.00');
    assert.equal(str(got, 'TAX_VALUE'), '40.00');
    const rows = list(result(await hook(b24, 'crm.deal.productrows.get', { id: deal })));
    assert.deepEqual([dig(rows, 1, 'PRICE_NETTO'), dig(rows, 1, 'DISCOUNT_SUM'), dig(rows, 2, 'PRODUCT_ID')], [111.111111, 11.111111, 0]);
    await hook(b24, 'crm.deal.productrows.set', { id: deal, rows: [{ PRODUCT_ID: 3, PRICE: 10, QUANTITY: 3 }] });
    assert.equal(list(result(await hook(b24, 'crm.deal.productrows.get', { id: deal }))).length, 1);
    got = result(await hook(b24, 'crm.deal.get', { id: deal }));
    assert.deepEqual([str(got, 'OPPORTUNITY'), str(got, 'TAX_VALUE')], ['30.00', '0.00']);
    await hook(b24, 'crm.deal.update', { id: deal, fields: { IS_MANUAL_OPPORTUNITY: 'Y', OPPORTUNITY: 1000 } });
    await hook(b24, 'crm.deal.productrows.set', { id: deal, rows: [] });
    got = result(await hook(b24, 'crm.deal.get', { id: deal }));
    assert.equal(str(got, 'OPPORTUNITY'), '1000.00');
    assert.deepEqual(result(await hook(b24, 'crm.deal.productrows.get', { id: deal })), []);
    const row = rec(result(await hook(b24, 'crm.item.productrow.add', { fields: { ownerType: 'D', ownerId: deal, productName: 'Net', price: 120, taxRate: 20 } })), 'productRow');
    const repriced = rec(result(await hook(b24, 'crm.item.productrow.update', { id: num(row, 'id'), fields: { priceExclusive: 200 } })), 'productRow');
    assert.deepEqual([repriced['priceExclusive'], repriced['price']], [200, 240]);
    const requantified = rec(result(await hook(b24, 'crm.item.productrow.update', { id: num(row, 'id'), fields: { quantity: 2 } })), 'productRow');
    assert.deepEqual([requantified['price'], requantified['quantity']], [240, 2]);
    const invalid = await hook(b24, 'crm.deal.productrows.set', { id: deal, rows: [{ PRODUCT_ID: 1, PRICE: 10, DISCOUNT_TYPE_ID: 1, DISCOUNT_RATE: 5 }] });
    assert.equal(dig(invalid.body, 'error'), 'ERROR_CORE');
  });

  it('deleted records vanish from lists and get answers Not found / NOT_FOUND; their requisites go too', async () => {
    const id = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Doomed' } })));
    const rq = num(result(await hook(b24, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: 'rq' } })));
    assert.equal(result(await hook(b24, 'crm.company.delete', { id })), true);
    assert.deepEqual(result(await hook(b24, 'crm.company.list', { filter: { ID: id } })), []);
    assert.deepEqual(list(result(await hook(b24, 'crm.item.list', { entityTypeId: 4, filter: { id } })), 'items'), []);
    assert.deepEqual((await hook(b24, 'crm.company.get', { id })).body, { error: '', error_description: 'Not found' });
    assert.equal(dig((await hook(b24, 'crm.item.get', { entityTypeId: 4, id })).body, 'error'), 'NOT_FOUND');
    assert.equal((await hook(b24, 'crm.requisite.get', { id: rq })).status, 400);
    assert.deepEqual((await hook(b24, 'crm.company.delete', { id })).body, { error: '', error_description: 'Company is not found' });
  });

  it('DATE_MODIFY moves on every change, side effects included, and >DATE_MODIFY finds it', async () => {
    const id = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'Clock' } })));
    const modified = async () => str(result(await hook(b24, 'crm.deal.get', { id })), 'DATE_MODIFY');
    const created = await modified();
    await clock.advance(60_000);
    const since = b24.portal.formatTime(clock.now());
    await hook(b24, 'crm.deal.update', { id, fields: { COMMENTS: 'one' } });
    assert.equal(await modified(), since);
    assert.notEqual(since, created);
    await clock.advance(60_000);
    await hook(b24, 'crm.deal.productrows.set', { id, rows: [{ PRODUCT_ID: 1, PRICE: 5 }] });
    assert.equal(await modified(), b24.portal.formatTime(clock.now()));
    await clock.advance(60_000);
    await hook(b24, 'crm.deal.update', { id, fields: {} });
    assert.equal(await modified(), b24.portal.formatTime(clock.now()));
    const changed = list(result(await hook(b24, 'crm.deal.list', { filter: { '>DATE_MODIFY': since }, select: ['ID'] })));
    assert.deepEqual(changed, [{ ID: String(id) }]);
    assert.equal(dig(rec(result(await hook(b24, 'crm.item.get', { entityTypeId: 2, id })), 'item'), 'updatedTime'), b24.portal.formatTime(clock.now()));
  });

  it('ignores unknown and read-only fields silently', async () => {
    const id = num(result(await hook(b24, 'crm.company.add', { fields: { TITLE: 'Typo', TITEL: 'ignored', DATE_CREATE: '2000-01-01T00:00:00+03:00', ID: 99999 } })));
    assert.notEqual(id, 99999);
    assert.equal(result(await hook(b24, 'crm.company.update', { id, fields: { TITEL: 'still ignored', NO_SUCH: 1 } })), true);
    const company = result(await hook(b24, 'crm.company.get', { id }));
    assert.equal(str(company, 'TITLE'), 'Typo');
    assert.equal(dig(company, 'TITEL'), undefined);
    assert.notEqual(str(company, 'DATE_CREATE').slice(0, 4), '2000');
    const item = rec(result(await hook(b24, 'crm.item.update', { entityTypeId: 4, id, fields: { tittle: 'x' } })), 'item');
    assert.equal(item['title'], 'Typo');
    // Legacy field names are matched as written: `title` is not TITLE.
    assert.equal(result(await hook(b24, 'crm.company.update', { id, fields: { title: 'lower case' } })), true);
    assert.equal(str(result(await hook(b24, 'crm.company.get', { id })), 'TITLE'), 'Typo');
  });
});
