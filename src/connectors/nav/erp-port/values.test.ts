// The pure parts of the NAV side: values checked against page fields before a
// write, IN-filter chunks, and NAV's today in its service time zone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSyncError } from '../../../core/failure.ts';
import type { FieldValue } from '../../../core/record.ts';
import { NAV_PAGES, type FieldDef } from '../schema/index.ts';
import { filterChunks } from './nav-page.ts';
import { dayIn } from './service-day.ts';
import { navValue, navValues, sideValue } from './values.ts';

const customer = NAV_PAGES.customer;
const field = (name: string): FieldDef => customer.fields.find((f) => f.name === name) as FieldDef;

describe('NAV values for writes', () => {
  it('turns side values into the page field types', () => {
    assert.equal(navValue(customer, field('Credit_Limit_LCY'), '1500.50'), 1500.5);
    assert.equal(navValue(customer, field('Credit_Limit_LCY'), null), 0);
    assert.equal(navValue(customer, field('Combine_Shipments'), 'Y'), true);
    assert.equal(navValue(customer, field('Blocked'), 'invoice'), 'Invoice');
    assert.equal(navValue(customer, field('Blocked'), null), '');
    assert.equal(navValue(customer, field('Application_Method'), 'apply to oldest'), 'Apply to Oldest');
    assert.equal(navValue(customer, field('Phone_No'), 4951234567), '4951234567');
    assert.equal(sideValue(field('Last_Date_Modified'), ''), null);
  });

  it('refuses what does not fit, naming the field', () => {
    const problem = (fields: Record<string, FieldValue>): string => {
      try {
        navValues(customer, fields);
      } catch (error) {
        assert.ok(isSyncError(error));
        assert.equal(error.code, 'SYNC_MAPPING');
        return error.message;
      }
      throw new Error('expected a failure');
    };
    assert.match(problem({ Credit_Limit_LCY: 'a lot' }), /Credit_Limit_LCY takes a number/);
    assert.match(problem({ Blocked: 'Maybe' }), /Blocked is one of '' \(blank\), 'Ship', 'Invoice', 'All'/);
    assert.match(problem({ Last_Date_Modified: '2026-01-01' }), /read-only/);
    assert.match(problem({ Phone_No: ['1', '2'] }), /not a list/);
    assert.match(problem({ Nope: 1 }), /not a field of the page/);
  });
});

describe('IN-filter chunks', () => {
  it('at most 100 values and about 3,000 characters a chunk, order kept', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `C${String(i).padStart(5, '0')}`);
    const chunks = filterChunks(ids);
    assert.deepEqual(chunks.map((c) => c.length), [100, 100, 50]);
    assert.deepEqual(chunks.flat(), ids);
    const long = filterChunks(Array.from({ length: 200 }, (_, i) => `${'X'.repeat(19)}${i % 10}`));
    assert.ok(long.every((c) => c.length <= 93));
  });
});

describe("NAV's today", () => {
  it('is the date in the service time zone', () => {
    const late = Date.UTC(2026, 2, 10, 22, 30);
    assert.equal(dayIn('UTC', late), '2026-03-10');
    assert.equal(dayIn('Europe/Moscow', late), '2026-03-11');
    assert.equal(dayIn('America/New_York', Date.UTC(2026, 2, 10, 3)), '2026-03-09');
  });
});
