// What the protocol handlers of the NAV sandbox share.
import type { CallHost } from './call.ts';
import type { DateOrder } from './query/nav-filter.ts';
import type { BlankFields } from './soap/entity-xml.ts';
import type { NavState } from './state.ts';

export interface NavServerContext extends CallHost {
  readonly state: NavState;
  readonly instance: string;
  /** The codeunit web service with ReleaseSalesOrder/ReopenSalesOrder. */
  readonly codeunit: string;
  readonly soapBlankFields: BlankFields;
  /** The date format of filter criteria (ServicesLanguage; en-US = MDY). */
  readonly dateOrder: DateOrder;
  readonly odataPageSize: number;
  /** NAV 2017/2018 may send empty OData error codes (§3.5, UNCONFIRMED); false leaves them empty. */
  readonly odataErrorCodes: boolean;
  /** A stale ETag answers 409 (BC, the documented status) or 412 (§3.6). */
  readonly staleETagStatus: 409 | 412;
}
