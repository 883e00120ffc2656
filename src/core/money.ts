// Exact money in integer minor units (kopecks, cents), and the amounts of a sales line
// computed the way NAV computes them, so that the same line read from Bitrix24 (JSON
// numbers) and from NAV (decimal text) comes to the same cent.
//
// Rounding: every amount is rounded to 0.01, half away from zero (2.345 → 2.35,
// -2.345 → -2.35). That is NAV's ROUND(x, 0.01) with the default direction '=' and the
// default "Amount Rounding Precision" 0.01 of General Ledger Setup. Unit prices and
// quantities are not rounded (NAV keeps up to 5 decimals of both).
//
// A sales line (NAV table 37 Sales Line, the UpdateAmounts logic):
//   Line Discount Amount = ROUND(ROUND(Quantity × Unit Price) × Line Discount % / 100)
//   Line Amount          = ROUND(Quantity × Unit Price) − Line Discount Amount
//   prices excl. VAT: Amount = Line Amount;  VAT = ROUND(Amount × VAT % / 100)
//   prices incl. VAT: Amount = ROUND(Line Amount / (1 + VAT % / 100));  VAT = Line Amount − Amount
//   Amount Including VAT = Amount + VAT
// NAV rounds VAT once more per document and VAT identifier when it posts; a line's VAT
// here is the line's own, as NAV shows it on the line before posting.
import { compareDecimal, decimalToNumber, decimalToString, parseDecimal, pow10, roundRatio, trim, type Decimal } from './decimal.ts';
import { parseBool } from './normalize.ts';
import { fail, ok, quote, type Outcome } from './outcome.ts';

/** An amount in minor units: 1000.50 is { minor: 100050n }. */
export interface Money {
  readonly minor: bigint;
}

const CENT_SCALE = 2;
const HUNDRED = 100n;

export type DecimalInput = Decimal | string | number;

function toDecimal(input: DecimalInput): Outcome<Decimal> {
  return typeof input === 'object' ? ok(input) : parseDecimal(input);
}

/** Rounds an exact value to the cent, half away from zero. */
export function moneyFromDecimal(d: Decimal): Money {
  if (d.scale <= CENT_SCALE) return { minor: d.units * pow10(CENT_SCALE - d.scale) };
  return { minor: roundRatio(d.units, pow10(d.scale - CENT_SCALE)) };
}

/** Reads "1000.00", 1000, "1 000,50"; more than two decimals are rounded to the cent. */
export function parseMoney(input: DecimalInput): Outcome<Money> {
  const d = toDecimal(input);
  return d.ok ? ok(moneyFromDecimal(d.value)) : d;
}

export function moneyToDecimal(m: Money): Decimal {
  return { units: m.minor, scale: CENT_SCALE };
}

/** "1000.50", "-0.05": always two decimals. */
export function moneyToString(m: Money): string {
  return decimalToString(moneyToDecimal(m), CENT_SCALE);
}

export function moneyToNumber(m: Money): number {
  return decimalToNumber(moneyToDecimal(m));
}

export function addMoney(...amounts: readonly Money[]): Money {
  return { minor: amounts.reduce((sum, m) => sum + m.minor, 0n) };
}

export function subtractMoney(a: Money, b: Money): Money {
  return { minor: a.minor - b.minor };
}

/** price × quantity, rounded to the cent once, at the end. */
export function multiplyMoney(price: Decimal, quantity: Decimal): Money {
  return moneyFromDecimal({ units: price.units * quantity.units, scale: price.scale + quantity.scale });
}

/** ROUND(amount × percent / 100). */
export function percentOf(amount: Money, percent: Decimal): Money {
  return { minor: roundRatio(amount.minor * percent.units, HUNDRED * pow10(percent.scale)) };
}

/** ROUND(gross / (1 + rate / 100)): the amount excluding VAT of an amount that includes it. */
export function excludeVat(gross: Money, ratePercent: Decimal): Money {
  const scale = pow10(ratePercent.scale);
  return { minor: roundRatio(gross.minor * HUNDRED * scale, HUNDRED * scale + ratePercent.units) };
}

export interface SalesLineInput {
  readonly unitPrice: DecimalInput;
  readonly quantity: DecimalInput;
  readonly lineDiscountPercent?: DecimalInput;
  readonly vatPercent: DecimalInput;
  /** NAV Prices_Including_VAT, B24 TAX_INCLUDED: a boolean, 'Y'/'N', 'true'/'false'. */
  readonly pricesIncludeVat: boolean | string;
}

export interface SalesLineAmounts {
  /** ROUND(Quantity × Unit Price). */
  readonly grossAmount: Money;
  readonly lineDiscountAmount: Money;
  /** Gross − discount, in the prices' own terms (incl. VAT when prices include it). */
  readonly lineAmount: Money;
  /** Excluding VAT. */
  readonly amount: Money;
  readonly vatAmount: Money;
  readonly amountIncludingVat: Money;
}

const MAX_DECIMALS = 5;

function readPart(name: string, input: DecimalInput, min: number, max: number | null): Outcome<Decimal> {
  const d = toDecimal(input);
  if (!d.ok) return fail(`${name}: ${d.problem}`);
  const value = trim(d.value);
  if (value.scale > MAX_DECIMALS) return fail(`${name}: ${quote(input)} has more than ${MAX_DECIMALS} decimals, NAV keeps ${MAX_DECIMALS}`);
  if (compareDecimal(value, { units: BigInt(min), scale: 0 }) < 0) return fail(`${name}: ${quote(input)} is below ${min}`);
  if (max !== null && compareDecimal(value, { units: BigInt(max), scale: 0 }) > 0) return fail(`${name}: ${quote(input)} is above ${max}`);
  return ok(value);
}

/** The amounts of one sales line, or a problem naming the part that cannot be read. */
export function salesLineAmounts(input: SalesLineInput): Outcome<SalesLineAmounts> {
  const price = readPart('unit price', input.unitPrice, Number.MIN_SAFE_INTEGER, null);
  const quantity = readPart('quantity', input.quantity, Number.MIN_SAFE_INTEGER, null);
  const discount = readPart('line discount %', input.lineDiscountPercent ?? 0, 0, 100);
  const vat = readPart('VAT %', input.vatPercent, 0, 1000);
  const includesVat = typeof input.pricesIncludeVat === 'boolean' ? ok(input.pricesIncludeVat) : parseBool(input.pricesIncludeVat);
  if (!price.ok) return price;
  if (!quantity.ok) return quantity;
  if (!discount.ok) return discount;
  if (!vat.ok) return vat;
  if (!includesVat.ok) return includesVat;

  const grossAmount = multiplyMoney(price.value, quantity.value);
  const lineDiscountAmount = percentOf(grossAmount, discount.value);
  const lineAmount = subtractMoney(grossAmount, lineDiscountAmount);
  if (includesVat.value) {
    const amount = excludeVat(lineAmount, vat.value);
    return ok({ grossAmount, lineDiscountAmount, lineAmount, amount, vatAmount: subtractMoney(lineAmount, amount), amountIncludingVat: lineAmount });
  }
  const vatAmount = percentOf(lineAmount, vat.value);
  return ok({ grossAmount, lineDiscountAmount, lineAmount, amount: lineAmount, vatAmount, amountIncludingVat: addMoney(lineAmount, vatAmount) });
}
