// The alert loop of `b24nav run` and `b24nav demo`, wired from the runtime: the
// rules read the store and the telemetry, Bitrix24 notifications go through the
// service's own client, and the probes are the cheapest call of each system.
import { AlertService, createChannels } from '../alerts/index.ts';
import type { AppRuntime } from './runtime.ts';

/** The alert loop (call start() once the engine runs); undefined when alerts.enabled is false. */
export function createAlerting(app: AppRuntime): AlertService | undefined {
  const cfg = app.config.alerts;
  if (!cfg.enabled) return undefined;
  const service = new AlertService({
    config: cfg,
    db: app.store.db,
    watch: app.telemetry,
    clock: app.telemetry.clock,
    log: app.log,
    redactor: app.redactor,
    channels: createChannels(cfg.channels, app.b24),
    probes: {
      // `profile` needs no scope; SystemService.Companies is what `b24nav check` calls first.
      bitrix24: () => app.b24.call('profile'),
      nav: () => app.nav.companies(),
    },
    registry: app.telemetry.registry,
  });
  const channels = service.channels;
  app.log.info({ channels: channels.length > 0 ? channels : ['log only'], everySeconds: cfg.evaluateEverySeconds }, 'alerts on');
  return service;
}
