// What `b24nav reconcile` reports per entity kind (issue 6, item 3), and what --fix
// did about each finding.
import type { SideName } from '../core/record.ts';
import type { JsonValue } from '../store/index.ts';

export type FindingKind =
  /** A linked record is gone on one side (a read confirmed it); the other is there. */
  | 'missing'
  /** A record on one side without an active link. */
  | 'orphan'
  /** A linked pair whose canonical values differ. */
  | 'diverged'
  /** Several records of one side share a match key value. */
  | 'duplicate'
  /** A link that ties nothing: both records gone, or an id missing on an active link. */
  | 'broken';

export const FINDING_KINDS: readonly FindingKind[] = ['missing', 'orphan', 'diverged', 'duplicate', 'broken'];

export interface FixOutcome {
  /** `queued`: the engine acts on it at its next pass; `left`: nothing b24nav may do by itself. */
  readonly action: 'queued' | 'left';
  readonly reason: string;
}

export interface Finding {
  readonly kind: FindingKind;
  /** The side a record is missing from, an orphan or duplicates are on. */
  readonly side: SideName | null;
  readonly linkId: number | null;
  readonly b24Id: string | null;
  readonly navKey: string | null;
  /** What was found, in words. */
  readonly detail: string;
  /** diverged: per field, each side's canonical value. */
  readonly fields?: Readonly<Record<string, { readonly b24: JsonValue; readonly nav: JsonValue }>>;
  /** duplicate: the match key, its value and the records holding it. */
  readonly key?: string;
  readonly value?: string;
  readonly ids?: readonly string[];
  /** With --fix: what was done. */
  readonly fix?: FixOutcome;
}

export type FindingCounts = Record<FindingKind, number>;

export interface EntityReconcile {
  readonly entity: string;
  /** Records read on each side. */
  readonly records: { readonly b24: number; readonly nav: number };
  /** Active links compared. */
  readonly links: number;
  readonly counts: FindingCounts;
  /** With --fix: findings queued for the engine, and findings left (with the reason on each). */
  readonly queued: number;
  readonly left: number;
  /** Findings, at most maxItems per kind; `omitted` says how many more were counted. */
  readonly findings: Finding[];
  readonly omitted: number;
}

export interface ReconcileReport {
  readonly runId: number;
  readonly fix: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly entities: EntityReconcile[];
}

export function emptyCounts(): FindingCounts {
  return { missing: 0, orphan: 0, diverged: 0, duplicate: 0, broken: 0 };
}
