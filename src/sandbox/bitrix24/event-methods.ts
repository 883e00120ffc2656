// event.bind/unbind/get and the offline queue (event.offline.get/clear/error/list),
// reference §8 and the method pages api-reference/events/*.md. All of them need an
// application context: a webhook gets WRONG_AUTH_TYPE.
import { randomUUID } from 'node:crypto';
import { B24Error, accessDenied } from './errors.ts';
import { flagParam, intParam, objectParam, param, text, type Params } from './params.ts';
import { compileFilter, compileOrder, listRows, type FieldAccessor, type FieldResolver } from './query.ts';
import { listOutput, ok, read, write, type MethodContext, type MethodTable } from './registry.ts';
import type { OfflineEvent } from './state.ts';

/** Events b24nav and its users may bind (reference §8.1). */
export const KNOWN_EVENTS = new Set([
  'ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE', 'ONCRMCOMPANYDELETE',
  'ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE',
  'ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY',
  'ONCRMREQUISITEADD', 'ONCRMREQUISITEUPDATE', 'ONCRMREQUISITEDELETE',
  'ONCRMDYNAMICITEMADD', 'ONCRMDYNAMICITEMUPDATE', 'ONCRMDYNAMICITEMDELETE',
  'CATALOG.PRODUCT.ON.ADD', 'CATALOG.PRODUCT.ON.UPDATE', 'CATALOG.PRODUCT.ON.DELETE',
  'ONAPPINSTALL', 'ONAPPUNINSTALL', 'ONOFFLINEEVENT', 'ONAPPTEST',
]);

function offlineView(ctx: MethodContext, e: OfflineEvent): Record<string, unknown> {
  return {
    ID: String(e.ID),
    TIMESTAMP_X: ctx.portal.formatTime(e.TIMESTAMP_X),
    EVENT_NAME: e.EVENT_NAME,
    EVENT_DATA: e.EVENT_DATA,
    EVENT_ADDITIONAL: e.EVENT_ADDITIONAL,
    MESSAGE_ID: e.MESSAGE_ID,
  };
}

type OfflineField = 'ID' | 'TIMESTAMP_X' | 'EVENT_NAME' | 'MESSAGE_ID' | 'PROCESS_ID' | 'ERROR';

const OFFLINE_FIELDS: Readonly<Record<OfflineField, 'number' | 'string' | 'date'>> = {
  ID: 'number', TIMESTAMP_X: 'date', EVENT_NAME: 'string', MESSAGE_ID: 'string', PROCESS_ID: 'string', ERROR: 'number',
};

/** Filter and order fields: ID, TIMESTAMP_X, EVENT_NAME, MESSAGE_ID (+ PROCESS_ID, ERROR in event.offline.list). */
function offlineResolver(fields: readonly OfflineField[]): FieldResolver<OfflineEvent> {
  return (name) => {
    const key = fields.find((f) => f === name.toUpperCase());
    if (!key) return undefined;
    return { kind: OFFLINE_FIELDS[key], get: (e) => (key === 'PROCESS_ID' ? (e.PROCESS_ID ?? '') : e[key]) };
  };
}

const GET_FIELDS: readonly OfflineField[] = ['ID', 'TIMESTAMP_X', 'EVENT_NAME', 'MESSAGE_ID'];
const LIST_FIELDS: readonly OfflineField[] = [...GET_FIELDS, 'PROCESS_ID', 'ERROR'];

function appId(ctx: MethodContext): string {
  return ctx.auth.clientId as string;
}

function optionalText(params: Params, name: string): string | null {
  const value = param(params, name);
  return value === undefined || value === null ? null : text(value);
}

/**
 * "When registering the offline event handler, specify auth_connector … This creates a
 * separate queue of offline events tied to a specific data exchange channel"
 * (offline-events.md): the queue read is the one of the `auth_connector` given, and
 * without one, the queue of bindings made without one.
 */
function inQueue(ctx: MethodContext): (e: OfflineEvent) => boolean {
  const connector = optionalText(ctx.params, 'auth_connector') ?? '';
  const app = appId(ctx);
  return (e) => e.appId === app && (e.connector ?? '') === connector;
}

function idList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map(text);
}

/**
 * The reference (§8.2) reads the docs as "all admin-only (403 ACCESS_DENIED)"; the method
 * pages say "any user" (UNCONFIRMED). The stricter reading is the default
 * (`offlineEventsAdminOnly`).
 */
function requireOfflineAccess(ctx: MethodContext): void {
  if (ctx.portal.config.offlineEventsAdminOnly && !ctx.portal.isAdmin(ctx.auth.userId)) throw accessDenied();
}

function requireProcessId(ctx: MethodContext): string {
  const processId = text(param(ctx.params, 'process_id'));
  if (!processId) throw new B24Error(400, 'ERROR_PROCESS_ID', 'process_id is required');
  return processId;
}

const BY_ID: FieldAccessor<OfflineEvent> = { kind: 'number', get: (e) => e.ID };

export const eventMethods: MethodTable = {
  'event.bind': write(null, (ctx) => {
    const event = text(param(ctx.params, 'event')).toUpperCase();
    if (!KNOWN_EVENTS.has(event)) throw new B24Error(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
    const offline = text(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
    if (offline && !ctx.portal.isAdmin(ctx.auth.userId)) throw accessDenied('Access denied! Administrator rights required');
    const handler = offline ? '' : text(param(ctx.params, 'handler'));
    if (!offline && !/^https?:\/\//.test(handler)) throw new B24Error(400, 'ERROR_HANDLER_URL', 'Handler URL is not valid');
    const table = ctx.portal.state.eventBindings;
    const clientId = appId(ctx);
    const authConnector = optionalText(ctx.params, 'auth_connector') || null;
    const minTimeout = Number(objectParam(ctx.params, 'options')?.['minTimeout']);
    // Binding the same handler (and connector) twice keeps one binding (UNCONFIRMED: a real portal may answer an error).
    const existing = table.find((b) => b.appId === clientId && b.event === event && b.handler === handler && b.offline === offline && b.authConnector === authConnector);
    if (!existing) {
      table.put({
        id: table.allocateId(),
        event,
        handler,
        authType: intParam(ctx.params, 'auth_type') ?? 0,
        offline,
        authConnector,
        appId: clientId,
        ...(Number.isFinite(minTimeout) && minTimeout >= 0 ? { minTimeoutMs: minTimeout * 1000 } : {}),
      });
    }
    return ok(true);
  }, { appOnly: true }),
  'event.unbind': write(null, (ctx) => {
    const event = text(param(ctx.params, 'event')).toUpperCase();
    const handler = optionalText(ctx.params, 'handler');
    const connector = optionalText(ctx.params, 'auth_connector');
    const offline = text(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
    const table = ctx.portal.state.eventBindings;
    const gone = table.filter((b) => b.appId === appId(ctx) && b.event === event && b.offline === offline
      && (handler === null || b.handler === handler) && (connector === null || (b.authConnector ?? '') === connector));
    for (const b of gone) table.delete(b.id);
    return ok({ count: gone.length });
  }, { appOnly: true }),
  // A webhook gets WRONG_AUTH_TYPE here too (appOnly): third-party notes, UNCONFIRMED (reference §1.1).
  'event.get': read(null, (ctx) =>
    ok(ctx.portal.state.eventBindings.filter((b) => b.appId === appId(ctx)).map((b) => ({
      event: b.event,
      handler: b.handler,
      auth_type: String(b.authType),
      offline: b.offline ? 1 : 0,
      ...(b.authConnector ? { auth_connector: b.authConnector } : {}),
      ...(b.minTimeoutMs !== undefined ? { options: { minTimeout: b.minTimeoutMs / 1000 } } : {}),
    }))),
  { appOnly: true }),
  'event.offline.get': write(null, (ctx) => {
    requireOfflineAccess(ctx);
    const clear = flagParam(ctx.params, 'clear', true);
    const wantErrors = flagParam(ctx.params, 'error', false);
    const limit = Math.max(1, Math.min(1000, intParam(ctx.params, 'limit') ?? 50));
    const given = optionalText(ctx.params, 'process_id');
    const processId = given ?? randomUUID().replace(/-/g, '');
    const resolver = offlineResolver(GET_FIELDS);
    const predicate = compileFilter(objectParam(ctx.params, 'filter'), resolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: ctx.portal.config.offsetMinutes });
    const order = objectParam(ctx.params, 'order') ?? { TIMESTAMP_X: 'ASC' };
    const comparator = compileOrder(order, resolver, { onUnknownField: 'ignore' }, BY_ID);
    const mine = inQueue(ctx);
    const queue = ctx.portal.state.offlineEvents;
    // Free records, and with process_id those this process reserved before ("re-select any
    // unprocessed records from the current process"); parallel readers get disjoint sets.
    const rows = queue
      .filter((e) => mine(e) && e.ERROR === (wantErrors ? 1 : 0) && (e.PROCESS_ID === null || (given !== null && e.PROCESS_ID === given)) && predicate(e))
      .sort(comparator)
      .slice(0, limit);
    const events = rows.map((e) => offlineView(ctx, e));
    if (clear) for (const e of rows) queue.delete(e.ID);
    else for (const e of rows) e.PROCESS_ID = processId;
    return ok({ process_id: clear ? null : processId, events });
  }, { appOnly: true }),
  'event.offline.clear': write(null, (ctx) => {
    requireOfflineAccess(ctx);
    const processId = requireProcessId(ctx);
    const ids = new Set(idList(param(ctx.params, 'id')));
    // message_id "is ignored if id is given" (event_offline_clear).
    const messageIds = ids.size > 0 ? new Set<string>() : new Set(idList(param(ctx.params, 'message_id')));
    const all = ids.size === 0 && messageIds.size === 0;
    const queue = ctx.portal.state.offlineEvents;
    for (const e of queue.filter((x) => x.appId === appId(ctx) && x.PROCESS_ID === processId)) {
      if (all || ids.has(String(e.ID)) || messageIds.has(e.MESSAGE_ID)) queue.delete(e.ID);
    }
    return ok(true);
  }, { appOnly: true }),
  'event.offline.error': write(null, (ctx) => {
    requireOfflineAccess(ctx);
    const processId = requireProcessId(ctx);
    const messageIds = new Set(idList(param(ctx.params, 'message_id')));
    for (const e of ctx.portal.state.offlineEvents.filter((x) => x.appId === appId(ctx) && x.PROCESS_ID === processId && messageIds.has(x.MESSAGE_ID))) {
      e.ERROR = 1;
      e.PROCESS_ID = null;
    }
    return ok(true);
  }, { appOnly: true }),
  'event.offline.list': read(null, (ctx) => {
    requireOfflineAccess(ctx);
    const resolver = offlineResolver(LIST_FIELDS);
    const predicate = compileFilter(objectParam(ctx.params, 'filter'), resolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: ctx.portal.config.offsetMinutes });
    const order = objectParam(ctx.params, 'order');
    const comparator = order ? compileOrder(order, resolver, { onUnknownField: 'ignore' }, BY_ID) : undefined;
    const mine = inQueue(ctx);
    const page = listRows(ctx.portal.state.offlineEvents.values(), (e) => mine(e) && predicate(e), comparator, Number(param(ctx.params, 'start') ?? 0));
    return listOutput(page.rows.map((e) => ({ ...offlineView(ctx, e), PROCESS_ID: e.PROCESS_ID ?? '', ERROR: String(e.ERROR) })), page);
  }, { appOnly: true }),
};
