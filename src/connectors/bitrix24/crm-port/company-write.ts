// Company writes as batch plans: `c` the company (with its multifields), `r` the
// primary requisite, `a` its legal address. A create chains them with `$result`
// references; an update reads the current company first (entry IDs of phones and
// e-mails, the requisite and address to change) and sends only what differs, so an
// unchanged record is not touched and its DATE_MODIFY does not move.
import { SyncError } from '../../../core/failure.ts';
import type { CountryCode } from '../../../core/phone.ts';
import type { FieldValue } from '../../../core/record.ts';
import type { CreateRequest, UpdateRequest } from '../../../engine/ports.ts';
import { idIn, resultOf, type PlannedCommand, type Planned, type ResultRef } from './batch-writer.ts';
import {
  ADDRESS_FIELDS, ADDRESS_LEGAL, ADDRESS_OWNER_REQUISITE, COMPANY_SCALARS, REQUISITE_OWNER_COMPANY, requisiteFieldNames, type CompanyState,
} from './company-read.ts';
import type { CrmDictionaries } from './dictionaries.ts';
import { addOps, entriesOf, isMultifield, updateOps, type MultifieldType } from './multifields.ts';
import { addressValues, choosePreset, hasValue, requisiteValues } from './requisite-write.ts';
import { differs, writableValue } from './write-values.ts';
import { textOrNull, userFieldValue } from './values.ts';

export const ORIGINATOR = 'b24nav';

interface CompanyWrite {
  readonly company: Record<string, FieldValue>;
  readonly multi: ReadonlyArray<readonly [MultifieldType, FieldValue]>;
  readonly requisite: Record<string, FieldValue>;
  readonly taxId: FieldValue | undefined;
  readonly address: Record<string, FieldValue>;
}

/** Sorts written paths by where they go; an unknown path is the record's error, not silence (reference §9.5). */
export function splitCompanyFields(fields: Readonly<Record<string, FieldValue>>, dicts: CrmDictionaries): CompanyWrite | SyncError {
  const out: CompanyWrite & { taxId: FieldValue | undefined; multi: Array<[MultifieldType, FieldValue]> } = { company: {}, multi: [], requisite: {}, taxId: undefined, address: {} };
  const rqNames = new Set(requisiteFieldNames(dicts));
  for (const [path, value] of Object.entries(fields)) {
    if ((COMPANY_SCALARS as readonly string[]).includes(path) || (path.startsWith('UF_CRM_') && path in dicts.companyFields)) out.company[path] = value;
    else if (isMultifield(path)) out.multi.push([path, value]);
    else if (path === 'requisite.TAX_ID') out.taxId = value;
    else if (path.startsWith('requisite.') && rqNames.has(path.slice('requisite.'.length))) out.requisite[path.slice('requisite.'.length)] = value;
    else if (path.startsWith('address.') && (ADDRESS_FIELDS as readonly string[]).includes(path.slice('address.'.length))) out.address[path.slice('address.'.length)] = value;
    else return new SyncError('B24_VALIDATION', `customers: "${path}" is not a Bitrix24 company field path (see fieldPaths(); user fields must exist on the portal)`);
  }
  return out;
}

function companyFieldValues(write: CompanyWrite, dicts: CrmDictionaries): Record<string, unknown> {
  return Object.fromEntries(Object.entries(write.company).map(([name, value]) => [name, writableValue(value, dicts.companyFields[name])]));
}

function newRequisite(companyId: string | ResultRef, title: string, values: Record<string, string>, dicts: CrmDictionaries, region: CountryCode | undefined): PlannedCommand | SyncError {
  const tax = values['RQ_INN'] || values['RQ_VAT_ID'] || undefined;
  const preset = choosePreset(dicts.presets, tax, region);
  if (!preset) return new SyncError('B24_VALIDATION', 'customers: the portal has no requisite preset to create a requisite with (crm.requisite.preset.list)');
  return {
    name: 'r',
    method: 'crm.requisite.add',
    params: { fields: { ENTITY_TYPE_ID: REQUISITE_OWNER_COMPANY, ENTITY_ID: companyId, PRESET_ID: preset.ID, NAME: title, RQ_COMPANY_NAME: title, ...values } },
  };
}

function addressCommand(method: 'crm.address.add' | 'crm.address.update', requisiteId: string | ResultRef, values: Record<string, string>): PlannedCommand {
  return { name: 'a', method, params: { fields: { TYPE_ID: ADDRESS_LEGAL, ENTITY_TYPE_ID: ADDRESS_OWNER_REQUISITE, ENTITY_ID: requisiteId, ...values } } };
}

export function planCompanyCreate(request: CreateRequest, dicts: CrmDictionaries, region: CountryCode | undefined): Planned {
  const write = splitCompanyFields(request.fields, dicts);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const fields: Record<string, unknown> = { ...companyFieldValues(write, dicts), ORIGINATOR_ID: ORIGINATOR, ORIGIN_ID: request.externalId };
  for (const [type, value] of write.multi) fields[type] = addOps(type, value, region);
  const commands: PlannedCommand[] = [{ name: 'c', method: 'crm.company.add', params: { fields } }];
  const rq = requisiteValues(write.requisite, write.taxId);
  const address = addressValues(write.address);
  if (hasValue(rq) || hasValue(address)) {
    const title = textOrNull(write.company['TITLE']) ?? '';
    const requisite = newRequisite(resultOf('c'), title, rq, dicts, region);
    if (requisite instanceof SyncError) return { ref: request.ref, error: requisite };
    commands.push(requisite);
    if (hasValue(address)) commands.push(addressCommand('crm.address.add', resultOf('r'), address));
  }
  return {
    ref: request.ref,
    commands,
    id: (results) => idIn(results['c']),
    undo: (id) => [{ name: 'd', method: 'crm.company.delete', params: { id } }],
  };
}

export function planCompanyUpdate(request: UpdateRequest, state: CompanyState | undefined, dicts: CrmDictionaries, region: CountryCode | undefined): Planned {
  if (!state) return { ref: request.ref, error: new SyncError('B24_NOT_FOUND', `customers: company ${request.id} does not exist`) };
  const write = splitCompanyFields(request.fields, dicts);
  if (write instanceof SyncError) return { ref: request.ref, error: write };
  const { row, requisite } = state;
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(write.company)) {
    if (differs(userFieldValue(row[name]), value)) fields[name] = writableValue(value, dicts.companyFields[name]);
  }
  for (const [type, value] of write.multi) {
    const ops = updateOps(type, entriesOf(row, type), value, region);
    if (ops.length > 0) fields[type] = ops;
  }
  const commands: PlannedCommand[] = [];
  if (Object.keys(fields).length > 0) commands.push({ name: 'c', method: 'crm.company.update', params: { id: request.id, fields } });

  const rqAll = requisiteValues(write.requisite, write.taxId);
  const rq = requisite ? Object.fromEntries(Object.entries(rqAll).filter(([name, value]) => differs(textOrNull(requisite[name]), value))) : rqAll;
  const addressAll = addressValues(write.address);
  let requisiteId: string | ResultRef | undefined = requisite ? String(requisite.ID) : undefined;
  if (requisite && Object.keys(rq).length > 0) {
    commands.push({ name: 'r', method: 'crm.requisite.update', params: { id: requisite.ID, fields: rq } });
  } else if (!requisite && (hasValue(rq) || hasValue(addressAll))) {
    const title = textOrNull(write.company['TITLE']) ?? textOrNull(row.TITLE) ?? '';
    const created = newRequisite(request.id, title, rq, dicts, region);
    if (created instanceof SyncError) return { ref: request.ref, error: created };
    commands.push(created);
    requisiteId = resultOf('r');
  }
  if (requisiteId !== undefined) {
    if (state.legal) {
      const legal = state.legal;
      const changed = Object.fromEntries(Object.entries(addressAll).filter(([name, value]) => differs(textOrNull(legal[name as keyof typeof legal]), value)));
      if (Object.keys(changed).length > 0) commands.push(addressCommand('crm.address.update', requisiteId, changed));
    } else if (hasValue(addressAll)) {
      // Only a registered address so far: the new legal one starts as its copy, so the read value stays whole.
      const base = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f, textOrNull(state.registered?.[f]) ?? '']));
      commands.push(addressCommand('crm.address.add', requisiteId, { ...base, ...addressAll }));
    }
  }
  return { ref: request.ref, commands, id: request.id };
}
