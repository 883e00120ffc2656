// A published NAV page: service name, the page and table behind it, its fields
// in page order (the order of the WSDL sequence and of NAV's field-by-field
// validation), its primary key, what it lets a caller do, and its lines part.
import type { FieldDef, RecordOf, WritableOf } from './fields.ts';

export interface PageAccess {
  readonly insert: boolean;
  readonly modify: boolean;
  readonly delete: boolean;
}

export const READ_ONLY: PageAccess = { insert: false, modify: false, delete: false };
export const FULL_ACCESS: PageAccess = { insert: true, modify: true, delete: true };

export interface PartDef<Fs extends readonly FieldDef[] = readonly FieldDef[]> {
  /** The part control's name: the element in SOAP, `<Service><Name>` as the OData containment. */
  readonly name: string;
  /** The SOAP complex type of one line, e.g. Sales_Order_Line. */
  readonly lineType: string;
  readonly pageId: number;
  readonly tableName: string;
  readonly tableNo: number;
  readonly fields: Fs;
  /** OData key of a line, e.g. Document_Type, Document_No, Line_No. */
  readonly key: readonly string[];
  /** The field linking a line to its header (SubPageLink), e.g. Document_No = No. */
  readonly link: { readonly lineField: string; readonly headerField: string };
  /** The line number field that AutoSplitKey fills. */
  readonly lineNoField: string;
}

export interface PageDef<Fs extends readonly FieldDef[] = readonly FieldDef[], P extends PartDef | undefined = PartDef | undefined, K extends string = string> {
  /** The service name under which the page is published by default. */
  readonly service: string;
  readonly pageId: number;
  readonly pageName: string;
  readonly tableName: string;
  readonly tableNo: number;
  readonly fields: Fs;
  /** Primary key fields, in key order: the OData key. */
  readonly key: readonly K[];
  /** The parameters of SOAP Read: the key fields that are page controls. */
  readonly soapKey: readonly string[];
  readonly access: PageAccess;
  readonly part: P;
}

export function definePage<const Fs extends readonly FieldDef[], const K extends string, const P extends PartDef | undefined = undefined>(def: PageDef<Fs, P, K>): PageDef<Fs, P, K> {
  return def;
}

export function definePart<const Fs extends readonly FieldDef[]>(def: PartDef<Fs>): PartDef<Fs> {
  return def;
}

export type PageRecord<P> = P extends PageDef<infer Fs, PartDef | undefined, string> ? RecordOf<Fs> : never;
export type PageInput<P> = P extends PageDef<infer Fs, PartDef | undefined, string> ? WritableOf<Fs> : never;
export type LineRecord<P> = P extends PageDef<readonly FieldDef[], PartDef<infer Fs>, string> ? RecordOf<Fs> : never;
export type LineInput<P> = P extends PageDef<readonly FieldDef[], PartDef<infer Fs>, string> ? WritableOf<Fs> : never;
/** The key a caller gives: the primary key without what the page view fixes (Document_Type). */
export type PageKey<P> = P extends PageDef<infer Fs, PartDef | undefined, infer K> ? Pick<RecordOf<Fs>, Extract<Exclude<K, 'Document_Type'>, keyof RecordOf<Fs>>> : never;

/** Field lookup by element name, built once per field list. */
export function fieldIndex(fields: readonly FieldDef[]): ReadonlyMap<string, FieldDef> {
  return new Map(fields.map((f) => [f.name, f]));
}
