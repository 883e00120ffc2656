// User fields the field maps write to (`UF_CRM_B24NAV_BALANCE` on companies,
// `UF_CRM_B24NAV_ORDER_NO` on deals…): created when missing, through
// crm.company.userfield.add / crm.deal.userfield.add. The name is sent without the
// UF_CRM_ prefix, which the portal adds; labels go to the form and the list column;
// a multiple field (the deal's shipments and invoices) is created with MULTIPLE = Y.
import type { CrmPort } from '../../../engine/ports.ts';
import type { B24Client } from '../client.ts';
import type { UserField } from '../types.ts';

type Wanted = Parameters<CrmPort['ensureUserFields']>[0][number];
export type UserFieldEntity = NonNullable<Wanted['entity']>;

const PREFIX = 'UF_CRM_';

export function userFieldName(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith(PREFIX) ? upper : `${PREFIX}${upper}`;
}

/** Creates the missing fields; returns the names created (none on a second call), with the entities they were created on. */
export async function ensureUserFields(client: B24Client, fields: readonly Wanted[]): Promise<Array<{ readonly entity: UserFieldEntity; readonly name: string }>> {
  const wanted = new Map<string, { entity: UserFieldEntity; name: string; field: Wanted }>();
  for (const f of fields) {
    const entity = f.entity ?? 'company';
    const name = userFieldName(f.name);
    if (!wanted.has(`${entity}:${name}`)) wanted.set(`${entity}:${name}`, { entity, name, field: f });
  }
  const list = [...wanted.values()];
  // One filtered call per name (batched): the full list may be longer than a page.
  const found = await Promise.all(list.map((w) => client.call<UserField[]>(`crm.${w.entity}.userfield.list`, { filter: { FIELD_NAME: w.name } })));
  const missing = list.filter((w, i) => !(found[i] ?? []).some((f) => f.FIELD_NAME.toUpperCase() === w.name));
  await Promise.all(
    missing.map(({ entity, name, field }) =>
      client.call(`crm.${entity}.userfield.add`, {
        fields: {
          FIELD_NAME: name.slice(PREFIX.length),
          USER_TYPE_ID: field.type,
          EDIT_FORM_LABEL: field.label,
          LIST_COLUMN_LABEL: field.label,
          XML_ID: name,
          ...(field.multiple === true ? { MULTIPLE: 'Y' } : {}),
        },
      }),
    ),
  );
  return missing.map(({ entity, name }) => ({ entity, name }));
}
