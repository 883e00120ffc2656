// One job while it is being processed: the source record, its canonical form,
// its link, and — once decided — its result.
import type { CanonicalRecord, SideName, SideRecord } from '../../core/record.ts';
import type { Job, Link } from '../../store/index.ts';
import type { JobResult } from './results.ts';

export interface Item {
  readonly job: Job;
  /** The side the change came from. */
  readonly side: SideName;
  readonly id: string;
  record?: SideRecord;
  canonical?: CanonicalRecord;
  link?: Link | undefined;
  result?: JobResult;
}

export function openItems(items: readonly Item[]): Item[] {
  return items.filter((i) => i.result === undefined);
}

export function idsOf(link: Link, side: SideName): string | null {
  return side === 'b24' ? link.b24Id : link.navKey;
}
