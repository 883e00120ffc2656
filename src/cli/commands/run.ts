import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import type { Logger } from '../../core/log.ts';
import { createAlerting } from '../../app/alerting.ts';
import { startOfflineIntake } from '../../app/offline-intake.ts';
import { openRuntime, userFieldsToEnsure } from '../../app/runtime.ts';
import { buildServer } from '../../server/app.ts';
import { readConfig, withConfigOption } from '../config-option.ts';
import { intOption, untilSignal } from '../options.ts';

export function registerRunCommand(program: Command): void {
  withConfigOption(program.command('run'))
    .description('run the service: event endpoint, scheduler and workers, until SIGTERM')
    .option('--workers <n>', 'worker loops', intOption('--workers', 1, 64), 2)
    .action(async (opts: { config: string; workers: number }) => {
      const config = await readConfig(opts.config);
      const app = await openRuntime(config);
      const alerts = createAlerting(app);
      const server = buildServer({
        engine: app.engine,
        log: app.log,
        redactor: app.redactor,
        applicationTokens: config.bitrix24.applicationToken ? [config.bitrix24.applicationToken] : [],
        bodyLimit: config.server.bodyLimitBytes,
        telemetry: app.telemetry,
        alerts,
      });
      let stopIntake: (() => void) | undefined;
      try {
        await untilDone(() => app.crm.ensureUserFields(userFieldsToEnsure(app.engine)), app.log);
        await server.listen({ host: config.server.host, port: config.server.port });
        await app.engine.start({ workers: opts.workers });
        alerts?.start();
        if (config.bitrix24.offlineEvents) {
          if (!config.bitrix24.oauth) throw new Error('bitrix24.offlineEvents needs an OAuth application (bitrix24.oauth); an inbound webhook cannot read the offline queue');
          stopIntake = await startOfflineIntake(app.b24, app.engine, config.bitrix24.authConnector, app.log);
        }
        app.log.info({ url: `http://${config.server.host}:${config.server.port}` }, 'b24nav running');
        const signal = await untilSignal();
        app.log.info({ signal }, 'stopping');
      } finally {
        stopIntake?.();
        await alerts?.stop();
        await server.close();
        await app.engine.stop();
        await app.close();
      }
    });
}

/**
 * The user fields are made before the workers start; a Bitrix24 that fails now and then
 * (a 500, a timeout, a lost answer, the limit) must not end the service at start — found
 * by the fault suite. Safe to repeat: it lists the fields before adding the missing ones,
 * so a field whose add answer was lost is found on the next try. A permanent error ends it.
 */
async function untilDone(step: () => Promise<unknown>, log: Logger, attempts = 8): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await step();
      return;
    } catch (error) {
      if (!(error instanceof SyncError) || error.kind === 'permanent' || attempt >= attempts) throw error;
      const waitMs = Math.max(error.retryAfterMs ?? 0, Math.min(30_000, 500 * 2 ** attempt));
      log.warn({ code: error.code, attempt, waitMs }, 'preparing the Bitrix24 user fields failed; trying again');
      await systemClock.sleep(waitMs);
    }
  }
}
