// GET /metrics: the service's telemetry in the Prometheus text format. Open when
// server.metricsToken is not set (the demo, a scraper on the same host), else it
// wants `Authorization: Bearer <token>`, compared in constant time. The dashboard's
// access hook leaves this route to its own rule.
import type { FastifyInstance } from 'fastify';
import type { Redactor } from '../core/redact.ts';
import type { Engine } from '../engine/engine.ts';
import { Telemetry } from '../metrics/index.ts';
import { tokenMatches } from './access/compare.ts';

/** A server built without the runtime's telemetry (tests, tools) still shows the queue from the engine's store. */
export function storeTelemetry(engine: Engine, redactor: Redactor): Telemetry {
  const telemetry = new Telemetry({ clock: engine.clock, redactor, processMetrics: false });
  telemetry.watch({ db: engine.store.db, kinds: [...engine.runtimes.keys()] });
  return telemetry;
}

export interface MetricsRouteOptions {
  readonly telemetry: Telemetry;
  /** server.metricsToken; undefined = open. */
  readonly token: string | undefined;
}

export function registerMetrics(app: FastifyInstance, options: MetricsRouteOptions): void {
  const expected = options.token;
  app.get('/metrics', async (request, reply) => {
    if (expected !== undefined) {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
      if (!match || !tokenMatches(match[1] as string, expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="b24nav metrics"')
          .send({ error: 'BAD_TOKEN', message: 'GET /metrics needs the header Authorization: Bearer <server.metricsToken>' });
      }
    }
    const text = await options.telemetry.metrics();
    return reply.type(options.telemetry.contentType).send(text);
  });
}
