// The NAV sandbox HTTP server: one Fastify app with the SOAP endpoints, the OData
// v4 endpoints, authentication in front of both, and the admin API beside them.
import Fastify, { type FastifyInstance } from 'fastify';
import type { TlsMaterial } from '../common/tls.ts';
import { authHook } from './auth/hook.ts';
import { registerODataRoutes } from './odata/routes.ts';
import type { ResolvedNavOptions } from './options.ts';
import type { NavServerContext } from './server-context.ts';
import { registerSoapRoutes } from './soap/routes.ts';

export function buildNavServer(options: ResolvedNavOptions, ctx: NavServerContext, tls: TlsMaterial | undefined, admin: (app: FastifyInstance) => void): FastifyInstance {
  const app = Fastify({
    logger: false,
    // SOAPServicesMaxMsgSize, which NAV applies to OData requests too (limits §2.2); over it: 413.
    bodyLimit: options.maxMessageSizeKb * 1024,
    // Idle kept-alive connections (NTLM keeps them open) and held requests close with the server.
    forceCloseConnections: true,
    keepAliveTimeout: 120_000,
    ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}),
  });
  // SOAP bodies arrive as text/xml, application/soap+xml or with no useful type at all.
  app.addContentTypeParser(['text/xml', 'application/xml', 'application/soap+xml'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const auth = authHook({
    mode: options.auth,
    user: options.user,
    password: options.password,
    domain: options.domain,
    ntlmScheme: options.ntlmScheme,
    ntlmSession: options.ntlmSession,
    clock: options.clock,
  });
  const navPrefix = `/${options.instance}/`;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith(navPrefix)) await auth(request, reply);
  });
  registerSoapRoutes(app, ctx);
  registerODataRoutes(app, ctx);
  if (options.admin) admin(app);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .type('text/plain')
      .send(`Not found: ${request.method} ${request.url}. SOAP lives under /${options.instance}/WS/<Company>/Page/<Service>, OData under /${options.instance}/ODataV4/.`);
  });
  return app;
}
