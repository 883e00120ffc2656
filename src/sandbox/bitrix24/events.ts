// Event delivery (reference §8): online handlers get form-encoded POSTs carrying
// only the object's ID, once, with no retries; the offline queue keeps one record
// per object and skips writes tagged with the binding's auth_connector.
import qs from 'qs';
import { request } from 'undici';
import { eventAccessToken } from './oauth.ts';
import type { Portal } from './portal.ts';
import type { App, EventBinding, OfflineEvent } from './state.ts';

export interface EmitContext {
  /** `auth_connector` the write was made with, if any. */
  readonly authConnector: string | null;
  readonly userId: number;
}

export interface Delivery {
  readonly at: number;
  readonly event: string;
  readonly handler: string;
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
}

const MAX_DELIVERY_LOG = 1000;
/** ONOFFLINEEVENT's `options.minTimeout` default: 1 s (api-reference/events/on-offline-event.md). */
export const DEFAULT_MIN_TIMEOUT_MS = 1000;
/** event_handler_id values look like database ids (`event_handler_id=201` in the docs' example). */
const HANDLER_ID_BASE = 200;

export class EventDispatcher {
  readonly deliveries: Delivery[] = [];
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly portal: Portal) {}

  emit(event: string, fields: Record<string, unknown>, ctx: EmitContext): void {
    const name = event.toUpperCase();
    const state = this.portal.state;
    const now = this.portal.clock.now();
    // Only the object's identifiers (reference §8.1); the offline record's EVENT_DATA keeps the same
    // {FIELDS: {ID}} (UNCONFIRMED: the docs' offline examples show `false`).
    const data = { FIELDS: fields };
    const queued = new Set<string>();
    for (const binding of state.eventBindings.values()) {
      if (binding.event !== name) continue;
      if (binding.offline) {
        // "Do not notify me about changes that I initiated myself" (offline-events.md).
        if (binding.authConnector && binding.authConnector === ctx.authConnector) continue;
        this.enqueueOffline(binding.appId, binding.authConnector ?? '', name, data, now);
        queued.add(binding.appId);
      } else {
        const app = state.apps.find((a) => a.clientId === binding.appId);
        if (app) this.deliver(binding.handler, name, binding.id, data, this.appAuth(app, ctx.userId), now);
      }
    }
    for (const hook of state.outgoingWebhooks.values()) {
      if (hook.events.includes(name)) this.deliver(hook.handler, name, hook.id, data, this.baseAuth(hook.applicationToken), now);
    }
    for (const appId of queued) this.ringDoorbell(appId, ctx.userId, now);
  }

  /** Adds the object's record, or moves the time of the one already waiting. */
  private enqueueOffline(appId: string, connector: string, eventName: string, data: Record<string, unknown>, now: number): void {
    const queue = this.portal.state.offlineEvents;
    const objectKey = `${eventName}:${JSON.stringify(data)}`;
    // One record per object; a record already handed to a reader stays as it was and a new one is added,
    // so that clearing the reserved one cannot lose this later change (UNCONFIRMED: the docs only say
    // "one entry … marked with the date and time of the most recent change").
    const existing = queue.find((e) => e.appId === appId && (e.connector ?? '') === connector && e.objectKey === objectKey && e.PROCESS_ID === null && e.ERROR === 0);
    if (existing) {
      existing.TIMESTAMP_X = now;
      return;
    }
    const id = queue.allocateId();
    const row: OfflineEvent = {
      ID: id,
      MESSAGE_ID: String(id),
      TIMESTAMP_X: now,
      EVENT_NAME: eventName,
      EVENT_DATA: data,
      EVENT_ADDITIONAL: {},
      PROCESS_ID: null,
      ERROR: 0,
      appId,
      connector,
      objectKey,
    };
    queue.put(row);
  }

  /** ONOFFLINEEVENT: tells the app's online handler that its queue has records, at most once per minTimeout. */
  private ringDoorbell(appId: string, userId: number, now: number): void {
    const app = this.portal.state.apps.find((a) => a.clientId === appId);
    if (!app) return;
    for (const binding of this.portal.state.eventBindings.filter((b) => b.appId === appId && b.event === 'ONOFFLINEEVENT' && !b.offline)) {
      if (binding.lastNotifiedAt !== undefined && now - binding.lastNotifiedAt < (binding.minTimeoutMs ?? DEFAULT_MIN_TIMEOUT_MS)) continue;
      binding.lastNotifiedAt = now;
      this.deliver(binding.handler, 'ONOFFLINEEVENT', binding.id, [], this.appAuth(app, userId), now);
    }
  }

  /** What every event carries: the portal and the application token (outgoing webhooks get only this). */
  private baseAuth(applicationToken: string): Record<string, unknown> {
    const base = this.portal.baseUrl;
    return {
      domain: new URL(base).host,
      client_endpoint: `${base}/rest/`,
      server_endpoint: `${base}/rest/`,
      member_id: this.portal.memberId,
      application_token: applicationToken,
    };
  }

  /** An application's handler also gets an access token of the user whose change fired the event (no refresh token). */
  private appAuth(app: App, userId: number): Record<string, unknown> {
    const token = eventAccessToken(this.portal, app, userId);
    return {
      access_token: token.accessToken,
      expires: String(Math.floor(token.accessExpiresAt / 1000)),
      expires_in: String(Math.round(this.portal.config.accessTokenTtlMs / 1000)),
      scope: app.scopes.join(','),
      ...this.baseAuth(app.applicationToken),
      status: 'L',
      user_id: String(userId),
    };
  }

  private deliver(handler: string, event: string, handlerId: EventBinding['id'], data: unknown, auth: Record<string, unknown>, now: number): void {
    const body = qs.stringify({ event, event_handler_id: String(handlerId + HANDLER_ID_BASE), data, ts: String(Math.floor(now / 1000)), auth });
    const p = request(handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      // Not documented; a third party says 5 s (UNCONFIRMED, limits-and-throughput.md §3.1).
      headersTimeout: this.portal.config.handlerTimeoutMs,
      bodyTimeout: this.portal.config.handlerTimeoutMs,
    })
      .then(async (res) => {
        await res.body.dump();
        this.log({ at: now, event, handler, ok: res.statusCode < 300, status: res.statusCode, error: null });
      })
      .catch((error: unknown) => {
        // No retries: "the queue server logs the failure but will not resend the event".
        this.log({ at: now, event, handler, ok: false, status: null, error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private log(delivery: Delivery): void {
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_DELIVERY_LOG) this.deliveries.splice(0, this.deliveries.length - MAX_DELIVERY_LOG);
  }

  /** Waits for deliveries in flight (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  reset(): void {
    this.deliveries.length = 0;
  }
}
