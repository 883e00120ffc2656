// Delivery: every notice is written to the log (so alerts are seen with no channel
// at all) and sent to every channel. A channel that fails is logged, redacted, and
// does not stop the others; what it failed to send is tried again at the next
// evaluations, in order, a few times; after a failure, the channel's later
// messages wait for the next evaluation too.
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '../core/log.ts';
import type { Redactor } from '../core/redact.ts';
import { formatNotice, type Language } from './format.ts';
import type { Channel, Message, Notice } from './types.ts';

/** Tries per notice and channel (the first send included). */
export const MAX_ATTEMPTS = 3;

interface Pending {
  readonly notice: Notice;
  readonly message: Message;
  attempts: number;
}

export interface NotifierOptions {
  readonly language: Language;
  readonly dashboardUrl?: string | undefined;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly registry?: Registry | undefined;
}

export interface Delivery {
  readonly channel: string;
  readonly key: string;
  readonly kind: Notice['kind'];
  readonly ok: boolean;
}

export class Notifier {
  private readonly outbox = new Map<string, Pending[]>();
  private readonly sent: Counter<'channel' | 'outcome'> | undefined;

  constructor(
    private readonly channels: readonly Channel[],
    private readonly options: NotifierOptions,
  ) {
    for (const c of channels) this.outbox.set(c.name, []);
    this.sent = options.registry
      ? new Counter({ name: 'b24nav_alert_notifications_total', help: 'Alert messages by channel and outcome (sent, failed)', labelNames: ['channel', 'outcome'], registers: [options.registry] })
      : undefined;
  }

  /** Logs the notices and sends them, after whatever earlier sends are waiting, on every channel. */
  async deliver(notices: readonly Notice[]): Promise<Delivery[]> {
    const fresh = notices.map((notice) => {
      const message = formatNotice(notice, this.options.language, this.options.dashboardUrl);
      const fields = { alert: notice.alert.key, severity: notice.alert.severity, kind: notice.kind, text: message.text };
      if (notice.kind === 'resolved') this.options.log.info(fields, message.subject);
      else this.options.log.warn(fields, message.subject);
      return { notice, message };
    });
    const results = await Promise.all(this.channels.map((channel) => this.drain(channel, fresh)));
    return results.flat();
  }

  /** Notices still waiting for a channel that failed them. */
  waiting(channel: string): number {
    return this.outbox.get(channel)?.length ?? 0;
  }

  private async drain(channel: Channel, fresh: ReadonlyArray<{ notice: Notice; message: Message }>): Promise<Delivery[]> {
    const queue = [...(this.outbox.get(channel.name) ?? []), ...fresh.map((f) => ({ ...f, attempts: 0 }))];
    const left: Pending[] = [];
    const deliveries: Delivery[] = [];
    for (const [index, item] of queue.entries()) {
      item.attempts++;
      try {
        await channel.send(item.notice, item.message);
        this.sent?.inc({ channel: channel.name, outcome: 'sent' });
        deliveries.push({ channel: channel.name, key: item.notice.alert.key, kind: item.notice.kind, ok: true });
      } catch (error) {
        this.sent?.inc({ channel: channel.name, outcome: 'failed' });
        deliveries.push({ channel: channel.name, key: item.notice.alert.key, kind: item.notice.kind, ok: false });
        const last = item.attempts >= MAX_ATTEMPTS;
        this.options.log.warn(
          { channel: channel.name, alert: item.notice.alert.key, kind: item.notice.kind, attempt: item.attempts, err: this.options.redactor.text(error instanceof Error ? error.message : String(error)) },
          last ? 'alert channel failed; giving this message up' : 'alert channel failed; will try again at the next evaluation',
        );
        if (!last) left.push(item);
        // The rest wait for the next evaluation, in order: a channel that is down would fail them all now.
        left.push(...queue.slice(index + 1));
        break;
      }
    }
    this.outbox.set(channel.name, left);
    return deliveries;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.channels.map((c) => (c.close ? c.close() : Promise.resolve())));
  }
}
