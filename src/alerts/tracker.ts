// Deduplication: the rules say what fires now, every evaluation; the tracker says
// what to tell. One notice when an alert starts firing, a reminder after
// `remindMs` of firing since the last message (0 = never), one notice when it
// clears — not one message per evaluation.
import type { Alert, Notice } from './types.ts';

export interface FiringAlert {
  readonly alert: Alert;
  readonly since: number;
  readonly lastNotifiedAt: number;
}

export class AlertTracker {
  private readonly active = new Map<string, FiringAlert>();

  constructor(private readonly remindMs: number) {}

  /** The alerts firing now → the notices to send. Keys absent from `current` have cleared. */
  update(current: readonly Alert[], now: number): Notice[] {
    const notices: Notice[] = [];
    const seen = new Set<string>();
    for (const alert of current) {
      if (seen.has(alert.key)) continue;
      seen.add(alert.key);
      const was = this.active.get(alert.key);
      if (!was) {
        this.active.set(alert.key, { alert, since: now, lastNotifiedAt: now });
        notices.push({ kind: 'firing', alert, since: now, at: now });
      } else if (this.remindMs > 0 && now - was.lastNotifiedAt >= this.remindMs) {
        this.active.set(alert.key, { alert, since: was.since, lastNotifiedAt: now });
        notices.push({ kind: 'reminder', alert, since: was.since, at: now });
      } else {
        this.active.set(alert.key, { ...was, alert });
      }
    }
    for (const [key, was] of this.active) {
      if (seen.has(key)) continue;
      this.active.delete(key);
      notices.push({ kind: 'resolved', alert: was.alert, since: was.since, at: now });
    }
    return notices;
  }

  firing(): FiringAlert[] {
    return [...this.active.values()];
  }
}
