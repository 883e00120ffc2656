// Product writes as batch plans: `p` the product (add or update), `m` its prices.
// catalog.price.modify replaces the product's whole price collection — entries not
// sent are deleted (reference §7.6) — so the prices of other types are sent back as
// they are, with their ids. Measures, VAT rates and properties are written by the
// codes config uses (OKEI 796, 20 %, ARTNUMBER) and resolved to this portal's ids.
import { SyncError } from '../../../core/failure.ts';
import { parseBool } from '../../../core/normalize.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest } from '../../../engine/ports.ts';
import type { CatalogPrice } from '../types.ts';
import { idIn, resultOf, type PlannedCommand, type Planned } from './batch-writer.ts';
import type { CatalogDictionaries } from './dictionaries.ts';
import { ownPrice, productRecord, type ProductState } from './product-read.ts';
import { numberOrNull, scalarsOf } from './values.ts';
import { differs } from './write-values.ts';

function invalid(message: string): SyncError {
  return new SyncError('B24_VALIDATION', `products: ${message}`);
}

function yn(value: FieldValue, path: string): 'Y' | 'N' | SyncError {
  const text = scalarsOf(value)[0];
  if (typeof value === 'boolean') return value ? 'Y' : 'N';
  const parsed = text === undefined ? undefined : parseBool(text);
  return parsed?.ok ? (parsed.value ? 'Y' : 'N') : invalid(`${path} must be Y or N, got ${JSON.stringify(value)}`);
}

function numberOf(value: FieldValue): number | null {
  return numberOrNull(scalarsOf(value)[0] ?? null);
}

/** Product `fields` for the written paths (price and currency excepted), or the first error. */
function productFields(written: Readonly<Record<string, FieldValue>>, dicts: CatalogDictionaries, sections: ReadonlyMap<string, number | SyncError>): Record<string, unknown> | SyncError {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(written)) {
    const text = scalarsOf(value)[0] ?? null;
    switch (path) {
      case 'name':
      case 'code':
      case 'xmlId':
        out[path] = text ?? '';
        break;
      case 'active':
      case 'vatIncluded': {
        const flag = yn(value, path);
        if (flag instanceof SyncError) return flag;
        out[path] = flag;
        break;
      }
      case 'measure': {
        if (text === null) break;
        const measure = dicts.measures.find((m) => Number(m.code) === numberOf(value));
        if (!measure) return invalid(`no unit of measure with the code ${text} (catalog.measure.list)`);
        out['measure'] = measure.id;
        break;
      }
      case 'vatRate': {
        const rate = numberOf(value);
        const vat = dicts.vats.find((v) => (rate === null ? v.rate === null : numberOrNull(v.rate) === rate));
        if (!vat && rate !== null) return invalid(`no VAT rate of ${rate} % (catalog.vat.list)`);
        out['vatId'] = vat ? vat.id : null;
        break;
      }
      case 'section': {
        const id = text === null ? null : sections.get(text);
        if (id instanceof SyncError) return id;
        out['iblockSectionId'] = id ?? null;
        break;
      }
      case 'purchasingPrice':
        out['purchasingPrice'] = numberOf(value);
        break;
      case 'price':
      case 'currency':
        break;
      default: {
        const code = path.startsWith('property.') ? path.slice('property.'.length) : undefined;
        const property = code === undefined ? undefined : dicts.properties.find((p) => p.code === code);
        if (!property) return invalid(`"${path}" is not a product field path (see fieldPaths(); properties by their code)`);
        out[`property${property.id}`] = { value: text ?? '' };
      }
    }
  }
  return out;
}

/** The price collection to send, or undefined when the configured price does not change. */
function priceCollection(written: Readonly<Record<string, FieldValue>>, state: ProductState | undefined, dicts: CatalogDictionaries): Array<Partial<CatalogPrice>> | undefined {
  if (!('price' in written) && !('currency' in written)) return undefined;
  const own = state ? ownPrice(state, dicts) : undefined;
  const price = 'price' in written ? numberOf(written['price'] ?? null) : numberOrNull(own?.price);
  const currency = ('currency' in written ? scalarsOf(written['currency'] ?? null)[0] : undefined) ?? own?.currency ?? dicts.baseCurrency;
  if (own && !differs(own.price, price) && !differs(own.currency, currency)) return undefined;
  if (!own && price === null) return undefined;
  const others = (state?.prices ?? []).filter((p) => p !== own).map((p) => ({ id: p.id, catalogGroupId: p.catalogGroupId, price: p.price, currency: p.currency }));
  const mine = price === null ? [] : [{ ...(own ? { id: own.id } : {}), catalogGroupId: dicts.priceType.id, price, currency }];
  return [...others, ...mine];
}

function withPurchasingCurrency(fields: Record<string, unknown>, written: Readonly<Record<string, FieldValue>>, dicts: CatalogDictionaries): Record<string, unknown> {
  if (fields['purchasingPrice'] === undefined || fields['purchasingPrice'] === null) return fields;
  return { ...fields, purchasingCurrency: scalarsOf(written['currency'] ?? null)[0] ?? dicts.baseCurrency };
}

export function planProductCreate(request: CreateRequest, dicts: CatalogDictionaries, sections: ReadonlyMap<string, number | SyncError>): Planned {
  const fields = productFields(request.fields, dicts, sections);
  if (fields instanceof SyncError) return { ref: request.ref, error: fields };
  // The external id is the xmlId unless the field map writes one (then matching by code finds it).
  const add = { ...withPurchasingCurrency(fields, request.fields, dicts), iblockId: dicts.iblockId, xmlId: fields['xmlId'] || request.externalId };
  const commands: PlannedCommand[] = [{ name: 'p', method: 'catalog.product.add', params: { fields: add } }];
  const prices = priceCollection(request.fields, undefined, dicts);
  if (prices) commands.push({ name: 'm', method: 'catalog.price.modify', params: { fields: { product: { id: resultOf('p', 'element', 'id'), prices } } } });
  return {
    ref: request.ref,
    commands,
    id: (results) => idIn((results['p'] as { element?: { id?: unknown } } | undefined)?.element?.id),
    undo: (id) => [{ name: 'd', method: 'catalog.product.delete', params: { id } }],
  };
}

export function planProductUpdate(request: UpdateRequest, state: ProductState | undefined, dicts: CatalogDictionaries, sections: ReadonlyMap<string, number | SyncError>): Planned {
  if (!state) return { ref: request.ref, error: new SyncError('B24_NOT_FOUND', `products: product ${request.id} does not exist`) };
  const all = productFields(request.fields, dicts, sections);
  if (all instanceof SyncError) return { ref: request.ref, error: all };
  const current = productRecord(state, dicts).fields;
  const changedPaths = Object.keys(request.fields).filter((path) => !(path in current) || differs(current[path] ?? null, request.fields[path] ?? null));
  const fields = productFields(Object.fromEntries(changedPaths.map((p) => [p, request.fields[p] ?? null])), dicts, sections) as Record<string, unknown>;
  const commands: PlannedCommand[] = [];
  if (Object.keys(fields).length > 0) commands.push({ name: 'p', method: 'catalog.product.update', params: { id: request.id, fields: withPurchasingCurrency(fields, request.fields, dicts) } });
  const prices = priceCollection(request.fields, state, dicts);
  if (prices) commands.push({ name: 'm', method: 'catalog.price.modify', params: { fields: { product: { id: request.id, prices } } } });
  return { ref: request.ref, commands, id: request.id };
}
