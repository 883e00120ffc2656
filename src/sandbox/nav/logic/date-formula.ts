// NAV date formulas as used by payment terms ("1M", "14D", "CM", "CM+10D").
// CALCDATE semantics for the subset a sales flow needs: D/W/M/Q/Y steps, and C
// for "current" (end of the period). A month step past the end of the shorter
// month lands on its last day.

const TERM = /([+-]?)(C|\d+)([DWMQY])/g;

export function isDateFormula(formula: string): boolean {
  return /^(?:[+-]?(?:C|\d+)[DWMQY])*$/.test(formula.replace(/[<>\s]/g, '').toUpperCase());
}

/** CALCDATE(formula, date) for 'YYYY-MM-DD' dates. */
export function calcDate(formula: string, day: string): string {
  const cleaned = formula.replace(/[<>\s]/g, '').toUpperCase();
  let d = new Date(`${day}T00:00:00Z`);
  for (const m of cleaned.matchAll(TERM)) {
    const sign = m[1] === '-' ? -1 : 1;
    const unit = m[3];
    if (m[2] === 'C') {
      d = endOf(d, unit ?? 'D', sign);
      continue;
    }
    const n = sign * Number(m[2]);
    switch (unit) {
      case 'D':
        d.setUTCDate(d.getUTCDate() + n);
        break;
      case 'W':
        d.setUTCDate(d.getUTCDate() + 7 * n);
        break;
      case 'M':
        d = addMonths(d, n);
        break;
      case 'Q':
        d = addMonths(d, 3 * n);
        break;
      case 'Y':
        d = addMonths(d, 12 * n);
        break;
    }
  }
  return d.toISOString().slice(0, 10);
}

function addMonths(d: Date, n: number): Date {
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target;
}

function endOf(d: Date, unit: string, sign: number): Date {
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (unit) {
    case 'W': {
      // NAV weeks run Monday to Sunday.
      const dow = (d.getUTCDay() + 6) % 7;
      return new Date(Date.UTC(y, m, d.getUTCDate() + (sign > 0 ? 6 - dow : -dow)));
    }
    case 'M':
      return sign > 0 ? new Date(Date.UTC(y, m + 1, 0)) : new Date(Date.UTC(y, m, 1));
    case 'Q': {
      const q = Math.floor(m / 3) * 3;
      return sign > 0 ? new Date(Date.UTC(y, q + 3, 0)) : new Date(Date.UTC(y, q, 1));
    }
    case 'Y':
      return sign > 0 ? new Date(Date.UTC(y, 12, 0)) : new Date(Date.UTC(y, 0, 1));
    default:
      return d;
  }
}
