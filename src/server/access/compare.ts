// Constant-time comparison of secrets, so a secret cannot be guessed byte by byte
// from response timings.
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that depends on neither value. Both are hashed
 * first, so different lengths compare in the same time as equal ones.
 */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
