// Answer envelopes and their quirks (reference §2, §9): `time` with the operating
// fields, `total`/`next`, the three error dialects, `[]` for empty maps, strings in
// legacy crm.*, typed camelCase in crm.item.* and catalog.*, date-only fields as datetimes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeClock } from '../../core/clock.ts';
import { startB24Sandbox, type RunningB24Sandbox } from './index.ts';
import { dig, hook, list, num, rec, result, str } from './test-support.ts';

const START = Date.UTC(2026, 2, 2, 9, 0, 0);

/** Every leaf of a legacy crm.* answer is a string or null. */
function assertAllStrings(value: unknown, path = 'result'): void {
  if (value === null || typeof value === 'string') return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => assertAllStrings(v, `${path}[${i}]`));
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertAllStrings(v, `${path}.${k}`);
    return;
  }
  assert.fail(`${path} is ${typeof value} ${JSON.stringify(value)}, legacy crm.* sends strings`);
}

describe('B24 sandbox: the time envelope', () => {
  const clock = new FakeClock(START);
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, clock, offsetMinutes: 120, costs: { 'crm.company.get': 0.25 }, seed: { companies: 3, contacts: 0, deals: 0, products: 0 } });
  });
  after(() => b24.close());

  it('carries start, finish, duration, processing, dates in portal time, operating and operating_reset_at', async () => {
    const first = await hook(b24, 'crm.company.get', { id: 1 });
    const time = rec(first.body, 'time');
    assert.deepEqual(Object.keys(time).sort(), ['date_finish', 'date_start', 'duration', 'finish', 'operating', 'operating_reset_at', 'processing', 'start']);
    assert.equal(time['start'], START / 1000);
    assert.equal(time['processing'], 0.25);
    assert.equal(time['duration'], 0.25);
    assert.equal(time['date_start'], '2026-03-02T11:00:00+02:00');
    assert.equal(time['operating'], 0.25);
    assert.equal(time['operating_reset_at'], START / 1000 + 600);
    await clock.advance(90_000);
    const second = rec((await hook(b24, 'crm.company.get', { id: 2 })).body, 'time');
    // Accumulated per method over the window; the reset time is that of the oldest bucket.
    assert.equal(second['operating'], 0.5);
    assert.equal(second['operating_reset_at'], START / 1000 + 600);
  });

  it('reports operating time per method', async () => {
    const time = rec((await hook(b24, 'crm.company.list', { start: -1 })).body, 'time');
    assert.ok(num(time, 'operating') < 0.25);
  });
});

describe('B24 sandbox: answer shapes and error dialects', () => {
  let b24: RunningB24Sandbox;
  before(async () => {
    b24 = await startB24Sandbox({ port: 0, limits: false, offsetMinutes: 120, seed: { companies: 120, contacts: 5, deals: 5, products: 5 } });
  });
  after(() => b24.close());

  it('pages lists with total and next', async () => {
    const first = await hook(b24, 'crm.company.list', { select: ['ID'] });
    assert.equal(list(first.body, 'result').length, 50);
    assert.equal(dig(first.body, 'total'), 120);
    assert.equal(dig(first.body, 'next'), 50);
    const last = await hook(b24, 'crm.company.list', { select: ['ID'], start: 100 });
    assert.equal(list(last.body, 'result').length, 20);
    assert.equal(dig(last.body, 'total'), 120);
    assert.equal(dig(last.body, 'next'), undefined);
  });

  it('sends legacy crm.* errors as HTTP 400 with an empty code and the meaning in the description', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['crm.company.get', { id: 999999 }, 'Not found'],
      ['crm.deal.get', { id: 999999 }, 'Not found'],
      ['crm.contact.get', { id: 'abc' }, 'ID is not defined or invalid.'],
      ['crm.company.list', { filter: 'TITLE' }, "Parameter 'filter' must be array."],
      ['crm.company.update', { id: 999999, fields: { TITLE: 'x' } }, 'Company is not found'],
      ['crm.requisite.get', { id: 999999 }, 'Not found'],
    ];
    for (const [method, params, description] of cases) {
      const reply = await hook(b24, method, params);
      assert.equal(reply.status, 400, method);
      assert.deepEqual(reply.body, { error: '', error_description: description }, method);
    }
  });

  it('sends ERROR_CORE for CRM validation failures', async () => {
    const reply = await hook(b24, 'crm.company.add', { fields: { TITLE: 'Bad mail', EMAIL: [{ VALUE: 'not-an-email' }] } });
    assert.equal(reply.status, 400);
    assert.equal(dig(reply.body, 'error'), 'ERROR_CORE');
  });

  it('sends crm.item.* errors with real codes', async () => {
    const missing = await hook(b24, 'crm.item.get', { entityTypeId: 2, id: 999999 });
    assert.equal(missing.status, 400);
    assert.equal(dig(missing.body, 'error'), 'NOT_FOUND');
    const badFilter = await hook(b24, 'crm.item.list', { entityTypeId: 4, filter: { noSuchField: 1 } });
    assert.equal(badFilter.status, 400);
    assert.equal(dig(badFilter.body, 'error'), 'INVALID_ARG_VALUE');
    const oldInvoice = await hook(b24, 'crm.item.list', { entityTypeId: 5 });
    assert.equal(dig(oldInvoice.body, 'error'), 'ENTITY_TYPE_NOT_SUPPORTED');
  });

  it('sends catalog.* errors with the documented numeric codes, and "0" for the rest', async () => {
    const wrongIblock = await hook(b24, 'catalog.product.list', { select: ['id', 'iblockId'], filter: { iblockId: 1 } });
    assert.equal(wrongIblock.status, 400);
    assert.deepEqual(wrongIblock.body, { error: 200040300000, error_description: 'Iblock Not Found' });
    const noSelect = await hook(b24, 'catalog.product.list', { select: ['name'], filter: { iblockId: 25 } });
    assert.deepEqual(noSelect.body, { error: '0', error_description: 'Required select fields: id, iblockId' });
    const noFilter = await hook(b24, 'catalog.product.list', { select: ['id', 'iblockId'] });
    assert.deepEqual(noFilter.body, { error: '0', error_description: 'Required filter fields: iblockId' });
    const noId = await hook(b24, 'catalog.product.get', {});
    assert.deepEqual(noId.body, { error: 100, error_description: 'Could not find value for parameter {id}' });
    const missing = await hook(b24, 'catalog.product.get', { id: 999999 });
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.body, { error: '0', error_description: 'product does not exist.' });
  });

  it('sends human text in `error` from crm.duplicate.findbycomm', async () => {
    const reply = await hook(b24, 'crm.duplicate.findbycomm', { values: ['+7 495 000-00-00'] });
    assert.deepEqual(reply.body, { error: 'Communication type is not defined', error_description: "Parameter 'type' is required." });
  });

  it('sends [] for empty maps', async () => {
    assert.deepEqual(result(await hook(b24, 'crm.duplicate.findbycomm', { type: 'PHONE', values: ['+0 000 000'] })), []);
    const batch = result(await hook(b24, 'batch', { cmd: { a: 'crm.company.get?id=1' } }));
    assert.deepEqual(dig(batch, 'result_error'), []);
    assert.deepEqual(dig(batch, 'result_total'), []);
    assert.deepEqual(dig(batch, 'result_next'), []);
  });

  it('sends every scalar as a string in legacy crm.*', async () => {
    for (const [method, id] of [['crm.company.get', 1], ['crm.contact.get', 1], ['crm.deal.get', 1], ['crm.requisite.get', 1]] as const) {
      const record = result(await hook(b24, method, { id }));
      assertAllStrings(record);
      assert.equal(str(record, 'ID'), String(id));
    }
    assertAllStrings(result(await hook(b24, 'crm.company.list', { select: ['*', 'UF_*', 'PHONE', 'EMAIL'] })));
    assertAllStrings(result(await hook(b24, 'crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } })));
    assertAllStrings(result(await hook(b24, 'crm.currency.list')));
    const deal = result(await hook(b24, 'crm.deal.get', { id: 1 }));
    assert.match(str(deal, 'OPPORTUNITY'), /^\d+\.\d{2}$/);
  });

  it('sends camelCase names and JSON numbers in crm.item.* and catalog.*', async () => {
    const item = rec(result(await hook(b24, 'crm.item.get', { entityTypeId: 2, id: 1 })), 'item');
    assert.equal(item['id'], 1);
    assert.equal(typeof item['opportunity'], 'number');
    assert.equal(typeof item['categoryId'], 'number');
    assert.equal(typeof item['stageId'], 'string');
    assert.equal(item['entityTypeId'], 2);
    assert.equal(item['ID'], undefined);
    const product = rec(result(await hook(b24, 'catalog.product.get', { id: 1 })), 'product');
    assert.equal(product['id'], 1);
    assert.equal(product['iblockId'], 25);
    assert.equal(typeof product['quantity'], 'number');
    const rows = list(result(await hook(b24, 'catalog.storeproduct.list', { filter: { productId: 1 } })), 'storeProducts');
    assert.equal(typeof dig(rows, 0, 'amount'), 'number');
  });

  it('sends date-only fields as datetimes at midnight UTC in portal time', async () => {
    const id = num(result(await hook(b24, 'crm.deal.add', { fields: { TITLE: 'Dated', BEGINDATE: '2024-08-30', CLOSEDATE: '30.09.2024' } })));
    const deal = result(await hook(b24, 'crm.deal.get', { id }));
    // The docs' example: "BEGINDATE":"2024-08-30T02:00:00+02:00".
    assert.equal(str(deal, 'BEGINDATE'), '2024-08-30T02:00:00+02:00');
    assert.equal(str(deal, 'CLOSEDATE'), '2024-09-30T02:00:00+02:00');
    const item = rec(result(await hook(b24, 'crm.item.get', { entityTypeId: 2, id })), 'item');
    assert.equal(item['begindate'], '2024-08-30T02:00:00+02:00');
    assert.match(str(deal, 'DATE_CREATE'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+02:00$/);
  });
});
