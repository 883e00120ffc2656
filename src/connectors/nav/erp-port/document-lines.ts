// Document lines between NAV and the canonical line of the orders/invoices contract:
//   [item, quantity, unitPrice, discountPercent, vatRate]            (orders)
//   [item, quantity, unitPrice, discountPercent, vatRate, description] (invoices)
// item = the item No (null for a G/L, comment or other non-item line); unitPrice is
// excluding VAT and before the line discount, to the cent: NAV's Unit_Price, divided
// by (1 + VAT %) when the document's prices include VAT; discountPercent to the cent;
// vatRate = the line's VAT Prod. Posting Group through the `vatRates` value map
// (null = no VAT). Numbers are JSON numbers, so equal lines hash equal.
//
// Written lines go back the other way: Type Item, No, Quantity, Unit_Price (times
// 1 + VAT % when prices include VAT, kept to NAV's 5 decimals, which reads back to
// the same cent) and Line_Discount_Percent. Pure: no I/O.
import { decimalToNumber, parseDecimal, pow10, roundRatio, type Decimal } from '../../../core/decimal.ts';
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { ValueMap } from '../../../core/transforms.ts';
import type { NavRow } from './nav-page.ts';

/** A line the engine asked to write, read from its canonical form. */
export interface WantedLine {
  /** 1-based, for messages. */
  readonly position: number;
  readonly item: string;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discountPercent: number;
  readonly vatRate: number | null;
}

/** The NAV values of a line as b24nav writes or restores it. */
export interface LineSpec {
  readonly Type: string;
  readonly No: string;
  readonly Quantity: number;
  readonly Unit_Price: number;
  readonly Line_Discount_Percent: number;
  /** Kept for lines without an item (comments), whose text is all they have. */
  readonly Description?: string;
}

function exact(n: number): Decimal {
  const d = parseDecimal(n);
  if (!d.ok) throw new Error(`not a number: ${n}`);
  return d.value;
}

/** Rounds to `places` decimals, half away from zero, without binary float drift (1.005 → 1.01). */
export function roundTo(n: number, places: number): number {
  const d = exact(n);
  if (d.scale <= places) return n;
  return decimalToNumber({ units: roundRatio(d.units, pow10(d.scale - places)), scale: places });
}

/** price × 100 / (100 + rate), to the cent: a price including VAT without it. */
function withoutVat(price: number, ratePercent: number): number {
  const p = exact(price);
  const r = exact(ratePercent);
  // cents = p.units/10^p.scale × 100 × 100·10^r.scale / (100·10^r.scale + r.units)
  const num = p.units * 100n * 100n * pow10(r.scale);
  const den = pow10(p.scale) * (100n * pow10(r.scale) + r.units);
  return decimalToNumber({ units: roundRatio(num, den), scale: 2 });
}

/** price × (1 + rate / 100), to NAV's 5 decimals of a unit price. */
function withVat(price: number, ratePercent: number): number {
  const p = exact(price);
  const r = exact(ratePercent);
  const units = p.units * (100n * pow10(r.scale) + r.units);
  const scale = p.scale + r.scale + 2;
  return decimalToNumber(scale <= 5 ? { units, scale } : { units: roundRatio(units, pow10(scale - 5)), scale: 5 });
}

/** The VAT % of a VAT Prod. Posting Group; a blank group (a comment line) has none. */
export function vatRateOf(map: ValueMap, group: string): number | null {
  if (group === '') return null;
  const value = Object.hasOwn(map.values, group) ? map.values[group] : map.fallback;
  return typeof value === 'number' ? value : null;
}

const num = (row: NavRow, field: string): number => Number(row[field] ?? 0);

/** A NAV line (order, invoice or posted invoice line) as a canonical line. */
export function canonicalLine(row: NavRow, pricesIncludingVat: boolean, vatRates: ValueMap, withDescription: boolean): FieldValue[] {
  const item = row['Type'] === 'Item' && String(row['No'] ?? '') !== '' ? String(row['No']) : null;
  const vatRate = vatRateOf(vatRates, String(row['VAT_Prod_Posting_Group'] ?? ''));
  const price = num(row, 'Unit_Price');
  const unitPrice = pricesIncludingVat && vatRate !== null && vatRate !== 0 ? withoutVat(price, vatRate) : roundTo(price, 2);
  const line: FieldValue[] = [item, num(row, 'Quantity'), unitPrice, roundTo(num(row, 'Line_Discount_Percent'), 2), vatRate];
  if (withDescription) line.push(String(row['Description'] ?? ''));
  return line;
}

/** The NAV values that write a wanted line on a document with or without prices including VAT. */
export function lineSpec(line: WantedLine, pricesIncludingVat: boolean): LineSpec {
  const rate = line.vatRate ?? 0;
  return {
    Type: 'Item',
    No: line.item.toUpperCase(),
    Quantity: line.quantity,
    Unit_Price: pricesIncludingVat && rate !== 0 ? withVat(line.unitPrice, rate) : line.unitPrice,
    Line_Discount_Percent: line.discountPercent,
  };
}

/** What a NAV line is, to compare with and to restore it. */
export function specOf(row: NavRow): LineSpec {
  const type = String(row['Type'] ?? '');
  return {
    Type: type,
    No: String(row['No'] ?? ''),
    Quantity: num(row, 'Quantity'),
    Unit_Price: num(row, 'Unit_Price'),
    Line_Discount_Percent: num(row, 'Line_Discount_Percent'),
    ...(type === '' || String(row['No'] ?? '') === '' ? { Description: String(row['Description'] ?? '') } : {}),
  };
}

function lineError(position: number, problem: string): SyncError {
  return new SyncError('SYNC_MAPPING', `NAV order lines: line ${position} ${problem}; a line is [item, quantity, unit price excl. VAT, discount %, VAT %] (docs/mapping.md).`);
}

const finite = (v: FieldValue | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The lines of a write, or why they cannot be written — checked before anything goes
 * to NAV, so a line without an item never leaves half an order behind.
 */
export function wantedLines(value: FieldValue): WantedLine[] | SyncError {
  if (value === null) return [];
  if (!Array.isArray(value)) return new SyncError('SYNC_MAPPING', `NAV order lines: lines must be a list of lines, not ${JSON.stringify(value)}.`);
  const out: WantedLine[] = [];
  for (const [index, raw] of (value as readonly FieldValue[]).entries()) {
    const position = index + 1;
    if (!Array.isArray(raw) || raw.length < 5) return lineError(position, `is not a line: ${JSON.stringify(raw)}`);
    const [item, quantity, unitPrice, discountPercent, vatRate] = raw as readonly FieldValue[];
    if (item === null || item === undefined || (typeof item === 'string' && item.trim() === '')) {
      return new SyncError(
        'SYNC_LINE_WITHOUT_ITEM',
        `line ${position} has no item: ${JSON.stringify(raw)}. Every line of a NAV order must be an item; pick a catalog product for the row (or sync the product first), then retry.`,
      );
    }
    if (typeof item !== 'string') return lineError(position, `names its item as ${JSON.stringify(item)}, not as an item No.`);
    if (!finite(quantity)) return lineError(position, `has no numeric quantity (${JSON.stringify(quantity)})`);
    if (!finite(unitPrice)) return lineError(position, `has no numeric unit price (${JSON.stringify(unitPrice)})`);
    if (!finite(discountPercent) || discountPercent < 0 || discountPercent > 100) return lineError(position, `has a discount of ${JSON.stringify(discountPercent)}, not a number from 0 to 100`);
    if (vatRate !== null && (!finite(vatRate) || vatRate < 0)) return lineError(position, `has a VAT rate of ${JSON.stringify(vatRate)}, not a number or null`);
    out.push({ position, item: item.trim(), quantity, unitPrice, discountPercent, vatRate: vatRate ?? null });
  }
  return out;
}

/**
 * NAV decides VAT from the item's VAT Prod. Posting Group: a line that says another
 * rate would come back different, so it fails the record instead, naming both rates.
 * Items NAV does not know are left to NAV, whose own message then explains.
 */
export function checkVat(lines: readonly WantedLine[], itemGroups: ReadonlyMap<string, string>, vatRates: ValueMap): SyncError | undefined {
  for (const line of lines) {
    const group = itemGroups.get(line.item.toUpperCase());
    if (group === undefined) continue;
    const nav = vatRateOf(vatRates, group);
    if (nav !== line.vatRate) {
      return new SyncError(
        'SYNC_VAT_MISMATCH',
        `line ${line.position} (item ${line.item}) has VAT ${line.vatRate === null ? 'none' : `${line.vatRate} %`}, but NAV charges ${nav === null ? 'none' : `${nav} %`} for it ` +
          `(VAT Prod. Posting Group ${group === '' ? "''" : group}). Set the product's VAT rate in Bitrix24 to NAV's, or map the group to the right rate in the products' value map vatRates, then retry.`,
      );
    }
  }
  return undefined;
}

/** Whether a NAV line is the same article as a wanted one (so it is changed in place, not replaced). */
export function sameArticle(current: LineSpec, wanted: LineSpec): boolean {
  if (current.Type !== wanted.Type) return false;
  if (current.No.toUpperCase() !== wanted.No.toUpperCase()) return false;
  return true;
}

const close = (a: number, b: number): boolean => Math.abs(a - b) < 5e-6;

/** The fields of `current` that differ from `wanted` (a line changed in place). */
export function lineChanges(current: LineSpec, wanted: LineSpec): Partial<Record<'Quantity' | 'Unit_Price' | 'Line_Discount_Percent' | 'Description', string | number>> {
  const out: Partial<Record<'Quantity' | 'Unit_Price' | 'Line_Discount_Percent' | 'Description', string | number>> = {};
  if (!close(current.Quantity, wanted.Quantity)) out.Quantity = wanted.Quantity;
  if (!close(current.Unit_Price, wanted.Unit_Price)) out.Unit_Price = wanted.Unit_Price;
  if (!close(current.Line_Discount_Percent, wanted.Line_Discount_Percent)) out.Line_Discount_Percent = wanted.Line_Discount_Percent;
  if (wanted.Description !== undefined && current.Description !== wanted.Description) out.Description = wanted.Description;
  return out;
}

/** The values that add a line: a comment line is its text; an item line its article and numbers. */
export function addValues(spec: LineSpec): Record<string, string | number> {
  if (spec.Type === '' || spec.No === '') return { Type: spec.Type, ...(spec.Description !== undefined ? { Description: spec.Description } : {}) };
  return { Type: spec.Type, No: spec.No, Quantity: spec.Quantity, Unit_Price: spec.Unit_Price, Line_Discount_Percent: spec.Line_Discount_Percent };
}
