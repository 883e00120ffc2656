// How calls are authorized (reference §1): an inbound webhook URL (the code in
// the path is the only credential) or OAuth 2.0 tokens passed as `auth`, refreshed
// on `expired_token` — once for all calls waiting at that moment — with the new
// pair (a new refresh token each time) handed to a persistence callback.
import type { Clock } from '../../core/clock.ts';
import { SyncError } from '../../core/failure.ts';
import type { Redactor } from '../../core/redact.ts';

export interface WebhookCredentials {
  readonly kind: 'webhook';
  /** `https://portal.bitrix24.ru/rest/1/abcdef123/` */
  readonly url: string;
}

export interface OAuthTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch ms when the access token expires. */
  readonly expiresAt: number;
  /** `https://portal.bitrix24.ru/rest/` — where methods are called. */
  readonly clientEndpoint: string;
  /** `https://oauth.bitrix.info/rest/` — never hard-code the OAuth host (reference §1.2). */
  readonly serverEndpoint: string;
}

export interface OAuthCredentials {
  readonly kind: 'oauth';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokens: OAuthTokens;
  /** Called with every new token pair; store it, the old refresh token is spent. */
  readonly onTokens?: (tokens: OAuthTokens) => void | Promise<void>;
  /** Told how each refresh ended (metrics, alerts); never changes what happens. */
  readonly onRefresh?: (outcome: RefreshOutcome) => void;
}

export type RefreshOutcome = { readonly ok: true } | { readonly ok: false; readonly error: SyncError };

export type B24Credentials = WebhookCredentials | OAuthCredentials;

export interface TokenResponse {
  access_token?: unknown;
  refresh_token?: unknown;
  expires_in?: unknown;
  expires?: unknown;
  client_endpoint?: unknown;
  server_endpoint?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** Posts the refresh form and returns the parsed JSON with the HTTP status. */
export type TokenFetcher = (url: string, form: Record<string, string>) => Promise<{ status: number; body: TokenResponse }>;

export function webhookBase(url: string): string {
  const u = new URL(url);
  if (!/^\/rest\/\d+\/[^/]+\/?$/.test(u.pathname)) {
    throw new Error(`bitrix24 webhook URL must look like https://<portal>/rest/<user id>/<code>/, got a path of "${u.pathname.replace(/\/rest\/(\d+)\/[^/]+/, '/rest/$1/<code>')}"`);
  }
  return u.toString().endsWith('/') ? u.toString() : `${u.toString()}/`;
}

export class OAuthSession {
  private tokens: OAuthTokens;
  private refreshing: Promise<OAuthTokens> | undefined;

  constructor(
    private readonly credentials: OAuthCredentials,
    private readonly fetchToken: TokenFetcher,
    private readonly clock: Clock,
    redactor?: Redactor,
  ) {
    this.tokens = credentials.tokens;
    redactor?.add(credentials.clientSecret);
    redactor?.add(this.tokens.accessToken);
    redactor?.add(this.tokens.refreshToken);
    this.redactor = redactor;
  }

  private readonly redactor: Redactor | undefined;

  current(): OAuthTokens {
    return this.tokens;
  }

  /** The token to use now; refreshes first if it is known to be expired (as the SDK does). */
  async accessToken(): Promise<string> {
    if (this.tokens.expiresAt <= this.clock.now()) return (await this.refresh(this.tokens.accessToken)).accessToken;
    return this.tokens.accessToken;
  }

  /**
   * Refreshes unless another caller already did since `staleToken` was handed out.
   * Concurrent callers share one refresh: a refresh token can be used once.
   */
  refresh(staleToken: string): Promise<OAuthTokens> {
    if (this.tokens.accessToken !== staleToken) return Promise.resolve(this.tokens);
    this.refreshing ??= this.doRefresh()
      .then(
        (tokens) => {
          this.tell({ ok: true });
          return tokens;
        },
        (error: unknown) => {
          if (error instanceof SyncError) this.tell({ ok: false, error });
          throw error;
        },
      )
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  private tell(outcome: RefreshOutcome): void {
    try {
      this.credentials.onRefresh?.(outcome);
    } catch {
      // An observer's failure must not change the refresh's outcome.
    }
  }

  private async doRefresh(): Promise<OAuthTokens> {
    const server = this.tokens.serverEndpoint.replace(/\/rest\/?$/, '');
    const url = `${server}/oauth/token/`;
    let reply: { status: number; body: TokenResponse };
    try {
      reply = await this.fetchToken(url, {
        grant_type: 'refresh_token',
        client_id: this.credentials.clientId,
        client_secret: this.credentials.clientSecret,
        refresh_token: this.tokens.refreshToken,
      });
    } catch (error) {
      throw new SyncError('B24_NETWORK', `OAuth refresh at ${url} failed: ${error instanceof Error ? error.message : String(error)}`, { operation: 'oauth.refresh', cause: error });
    }
    const body = reply.body;
    if (reply.status !== 200 || typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
      const code = typeof body.error === 'string' ? body.error : `HTTP ${reply.status}`;
      const description = typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
      if (reply.status >= 500) throw new SyncError('B24_SERVER_ERROR', `OAuth refresh failed (${code}${description})`, { operation: 'oauth.refresh', httpStatus: reply.status });
      throw new SyncError('B24_TOKEN_REFRESH_FAILED', `OAuth refresh refused (${code}${description}); authorize the application again`, {
        operation: 'oauth.refresh',
        httpStatus: reply.status,
        vendorCode: code,
      });
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 3600;
    const next: OAuthTokens = {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: this.clock.now() + expiresIn * 1000,
      clientEndpoint: typeof body.client_endpoint === 'string' ? body.client_endpoint : this.tokens.clientEndpoint,
      serverEndpoint: typeof body.server_endpoint === 'string' ? body.server_endpoint : this.tokens.serverEndpoint,
    };
    this.redactor?.add(next.accessToken);
    this.redactor?.add(next.refreshToken);
    this.tokens = next;
    await this.credentials.onTokens?.(next);
    return next;
  }
}
