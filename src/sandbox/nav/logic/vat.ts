// VAT of sales lines: the rate comes from VAT Posting Setup through the line's VAT
// Prod. Posting Group (taken from the item), and amounts are NAV's: Line Amount =
// ROUND(Quantity × Unit Price) − line discount, VAT rounded per line
// (core/money.ts), summed per document the way posting sums them.
import { moneyToNumber, salesLineAmounts } from '../../../core/money.ts';
import type { Company } from '../data/company.ts';
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';

/** The VAT % of a VAT Prod. Posting Group; a blank group has none. */
export function vatPercentOf(company: Company, group: string): number {
  if (group === '') return 0;
  const rates = company.setup.vatRates;
  if (!rates) return company.setup.vatPercent;
  const rate = rates[group];
  if (rate === undefined) throw navErrors.recordNotFound('VAT Posting Setup', [['VAT Prod. Posting Group', group]]);
  return rate;
}

export interface LineAmounts {
  readonly lineDiscountAmount: number;
  /** In the prices' own terms (including VAT when the document's prices include it). */
  readonly lineAmount: number;
  readonly amount: number;
  readonly vat: number;
  readonly amountIncludingVat: number;
}

/** Five decimals, as NAV stores quantities and unit prices (and no float noise like 0.30000000000000004). */
const exact = (n: number): string => n.toFixed(5);

/** The amounts of a line for `quantity` of it (the whole line, or what is invoiced now). */
export function lineAmounts(line: Row, quantity: number, pricesIncludingVat: boolean): LineAmounts {
  const result = salesLineAmounts({
    unitPrice: exact(Number(line['Unit_Price'])),
    quantity: exact(quantity),
    lineDiscountPercent: exact(Number(line['Line_Discount_Percent'])),
    vatPercent: exact(Number(line['VAT_Percent'] ?? 0)),
    pricesIncludeVat: pricesIncludingVat,
  });
  if (!result.ok) throw navErrors.dialog(`Sales Line ${String(line['Line_No'] ?? '')}: ${result.problem}`);
  const a = result.value;
  return { lineDiscountAmount: moneyToNumber(a.lineDiscountAmount), lineAmount: moneyToNumber(a.lineAmount), amount: moneyToNumber(a.amount), vat: moneyToNumber(a.vatAmount), amountIncludingVat: moneyToNumber(a.amountIncludingVat) };
}

export interface DocumentTotals {
  readonly Total_Amount_Excl_VAT: number;
  readonly Total_VAT_Amount: number;
  readonly Total_Amount_Incl_VAT: number;
}

/** Sums of the lines' amounts, each line's VAT rounded on its own. */
export function documentTotals(lines: readonly Row[], pricesIncludingVat: boolean): DocumentTotals {
  let amount = 0;
  let vat = 0;
  for (const line of lines) {
    if (line['Type'] === '') continue;
    const a = lineAmounts(line, Number(line['Quantity']), pricesIncludingVat);
    amount += Math.round(a.amount * 100);
    vat += Math.round(a.vat * 100);
  }
  return { Total_Amount_Excl_VAT: amount / 100, Total_VAT_Amount: vat / 100, Total_Amount_Incl_VAT: (amount + vat) / 100 };
}
