// Both systems' records in a form two runs can be compared in. Ids the systems
// assign (B24 IDs, NAV numbers from a series, Keys, dates) depend on the order of
// writes, so each record gets an *origin*: `b24:<ID>` / `nav:<No>` for records that
// existed before the load, and a hash of its content for records b24nav created.
// References between records (a contact's company, the NAV No. written back to B24,
// a product's section) are replaced by the origin of what they point to.
import { createHash } from 'node:crypto';
import { matchValue, type MatchKind } from '../../../src/core/match.ts';
import type { SystemsState } from './read-state.ts';
import type { Row } from './systems.ts';

export type Side = 'b24' | 'nav';
/** What the suite compares: the three synced kinds, and the B24 sections products create. */
export type Kind = 'customers' | 'contacts' | 'products' | 'sections';
export const KINDS: readonly Kind[] = ['customers', 'contacts', 'products', 'sections'];

export interface RecordView {
  readonly side: Side;
  readonly kind: Kind;
  readonly id: string;
  readonly origin: string;
  /** Stable JSON of the normalised record. */
  readonly content: string;
  /** Existed before the load. */
  readonly pre: boolean;
  /** Match-key values as b24nav normalises them (the first phone / e-mail, as the default map reads them). */
  readonly keys: ReadonlyArray<{ readonly key: string; readonly value: string }>;
  /** The id b24nav stored on it to find it again (B24 ORIGIN_ID of its writes, a product's xmlId). */
  readonly externalId: string | null;
}

/** Ids per side and kind that existed before the load. */
export type PreIds = Readonly<Record<Side, Readonly<Record<Kind, ReadonlySet<string>>>>>;

export function preIds(state: SystemsState): PreIds {
  const ids = (rows: Row[], field: string): Set<string> => new Set(rows.map((r) => String(r[field])));
  return {
    b24: { customers: ids(state.b24.companies, 'ID'), contacts: ids(state.b24.contacts, 'ID'), products: ids(state.b24.products, 'id'), sections: ids(state.b24.sections, 'id') },
    nav: { customers: ids(state.nav.customers, 'No'), contacts: ids(state.nav.contacts, 'No'), products: ids(state.nav.items, 'No'), sections: new Set() },
  };
}

export interface Normalized {
  readonly records: readonly RecordView[];
  /** Origin of a record by its id, or null if there is no such record. */
  originOf(side: Side, kind: Kind, id: string | null): string | null;
  /** The content behind an origin, for messages. */
  describe(origin: string): string;
}

export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Row)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function without(row: Row, drop: readonly string[]): Row {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !drop.includes(k)));
}

const B24_VOLATILE = ['ID', 'DATE_CREATE', 'DATE_MODIFY', 'LAST_ACTIVITY_TIME', 'LAST_ACTIVITY_BY'];
const MULTIFIELDS = ['PHONE', 'EMAIL', 'WEB', 'IM', 'LINK'];
const NAV_VOLATILE = ['@odata.etag', 'No', 'Last_Date_Modified'];

function multifield(row: Row, name: string): string[] {
  const list = row[name];
  return Array.isArray(list) ? (list as Row[]).map((m) => `${String(m['VALUE_TYPE'])}:${String(m['VALUE'])}`) : [];
}

function firstValue(row: Row, name: string): string | null {
  const list = row[name];
  const first = Array.isArray(list) ? (list as Row[])[0] : undefined;
  return first ? String(first['VALUE']) : null;
}

function keyValues(specs: ReadonlyArray<[key: string, kind: MatchKind, value: unknown]>): Array<{ key: string; value: string }> {
  const out: Array<{ key: string; value: string }> = [];
  for (const [key, kind, value] of specs) {
    if (value === null || value === undefined || value === '') continue;
    const v = matchValue(kind, value as string, { defaultRegion: 'RU' });
    if (v !== null) out.push({ key, value: v });
  }
  return out;
}

export function normalize(state: SystemsState, pre: PreIds): Normalized {
  const records: RecordView[] = [];
  const byId = new Map<string, string>();
  const contents = new Map<string, string>();
  const idKey = (side: Side, kind: Kind, id: string): string => `${side}|${kind}|${id}`;
  const add = (view: Omit<RecordView, 'origin' | 'pre'>): string => {
    const isPre = pre[view.side][view.kind].has(view.id);
    const origin = isPre ? `${view.side}:${view.kind}:${view.id}` : `new:${view.side}:${view.kind}:${createHash('sha1').update(view.content).digest('hex').slice(0, 12)}`;
    records.push({ ...view, origin, pre: isPre });
    byId.set(idKey(view.side, view.kind, view.id), origin);
    contents.set(origin, view.content);
    return origin;
  };
  const ref = (side: Side, kind: Kind, id: unknown): string | null => {
    if (id === null || id === undefined || id === '' || id === '0' || id === 0) return null;
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : JSON.stringify(id);
    return byId.get(idKey(side, kind, key)) ?? `missing:${side}:${kind}:${key}`;
  };

  // NAV customers first: they refer to nothing b24nav creates (a new company contact is only "new").
  const navContactsPre = pre.nav.contacts;
  for (const c of state.nav.customers) {
    const primaryRaw = c['Primary_Contact_No'];
    const primary = typeof primaryRaw === 'string' ? primaryRaw : '';
    const content = stableJson({ ...without(c, NAV_VOLATILE), Primary_Contact_No: primary === '' || navContactsPre.has(primary) ? primary : '<new contact>' });
    add({ side: 'nav', kind: 'customers', id: String(c['No']), content, keys: keyValues([['taxId', 'vat', c['VAT_Registration_No']], ['email', 'email', c['E_Mail']], ['phone', 'phone', c['Phone_No']]]), externalId: null });
  }
  // NAV contacts: companies with the customers their business relations name, then persons under them.
  const relationsOf = new Map<string, Row[]>();
  for (const r of state.nav.relations) relationsOf.set(String(r['Contact_No']), [...(relationsOf.get(String(r['Contact_No'])) ?? []), r]);
  const relationText = (no: string): string[] =>
    (relationsOf.get(no) ?? []).map((r) => `${String(r['Business_Relation_Code'])}:${String(r['Link_to_Table'])}:${String(r['Link_to_Table']) === 'Customer' ? String(ref('nav', 'customers', r['No'])) : String(r['No'])}`).sort();
  const navContacts = [...state.nav.contacts].sort((a, b) => (a['Type'] === b['Type'] ? 0 : a['Type'] === 'Company' ? -1 : 1));
  for (const c of navContacts) {
    const no = String(c['No']);
    const person = c['Type'] !== 'Company';
    const content = stableJson({ ...without(c, [...NAV_VOLATILE, 'Company_No']), company: person ? ref('nav', 'contacts', c['Company_No']) : 'self', relations: relationText(no) });
    add({ side: 'nav', kind: 'contacts', id: no, content, keys: person ? keyValues([['email', 'email', c['E_Mail']], ['phone', 'phone', c['Phone_No']]]) : [], externalId: null });
  }
  for (const item of state.nav.items) {
    add({ side: 'nav', kind: 'products', id: String(item['No']), content: stableJson(without(item, ['@odata.etag', 'Last_Date_Modified'])), keys: keyValues([['itemNo', 'code', item['No']]]), externalId: null });
  }

  // B24 companies with their requisites and addresses.
  const addressesOf = new Map<string, Row[]>();
  for (const a of state.b24.addresses) if (String(a['ENTITY_TYPE_ID']) === '8') addressesOf.set(String(a['ENTITY_ID']), [...(addressesOf.get(String(a['ENTITY_ID'])) ?? []), a]);
  const requisitesOf = new Map<string, Row[]>();
  for (const r of state.b24.requisites) requisitesOf.set(String(r['ENTITY_ID']), [...(requisitesOf.get(String(r['ENTITY_ID'])) ?? []), r]);
  const ourOrigin = (row: Row, side: Side, kind: Kind): string | null => (row['ORIGINATOR_ID'] === 'b24nav' ? ref(side, kind, row['ORIGIN_ID']) : ((row['ORIGIN_ID'] as string | null) ?? null));
  for (const c of state.b24.companies) {
    const id = String(c['ID']);
    const requisites = (requisitesOf.get(id) ?? []).map((r) => ({
      ...without(r, [...B24_VOLATILE, 'ENTITY_ID', 'CREATED_BY_ID', 'MODIFY_BY_ID']),
      addresses: (addressesOf.get(String(r['ID'])) ?? []).map((a) => without(a, ['ENTITY_ID', 'ANCHOR_ID'])).map(stableJson).sort(),
    }));
    const content = stableJson({
      ...without(c, [...B24_VOLATILE, ...MULTIFIELDS]),
      ...Object.fromEntries(MULTIFIELDS.map((m) => [m, multifield(c, m)])),
      UF_CRM_B24NAV_NAV_NO: ref('nav', 'customers', c['UF_CRM_B24NAV_NAV_NO']),
      ORIGIN_ID: ourOrigin(c, 'nav', 'customers'),
      requisites: requisites.map(stableJson).sort(),
    });
    const rq = requisitesOf.get(id)?.[0];
    const taxId = rq ? (rq['RQ_INN'] || rq['RQ_VAT_ID']) : null;
    add({ side: 'b24', kind: 'customers', id, content, keys: keyValues([['taxId', 'vat', taxId], ['email', 'email', firstValue(c, 'EMAIL')], ['phone', 'phone', firstValue(c, 'PHONE')]]), externalId: c['ORIGINATOR_ID'] === 'b24nav' ? String(c['ORIGIN_ID']) : null });
  }
  for (const c of state.b24.contacts) {
    const content = stableJson({
      ...without(c, [...B24_VOLATILE, ...MULTIFIELDS]),
      ...Object.fromEntries(MULTIFIELDS.map((m) => [m, multifield(c, m)])),
      COMPANY_ID: ref('b24', 'customers', c['COMPANY_ID']),
      ORIGIN_ID: ourOrigin(c, 'nav', 'contacts'),
    });
    add({ side: 'b24', kind: 'contacts', id: String(c['ID']), content, keys: keyValues([['email', 'email', firstValue(c, 'EMAIL')], ['phone', 'phone', firstValue(c, 'PHONE')]]), externalId: c['ORIGINATOR_ID'] === 'b24nav' ? String(c['ORIGIN_ID']) : null });
  }
  // Sections parent first (ids grow with creation), then products with their prices.
  for (const s of [...state.b24.sections].sort((a, b) => Number(a['id']) - Number(b['id']))) {
    // A section b24nav makes for an item category has xmlId = the category code.
    add({ side: 'b24', kind: 'sections', id: String(s['id']), content: stableJson({ ...without(s, ['id', 'iblockSectionId']), parent: ref('b24', 'sections', s['iblockSectionId']) }), keys: keyValues([['xmlId', 'code', s['xmlId']]]), externalId: null });
  }
  const pricesOf = new Map<string, string[]>();
  for (const p of state.b24.prices) pricesOf.set(String(p['productId']), [...(pricesOf.get(String(p['productId'])) ?? []), stableJson(without(p, ['id', 'productId', 'timestampX']))]);
  for (const p of state.b24.products) {
    const id = String(p['id']);
    const props = Object.fromEntries(Object.entries(p).filter(([k]) => k.startsWith('property')).map(([k, v]) => [k, v !== null && typeof v === 'object' ? (v as Row)['value'] : v]));
    const content = stableJson({ ...without(p, ['id', 'iblockSectionId', 'timestampX']), ...props, section: ref('b24', 'sections', p['iblockSectionId']), prices: (pricesOf.get(id) ?? []).sort() });
    add({ side: 'b24', kind: 'products', id, content, keys: keyValues([['itemNo', 'code', p['xmlId']]]), externalId: (p['xmlId'] as string | null) ?? null });
  }

  return {
    records,
    originOf: (side, kind, id) => (id === null ? null : (byId.get(idKey(side, kind, id)) ?? null)),
    describe: (origin) => contents.get(origin) ?? origin,
  };
}
