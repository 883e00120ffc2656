// The incremental part of part (b): what users change on both sides after the
// initial load — renamed companies and contacts in Bitrix24, new companies and a
// contact of one of them; renamed customers and repriced items in NAV, a new
// customer and a new item. The same edits in every run: records are chosen from
// those that existed before the load, by position. An edited B24 company is never
// linked to an edited NAV customer, so no edit races another (the outcome of a
// real conflict depends on which side is read first, and the suite compares runs).
import BetterSqlite3 from 'better-sqlite3';
import type { PreIds } from './normalize.ts';
import type { Scenario } from './scenario.ts';

export interface EditCounts {
  readonly b24: number;
  readonly nav: number;
}

function linkedNavKeys(storeFile: string, entity: string, b24Ids: readonly string[]): Set<string> {
  const db = new BetterSqlite3(storeFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select b24_id, nav_key from links where entity = ?').all(entity) as Array<{ b24_id: string | null; nav_key: string | null }>;
    return new Set(rows.filter((r) => r.b24_id !== null && b24Ids.includes(r.b24_id) && r.nav_key !== null).map((r) => r.nav_key as string));
  } finally {
    db.close();
  }
}

/**
 * Before the load: company names longer than NAV's 50 characters shortened in Bitrix24,
 * as a user would. Without it those companies are dead-lettered (SYNC_MAPPING) and their
 * contacts wait out every retry; with `onTooLong: truncate` instead, the cut name comes
 * back from NAV and replaces the full one in Bitrix24 (reported; see the suite's header).
 */
export async function fitNamesToNav(s: Scenario): Promise<number> {
  const admin = s.b24Admin();
  let n = 0;
  for (const c of await s.rest().listAll('crm.company.list', { select: ['ID', 'TITLE'] })) {
    const title = String(c['TITLE']);
    if ([...title].length <= 50) continue;
    await admin.post('edit', { entity: 'company', id: Number(c['ID']), fields: { TITLE: [...title].slice(0, 50).join('').trim() } });
    n++;
  }
  return n;
}

/** Every `step`-th of the ids (sorted as numbers where they are), starting at `from`. */
function every(ids: ReadonlySet<string>, from: number, step: number, count: number): string[] {
  const sorted = [...ids].sort((a, b) => (Number.isNaN(Number(a)) || Number.isNaN(Number(b)) ? a.localeCompare(b) : Number(a) - Number(b)));
  const out: string[] = [];
  for (let i = from; i < sorted.length && out.length < count; i += step) out.push(sorted[i] as string);
  return out;
}

/**
 * Applies the edits. Bitrix24 changes go through the sandbox's user actions (never
 * faulted); NAV changes through its user actions and OData creates, so call this
 * while NAV has no fault rules.
 */
export async function applyEdits(s: Scenario, pre: PreIds): Promise<EditCounts> {
  const b24Admin = s.b24Admin();
  const navAdmin = s.navAdmin();
  let b24 = 0;
  let nav = 0;

  const companies = every(pre.b24.customers, 2, 7, 4);
  for (const id of companies) {
    await b24Admin.post('edit', { entity: 'company', id: Number(id), fields: { TITLE: `Fault suite company ${id}` } });
    b24++;
  }
  for (const id of every(pre.b24.contacts, 4, 7, 3)) {
    await b24Admin.post('edit', { entity: 'contact', id: Number(id), fields: { NAME: `Edited${id}` } });
    b24++;
  }
  const created: number[] = [];
  for (const n of [1, 2, 3]) {
    const out = (await b24Admin.post('call', {
      method: 'crm.company.add',
      params: { fields: { TITLE: `Новая компания ${n}`, EMAIL: [{ VALUE: `fault-new-${n}@example.test`, VALUE_TYPE: 'WORK' }], PHONE: [{ VALUE: `+7 495 700-00-0${n}`, VALUE_TYPE: 'WORK' }] } },
    })) as { result: number };
    created.push(Number(out.result));
    b24++;
  }
  await b24Admin.post('call', {
    method: 'crm.contact.add',
    params: { fields: { NAME: 'Ирина', LAST_NAME: 'Новикова', COMPANY_ID: created[0], EMAIL: [{ VALUE: 'irina.novikova@example.test', VALUE_TYPE: 'WORK' }] } },
  });
  b24++;

  const taken = linkedNavKeys(s.storeFile, 'customers', companies);
  const customers = every(new Set([...pre.nav.customers].filter((no) => !taken.has(no))), 3, 9, 4);
  for (const no of customers) {
    await navAdmin.post('edit', { page: 'Customer', key: { No: no }, fields: { Name: `Fault suite customer ${no}`, Phone_No: `+44 20 7946 ${no.slice(-4).padStart(4, '0')}` } });
    nav++;
  }
  for (const no of every(pre.nav.products, 3, 9, 4)) {
    await navAdmin.post('edit', { page: 'Item', key: { No: no }, fields: { Description: `Fault suite item ${no}`, Unit_Price: 123.45 } });
    nav++;
  }
  const odata = s.odata();
  await odata.create('Customer', { Name: 'Fault Suite Trading Ltd.', E_Mail: 'orders@fault-suite.example', Phone_No: '+44 20 7946 0001', Country_Region_Code: 'GB' });
  await odata.create('Item', { No: 'FS-1001', Description: 'Fault suite widget', Base_Unit_of_Measure: 'PCS', Unit_Price: 9.5 });
  nav += 2;
  return { b24, nav };
}
