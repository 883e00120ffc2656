// What a sync batch needs around it: the store, the effects (real or dry run),
// the clock, the entity runtimes and the retry policy.
import type { BackoffPolicy } from '../../core/backoff.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/log.ts';
import type { Random } from '../../core/random.ts';
import type { Redactor } from '../../core/redact.ts';
import type { Db } from '../../store/index.ts';
import type { Effects } from '../effects.ts';
import type { EngineObserver } from '../observer.ts';
import type { EntityKind } from '../ports.ts';
import type { EntityRuntime } from '../runtime.ts';

export interface SyncContext {
  readonly db: Db;
  readonly effects: Effects;
  readonly clock: Clock;
  readonly log: Logger;
  readonly random: Random;
  readonly redactor: Redactor;
  readonly runtimes: ReadonlyMap<EntityKind, EntityRuntime>;
  readonly backoff: BackoffPolicy;
  readonly runId: number | null;
  /** Told of the jobs each worker batch finished (metrics, alerts). */
  readonly observer?: EngineObserver;
}
