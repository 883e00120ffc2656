// What a portal's users and administrator do by hand, as functions: edit a
// record, create an app or an outgoing webhook, switch inventory management.
// The /_sandbox/ routes and the tests use these.
import type { Portal } from './portal.ts';
import { ALL_SCOPES } from './registry.ts';
import type { CallerAuth, MethodOutput } from './registry.ts';
import { createApp, issueCode } from './oauth.ts';
import type { App, OutgoingWebhook } from './state.ts';
import { KNOWN_EVENTS } from './event-methods.ts';
import { randomBytes } from 'node:crypto';

/** A portal administrator working in the UI: every scope, its own operating ledger. */
export function adminAuth(userId = 1): CallerAuth {
  return { kind: 'webhook', userId, principal: 'sandbox-admin', scopes: ALL_SCOPES, clientId: null, accessToken: null };
}

export function adminCall(portal: Portal, method: string, params: Record<string, unknown>, userId = 1): MethodOutput {
  return portal.invoke(method, params, adminAuth(userId)).output;
}

const EDIT_METHODS: Record<string, (id: number, fields: Record<string, unknown>) => [string, Record<string, unknown>]> = {
  company: (id, fields) => ['crm.company.update', { id, fields }],
  contact: (id, fields) => ['crm.contact.update', { id, fields }],
  deal: (id, fields) => ['crm.deal.update', { id, fields }],
  requisite: (id, fields) => ['crm.requisite.update', { id, fields }],
  invoice: (id, fields) => ['crm.item.update', { entityTypeId: 31, id, fields }],
  product: (id, fields) => ['catalog.product.update', { id, fields }],
};

export const EDITABLE_ENTITIES = Object.keys(EDIT_METHODS);

/** Changes a record as a user would in the UI: events fire, DATE_MODIFY moves. */
export function userEdit(portal: Portal, entity: string, id: number, fields: Record<string, unknown>, userId = 1): MethodOutput {
  const build = EDIT_METHODS[entity];
  if (!build) throw new Error(`entity must be one of ${EDITABLE_ENTITIES.join(', ')}, got "${entity}"`);
  const [method, params] = build(id, fields);
  return adminCall(portal, method, params, userId);
}

export function addApp(portal: Portal, options: { scopes?: string[]; redirectUri?: string | null } = {}): App {
  return createApp(portal, options);
}

export function authorizationCode(portal: Portal, clientId: string, userId = 1): string {
  if (!portal.state.apps.find((a) => a.clientId === clientId)) throw new Error(`no application with client_id "${clientId}"`);
  return issueCode(portal, clientId, userId);
}

/** An outgoing webhook set up in the portal UI: events POSTed to `handler` with an application token. */
export function addOutgoingWebhook(portal: Portal, events: readonly string[], handler: string): OutgoingWebhook {
  const names = events.map((e) => e.toUpperCase());
  const unknown = names.filter((e) => !KNOWN_EVENTS.has(e));
  if (unknown.length > 0) throw new Error(`unknown event(s): ${unknown.join(', ')}`);
  if (!/^https?:\/\//.test(handler)) throw new Error(`handler must be an http(s) URL, got "${handler}"`);
  const table = portal.state.outgoingWebhooks;
  const hook: OutgoingWebhook = { id: table.allocateId(), events: names, handler, applicationToken: randomBytes(16).toString('hex') };
  table.put(hook);
  return hook;
}

export function setInventoryManagement(portal: Portal, enabled: boolean): void {
  portal.state.inventoryManagement = enabled;
}
