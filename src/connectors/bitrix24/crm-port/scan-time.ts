// The cursor of a change scan is the portal's own time at the start of the scan
// (`time.date_start` / `time.start` of the first answer, reference §2), minus an
// overlap: never the local clock (the two drift), never the largest DATE_MODIFY seen
// (a record changed mid-scan at an id already passed would be lost for good).
import type { TimeInfo } from '../client.ts';

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?([+-])(\d{2}):?(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `ms` written as the portal writes datetimes: local time with the offset, seconds precision. */
export function formatPortalTime(ms: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local.toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The start of an answer as epoch ms and the portal's UTC offset (0 when only `start` is given). */
export function answerStart(time: TimeInfo | undefined): { ms: number; offsetMinutes: number } | undefined {
  if (!time) return undefined;
  const dateStart = time['date_start'];
  if (typeof dateStart === 'string') {
    const ms = Date.parse(dateStart);
    const m = WITH_OFFSET.exec(dateStart);
    if (Number.isFinite(ms)) {
      const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
      return { ms, offsetMinutes: offset };
    }
  }
  const start = time['start'];
  if (typeof start === 'number' && Number.isFinite(start)) return { ms: start * 1000, offsetMinutes: 0 };
  return undefined;
}

/** Remembers the start of the earliest answer of a scan and turns it into the next cursor. */
export class ScanTime {
  private start: { ms: number; offsetMinutes: number } | undefined;

  constructor(private readonly overlapSeconds: number) {}

  observe(time: TimeInfo | undefined): void {
    const at = answerStart(time);
    if (at && (this.start === undefined || at.ms < this.start.ms)) this.start = at;
  }

  /** The next cursor, or `fallback` when no answer carried a time. */
  cursor(fallback: string | null): string | null {
    if (!this.start) return fallback;
    return formatPortalTime(this.start.ms - this.overlapSeconds * 1000, this.start.offsetMinutes);
  }
}
