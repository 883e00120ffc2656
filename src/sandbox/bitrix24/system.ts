// Methods outside the CRM: users, notifications, events and the offline event
// queue, scope/methods introspection (reference §7.7, §8).
import { randomUUID } from 'node:crypto';
import { B24Error, accessDenied, legacyError } from './errors.ts';
import { flagParam, intParam, objectParam, param, text } from './params.ts';
import { compileFilter, compileOrder, listRows, type FieldResolver } from './query.ts';
import { listOutput, ok, read, write, type MethodContext, type MethodTable } from './registry.ts';
import type { OfflineEvent, User } from './state.ts';

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

const USER_FIELDS: Record<string, 'number' | 'string' | 'bool'> = {
  ID: 'number', ACTIVE: 'bool', NAME: 'string', LAST_NAME: 'string', SECOND_NAME: 'string', EMAIL: 'string', WORK_POSITION: 'string', WORK_PHONE: 'string',
};

const userResolver: FieldResolver<User> = (name) => {
  const key = name.toUpperCase() as keyof User;
  const kind = USER_FIELDS[key];
  return kind ? { kind, get: (u) => (kind === 'bool' ? (u[key] ? 1 : 0) : u[key]) } : undefined;
};

function userView(u: User): Record<string, unknown> {
  return {
    ID: String(u.ID),
    ACTIVE: u.ACTIVE,
    NAME: u.NAME,
    LAST_NAME: u.LAST_NAME,
    SECOND_NAME: u.SECOND_NAME,
    EMAIL: u.EMAIL,
    WORK_POSITION: u.WORK_POSITION,
    WORK_PHONE: u.WORK_PHONE,
    UF_DEPARTMENT: u.UF_DEPARTMENT,
    IS_ONLINE: 'N',
    USER_TYPE: 'employee',
  };
}

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

function appId(ctx: MethodContext): string {
  return ctx.auth.clientId as string;
}

function idList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  const list = Array.isArray(value) ? value : typeof value === 'object' ? Object.values(value) : [value];
  return list.map(text);
}

export const systemMethods: MethodTable = {
  scope: read(null, (ctx) => ok([...ctx.auth.scopes])),
  methods: read(null, (ctx) => ok(ctx.portal.methodNames().filter((m) => {
    const def = ctx.portal.method(m);
    return def !== undefined && (def.scope === null || ctx.auth.scopes.includes(def.scope));
  }))),
  'app.info': read(null, (ctx) => ok({ ID: ctx.auth.clientId, CODE: ctx.auth.clientId, VERSION: 1, STATUS: 'L', INSTALLED: true, LICENSE: 'ru_project', MEMBER_ID: ctx.portal.memberId }), { appOnly: true }),
  'profile': read(null, (ctx) => {
    const u = ctx.portal.state.users.get(ctx.auth.userId);
    return ok({ ID: String(ctx.auth.userId), ADMIN: ctx.portal.isAdmin(ctx.auth.userId), NAME: u?.NAME ?? '', LAST_NAME: u?.LAST_NAME ?? '' });
  }),
  'user.current': read('user', (ctx) => {
    const u = ctx.portal.state.users.get(ctx.auth.userId);
    if (!u) throw legacyError('User is not found');
    return ok(userView(u));
  }),
  'user.get': read('user', (ctx) => {
    const filter = objectParam(ctx.params, 'FILTER') ?? objectParam(ctx.params, 'filter') ?? {};
    const direct: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ctx.params)) if (k.toUpperCase() in USER_FIELDS) direct[k] = v;
    const predicate = compileFilter({ ...direct, ...filter }, userResolver, { allowLogic: false, onUnknownField: 'ignore', offsetMinutes: 0 });
    const sort = text(param(ctx.params, 'sort') ?? 'ID');
    const order = text(param(ctx.params, 'order') ?? 'ASC');
    const comparator = compileOrder({ [sort]: order }, userResolver, { onUnknownField: 'ignore' }, { kind: 'number', get: (u) => u.ID });
    const page = listRows(ctx.portal.state.users.values(), predicate, comparator, Number(param(ctx.params, 'start') ?? 0));
    return listOutput(page.rows.map(userView), page);
  }),
  'im.notify.system.add': write('im', (ctx) => {
    const userId = intParam(ctx.params, 'USER_ID') ?? Number.NaN;
    if (!Number.isInteger(userId) || !ctx.portal.state.users.has(userId)) throw new B24Error(400, 'USER_ID_EMPTY', 'Recipient ID not specified');
    const message = text(param(ctx.params, 'MESSAGE')).trim();
    if (!message) throw new B24Error(400, 'MESSAGE_EMPTY', 'Message text is empty');
    const table = ctx.portal.state.notifications;
    const id = table.allocateId();
    table.put({ id, userId, message, tag: param(ctx.params, 'TAG') === undefined ? null : text(param(ctx.params, 'TAG')), date: ctx.now, fromWebhook: ctx.auth.principal });
    return ok(id);
  }),

  // ---- events: application context only (reference §1.1, §8) ----
  'event.bind': write(null, (ctx) => {
    const event = text(param(ctx.params, 'event')).toUpperCase();
    if (!KNOWN_EVENTS.has(event)) throw new B24Error(400, 'ERROR_EVENT_NOT_FOUND', 'Event not found');
    const offline = text(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
    if (offline && !ctx.portal.isAdmin(ctx.auth.userId)) throw accessDenied('Access denied! Administrator rights required');
    const handler = offline ? '' : text(param(ctx.params, 'handler'));
    if (!offline && !/^https?:\/\//.test(handler)) throw new B24Error(400, 'ERROR_HANDLER_URL', 'Handler URL is not valid');
    const table = ctx.portal.state.eventBindings;
    const clientId = appId(ctx);
    const authConnector = param(ctx.params, 'auth_connector') === undefined ? null : text(param(ctx.params, 'auth_connector'));
    // Binding the same handler twice keeps one binding (UNCONFIRMED: a real portal may answer an error).
    const existing = table.find((b) => b.appId === clientId && b.event === event && b.handler === handler && b.offline === offline);
    if (existing) existing.authConnector = authConnector;
    else table.put({ id: table.allocateId(), event, handler, authType: intParam(ctx.params, 'auth_type') ?? 0, offline, authConnector, appId: clientId });
    return ok(true);
  }, { appOnly: true }),
  'event.unbind': write(null, (ctx) => {
    const event = text(param(ctx.params, 'event')).toUpperCase();
    const handler = param(ctx.params, 'handler') === undefined ? undefined : text(param(ctx.params, 'handler'));
    const offline = text(param(ctx.params, 'event_type')).toLowerCase() === 'offline';
    const table = ctx.portal.state.eventBindings;
    const gone = table.filter((b) => b.appId === appId(ctx) && b.event === event && b.offline === offline && (handler === undefined || b.handler === handler));
    for (const b of gone) table.delete(b.id);
    return ok({ count: gone.length });
  }, { appOnly: true }),
  'event.get': read(null, (ctx) =>
    ok(ctx.portal.state.eventBindings.filter((b) => b.appId === appId(ctx)).map((b) => ({
      event: b.event,
      handler: b.handler,
      auth_type: String(b.authType),
      offline: b.offline ? 1 : 0,
      ...(b.authConnector ? { auth_connector: b.authConnector } : {}),
    }))),
  { appOnly: true }),
  'event.offline.get': write(null, (ctx) => {
    const clear = flagParam(ctx.params, 'clear', true);
    const wantErrors = flagParam(ctx.params, 'error', false);
    const limit = Math.max(1, Math.min(1000, intParam(ctx.params, 'limit') ?? 50));
    const processId = param(ctx.params, 'process_id') === undefined ? randomUUID().replace(/-/g, '') : text(param(ctx.params, 'process_id'));
    const queue = ctx.portal.state.offlineEvents;
    const rows = queue
      .filter((e) => e.appId === appId(ctx) && e.PROCESS_ID === null && e.ERROR === (wantErrors ? 1 : 0))
      .sort((a, b) => a.TIMESTAMP_X - b.TIMESTAMP_X || a.ID - b.ID)
      .slice(0, limit);
    const events = rows.map((e) => offlineView(ctx, e));
    if (clear) for (const e of rows) queue.delete(e.ID);
    else for (const e of rows) e.PROCESS_ID = processId;
    return ok({ process_id: clear ? null : processId, events });
  }, { appOnly: true, adminOnly: true }),
  'event.offline.clear': write(null, (ctx) => {
    const processId = text(param(ctx.params, 'process_id'));
    if (!processId) throw new B24Error(400, 'ERROR_PROCESS_ID', 'process_id is required');
    const ids = new Set(idList(param(ctx.params, 'id')));
    const messageIds = new Set(idList(param(ctx.params, 'message_id')));
    const queue = ctx.portal.state.offlineEvents;
    for (const e of queue.filter((x) => x.appId === appId(ctx) && x.PROCESS_ID === processId)) {
      const all = ids.size === 0 && messageIds.size === 0;
      if (all || ids.has(String(e.ID)) || messageIds.has(e.MESSAGE_ID)) queue.delete(e.ID);
    }
    return ok(true);
  }, { appOnly: true, adminOnly: true }),
  'event.offline.error': write(null, (ctx) => {
    const processId = text(param(ctx.params, 'process_id'));
    const messageIds = new Set(idList(param(ctx.params, 'message_id')));
    for (const e of ctx.portal.state.offlineEvents.filter((x) => x.appId === appId(ctx) && x.PROCESS_ID === processId && messageIds.has(x.MESSAGE_ID))) {
      e.ERROR = 1;
      e.PROCESS_ID = null;
    }
    return ok(true);
  }, { appOnly: true, adminOnly: true }),
  'event.offline.list': read(null, (ctx) => {
    const rows = ctx.portal.state.offlineEvents.filter((e) => e.appId === appId(ctx));
    const page = listRows(rows, () => true, undefined, Number(param(ctx.params, 'start') ?? 0));
    return listOutput(page.rows.map((e) => ({ ...offlineView(ctx, e), PROCESS_ID: e.PROCESS_ID ?? '', ERROR: String(e.ERROR) })), page);
  }, { appOnly: true, adminOnly: true }),
};
