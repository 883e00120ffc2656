// Authentication of the NAV endpoints: Windows (NTLM/Negotiate), NavUserPassword
// (HTTP Basic) or none (nav-web-services.md §4). A failure answers 401 with the
// WWW-Authenticate header a client needs to start over.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../../core/clock.ts';
import { NtlmServer, type NtlmScheme, type NtlmSession } from './ntlm-server.ts';

export type NavAuthMode = 'ntlm' | 'basic' | 'none';

export interface AuthOptions {
  readonly mode: NavAuthMode;
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  readonly ntlmScheme: NtlmScheme;
  readonly ntlmSession: NtlmSession;
  readonly clock: Clock;
}

export type AuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export function authHook(options: AuthOptions): AuthHook {
  if (options.mode === 'none') return () => Promise.resolve();
  if (options.mode === 'basic') {
    return async (request, reply) => {
      if (!basicMatches(request.headers.authorization, options)) {
        await reply.code(401).header('www-authenticate', 'Basic realm="Microsoft Dynamics NAV"').send();
      }
    };
  }
  const server = new NtlmServer({
    account: { user: options.user, domain: options.domain, password: options.password },
    scheme: options.ntlmScheme,
    session: options.ntlmSession,
    clock: options.clock,
  });
  return async (request, reply) => {
    const outcome = server.handle(request.raw.socket, request.headers.authorization);
    if (outcome.kind === 'authenticated') return;
    const header = outcome.kind === 'challenge' ? outcome.header : server.advertised;
    await reply.code(401).header('www-authenticate', header).header('connection', 'keep-alive').send();
  };
}

/** NavUserPassword: "user" or "DOMAIN\user" with the password (or web service access key). */
function basicMatches(header: string | undefined, options: AuthOptions): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const login = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const slash = login.indexOf('\\');
  const user = slash >= 0 ? login.slice(slash + 1) : login;
  const domain = slash >= 0 ? login.slice(0, slash) : undefined;
  if (domain !== undefined && options.domain !== '' && domain.toLowerCase() !== options.domain.toLowerCase()) return false;
  return user.toLowerCase() === options.user.toLowerCase() && password === options.password;
}
