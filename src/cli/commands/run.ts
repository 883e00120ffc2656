import type { Command } from 'commander';
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
        await app.crm.ensureUserFields(userFieldsToEnsure(app.engine));
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
