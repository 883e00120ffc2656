// Access to the dashboard and /api: one onRequest hook that knows who is asking
// (session cookie or Bearer token), refuses strangers, keeps viewers read-only and
// makes every cookie-authenticated mutation carry the session's CSRF token
// (synchronizer pattern; bearer-token requests cannot be forged by a browser and
// are exempt). Routes of their own rules — the Bitrix24 event endpoint, /healthz,
// /metrics — are left alone. Everything else is closed unless listed as public,
// so a route added later is protected without anyone remembering to.
import cookie from '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { DashboardConfig } from './access/config.ts';
import { tokenMatches } from './access/compare.ts';
import { hashPassword, verifyPassword } from './access/passwords.ts';
import { bearerToken, findToken, type Principal } from './access/principal.ts';
import { AttemptLimiter } from './access/rate-limit.ts';
import { SessionTable } from './access/sessions.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who made the request; set by the access hook on every protected route. */
    principal: Principal | null;
  }
}

export const SESSION_COOKIE = 'b24nav_session';
export const CSRF_HEADER = 'x-csrf-token';

/** Routes with rules of their own (event token, open health check, metrics token). */
const OWN_RULES = new Set(['/webhooks/bitrix24', '/healthz', '/metrics']);
/** Reachable without signing in: the sign-in page, its assets and the sign-in call. */
const PUBLIC = new Set(['/login', '/assets/*', '/api/auth/login']);
/** Mutations any signed-in role may make. */
const ANY_ROLE = new Set(['/api/auth/logout']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const SIGN_IN_WINDOW_MS = 15 * 60_000;

export const DISABLED_MESSAGE =
  'the dashboard and /api are off: no users or tokens are configured. Add server.dashboard.users (password hash from `b24nav hash-password`) or server.dashboard.tokens to the config — see docs/dashboard.md';

export interface AccessOptions {
  readonly config: DashboardConfig;
  readonly log: Logger;
  readonly clock?: Clock;
}

export interface Access {
  readonly enabled: boolean;
  /** Whether a principal may still act (its session was not signed out or expired). */
  stillValid(principal: Principal): boolean;
}

const fail = (reply: FastifyReply, status: number, error: string, message: string): FastifyReply => reply.code(status).send({ error, message });

/**
 * Registers cookie parsing, the access hook and the sign-in routes on the root
 * instance. Call it before any route, so that every route gets the hook.
 */
export function registerAccess(app: FastifyInstance, options: AccessOptions): Access {
  const cfg = options.config;
  const clock = options.clock ?? systemClock;
  const log = options.log.child({ component: 'access' });
  const enabled = cfg.users.length > 0 || cfg.tokens.length > 0;
  const sessions = new SessionTable({ clock, idleMs: cfg.sessionIdleMinutes * 60_000, absoluteMs: cfg.sessionMaxHours * 3_600_000 });
  const limiter = new AttemptLimiter({ clock, max: cfg.signInAttempts, windowMs: SIGN_IN_WINDOW_MS });
  // Unknown names are checked against this, so a wrong name costs as much time as a wrong password.
  let decoy: Promise<string> | undefined;

  if (!enabled) log.warn({}, DISABLED_MESSAGE);

  app.register(cookie, { hook: false });
  app.decorateRequest('principal', null);

  const identify = (request: FastifyRequest): Principal | 'bad_token' | null => {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const given = bearerToken(header);
      const entry = given === undefined ? undefined : findToken(cfg.tokens, given);
      return entry ? { name: entry.name, role: entry.role, via: 'token' } : 'bad_token';
    }
    const id = app.parseCookie(request.headers.cookie ?? '')[SESSION_COOKIE];
    const session = id ? sessions.get(id) : undefined;
    return session ? { name: session.name, role: session.role, via: 'session', sessionId: session.id } : null;
  };

  app.addHook('onRequest', async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || OWN_RULES.has(route)) return;
    if (!enabled) return fail(reply, 503, 'DASHBOARD_DISABLED', DISABLED_MESSAGE);
    void reply.headers(SECURITY_HEADERS);
    if (PUBLIC.has(route)) return;
    const principal = identify(request);
    if (principal === 'bad_token') {
      log.warn({ ip: request.ip, url: route }, 'request refused: the bearer token matches no server.dashboard.tokens entry');
      return fail(reply, 401, 'BAD_TOKEN', 'the bearer token matches no server.dashboard.tokens entry');
    }
    if (principal === null) {
      if (route === '/' && SAFE_METHODS.has(request.method)) return reply.redirect('/login', 303);
      return fail(reply, 401, 'UNAUTHENTICATED', 'sign in at /login, or send Authorization: Bearer <token>');
    }
    request.principal = principal;
    if (SAFE_METHODS.has(request.method)) return;
    if (principal.via === 'session') {
      const given = request.headers[CSRF_HEADER];
      const session = sessions.get(principal.sessionId as string);
      if (typeof given !== 'string' || !session || !tokenMatches(given, session.csrfToken)) {
        return fail(reply, 403, 'CSRF', `a change made with a session needs the session's ${CSRF_HEADER} header (reload the page)`);
      }
    }
    if (principal.role !== 'admin' && !ANY_ROLE.has(route)) {
      return fail(reply, 403, 'FORBIDDEN', `${principal.name} has the ${principal.role} role, which may look but not change anything`);
    }
  });

  app.post('/api/auth/login', async (request, reply) => {
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return fail(reply, 415, 'BAD_REQUEST', 'send the sign-in as JSON: {"name": "…", "password": "…"}');
    }
    const origin = request.headers.origin;
    if (origin !== undefined && hostOf(origin) !== request.headers.host) {
      log.warn({ ip: request.ip }, 'sign-in refused: it came from another site');
      return fail(reply, 403, 'CSRF', 'sign-in from another site is refused');
    }
    const allowed = limiter.take(request.ip);
    if (!allowed.ok) {
      log.warn({ ip: request.ip }, 'sign-in refused: too many attempts from this address');
      void reply.header('retry-after', String(allowed.retryAfterSeconds));
      return fail(reply, 429, 'TOO_MANY_ATTEMPTS', `too many sign-in attempts from this address; try again in ${allowed.retryAfterSeconds} s`);
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body['name'] === 'string' ? body['name'] : '';
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    const user = cfg.users.find((u) => u.name === name);
    const hash = user?.passwordHash ?? (await (decoy ??= hashPassword(randomBytes(16).toString('hex'))));
    const ok = (await verifyPassword(password, hash)) && user !== undefined && password !== '';
    if (!ok || !user) {
      // The name is not logged: people type passwords into the name field.
      log.warn({ ip: request.ip }, 'sign-in failed: wrong name or password');
      return fail(reply, 401, 'SIGN_IN_FAILED', 'wrong name or password');
    }
    limiter.reset(request.ip);
    const session = sessions.create(user.name, user.role);
    log.info({ ip: request.ip, user: user.name, role: user.role }, 'signed in');
    void reply.setCookie(SESSION_COOKIE, session.id, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: cfg.secureCookie,
      maxAge: Math.floor(cfg.sessionMaxHours * 3600),
    });
    return { user: { name: user.name, role: user.role }, csrfToken: session.csrfToken };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const principal = request.principal;
    if (principal?.sessionId) sessions.delete(principal.sessionId);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/auth/session', (request) => {
    const principal = request.principal as Principal;
    const session = principal.sessionId ? sessions.get(principal.sessionId) : undefined;
    return { user: { name: principal.name, role: principal.role, via: principal.via }, ...(session ? { csrfToken: session.csrfToken } : {}) };
  });

  return {
    enabled,
    stillValid: (principal) => principal.via === 'token' || (principal.sessionId !== undefined && sessions.alive(principal.sessionId)),
  };
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

/** Pages and API answers of the dashboard: own scripts and styles only, never framed, no referrer. */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
