// Dashboard sessions, kept in a server-side table in memory rather than in a signed
// cookie. Why: signing out (or a restart) ends a session for real instead of leaving
// a cookie valid until it expires; there is no signing key to configure, rotate or
// leak; and each session carries its own CSRF token (synchronizer pattern) without a
// second cookie. The cost — everyone signs in again after a restart, and sessions are
// not shared between processes — suits a single-process admin dashboard.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../core/clock.ts';
import type { Role } from './principal.ts';

export interface Session {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Sent back in the x-csrf-token header of every mutation made with this session. */
  readonly csrfToken: string;
  readonly createdAt: number;
  lastSeenAt: number;
}

export interface SessionOptions {
  readonly clock: Clock;
  /** A session unused this long ends. */
  readonly idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  readonly absoluteMs: number;
  /** The oldest sessions are dropped beyond this many. */
  readonly max?: number;
}

const token = (): string => randomBytes(32).toString('base64url');

export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly options: SessionOptions) {}

  create(name: string, role: Role): Session {
    const now = this.options.clock.now();
    this.sweep(now);
    const max = this.options.max ?? 10_000;
    // Map iteration is insertion order: the first entries are the oldest sessions.
    for (const id of this.sessions.keys()) {
      if (this.sessions.size < max) break;
      this.sessions.delete(id);
    }
    const session: Session = { id: token(), name, role, csrfToken: token(), createdAt: now, lastSeenAt: now };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id (its idle time restarts), or undefined. */
  get(id: string): Session | undefined {
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.options.clock.now();
    if (this.expired(session, now)) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  /** Whether the session still exists, without touching it (live streams check this). */
  alive(id: string): boolean {
    const session = this.sessions.get(id);
    return session !== undefined && !this.expired(session, this.options.clock.now());
  }

  delete(id: string): void {
    this.sessions.delete(id);
  }

  get size(): number {
    return this.sessions.size;
  }

  private expired(session: Session, now: number): boolean {
    return now - session.lastSeenAt >= this.options.idleMs || now - session.createdAt >= this.options.absoluteMs;
  }

  private sweep(now: number): void {
    for (const [id, session] of this.sessions) if (this.expired(session, now)) this.sessions.delete(id);
  }
}
