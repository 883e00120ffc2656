// The OAuth 2.0 side (reference §1.2): the sandbox plays both the portal and
// oauth.bitrix.info. Codes live 30 s, access tokens 1 hour, refresh tokens 180
// days, and every refresh hands out a new refresh token.
import { randomBytes } from 'node:crypto';
import type { Portal } from './portal.ts';
import { ALL_SCOPES } from './registry.ts';
import type { App, OAuthToken } from './state.ts';

export interface OAuthReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

const token = (): string => randomBytes(24).toString('hex');

export function createApp(portal: Portal, options: { scopes?: readonly string[]; redirectUri?: string | null; clientId?: string; clientSecret?: string } = {}): App {
  const table = portal.state.apps;
  const app: App = {
    id: table.allocateId(),
    // Local applications look like `local.64ccbcf7db22b1.98148679` (reference §1.2, format UNCONFIRMED).
    clientId: options.clientId ?? `local.${randomBytes(7).toString('hex')}.${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
    clientSecret: options.clientSecret ?? randomBytes(24).toString('base64url'),
    scopes: [...(options.scopes ?? ALL_SCOPES)],
    redirectUri: options.redirectUri ?? null,
    applicationToken: randomBytes(16).toString('hex'),
  };
  table.put(app);
  return app;
}

export function issueCode(portal: Portal, clientId: string, userId: number): string {
  const table = portal.state.authCodes;
  const code = token();
  table.put({ id: table.allocateId(), code, clientId, userId, expiresAt: portal.clock.now() + portal.config.authCodeTtlMs });
  return code;
}

// The error codes are documented (settings/oauth/error-codes.md); their HTTP statuses are not
// (UNCONFIRMED): 401 for invalid_client, 400 for the rest.
function error(status: number, code: string, description: string): OAuthReply {
  return { status, body: { error: code, error_description: description } };
}

function issueTokens(portal: Portal, app: App, userId: number): OAuthToken {
  const now = portal.clock.now();
  const table = portal.state.tokens;
  const row: OAuthToken = {
    id: table.allocateId(),
    accessToken: token(),
    refreshToken: token(),
    clientId: app.clientId,
    userId,
    accessExpiresAt: now + portal.config.accessTokenTtlMs,
    refreshExpiresAt: now + portal.config.refreshTokenTtlMs,
    refreshUsed: false,
  };
  table.put(row);
  return row;
}

/**
 * The access token an application's event handler receives: one of the user who made
 * the change, reused while it has a quarter of its life left so events do not pile up tokens.
 */
export function eventAccessToken(portal: Portal, app: App, userId: number): OAuthToken {
  const now = portal.clock.now();
  const margin = portal.config.accessTokenTtlMs / 4;
  const live = portal.state.tokens.find((t) => t.clientId === app.clientId && t.userId === userId && t.accessExpiresAt - margin > now);
  return live ?? issueTokens(portal, app, userId);
}

function tokenBody(portal: Portal, app: App, row: OAuthToken): Record<string, unknown> {
  const host = new URL(portal.baseUrl).host;
  return {
    access_token: row.accessToken,
    client_endpoint: `${portal.baseUrl}/rest/`,
    domain: host,
    expires: Math.floor(row.accessExpiresAt / 1000),
    expires_in: Math.round(portal.config.accessTokenTtlMs / 1000),
    member_id: portal.memberId,
    refresh_token: row.refreshToken,
    scope: app.scopes.join(','),
    server_endpoint: `${portal.baseUrl}/rest/`,
    status: 'L',
    user_id: row.userId,
  };
}

/** `/oauth/token/` with grant_type authorization_code or refresh_token (GET query or POST form). */
export function tokenEndpoint(portal: Portal, params: Record<string, unknown>): OAuthReply {
  const get = (k: string): string => (typeof params[k] === 'string' ? (params[k]) : '');
  const app = portal.state.apps.find((a) => a.clientId === get('client_id'));
  if (!app || app.clientSecret !== get('client_secret')) return error(401, 'invalid_client', 'Invalid client credentials');
  const now = portal.clock.now();
  switch (get('grant_type')) {
    case 'authorization_code': {
      const code = portal.state.authCodes.find((c) => c.code === get('code') && c.clientId === app.clientId);
      if (!code || code.expiresAt <= now) return error(400, 'invalid_grant', 'Invalid authorization code');
      portal.state.authCodes.delete(code.id);
      return { status: 200, body: tokenBody(portal, app, issueTokens(portal, app, code.userId)) };
    }
    case 'refresh_token': {
      const row = portal.state.tokens.find((t) => t.refreshToken === get('refresh_token') && t.clientId === app.clientId);
      if (!row || row.refreshExpiresAt <= now || (row.refreshUsed && !portal.config.refreshTokenReuse)) {
        return error(400, 'invalid_grant', 'Invalid refresh token');
      }
      row.refreshUsed = true;
      return { status: 200, body: tokenBody(portal, app, issueTokens(portal, app, row.userId)) };
    }
    default:
      return error(400, 'invalid_request', 'grant_type must be authorization_code or refresh_token');
  }
}
