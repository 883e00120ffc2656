// Exact decimals as a bigint of units and a scale (value = units × 10^-scale), so
// money and quantities never drift the way binary floating point does
// (0.1 + 0.2 ≠ 0.3). Rounding is half away from zero, as NAV's ROUND(x, 0.01)
// with the default direction '=' does.
import { fail, ok, quote, type Outcome } from './outcome.ts';

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

// Spaces a person or a locale puts between thousands: space, no-break space,
// narrow no-break space, thin space, and the apostrophe of Swiss formats.
const GROUPING = /[\s\u00a0\u202f\u2009']/g;
const PLAIN = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Reads `1000`, `"1000.00"`, `"1 000,50"`, `"-5"`, `"1,234.56"`, `"1.5e-7"`.
 * A lone comma is the decimal separator (Russian and most European locales), except
 * after 1–3 digits (not starting with 0) and before exactly three ("1,500"): that reads
 * as 1.5 in Moscow and 1500 in London, so it is refused rather than guessed.
 */
export function parseDecimal(input: string | number): Outcome<Decimal> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail(`${String(input)} is not a finite number`);
    return parsePlain(String(input), input);
  }
  let text = input.trim().replace(GROUPING, '');
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // Both present: the last one is the decimal separator, the other groups thousands.
    text = lastComma > lastDot ? text.replace(/\./g, '').replace(',', '.') : text.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const commas = text.split(',').length - 1;
    if (commas > 1) text = text.replace(/,/g, '');
    else if (/^[+-]?[1-9]\d{0,2},\d{3}$/.test(text)) return fail(`${quote(input)} is ambiguous: write it as 1500 or 1.5`);
    else text = text.replace(',', '.');
  }
  return parsePlain(text, input);
}

function parsePlain(text: string, original: string | number): Outcome<Decimal> {
  const m = PLAIN.exec(text);
  const intPart = m?.[2] ?? '';
  const fracPart = m?.[3] ?? '';
  if (!m || (intPart === '' && fracPart === '')) return fail(`${quote(original)} is not a number`);
  const exponent = Number(m[4] ?? '0');
  if (Math.abs(exponent) > 400) return fail(`${quote(original)} is out of range`);
  let units = BigInt(`${intPart}${fracPart}` || '0');
  if (m[1] === '-') units = -units;
  let scale = fracPart.length - exponent;
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return ok(trim({ units, scale }));
}

/** The same value with no trailing zeros in the fraction. */
export function trim(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

/** Divides `num` by `den` (den ≠ 0) and rounds half away from zero to an integer. */
export function roundRatio(num: bigint, den: bigint): bigint {
  if (den < 0n) return roundRatio(-num, -den);
  const q = num / den;
  const r = num % den;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= den) return num < 0n ? q - 1n : q + 1n;
  return q;
}

/** Rounds to `places` decimals, half away from zero. */
export function roundDecimal(d: Decimal, places: number): Decimal {
  if (d.scale <= places) return { units: d.units * pow10(places - d.scale), scale: places };
  return { units: roundRatio(d.units, pow10(d.scale - places)), scale: places };
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function compareDecimal(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.units * pow10(scale - a.scale);
  const y = b.units * pow10(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Plain notation, never exponent: "1000", "-0.5", "1000.00" with `places` = 2. */
export function decimalToString(d: Decimal, places?: number): string {
  const value = places === undefined ? trim(d) : roundDecimal(d, places);
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const cut = digits.length - value.scale;
  const text = value.scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

/** The nearest JS number (exact for amounts below 2^53 minor units). */
export function decimalToNumber(d: Decimal): number {
  const n = Number(decimalToString(d));
  return Object.is(n, -0) ? 0 : n;
}
