// Tax identifiers: the Russian INN (with its check digits) and EU-style VAT ids.
// Russian companies usually keep their INN in NAV's VAT_Registration_No, so both forms
// are read here.

export type InnCheck =
  | { readonly valid: true; readonly inn: string; readonly kind: 'organisation' | 'person' }
  | { readonly valid: false; readonly inn: string; readonly reason: string };

/**
 * Digits only. An INN given as a number has lost a leading zero (region codes run from
 * 01, e.g. Bashkortostan 02…), so a number with 9 or 11 digits gets it back.
 */
export function normalizeInn(raw: string | number): string {
  const digits = String(raw).replace(/\D/g, '');
  if (typeof raw === 'number' && (digits.length === 9 || digits.length === 11)) return `0${digits}`;
  return digits;
}

// Check-digit weights of the INN (Order of the Federal Tax Service, the INN
// assignment rules; the same algorithm every Russian accounting package uses).
const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w * Number(digits[i]);
  });
  return (sum % 11) % 10;
}

/** 10 digits (an organisation) or 12 (a person or sole trader), check digits right. */
export function checkInn(raw: string | number): InnCheck {
  const inn = normalizeInn(raw);
  if (inn.length !== 10 && inn.length !== 12) {
    return { valid: false, inn, reason: `has ${inn.length} digits, an INN has 10 (organisation) or 12 (person)` };
  }
  if (/^0+$/.test(inn)) return { valid: false, inn, reason: 'is all zeros' };
  if (inn.length === 10) {
    if (checkDigit(inn, W10) !== Number(inn[9])) return { valid: false, inn, reason: 'fails the INN check digit' };
    return { valid: true, inn, kind: 'organisation' };
  }
  if (checkDigit(inn, W11) !== Number(inn[10]) || checkDigit(inn, W12) !== Number(inn[11])) {
    return { valid: false, inn, reason: 'fails the INN check digits' };
  }
  return { valid: true, inn, kind: 'person' };
}

/**
 * Upper-case letters and digits only; the country prefix is kept ("de 123 456 789" →
 * "DE123456789"), since the same digits in two countries are two companies.
 */
export function normalizeVat(raw: string | number): string {
  return String(raw).normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
}
