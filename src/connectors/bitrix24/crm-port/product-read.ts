// Reading catalog products with their price of the configured price type (prices
// are not part of a product, reference §7.6), their section's label and their
// properties by code, in bulk: products → prices (`@productId`) and sections.
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { B24Client } from '../client.ts';
import type { CatalogPrice, CatalogProduct } from '../types.ts';
import { listChunked } from './bulk-read.ts';
import type { CatalogDictionaries } from './dictionaries.ts';
import type { SectionCache } from './sections.ts';
import { laterOf, numberOrNull, numericIds, textOrNull } from './values.ts';

export const PRODUCT_FIELDS = ['name', 'code', 'xmlId', 'active', 'measure', 'vatRate', 'vatIncluded', 'section', 'price', 'currency', 'purchasingPrice'] as const;

export function productSelect(dicts: CatalogDictionaries): string[] {
  return [
    'id', 'iblockId', 'name', 'code', 'xmlId', 'active', 'measure', 'vatId', 'vatIncluded', 'iblockSectionId', 'purchasingPrice', 'purchasingCurrency', 'timestampX',
    ...dicts.properties.map((p) => `property${p.id}`),
  ];
}

export interface ProductState {
  readonly row: CatalogProduct;
  /** Prices of the product: of the configured type only, or of every type (for writes). */
  readonly prices: readonly CatalogPrice[];
  readonly sectionLabel: string | null;
}

export async function readProductStates(client: B24Client, dicts: CatalogDictionaries, sections: SectionCache, rows: readonly CatalogProduct[], allPriceTypes: boolean): Promise<ProductState[]> {
  const [prices, labels] = await Promise.all([
    listChunked<CatalogPrice>(
      client,
      { method: 'catalog.price.list', idField: 'id', filter: allPriceTypes ? {} : { catalogGroupId: dicts.priceType.id }, select: ['id', 'productId', 'catalogGroupId', 'price', 'currency', 'timestampX'] },
      // 45 products a call: one price of a type each, so a page is rarely full and needs no follow-up.
      { inField: 'productId', values: numericIds(rows.map((r) => r.id)), chunkSize: 45 },
    ),
    sections.labels(rows.flatMap((r) => (r.iblockSectionId ? [Number(r.iblockSectionId)] : []))),
  ]);
  const byProduct = new Map<number, CatalogPrice[]>();
  for (const p of prices) byProduct.set(Number(p.productId), [...(byProduct.get(Number(p.productId)) ?? []), p]);
  return rows.map((row) => ({
    row,
    prices: byProduct.get(Number(row.id)) ?? [],
    sectionLabel: row.iblockSectionId ? (labels.get(Number(row.iblockSectionId)) ?? null) : null,
  }));
}

/** The price of the configured type (the first, should a portal keep quantity ranges). */
export function ownPrice(state: ProductState, dicts: CatalogDictionaries): (CatalogPrice & { timestampX?: string }) | undefined {
  return state.prices.find((p) => Number(p.catalogGroupId) === Number(dicts.priceType.id));
}

function propertyValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const items = value.map(propertyValue).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
    return items.length === 0 ? null : items;
  }
  if (typeof value === 'object') return propertyValue((value as { value?: unknown }).value);
  if (typeof value === 'number') return value;
  return textOrNull(value);
}

export function productRecord(state: ProductState, dicts: CatalogDictionaries): SideRecord {
  const { row } = state;
  const price = ownPrice(state, dicts);
  const measure = dicts.measures.find((m) => Number(m.id) === Number(row.measure));
  const vat = row.vatId === null || row.vatId === undefined ? undefined : dicts.vats.find((v) => Number(v.id) === Number(row.vatId));
  const fields: Record<string, FieldValue> = {
    name: textOrNull(row.name),
    code: textOrNull(row.code),
    xmlId: textOrNull(row.xmlId),
    active: textOrNull(row.active),
    measure: measure ? Number(measure.code) : null,
    vatRate: vat ? numberOrNull(vat.rate) : null,
    vatIncluded: textOrNull(row.vatIncluded),
    section: state.sectionLabel,
    price: price ? numberOrNull(price.price) : null,
    currency: price ? textOrNull(price.currency) : null,
    purchasingPrice: numberOrNull((row as unknown as Record<string, unknown>)['purchasingPrice']),
  };
  for (const p of dicts.properties) if (p.code) fields[`property.${p.code}`] = propertyValue(row[`property${p.id}`]);
  // A price change may leave the product's timestampX alone: the later of the two is the version.
  const version = laterOf(textOrNull(row.timestampX), textOrNull(price?.timestampX));
  return { id: String(row.id), version, modifiedAt: version, fields };
}
