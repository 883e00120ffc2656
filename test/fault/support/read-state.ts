// Everything b24nav syncs, read from both systems through their public APIs: B24
// companies with requisites and addresses, contacts, catalog products with prices
// and sections; NAV customers, contacts with their business relations, items.
import type { B24Rest, NavOData, Row } from './systems.ts';

export interface SystemsState {
  readonly b24: {
    readonly companies: Row[];
    readonly requisites: Row[];
    readonly addresses: Row[];
    readonly contacts: Row[];
    readonly products: Row[];
    readonly prices: Row[];
    readonly sections: Row[];
  };
  readonly nav: {
    readonly customers: Row[];
    readonly contacts: Row[];
    readonly relations: Row[];
    readonly items: Row[];
  };
}

/** The catalog's iblock of products in the sandbox (catalog.catalog.list answers it; it never changes). */
async function productIblock(b24: B24Rest): Promise<number> {
  const { result } = await b24.call<{ catalogs: Row[] }>('catalog.catalog.list', {});
  const first = result.catalogs.find((c) => c['productIblockId'] === null || c['productIblockId'] === undefined) ?? result.catalogs[0];
  return Number(first?.['iblockId'] ?? first?.['id']);
}

async function articleProperty(b24: B24Rest, iblockId: number): Promise<string[]> {
  const { result } = await b24.call<{ productProperties: Row[] }>('catalog.productProperty.list', { filter: { iblockId } });
  return result.productProperties.map((p) => `property${String(p['id'])}`);
}

export async function readSystems(b24: B24Rest, nav: NavOData): Promise<SystemsState> {
  const iblockId = await productIblock(b24);
  const properties = await articleProperty(b24, iblockId);
  const [companies, requisites, addresses, contacts, products, prices, sections] = await Promise.all([
    b24.listAll('crm.company.list', { select: ['*', 'UF_*', 'PHONE', 'EMAIL', 'WEB'] }),
    b24.listAll('crm.requisite.list', { filter: { ENTITY_TYPE_ID: 4 } }),
    // Addresses have no ID of their own: one page per requisite would be slow, so read them in one pass by offset.
    listByOffset(b24, 'crm.address.list', {}),
    b24.listAll('crm.contact.list', { select: ['*', 'UF_*', 'PHONE', 'EMAIL'] }),
    b24.listAll('catalog.product.list', { select: ['id', 'iblockId', 'name', 'code', 'xmlId', 'active', 'measure', 'vatId', 'vatIncluded', 'iblockSectionId', ...properties], filter: { iblockId } }, 'id'),
    b24.listAll('catalog.price.list', { select: ['id', 'productId', 'catalogGroupId', 'price', 'currency'] }, 'id'),
    listByOffset(b24, 'catalog.section.list', { select: ['id', 'name', 'code', 'xmlId', 'iblockSectionId'], filter: { iblockId } }),
  ]);
  const [customers, navContacts, relations, items] = await Promise.all([nav.list('Customer'), nav.list('Contacts'), nav.list('ContactBusinessRelations'), nav.list('Item')]);
  return { b24: { companies, requisites, addresses, contacts, products, prices, sections }, nav: { customers, contacts: navContacts, relations, items } };
}

async function listByOffset(b24: B24Rest, method: string, params: Row): Promise<Row[]> {
  const out: Row[] = [];
  let start = 0;
  for (;;) {
    const page = await b24.call<Row[] | Record<string, Row[]>>(method, { ...params, start });
    const rows = Array.isArray(page.result) ? page.result : (Object.values(page.result)[0] ?? []);
    out.push(...rows);
    if (page.next === undefined) return out;
    start = page.next;
  }
}
