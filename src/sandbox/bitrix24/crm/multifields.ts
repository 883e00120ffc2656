// Multifields (PHONE / EMAIL / WEB / IM / LINK) and their update rules
// (reference §7.2): legacy entries with an ID are changed or deleted, entries
// without one are added — re-sending a list without IDs duplicates every value;
// crm.item's `fm` uses keys n0, n1… for new entries and entry ids for changes.
import { coreError } from '../errors.ts';
import type { Portal } from '../portal.ts';
import { text } from '../params.ts';
import type { Multifield } from '../state.ts';
import { MULTIFIELD_TYPES, type EntityName, type MultifieldType } from './fields.ts';

export interface MultifieldOp {
  readonly kind: 'add' | 'change' | 'delete';
  readonly id?: number;
  readonly type: MultifieldType;
  readonly valueType?: string;
  readonly value?: string;
}

const DEFAULT_VALUE_TYPE: Record<MultifieldType, string> = { PHONE: 'WORK', EMAIL: 'WORK', WEB: 'WORK', IM: 'OTHER', LINK: 'USER' };

// A deliberately loose check, like the CRM's own: something@something.something.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Legacy input: `PHONE: [{ID?, VALUE, VALUE_TYPE, DELETE?}]` (array or object keyed by anything). */
export function legacyMultifieldOps(fields: Record<string, unknown>): MultifieldOp[] {
  const ops: MultifieldOp[] = [];
  for (const type of MULTIFIELD_TYPES) {
    const raw = fields[type];
    if (raw === undefined || raw === null || typeof raw !== 'object') continue;
    for (const entry of Object.values(raw as Record<string, unknown>)) {
      if (entry === null || typeof entry !== 'object') continue;
      const e = entry as Record<string, unknown>;
      const id = e['ID'] === undefined || e['ID'] === '' ? undefined : Number(e['ID']);
      const value = e['VALUE'] === undefined || e['VALUE'] === null ? undefined : text(e['VALUE']);
      const valueType = e['VALUE_TYPE'] === undefined ? undefined : text(e['VALUE_TYPE']);
      if (id !== undefined && Number.isFinite(id)) {
        const del = text(e['DELETE']).toUpperCase() === 'Y' || value === undefined || value.trim() === '';
        ops.push(del ? { kind: 'delete', id, type } : { kind: 'change', id, type, value, ...(valueType ? { valueType } : {}) });
      } else if (value !== undefined && value.trim() !== '') {
        ops.push({ kind: 'add', type, value, ...(valueType ? { valueType } : {}) });
      }
    }
  }
  return ops;
}

/**
 * crm.item `fm`: on add an array of {typeId, valueType, value}; on update an object
 * whose keys are `n0`… (add) or entry ids (change; an unknown id silently creates
 * a new entry; an empty value deletes). `typeId` is required in every element —
 * without it the call succeeds and does nothing. An array on update adds.
 */
export function itemMultifieldOps(fm: unknown): MultifieldOp[] {
  if (fm === null || typeof fm !== 'object') return []; // a string: no error, no multifields
  const ops: MultifieldOp[] = [];
  const entries = Array.isArray(fm) ? fm.map((v, i) => [`n${i}`, v] as const) : Object.entries(fm as Record<string, unknown>);
  for (const [key, entry] of entries) {
    if (entry === null || typeof entry !== 'object') continue;
    const e = entry as Record<string, unknown>;
    const typeId = e['typeId'];
    if (typeof typeId !== 'string' || typeId === '') continue;
    const type = typeId.toUpperCase() as MultifieldType;
    const value = e['value'] === undefined || e['value'] === null ? '' : text(e['value']);
    const valueType = e['valueType'] === undefined ? undefined : text(e['valueType']);
    const id = /^\d+$/.test(key) ? Number(key) : undefined;
    if (id === undefined) {
      if (value.trim() !== '') ops.push({ kind: 'add', type, value, ...(valueType ? { valueType } : {}) });
    } else if (value.trim() === '') {
      ops.push({ kind: 'delete', id, type });
    } else {
      ops.push({ kind: 'change', id, type, value, ...(valueType ? { valueType } : {}) });
    }
  }
  return ops;
}

export function validateMultifieldOps(ops: readonly MultifieldOp[]): void {
  for (const op of ops) {
    if (op.type === 'EMAIL' && op.value !== undefined && !EMAIL_RE.test(op.value.trim())) {
      throw coreError(`E-mail address "${op.value}" is incorrect.`);
    }
  }
}

/** Keeps multifields per record at hand; rebuilt from the table after load/reset. */
export class MultifieldIndex {
  private byElement: Map<string, Multifield[]> | undefined;

  constructor(private readonly portal: Portal) {}

  private key(entity: EntityName, elementId: number): string {
    return `${entity}:${elementId}`;
  }

  private index(): Map<string, Multifield[]> {
    if (!this.byElement) {
      this.byElement = new Map();
      for (const mf of this.portal.state.multifields.values()) this.push(mf);
    }
    return this.byElement;
  }

  private push(mf: Multifield): void {
    const key = this.key(mf.ENTITY_ID, mf.ELEMENT_ID);
    const list = this.byElement?.get(key);
    if (list) list.push(mf);
    else this.byElement?.set(key, [mf]);
  }

  invalidate(): void {
    this.byElement = undefined;
  }

  of(entity: EntityName, elementId: number): readonly Multifield[] {
    return this.index().get(this.key(entity, elementId)) ?? [];
  }

  apply(entity: EntityName, elementId: number, ops: readonly MultifieldOp[]): void {
    const table = this.portal.state.multifields;
    this.index();
    for (const op of ops) {
      const existing = op.id === undefined ? undefined : table.get(op.id);
      const mine = existing && existing.ENTITY_ID === entity && existing.ELEMENT_ID === elementId ? existing : undefined;
      if (op.kind === 'delete') {
        if (mine) {
          table.delete(mine.ID);
          this.drop(mine);
        }
        continue;
      }
      if (op.kind === 'change' && mine) {
        if (op.value !== undefined) mine.VALUE = op.value;
        if (op.valueType !== undefined) mine.VALUE_TYPE = op.valueType;
        continue;
      }
      // 'add', or a change of an entry that isn't this record's: a new entry.
      const mf: Multifield = {
        ID: table.allocateId(),
        ENTITY_ID: entity,
        ELEMENT_ID: elementId,
        TYPE_ID: op.type,
        VALUE_TYPE: op.valueType ?? DEFAULT_VALUE_TYPE[op.type] ?? 'OTHER',
        VALUE: op.value ?? '',
      };
      table.put(mf);
      this.push(mf);
    }
  }

  removeAll(entity: EntityName, elementId: number): void {
    for (const mf of [...this.of(entity, elementId)]) {
      this.portal.state.multifields.delete(mf.ID);
      this.drop(mf);
    }
  }

  private drop(mf: Multifield): void {
    const key = this.key(mf.ENTITY_ID, mf.ELEMENT_ID);
    const list = this.byElement?.get(key);
    if (list) this.byElement?.set(key, list.filter((m) => m.ID !== mf.ID));
  }
}
