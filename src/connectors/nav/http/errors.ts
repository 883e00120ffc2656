// Turning what went wrong on the wire into a SyncError: before anything was sent
// (refused, DNS, TLS) the call can simply be retried; once a write was sent and
// its answer was lost, nobody knows whether NAV applied it.
import { SyncError } from '../../../core/failure.ts';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const TIMEOUTS = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function codeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET' && code !== 'UND_ERR_CONNECT') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const top = (error as { code?: unknown } | undefined)?.code;
  return typeof top === 'string' ? top : undefined;
}

// The fix goes with the message: it is what the operator reads in the log and the dead letters.
const NAV_TLS_FIX = 'Give the server certificate or the CA that signed it with nav.tls.caFile, or set nav.tls.insecure: true for a test server only.';

export function networkError(error: unknown, operation: string, write: boolean): SyncError {
  if (error instanceof SyncError) return error;
  const code = codeOf(error);
  const detail = error instanceof Error ? error.message : String(error);
  const options = { operation, vendorCode: code, cause: error };
  if (code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS'))) {
    return new SyncError('NAV_TLS', `The TLS certificate of the NAV server could not be verified (${code}): ${detail}. ${NAV_TLS_FIX}`, options);
  }
  if (code !== undefined && NOT_SENT.has(code)) {
    return new SyncError('NAV_NETWORK', `The NAV server could not be reached (${code}): ${detail}`, options);
  }
  if (write) {
    return new SyncError('NAV_UNKNOWN_OUTCOME', `The answer to ${operation} was lost (${code ?? 'connection closed'}); NAV may or may not have applied it.`, options);
  }
  if (code !== undefined && TIMEOUTS.has(code)) {
    return new SyncError('NAV_TIMEOUT', `NAV did not answer ${operation} in time (${code}).`, options);
  }
  return new SyncError('NAV_NETWORK', `The connection to NAV broke during ${operation} (${code ?? 'closed'}): ${detail}`, options);
}

/** Errors from the HTTP status alone, when the body says nothing more precise. */
export function statusError(status: number, operation: string, write: boolean, message: string, retryAfter: string | undefined): SyncError {
  const options = { operation, httpStatus: status };
  if (status === 401) return new SyncError('NAV_AUTH_FAILED', `NAV refused the credentials for ${operation} (401).`, options);
  if (status === 403 || status === 405) return new SyncError('NAV_PERMISSION', `NAV does not allow ${operation} (${status}): ${message}`, options);
  if (status === 404) return new SyncError('NAV_PERMISSION', `${operation}: NAV has no such web service or company (404): ${message}`, options);
  if (status === 413) return new SyncError('NAV_VALIDATION', `${operation}: the request is larger than NAV accepts (413, SOAPServicesMaxMsgSize).`, options);
  if (status === 429 || status === 503) {
    const seconds = Number(retryAfter);
    return new SyncError('NAV_RATE_LIMITED', `NAV refused ${operation} for load (${status}).`, { ...options, ...(Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {}) });
  }
  if ((status === 408 || status === 504) && write) {
    return new SyncError('NAV_UNKNOWN_OUTCOME', `${operation} timed out at NAV (${status}); it may or may not have been applied.`, options);
  }
  if (status === 408 || status === 504) return new SyncError('NAV_TIMEOUT', `${operation} timed out at NAV (${status}).`, options);
  if (status >= 500) return new SyncError('NAV_SERVER_ERROR', `NAV failed on ${operation} (${status}): ${message}`, options);
  return new SyncError('NAV_VALIDATION', `NAV refused ${operation} (${status}): ${message}`, options);
}
