// NAV's TODAY: Last_Date_Modified is the date in the service's time zone
// (Services Default Time Zone, UTC by default, reference §5), so "today" for a
// change cursor is computed there, not in the time zone b24nav runs in.
import type { Clock } from '../../../core/clock.ts';

const formats = new Map<string, Intl.DateTimeFormat>();

/** YYYY-MM-DD of `epochMs` in `timeZone`. */
export function dayIn(timeZone: string, epochMs: number): string {
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

export function serviceToday(clock: Clock, timeZone: string): string {
  return dayIn(timeZone, clock.now());
}
