// Portal dictionaries, read once and cached: ids differ from portal to portal, so
// config speaks of names and codes and the ids are resolved at start (DESIGN §1
// item 10). A failed load is not cached: the next use tries again.
import type { B24Client } from '../client.ts';
import type { FieldDescription, Measure, PriceType, Vat } from '../types.ts';
import { listAll } from './bulk-read.ts';

export class Lazy<T> {
  private value: Promise<T> | undefined;

  constructor(private readonly load: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.value) {
      const loading = this.load();
      this.value = loading;
      loading.catch(() => {
        if (this.value === loading) this.value = undefined;
      });
    }
    return this.value;
  }

  invalidate(): void {
    this.value = undefined;
  }
}

export interface Preset {
  readonly ID: string;
  readonly NAME: string;
  readonly COUNTRY_ID: string;
  readonly XML_ID?: string | null;
  readonly ACTIVE?: string;
}

export interface CrmDictionaries {
  readonly presets: readonly Preset[];
  /** RQ_* fields of requisites (crm.requisite.fields). */
  readonly requisiteFields: readonly string[];
  readonly companyFields: Readonly<Record<string, FieldDescription>>;
  readonly contactFields: Readonly<Record<string, FieldDescription>>;
}

export interface ProductProperty {
  readonly id: number;
  readonly code: string | null;
  readonly name: string;
  readonly multiple?: string;
}

export interface CatalogDictionaries {
  readonly iblockId: number;
  readonly measures: readonly Measure[];
  readonly vats: readonly Vat[];
  /** The price type behind `price`/`currency`. */
  readonly priceType: PriceType;
  readonly properties: readonly ProductProperty[];
  readonly baseCurrency: string;
}

export function userFieldNames(fields: Readonly<Record<string, FieldDescription>>): string[] {
  return Object.keys(fields).filter((name) => name.startsWith('UF_CRM_'));
}

export async function loadCrmDictionaries(client: B24Client): Promise<CrmDictionaries> {
  const [presets, requisiteFields, companyFields, contactFields] = await Promise.all([
    client.call<Preset[]>('crm.requisite.preset.list', { order: { SORT: 'ASC', ID: 'ASC' } }),
    client.call<Record<string, FieldDescription>>('crm.requisite.fields', {}),
    client.call<Record<string, FieldDescription>>('crm.company.fields', {}),
    client.call<Record<string, FieldDescription>>('crm.contact.fields', {}),
  ]);
  return {
    presets,
    // RQ_ADDR is the address block some portals list among requisite fields; addresses have their own paths.
    requisiteFields: Object.keys(requisiteFields).filter((f) => f.startsWith('RQ_') && f !== 'RQ_ADDR'),
    companyFields,
    contactFields,
  };
}

interface CatalogRow {
  readonly id: number;
  readonly iblockId: number;
  readonly productIblockId?: number | null;
  readonly iblockTypeId?: string;
}

/**
 * The product catalog is the catalog that is not a trade-offer (SKU) catalog
 * (`productIblockId` empty), preferring the CRM one; `priceType` is matched by name
 * or xmlId, the base type (`base: 'Y'`) by default (reference §7.6).
 */
export async function loadCatalogDictionaries(client: B24Client, priceTypeName: string | undefined): Promise<CatalogDictionaries> {
  const [catalogs, measures, vats, priceTypes, currencies] = await Promise.all([
    listAll<CatalogRow>(client, { method: 'catalog.catalog.list', idField: 'id', select: ['id', 'iblockId', 'productIblockId', 'iblockTypeId'] }),
    listAll<Measure>(client, { method: 'catalog.measure.list', idField: 'id' }),
    listAll<Vat>(client, { method: 'catalog.vat.list', idField: 'id' }),
    listAll<PriceType & { xmlId?: string | null }>(client, { method: 'catalog.priceType.list', idField: 'id' }),
    client.call<Array<{ CURRENCY: string; BASE: string }>>('crm.currency.list', {}),
  ]);
  const products = catalogs.filter((c) => !c.productIblockId);
  const catalog = products.find((c) => c.iblockTypeId === 'CRM_PRODUCT_CATALOG') ?? products[0] ?? catalogs[0];
  if (!catalog) throw new Error('Bitrix24: the portal has no product catalog (catalog.catalog.list is empty); enable the catalog module');
  const wanted = priceTypeName?.trim().toLowerCase();
  const priceType = wanted
    ? priceTypes.find((t) => t.name.toLowerCase() === wanted || (t.xmlId ?? '').toLowerCase() === wanted)
    : (priceTypes.find((t) => t.base === 'Y') ?? priceTypes[0]);
  if (!priceType) throw new Error(wanted ? `Bitrix24: no price type named "${priceTypeName ?? ''}" (catalog.priceType.list)` : 'Bitrix24: the portal has no price types');
  const base = currencies.find((c) => c.BASE === 'Y') ?? currencies[0];
  if (!base) throw new Error('Bitrix24: the portal has no currencies (crm.currency.list is empty)');
  const properties = await listAll<ProductProperty>(client, { method: 'catalog.productProperty.list', idField: 'id', filter: { iblockId: catalog.iblockId } });
  return {
    iblockId: catalog.iblockId,
    measures,
    vats,
    priceType,
    properties,
    baseCurrency: base.CURRENCY,
  };
}
