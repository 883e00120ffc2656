// contacts = Bitrix24 contacts.
//
// Side field paths (what config field maps name):
//   NAME, LAST_NAME, SECOND_NAME, POST, HONORIFIC
//   FULL_NAME — "NAME SECOND_NAME LAST_NAME" as one text (NAV keeps a person's name in one
//     field); written, split back the same way: one word → NAME; two → NAME LAST_NAME;
//     more → NAME, the middle words as SECOND_NAME, the last word as LAST_NAME — so a name
//     read from B24 and written back unchanged keeps its three parts
//   BIRTHDATE — YYYY-MM-DD (the portal answers a datetime, reference §9.2)
//   PHONE, EMAIL — lists of values in the portal's order (first = primary), written
//     by entry ID as for companies (multifields.ts)
//   COMPANY_ID — the primary company's ID as a string, or null
//   UF_CRM_* — every contact user field, as the portal gives it (empty → null)
// id = contact ID; version = modifiedAt = DATE_MODIFY.
import { parseCalendarDate } from '../../../core/date.ts';
import { SyncError } from '../../../core/failure.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { CreateRequest, FindQuery, UpdateRequest } from '../../../engine/ports.ts';
import type { LegacyContact } from '../types.ts';
import { idIn, type Planned } from './batch-writer.ts';
import { listChunked } from './bulk-read.ts';
import { findByComm } from './comm-find.ts';
import { ORIGINATOR } from './company-write.ts';
import { userFieldNames, type CrmDictionaries } from './dictionaries.ts';
import type { SideAdapter } from './entity-side.ts';
import { findResults, valuesWhere } from './find-results.ts';
import { addOps, entriesOf, isMultifield, updateOps, valuesOf } from './multifields.ts';
import type { FieldPath, PortContext } from './port-context.ts';
import { numericIds, textOrNull, userFieldValue } from './values.ts';
import { differs, writableValue } from './write-values.ts';

const SCALARS = ['NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'HONORIFIC', 'BIRTHDATE', 'COMPANY_ID'] as const;
const CONTACT_MULTIFIELDS = ['PHONE', 'EMAIL'] as const;
const LIST = { method: 'crm.contact.list', idField: 'ID', select: ['*', 'UF_*', ...CONTACT_MULTIFIELDS] } as const;

function birthdate(value: unknown): string | null {
  const text = textOrNull(value);
  if (text === null) return null;
  const date = parseCalendarDate(text);
  return date.ok ? date.value : text;
}

function fullName(row: LegacyContact): string | null {
  const parts = [row.NAME, row.SECOND_NAME, row.LAST_NAME].map(textOrNull).filter((p): p is string => p !== null && p.trim() !== '');
  return parts.length > 0 ? parts.join(' ') : null;
}

/** FULL_NAME written: the inverse of how it is read (NAME SECOND_NAME LAST_NAME). */
function splitFullName(value: FieldValue): Record<string, string> {
  const words = (typeof value === 'string' ? value : '').trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { NAME: words[0] ?? '', SECOND_NAME: '', LAST_NAME: '' };
  return { NAME: words[0] ?? '', SECOND_NAME: words.slice(1, -1).join(' '), LAST_NAME: words[words.length - 1] ?? '' };
}

/** The side form of one field of a contact row. */
function sideValue(row: LegacyContact, field: string): FieldValue {
  if (field === 'FULL_NAME') return fullName(row);
  if (field === 'BIRTHDATE') return birthdate(row.BIRTHDATE);
  // A contact without a company has COMPANY_ID null (or "0" on some portals).
  if (field === 'COMPANY_ID') return textOrNull(row.COMPANY_ID) === '0' ? null : textOrNull(row.COMPANY_ID);
  return field.startsWith('UF_') ? userFieldValue(row[field]) : textOrNull(row[field]);
}

function contactRecord(row: LegacyContact, dicts: CrmDictionaries): SideRecord {
  const fields: Record<string, FieldValue> = {};
  for (const f of SCALARS) fields[f] = sideValue(row, f);
  fields['FULL_NAME'] = fullName(row);
  for (const uf of new Set([...userFieldNames(dicts.contactFields), ...Object.keys(row).filter((k) => k.startsWith('UF_CRM_'))])) fields[uf] = sideValue(row, uf);
  for (const type of CONTACT_MULTIFIELDS) fields[type] = valuesOf(row, type);
  const version = textOrNull(row.DATE_MODIFY);
  return { id: String(row.ID), version, modifiedAt: version, fields };
}

function isWritable(path: string, dicts: CrmDictionaries): boolean {
  return (SCALARS as readonly string[]).includes(path) || (path.startsWith('UF_CRM_') && path in dicts.contactFields);
}

function plan(fields: Readonly<Record<string, FieldValue>>, dicts: CrmDictionaries, ctx: PortContext, current: LegacyContact | undefined): Record<string, unknown> | SyncError {
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(fields)) {
    if (path === 'FULL_NAME') {
      if ('NAME' in fields || 'LAST_NAME' in fields) continue;
      if (!current) Object.assign(out, splitFullName(value));
      else if (differs(fullName(current), value)) {
        // Only the parts that change: an empty middle name stays as the portal has it (null), not "".
        for (const [part, text] of Object.entries(splitFullName(value))) if ((textOrNull(current[part]) ?? '') !== text) out[part] = text;
      }
    } else if (path === 'PHONE' || path === 'EMAIL') {
      const ops = current ? updateOps(path, entriesOf(current, path), value, ctx.region) : addOps(path, value, ctx.region);
      if (ops.length > 0) out[path] = ops;
    } else if (isWritable(path, dicts) && !isMultifield(path)) {
      if (!current || differs(sideValue(current, path), value)) out[path] = writableValue(value, dicts.contactFields[path]);
    } else {
      return new SyncError('B24_VALIDATION', `contacts: "${path}" is not a Bitrix24 contact field path (see fieldPaths(); user fields must exist on the portal)`);
    }
  }
  return out;
}

export function contactsAdapter(ctx: PortContext): SideAdapter {
  const { client } = ctx;
  return {
    entity: 'contacts',
    deleteMethod: 'crm.contact.delete',
    listSpec: () => Promise.resolve(LIST),
    idSpec: () => Promise.resolve({ method: LIST.method, idField: 'ID', select: ['ID'] }),
    changedSince: (cursor) => ({ '>=DATE_MODIFY': cursor }),
    async toRecords(rows) {
      const dicts = await ctx.crm.get();
      return (rows as LegacyContact[]).map((r) => contactRecord(r, dicts));
    },
    externalId: () => Promise.resolve({ field: 'ORIGIN_ID', filter: { ORIGINATOR_ID: ORIGINATOR }, of: (row) => textOrNull(row['ORIGIN_ID']) }),
    async fieldPaths() {
      const dicts = await ctx.crm.get();
      const paths: FieldPath[] = [...SCALARS, 'FULL_NAME', ...CONTACT_MULTIFIELDS].map((path) => ({ path, writable: true }));
      for (const uf of userFieldNames(dicts.contactFields)) paths.push({ path: uf, writable: dicts.contactFields[uf]?.isReadOnly !== true });
      return paths;
    },
    async find(queries: readonly FindQuery[]) {
      const phones = valuesWhere(queries, (l) => l.kind === 'phone');
      const emails = valuesWhere(queries, (l) => l.kind === 'email');
      const comm = await findByComm(client, 'CONTACT', phones, emails);
      return findResults(queries, (lookup, value) => (lookup.kind === 'phone' ? comm.phones.get(value) : lookup.kind === 'email' ? comm.emails.get(value) : undefined));
    },
    async planCreates(requests: readonly CreateRequest[]): Promise<Planned[]> {
      const dicts = await ctx.crm.get();
      return requests.map((r) => {
        const fields = plan(r.fields, dicts, ctx, undefined);
        if (fields instanceof SyncError) return { ref: r.ref, error: fields };
        return {
          ref: r.ref,
          commands: [{ name: 'c', method: 'crm.contact.add', params: { fields: { ...fields, ORIGINATOR_ID: ORIGINATOR, ORIGIN_ID: r.externalId } } }],
          id: (results) => idIn(results['c']),
        };
      });
    },
    async planUpdates(requests: readonly UpdateRequest[]): Promise<Planned[]> {
      const [dicts, rows] = await Promise.all([ctx.crm.get(), listChunked<LegacyContact>(client, LIST, { inField: 'ID', values: numericIds(requests.map((r) => r.id)) })]);
      const byId = new Map(rows.map((r) => [String(r.ID), r]));
      return requests.map((r): Planned => {
        const current = byId.get(String(r.id));
        if (!current) return { ref: r.ref, error: new SyncError('B24_NOT_FOUND', `contacts: contact ${r.id} does not exist`) };
        const fields = plan(r.fields, dicts, ctx, current);
        if (fields instanceof SyncError) return { ref: r.ref, error: fields };
        return { ref: r.ref, commands: Object.keys(fields).length > 0 ? [{ name: 'c', method: 'crm.contact.update', params: { id: r.id, fields } }] : [], id: r.id };
      });
    },
  };
}
