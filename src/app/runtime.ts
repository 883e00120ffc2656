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
import { CUSTOMER_USER_FIELDS, DEAL_USER_FIELDS, DEFAULT_FIELDS, DEFAULT_VALUE_MAPS } from '../config/defaults.ts';
import type { FieldMapEntry } from '../core/field-map-config.ts';
import type { Config } from '../config/schema.ts';
import type { ValueMap } from '../core/transforms.ts';
import { alertSecrets } from '../config/alerts-schema.ts';
import { Telemetry } from '../metrics/index.ts';
import { Engine } from '../engine/engine.ts';
import type { CrmPort, EntityKind, ErpPort, UserFieldSpec } from '../engine/ports.ts';
import { mergeFields } from '../engine/runtime.ts';
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
  /** Metrics, the API budget and what the alerts watch; fed by both clients and the engine. */
  readonly telemetry: Telemetry;
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
  redactor.add(config.server.metricsToken);
  for (const secret of alertSecrets(config.alerts)) redactor.add(secret);
  for (const t of config.server.dashboard.tokens) redactor.add(t.token);
  for (const u of config.server.dashboard.users) redactor.add(u.passwordHash);
}

export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<AppRuntime> {
  const redactor = new Redactor();
  secretsOf(config, redactor);
  const log = options.log ?? createLogger(redactor, options.logLevel ?? 'info');
  const clock = options.clock ?? systemClock;
  const telemetry = new Telemetry({ clock, redactor });
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
          onRefresh: telemetry.clients.tokenRefresh,
        }
      : { kind: 'webhook', url: config.bitrix24.webhookUrl as string },
    plan: config.bitrix24.plan,
    timeoutMs: config.bitrix24.timeoutMs,
    tls: b24Tls,
    clock,
    logger: log.child({ system: 'bitrix24' }),
    redactor,
    authConnector: config.bitrix24.authConnector,
    onRequest: telemetry.clients.b24Request,
  });

  const { pollIntervalSeconds: _poll, localCurrency, tls, ...navOptions } = config.nav;
  if (tls.insecure) log.warn({}, 'TLS certificate verification is OFF for NAV (nav.tls.insecure: true)');
  const ca = await readCa(tls.caFile);
  const nav = createNavClient({ ...navOptions, tls: { insecure: tls.insecure, ...(ca ? { ca } : {}) } }, { onCall: telemetry.clients.navCall });

  const store = await openStore(config.store.url ? { url: config.store.url } : { file: config.store.file });
  const { orders, invoices, products } = config.entities;
  const crm = createCrmPort(b24, {
    defaultRegion: config.sync.defaultRegion as CountryCode,
    priceType: products.priceType,
    orders: { stages: orders.stages, stageMoves: orders.stageMoves, fromNav: orders.fromNav },
    invoices: { stages: invoices.stages, ...(invoices.category === undefined ? {} : { category: invoices.category }) },
    logger: log.child({ port: 'crm' }),
  });
  const erp = createErpPort(nav, {
    defaultRegion: config.sync.defaultRegion as CountryCode,
    clock,
    orders: { release: orders.release, onReleased: orders.onReleased },
    // Document lines take VAT from the item's VAT Prod. Posting Group, through the same map as products.
    vatRates: { ...DEFAULT_VALUE_MAPS.products, ...(products.valueMaps as Record<string, ValueMap>) }['vatRates'] ?? { values: {}, fallback: null },
    localCurrency,
    logger: log.child({ port: 'erp' }),
  });
  const engine = new Engine({ config, store, crm, erp, clock, log, redactor, observer: telemetry.engine });
  telemetry.watch({ db: store.db, kinds: [...engine.runtimes.keys()], b24, plan: config.bitrix24.plan });
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
    telemetry,
    async close() {
      await Promise.allSettled([crm.close(), erp.close()]);
      await store.close();
    },
  };
}

/**
 * The B24 user fields the field maps write to, which b24nav creates when missing: the
 * default ones (companies, deals) with their labels, and any other `UF_CRM_…` path a
 * map names for a value that comes from NAV (a balance under a name of your own), typed
 * by its normalize kind.
 */
export function userFieldsToEnsure(engine: Engine): UserFieldSpec[] {
  const out: UserFieldSpec[] = [];
  const known: Array<[EntityKind, 'company' | 'deal', ReadonlyArray<Omit<UserFieldSpec, 'entity'>>]> = [
    ['customers', 'company', CUSTOMER_USER_FIELDS],
    ['orders', 'deal', DEAL_USER_FIELDS],
  ];
  for (const [kind, entity, defaults] of known) {
    const rt = engine.runtimes.get(kind);
    if (!rt) continue;
    const entries = mergeFields(DEFAULT_FIELDS[kind], rt.config);
    // The deal's status field is always wanted: it is where a deal shows why its order waits or was refused.
    const paths = new Set([...rt.fieldMap.sidePaths('b24'), ...(kind === 'orders' ? ['UF_CRM_B24NAV_SYNC_STATUS'] : [])]);
    out.push(...defaults.filter((f) => paths.has(f.name)).map((f) => ({ ...f, entity })));
    const named = new Set(defaults.map((f) => f.name));
    for (const e of entries) {
      const path = e.b24?.toUpperCase();
      if (!path?.startsWith('UF_CRM_') || named.has(path) || !paths.has(e.b24 as string) || e.direction === 'b24_to_nav') continue;
      out.push({ name: path, type: USER_FIELD_TYPES[e.normalize ?? 'text'] ?? 'string', label: `${e.name} (NAV)`, entity });
    }
  }
  return out;
}

const USER_FIELD_TYPES: Partial<Record<NonNullable<FieldMapEntry['normalize']>, UserFieldSpec['type']>> = { money: 'double', number: 'double', date: 'date', bool: 'boolean' };
