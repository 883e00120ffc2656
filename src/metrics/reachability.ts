// Whether Bitrix24 and NAV answer, learnt from every call the clients make (and
// from a probe when there are none): a system is failing from the first call that
// could not reach it, or that it refused at the door, until a call gets an answer
// again. The OAuth refresh outcome is kept the same way.
import type { Clock } from '../core/clock.ts';
import type { SyncError } from '../core/failure.ts';
import type { Redactor } from '../core/redact.ts';

export const SYSTEMS = ['bitrix24', 'nav'] as const;
export type WatchedSystem = (typeof SYSTEMS)[number];

export interface LastError {
  readonly at: number;
  readonly code: string;
  /** Redacted. */
  readonly message: string;
}

export interface SystemState {
  /** The last call that got an answer (epoch ms), null if none yet. */
  readonly lastOkAt: number | null;
  /** The first failed call since the last answer; null while the system answers. */
  readonly failingSince: number | null;
  readonly lastError: LastError | null;
  /** The last call of either kind. */
  readonly lastCallAt: number | null;
}

// A system that answers with a refusal (validation, not found, a rate limit) is
// reachable. Unreachable: no answer (network, timeout, 5xx, a lost answer), TLS
// that cannot be established, or credentials refused for every call.
const DOOR_CODES = new Set(['B24_AUTH_FAILED', 'B24_TLS', 'NAV_AUTH_FAILED', 'NAV_TLS']);

/** Whether the error says the system could not be used at all (as opposed to a refusal of one call). */
export function isOutage(error: SyncError): boolean {
  if (error.code === 'B24_TOKEN_EXPIRED') return false;
  return error.kind === 'transient' || error.kind === 'unknown_outcome' || DOOR_CODES.has(error.code);
}

interface MutableState {
  lastOkAt: number | null;
  failingSince: number | null;
  lastError: LastError | null;
  lastCallAt: number | null;
}

export class Reachability {
  private readonly states = new Map<WatchedSystem, MutableState>();

  constructor(
    private readonly clock: Clock,
    private readonly redactor: Redactor,
  ) {
    for (const s of SYSTEMS) this.states.set(s, { lastOkAt: null, failingSince: null, lastError: null, lastCallAt: null });
  }

  private get(system: WatchedSystem): MutableState {
    return this.states.get(system) as MutableState;
  }

  /** A call ended: without an error or with one that is not an outage, the system answered. */
  record(system: WatchedSystem, error: SyncError | undefined): void {
    const s = this.get(system);
    const now = this.clock.now();
    s.lastCallAt = now;
    if (error === undefined || !isOutage(error)) {
      s.lastOkAt = now;
      s.failingSince = null;
      return;
    }
    s.failingSince ??= now;
    s.lastError = { at: now, code: error.code, message: this.redactor.text(error.message) };
  }

  state(system: WatchedSystem): SystemState {
    return { ...this.get(system) };
  }
}

export interface TokenRefreshState {
  readonly lastOkAt: number | null;
  /** The last refresh, when it failed after the last one that worked. */
  readonly failing: LastError | null;
  readonly failures: number;
}

/** How the OAuth refreshes went (webhook credentials never refresh). */
export class TokenRefreshLog {
  private lastOkAt: number | null = null;
  private failing: LastError | null = null;
  private failures = 0;

  constructor(
    private readonly clock: Clock,
    private readonly redactor: Redactor,
  ) {}

  ok(): void {
    this.lastOkAt = this.clock.now();
    this.failing = null;
  }

  failed(error: SyncError): void {
    this.failures++;
    this.failing = { at: this.clock.now(), code: error.code, message: this.redactor.text(error.message) };
  }

  state(): TokenRefreshState {
    return { lastOkAt: this.lastOkAt, failing: this.failing, failures: this.failures };
  }
}
