// The NAV sandbox's admin API under /_sandbox/ (off the NAV paths): the shared
// faults/state/reset routes plus what NAV users do (post-order, receive-payment,
// adjust-inventory, post-credit-memo, edit, delete).
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z, ZodError } from 'zod';
import { ADMIN_PREFIX, describeInputError, registerAdminRoutes } from '../common/admin.ts';
import type { FaultInjector } from '../common/faults.ts';
import { NavError } from './errors.ts';
import type { NavState } from './state.ts';
import type { UserActions } from './user-actions.ts';

export const resetInput = z
  .object({
    seed: z.number().int().min(0).optional(),
    customers: z.number().int().min(0).max(1_000_000).optional(),
    items: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export type ResetInput = z.input<typeof resetInput>;

export interface StateSummary {
  readonly today: string;
  readonly seed: { readonly seed: number; readonly customers: number; readonly items: number };
  readonly companies: ReadonlyArray<{ readonly name: string; readonly records: Readonly<Record<string, number>>; readonly series: Readonly<Record<string, string>> }>;
}

export function summarize(state: NavState): StateSummary {
  return {
    today: state.today(),
    seed: state.seed,
    companies: [...state.companies.values()].map((company) => {
      const ctx = state.context(company);
      const records: Record<string, number> = {};
      for (const binding of state.bindings) records[binding.service] = state.engine(company, binding).list({ limit: Number.POSITIVE_INFINITY }, ctx).length;
      return { name: company.name, records, series: Object.fromEntries([...company.series.values()].map((s) => [s.code, s.lastNoUsed])) };
    }),
  };
}

export function registerNavAdminRoutes(app: FastifyInstance, state: NavState, faults: FaultInjector, actions: UserActions, reset: (input: ResetInput) => void): void {
  registerAdminRoutes(app, {
    faults,
    state: () => ({ ...summarize(state), faults: { rules: faults.list(), injected: faults.injected } }),
    reset: (body) => reset(resetInput.parse(body ?? {})),
  });
  const action = (name: string, run: (body: unknown) => unknown): void => {
    app.post(`${ADMIN_PREFIX}/${name}`, async (request, reply) => answer(reply, () => run(request.body ?? {})));
  };
  action('post-order', (body) => actions.postOrder(body as never));
  action('receive-payment', (body) => actions.receivePayment(body as never));
  action('adjust-inventory', (body) => actions.adjustInventory(body as never));
  action('post-credit-memo', (body) => actions.postCreditMemo(body as never));
  action('edit', (body) => actions.edit(body as never));
  action('delete', (body) => {
    actions.delete(body as never);
    return { ok: true };
  });
}

async function answer(reply: FastifyReply, run: () => unknown): Promise<unknown> {
  try {
    return run();
  } catch (error) {
    if (error instanceof ZodError) return reply.code(400).send({ error: 'INVALID_INPUT', error_description: describeInputError(error) });
    if (error instanceof NavError) return reply.code(400).send({ error: error.faultClass, error_description: error.message });
    throw error;
  }
}
