// When each entity's change scan of each side last worked, for the lag alert
// ("no successful pass for N minutes") and a gauge. Until a first scan works, the
// time the service started counts as the last good one.
import type { SideName } from '../core/record.ts';
import type { ScanOutcome } from '../engine/observer.ts';

export interface ScanState {
  readonly entity: string;
  readonly side: SideName;
  /** The last scan that worked (epoch ms), null if none yet. */
  readonly lastOkAt: number | null;
  readonly lastFailedAt: number | null;
}

export class ScanLog {
  private readonly scans = new Map<string, { entity: string; side: SideName; lastOkAt: number | null; lastFailedAt: number | null }>();

  record(outcome: ScanOutcome, now: number): void {
    const key = `${outcome.entity}:${outcome.side}`;
    let s = this.scans.get(key);
    if (!s) this.scans.set(key, (s = { entity: outcome.entity, side: outcome.side, lastOkAt: null, lastFailedAt: null }));
    if (outcome.ok) s.lastOkAt = now;
    else s.lastFailedAt = now;
  }

  list(): ScanState[] {
    return [...this.scans.values()].map((s) => ({ ...s }));
  }
}
