// Helpers of the bad-input sync suites: both sandboxes through startE2E, the NAV
// transport under test, and views of what each system holds after a pass — read
// from the sandboxes' own state, so "nothing written" is checked where it counts.
import assert from 'node:assert/strict';
import { b24Admin } from '../../src/sandbox/bitrix24/index.ts';
import { getLinkByB24, listJobs, type Job } from '../../src/store/index.ts';
import { startE2E, type E2E } from '../e2e/setup.ts';

export type Transport = 'odata' | 'soap';
export const TRANSPORTS: readonly Transport[] = ['odata', 'soap'];

/** Customers only, both sandboxes empty, NAV reached over `transport`. */
export function startCustomers(transport: Transport, config: Record<string, unknown> = {}): Promise<E2E> {
  return startE2E({
    b24: { seed: { companies: 0, contacts: 0, products: 0, deals: 0 } },
    nav: { customers: 0, items: 0 },
    config: merge({ nav: { transport }, entities: { contacts: { enabled: false }, products: { enabled: false }, stock: { enabled: false }, orders: { enabled: false }, invoices: { enabled: false } } }, config),
  });
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const base = out[k];
    const both = v && typeof v === 'object' && !Array.isArray(v) && base && typeof base === 'object' && !Array.isArray(base);
    out[k] = both ? merge(base as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}

export type NavRow = Record<string, unknown> & { No: string };

/** How many customers NAV stores, from the sandbox's own state. */
export function navCount(e: E2E): number {
  const company = e.nav.sandbox.state().companies.find((c) => c.name === e.app.config.nav.company);
  assert.ok(company, 'the NAV company of the config');
  return company.records['Customer'] ?? 0;
}

/** Every customer No. NAV has, listed through the client (the transport under test). */
export async function navNos(e: E2E): Promise<string[]> {
  const out: string[] = [];
  for await (const page of e.app.nav.customers.pages()) for (const row of page) out.push(String((row as Record<string, unknown>)['No']));
  return out;
}

export function navCustomer(e: E2E, no: string): NavRow | undefined {
  const row = e.nav.sandbox.read('Customer', { No: no });
  return row ? { ...row, No: no } : undefined;
}

export type Company = Record<string, unknown> & { ID: number };

export function companies(e: E2E): Company[] {
  return [...e.b24.portal.state.companies.values()] as Company[];
}

export function company(e: E2E, id: number): Company {
  const found = e.b24.portal.state.companies.get(id) as Company | undefined;
  assert.ok(found, `company ${id} exists`);
  return found;
}

/** A company added as a portal user would add it; its id. */
export function addCompany(e: E2E, fields: Record<string, unknown>): number {
  return Number(b24Admin.adminCall(e.b24.portal, 'crm.company.add', { fields }).result);
}

/** A company with a requisite (Russian organisation preset) and its legal address. */
export function addCompanyWithAddress(e: E2E, fields: Record<string, unknown>, address: Record<string, unknown>): number {
  const id = addCompany(e, fields);
  const rq = Number(b24Admin.adminCall(e.b24.portal, 'crm.requisite.add', { fields: { ENTITY_TYPE_ID: 4, ENTITY_ID: id, PRESET_ID: 1, NAME: 'Организация' } }).result);
  b24Admin.adminCall(e.b24.portal, 'crm.address.add', { fields: { TYPE_ID: 6, ENTITY_TYPE_ID: 8, ENTITY_ID: rq, ...address } });
  return id;
}

export function editCompany(e: E2E, id: number, fields: Record<string, unknown>): void {
  b24Admin.userEdit(e.b24.portal, 'company', id, fields);
}

/** The requisite address of a company (legal, else registered), as the portal holds it. */
export function companyAddress(e: E2E, id: number): Record<string, unknown> | undefined {
  const state = e.b24.portal.state;
  const rq = [...state.requisites.values()].find((r) => r.ENTITY_TYPE_ID === 4 && r.ENTITY_ID === id);
  if (!rq) return undefined;
  const addresses = [...state.addresses.values()].filter((a) => a.ENTITY_ID === rq.ID);
  return (addresses.find((a) => a.TYPE_ID === 6) ?? addresses[0]) as Record<string, unknown> | undefined;
}

export async function deadJob(e: E2E, recordId: string | number): Promise<Job | undefined> {
  const dead = await listJobs(e.app.store.db, { state: 'dead', limit: 10_000 });
  return dead.find((j) => j.recordId === String(recordId));
}

export async function navNoOf(e: E2E, companyId: number): Promise<string | undefined> {
  const link = await getLinkByB24(e.app.store.db, 'customers', String(companyId));
  return link?.state === 'active' ? (link.navKey ?? undefined) : undefined;
}
