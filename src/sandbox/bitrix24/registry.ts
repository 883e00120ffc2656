// What a REST method is to the sandbox: the scope it needs, whether it writes,
// its simulated server cost, and the handler.
import type { Params } from './params.ts';
import type { Portal } from './portal.ts';

/** The scopes a webhook or application may be given; the sandbox's own webhook and app get them all. */
export const ALL_SCOPES = ['crm', 'catalog', 'sale', 'user', 'user_brief', 'im', 'placement', 'entity', 'department', 'task'] as const;

export interface CallerAuth {
  readonly kind: 'webhook' | 'oauth';
  readonly userId: number;
  /** Key of the operating-time ledger: one per webhook or app (reference §3.2). */
  readonly principal: string;
  readonly scopes: readonly string[];
  readonly clientId: string | null;
  readonly accessToken: string | null;
}

export interface MethodContext {
  readonly portal: Portal;
  readonly params: Params;
  readonly auth: CallerAuth;
  readonly now: number;
  /** `auth_connector` of the call: the write does not enter that connector's offline queue. */
  readonly authConnector: string | null;
}

export interface MethodOutput {
  readonly result: unknown;
  readonly total?: number | undefined;
  readonly next?: number | undefined;
}

export interface MethodDef {
  /** Scope the webhook or app must have; null for scope-free methods (scope, methods, event.*). */
  readonly scope: string | null;
  readonly write: boolean;
  /** Simulated server time in seconds, charged to the operating limit. */
  readonly cost?: number;
  /** Needs an application (OAuth) context: webhooks get WRONG_AUTH_TYPE. */
  readonly appOnly?: boolean;
  /** Only portal administrators may call it. */
  readonly adminOnly?: boolean;
  /** false for methods that may not run inside a batch. */
  readonly batchable?: boolean;
  run(ctx: MethodContext): MethodOutput;
}

export type MethodTable = Record<string, MethodDef>;

export function ok(result: unknown): MethodOutput {
  return { result };
}

export function listOutput(result: unknown, page: { total: number; next: number | undefined }): MethodOutput {
  return { result, total: page.total, next: page.next };
}

export function read(scope: string | null, run: MethodDef['run'], extra: Partial<MethodDef> = {}): MethodDef {
  return { scope, write: false, run, ...extra };
}

export function write(scope: string | null, run: MethodDef['run'], extra: Partial<MethodDef> = {}): MethodDef {
  return { scope, write: true, run, ...extra };
}

/**
 * Default simulated costs. Real portals spend 0.07–0.6 s per list call and an
 * estimated 0.05–0.5 s per add (limits-and-throughput.md §1.4, §5.1); the sandbox
 * is cheaper by default so that the request bucket, not the operating limit,
 * binds in short runs, while a single method hammered for minutes still hits
 * the 480 s limit. Override per method with `costs`.
 */
export const DEFAULT_READ_COST = 0.01;
export const DEFAULT_WRITE_COST = 0.02;
