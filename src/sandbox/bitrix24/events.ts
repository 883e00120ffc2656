// Event delivery (reference §8): online handlers get form-encoded POSTs carrying
// only the object's ID, once, with no retries; the offline queue keeps one record
// per object and skips writes tagged with the binding's auth_connector.
import qs from 'qs';
import { request } from 'undici';
import type { Portal } from './portal.ts';
import type { OfflineEvent } from './state.ts';

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

export class EventDispatcher {
  readonly deliveries: Delivery[] = [];
  private inFlight = new Set<Promise<void>>();
  private handlerSeq = 200;

  constructor(private readonly portal: Portal) {}

  emit(event: string, fields: Record<string, unknown>, ctx: EmitContext): void {
    const name = event.toUpperCase();
    const state = this.portal.state;
    const now = this.portal.clock.now();
    const data = { FIELDS: fields };
    for (const binding of state.eventBindings.values()) {
      if (binding.event !== name) continue;
      if (binding.offline) {
        if (binding.authConnector && binding.authConnector === ctx.authConnector) continue;
        this.enqueueOffline(binding.appId, name, data, now);
      } else {
        const app = state.apps.find((a) => a.clientId === binding.appId);
        if (app) this.deliver(binding.handler, name, binding.id, data, app.applicationToken, now);
      }
    }
    for (const hook of state.outgoingWebhooks.values()) {
      if (hook.events.includes(name)) this.deliver(hook.handler, name, hook.id, data, hook.applicationToken, now);
    }
  }

  private enqueueOffline(appId: string, eventName: string, data: Record<string, unknown>, now: number): void {
    const queue = this.portal.state.offlineEvents;
    const objectKey = `${eventName}:${JSON.stringify(data)}`;
    // One record per object; a record already handed to a reader stays as it was and a new one is added,
    // so that clearing the reserved one cannot lose this later change.
    const existing = queue.find((e) => e.appId === appId && e.objectKey === objectKey && e.PROCESS_ID === null);
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
      objectKey,
    };
    queue.put(row);
  }

  private deliver(handler: string, event: string, handlerId: number, data: unknown, applicationToken: string, now: number): void {
    const base = this.portal.baseUrl;
    const host = new URL(base).host;
    const body = qs.stringify({
      event,
      event_handler_id: String(handlerId + this.handlerSeq),
      data,
      ts: String(Math.floor(now / 1000)),
      auth: {
        domain: host,
        client_endpoint: `${base}/rest/`,
        server_endpoint: `${base}/rest/`,
        member_id: this.portal.memberId,
        application_token: applicationToken,
      },
    });
    const p = request(handler, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      headersTimeout: 5000,
      bodyTimeout: 5000,
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
