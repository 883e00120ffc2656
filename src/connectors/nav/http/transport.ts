// HTTP to NAV with undici: a set of single-connection clients per origin, at most
// `maxConcurrency` calls in flight overall, and authentication per connection.
// NTLM authenticates a connection, so each undici Client (one socket) runs its
// own handshake; when the server wants the handshake on every request (WCF's
// default), the client learns that and starts each request with it.
import { Client } from 'undici';
import { answerChallenge, decodeMessage, encodeNegotiate, type ChallengeMessage, type NtlmCredentials } from '../ntlm/index.ts';
import { networkError } from './errors.ts';
import { Semaphore } from './semaphore.ts';
import { SyncError } from '../../../core/failure.ts';
import { setTimeout as delay } from 'node:timers/promises';

export type HttpAuth =
  | { readonly mode: 'none' }
  | { readonly mode: 'basic'; readonly user: string; readonly password: string }
  | ({ readonly mode: 'ntlm' } & NtlmCredentials);

export interface HttpTls {
  /** PEM of the CA (or the self-signed certificate) to trust, in addition to nothing else. */
  readonly ca?: string | undefined;
  /** Accept any certificate (self-signed NAV demo servers); an explicit opt-in. */
  readonly insecure?: boolean | undefined;
}

export interface HttpOptions {
  readonly auth: HttpAuth;
  readonly tls: HttpTls;
  readonly maxConcurrency: number;
  readonly timeoutMs: number;
  /** Told of every call the transports make through observed() (metrics); never changes what happens. */
  readonly onCall?: NavCallObserver | undefined;
}

/** One logical call to NAV: its operation ("Customer.ReadMultiple"), how long it took, and its error if it failed. */
export interface NavCall {
  readonly operation: string;
  readonly ms: number;
  readonly error?: SyncError | undefined;
}

export type NavCallObserver = (call: NavCall) => void;

export interface HttpRequest {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
  /** For messages and error codes: "Customer.Update". */
  readonly operation: string;
  /** A write whose answer is lost is an unknown outcome; a read is just retried. */
  readonly write: boolean;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

interface Connection {
  readonly client: Client;
  authenticated: boolean;
}

interface Origin {
  readonly idle: Connection[];
  readonly all: Connection[];
  scheme: 'Negotiate' | 'NTLM' | undefined;
  /** The server asked for the NTLM handshake again on an authenticated connection. */
  perRequest: boolean;
}

const READ_RETRIES = 2;

export class NavHttp {
  private readonly origins = new Map<string, Origin>();
  private readonly slots: Semaphore;
  private closed = false;

  constructor(private readonly options: HttpOptions) {
    this.slots = new Semaphore(options.maxConcurrency);
  }

  async request(request: HttpRequest): Promise<HttpResponse> {
    if (this.closed) throw new SyncError('NAV_NETWORK', 'The NAV client is closed.', { operation: request.operation });
    const url = new URL(request.url);
    const origin = this.origin(url.origin);
    return this.slots.with(async () => {
      const connection = origin.idle.pop() ?? this.connect(url.origin, origin);
      try {
        return await this.authenticated(origin, connection, request, `${url.pathname}${url.search}`);
      } finally {
        if (!this.closed && !connection.client.destroyed) origin.idle.push(connection);
      }
    });
  }

  /**
   * Runs one call of a transport (the request and the reading of its answer) and
   * tells the observer how it went. Errors that are not SyncErrors pass unreported.
   */
  async observed<T>(operation: string, run: () => Promise<T>): Promise<T> {
    const observer = this.options.onCall;
    if (!observer) return run();
    const started = performance.now();
    const report = (error: SyncError | undefined): void => {
      try {
        observer({ operation, ms: performance.now() - started, ...(error ? { error } : {}) });
      } catch {
        // An observer's failure must not change the call's outcome.
      }
    };
    try {
      const value = await run();
      report(undefined);
      return value;
    } catch (error) {
      if (error instanceof SyncError) report(error);
      throw error;
    }
  }

  /**
   * Runs a read again, up to twice, when it failed for a passing reason (a 500, a timeout,
   * a dropped connection, a 429 with its Retry-After up to 5 s): a read has no effect, and
   * without this one failed call fails the whole batch of records that needed it, which then
   * waits out the engine's backoff. Writes are never repeated here: their retry is the engine's,
   * which looks the record up first.
   */
  async read<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await run();
      } catch (error) {
        const passing = error instanceof SyncError && (error.kind === 'transient' || error.kind === 'rate_limited');
        if (!passing || attempt >= READ_RETRIES || this.closed) throw error;
        await delay(Math.min(error.retryAfterMs ?? 0, 5_000) || 200 * 4 ** attempt);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.origins.values()].flatMap((o) => o.all);
    await Promise.all(all.map((c) => c.client.destroy().catch(() => undefined)));
  }

  private origin(key: string): Origin {
    let origin = this.origins.get(key);
    if (!origin) this.origins.set(key, (origin = { idle: [], all: [], scheme: undefined, perRequest: false }));
    return origin;
  }

  private connect(originUrl: string, origin: Origin): Connection {
    const tls = this.options.tls;
    const client = new Client(originUrl, {
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      connect: { rejectUnauthorized: tls.insecure !== true, ...(tls.ca ? { ca: tls.ca } : {}) },
    });
    const connection: Connection = { client, authenticated: false };
    origin.all.push(connection);
    return connection;
  }

  private async send(connection: Connection, request: HttpRequest, path: string, authorization: string | undefined): Promise<HttpResponse> {
    try {
      const response = await connection.client.request({
        method: request.method,
        path,
        headers: { ...request.headers, ...(authorization ? { authorization } : {}), connection: 'keep-alive' },
        body: request.body ?? null,
      });
      const body = await response.body.text();
      return { status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      connection.authenticated = false;
      throw networkError(error, request.operation, request.write);
    }
  }

  private async authenticated(origin: Origin, connection: Connection, request: HttpRequest, path: string): Promise<HttpResponse> {
    const auth = this.options.auth;
    if (auth.mode === 'none') return this.send(connection, request, path, undefined);
    if (auth.mode === 'basic') {
      return this.send(connection, request, path, `Basic ${Buffer.from(`${auth.user}:${auth.password}`, 'utf8').toString('base64')}`);
    }
    if (origin.scheme && (origin.perRequest || !connection.authenticated)) return this.handshake(origin, connection, request, path, auth);
    const response = await this.send(connection, request, path, undefined);
    if (response.status !== 401) return response;
    if (connection.authenticated) origin.perRequest = true;
    origin.scheme = schemeOf(response.headers['www-authenticate']);
    if (!origin.scheme) {
      throw new SyncError('NAV_AUTH_FAILED', `NAV does not offer Windows authentication at ${request.operation} (WWW-Authenticate: ${String(response.headers['www-authenticate'] ?? 'none')}); set nav.auth.mode to basic if it uses NavUserPassword.`, {
        operation: request.operation,
        httpStatus: 401,
      });
    }
    return this.handshake(origin, connection, request, path, auth);
  }

  /** NEGOTIATE with the request, CHALLENGE in the 401, AUTHENTICATE with the request again, on one connection. */
  private async handshake(origin: Origin, connection: Connection, request: HttpRequest, path: string, credentials: NtlmCredentials): Promise<HttpResponse> {
    const scheme = origin.scheme ?? 'NTLM';
    const first = await this.send(connection, request, path, `${scheme} ${encodeNegotiate().toString('base64')}`);
    if (first.status !== 401) return first;
    const token = tokenOf(first.headers['www-authenticate'], scheme);
    let challenge: ChallengeMessage | undefined;
    try {
      const message = token ? decodeMessage(Buffer.from(token, 'base64')) : undefined;
      if (message?.type === 2) challenge = message;
    } catch {
      challenge = undefined;
    }
    if (!challenge) {
      throw new SyncError('NAV_AUTH_FAILED', `NAV answered the NTLM negotiation of ${request.operation} without a challenge; check nav.auth (user, domain, password).`, { operation: request.operation, httpStatus: 401 });
    }
    const second = await this.send(connection, request, path, `${scheme} ${answerChallenge(challenge, credentials).toString('base64')}`);
    if (second.status === 401) {
      connection.authenticated = false;
      throw new SyncError('NAV_AUTH_FAILED', `NAV refused the Windows credentials of ${credentials.domain ? `${credentials.domain}\\` : ''}${credentials.user} for ${request.operation}.`, { operation: request.operation, httpStatus: 401 });
    }
    connection.authenticated = true;
    return second;
  }
}

function headerValues(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  // Several challenges may come in one header separated by commas, or as several headers.
  return (Array.isArray(header) ? header : [header]).flatMap((h) => h.split(/,\s*(?=[A-Za-z]+(?:\s|$))/));
}

/** Negotiate when offered (raw NTLM tokens inside it are accepted by Windows), else NTLM. */
function schemeOf(header: string | string[] | undefined): 'Negotiate' | 'NTLM' | undefined {
  const schemes = headerValues(header).map((h) => h.trim().split(/\s+/)[0]?.toLowerCase());
  if (schemes.includes('negotiate')) return 'Negotiate';
  if (schemes.includes('ntlm')) return 'NTLM';
  return undefined;
}

function tokenOf(header: string | string[] | undefined, scheme: string): string | undefined {
  for (const value of headerValues(header)) {
    const [name, token] = value.trim().split(/\s+/);
    if (name?.toLowerCase() === scheme.toLowerCase() && token) return token;
  }
  return undefined;
}
