// Everything `b24nav sync/run/check/demo` needs, built from the config: logger and
// redactor, store, both clients, both ports and the engine. The only place that
// knows all the modules; each of them gets what it needs passed in.
import { readFile } from 'node:fs/promises';
import { B24Client, createCrmPort } from '../connectors/bitrix24/index.ts';
import { createErpPort, createNavClient, type NavClient } from '../connectors/nav/index.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { CountryCode } from '../core/phone.ts';
import { Redactor } from '../core/redact.ts';
import { CUSTOMER_USER_FIELDS } from '../config/defaults.ts';
import type { Config } from '../config/schema.ts';
import { Engine } from '../engine/engine.ts';
import type { CrmPort, ErpPort } from '../engine/ports.ts';
import { openStore, type Store } from '../store/index.ts';
import { createLogger } from './logger.ts';
import { readTokens, writeTokens } from './tokens-file.ts';

export interface AppRuntime {
  readonly config: Config;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly store: Store;
  readonly b24: B24Client;
  readonly nav: NavClient;
  readonly crm: CrmPort;
  readonly erp: ErpPort;
  readonly engine: Engine;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  readonly clock?: Clock;
  readonly logLevel?: string;
  readonly log?: Logger;
}

/** Registers every secret of the config with the redactor before anything can log it. */
export function secretsOf(config: Config, redactor: Redactor): void {
  if (config.bitrix24.webhookUrl) {
    const code = new URL(config.bitrix24.webhookUrl).pathname.split('/')[3];
    redactor.add(code);
  }
  redactor.add(config.bitrix24.oauth?.clientSecret);
  redactor.add(config.bitrix24.applicationToken);
  if (config.nav.auth.mode !== 'none') redactor.add(config.nav.auth.password);
  if (config.store.url) redactor.add(new URL(config.store.url).password || undefined);
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<AppRuntime> {
  const redactor = new Redactor();
  secretsOf(config, redactor);
  const log = options.log ?? createLogger(redactor, options.logLevel ?? 'info');
  const clock = options.clock ?? systemClock;
  const readCa = async (file: string | undefined): Promise<string | undefined> => (file ? readFile(file, 'utf8') : undefined);

  const b24Tls = { ca: await readCa(config.bitrix24.tls.caFile), insecure: config.bitrix24.tls.insecure };
  if (b24Tls.insecure) log.warn({}, 'TLS certificate verification is OFF for Bitrix24 (bitrix24.tls.insecure: true)');
  const oauth = config.bitrix24.oauth;
  const b24 = new B24Client({
    credentials: oauth
      ? {
          kind: 'oauth',
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          tokens: await readTokens(oauth.tokensFile),
          onTokens: (tokens) => writeTokens(oauth.tokensFile, tokens),
        }
      : { kind: 'webhook', url: config.bitrix24.webhookUrl as string },
    plan: config.bitrix24.plan,
    timeoutMs: config.bitrix24.timeoutMs,
    tls: b24Tls,
    clock,
    logger: log.child({ system: 'bitrix24' }),
    redactor,
    authConnector: config.bitrix24.authConnector,
  });

  const { pollIntervalSeconds: _poll, tls, ...navOptions } = config.nav;
  if (tls.insecure) log.warn({}, 'TLS certificate verification is OFF for NAV (nav.tls.insecure: true)');
  const ca = await readCa(tls.caFile);
  const nav = createNavClient({ ...navOptions, tls: { insecure: tls.insecure, ...(ca ? { ca } : {}) } });

  const store = await openStore(config.store.url ? { url: config.store.url } : { file: config.store.file });
  const crm = createCrmPort(b24, {
    defaultRegion: config.sync.defaultRegion as CountryCode,
    priceType: config.entities.products.priceType,
    logger: log.child({ port: 'crm' }),
  });
  const erp = createErpPort(nav, { defaultRegion: config.sync.defaultRegion as CountryCode, clock, logger: log.child({ port: 'erp' }) });
  const engine = new Engine({ config, store, crm, erp, clock, log, redactor });
  return {
    config,
    log,
    redactor,
    store,
    b24,
    nav,
    crm,
    erp,
    engine,
    async close() {
      await Promise.allSettled([crm.close(), erp.close()]);
      await store.close();
    },
  };
}

/** The B24 user fields the field maps write to that b24nav knows how to create. */
export function userFieldsToEnsure(engine: Engine): Array<(typeof CUSTOMER_USER_FIELDS)[number]> {
  const customers = engine.runtimes.get('customers');
  if (!customers) return [];
  const paths = new Set(customers.fieldMap.sidePaths('b24'));
  return CUSTOMER_USER_FIELDS.filter((f) => paths.has(f.name));
}
