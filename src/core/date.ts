// Calendar dates and modification timestamps as the two systems write them.
import { fail, ok, quote, type Outcome } from './outcome.ts';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const RU = /^(\d{2})\.(\d{2})\.(\d{4})$/;

// NAV writes a blank Date field (0D) as 0001-01-01 over SOAP (as src/connectors/nav does too).
const NAV_BLANK_DATE = '0001-01-01';

function validDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A calendar date as `YYYY-MM-DD`, or null for NAV's blank date.
 *
 * Accepts `2024-08-30`, xsd:date with a zone (`2024-08-30+03:00`), datetimes
 * (`2024-08-30T02:00:00+02:00`) and the Russian `30.08.2024`. Of a datetime the date is
 * taken as written, in its own offset, never converted to UTC: Bitrix24 returns date
 * fields as datetimes in the portal's time zone (crm.deal.get gives
 * `"BEGINDATE":"2024-08-30T02:00:00+02:00"` for a deal that begins on 30 August;
 * reference/bitrix24-rest.md §7.1), and converting would move every date of a portal east
 * of Greenwich to the day before.
 */
export function parseCalendarDate(text: string): Outcome<string | null> {
  const trimmed = text.trim();
  let year: number, month: number, day: number;
  const iso = ISO.exec(trimmed);
  const ru = iso ? null : RU.exec(trimmed);
  if (iso) [year, month, day] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (ru) [year, month, day] = [Number(ru[3]), Number(ru[2]), Number(ru[1])];
  else return fail(`${quote(text)} is not a date (expected YYYY-MM-DD, a datetime, or DD.MM.YYYY)`);
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (date === NAV_BLANK_DATE) return ok(null);
  if (!validDay(year, month, day)) return fail(`${quote(text)} is not a day of the calendar`);
  return ok(date);
}

/** An interval [from, to) in epoch milliseconds. */
export interface TimeSpan {
  readonly from: number;
  readonly to: number;
}

const DAY_MS = 24 * 3600_000;
const ANY_ZONE_MS = 14 * 3600_000;

/**
 * When a modification happened, as an interval [from, to) in epoch milliseconds: one
 * instant for a datetime with an offset, a whole day for a date. A date is read in UTC:
 * NAV stamps Last_Date_Modified with TODAY in the service time zone, which defaults to
 * UTC (reference/nav-web-services.md §5, "Services Default Time Zone"). A datetime without
 * an offset could be in any zone, so it covers ±14 hours.
 */
export function parseTimeSpan(text: string): TimeSpan | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!validDay(year, month, day)) return null;
  const midnight = Date.UTC(year, month - 1, day);
  if (m[4] === undefined) {
    const start = midnight - (m[8] === undefined ? 0 : zoneOffsetMs(m[8]));
    return { from: start, to: start + DAY_MS };
  }
  const fraction = Number(`0.${m[7] ?? '0'}`) * 1000;
  const local = midnight + ((Number(m[4]) * 60 + Number(m[5])) * 60 + Number(m[6] ?? '0')) * 1000 + fraction;
  const zone = m[8];
  if (zone === undefined) return { from: local - ANY_ZONE_MS, to: local + ANY_ZONE_MS + 1 };
  const at = local - zoneOffsetMs(zone);
  return { from: at, to: at + 1 };
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return (zone.startsWith('-') ? -minutes : minutes) * 60_000;
}
