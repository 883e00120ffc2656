// Who is asking: a signed-in user (session cookie) or an API token (Bearer header),
// with the role that decides what they may do.
import { tokenMatches } from './compare.ts';

export const ROLES = ['admin', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly name: string;
  readonly role: Role;
  /** How the request proved who it is: bearer-token requests need no CSRF token. */
  readonly via: 'session' | 'token';
  /** The session id, for sessions. */
  readonly sessionId?: string;
}

export interface TokenEntry {
  readonly name: string;
  readonly token: string;
  readonly role: Role;
}

/**
 * The token entry whose token equals `given`. Every entry is compared (no early
 * exit) and each comparison is constant-time, so timings tell nothing about which
 * token came close.
 */
export function findToken(tokens: readonly TokenEntry[], given: string): TokenEntry | undefined {
  let found: TokenEntry | undefined;
  for (const entry of tokens) if (tokenMatches(given, entry.token) && !found) found = entry;
  return found;
}

/** The token of an `Authorization: Bearer <token>` header, if the header is one. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  return m?.[1];
}
