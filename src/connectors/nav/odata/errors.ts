// OData v4 error answers of NAV (§3.5, §3.6) as SyncErrors. NAV 2017/2018 may
// leave the code empty, so the status and NAV's text decide too.
import { SyncError } from '../../../core/failure.ts';
import { statusError } from '../http/errors.ts';
import type { HttpResponse } from '../http/transport.ts';

/** v4 `{"error":{"code","message"}}`, v3-style `message.value`, or the raw text. */
function readError(body: string): { code: string; raw: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof parsed.error?.code === 'string' ? parsed.error.code : '';
    const message = parsed.error?.message;
    if (typeof message === 'string') return { code, raw: message };
    if (typeof message === 'object' && message !== null && 'value' in message) return { code, raw: String(message.value) };
    return { code, raw: '' };
  } catch {
    return { code: '', raw: body.slice(0, 200) };
  }
}

export function odataError(response: HttpResponse, operation: string, write: boolean): SyncError {
  const { code, raw } = readError(response.body);
  // "…  CorrelationId:  <guid>." is the service tier's, not part of NAV's message.
  const message = raw.replace(/\s*CorrelationId:\s*[0-9a-f-]+\.?\s*$/i, '').trim();
  const options = { operation, httpStatus: response.status, vendorCode: code || undefined };
  const status = response.status;
  if (status === 409 || status === 412 || code === 'Request_EntityChanged' || /another user has (already )?(changed|modified)/i.test(message)) {
    return new SyncError('NAV_STALE_KEY', message || 'Another user has already changed the record.', options);
  }
  if (code === 'Internal_EntityWithSameKeyExists' || /\balready exists\b/i.test(message)) return new SyncError('NAV_DUPLICATE', message, options);
  if (status === 404 && !/Resource not found for the segment|Cannot open company/i.test(message) && (code === 'Internal_RecordNotFound' || code === 'BadRequest_NotFound' || /does not exist/i.test(message))) {
    return new SyncError('NAV_NOT_FOUND', message, options);
  }
  if (status === 400) return new SyncError('NAV_VALIDATION', message || `NAV refused ${operation} (400).`, options);
  const retryAfter = response.headers['retry-after'];
  return statusError(status, operation, write, message, Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
}
