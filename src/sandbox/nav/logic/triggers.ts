// The table triggers a page call runs (OnNewRecord, OnValidate per field,
// OnInsert, OnModify, OnRename, OnDelete), as NAV runs them for web service
// calls just as for a user (nav-web-services.md §1.1 "Page triggers run").
import type { FieldDef, NavValue } from '../../../connectors/nav/schema/index.ts';
import type { Row, StoredRow } from '../data/table.ts';
import type { LogicContext } from './context.ts';

export interface TableTriggers {
  /** OnNewRecord / InitRecord: the defaults of a new record (`parent` is the header of a new line). */
  init?(row: Row, ctx: LogicContext, parent: StoredRow | undefined): void;
  /** Checks before a field is assigned (e.g. TestStatusOpen). */
  beforeValidate?(field: FieldDef, row: Row, ctx: LogicContext, isNew: boolean): void;
  /** OnValidate, after the value is assigned; `previous` is the value before. */
  validate?(field: FieldDef, row: Row, previous: NavValue, ctx: LogicContext, isNew: boolean): void;
  /** OnInsert, before the record is stored (number series). */
  insert?(row: Row, ctx: LogicContext): void;
  /** OnModify, before the change is stored. */
  modify?(row: Row, old: Row, ctx: LogicContext): void;
  /** OnRename, with the new values in `row`; related records follow the new key. */
  rename?(row: Row, old: Row, ctx: LogicContext): void;
  /** OnDelete, before the record goes (checks and cascades). */
  delete?(stored: StoredRow, ctx: LogicContext): void;
}
