// Page records as OData v4 JSON (§3.5): properties in page order with option
// captions and 0001-01-01 for blank dates, an @odata.etag per entity, and the
// lines part as the `<Service><Part>` array when expanded.
import { blankValue, toODataValue, type FieldDef } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';

export function entityJson(fields: readonly FieldDef[], values: Row, etag: string, select: ReadonlySet<string> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { '@odata.etag': etag };
  for (const field of fields) {
    if (select && !select.has(field.name)) continue;
    out[field.name] = toODataValue(field, values[field.name] ?? blankValue(field));
  }
  return out;
}

