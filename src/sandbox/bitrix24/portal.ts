// A simulated Bitrix24 portal: its data, its limits and its methods. The HTTP
// server (server.ts) and batch (batch.ts) call `invoke`; tests can use it directly.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import { FaultInjector, type FaultKind } from '../common/faults.ts';
import {
  B24Error,
  accessDenied,
  expiredToken,
  insufficientScope,
  methodNotFound,
  noAuthFound,
  operationTimeLimit,
  wrongAuthType,
} from './errors.ts';
import { MultifieldIndex } from './crm/multifields.ts';
import { EventDispatcher } from './events.ts';
import { CLOUD_OPERATING, LeakyBucket, OperatingLedger, PLAN_BUCKETS, type OperatingRecovery, type OperatingScope } from './limits.ts';
import type { Params } from './params.ts';
import { formatDateTime } from './portal-time.ts';
import {
  DEFAULT_READ_COST,
  DEFAULT_WRITE_COST,
  type CallerAuth,
  type MethodDef,
  type MethodOutput,
  type MethodTable,
} from './registry.ts';
import { PortalState } from './state.ts';

export const B24_FAULT_KINDS: readonly FaultKind[] = ['latency', 'http_500', 'timeout', 'drop_after_commit', 'rate_limit', 'expire_tokens'];

export { ALL_SCOPES } from './registry.ts';

export interface PortalConfig {
  readonly clock: Clock;
  readonly plan: 'standard' | 'enterprise';
  /** false switches both limits off (fast unit tests). */
  readonly limits: boolean;
  /** Portal time zone as minutes east of UTC (Moscow: 180). */
  readonly offsetMinutes: number;
  readonly domain: string;
  /** Simulated server seconds per method; keys may use `*` (e.g. `crm.*.add`). */
  readonly costs: Readonly<Record<string, number>>;
  readonly operatingLimitSeconds: number;
  readonly operatingScope: OperatingScope;
  readonly operatingRecovery: OperatingRecovery;
  readonly accessTokenTtlMs: number;
  readonly refreshTokenTtlMs: number;
  readonly authCodeTtlMs: number;
  /**
   * Whether a refresh token can be exchanged again after use. Single-use rotation
   * is UNCONFIRMED (reference §1.2); the stricter behaviour is the default.
   */
  readonly refreshTokenReuse: boolean;
  /** HTTP status of ERROR_METHOD_NOT_FOUND: 404 (default) or 400 — UNCONFIRMED, see errors.ts. */
  readonly methodNotFoundStatus: 404 | 400;
  /** event.offline.* for administrators only (default, as the reference reads the docs) or any user (the method pages). */
  readonly offlineEventsAdminOnly: boolean;
  /** How long an event handler may take to answer (5 s, UNCONFIRMED). */
  readonly handlerTimeoutMs: number;
  readonly faultSeed: number;
}

export interface TimeInfo {
  start: number;
  finish: number;
  duration: number;
  processing: number;
  date_start: string;
  date_finish: string;
  operating: number;
  operating_reset_at?: number;
}

export interface InvokeOptions {
  readonly authConnector?: string | null;
  /** Inside a batch: nested batches are refused. */
  readonly inBatch?: boolean;
}

export interface InvokeResult {
  readonly output: MethodOutput;
  readonly time: TimeInfo;
}

export class Portal {
  readonly state = new PortalState();
  readonly bucket: LeakyBucket;
  readonly operating: OperatingLedger;
  readonly faults: FaultInjector;
  readonly events: EventDispatcher;
  readonly multifieldIndex: MultifieldIndex;
  readonly memberId: string;
  /** Set by the server once it listens: `https://127.0.0.1:3101`. */
  baseUrl = 'http://127.0.0.1';
  private readonly methods: MethodTable = {};
  private readonly canonicalNames = new Map<string, string>();
  private readonly costPatterns: Array<{ re: RegExp; seconds: number }>;

  constructor(readonly config: PortalConfig) {
    this.bucket = new LeakyBucket(PLAN_BUCKETS[config.plan], config.clock);
    this.operating = new OperatingLedger({ ...CLOUD_OPERATING, limitSeconds: config.operatingLimitSeconds, recovery: config.operatingRecovery }, config.clock);
    this.faults = new FaultInjector(B24_FAULT_KINDS, config.faultSeed);
    this.events = new EventDispatcher(this);
    this.multifieldIndex = new MultifieldIndex(this);
    this.memberId = randomBytes(16).toString('hex');
    this.costPatterns = Object.entries(config.costs).map(([pattern, seconds]) => ({
      re: new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i'),
      seconds,
    }));
  }

  get clock(): Clock {
    return this.config.clock;
  }

  /** Method names are case-insensitive in calls; `methodNames` keeps the documented spelling (catalog.priceType.list). */
  registerMethods(methods: MethodTable): void {
    for (const [name, def] of Object.entries(methods)) {
      this.methods[name.toLowerCase()] = def;
      this.canonicalNames.set(name.toLowerCase(), name);
    }
  }

  methodNames(): string[] {
    return [...this.canonicalNames.values()].sort();
  }

  method(name: string): MethodDef | undefined {
    return this.methods[name.toLowerCase()];
  }

  /** ISO date-time in portal time, as every `DATE_*` field is written. */
  formatTime(ms: number): string {
    return formatDateTime(ms, this.config.offsetMinutes);
  }

  costOf(name: string, def: MethodDef): number {
    for (const { re, seconds } of this.costPatterns) if (re.test(name)) return seconds;
    return def.cost ?? (def.write ? DEFAULT_WRITE_COST : DEFAULT_READ_COST);
  }

  // ---- authentication -------------------------------------------------------

  authByWebhook(userId: number, code: string): CallerAuth {
    const hook = this.state.webhooks.find((w) => w.userId === userId && w.code === code);
    if (!hook) throw noAuthFound();
    return { kind: 'webhook', userId, principal: `webhook:${hook.id}`, scopes: hook.scopes, clientId: null, accessToken: null };
  }

  authByToken(accessToken: string): CallerAuth {
    const token = this.state.tokens.find((t) => t.accessToken === accessToken);
    if (!token) throw noAuthFound();
    if (token.accessExpiresAt <= this.clock.now()) throw expiredToken();
    const app = this.state.apps.find((a) => a.clientId === token.clientId);
    if (!app) throw noAuthFound();
    return { kind: 'oauth', userId: token.userId, principal: `app:${app.clientId}`, scopes: app.scopes, clientId: app.clientId, accessToken };
  }

  /** The `expire_tokens` fault: the token stops working now, as if its hour had passed. */
  expireToken(accessToken: string): void {
    const token = this.state.tokens.find((t) => t.accessToken === accessToken);
    if (token) token.accessExpiresAt = Math.min(token.accessExpiresAt, this.clock.now());
  }

  isAdmin(userId: number): boolean {
    return this.state.users.get(userId)?.IS_ADMIN === true;
  }

  // ---- calls -----------------------------------------------------------------

  /** Runs one method with scope, auth-type and operating-time checks, as a portal does. */
  invoke(name: string, params: Params, auth: CallerAuth, options: InvokeOptions = {}): InvokeResult {
    const method = name.toLowerCase();
    const def = this.methods[method];
    if (!def) throw methodNotFound(this.config.methodNotFoundStatus);
    if (def.scope && !auth.scopes.includes(def.scope) && !(def.scope === 'user' && auth.scopes.includes('user_brief'))) {
      throw insufficientScope();
    }
    if (def.appOnly && auth.kind !== 'oauth') throw wrongAuthType();
    if (def.adminOnly && !this.isAdmin(auth.userId)) throw accessDenied();
    const ledgerKey = `${this.config.operatingScope === 'portal' ? 'portal' : auth.principal}|${method}`;
    // Checked before the call; the call that crosses the limit still completes (reference §3.2).
    if (this.config.limits && this.operating.blocked(ledgerKey)) throw operationTimeLimit();
    const started = this.clock.now();
    const cost = this.costOf(method, def);
    let output: MethodOutput;
    try {
      output = def.run({ portal: this, params, auth, now: started, authConnector: options.authConnector ?? null });
    } finally {
      // A failed call used server time too.
      if (this.config.limits) this.operating.charge(ledgerKey, cost);
    }
    return { output, time: this.timeInfo(started, cost, ledgerKey) };
  }

  timeInfo(started: number, processing: number, ledgerKey?: string): TimeInfo {
    const finish = Math.max(this.clock.now(), started) + processing * 1000;
    const time: TimeInfo = {
      start: started / 1000,
      finish: finish / 1000,
      duration: (finish - started) / 1000,
      processing,
      date_start: this.formatTime(started),
      date_finish: this.formatTime(finish),
      operating: 0,
    };
    if (ledgerKey && this.config.limits) {
      time.operating = Math.round(this.operating.operating(ledgerKey) * 1e6) / 1e6;
      const resetAt = this.operating.resetAt(ledgerKey);
      if (resetAt !== undefined) time.operating_reset_at = resetAt;
    }
    return time;
  }

  /** Replaces all data (the --data file, or a reset); derived indexes are rebuilt. */
  load(data: Record<string, unknown>): void {
    this.state.load(data);
    this.multifieldIndex.invalidate();
  }

  /** Empties data, limits, faults and the delivery log; see PortalState.clear for `keepCredentials`. */
  reset(options: { keepCredentials?: boolean } = {}): void {
    this.state.clear(options);
    this.multifieldIndex.invalidate();
    this.bucket.reset();
    this.operating.reset();
    this.faults.clear();
    this.events.reset();
  }
}

export function isB24Error(error: unknown): error is B24Error {
  return error instanceof B24Error;
}
