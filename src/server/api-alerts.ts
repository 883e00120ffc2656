// GET /api/alerts: the alerts firing now, with their facts (for the dashboard),
// and which channels carry them.
import type { FastifyInstance } from 'fastify';
import type { AlertService } from '../alerts/index.ts';

export function registerAlertsApi(app: FastifyInstance, options: { readonly alerts: AlertService | undefined }): void {
  app.get('/api/alerts', () => {
    const alerts = options.alerts;
    if (!alerts) return { enabled: false, channels: [], firing: [] };
    return {
      enabled: true,
      channels: alerts.channels,
      firing: alerts.firing().map((f) => ({
        key: f.alert.key,
        rule: f.alert.rule,
        subject: f.alert.subject,
        severity: f.alert.severity,
        since: new Date(f.since).toISOString(),
        facts: f.alert.facts,
      })),
    };
  });
}
