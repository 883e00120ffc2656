import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decimalToString, pow10, type Decimal } from './decimal.ts';
import { addMoney, excludeVat, moneyToNumber, moneyToString, multiplyMoney, parseMoney, percentOf, salesLineAmounts, type Money, type SalesLineAmounts, type SalesLineInput } from './money.ts';

function money(input: string | number): Money {
  const m = parseMoney(input);
  if (!m.ok) throw new Error(m.problem);
  return m.value;
}

function line(input: SalesLineInput): Record<string, string> {
  const r = salesLineAmounts(input);
  if (!r.ok) throw new Error(r.problem);
  return Object.fromEntries(Object.entries(r.value).map(([k, v]) => [k, moneyToString(v as Money)]));
}

const dec = (units: bigint, scale: number): Decimal => ({ units, scale });
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

describe('money', () => {
  it('parses and prints exactly', () => {
    assert.equal(money('1 000,50').minor, 100050n);
    assert.equal(moneyToString(money(1000)), '1000.00');
    assert.equal(moneyToString(money('1000.0')), '1000.00');
    assert.equal(moneyToString(money(0.1 + 0.2)), '0.30');
    assert.equal(moneyToString(money('-0.005')), '-0.01');
    assert.equal(moneyToString(money('2.345')), '2.35');
    assert.equal(moneyToNumber(money('1000.50')), 1000.5);
    assert.equal(moneyToString(addMoney(money('0.10'), money('0.20'), money('-0.05'))), '0.25');
    assert.equal(parseMoney('ten').ok, false);
  });

  it('rounds half away from zero, once, at the end', () => {
    assert.equal(moneyToString(multiplyMoney(dec(1999n, 2), dec(3n, 0))), '59.97');
    assert.equal(moneyToString(multiplyMoney(dec(100n, 0), dec(33333n, 5))), '33.33');
    assert.equal(moneyToString(multiplyMoney(dec(5n, 3), dec(1n, 0))), '0.01');
    assert.equal(moneyToString(percentOf(money('1.00'), dec(25n, 1))), '0.03');
    assert.equal(moneyToString(percentOf(money('-1.00'), dec(25n, 1))), '-0.03');
    assert.equal(moneyToString(excludeVat(money('120.00'), dec(20n, 0))), '100.00');
    assert.equal(moneyToString(excludeVat(money('100.00'), dec(20n, 0))), '83.33');
  });
});

describe('salesLineAmounts', () => {
  it('prices excluding VAT', () => {
    assert.deepEqual(line({ unitPrice: '19.99', quantity: 3, lineDiscountPercent: 10, vatPercent: 20, pricesIncludeVat: false }), {
      grossAmount: '59.97', lineDiscountAmount: '6.00', lineAmount: '53.97', amount: '53.97', vatAmount: '10.79', amountIncludingVat: '64.76',
    });
  });

  it('prices including VAT', () => {
    assert.deepEqual(line({ unitPrice: 120, quantity: '1', vatPercent: '20', pricesIncludeVat: 'Y' }), {
      grossAmount: '120.00', lineDiscountAmount: '0.00', lineAmount: '120.00', amount: '100.00', vatAmount: '20.00', amountIncludingVat: '120.00',
    });
    assert.equal(line({ unitPrice: 100, quantity: 1, vatPercent: 18, pricesIncludeVat: true })['amount'], '84.75');
  });

  it('return lines have negative quantities', () => {
    assert.equal(line({ unitPrice: 10, quantity: -1.5, vatPercent: 0, pricesIncludeVat: false })['amountIncludingVat'], '-15.00');
  });

  it('says which part cannot be read', () => {
    const problem = (input: SalesLineInput) => {
      const r = salesLineAmounts(input);
      return r.ok ? '' : r.problem;
    };
    assert.match(problem({ unitPrice: 1, quantity: '0.123456', vatPercent: 0, pricesIncludeVat: false }), /^quantity: "0.123456" has more than 5 decimals/);
    assert.match(problem({ unitPrice: 1, quantity: 1, lineDiscountPercent: 101, vatPercent: 0, pricesIncludeVat: false }), /^line discount %: 101 is above 100/);
    assert.match(problem({ unitPrice: 'abc', quantity: 1, vatPercent: 0, pricesIncludeVat: false }), /^unit price: "abc" is not a number/);
    assert.match(problem({ unitPrice: 1, quantity: 1, vatPercent: 0, pricesIncludeVat: 'maybe' }), /not a yes\/no value/);
  });

  const lines = fc.record({
    price: fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 14n }), fc.integer({ min: 0, max: 5 })),
    quantity: fc.tuple(fc.bigInt({ min: -(10n ** 6n), max: 10n ** 9n }), fc.integer({ min: 0, max: 5 })),
    discount: fc.integer({ min: 0, max: 10_000 }),
    vat: fc.constantFrom('0', '10', '18', '20', '7.7'),
    includesVat: fc.boolean(),
  });

  it('the same line from Bitrix24 numbers and from NAV decimal text agrees to the cent', () => {
    fc.assert(
      fc.property(lines, (l) => {
        const price = decimalToString(dec(...l.price));
        const quantity = decimalToString(dec(...l.quantity));
        const discount = decimalToString(dec(BigInt(l.discount), 2));
        // Bitrix24 product rows: JSON numbers, TAX_INCLUDED 'Y'/'N'.
        const b24 = salesLineAmounts({ unitPrice: Number(price), quantity: Number(quantity), lineDiscountPercent: Number(discount), vatPercent: Number(l.vat), pricesIncludeVat: l.includesVat ? 'Y' : 'N' });
        // NAV: xsd:decimal text with 5 decimals, booleans; and a Russian-formatted copy.
        const nav = salesLineAmounts({ unitPrice: decimalToString(dec(...l.price), 5), quantity: decimalToString(dec(...l.quantity), 5), lineDiscountPercent: discount, vatPercent: l.vat, pricesIncludeVat: l.includesVat });
        const russian = (d: Decimal): string => {
          const [int = '', frac = ''] = decimalToString(d, 5).split('.');
          return `${int.replace(/\B(?=(\d{3})+$)/g, '\u00a0')},${frac}`;
        };
        const ru = salesLineAmounts({ unitPrice: russian(dec(...l.price)), quantity: russian(dec(...l.quantity)), lineDiscountPercent: discount, vatPercent: l.vat, pricesIncludeVat: l.includesVat ? 'true' : 'false' });
        assert.ok(b24.ok && nav.ok && ru.ok);
        assert.deepEqual(b24.value, nav.value);
        assert.deepEqual(ru.value, nav.value);
      }),
    );
  });

  it('the amounts add up and each rounding is within half a cent', () => {
    fc.assert(
      fc.property(lines, (l) => {
        const r = salesLineAmounts({ unitPrice: dec(...l.price), quantity: dec(...l.quantity), lineDiscountPercent: dec(BigInt(l.discount), 2), vatPercent: l.vat, pricesIncludeVat: l.includesVat });
        assert.ok(r.ok);
        const a: SalesLineAmounts = r.value;
        assert.equal(a.lineAmount.minor, a.grossAmount.minor - a.lineDiscountAmount.minor);
        assert.equal(a.amount.minor + a.vatAmount.minor, a.amountIncludingVat.minor);
        assert.equal(l.includesVat ? a.amountIncludingVat.minor : a.amount.minor, a.lineAmount.minor);
        // |gross − price × qty| ≤ ½ cent
        const [pu, ps] = l.price;
        const [qu, qs] = l.quantity;
        const exactScale = pow10(ps + qs);
        assert.ok(abs(a.grossAmount.minor * exactScale - pu * qu * 100n) * 2n <= exactScale);
        // |discount − gross × d%| ≤ ½ cent (d has 2 decimals → / 10000)
        assert.ok(abs(a.lineDiscountAmount.minor * 10_000n - a.grossAmount.minor * BigInt(l.discount)) * 2n <= 10_000n);
        // VAT: |vat − amount × rate| ≤ ½ cent (prices excl. VAT) or ½ cent × (1 + rate) (incl. VAT, where
        // VAT is what is left after rounding the amount); rate in tenths of a percent.
        const rate10 = BigInt(Math.round(Number(l.vat) * 10));
        assert.ok(abs(a.vatAmount.minor * 1000n - a.amount.minor * rate10) * 2n <= 1000n + abs(rate10) * 1n);
        assert.ok(a.grossAmount.minor >= 0n ? a.lineDiscountAmount.minor <= a.grossAmount.minor : a.lineDiscountAmount.minor >= a.grossAmount.minor);
      }),
    );
  });
});
