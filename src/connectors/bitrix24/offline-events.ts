// The offline event queue (reference §8.2): the reliable way to hear about changes
// with an OAuth application. Events are bound once with b24nav's auth_connector, so
// b24nav's own writes never enter the queue; they are read with clear=0 (reserved
// under a process_id, invisible to other readers) and cleared only after they were
// recorded — a crash between the two re-delivers them instead of losing them.
import type { B24Client } from './client.ts';

export const OFFLINE_EVENTS = [
  'ONCRMCOMPANYADD', 'ONCRMCOMPANYUPDATE', 'ONCRMCOMPANYDELETE',
  'ONCRMCONTACTADD', 'ONCRMCONTACTUPDATE', 'ONCRMCONTACTDELETE',
  'ONCRMREQUISITEADD', 'ONCRMREQUISITEUPDATE', 'ONCRMREQUISITEDELETE',
  'ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE',
] as const;

export interface ChangeNotice {
  readonly event: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export class OfflineEventQueue {
  constructor(
    private readonly client: B24Client,
    private readonly authConnector: string,
  ) {}

  /** Binds the offline events (idempotent). Needs an OAuth application and an administrator. */
  async bind(events: readonly string[] = OFFLINE_EVENTS): Promise<void> {
    const bound = await this.client.call('event.get', {});
    const have = new Set(bound.filter((b) => b.offline === 1).map((b) => b.event.toUpperCase()));
    await Promise.all(
      events.filter((e) => !have.has(e)).map((event) => this.client.call('event.bind', { event, event_type: 'offline', auth_connector: this.authConnector })),
    );
  }

  /**
   * Takes up to `limit` events, hands them to `record` and clears them once it
   * resolved; if `record` throws, they stay reserved and come back to this process.
   */
  async drain(record: (notices: readonly ChangeNotice[]) => Promise<void>, limit = 50): Promise<number> {
    const batch = await this.client.call('event.offline.get', { clear: 0, limit, auth_connector: this.authConnector });
    if (batch.events.length === 0 || batch.process_id === null) return 0;
    await record(batch.events.map((e) => ({ event: e.EVENT_NAME, fields: e.EVENT_DATA === false ? {} : (e.EVENT_DATA.FIELDS ?? {}) })));
    await this.client.call('event.offline.clear', { process_id: batch.process_id, message_id: batch.events.map((e) => e.MESSAGE_ID) });
    return batch.events.length;
  }
}
