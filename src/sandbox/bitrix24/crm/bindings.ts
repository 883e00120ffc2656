// Contact ↔ company and deal → contact bindings (reference §7.1):
// crm.contact.company.items.*, crm.company.contact.items.*, crm.deal.contact.items.*.
import { legacyError } from '../errors.ts';
import { objectParam } from '../params.ts';
import { ok, read, write, type MethodContext, type MethodTable } from '../registry.ts';
import { COMPANY, CONTACT, DEAL } from './fields.ts';
import { findLegacy, requireId } from './legacy.ts';
import { addContactCompany, refreshPrimaryCompany, setContactCompanies, touchRecord } from './records.ts';
import { intval, yn } from './values.ts';

function items(ctx: MethodContext): Array<Record<string, unknown>> {
  const raw = objectParam(ctx.params, 'items') ?? {};
  return Object.values(raw).filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object');
}

function fieldsParam(ctx: MethodContext): Record<string, unknown> {
  const fields = objectParam(ctx.params, 'fields');
  if (!fields) throw legacyError("Parameter 'fields' must be array.");
  return fields;
}

function linkRows(ctx: MethodContext, key: 'CONTACT_ID' | 'COMPANY_ID', id: number): Array<Record<string, unknown>> {
  const other = key === 'CONTACT_ID' ? 'COMPANY_ID' : 'CONTACT_ID';
  return ctx.portal.state.contactCompany
    .filter((l) => l[key] === id)
    .map((l) => ({ [other]: l[other], SORT: l.SORT, ROLE_ID: 0, IS_PRIMARY: l.IS_PRIMARY }));
}

export const bindingMethods: MethodTable = {
  'crm.contact.company.items.get': read('crm', (ctx) => {
    const contact = findLegacy(ctx, CONTACT, requireId(ctx.params));
    return ok(linkRows(ctx, 'CONTACT_ID', contact.ID));
  }),
  'crm.contact.company.items.set': write('crm', (ctx) => {
    const contact = findLegacy(ctx, CONTACT, requireId(ctx.params), true);
    const list = items(ctx);
    const primaryFirst = [...list].sort((a, b) => (yn(b['IS_PRIMARY']) === 'Y' ? 1 : 0) - (yn(a['IS_PRIMARY']) === 'Y' ? 1 : 0));
    const ids = primaryFirst.map((i) => intval(i['COMPANY_ID'])).filter((id) => ctx.portal.state.companies.has(id));
    setContactCompanies(ctx.portal, contact.ID, ids);
    touchRecord(ctx, CONTACT, contact);
    return ok(true);
  }),
  'crm.contact.company.add': write('crm', (ctx) => {
    const contact = findLegacy(ctx, CONTACT, requireId(ctx.params), true);
    const fields = fieldsParam(ctx);
    const companyId = intval(fields['COMPANY_ID']);
    if (!ctx.portal.state.companies.has(companyId)) throw legacyError('Company is not found');
    addContactCompany(ctx.portal, contact.ID, companyId, yn(fields['IS_PRIMARY']) === 'Y');
    touchRecord(ctx, CONTACT, contact);
    return ok(true);
  }),
  'crm.contact.company.delete': write('crm', (ctx) => {
    const contact = findLegacy(ctx, CONTACT, requireId(ctx.params), true);
    const companyId = intval(fieldsParam(ctx)['COMPANY_ID']);
    const links = ctx.portal.state.contactCompany;
    for (const l of links.filter((x) => x.CONTACT_ID === contact.ID && x.COMPANY_ID === companyId)) links.delete(l.id);
    refreshPrimaryCompany(ctx.portal, contact.ID);
    touchRecord(ctx, CONTACT, contact);
    return ok(true);
  }),
  'crm.company.contact.items.get': read('crm', (ctx) => {
    const company = findLegacy(ctx, COMPANY, requireId(ctx.params));
    return ok(linkRows(ctx, 'COMPANY_ID', company.ID));
  }),
  'crm.company.contact.items.set': write('crm', (ctx) => {
    const company = findLegacy(ctx, COMPANY, requireId(ctx.params), true);
    const links = ctx.portal.state.contactCompany;
    const touched = new Set(links.filter((x) => x.COMPANY_ID === company.ID).map((x) => x.CONTACT_ID));
    for (const l of links.filter((x) => x.COMPANY_ID === company.ID)) links.delete(l.id);
    for (const item of items(ctx)) {
      const contactId = intval(item['CONTACT_ID']);
      if (ctx.portal.state.contacts.has(contactId)) {
        addContactCompany(ctx.portal, contactId, company.ID, yn(item['IS_PRIMARY']) === 'Y');
        touched.add(contactId);
      }
    }
    for (const contactId of touched) refreshPrimaryCompany(ctx.portal, contactId);
    touchRecord(ctx, COMPANY, company);
    return ok(true);
  }),
  'crm.company.contact.add': write('crm', (ctx) => {
    const company = findLegacy(ctx, COMPANY, requireId(ctx.params), true);
    const fields = fieldsParam(ctx);
    const contactId = intval(fields['CONTACT_ID']);
    if (!ctx.portal.state.contacts.has(contactId)) throw legacyError('Contact is not found');
    addContactCompany(ctx.portal, contactId, company.ID, yn(fields['IS_PRIMARY']) === 'Y');
    touchRecord(ctx, COMPANY, company);
    return ok(true);
  }),
  'crm.company.contact.delete': write('crm', (ctx) => {
    const company = findLegacy(ctx, COMPANY, requireId(ctx.params), true);
    const contactId = intval(fieldsParam(ctx)['CONTACT_ID']);
    const links = ctx.portal.state.contactCompany;
    for (const l of links.filter((x) => x.COMPANY_ID === company.ID && x.CONTACT_ID === contactId)) links.delete(l.id);
    refreshPrimaryCompany(ctx.portal, contactId);
    touchRecord(ctx, COMPANY, company);
    return ok(true);
  }),
  'crm.deal.contact.items.get': read('crm', (ctx) => {
    const deal = findLegacy(ctx, DEAL, requireId(ctx.params));
    const ids = Array.isArray(deal['CONTACT_IDS']) ? (deal['CONTACT_IDS'] as number[]) : deal['CONTACT_ID'] ? [deal['CONTACT_ID'] as number] : [];
    return ok(ids.map((id, i) => ({ CONTACT_ID: id, SORT: (i + 1) * 10, ROLE_ID: 0, IS_PRIMARY: i === 0 ? 'Y' : 'N' })));
  }),
  'crm.deal.contact.items.set': write('crm', (ctx) => {
    const deal = findLegacy(ctx, DEAL, requireId(ctx.params), true);
    const list = items(ctx);
    const ids = list.map((i) => intval(i['CONTACT_ID'])).filter((id) => ctx.portal.state.contacts.has(id));
    deal['CONTACT_IDS'] = ids;
    deal['CONTACT_ID'] = ids[0] ?? null;
    touchRecord(ctx, DEAL, deal);
    return ok(true);
  }),
};

