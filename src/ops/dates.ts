// Points in time an operator types: `--since 2026-11-29`, `2026-11-29T10:00:00+03:00`,
// or an age such as `30m`, `2h`, `7d` (before now).
import { OpsError } from './errors.ts';

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Epoch ms of a date (UTC midnight), a date and time (with Z or an offset), or an age before `now`. */
export function parseSince(text: string, now: number, what = '--since'): number {
  const value = text.trim();
  const age = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(value);
  if (age) return now - Math.round(Number(age[1]) * (UNITS[(age[2] ?? 'm').toLowerCase()] ?? 0));
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    const ms = Date.parse(value.replace(' ', 'T'));
    if (Number.isFinite(ms)) return ms;
  }
  throw new OpsError('BAD_INPUT', `${what} must be a date (2026-11-29, UTC), a date and time with its offset (2026-11-29T10:00:00+03:00) or an age (30m, 2h, 7d), got "${text}"`);
}

/** A positive whole number id typed by an operator. */
export function parseId(text: string, what: string): number {
  const value = text.trim();
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new OpsError('BAD_INPUT', `${what} must be a whole number ≥ 1, got "${text}"`);
  return Number(value);
}
