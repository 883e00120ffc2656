// The HTTP server of `b24nav run`: the Bitrix24 event endpoint, health, status,
// and the dashboard with its API behind the access hook of auth.ts.
// The event handler verifies, records, enqueues and answers — nothing more
// (STYLE "shapes to avoid"): no API call and no mapping happens in the request.
import Fastify, { type FastifyInstance } from 'fastify';
import qs from 'qs';
import type { AlertService } from '../alerts/index.ts';
import type { Logger } from '../core/log.ts';
import type { Redactor } from '../core/redact.ts';
import type { Engine } from '../engine/engine.ts';
import type { Telemetry } from '../metrics/index.ts';
import type { DashboardConfig } from './access/config.ts';
import { registerAlertsApi } from './api-alerts.ts';
import { registerBudget } from './api-budget.ts';
import { registerOpsApi } from './api-ops.ts';
import { tokenMatches } from './access/compare.ts';
import { registerAccess } from './auth.ts';
import { eventTarget } from './b24-events.ts';
import { registerDashboard } from './dashboard.ts';
import { registerMetrics, storeTelemetry } from './metrics.ts';
import { collectStatus } from './status.ts';

export interface ServerDeps {
  readonly engine: Engine;
  readonly log: Logger;
  readonly redactor: Redactor;
  /** Token(s) an event must carry in auth[application_token]; none = events are refused. */
  readonly applicationTokens: readonly string[];
  readonly bodyLimit: number;
  /** Who may use the dashboard and /api; the config's server.dashboard when not given. */
  readonly access?: DashboardConfig;
  /** How often open dashboards get fresh numbers (default 3 s). */
  readonly liveIntervalMs?: number;
  /** The runtime's telemetry (/metrics, /api/budget); without it, one over the engine's store. */
  readonly telemetry?: Telemetry;
  /** The alert loop, for /api/alerts. */
  readonly alerts?: AlertService | undefined;
}

export function syncedKinds(engine: Engine): string[] {
  return [...engine.runtimes.keys(), ...(engine.config.entities.stock.enabled ? ['stock'] : [])];
}

// The event token is compared like every other secret: hashed, then timingSafeEqual (no branch on its length).
export { tokenMatches };

export function buildServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: deps.bodyLimit });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, qs.parse(body as string, { depth: 5, arrayLimit: 100, parameterLimit: 1000 }));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // First, so that every route registered after — here or in a plugin — gets the access hook.
  const access = registerAccess(app, { config: deps.access ?? deps.engine.config.server.dashboard, log: deps.log, clock: deps.engine.clock });
  registerDashboard(app, { engine: deps.engine, access, log: deps.log, kinds: () => syncedKinds(deps.engine), ...(deps.liveIntervalMs ? { liveIntervalMs: deps.liveIntervalMs } : {}) });
  const telemetry = deps.telemetry ?? storeTelemetry(deps.engine, deps.redactor);
  registerMetrics(app, { telemetry, token: deps.engine.config.server.metricsToken });
  registerBudget(app, { telemetry });
  registerAlertsApi(app, { alerts: deps.alerts });
  registerOpsApi(app, { engine: deps.engine });

  app.post('/webhooks/bitrix24', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      return reply.code(400).send({ error: 'BAD_EVENT', message: 'expected a form-encoded Bitrix24 event (event, data[FIELDS][ID], auth[application_token])' });
    }
    const b = body as Record<string, unknown>;
    const auth = (b['auth'] ?? {}) as Record<string, unknown>;
    const token = typeof auth['application_token'] === 'string' ? auth['application_token'] : '';
    if (!token || !deps.applicationTokens.some((t) => tokenMatches(token, t))) {
      deps.log.warn({ ip: request.ip }, 'Bitrix24 event refused: wrong or missing application_token');
      return reply.code(401).send({ error: 'BAD_TOKEN', message: 'auth[application_token] does not match bitrix24.applicationToken in the config' });
    }
    const event = typeof b['event'] === 'string' ? b['event'] : '';
    const data = (b['data'] ?? {}) as Record<string, unknown>;
    const fields = (data['FIELDS'] ?? {}) as Record<string, unknown>;
    const target = eventTarget(event, fields);
    switch (target.kind) {
      case 'record':
        if (!deps.engine.runtimes.has(target.entity)) return reply.code(202).send({ ok: true, ignored: `${target.entity} are not synced` });
        await deps.engine.enqueueEvent(target.entity, target.id);
        return reply.code(202).send({ ok: true });
      case 'scan':
        deps.engine.scanSoon(target.entity, 'b24');
        return reply.code(202).send({ ok: true });
      case 'ignore':
        return reply.code(202).send({ ok: true, ignored: target.reason });
    }
  });

  app.get('/healthz', async () => {
    await deps.engine.store.db.selectFrom('cursors').select('name').limit(1).execute();
    return { ok: true };
  });

  app.get('/api/status', async () => collectStatus(deps.engine.store.db, deps.engine.clock.now(), syncedKinds(deps.engine)));

  app.setErrorHandler(async (error, _request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return reply.code(413).send({ error: 'TOO_LARGE', message: `request body above ${deps.bodyLimit} bytes (server.bodyLimitBytes)` });
    if (status >= 400 && status < 500) return reply.code(status).send({ error: 'BAD_REQUEST', message: deps.redactor.text((error as Error).message) });
    deps.log.error({ err: deps.redactor.text(String(error)) }, 'request failed');
    return reply.code(500).send({ error: 'INTERNAL', message: 'internal error; see the service log' });
  });
  return app;
}
