// GET /api/budget: how much of the two systems' capacity b24nav uses — the
// Bitrix24 request bucket and operating time per method, request counts and limit
// hits; NAV calls, errors and latency over a recent window (docs/api contract).
import type { FastifyInstance } from 'fastify';
import type { Telemetry } from '../metrics/index.ts';

export function registerBudget(app: FastifyInstance, options: { readonly telemetry: Telemetry }): void {
  app.get('/api/budget', () => options.telemetry.budget());
}
