// The operator routes the dashboard calls (issue 7: dead letters with retry/drop,
// conflicts with a per-field choice, a record's history, runs). Each is a thin shell
// over src/ops — the same functions `b24nav dlq|conflicts|history` use — that checks
// its input and answers `{ error, message }` with the action's status when refused.
// Who may call what is decided by the access hook of auth.ts (viewers read, admins
// change, with the session's CSRF token or a bearer token).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../engine/engine.ts';
import { getConflictDetail, listConflictSummaries, resolveByOperator } from '../ops/conflicts.ts';
import { entityFilter, sideName, type OpsContext } from '../ops/context.ts';
import { parseId, parseSince } from '../ops/dates.ts';
import { dropDeadLetters, getDeadLetter, listDeadLetters, retryDeadLetters, type DeadLetterFilter } from '../ops/dead-letters.ts';
import { isOpsError, OpsError } from '../ops/errors.ts';
import { recordHistory } from '../ops/history.ts';
import { listRunSummaries } from '../ops/runs.ts';

export interface OpsApiDeps {
  readonly engine: Engine;
}

const MAX_LIMIT = 1000;

type Query = Readonly<Record<string, unknown>>;

/** A query parameter as one string, or undefined; a repeated one is refused. */
function param(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new OpsError('BAD_INPUT', `${name}: give it once, as text`);
  return value;
}

function intParam(query: Query, name: string, fallback: number): number {
  const text = param(query, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) throw new OpsError('BAD_INPUT', `${name}: expected a whole number from 1 to ${MAX_LIMIT}, got "${text}"`);
  return n;
}

function idParam(request: FastifyRequest, what: string): number {
  return parseId((request.params as Record<string, string | undefined>)['id'] ?? '', what);
}

/** Who acts, as written in the history: the signed-in user or token name. */
function actor(request: FastifyRequest): string {
  return request.principal ? `${request.principal.name} (dashboard)` : 'dashboard';
}

export function registerOpsApi(app: FastifyInstance, deps: OpsApiDeps): void {
  const { engine } = deps;
  const ctx: OpsContext = { db: engine.store.db, config: engine.config, clock: engine.clock, redactor: engine.redactor };

  // Refusals of the ops layer answer with their own status and code; anything else is the server's error handler's.
  const handle =
    <T>(fn: (request: FastifyRequest) => Promise<T>) =>
    async (request: FastifyRequest, reply: FastifyReply): Promise<T | FastifyReply> => {
      try {
        return await fn(request);
      } catch (error) {
        if (isOpsError(error)) return reply.code(error.status).send({ error: error.code, message: engine.redactor.text(error.message) });
        throw error;
      }
    };

  app.get(
    '/api/dead-letters',
    handle(async (request) => {
      const q = request.query as Query;
      const entity = param(q, 'entity');
      const side = param(q, 'side');
      const since = param(q, 'since');
      const after = param(q, 'after');
      const filter: DeadLetterFilter = {
        entity: entity === undefined ? undefined : entityFilter(entity),
        side: side === undefined ? undefined : sideName(side),
        code: param(q, 'code'),
        since: since === undefined ? undefined : parseSince(since, engine.clock.now(), 'since'),
      };
      const items = await listDeadLetters(ctx, filter, { limit: intParam(q, 'limit', 200), after: after === undefined ? undefined : parseId(after, 'after') });
      return { items };
    }),
  );

  app.post(
    '/api/dead-letters/:id/retry',
    handle(async (request) => {
      const id = idParam(request, 'the dead letter id');
      await getDeadLetter(ctx, id, 1);
      const result = await retryDeadLetters(ctx, { ids: [id] }, actor(request));
      if (result.ids.length === 0) throw new OpsError('NOT_FOUND', `no dead letter ${id} (retried or dropped meanwhile)`);
      return { ok: true, id, retried: result.retried, superseded: result.superseded };
    }),
  );

  app.post(
    '/api/dead-letters/:id/drop',
    handle(async (request) => {
      const id = idParam(request, 'the dead letter id');
      await getDeadLetter(ctx, id, 1);
      const result = await dropDeadLetters(ctx, { ids: [id] }, actor(request));
      if (result.dropped === 0) throw new OpsError('NOT_FOUND', `no dead letter ${id} (retried or dropped meanwhile)`);
      return { ok: true, id, dropped: result.dropped };
    }),
  );

  app.get(
    '/api/conflicts',
    handle(async (request) => {
      const q = request.query as Query;
      const state = param(q, 'state') ?? 'open';
      if (state !== 'open' && state !== 'resolved' && state !== 'all') throw new OpsError('BAD_INPUT', `state: expected open, resolved or all, got "${state}"`);
      const entity = param(q, 'entity');
      const after = param(q, 'after');
      const items = await listConflictSummaries(ctx, {
        state: state === 'all' ? undefined : state,
        entity: entity === undefined ? undefined : entityFilter(entity),
        limit: intParam(q, 'limit', 200),
        after: after === undefined ? undefined : parseId(after, 'after'),
      });
      return { items };
    }),
  );

  app.get(
    '/api/conflicts/:id',
    handle(async (request) => ({ conflict: await getConflictDetail(ctx, idParam(request, 'the conflict id')) })),
  );

  app.post(
    '/api/conflicts/:id/resolve',
    handle(async (request) => {
      const id = idParam(request, 'the conflict id');
      const body = request.body;
      const choices = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)['choices'] : undefined;
      if (choices === null || typeof choices !== 'object' || Array.isArray(choices)) {
        throw new OpsError('BAD_INPUT', 'send {"choices": {"<field>": "b24" | "nav", …}} with a side for every field of the conflict');
      }
      return resolveByOperator(ctx, id, choices as Record<string, unknown>, actor(request));
    }),
  );

  app.get(
    '/api/history/:entity/:side/:id',
    handle(async (request) => {
      const p = request.params as Record<string, string>;
      const id = p['id'] ?? '';
      if (id.trim() === '') throw new OpsError('BAD_INPUT', 'the record id is empty');
      return recordHistory(ctx, entityFilter(p['entity'] ?? ''), sideName(p['side'] ?? ''), id, intParam(request.query as Query, 'limit', 50));
    }),
  );

  app.get(
    '/api/runs',
    handle(async (request) => {
      const q = request.query as Query;
      const before = param(q, 'before');
      const kind = param(q, 'kind');
      return { runs: await listRunSummaries(ctx, { limit: intParam(q, 'limit', 50), before: before === undefined ? undefined : parseId(before, 'before'), kind }) };
    }),
  );
}
