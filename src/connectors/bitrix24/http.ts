// The wire: JSON POSTs over a kept-alive undici Agent, TLS verified by default
// (custom CA or an explicit opt-out), and network failures classified by whether
// the request may have reached the portal.
import { Agent, request, type Dispatcher } from 'undici';
import { SyncError } from '../../core/failure.ts';

export interface HttpOptions {
  readonly timeoutMs: number;
  readonly tls?: { readonly ca?: string | undefined; readonly insecure?: boolean | undefined } | undefined;
  readonly userAgent: string;
  /** Injected for tests; an Agent is created otherwise. */
  readonly dispatcher?: Dispatcher | undefined;
  readonly connections?: number | undefined;
}

export interface HttpReply {
  readonly status: number;
  readonly body: unknown;
}

// The request never left: safe to send again whatever it was.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
]);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function errorCode(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR' && code !== 'ERR_INVALID_ARG_TYPE') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return 'UNKNOWN';
}

// The fix goes with the message: it is what the operator reads in the log and the dead letters.
const B24_TLS_FIX = "The portal's TLS certificate could not be verified: give the certificate or its CA with bitrix24.tls.caFile, or set bitrix24.tls.insecure: true for a test portal only.";

export function networkFailure(error: unknown, operation: string, write: boolean): SyncError {
  const code = errorCode(error);
  const detail = `${operation}: ${code} ${error instanceof Error ? error.message : String(error)}`;
  const opts = { operation, vendorCode: code, cause: error };
  if (TLS_CODES.has(code)) return new SyncError('B24_TLS', `${detail}. ${B24_TLS_FIX}`, opts);
  if (NOT_SENT.has(code)) return new SyncError('B24_NETWORK', detail, opts);
  if (write) return new SyncError('B24_UNKNOWN_OUTCOME', `${detail} (the write may have been applied)`, opts);
  if (TIMEOUTS.has(code)) return new SyncError('B24_TIMEOUT', detail, opts);
  return new SyncError('B24_NETWORK', detail, opts);
}

export class B24Http {
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;

  constructor(private readonly options: HttpOptions) {
    this.ownsDispatcher = !options.dispatcher;
    this.dispatcher =
      options.dispatcher ??
      new Agent({
        keepAliveTimeout: 30_000,
        connections: options.connections ?? 8,
        connect: {
          ...(options.tls?.ca ? { ca: options.tls.ca } : {}),
          rejectUnauthorized: options.tls?.insecure !== true,
        },
      });
  }

  async postJson(url: string, payload: unknown, operation: string, write: boolean): Promise<HttpReply> {
    return this.send(url, JSON.stringify(payload), 'application/json', operation, write);
  }

  async postForm(url: string, form: Record<string, string>, operation: string): Promise<HttpReply> {
    return this.send(url, new URLSearchParams(form).toString(), 'application/x-www-form-urlencoded', operation, true);
  }

  private async send(url: string, body: string, contentType: string, operation: string, write: boolean): Promise<HttpReply> {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, {
        method: 'POST',
        dispatcher: this.dispatcher,
        headers: { 'content-type': contentType, accept: 'application/json', 'user-agent': this.options.userAgent },
        body,
        headersTimeout: this.options.timeoutMs,
        bodyTimeout: this.options.timeoutMs,
      });
    } catch (error) {
      throw networkFailure(error, operation, write);
    }
    let text: string;
    try {
      text = await res.body.text();
    } catch (error) {
      throw networkFailure(error, operation, write);
    }
    try {
      return { status: res.statusCode, body: text === '' ? null : (JSON.parse(text) as unknown) };
    } catch {
      // A proxy page or a truncated answer: the portal's state is unknown for writes.
      if (write && res.statusCode >= 500) {
        throw new SyncError('B24_UNKNOWN_OUTCOME', `${operation}: unreadable answer with HTTP ${res.statusCode}`, { operation, httpStatus: res.statusCode });
      }
      throw new SyncError('B24_SERVER_ERROR', `${operation}: unreadable answer with HTTP ${res.statusCode}`, { operation, httpStatus: res.statusCode });
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }
}
