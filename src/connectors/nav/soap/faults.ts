// SOAP faults from NAV (nav-web-services.md §1.6) as SyncErrors: the stale Key
// and duplicates are conflicts, dialogs and validation are permanent with NAV's
// own text, locks and deadlocks are transient.
import { SyncError } from '../../../core/failure.ts';
import { SOAP_ENVELOPE_NAMESPACE } from '../schema/index.ts';
import { child, type XmlElement } from './xml.ts';

export interface SoapFault {
  readonly code: string;
  readonly message: string;
}

export function faultOf(body: XmlElement | undefined): SoapFault | undefined {
  const fault = child(body, 'Fault');
  if (!fault || fault.ns !== SOAP_ENVELOPE_NAMESPACE) return undefined;
  const code = (fault.leaves.get('faultcode') ?? '').trim();
  const message = (fault.leaves.get('faultstring') ?? '').trim();
  return { code: code.replace(/^[\w-]+:/, ''), message };
}

/** The short class name: Microsoft.Dynamics.Nav.Types.Exceptions.NavNCLDialogException → NavNCLDialogException. */
function className(code: string): string {
  return code.split('.').pop() ?? code;
}

export function faultError(fault: SoapFault, operation: string): SyncError {
  const cls = className(fault.code);
  const options = { operation, vendorCode: cls, httpStatus: 500 };
  const m = fault.message;
  if (/another user has modified|other user has modified/i.test(m)) return new SyncError('NAV_STALE_KEY', m, options);
  if (cls === 'NavCSideDuplicateKeyException' || /\balready exists\b/i.test(m)) return new SyncError('NAV_DUPLICATE', m, options);
  // A deadlock or a lock timeout rolled the call back: safe to try again.
  if (/deadlock|was locked by another user/i.test(m)) return new SyncError('NAV_SERVER_ERROR', m, options);
  if (cls === 'NavCSideRecordNotFoundException' || /^The .+ does not exist\. Identification fields and values/.test(m)) return new SyncError('NAV_NOT_FOUND', m, options);
  if (/permission/i.test(cls) || /You do not have the following permissions/i.test(m)) return new SyncError('NAV_PERMISSION', m, options);
  if (cls.startsWith('Nav')) return new SyncError('NAV_VALIDATION', m, options);
  return new SyncError('NAV_SERVER_ERROR', m === '' ? `NAV failed on ${operation} (${fault.code}).` : m, options);
}
