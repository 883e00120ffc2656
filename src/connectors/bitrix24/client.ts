// The Bitrix24 client: every call goes through one queue that (1) waits for the
// request bucket and each method's operating budget, (2) packs calls waiting at the
// same moment into `batch` requests of up to 50, (3) retries what is safe to retry
// with capped, jittered backoff, and (4) hands unknown outcomes of writes back to
// the caller instead of repeating them (DESIGN §3.5, §3.8).
import qs from 'qs';
import { DEFAULT_BACKOFF, decideRetry, type BackoffPolicy } from '../../core/backoff.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import { silentLogger, type Logger } from '../../core/log.ts';
import type { Redactor } from '../../core/redact.ts';
import type { Random } from '../../core/random.ts';
import { OAuthSession, webhookBase, type B24Credentials, type OAuthTokens, type TokenResponse } from './auth.ts';
import { classifyError, isErrorBody, isReadMethod } from './classify.ts';
import { B24Http, type HttpOptions } from './http.ts';
import { B24Limiter, PLAN_LIMITS, type LimiterConfig, type LimiterSnapshot } from './limiter.ts';
import type { B24Method, B24Methods } from './types.ts';

export const MAX_BATCH_COMMANDS = 50;

export interface B24ClientOptions {
  readonly credentials: B24Credentials;
  readonly plan?: 'standard' | 'enterprise';
  readonly limiter?: Partial<LimiterConfig>;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly redactor?: Redactor;
  /** Per HTTP request (default 30 s, the official SDK's default). */
  readonly timeoutMs?: number;
  readonly tls?: HttpOptions['tls'];
  /** Pack calls waiting together into `batch` (default true). */
  readonly batching?: boolean;
  /** HTTP requests in flight at once (default 4). */
  readonly maxInFlight?: number;
  readonly retry?: BackoffPolicy;
  /** Writes are tagged with it so they do not come back through our own offline event queue. */
  readonly authConnector?: string;
  readonly dispatcher?: HttpOptions['dispatcher'];
  readonly userAgent?: string;
  /** Told of every HTTP request to the portal (metrics, reachability); never changes what happens. */
  readonly onRequest?: (request: B24Request) => void;
}

/** One HTTP request to the portal: the method (`batch` for a batch), its commands, duration and error if it failed as a whole. */
export interface B24Request {
  readonly method: string;
  readonly commands: number;
  readonly ms: number;
  readonly error?: SyncError | undefined;
}

export interface CallOptions {
  /** Repeating the call has the same effect (e.g. an update with plain values): retry after lost answers too. */
  readonly idempotent?: boolean;
}

export interface TimeInfo {
  readonly operating?: number;
  readonly operating_reset_at?: number;
  readonly [key: string]: unknown;
}

export interface B24Envelope<T> {
  readonly result: T;
  readonly total?: number | undefined;
  readonly next?: number | undefined;
  readonly time?: TimeInfo | undefined;
}

export interface BatchCommand {
  readonly method: string;
  readonly params?: Record<string, unknown>;
}

export interface BatchReply {
  readonly results: Record<string, unknown>;
  readonly errors: Record<string, SyncError>;
  readonly totals: Record<string, number>;
  readonly nexts: Record<string, number>;
}

export interface ClientStats {
  /** HTTP requests sent to the portal (each takes one slot of the bucket). */
  requests: number;
  batches: number;
  /** Method calls carried, alone or inside batches. */
  commands: number;
  queryLimitHits: number;
  operatingLimitHits: number;
  retries: number;
  tokenRefreshes: number;
  /** Method calls carried, by method (a batch's commands under their own methods). */
  commandsByMethod: Record<string, number>;
}

interface Pending {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly write: boolean;
  readonly idempotent: boolean;
  /** An explicit batch (sent alone, never merged). */
  readonly explicit?: { readonly commands: Record<string, BatchCommand>; readonly halt: boolean };
  attempts: number;
  rateLimitRetries: number;
  refreshed: boolean;
  notBefore: number;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface Outcome {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: SyncError;
}

const MAX_RATE_LIMIT_RETRIES = 200;

export class B24Client {
  readonly stats: ClientStats = { requests: 0, batches: 0, commands: 0, queryLimitHits: 0, operatingLimitHits: 0, retries: 0, tokenRefreshes: 0, commandsByMethod: {} };
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly log: Logger;
  private readonly http: B24Http;
  private readonly limiter: B24Limiter;
  private readonly session: OAuthSession | undefined;
  private readonly webhook: string | undefined;
  private readonly batching: boolean;
  private readonly maxInFlight: number;
  private readonly retry: BackoffPolicy;
  private queue: Pending[] = [];
  private inFlight = 0;
  private pumping = false;
  private scheduled = false;
  private wake: AbortController | undefined;
  private closed = false;

  constructor(private readonly options: B24ClientOptions) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.log = options.logger ?? silentLogger;
    this.batching = options.batching ?? true;
    this.maxInFlight = options.maxInFlight ?? 4;
    this.retry = options.retry ?? DEFAULT_BACKOFF;
    this.http = new B24Http({
      timeoutMs: options.timeoutMs ?? 30_000,
      tls: options.tls,
      userAgent: options.userAgent ?? 'b24nav/0.1.0',
      dispatcher: options.dispatcher,
      connections: this.maxInFlight + 2,
    });
    const plan = PLAN_LIMITS[options.plan ?? 'standard'];
    this.limiter = new B24Limiter({ ...plan, operatingLimitSeconds: 480, operatingSafetySeconds: 5, ...options.limiter }, this.clock);
    const creds = options.credentials;
    if (creds.kind === 'webhook') {
      this.webhook = webhookBase(creds.url);
      options.redactor?.add(new URL(this.webhook).pathname.split('/')[3]);
    } else {
      this.session = new OAuthSession(creds, (url, form) => this.fetchToken(url, form), this.clock, options.redactor);
    }
  }

  /** Calls a method and returns its `result` (typed for the methods in types.ts). */
  call<M extends B24Method>(method: M, params: B24Methods[M]['params'], options?: CallOptions): Promise<B24Methods[M]['result']>;
  call<T = unknown>(method: string, params?: Record<string, unknown>, options?: CallOptions): Promise<T>;
  async call(method: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<unknown> {
    return (await this.callEnvelope(method, params, options)).result;
  }

  /** Calls a method and returns the whole answer (`result`, `total`, `next`, `time`). */
  callEnvelope<T = unknown>(method: string, params: Record<string, unknown> = {}, options: CallOptions = {}): Promise<B24Envelope<T>> {
    const write = !isReadMethod(method);
    const withConnector = write && this.options.authConnector && !('auth_connector' in params) ? { ...params, auth_connector: this.options.authConnector } : params;
    return this.enqueue<B24Envelope<T>>({ method, params: withConnector, write, idempotent: options.idempotent ?? !write });
  }

  /**
   * One explicit `batch` request (≤ 50 commands, run in order, `$result[key][field]`
   * references allowed). Per-command errors are returned classified, not thrown.
   */
  batch(commands: Record<string, BatchCommand>, options: { halt?: boolean } = {}): Promise<BatchReply> {
    const count = Object.keys(commands).length;
    if (count === 0) return Promise.resolve({ results: {}, errors: {}, totals: {}, nexts: {} });
    if (count > MAX_BATCH_COMMANDS) {
      return Promise.reject(new SyncError('B24_BATCH_TOO_LARGE', `batch: ${count} commands, at most ${MAX_BATCH_COMMANDS} are allowed`, { operation: 'batch' }));
    }
    const write = Object.values(commands).some((c) => !isReadMethod(c.method));
    return this.enqueue<BatchReply>({ method: 'batch', params: {}, write, idempotent: !write, explicit: { commands, halt: options.halt ?? false } });
  }

  limits(): LimiterSnapshot {
    return this.limiter.snapshot();
  }

  /** The current OAuth tokens (to persist at shutdown), if OAuth is used. */
  tokens(): OAuthTokens | undefined {
    return this.session?.current();
  }

  /** Waits for queued calls, then closes connections. */
  async close(): Promise<void> {
    while (this.queue.length > 0 || this.inFlight > 0) await this.clock.sleep(10);
    this.closed = true;
    await this.http.close();
  }

  // ---- queue --------------------------------------------------------------------

  private enqueue<T>(item: Omit<Pending, 'attempts' | 'rateLimitRetries' | 'refreshed' | 'notBefore' | 'resolve' | 'reject'>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the Bitrix24 client is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...item, attempts: 0, rateLimitRetries: 0, refreshed: false, notBefore: 0, resolve: resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    this.wake?.abort();
    if (this.scheduled) return;
    this.scheduled = true;
    // Calls made in the same turn of the event loop land in the same batch.
    setImmediate(() => {
      this.scheduled = false;
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
        const now = this.clock.now();
        const ready = this.queue.filter((p) => p.notBefore <= now && this.methodWait(p) === 0);
        if (ready.length === 0) {
          await this.idle(this.nextReadyIn(now));
          continue;
        }
        const bucketWait = this.limiter.waitForRequest();
        if (bucketWait > 0) {
          await this.clock.sleep(bucketWait);
          continue;
        }
        const group = this.takeGroup(ready);
        this.limiter.tookRequest();
        this.inFlight++;
        void this.send(group).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    } finally {
      this.pumping = false;
    }
  }

  private methodWait(p: Pending): number {
    if (p.explicit) return Math.max(0, ...Object.values(p.explicit.commands).map((c) => this.limiter.waitForMethod(c.method)));
    return this.limiter.waitForMethod(p.method);
  }

  private nextReadyIn(now: number): number {
    let min = Number.POSITIVE_INFINITY;
    for (const p of this.queue) min = Math.min(min, Math.max(p.notBefore - now, this.methodWait(p)));
    return Number.isFinite(min) ? Math.max(1, min) : 1000;
  }

  /** Sleeps until `ms` pass or a new call arrives. */
  private async idle(ms: number): Promise<void> {
    this.wake = new AbortController();
    try {
      await this.clock.sleep(ms, this.wake.signal);
    } catch {
      // woken by a new call
    } finally {
      this.wake = undefined;
    }
  }

  private takeGroup(ready: Pending[]): Pending[] {
    const first = ready[0] as Pending;
    const group = first.explicit || !this.batching ? [first] : ready.filter((p) => !p.explicit).slice(0, MAX_BATCH_COMMANDS);
    const taken = new Set(group);
    this.queue = this.queue.filter((p) => !taken.has(p));
    return group;
  }

  // ---- sending --------------------------------------------------------------------

  private async endpoint(method: string): Promise<{ url: string; auth: Record<string, string>; token: string | undefined }> {
    if (this.webhook) return { url: `${this.webhook}${method}`, auth: {}, token: undefined };
    const session = this.session as OAuthSession;
    const token = await session.accessToken();
    return { url: `${session.current().clientEndpoint}${method}`, auth: { auth: token }, token };
  }

  private async send(group: Pending[]): Promise<void> {
    const first = group[0] as Pending;
    const single = group.length === 1 && !first.explicit;
    const method = single ? first.method : 'batch';
    const write = group.some((p) => p.write);
    this.stats.requests++;
    const started = performance.now();
    const commands = first.explicit ? Object.keys(first.explicit.commands).length : group.length;
    let token: string | undefined;
    try {
      const target = await this.endpoint(method);
      token = target.token;
      const payload = single ? { ...first.params, ...target.auth } : { ...this.batchPayload(group), ...target.auth };
      if (!single) this.stats.batches++;
      this.stats.commands += first.explicit ? Object.keys(first.explicit.commands).length : group.length;
      const methods = first.explicit ? Object.values(first.explicit.commands).map((c) => c.method) : group.map((p) => p.method);
      for (const m of methods) this.stats.commandsByMethod[m] = (this.stats.commandsByMethod[m] ?? 0) + 1;
      const reply = await this.http.postJson(target.url, payload, method, write);
      const outcomes = single ? [this.singleOutcome(first, reply.status, reply.body)] : this.batchOutcomes(group, reply.status, reply.body);
      // A batch failed as a whole when every command carries the one error of the request.
      const whole = outcomes[0]?.ok === false && outcomes.every((o) => o.error === outcomes[0]?.error) ? outcomes[0].error : undefined;
      this.report(method, commands, started, whole);
      await Promise.all(group.map((p, i) => this.settle(p, outcomes[i] as Outcome, token)));
    } catch (error) {
      const failure = error instanceof SyncError ? error : new SyncError('B24_SERVER_ERROR', `${method}: ${String(error)}`, { operation: method, cause: error });
      this.report(method, commands, started, failure);
      // A lost answer to a batch is a lost answer to each of its writes; its reads can simply be repeated.
      await Promise.all(group.map((p) => this.settle(p, { ok: false, error: this.perCallFailure(failure, p) }, token)));
    }
  }

  private report(method: string, commands: number, started: number, error: SyncError | undefined): void {
    const observer = this.options.onRequest;
    if (!observer) return;
    try {
      observer({ method, commands, ms: performance.now() - started, ...(error ? { error } : {}) });
    } catch {
      // An observer's failure must not change the call's outcome.
    }
  }

  private perCallFailure(failure: SyncError, p: Pending): SyncError {
    if (failure.kind !== 'unknown_outcome' || p.write) return failure;
    return new SyncError('B24_NETWORK', failure.message, { operation: p.method, cause: failure });
  }

  private batchPayload(group: Pending[]): Record<string, unknown> {
    const first = group[0] as Pending;
    if (first.explicit) {
      const cmd: Record<string, string> = {};
      for (const [key, c] of Object.entries(first.explicit.commands)) cmd[key] = commandString(c.method, this.withConnector(c));
      return { halt: first.explicit.halt ? 1 : 0, cmd };
    }
    const cmd: Record<string, string> = {};
    group.forEach((p, i) => {
      cmd[`c${i}`] = commandString(p.method, p.params);
    });
    return { halt: 0, cmd };
  }

  private withConnector(c: BatchCommand): Record<string, unknown> {
    const params = c.params ?? {};
    if (!this.options.authConnector || isReadMethod(c.method) || 'auth_connector' in params) return params;
    return { ...params, auth_connector: this.options.authConnector };
  }

  private singleOutcome(p: Pending, status: number, body: unknown): Outcome {
    if (status === 200 && body !== null && typeof body === 'object' && 'result' in body) {
      const env = body as B24Envelope<unknown>;
      this.limiter.observe(p.method, env.time);
      return { ok: true, value: { result: env.result, total: env.total, next: env.next, time: env.time } };
    }
    return { ok: false, error: this.httpFailure(p.method, status, body) };
  }

  private httpFailure(method: string, status: number, body: unknown): SyncError {
    if (isErrorBody(body)) return classifyError(status, body, method, this.retryAfter(status, method));
    return classifyError(status, { error: '', error_description: `HTTP ${status} without a Bitrix24 error body` }, method, this.retryAfter(status, method));
  }

  private retryAfter(status: number, method: string): number | undefined {
    if (status === 503) return this.limiter.queryLimitHit();
    if (status === 429) return this.limiter.operatingLimitHit(method);
    return undefined;
  }

  private batchOutcomes(group: Pending[], status: number, body: unknown): Outcome[] {
    const inner = status === 200 && body !== null && typeof body === 'object' ? (body as { result?: unknown }).result : undefined;
    if (inner === undefined || inner === null || typeof inner !== 'object') {
      const error = this.httpFailure('batch', status, body);
      return group.map(() => ({ ok: false, error }));
    }
    const r = inner as Record<string, unknown>;
    const results = asMap(r['result']);
    const errors = asMap(r['result_error']);
    const totals = asMap(r['result_total']);
    const nexts = asMap(r['result_next']);
    const times = asMap(r['result_time']);
    const first = group[0] as Pending;
    if (first.explicit) {
      const reply: BatchReply = { results: {}, errors: {}, totals: {}, nexts: {} };
      for (const [key, c] of Object.entries(first.explicit.commands)) {
        this.limiter.observe(c.method, times[key] as TimeInfo | undefined);
        if (key in errors) {
          const e = errors[key];
          reply.errors[key] = isErrorBody(e) ? classifyError(400, e, c.method) : new SyncError('B24_SERVER_ERROR', `${c.method}: malformed error`, { operation: c.method });
          if (reply.errors[key]?.code === 'B24_OPERATION_TIME_LIMIT') this.limiter.operatingLimitHit(c.method);
        } else if (key in results) {
          reply.results[key] = results[key];
          if (typeof totals[key] === 'number') reply.totals[key] = totals[key];
          if (typeof nexts[key] === 'number') reply.nexts[key] = nexts[key];
        }
      }
      return [{ ok: true, value: reply }];
    }
    return group.map((p, i) => {
      const key = `c${i}`;
      this.limiter.observe(p.method, times[key] as TimeInfo | undefined);
      if (key in errors) {
        const e = errors[key];
        // Inside a batch the status of a command is not given; 400 stands for "refused by the method".
        const status429 = isErrorBody(e) && e.error === 'OPERATION_TIME_LIMIT';
        const error = isErrorBody(e)
          ? classifyError(status429 ? 429 : 400, e, p.method, status429 ? this.limiter.operatingLimitHit(p.method) : undefined)
          : new SyncError('B24_SERVER_ERROR', `${p.method}: malformed error in batch`, { operation: p.method });
        return { ok: false, error };
      }
      if (!(key in results)) return { ok: false, error: new SyncError('B24_SERVER_ERROR', `${p.method}: no result in batch answer`, { operation: p.method }) };
      const total = totals[key];
      const next = nexts[key];
      return { ok: true, value: { result: results[key], total: typeof total === 'number' ? total : undefined, next: typeof next === 'number' ? next : undefined, time: times[key] } };
    });
  }

  // ---- retries ----------------------------------------------------------------------

  private async settle(p: Pending, outcome: Outcome, tokenUsed: string | undefined): Promise<void> {
    if (outcome.ok) {
      p.resolve(outcome.value);
      return;
    }
    const error = outcome.error as SyncError;
    const requeue = (delayMs: number): void => {
      this.stats.retries++;
      p.notBefore = this.clock.now() + delayMs;
      this.queue.unshift(p);
    };
    switch (error.code) {
      case 'B24_QUERY_LIMIT':
      case 'B24_OPERATION_TIME_LIMIT':
      case 'B24_OVERLOAD':
        // Refused before running: safe to send again, whatever the call.
        if (error.code === 'B24_QUERY_LIMIT') this.stats.queryLimitHits++;
        else this.stats.operatingLimitHits++;
        if (++p.rateLimitRetries > MAX_RATE_LIMIT_RETRIES) {
          p.reject(error);
          return;
        }
        this.log.warn({ method: p.method, code: error.code, waitMs: error.retryAfterMs }, 'Bitrix24 limit reached; waiting');
        requeue(error.code === 'B24_OVERLOAD' ? (error.retryAfterMs ?? 60_000) : 0);
        return;
      case 'B24_TOKEN_EXPIRED':
        if (this.session && tokenUsed && !p.refreshed) {
          p.refreshed = true;
          try {
            const before = this.session.current().accessToken;
            await this.session.refresh(tokenUsed);
            if (this.session.current().accessToken !== before) this.stats.tokenRefreshes++;
          } catch (refreshError) {
            p.reject(refreshError);
            return;
          }
          requeue(0);
          return;
        }
        p.reject(this.session ? error : new SyncError('B24_AUTH_FAILED', error.message, { operation: p.method, vendorCode: error.vendorCode, httpStatus: error.httpStatus }));
        return;
      default:
        break;
    }
    const retriable = error.kind === 'transient' && (!p.write || p.idempotent || error.code === 'B24_NETWORK');
    const lostButIdempotent = error.kind === 'unknown_outcome' && p.idempotent;
    if (retriable || lostButIdempotent) {
      p.attempts++;
      const decision = decideRetry(lostButIdempotent ? new SyncError('B24_NETWORK', error.message) : error, p.attempts, this.retry, this.random);
      if (decision.retry) {
        requeue(decision.waitMs);
        return;
      }
    }
    p.reject(error);
  }

  private async fetchToken(url: string, form: Record<string, string>): Promise<{ status: number; body: TokenResponse }> {
    const reply = await this.http.postForm(url, form, 'oauth.token');
    this.log.info({ url: new URL(url).origin }, 'Bitrix24 OAuth token refreshed');
    return { status: reply.status, body: (reply.body ?? {}) };
  }
}

/** `method?query` as batch expects it, PHP bracket notation (reference §4). */
export function commandString(method: string, params: Record<string, unknown>): string {
  const query = qs.stringify(params, { encodeValuesOnly: true, arrayFormat: 'indices' });
  return query ? `${method}?${query}` : method;
}

function asMap(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  return {};
}
