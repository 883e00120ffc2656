// products = catalog products of the product catalog (catalog.catalog.list).
//
// Side field paths (what config field maps name):
//   name (≤ 255), code (≤ 255), xmlId (≤ 255) — strings, empty → null
//   active, vatIncluded — 'Y' / 'N'
//   measure — the unit's OKEI code as a number (796 pieces, 166 kg), not the portal's id
//   vatRate — the rate as a number (20), null for "no VAT"
//   section — the section's xmlId, else its code, else its name; writing a value that
//     no section is known by creates one (name = xmlId = the value)
//   price, currency — the price of the configured price type (the base type by
//     default); other price types are kept when it is written
//   purchasingPrice — a number
//   property.<CODE> — product properties by code, e.g. property.ARTNUMBER
// id = product id; version = modifiedAt = the later timestampX of the product and of
// its price. findByExternalId and creates use xmlId = the external id, unless the
// field map writes xmlId itself.
import type { SyncError } from '../../../core/failure.ts';
import { normalizeCode } from '../../../core/normalize.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { CreateRequest, FindQuery, UpdateRequest } from '../../../engine/ports.ts';
import type { CatalogPrice, CatalogProduct } from '../types.ts';
import type { Planned } from './batch-writer.ts';
import { listChunked, type ListSpec } from './bulk-read.ts';
import type { CatalogDictionaries } from './dictionaries.ts';
import type { SideAdapter } from './entity-side.ts';
import { addTo, findResults, valuesWhere } from './find-results.ts';
import type { FieldPath, PortContext } from './port-context.ts';
import { productRecord, productSelect, readProductStates } from './product-read.ts';
import { planProductCreate, planProductUpdate } from './product-write.ts';
import type { SectionCache } from './sections.ts';
import { numericIds, scalarsOf, textOrNull } from './values.ts';

/** b_iblock_element column lengths (the catalog's field metadata does not give them). */
const MAX_LENGTH: Readonly<Record<string, number>> = { name: 255, code: 255, xmlId: 255 };
const PATHS = ['name', 'code', 'xmlId', 'active', 'measure', 'vatRate', 'vatIncluded', 'section', 'price', 'currency', 'purchasingPrice'];
/** The property `find` searches besides xmlId (the catalog's article number). */
const ARTICLE = 'ARTNUMBER';

function spec(dicts: CatalogDictionaries): ListSpec {
  return { method: 'catalog.product.list', idField: 'id', filter: { iblockId: dicts.iblockId }, select: productSelect(dicts) };
}

export function productsAdapter(ctx: PortContext, sections: SectionCache): SideAdapter {
  const { client } = ctx;

  async function sectionIds(fields: ReadonlyArray<Readonly<Record<string, FieldValue>>>): Promise<Map<string, number | SyncError>> {
    const labels = fields.flatMap((f) => ('section' in f ? scalarsOf(f['section'] ?? null).slice(0, 1) : []));
    return labels.length === 0 ? new Map() : sections.resolve(labels);
  }

  return {
    entity: 'products',
    deleteMethod: 'catalog.product.delete',
    listSpec: async () => spec(await ctx.catalog.get()),
    idSpec: async () => ({ ...spec(await ctx.catalog.get()), select: ['id', 'iblockId'] }),
    changedSince: (cursor) => ({ '>=timestampX': cursor }),
    async related(cursor) {
      const dicts = await ctx.catalog.get();
      return [
        {
          spec: { method: 'catalog.price.list', idField: 'id', filter: { catalogGroupId: dicts.priceType.id, '>=timestampX': cursor }, select: ['id', 'productId'] },
          ownerOf: (row) => Number(row['productId']),
        },
      ];
    },
    async toRecords(rows) {
      const dicts = await ctx.catalog.get();
      const states = await readProductStates(client, dicts, sections, rows as unknown as CatalogProduct[], false);
      return states.map((s) => productRecord(s, dicts));
    },
    async recordsFromResults(written) {
      const dicts = await ctx.catalog.get();
      const usable = written.flatMap((w) => {
        // The element as catalog.product.add/update answer it, and the own price as catalog.price.modify answers it.
        const element = (w.results['p'] as { element?: CatalogProduct } | undefined)?.element;
        const prices = (w.results['m'] as { prices?: CatalogPrice[] } | undefined)?.prices;
        return element && prices ? [{ id: w.id, element, prices }] : [];
      });
      const labels = await sections.labels(usable.flatMap((u) => (u.element.iblockSectionId ? [Number(u.element.iblockSectionId)] : [])));
      return new Map(
        usable.map((u) => [
          u.id,
          productRecord({ row: u.element, prices: u.prices, sectionLabel: u.element.iblockSectionId ? (labels.get(Number(u.element.iblockSectionId)) ?? null) : null }, dicts),
        ]),
      );
    },
    externalId: () => Promise.resolve({ field: 'xmlId', filter: {}, of: (row) => textOrNull(row['xmlId']) }),
    async fieldPaths() {
      const dicts = await ctx.catalog.get();
      const paths: FieldPath[] = PATHS.map((path) => (MAX_LENGTH[path] === undefined ? { path, writable: true } : { path, writable: true, maxLength: MAX_LENGTH[path] }));
      for (const p of dicts.properties) if (p.code) paths.push({ path: `property.${p.code}`, writable: true });
      return paths;
    },
    async find(queries: readonly FindQuery[]) {
      const dicts = await ctx.catalog.get();
      const values = valuesWhere(queries, (l) => l.kind === 'code' || l.kind === 'text');
      const article = dicts.properties.find((p) => p.code === ARTICLE);
      const base = spec(dicts);
      const select = ['id', 'iblockId', 'xmlId', ...(article ? [`property${article.id}`] : [])];
      const [byXmlId, byArticle] = await Promise.all([
        listChunked<Record<string, unknown>>(client, { ...base, select }, { inField: 'xmlId', values }),
        article ? listChunked<Record<string, unknown>>(client, { ...base, select }, { inField: `property${article.id}`, values }) : Promise.resolve([]),
      ]);
      const found = new Map<string, string[]>();
      for (const row of byXmlId) {
        const xmlId = textOrNull(row['xmlId']);
        if (xmlId) addTo(found, normalizeCode(xmlId), String(row['id']));
      }
      for (const row of byArticle) {
        const value = row[`property${article?.id ?? 0}`] as { value?: unknown } | null | undefined;
        const text = textOrNull(value?.value);
        if (text) addTo(found, normalizeCode(text), String(row['id']));
      }
      return findResults(queries, (lookup, value) => (lookup.kind === 'code' || lookup.kind === 'text' ? found.get(normalizeCode(value)) : undefined));
    },
    async planCreates(requests: readonly CreateRequest[]): Promise<Planned[]> {
      const [dicts, ids] = await Promise.all([ctx.catalog.get(), sectionIds(requests.map((r) => r.fields))]);
      return requests.map((r) => planProductCreate(r, dicts, ids));
    },
    async planUpdates(requests: readonly UpdateRequest[]): Promise<Planned[]> {
      const dicts = await ctx.catalog.get();
      const [rows, ids] = await Promise.all([
        listChunked<CatalogProduct>(client, spec(dicts), { inField: 'id', values: numericIds(requests.map((r) => r.id)) }),
        sectionIds(requests.map((r) => r.fields)),
      ]);
      const states = await readProductStates(client, dicts, sections, rows, true);
      const byId = new Map(states.map((s) => [String(s.row.id), s]));
      return requests.map((r) => planProductUpdate(r, byId.get(String(r.id)), dicts, ids));
    },
  };
}
