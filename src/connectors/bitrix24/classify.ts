// Bitrix24 errors → b24nav failure classes. The portal's codes are inconsistent
// (reference §2, §9.8): `""` with the meaning in the description (legacy crm.*),
// named codes (crm.item.*), numbers (catalog.*), human text (duplicates), so the
// decision reads the HTTP status, the code and the description together.
import { SyncError } from '../../core/failure.ts';

export interface B24ErrorBody {
  readonly error: unknown;
  readonly error_description?: unknown;
}

export function isErrorBody(value: unknown): value is B24ErrorBody {
  return value !== null && typeof value === 'object' && 'error' in value;
}

function describe(body: B24ErrorBody): { code: string; description: string } {
  const code = typeof body.error === 'string' || typeof body.error === 'number' ? String(body.error) : JSON.stringify(body.error);
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  return { code, description };
}

const NOT_FOUND_TEXT = /\bnot found\b|is not exists?\b|does not exist|не найден/i;
const ACCESS_TEXT = /access denied|доступ запрещ/i;

/** The catalog's one documented numeric code (reference §2). */
const CATALOG_ACCESS_DENIED = '200040300010';

export function classifyError(status: number, body: B24ErrorBody, method: string, retryAfterMs?: number): SyncError {
  const { code, description } = describe(body);
  const text = description ? `${method}: ${code ? `${code}: ` : ''}${description}` : `${method}: ${code || `HTTP ${status}`}`;
  const opts = { vendorCode: code, httpStatus: status, operation: method };
  switch (code) {
    case 'QUERY_LIMIT_EXCEEDED':
      return new SyncError('B24_QUERY_LIMIT', text, { ...opts, retryAfterMs });
    case 'OPERATION_TIME_LIMIT':
      return new SyncError('B24_OPERATION_TIME_LIMIT', text, { ...opts, retryAfterMs });
    case 'OVERLOAD_LIMIT':
      return new SyncError('B24_OVERLOAD', text, { ...opts, retryAfterMs: 60_000 });
    case 'expired_token':
    case 'invalid_token':
      return new SyncError('B24_TOKEN_EXPIRED', text, opts);
    case 'NO_AUTH_FOUND':
      return new SyncError('B24_AUTH_FAILED', text, opts);
    case 'insufficient_scope':
    case 'invalid_scope':
      return new SyncError('B24_INSUFFICIENT_SCOPE', text, opts);
    case 'WRONG_AUTH_TYPE':
      return new SyncError('B24_WRONG_AUTH_TYPE', text, opts);
    case 'ACCESS_DENIED':
    case 'INVALID_CREDENTIALS':
    case 'user_access_error':
    case 'allowed_only_intranet_user':
    case 'PAYMENT_REQUIRED':
    case CATALOG_ACCESS_DENIED:
      return new SyncError('B24_ACCESS_DENIED', text, opts);
    case 'ERROR_METHOD_NOT_FOUND':
      return new SyncError('B24_METHOD_NOT_FOUND', text, opts);
    case 'ERROR_BATCH_LENGTH_EXCEEDED':
    case 'ERROR_BATCH_METHOD_NOT_ALLOWED':
      return new SyncError('B24_BATCH_TOO_LARGE', text, opts);
    case 'NOT_FOUND':
      return new SyncError('B24_NOT_FOUND', text, opts);
    case 'INTERNAL_SERVER_ERROR':
    case 'ERROR_UNEXPECTED_ANSWER':
      return new SyncError('B24_SERVER_ERROR', text, opts);
    case 'PORTAL_DELETED':
      return new SyncError('B24_AUTH_FAILED', text, opts);
    default:
      break;
  }
  if (status === 503) return new SyncError('B24_QUERY_LIMIT', text, { ...opts, retryAfterMs });
  if (status === 429) return new SyncError('B24_OPERATION_TIME_LIMIT', text, { ...opts, retryAfterMs });
  if (status >= 500) return new SyncError('B24_SERVER_ERROR', text, opts);
  if (status === 401) return new SyncError('B24_AUTH_FAILED', text, opts);
  if (NOT_FOUND_TEXT.test(description) || NOT_FOUND_TEXT.test(code)) return new SyncError('B24_NOT_FOUND', text, opts);
  if (status === 403 || ACCESS_TEXT.test(description)) return new SyncError('B24_ACCESS_DENIED', text, opts);
  return new SyncError('B24_VALIDATION', text, opts);
}

// Methods that only read. Everything else is treated as a write whose lost
// answer is an unknown outcome. `event.offline.get` clears the queue by default,
// so it is a write.
const READ_SUFFIX = /\.(list|get|fields|getfields|items\.get|productrows\.get|mode\.status|getstoredocumenttypes|findbycomm|current|types)$/i;
const READ_NAMES = new Set(['scope', 'methods', 'profile', 'app.info', 'user.get', 'server.time']);

export function isReadMethod(method: string): boolean {
  const m = method.toLowerCase();
  if (m === 'event.offline.get') return false;
  return READ_NAMES.has(m) || READ_SUFFIX.test(m);
}
