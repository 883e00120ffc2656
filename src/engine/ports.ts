// The ports the engine talks to (DESIGN §2): each system offers, per entity kind,
// an EntitySide in b24nav's own words — records, changes since a cursor, look-ups
// by match keys, bulk creates and updates with per-record outcomes. Vendor methods,
// pages and types stay inside the connector that implements them.
import type { SyncError } from '../core/failure.ts';
import type { MatchLookup } from '../core/match.ts';
import type { FieldValue, SideName, SideRecord } from '../core/record.ts';

export type EntityKind = 'customers' | 'contacts' | 'products' | 'orders' | 'invoices';

export const ENTITY_KINDS: readonly EntityKind[] = ['customers', 'contacts', 'products', 'orders', 'invoices'];


/** One pass over the records changed since a cursor. */
export interface ChangeScan {
  /** Pages of records, each at most a few hundred. */
  readonly pages: AsyncIterable<readonly SideRecord[]>;
  /**
   * The cursor to store once every page has been handled; read it after the pages
   * are exhausted. A scan never moves the cursor past a change it did not return.
   */
  cursor(): string | null;
}

/** A record to look up before creating: `ref` is the caller's own key for it. */
export interface FindQuery {
  readonly ref: string;
  readonly lookups: readonly MatchLookup[];
}

export interface FindResult {
  readonly ref: string;
  /** Candidate ids per match key, in the order of `lookups`; keys without hits may be left out. */
  readonly candidates: ReadonlyArray<{ readonly key: string; readonly ids: readonly string[] }>;
}

export interface CreateRequest {
  readonly ref: string;
  /** Side field paths → values, as the field map produced them. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /**
   * A stable id of the source record ("nav:10000"): sides that can store it
   * (B24 ORIGINATOR_ID/ORIGIN_ID, a product's xmlId) do, so that a retry after a lost
   * answer finds the record instead of creating a second one.
   */
  readonly externalId: string;
}

export interface UpdateRequest {
  readonly ref: string;
  readonly id: string;
  /** The version read before deciding (NAV Key / ETag); a stale one fails as `conflict`. */
  readonly version: string | null;
  readonly fields: Readonly<Record<string, FieldValue>>;
}

export type WriteOutcome =
  | { readonly ref: string; readonly ok: true; readonly record: SideRecord }
  | { readonly ref: string; readonly ok: false; readonly error: SyncError };

/** A delete's outcome per id; a record that does not exist (any more) counts as deleted. */
export type DeleteOutcome =
  | { readonly id: string; readonly ok: true }
  | { readonly id: string; readonly ok: false; readonly error: SyncError };

export interface EntitySide {
  readonly side: SideName;
  readonly entity: EntityKind;
  /** Side field paths the side can read and write (for `b24nav check`). */
  fieldPaths(): Promise<ReadonlyArray<{ readonly path: string; readonly writable: boolean; readonly maxLength?: number }>>;
  /** Records changed since `cursor`; `null` means every record (the initial load). */
  scanChanges(cursor: string | null): ChangeScan;
  /** Current records by id; ids that do not exist (deleted) are absent from the map. */
  fetch(ids: readonly string[]): Promise<Map<string, SideRecord>>;
  /** Candidates by match keys, for many records at once. */
  find(queries: readonly FindQuery[]): Promise<FindResult[]>;
  /** Records created earlier with these external ids (idempotent creates), if the side can store them. */
  findByExternalId(externalIds: readonly string[]): Promise<Map<string, SideRecord>>;
  create(requests: readonly CreateRequest[]): Promise<WriteOutcome[]>;
  update(requests: readonly UpdateRequest[]): Promise<WriteOutcome[]>;
  /** Every id on the side, page by page (deletion detection by key-set comparison). */
  listIds(): AsyncIterable<readonly string[]>;
  /**
   * Deletes records (onDelete: propagate), one outcome per id, in the order given. A
   * refusal comes back with the system's own text (NAV keeps a customer with ledger
   * entries). Absent on sides whose records b24nav may not delete.
   */
  delete?(ids: readonly string[]): Promise<DeleteOutcome[]>;
  /**
   * Shows why a record waits or was refused on the record itself (B24 deals:
   * UF_CRM_B24NAV_SYNC_STATUS), for many records at once; `note: null` clears it.
   * Writes only where the shown text differs. Absent on sides without such a place.
   */
  annotate?(notes: ReadonlyArray<{ readonly id: string; readonly note: string | null }>): Promise<void>;
}

export type SidePort = Readonly<Record<EntityKind, EntitySide>>;

/** Stock levels: NAV inventory per item and location. */
export interface StockLevel {
  readonly itemNo: string;
  readonly location: string;
  readonly quantity: number;
}

export interface StockSource {
  /** Every (item, location) quantity, page by page. */
  levels(): AsyncIterable<readonly StockLevel[]>;
  locations(): Promise<ReadonlyArray<{ readonly code: string; readonly name: string }>>;
}

export interface StockTarget {
  /** `documents` when the portal has inventory management (stock moves by conducted documents), else `quantity`. */
  mode(): Promise<'documents' | 'quantity'>;
  /** Store id for a NAV location (found by code/xmlId, created when missing). */
  ensureStores(locations: ReadonlyArray<{ readonly code: string; readonly name: string }>, map: Readonly<Record<string, string>>): Promise<Map<string, string>>;
  /** Current amounts for products (B24 ids) per store. */
  amounts(productIds: readonly string[]): Promise<Map<string, Map<string, number>>>;
  /**
   * Moves stock to the given targets: increases and decreases as conducted
   * documents (or product quantity). Returns per (product, store) outcomes.
   */
  apply(changes: ReadonlyArray<{ readonly productId: string; readonly storeId: string; readonly from: number; readonly to: number }>): Promise<Array<{ readonly productId: string; readonly storeId: string; readonly ok: boolean; readonly error?: SyncError }>>;
}

/** A B24 user field b24nav creates when missing: on companies (default) or deals; `multiple` for lists. */
export interface UserFieldSpec {
  readonly name: string;
  readonly type: 'string' | 'double' | 'boolean' | 'date' | 'datetime';
  readonly label: string;
  readonly entity?: 'company' | 'deal';
  readonly multiple?: boolean;
}

export interface CrmPort extends SidePort {
  readonly stock: StockTarget;
  /** Makes sure the user fields the field maps write to exist (creates missing ones). */
  ensureUserFields(fields: ReadonlyArray<UserFieldSpec>): Promise<string[]>;
  close(): Promise<void>;
}

export interface ErpPort extends SidePort {
  readonly stock: StockSource;
  close(): Promise<void>;
}
