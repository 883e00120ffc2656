// The sandboxes' admin API under /_sandbox/ (never a path of the real systems):
// faults, state and reset. Each sandbox adds its own user actions next to these.
import type { FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import type { FaultInjector } from './faults.ts';

export interface AdminHooks {
  readonly faults: FaultInjector;
  state(): unknown;
  reset(body: unknown): Promise<void> | void;
}

export const ADMIN_PREFIX = '/_sandbox';

export function registerAdminRoutes(app: FastifyInstance, hooks: AdminHooks): void {
  app.get(`${ADMIN_PREFIX}/faults`, () => ({ rules: hooks.faults.list(), injected: hooks.faults.injected }));
  app.post(`${ADMIN_PREFIX}/faults`, async (request, reply) => {
    const body = request.body;
    const inputs: unknown[] = Array.isArray(body) ? body : [body];
    try {
      const rules = inputs.map((input) => hooks.faults.add(input as never));
      return { rules };
    } catch (error) {
      return reply.code(400).send({ error: 'INVALID_FAULT', error_description: describeInputError(error) });
    }
  });
  app.delete(`${ADMIN_PREFIX}/faults`, () => {
    hooks.faults.clear();
    return { ok: true };
  });
  app.delete<{ Params: { id: string } }>(`${ADMIN_PREFIX}/faults/:id`, async (request, reply) => {
    if (!hooks.faults.remove(request.params.id)) return reply.code(404).send({ error: 'NOT_FOUND', error_description: `no fault rule ${request.params.id}` });
    return { ok: true };
  });
  app.get(`${ADMIN_PREFIX}/state`, () => hooks.state());
  app.post(`${ADMIN_PREFIX}/reset`, async (request) => {
    await hooks.reset(request.body ?? {});
    return { ok: true };
  });
}

/** "rate: Number must be less than or equal to 1"-style text for a bad admin request. */
export function describeInputError(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
