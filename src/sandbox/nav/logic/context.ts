// What business logic needs besides the data: the company, NAV's "today"
// (WORKDATE of a web service session, from the injected clock in the service
// time zone, UTC by default: nav-web-services.md §5) and the behaviour switches.
import type { Company } from '../data/company.ts';

/**
 * How the credit limit check behaves in a web service session:
 * - 'callback': NAV 2013–2016, where codeunit 312 opens the modal "Check Credit
 *   Limit" page, which a web service session cannot show, so the call fails with
 *   "Callback functions are not allowed." (the issue asks for a fault here);
 * - 'notification': NAV 2017–2018, where the check is a notification that web
 *   service sessions never show, so nothing happens;
 * - 'off': Credit Warnings = No Warning.
 */
export type CreditLimitCheck = 'callback' | 'notification' | 'off';

export interface BusinessSettings {
  readonly creditLimitCheck: CreditLimitCheck;
}

export interface LogicContext {
  readonly company: Company;
  /** 'YYYY-MM-DD' */
  readonly today: string;
  readonly settings: BusinessSettings;
}

export function todayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}
