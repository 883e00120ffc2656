// The HTTP face of the portal: /rest/<user>/<code>/<method> (inbound webhook),
// /rest/<method>?auth=… (OAuth), /oauth/token/, and the /_sandbox/ admin API.
import type { Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerAdminRoutes, ADMIN_PREFIX, describeInputError } from '../common/admin.ts';
import type { FaultKind, FaultRule } from '../common/faults.ts';
import { addApp, addOutgoingWebhook, adminCall, authorizationCode, setInventoryManagement, userEdit } from './admin-actions.ts';
import { batchCommands, runBatch } from './batch.ts';
import { B24Error, expiredToken, internalError, methodNotFound, noAuthFound, queryLimitExceeded } from './errors.ts';
import { tokenEndpoint } from './oauth.ts';
import { parseMultipart, parseQueryString, text, type Params } from './params.ts';
import { B24_FAULT_KINDS, type Portal } from './portal.ts';
import type { CallerAuth } from './registry.ts';
import type { SeedOptions } from './seed/seed.ts';
import { z } from 'zod';

export interface ServerOptions {
  readonly portal: Portal;
  readonly https?: { key: string; cert: string } | undefined;
  readonly admin: boolean;
  /** Called after every request that may have changed data (persistence). */
  readonly onChange?: (() => void) | undefined;
  /** How long a `timeout` fault holds a request before cutting it. */
  readonly timeoutHoldMs?: number | undefined;
  readonly bodyLimit?: number | undefined;
  /** POST /_sandbox/reset: re-seeds; by default the portal is only emptied. */
  readonly reset?: ((seed: Partial<SeedOptions>) => void) | undefined;
}

const resetBody = z
  .object({
    seed: z
      .object({
        seed: z.number().int().min(0),
        companies: z.number().int().min(0).max(1_000_000),
        contacts: z.number().int().min(0).max(1_000_000),
        products: z.number().int().min(0).max(1_000_000),
        deals: z.number().int().min(0).max(1_000_000),
      })
      .partial()
      .strict()
      .optional(),
  })
  .strict();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Holds the request unanswered until the client gives up or `ms` pass, then cuts the connection. */
function hold(socket: Socket, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function mergedParams(request: FastifyRequest): Params {
  const query = (request.query ?? {}) as Params;
  const body = request.body !== null && typeof request.body === 'object' && !Array.isArray(request.body) ? (request.body as Params) : {};
  return { ...query, ...body };
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { portal } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 50 * 1024 * 1024,
    ...(options.https ? { https: options.https } : {}),
    routerOptions: { querystringParser: (q: string) => parseQueryString(q), ignoreTrailingSlash: true, maxParamLength: 2000 },
  });

  // Requests a `timeout` fault holds; closing the sandbox cuts them instead of waiting.
  const held = new Set<Socket>();
  app.addHook('preClose', (done) => {
    for (const socket of held) socket.destroy();
    done();
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    // A portal reads what it can; a body that is not JSON simply brings no parameters.
    try {
      done(null, body === '' ? {} : JSON.parse(body as string));
    } catch {
      done(null, {});
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, parseQueryString(body as string)));
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string' }, (req, body, done) => done(null, parseMultipart(body as string, req.headers['content-type'] ?? '')));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, _body, done) => done(null, {}));

  const respond = async (request: FastifyRequest, reply: FastifyReply, run: (auth: CallerAuth, params: Params) => Record<string, unknown>, method: string, auth: () => CallerAuth, params: Params, oauth: boolean): Promise<void> => {
    // expire_tokens only means something to a call with an access token: a webhook call does not use the rule up.
    const faults = drawFaults(portal, method, params, oauth ? B24_FAULT_KINDS : B24_FAULT_KINDS.filter((k) => k !== 'expire_tokens'));
    const latency = faults.find((f) => f.kind === 'latency');
    if (latency) await sleep(latency.latencyMs ?? 1000);
    if (faults.some((f) => f.kind === 'timeout')) {
      reply.hijack();
      const socket = request.raw.socket;
      held.add(socket);
      await hold(socket, faults.find((f) => f.kind === 'timeout')?.latencyMs ?? options.timeoutHoldMs ?? 120_000);
      held.delete(socket);
      return;
    }
    if (faults.some((f) => f.kind === 'http_500')) throw internalError();
    if (faults.some((f) => f.kind === 'rate_limit')) throw queryLimitExceeded();
    // One request from the bucket per HTTP call, keyed by client IP (reference §3.1).
    if (portal.config.limits && !portal.bucket.take(request.ip)) throw queryLimitExceeded();
    const caller = auth();
    if (caller.accessToken && faults.some((f) => f.kind === 'expire_tokens')) {
      portal.expireToken(caller.accessToken);
      throw expiredToken();
    }
    const body = run(caller, params);
    if (writes(portal, method, params)) options.onChange?.();
    if (faults.some((f) => f.kind === 'drop_after_commit')) {
      // The write is applied; the answer never arrives.
      reply.hijack();
      request.raw.socket.destroy();
      return;
    }
    await reply.code(200).send(body);
  };

  const restHandler = async (request: FastifyRequest<{ Params: { '*': string } }>, reply: FastifyReply): Promise<void> => {
    const segments = request.params['*'].split('/').filter(Boolean);
    const params = mergedParams(request);
    let methodRaw: string;
    let auth: () => CallerAuth;
    if (segments.length === 3) {
      const [user, code, m] = segments as [string, string, string];
      methodRaw = m;
      auth = () => portal.authByWebhook(Number(user), code);
    } else if (segments.length === 1) {
      methodRaw = segments[0] as string;
      auth = () => {
        const token = text(params['auth']);
        if (!token) throw noAuthFound();
        return portal.authByToken(token);
      };
    } else {
      throw methodNotFound(portal.config.methodNotFoundStatus);
    }
    if (methodRaw.endsWith('.xml')) throw new B24Error(400, 'ERROR_FORMAT', 'XML output is not modelled by the sandbox; use .json or no suffix');
    const method = methodRaw.replace(/\.json$/, '').toLowerCase();
    const authConnector = params['auth_connector'] === undefined ? null : text(params['auth_connector']);
    await respond(request, reply, (caller, p) => {
      if (method === 'batch') {
        const outcome = runBatch(portal, p, caller, authConnector);
        return { result: outcome.result, time: portal.timeInfo(portal.clock.now(), 0) };
      }
      const { output, time } = portal.invoke(method, p, caller, { authConnector });
      return {
        result: output.result,
        ...(output.next !== undefined ? { next: output.next } : {}),
        ...(output.total !== undefined ? { total: output.total } : {}),
        time,
      };
    }, method, auth, params, segments.length === 1);
  };

  app.route({ method: ['GET', 'POST'], url: '/rest/*', handler: restHandler });

  const oauthToken = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const { status, body } = tokenEndpoint(portal, mergedParams(request));
    options.onChange?.();
    await reply.code(status).send(body);
  };
  app.route({ method: ['GET', 'POST'], url: '/oauth/token', handler: oauthToken });

  app.get('/oauth/authorize', async (request, reply) => {
    const params = mergedParams(request);
    const clientId = text(params['client_id']);
    const application = portal.state.apps.find((a) => a.clientId === clientId);
    if (!application) return reply.code(400).send({ error: 'invalid_client', error_description: `Unknown client_id "${clientId}"` });
    const code = authorizationCode(portal, clientId, 1);
    const query = new URLSearchParams({
      code,
      state: text(params['state']),
      domain: new URL(portal.baseUrl).host,
      member_id: portal.memberId,
      scope: application.scopes.join(','),
      server_domain: new URL(portal.baseUrl).host,
    });
    // The user consented; without a redirect URI the sandbox shows the code instead of redirecting.
    if (application.redirectUri) return reply.redirect(`${application.redirectUri}?${query.toString()}`);
    return Object.fromEntries(query);
  });

  app.setErrorHandler(async (error, _request, reply) => {
    if (error instanceof B24Error) return reply.code(error.status).send(error.body());
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send({ error: 'ERROR_REQUEST_TOO_LARGE', error_description: 'Request body is too large' });
    return reply.code(500).send(internalError().body());
  });

  if (options.admin) registerAdmin(app, portal, options.onChange, options.reset);
  return app;
}

/** Whether a call may have changed data (a write method, or a batch with one): the --data file is written then. */
function writes(portal: Portal, method: string, params: Params): boolean {
  if (method !== 'batch') return portal.method(method)?.write === true;
  try {
    return batchCommands(params).some((c) => portal.method(c.method)?.write === true);
  } catch {
    return false;
  }
}

/** Fault rules for a call; for a batch, rules of its commands' methods apply to the whole request. */
function drawFaults(portal: Portal, method: string, params: Params, kinds: readonly FaultKind[]): FaultRule[] {
  const fired = portal.faults.draw(method, kinds);
  if (method !== 'batch') return fired;
  let commands: string[];
  try {
    commands = batchCommands(params).map((c) => c.method.toLowerCase());
  } catch {
    return fired;
  }
  for (const m of new Set(commands)) {
    for (const rule of portal.faults.draw(m, kinds)) if (!fired.some((f) => f.kind === rule.kind)) fired.push(rule);
  }
  return fired;
}

function registerAdmin(app: FastifyInstance, portal: Portal, onChange?: () => void, reset?: (seed: Partial<SeedOptions>) => void): void {
  const changed = (): void => onChange?.();
  registerAdminRoutes(app, {
    faults: portal.faults,
    state: () => ({
      plan: portal.config.plan,
      limits: portal.config.limits,
      inventoryManagement: portal.state.inventoryManagement,
      counts: portal.state.counts(),
      faultsInjected: portal.faults.injected,
    }),
    reset: (body) => {
      const parsed = resetBody.safeParse(body);
      if (!parsed.success) throw new B24Error(400, 'INVALID_REQUEST', describeInputError(parsed.error));
      const { seed } = parsed.data;
      const overrides: Partial<SeedOptions> = Object.fromEntries(Object.entries(seed ?? {}).filter(([, v]) => v !== undefined));
      if (reset) reset(overrides);
      else portal.reset({ keepCredentials: true });
      changed();
    },
  });
  const guard = async <T>(reply: FastifyReply, fn: () => T): Promise<T | undefined> => {
    try {
      const out = fn();
      changed();
      return out;
    } catch (error) {
      if (error instanceof B24Error) await reply.code(error.status).send(error.body());
      else await reply.code(400).send({ error: 'INVALID_REQUEST', error_description: describeInputError(error) });
      return undefined;
    }
  };
  const body = (request: FastifyRequest): Record<string, unknown> => (request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {});
  app.post(`${ADMIN_PREFIX}/call`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => adminCall(portal, text(b['method']), (b['params'] as Record<string, unknown> | undefined) ?? {}, Number(b['userId'] ?? 1)));
  });
  app.post(`${ADMIN_PREFIX}/edit`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => userEdit(portal, text(b['entity']), Number(b['id']), (b['fields'] as Record<string, unknown> | undefined) ?? {}, Number(b['userId'] ?? 1)));
  });
  app.post(`${ADMIN_PREFIX}/apps`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => addApp(portal, { ...(Array.isArray(b['scopes']) ? { scopes: b['scopes'].map(text) } : {}), redirectUri: b['redirectUri'] === undefined ? null : text(b['redirectUri']) }));
  });
  app.post(`${ADMIN_PREFIX}/oauth/code`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => ({ code: authorizationCode(portal, text(b['clientId']), Number(b['userId'] ?? 1)) }));
  });
  app.post(`${ADMIN_PREFIX}/outgoing-webhooks`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => addOutgoingWebhook(portal, Array.isArray(b['events']) ? b['events'].map(text) : [], text(b['handler'])));
  });
  app.post(`${ADMIN_PREFIX}/inventory-management`, async (request, reply) => {
    const b = body(request);
    return guard(reply, () => {
      setInventoryManagement(portal, b['enabled'] !== false);
      return { enabled: portal.state.inventoryManagement };
    });
  });
  app.get(`${ADMIN_PREFIX}/notifications`, () => ({ notifications: [...portal.state.notifications.values()] }));
  app.get(`${ADMIN_PREFIX}/deliveries`, () => ({ deliveries: portal.events.deliveries }));
  app.get(`${ADMIN_PREFIX}/limits`, () => ({
    plan: portal.config.plan,
    enabled: portal.config.limits,
    bucketLevel: portal.bucket.level('127.0.0.1'),
  }));
}
