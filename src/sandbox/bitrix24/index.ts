// The Bitrix24 sandbox: a simulated cloud portal over HTTP(S). See docs/sandbox.md.
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '../../core/clock.ts';
import { ensureSelfSignedCert } from '../common/tls.ts';
import { createApp } from './oauth.ts';
import { allMethods } from './methods.ts';
import { Persister } from './persistence.ts';
import { Portal } from './portal.ts';
import { ALL_SCOPES } from './registry.ts';
import { DEFAULT_SEED, seedPortal, type SeedOptions } from './seed/seed.ts';
import { buildServer } from './server.ts';
import type { OperatingRecovery, OperatingScope } from './limits.ts';
import type { App } from './state.ts';

export { Portal } from './portal.ts';
export * as b24Admin from './admin-actions.ts';

/**
 * The inbound webhook's code when none is given: fixed, so that `b24nav init --sandbox`
 * can write a config for a sandbox started with its default options. A sandbox is a
 * local test portal; pass --webhook-code for anything else.
 */
export const DEFAULT_WEBHOOK_CODE = 'b24navsandbox1';

export interface B24SandboxOptions {
  readonly host?: string;
  /** 3101 by default; 0 picks a free port (tests). */
  readonly port?: number;
  readonly plan?: 'standard' | 'enterprise';
  readonly tls?: boolean;
  /** Where --tls keeps its self-signed certificate (default ./data/tls). */
  readonly tlsDir?: string;
  /** The inbound webhook's code; random when not given. */
  readonly webhookCode?: string;
  readonly webhookUserId?: number;
  readonly seed?: Partial<SeedOptions>;
  /** Persist state to this JSON file and reload it at start. */
  readonly data?: string;
  /** false switches off the request bucket and the operating limit (fast unit tests). */
  readonly limits?: boolean;
  readonly clock?: Clock;
  /** Simulated server seconds per method (`crm.company.add`, `crm.*.list`, …). */
  readonly costs?: Readonly<Record<string, number>>;
  readonly operatingLimitSeconds?: number;
  /** Operating time per application/webhook (`app`, default) or for the whole portal — UNCONFIRMED, see limits.ts. */
  readonly operatingScope?: OperatingScope;
  /** Rolling recovery as minute buckets expire (default) or a 10-minute block — UNCONFIRMED, see limits.ts. */
  readonly operatingRecovery?: OperatingRecovery;
  /** The /_sandbox/ admin API; on by default, never needed in production paths. */
  readonly admin?: boolean;
  /** Portal time zone, minutes east of UTC (default 180, Moscow). */
  readonly offsetMinutes?: number;
  /** A fixed OAuth application (client id and secret); one is created otherwise. */
  readonly app?: { readonly clientId: string; readonly clientSecret: string; readonly redirectUri?: string };
  readonly faultSeed?: number;
  readonly timeoutHoldMs?: number;
  /** Accept a refresh token again after it was exchanged (single use is UNCONFIRMED; false by default). */
  readonly refreshTokenReuse?: boolean;
  /** ERROR_METHOD_NOT_FOUND's HTTP status (404 by default; the SDK docs say 400 — UNCONFIRMED). */
  readonly methodNotFoundStatus?: 404 | 400;
  /** event.offline.* only for portal administrators (default) — the method pages say any user (UNCONFIRMED). */
  readonly offlineEventsAdminOnly?: boolean;
  /** Event handler response timeout (5000 ms; not documented, UNCONFIRMED). */
  readonly handlerTimeoutMs?: number;
  readonly accessTokenTtlMs?: number;
}

export interface RunningB24Sandbox {
  /** `http(s)://host:port` */
  readonly url: string;
  /** The inbound webhook base: `<url>/rest/<user>/<code>/` */
  readonly webhookUrl: string;
  readonly webhookCode: string;
  readonly app: App;
  readonly certPath: string | undefined;
  readonly portal: Portal;
  /**
   * Back to freshly seeded data (`overrides` change the seed sizes, e.g. `{ companies: 0 }`):
   * data, event bindings, the offline queue, outgoing webhooks, limits and fault rules are
   * cleared; the inbound webhook, OAuth apps and their tokens keep working.
   */
  reset(overrides?: Partial<SeedOptions>): void;
  /** Data file written on changes, if --data was given. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startB24Sandbox(options: B24SandboxOptions = {}): Promise<RunningB24Sandbox> {
  const portal = new Portal({
    clock: options.clock ?? systemClock,
    plan: options.plan ?? 'standard',
    limits: options.limits ?? true,
    offsetMinutes: options.offsetMinutes ?? 180,
    domain: options.host ?? '127.0.0.1',
    costs: options.costs ?? {},
    operatingLimitSeconds: options.operatingLimitSeconds ?? 480,
    operatingScope: options.operatingScope ?? 'app',
    operatingRecovery: options.operatingRecovery ?? 'rolling',
    accessTokenTtlMs: options.accessTokenTtlMs ?? 3600_000,
    refreshTokenTtlMs: 180 * 24 * 3600_000,
    authCodeTtlMs: 30_000,
    refreshTokenReuse: options.refreshTokenReuse ?? false,
    methodNotFoundStatus: options.methodNotFoundStatus ?? 404,
    offlineEventsAdminOnly: options.offlineEventsAdminOnly ?? true,
    handlerTimeoutMs: options.handlerTimeoutMs ?? 5000,
    faultSeed: options.faultSeed ?? 1,
  });
  portal.registerMethods(allMethods());

  const seed: SeedOptions = { ...DEFAULT_SEED, ...options.seed };
  const persister = options.data ? new Persister(portal, options.data) : undefined;
  const loaded = persister ? await persister.load() : false;
  if (!loaded) seedPortal(portal, seed);

  const userId = options.webhookUserId ?? 1;
  const wantedCode = options.webhookCode ?? portal.state.webhooks.find((w) => w.userId === userId)?.code ?? DEFAULT_WEBHOOK_CODE;
  if (!/^[A-Za-z0-9]{4,64}$/.test(wantedCode)) throw new Error(`--webhook-code must be 4 to 64 letters or digits, got "${wantedCode}"`);
  let hook = portal.state.webhooks.find((w) => w.userId === userId && w.code === wantedCode);
  if (!hook) {
    hook = { id: portal.state.webhooks.allocateId(), userId, code: wantedCode, scopes: [...ALL_SCOPES], title: 'b24nav' };
    portal.state.webhooks.put(hook);
  }
  let app = options.app ? portal.state.apps.find((a) => a.clientId === options.app?.clientId) : portal.state.apps.find(() => true);
  if (!app) {
    app = createApp(portal, options.app ? { clientId: options.app.clientId, clientSecret: options.app.clientSecret, redirectUri: options.app.redirectUri ?? null } : {});
  }

  /** Back to freshly seeded data; the webhook, the apps and their tokens keep working. */
  const reset = (overrides: Partial<SeedOptions> = {}): void => {
    portal.reset({ keepCredentials: true });
    seedPortal(portal, { ...seed, ...overrides });
    persister?.changed();
  };

  const tls = options.tls ? await ensureSelfSignedCert(options.tlsDir ?? 'data/tls', 'b24-sandbox', options.host ? [options.host] : []) : undefined;
  const server = buildServer({
    portal,
    https: tls ? { key: tls.key, cert: tls.cert } : undefined,
    admin: options.admin ?? true,
    onChange: persister ? () => persister.changed() : undefined,
    timeoutHoldMs: options.timeoutHoldMs,
    reset,
  });
  await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 3101 });
  const address = server.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${tls ? 'https' : 'http'}://${host}:${address.port}`;
  portal.baseUrl = url;
  if (persister) await persister.flush();

  return {
    url,
    webhookUrl: `${url}/rest/${userId}/${hook.code}/`,
    webhookCode: hook.code,
    app,
    certPath: tls?.certPath,
    portal,
    reset,
    flush: () => persister?.flush() ?? Promise.resolve(),
    async close() {
      await server.close();
      await portal.events.settle();
      await persister?.flush();
    },
  };
}
