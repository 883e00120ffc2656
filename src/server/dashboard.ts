// The dashboard: its two pages (/ and /login), its static assets (/assets/*, plain
// ES modules and CSS, no build step), and the API routes only it needs — the active
// mapping, throughput per minute and the live event stream. Access is decided by
// the hook of auth.ts, registered before this.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../core/log.ts';
import type { Engine } from '../engine/engine.ts';
import { throughputByMinute, type Throughput } from '../store/index.ts';
import type { Access } from './auth.ts';
import { LiveHub } from './live.ts';
import { describeMapping } from './mapping.ts';
import { collectStatus } from './status.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../dashboard/public/', import.meta.url));
export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
const MAX_MINUTES = 24 * 60;
const LIVE_MINUTES = 60;

export interface DashboardDeps {
  readonly engine: Engine;
  readonly access: Access;
  readonly log: Logger;
  /** How often open dashboards get fresh numbers. */
  readonly liveIntervalMs?: number;
  /** The entity kinds the overview lists, in order. */
  readonly kinds: () => readonly string[];
}

/** The language to show by default: the first of en/ru the browser's Accept-Language ranks highest; English otherwise. */
export function preferredLanguage(header: string | undefined): Language {
  let best: { lang: Language; q: number } | undefined;
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().split(';');
    const lang = tag.trim().toLowerCase().split('-')[0];
    if (lang !== 'en' && lang !== 'ru') continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? 'en';
}

export interface ThroughputDto {
  readonly from: string;
  readonly minutes: number;
  readonly entities: Throughput['entities'];
}

async function throughput(engine: Engine, kinds: readonly string[], minutes: number): Promise<ThroughputDto> {
  const t = await throughputByMinute(engine.store.db, engine.clock.now(), minutes, kinds);
  return { from: new Date(t.from).toISOString(), minutes: t.minutes, entities: t.entities };
}

/** Registers on the root instance, so its hook sees the operator routes of other plugins too. */
export function registerDashboard(app: FastifyInstance, deps: DashboardDeps): LiveHub {
  const { engine } = deps;
  const page = (file: string): ((request: FastifyRequest, reply: FastifyReply) => FastifyReply) => {
    const html = readFileSync(`${PUBLIC_DIR}${file}`, 'utf8');
    return (request, reply) => {
      const lang = preferredLanguage(request.headers['accept-language']);
      return reply.type('text/html; charset=utf-8').send(html.replace('<html lang="en">', `<html lang="${lang}">`));
    };
  };

  app.register(fastifyStatic, { root: `${PUBLIC_DIR}assets`, prefix: '/assets/', decorateReply: false, index: false, wildcard: true });
  app.get('/', page('index.html'));
  app.get('/login', page('login.html'));

  app.get('/api/mapping', () => describeMapping(engine));

  app.get('/api/throughput', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>)['minutes'];
    const minutes = raw === undefined ? LIVE_MINUTES : Number(raw);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
      return reply.code(400).send({ error: 'BAD_REQUEST', message: `minutes: expected a whole number from 1 to ${MAX_MINUTES}` });
    }
    return throughput(engine, deps.kinds(), minutes);
  });

  const hub = new LiveHub({
    intervalMs: deps.liveIntervalMs ?? 3000,
    log: deps.log,
    snapshot: async () => {
      const [status, t] = await Promise.all([collectStatus(engine.store.db, engine.clock.now(), deps.kinds()), throughput(engine, deps.kinds(), LIVE_MINUTES)]);
      return { status, throughput: t };
    },
  });

  app.get('/api/events', (request, reply) => {
    const principal = request.principal;
    if (!principal) {
      void reply.code(401).send({ error: 'UNAUTHENTICATED', message: 'sign in first' });
      return;
    }
    reply.hijack();
    hub.attach(reply.raw, () => deps.access.stillValid(principal));
  });

  // After an operator action the dashboards refresh at once, not at the next tick.
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (request.method === 'POST' && reply.statusCode < 400 && route?.startsWith('/api/') && !route.startsWith('/api/auth/')) hub.notify(route);
    done();
  });
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  return hub;
}
