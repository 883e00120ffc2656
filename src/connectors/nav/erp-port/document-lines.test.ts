// Document lines without NAV: canonical lines from NAV lines (prices with and
// without VAT), what a write asks for, the VAT check, and the plan that turns the
// current lines of an order into the wanted ones in order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SyncError } from '../../../core/failure.ts';
import { canonicalLine, checkVat, lineSpec, roundTo, wantedLines, type LineSpec } from './document-lines.ts';
import type { NavRow } from './nav-page.ts';
import { planLines } from './order-write.ts';

const RATES = { values: { VAT25: 25, VAT10: 10, 'NO VAT': null }, fallback: null };

describe('document lines', () => {
  it('a NAV line as a canonical line; prices including VAT come back without it, to the cent', () => {
    const row: NavRow = { Type: 'Item', No: '1896-S', Quantity: 2, Unit_Price: 1249.9875, Line_Discount_Percent: 5, VAT_Prod_Posting_Group: 'VAT25', Description: 'ATHENS Desk' };
    assert.deepEqual(canonicalLine(row, true, RATES, false), ['1896-S', 2, 999.99, 5, 25]);
    assert.deepEqual(canonicalLine({ ...row, Unit_Price: 100.005 }, false, RATES, true), ['1896-S', 2, 100.01, 5, 25, 'ATHENS Desk']);
    assert.deepEqual(canonicalLine({ Type: '', No: '', Description: 'a comment' }, false, RATES, false), [null, 0, 0, 0, null]);
    assert.deepEqual(canonicalLine({ ...row, VAT_Prod_Posting_Group: 'NO VAT', Unit_Price: 10 }, true, RATES, false), ['1896-S', 2, 10, 5, null]);
  });

  it('written prices carry VAT when the document includes it, and read back to the same cent', () => {
    for (const price of [0.01, 0.07, 1.99, 33.33, 999.99, 12345.67]) {
      for (const rate of [10, 25, 20, 18]) {
        const spec = lineSpec({ position: 1, item: 'x', quantity: 1, unitPrice: price, discountPercent: 0, vatRate: rate }, true);
        assert.deepEqual(canonicalLine({ Type: 'Item', No: 'X', Unit_Price: spec.Unit_Price, VAT_Prod_Posting_Group: `R${rate}` }, true, { values: { [`R${rate}`]: rate } }, false)[2], price);
      }
    }
    assert.equal(roundTo(1.005, 2), 1.01);
  });

  it('what a write asks for: a line without an item is refused before anything else, naming it', () => {
    const noItem = wantedLines([['A', 1, 1, 0, 25], [null, 1, 1, 0, 25]]);
    assert.ok(noItem instanceof SyncError);
    assert.equal(noItem.code, 'SYNC_LINE_WITHOUT_ITEM');
    assert.match(noItem.message, /line 2/);
    const bad = wantedLines([['A', 'two', 1, 0, 25]]);
    assert.ok(bad instanceof SyncError && bad.code === 'SYNC_MAPPING' && /quantity/.test(bad.message));
    assert.deepEqual(wantedLines(null), []);
    const ok = wantedLines([[' a ', 1, 2, 3, null]]);
    assert.ok(!(ok instanceof SyncError));
    assert.equal(ok[0]?.item, 'a');
  });

  it('VAT check: a rate other than the item group says both', () => {
    const lines = wantedLines([['1896-S', 1, 1, 0, 20], ['UNKNOWN', 1, 1, 0, 7]]);
    assert.ok(!(lines instanceof SyncError));
    const error = checkVat(lines, new Map([['1896-S', 'VAT25']]), RATES);
    assert.equal(error?.code, 'SYNC_VAT_MISMATCH');
    assert.match(error?.message ?? '', /VAT 20 %.*NAV charges 25 %/);
    assert.equal(checkVat(lines.slice(1), new Map(), RATES), undefined, 'an item NAV does not know is left to NAV');
  });
});

describe('line plans', () => {
  const row = (lineNo: number, no: string, quantity = 1): NavRow & { version: string } => ({ Line_No: lineNo, Type: 'Item', No: no, Quantity: quantity, Unit_Price: 10, Line_Discount_Percent: 0, version: `v${lineNo}` });
  const want = (no: string, quantity = 1): LineSpec => ({ Type: 'Item', No: no, Quantity: quantity, Unit_Price: 10, Line_Discount_Percent: 0 });
  const current = [row(10000, 'A'), row(20000, 'B'), row(30000, 'C')];
  const summary = (plan: ReturnType<typeof planLines>): unknown => ({
    updates: plan.updates.map((u) => [u.row['Line_No'], u.changes]),
    deletes: plan.deletes.map((d) => d['Line_No']),
    adds: plan.adds.map((a) => a.No),
  });

  it('nothing to do when the lines are the same', () => {
    assert.deepEqual(summary(planLines(current, [want('A'), want('B'), want('C')])), { updates: [], deletes: [], adds: [] });
  });

  it('changes in place, removes the first line, appends a new one', () => {
    assert.deepEqual(summary(planLines(current, [want('B', 5), want('C'), want('D')])), { updates: [[20000, { Quantity: 5 }]], deletes: [10000], adds: ['D'] });
  });

  it('a line inserted in the middle: the lines after it are added again after it, keeping the order', () => {
    assert.deepEqual(summary(planLines(current, [want('A'), want('X'), want('B'), want('C')])), { updates: [], deletes: [20000, 30000], adds: ['X', 'B', 'C'] });
  });

  it('all lines gone; lines from nothing', () => {
    assert.deepEqual(summary(planLines(current, [])), { updates: [], deletes: [10000, 20000, 30000], adds: [] });
    assert.deepEqual(summary(planLines([], [want('A')])), { updates: [], deletes: [], adds: ['A'] });
  });
});
