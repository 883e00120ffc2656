// What the engine tells whoever watches it (metrics, alerts): the jobs a worker
// batch finished, the conflicts a pass parked, the change scans that ran. The
// default observer does nothing; an observer that throws is logged and ignored,
// so watching can never change how records sync.
import type { Logger } from '../core/log.ts';
import type { SideName } from '../core/record.ts';
import type { JobSource } from '../store/index.ts';
import type { Effects } from './effects.ts';

export interface JobOutcome {
  readonly entity: string;
  /** The side whose change the job carries. */
  readonly side: JobSource;
  /** done; retry = failed this time, tried again later; dead = given up, kept for an operator. */
  readonly result: 'done' | 'retry' | 'dead';
  /** From the change being queued to this outcome. */
  readonly waitedMs: number;
  /** The error code of a retry or a dead job. */
  readonly code?: string | undefined;
}

export interface ScanOutcome {
  readonly entity: string;
  readonly side: SideName;
  readonly ok: boolean;
  /** Records queued by the scan (0 when it failed). */
  readonly queued: number;
}

export interface EngineObserver {
  jobsFinished(outcomes: readonly JobOutcome[]): void;
  /** A pass found a record changed on both sides and parked it for an operator. */
  conflictParked(entity: string): void;
  scanFinished(outcome: ScanOutcome): void;
}

export const noopObserver: EngineObserver = {
  jobsFinished: () => undefined,
  conflictParked: () => undefined,
  scanFinished: () => undefined,
};

/** The observer with every call guarded: a throw is logged once per call and goes no further. */
export function guardedObserver(observer: EngineObserver, log: Logger): EngineObserver {
  const guard =
    <A extends unknown[]>(name: string, fn: (...args: A) => void) =>
    (...args: A): void => {
      try {
        fn(...args);
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error), observer: name }, 'engine observer failed; ignored');
      }
    };
  return {
    jobsFinished: guard('jobsFinished', (o) => observer.jobsFinished(o)),
    conflictParked: guard('conflictParked', (e) => observer.conflictParked(e)),
    scanFinished: guard('scanFinished', (o) => observer.scanFinished(o)),
  };
}

/** Effects that also tell the observer of each conflict parked (real passes only: a dry run parks nothing). */
export function observedEffects(effects: Effects, observer: EngineObserver): Effects {
  if (effects.dryRun || observer === noopObserver) return effects;
  return {
    ...effects,
    conflict: async (c) => {
      await effects.conflict(c);
      observer.conflictParked(c.entity);
    },
  };
}
