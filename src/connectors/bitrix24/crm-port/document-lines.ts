// Product rows of deals and smart invoices ⇄ the canonical document line of the
// orders/invoices contract (docs/mapping.md):
//   [item, quantity, unitPrice, discountPercent, vatRate]              (orders)
//   [item, quantity, unitPrice, discountPercent, vatRate, description] (invoices)
// item = the catalog product id as a string, null for a row without product;
// unitPrice = excl. VAT, before the discount, to the cent; discountPercent to 2
// decimals (a monetary discount, DISCOUNT_TYPE_ID 1, becomes a percentage).
//
// B24 keeps PRICE = the final unit price, after the discount and with the tax, whether
// or not TAX_INCLUDED says the tax was typed into the price (reference §7.4); PRICE_NETTO
// is the price before the discount and without tax. A row is written with PRICE computed
// from the line (plus the matching NETTO/EXCLUSIVE/DISCOUNT_SUM) so that the portal,
// which derives the other prices from PRICE, reads back exactly the line written.
import { decimalToNumber, parseDecimal, roundDecimal } from '../../../core/decimal.ts';
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue } from '../../../core/record.ts';

export interface DocumentLine {
  readonly item: string | null;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly discountPercent: number;
  readonly vatRate: number | null;
  /** Invoices only: the row's PRODUCT_NAME. */
  readonly description?: string | null;
}

export type LineShape = 'order' | 'invoice';

/** Half away from zero on the number's shortest decimal form (1.005 → 1.01), -0 → 0. */
export function roundTo(value: number, places: number): number {
  const parsed = parseDecimal(value);
  return parsed.ok ? decimalToNumber(roundDecimal(parsed.value, places)) : value;
}

function num(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A product row as either API gives it: UPPER_CASE (crm.deal.productrows.*) or camelCase (crm.item.productrow.*). */
function field(row: Readonly<Record<string, unknown>>, upper: string): unknown {
  if (upper in row) return row[upper];
  return row[upper.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())];
}

/** The canonical line of a portal row. */
export function lineOfRow(row: Readonly<Record<string, unknown>>, shape: LineShape): FieldValue[] {
  const productId = num(field(row, 'PRODUCT_ID')) ?? 0;
  const quantity = num(field(row, 'QUANTITY')) ?? 1;
  const taxRate = num(field(row, 'TAX_RATE'));
  const monetary = num(field(row, 'DISCOUNT_TYPE_ID')) === 1;
  const discountSum = num(field(row, 'DISCOUNT_SUM')) ?? 0;
  const discountRate = num(field(row, 'DISCOUNT_RATE')) ?? 0;
  const price = num(field(row, 'PRICE')) ?? 0;
  const exclusive = num(field(row, 'PRICE_EXCLUSIVE')) ?? price / (1 + (taxRate ?? 0) / 100);
  // PRICE_NETTO when the portal gives it; otherwise undone from the final price.
  const netto =
    num(field(row, 'PRICE_NETTO')) ??
    (monetary ? exclusive + discountSum : discountRate >= 100 ? discountSum : exclusive / (1 - discountRate / 100));
  const percent = monetary ? (netto === 0 ? 0 : (discountSum / netto) * 100) : discountRate;
  const line: FieldValue[] = [productId > 0 ? String(productId) : null, roundTo(quantity, 5), roundTo(netto, 2), roundTo(percent, 2), taxRate];
  if (shape === 'invoice') {
    const name = field(row, 'PRODUCT_NAME');
    line.push(typeof name === 'string' && name !== '' ? name : null);
  }
  return line;
}

function invalid(entity: string, message: string): SyncError {
  return new SyncError('B24_VALIDATION', `${entity}: ${message}`);
}

function numberAt(line: readonly FieldValue[], i: number): number | null {
  const v = line[i];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Written lines as DocumentLines, or an error naming the line and what is wrong with it. */
export function parseLines(value: FieldValue, shape: LineShape, entity: string): DocumentLine[] | SyncError {
  if (value === null) return [];
  if (!Array.isArray(value)) return invalid(entity, `productRows must be a list of lines, got ${JSON.stringify(value)}`);
  const out: DocumentLine[] = [];
  for (const [i, raw] of (value as readonly FieldValue[]).entries()) {
    const n = i + 1;
    if (!Array.isArray(raw) || raw.length < 5) {
      return invalid(entity, `line ${n} must be [item, quantity, unitPrice, discountPercent, vatRate${shape === 'invoice' ? ', description' : ''}], got ${JSON.stringify(raw)}`);
    }
    const line = raw as readonly FieldValue[];
    const item = line[0];
    if (item !== null && typeof item !== 'string' && typeof item !== 'number') return invalid(entity, `line ${n}: the item must be a product id or null, got ${JSON.stringify(item)}`);
    const itemText = item === null || item === '' ? null : String(item).trim();
    if (itemText !== null && !/^[1-9]\d{0,17}$/.test(itemText)) return invalid(entity, `line ${n}: "${itemText}" is not a Bitrix24 product id`);
    const quantity = numberAt(line, 1);
    const unitPrice = numberAt(line, 2);
    const discount = line[3] === null ? 0 : numberAt(line, 3);
    const vat = line[4] === null ? null : numberAt(line, 4);
    if (quantity === null) return invalid(entity, `line ${n}: the quantity must be a number, got ${JSON.stringify(line[1])}`);
    if (unitPrice === null) return invalid(entity, `line ${n}: the unit price must be a number, got ${JSON.stringify(line[2])}`);
    if (discount === null || discount < 0 || discount > 100) return invalid(entity, `line ${n}: the discount must be a percentage from 0 to 100, got ${JSON.stringify(line[3])}`);
    if (vat === null && line[4] !== null) return invalid(entity, `line ${n}: the VAT rate must be a number or null, got ${JSON.stringify(line[4])}`);
    const description = line[5];
    out.push({
      item: itemText,
      quantity,
      unitPrice: roundTo(unitPrice, 2),
      discountPercent: roundTo(discount, 2),
      vatRate: vat,
      ...(typeof description === 'string' && description !== '' ? { description } : {}),
    });
  }
  return out;
}

/** The lines in their canonical form (what a read of them gives), for comparing. */
export function canonicalLines(lines: readonly DocumentLine[], shape: LineShape): FieldValue[][] {
  return lines.map((l) => {
    const out: FieldValue[] = [l.item, roundTo(l.quantity, 5), l.unitPrice, l.discountPercent, l.vatRate];
    if (shape === 'invoice') out.push(l.description ?? null);
    return out;
  });
}

/** Unit prices of a line: the portal derives the others from PRICE (the final price). */
function prices(line: DocumentLine): { price: number; exclusive: number; discountSum: number } {
  const d = line.discountPercent / 100;
  const exclusive = line.discountPercent >= 100 ? 0 : line.unitPrice * (1 - d);
  return { price: exclusive * (1 + (line.vatRate ?? 0) / 100), exclusive, discountSum: line.unitPrice - exclusive };
}

/**
 * A row for crm.deal.productrows.set (UPPER_CASE) or crm.item.productrow.set (camelCase).
 * A row without a product needs a name: the description, else "Line <n>".
 */
export function rowOfLine(line: DocumentLine, index: number, style: 'legacy' | 'item'): Record<string, unknown> {
  const p = prices(line);
  const name = line.description ?? (line.item === null ? `Line ${index + 1}` : undefined);
  const row: Record<string, unknown> = {
    PRODUCT_ID: line.item === null ? 0 : Number(line.item),
    ...(name === undefined ? {} : { PRODUCT_NAME: name }),
    QUANTITY: line.quantity,
    PRICE: p.price,
    PRICE_EXCLUSIVE: p.exclusive,
    PRICE_NETTO: line.unitPrice,
    DISCOUNT_TYPE_ID: 2,
    DISCOUNT_RATE: line.discountPercent,
    // Required with a 100 % discount (crm.deal.productrows.set validation, reference §7.4).
    DISCOUNT_SUM: p.discountSum,
    TAX_RATE: line.vatRate,
    TAX_INCLUDED: 'N',
    SORT: (index + 1) * 10,
  };
  if (style === 'legacy') return row;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}
