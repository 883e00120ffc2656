// A page record as XML and back. Output follows the WSDL sequence: Key first,
// then the page fields in order, then the lines part. Input keeps only the page
// fields that are present: an absent element leaves the field alone, an empty
// one clears it (nav-web-services.md §1.8).
import { fromSoapText, toSoapText, WireValueError, type FieldDef, type NavValue, type PartDef } from '../../../connectors/nav/schema/index.ts';
import type { Row } from '../data/table.ts';
import { navErrors } from '../errors.ts';
import type { FieldInput } from '../logic/records.ts';
import { child, childrenNamed, escapeXml, type XmlElement } from './xml.ts';

/**
 * Whether blank Text/Code/date values are left out of responses ('omit') or sent
 * as empty elements. NAV leaves out blank values (.NET proxies see null); this
 * is UNCONFIRMED by a primary source, so it is a setting.
 */
export type BlankFields = 'omit' | 'empty';

export interface EntityShape {
  readonly element: string;
  readonly fields: readonly FieldDef[];
}

export function soapFields(fields: readonly FieldDef[]): FieldDef[] {
  return fields.filter((f) => !f.odataOnly);
}

export function writeEntity(out: string[], shape: EntityShape, key: string, values: Row, blank: BlankFields, lines?: { part: PartDef; rows: ReadonlyArray<{ key: string; values: Row }> }): void {
  // One string per record: V8 concatenates into ropes cheaply, fewer array slots to join.
  let xml = `<${shape.element}><Key>${escapeXml(key)}</Key>`;
  for (const field of shape.fields) {
    const value = values[field.name];
    if (value === undefined) continue;
    if (blank === 'omit' && value === '' && field.kind !== 'option') continue;
    xml += `<${field.name}>${escapeXml(toSoapText(field, value))}</${field.name}>`;
  }
  out.push(xml);
  if (lines) {
    const lineShape: EntityShape = { element: lines.part.lineType, fields: soapFields(lines.part.fields) };
    if (lines.rows.length > 0 || blank === 'empty') {
      out.push(`<${lines.part.name}>`);
      for (const line of lines.rows) writeEntity(out, lineShape, line.key, line.values, blank);
      out.push(`</${lines.part.name}>`);
    }
  }
  out.push(`</${shape.element}>`);
}

export interface ParsedEntity {
  readonly key: string | undefined;
  readonly input: FieldInput;
}

export function readEntity(node: XmlElement, fields: readonly FieldDef[]): ParsedEntity {
  const input = new Map<string, NavValue>();
  for (const field of fields) {
    if (field.odataOnly) continue;
    const text = node.leaves.get(field.name);
    if (text === undefined) continue;
    try {
      input.set(field.name, fromSoapText(field, text));
    } catch (error) {
      if (error instanceof WireValueError) throw navErrors.badValue(error.message);
      throw error;
    }
  }
  const key = node.leaves.get('Key');
  return { key: key === '' ? undefined : key, input };
}

export type ParsedLine = ParsedEntity;

export function readLines(node: XmlElement, part: PartDef): ParsedLine[] {
  const container = child(node, part.name);
  if (container === undefined) return [];
  const lines: ParsedLine[] = childrenNamed(container, part.lineType).map((line) => readEntity(line, part.fields));
  // <Sales_Order_Line/> adds an empty line (F's three-step pattern, §1.7).
  const empty = container.repeated?.get(part.lineType)?.length ?? (container.leaves.has(part.lineType) ? 1 : 0);
  for (let i = 0; i < empty; i++) lines.push({ key: undefined, input: new Map() });
  return lines;
}
