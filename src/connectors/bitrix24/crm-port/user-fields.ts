// Company user fields the field maps write to (`UF_CRM_NAV_BALANCE`…): created when
// missing. The name is sent without the UF_CRM_ prefix, which the portal adds
// (crm.company.userfield.add); labels go to the form and the list column.
import type { CrmPort } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import type { UserField } from '../types.ts';

type Wanted = Parameters<CrmPort['ensureUserFields']>[0][number];

const PREFIX = 'UF_CRM_';

export function userFieldName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith(PREFIX) ? upper : `${PREFIX}${upper}`;
}

/** Creates the missing fields; returns the names created (none on a second call). */
export async function ensureCompanyUserFields(client: B24Client, fields: readonly Wanted[]): Promise<string[]> {
  const wanted = new Map<string, Wanted>();
  for (const f of fields) if (!wanted.has(userFieldName(f.name))) wanted.set(userFieldName(f.name), f);
  // One filtered call per name (batched): the full list may be longer than a page.
  const names = [...wanted.keys()];
  const found = await Promise.all(names.map((name) => client.call<UserField[]>('crm.company.userfield.list', { filter: { FIELD_NAME: name } })));
  const missing = [...wanted].filter(([name], i) => !(found[i] ?? []).some((f) => f.FIELD_NAME.toUpperCase() === name));
  await Promise.all(
    [...missing].map(([name, f]) =>
      client.call('crm.company.userfield.add', {
        fields: { FIELD_NAME: name.slice(PREFIX.length), USER_TYPE_ID: f.type, EDIT_FORM_LABEL: f.label, LIST_COLUMN_LABEL: f.label, XML_ID: name },
      }),
    ),
  );
  return missing.map(([name]) => name);
}
