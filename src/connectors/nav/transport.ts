// The transport-neutral operations the typed page clients use. Two
// implementations: SOAP page services and OData v4. Records travel as plain
// values keyed by field name; `version` is the SOAP Key or the OData ETag.
import type { FieldCondition } from './filters.ts';
import type { NavValue, PageDef } from './schema/index.ts';

export type Values = Readonly<Record<string, NavValue>>;

export interface VersionedValues {
  readonly values: Values;
  readonly version: string;
  readonly lines?: readonly VersionedValues[];
}

export interface PageRef {
  readonly def: PageDef;
  /** The published service name. */
  readonly service: string;
  /** Values the page view fixes (Document_Type on page 42). */
  readonly fixed: Values;
}

export interface ListRequest {
  readonly where: ReadonlyArray<readonly [field: string, condition: FieldCondition<NavValue>]>;
  readonly pageSize: number;
  readonly select?: readonly string[] | undefined;
  readonly withLines: boolean;
}

export interface RecordRef {
  readonly key: Values;
  readonly version: string;
}

export interface LineChange {
  readonly line: RecordRef;
  readonly changes: Values;
}

export interface PageTransport {
  readonly kind: 'soap' | 'odata';
  read(page: PageRef, key: Values, withLines: boolean): Promise<VersionedValues | undefined>;
  pages(page: PageRef, request: ListRequest): AsyncGenerator<VersionedValues[]>;
  /** The record with the highest key among those the filter lets through (SOAP setSize -1, OData $orderby desc + $top 1). */
  last(page: PageRef, request: Omit<ListRequest, 'pageSize' | 'withLines'>): Promise<VersionedValues | undefined>;
  create(page: PageRef, values: Values): Promise<VersionedValues>;
  createMany(page: PageRef, records: readonly Values[]): Promise<VersionedValues[]>;
  update(page: PageRef, ref: RecordRef, changes: Values): Promise<VersionedValues>;
  delete(page: PageRef, ref: RecordRef): Promise<void>;
  /** Adds lines at the end of a document; answers the document with all its lines. */
  addLines(page: PageRef, header: RecordRef, lines: readonly Values[]): Promise<VersionedValues>;
  updateLines(page: PageRef, header: RecordRef, changes: readonly LineChange[]): Promise<VersionedValues>;
  deleteLine(page: PageRef, header: RecordRef, line: RecordRef): Promise<void>;
}
