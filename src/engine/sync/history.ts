// History rows (DESIGN §3.10): what changed, from which side, what was written
// where, which policy decided — one helper so every row names the record the same way.
import type { FieldDiff } from '../../core/diff.ts';
import type { SideName } from '../../core/record.ts';
import type { FieldChanges, JsonValue, Link, NewHistoryEntry, StoredError } from '../../store/index.ts';
import type { SyncContext } from './context.ts';

export interface HistoryInput {
  readonly entity: string;
  readonly action: string;
  readonly link?: Link | undefined;
  readonly b24Id?: string | null | undefined;
  readonly navKey?: string | null | undefined;
  /** The side data flowed from, if any. */
  readonly from?: SideName | undefined;
  readonly policy?: string | undefined;
  readonly fields?: FieldChanges | undefined;
  readonly message?: string | undefined;
  readonly error?: StoredError | undefined;
}

export function historyEntry(ctx: SyncContext, input: HistoryInput): NewHistoryEntry {
  return {
    at: ctx.clock.now(),
    entity: input.entity,
    action: input.action,
    linkId: input.link && input.link.id > 0 ? input.link.id : null,
    b24Id: input.b24Id ?? input.link?.b24Id ?? null,
    navKey: input.navKey ?? input.link?.navKey ?? null,
    direction: input.from === undefined ? null : input.from === 'b24' ? 'b24_to_nav' : 'nav_to_b24',
    policy: input.policy ?? null,
    fields: input.fields ?? null,
    message: input.message === undefined ? null : ctx.redactor.text(input.message),
    runId: ctx.runId,
    error: input.error ?? null,
  };
}

export function changes(diff: FieldDiff): FieldChanges {
  const out: FieldChanges = {};
  for (const [field, change] of Object.entries(diff)) {
    out[field] = { from: (change.from ?? null) as JsonValue, to: (change.to ?? null) as JsonValue };
  }
  return out;
}
