// Dates as a portal writes them: ISO 8601 with the portal's UTC offset
// (reference §9.2: "2024-08-30T14:29:00+02:00"), seconds precision.

export function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function formatDateTime(ms: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  return `${local.toISOString().slice(0, 19)}${formatOffset(offsetMinutes)}`;
}

/**
 * Date-only CRM fields come back as full datetimes (reference §9.2:
 * "BEGINDATE":"2024-08-30T02:00:00+02:00" — midnight UTC shown in portal time).
 */
export function formatDateField(date: string, offsetMinutes: number): string {
  return formatDateTime(Date.parse(`${date}T00:00:00Z`), offsetMinutes);
}

const ISO_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCALE_DATE = /^(\d{2})\.(\d{2})\.(\d{4})(?: (\d{2}:\d{2}(?::\d{2})?))?$/;

/**
 * Parses what a portal accepts as date input: ISO with or without offset (no
 * offset = portal time), a plain date (portal midnight), or the locale form
 * "11.11.1999" (reference §9.2). Returns epoch ms, or undefined if not a date.
 */
export function parsePortalDate(value: unknown, offsetMinutes: number): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  let m = ISO_WITH_ZONE.exec(s);
  if (m) {
    const zone = m[3] ?? formatOffset(offsetMinutes);
    const ms = Date.parse(`${m[1]}T${m[2]}${zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  m = ISO_DATE.exec(s);
  if (m) {
    const ms = Date.parse(`${s}T00:00:00${formatOffset(offsetMinutes)}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  m = LOCALE_DATE.exec(s);
  if (m) {
    const time = m[4] ?? '00:00:00';
    const ms = Date.parse(`${m[3]}-${m[2]}-${m[1]}T${time.length === 5 ? `${time}:00` : time}${formatOffset(offsetMinutes)}`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** The calendar date (YYYY-MM-DD) of a date input, for date-only fields. */
export function parsePortalDateOnly(value: unknown, offsetMinutes: number): string | undefined {
  if (typeof value === 'string' && ISO_DATE.test(value.trim())) return value.trim();
  const ms = parsePortalDate(value, offsetMinutes);
  if (ms === undefined) return undefined;
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
