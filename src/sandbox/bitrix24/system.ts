// Methods outside the CRM: users, notifications, scope/methods introspection
// (reference §7.7). The event methods are in event-methods.ts.
import { B24Error, legacyError } from './errors.ts';
import { intParam, objectParam, param, text } from './params.ts';
import { compileFilter, compileOrder, listRows, type FieldResolver } from './query.ts';
import { listOutput, ok, read, write, type MethodTable } from './registry.ts';
import type { User } from './state.ts';

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

export const systemMethods: MethodTable = {
  scope: read(null, (ctx) => ok([...ctx.auth.scopes])),
  // `batch` is answered by the server itself (batch.ts), not by the method table.
  methods: read(null, (ctx) => ok(['batch', ...ctx.portal.methodNames().filter((m) => {
    const def = ctx.portal.method(m);
    return def !== undefined && (def.scope === null || ctx.auth.scopes.includes(def.scope));
  })].sort())),
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
};
