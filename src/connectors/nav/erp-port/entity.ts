// What differs between the entities of the NAV side: the page, the records of the
// entity on it (contacts: persons only), values fixed on create, and virtual
// paths beside the page's fields (a person's Customer_No). Everything else — scans,
// fetches, look-ups, writes — is the same and lives in entity-side.ts.
import type { SyncError } from '../../../core/failure.ts';
import type { FieldValue, SideRecord } from '../../../core/record.ts';
import type { EntityKind } from '../../../engine/ports.ts';
import type { NavValue, PageDef } from '../schema/index.ts';
import type { LoosePage, NavRecord, NavRow, RowWhere } from './nav-page.ts';
import { navValues, toSideRecord } from './values.ts';
import { asSyncError } from './concurrency.ts';

export interface FieldPath {
  readonly path: string;
  readonly writable: boolean;
  readonly maxLength?: number;
}

export type SideFields = Readonly<Record<string, FieldValue>>;

export interface NavEntity {
  readonly entity: EntityKind;
  readonly page: LoosePage;
  readonly def: PageDef;
  /** Conditions every record of the entity meets (contacts: Type = Person). */
  readonly base: RowWhere;
  /** Values every create carries (contacts: Type = Person). */
  readonly onCreate: NavRow;
  /** Paths beside the page fields, and page fields the entity does not let callers write. */
  readonly virtualPaths: readonly FieldPath[];
  readonly fixedPaths: ReadonlySet<string>;
  /** NAV rows → records, reading what virtual paths need in bulk. */
  toRecords(rows: readonly NavRecord[]): Promise<SideRecord[]>;
  /** Side fields of many writes → page values (virtual paths resolved in bulk); a failure per write. */
  toWrites(writes: readonly SideFields[]): Promise<Array<Record<string, NavValue> | SyncError>>;
}

/** Page values of each write, or why it cannot be written. */
export function plainWrites(def: PageDef, writes: readonly SideFields[]): Array<Record<string, NavValue> | SyncError> {
  return writes.map((fields) => {
    try {
      return navValues(def, fields);
    } catch (error) {
      return asSyncError(error);
    }
  });
}

/** An entity that is exactly one page: every record of it, its fields as they are. */
export function pageEntity(entity: EntityKind, page: LoosePage, def: PageDef): NavEntity {
  return {
    entity,
    page,
    def,
    base: {},
    onCreate: {},
    virtualPaths: [],
    fixedPaths: new Set(),
    toRecords: (rows) => Promise.resolve(rows.map((row) => toSideRecord(def, row))),
    toWrites: (writes) => Promise.resolve(plainWrites(def, writes)),
  };
}
