// Helpers for the sandbox's conformance tests: a plain undici client (what any
// standard HTTP client sees), OAuth sign-in, a local event receiver, and small
// readers for JSON answers. Only the *.test.ts files import this module.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request, type Dispatcher } from 'undici';
import { authorizationCode } from './admin-actions.ts';
import type { RunningB24Sandbox } from './index.ts';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly text: string;
}

type Method = 'GET' | 'POST';

async function send(url: string, method: Method, body: string | undefined, contentType: string | undefined, dispatcher?: Dispatcher): Promise<Reply> {
  const res = await request(url, {
    method,
    ...(body === undefined ? {} : { body }),
    headers: { accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
    ...(dispatcher ? { dispatcher } : {}),
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.statusCode, body: parsed, text };
}

/** POST with a JSON body. */
export function postJson(url: string, params: unknown, dispatcher?: Dispatcher): Promise<Reply> {
  return send(url, 'POST', JSON.stringify(params), 'application/json', dispatcher);
}

/** POST with an `application/x-www-form-urlencoded` body written by hand (bracket notation). */
export function postForm(url: string, body: string): Promise<Reply> {
  return send(url, 'POST', body, 'application/x-www-form-urlencoded');
}

/** GET; parameters go in the URL. */
export function get(url: string, dispatcher?: Dispatcher): Promise<Reply> {
  return send(url, 'GET', undefined, undefined, dispatcher);
}

/** A method called through the sandbox's inbound webhook, JSON body. */
export function hook(running: RunningB24Sandbox, method: string, params: Record<string, unknown> = {}): Promise<Reply> {
  return postJson(`${running.webhookUrl}${method}`, params);
}

/** A method called the OAuth way: `/rest/<method>` with `auth` in the JSON body. */
export function oauth(running: RunningB24Sandbox, token: string, method: string, params: Record<string, unknown> = {}): Promise<Reply> {
  return postJson(`${running.url}/rest/${method}`, { ...params, auth: token });
}

export interface Tokens {
  readonly access: string;
  readonly refresh: string;
  readonly body: Record<string, unknown>;
}

function tokens(reply: Reply): Tokens {
  const body = rec(reply.body);
  if (reply.status !== 200) throw new Error(`token endpoint answered ${reply.status}: ${reply.text}`);
  return { access: str(body, 'access_token'), refresh: str(body, 'refresh_token'), body };
}

/** Signs the sandbox's application (or `app`) in as a user (1, the admin, by default): code from the admin side, then the authorization_code grant. */
export async function signIn(running: RunningB24Sandbox, app: { clientId: string; clientSecret: string } = running.app, userId = 1): Promise<Tokens> {
  const code = authorizationCode(running.portal, app.clientId, userId);
  const query = new URLSearchParams({ grant_type: 'authorization_code', client_id: app.clientId, client_secret: app.clientSecret, code });
  return tokens(await get(`${running.url}/oauth/token/?${query.toString()}`));
}

/** The refresh_token grant as the official SDK sends it: POST form. */
export async function refresh(running: RunningB24Sandbox, refreshToken: string): Promise<Reply> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: running.app.clientId, client_secret: running.app.clientSecret, refresh_token: refreshToken });
  return postForm(`${running.url}/oauth/token/`, form.toString());
}

export { tokens as tokensOf };

// ---- reading answers ---------------------------------------------------------

export type PathKey = string | number;

/** The value at a path of objects and arrays, or undefined. */
export function dig(value: unknown, ...path: PathKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PathKey, unknown>)[key];
  }
  return current;
}

export function rec(value: unknown, ...path: PathKey[]): Record<string, unknown> {
  const v = dig(value, ...path);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`expected an object at ${path.join('.') || '(root)'}, got ${JSON.stringify(v)}`);
  return v as Record<string, unknown>;
}

export function list(value: unknown, ...path: PathKey[]): unknown[] {
  const v = dig(value, ...path);
  if (!Array.isArray(v)) throw new Error(`expected an array at ${path.join('.') || '(root)'}, got ${JSON.stringify(v)}`);
  return v;
}

export function str(value: unknown, ...path: PathKey[]): string {
  const v = dig(value, ...path);
  if (typeof v !== 'string') throw new Error(`expected a string at ${path.join('.') || '(root)'}, got ${JSON.stringify(v)}`);
  return v;
}

export function num(value: unknown, ...path: PathKey[]): number {
  const v = dig(value, ...path);
  if (typeof v !== 'number') throw new Error(`expected a number at ${path.join('.') || '(root)'}, got ${JSON.stringify(v)}`);
  return v;
}

/** The `result` of a successful call; fails with the portal's error otherwise. */
export function result(reply: Reply): unknown {
  if (reply.status !== 200) throw new Error(`expected 200, got ${reply.status}: ${reply.text}`);
  return dig(reply.body, 'result');
}

// ---- an event receiver ---------------------------------------------------------

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** The HTTP status the next requests get (200 by default). */
  status: number;
  close(): Promise<void>;
}

/** A tiny local HTTP server that records what it is sent, as an event handler would. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const state = { status: 200 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = state.status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/handler`,
    received,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
