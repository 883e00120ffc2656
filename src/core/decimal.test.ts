import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDecimal, compareDecimal, decimalToNumber, decimalToString, mulDecimal, parseDecimal, roundDecimal, roundRatio, type Decimal } from './decimal.ts';

function dec(input: string | number): Decimal {
  const parsed = parseDecimal(input);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

describe('parseDecimal', () => {
  it('reads the forms both systems and people write', () => {
    const cases: Array<[string | number, string]> = [
      [1000, '1000'], ['1000.00', '1000'], ['1000.0', '1000'], ['1 000,50', '1000.5'], ['1\u00a0000,50', '1000.5'],
      ['-5', '-5'], ['+5', '5'], ['1,234.56', '1234.56'], ['1.234,56', '1234.56'], ['1,000,000', '1000000'],
      ["1'000.5", '1000.5'], ['.5', '0.5'], ['5.', '5'], [1e21, '1000000000000000000000'], [1.5e-7, '0.00000015'],
      ['0,5', '0.5'], ['12,5', '12.5'], [-0, '0'], [0.1, '0.1'],
    ];
    for (const [input, expected] of cases) assert.equal(decimalToString(dec(input)), expected, String(input));
  });

  it('refuses what is not a number, and what is ambiguous', () => {
    for (const input of ['', 'abc', '1.2.3', '--1', '1e', Number.NaN, Number.POSITIVE_INFINITY, '1,500', '12 abc']) {
      assert.equal(parseDecimal(input).ok, false, String(input));
    }
    const ambiguous = parseDecimal('1,500');
    assert.ok(!ambiguous.ok && ambiguous.problem.includes('ambiguous'));
  });

  it('reads every JS number to the same value as its text', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        assert.equal(decimalToNumber(dec(n)), n === 0 ? 0 : n);
      }),
    );
  });
});

describe('rounding and arithmetic', () => {
  it('rounds half away from zero', () => {
    assert.equal(decimalToString(dec('2.345'), 2), '2.35');
    assert.equal(decimalToString(dec('-2.345'), 2), '-2.35');
    assert.equal(decimalToString(dec('2.344'), 2), '2.34');
    assert.equal(decimalToString(dec('0.005'), 2), '0.01');
    assert.equal(decimalToString(dec('-0.004'), 2), '0.00');
    assert.equal(decimalToString(dec('7'), 2), '7.00');
    assert.equal(roundRatio(5n, 2n), 3n);
    assert.equal(roundRatio(-5n, 2n), -3n);
    assert.equal(roundRatio(5n, -2n), -3n);
    assert.equal(roundRatio(4n, 3n), 1n);
  });

  it('adds and multiplies exactly (0.1 + 0.2 = 0.3)', () => {
    assert.equal(decimalToString(addDecimal(dec('0.1'), dec('0.2'))), '0.3');
    assert.equal(decimalToString(mulDecimal(dec('19.99'), dec('3'))), '59.97');
    assert.equal(compareDecimal(dec('1.50'), dec('1.5')), 0);
    assert.equal(compareDecimal(dec('-1'), dec('0.1')), -1);
  });

  it('rounding is idempotent and within half a unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 6 }), (units, scale, places) => {
        const d = { units, scale };
        const r = roundDecimal(d, places);
        assert.equal(compareDecimal(roundDecimal(r, places), r), 0);
        const error = addDecimal(d, { units: -r.units, scale: r.scale });
        const abs = error.units < 0n ? { ...error, units: -error.units } : error;
        assert.ok(compareDecimal(abs, { units: 5n, scale: places + 1 }) <= 0);
      }),
    );
  });
});
