// Alerts as a JSON POST to any URL (chat bridges, incident tools, scripts). The
// optional secret travels in a header so the receiver can tell the post is ours.
import { request } from 'undici';
import type { AlertsConfig } from '../../config/alerts-schema.ts';
import type { Channel, Message, Notice } from '../types.ts';

export type WebhookConfig = NonNullable<AlertsConfig['channels']['webhook']>;

const TIMEOUT_MS = 15_000;

/** The JSON body: the notice's facts for machines, the formatted text for people. */
export function webhookPayload(notice: Notice, message: Message): Record<string, unknown> {
  return {
    source: 'b24nav',
    kind: notice.kind,
    key: notice.alert.key,
    rule: notice.alert.rule,
    subject: notice.alert.subject,
    severity: notice.alert.severity,
    since: new Date(notice.since).toISOString(),
    at: new Date(notice.at).toISOString(),
    title: message.subject,
    text: message.text,
    facts: notice.alert.facts,
  };
}

export function webhookChannel(config: WebhookConfig): Channel {
  return {
    name: 'webhook',
    async send(notice: Notice, message: Message): Promise<void> {
      let status: number;
      try {
        const res = await request(config.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(config.secret ? { [config.secretHeader.toLowerCase()]: config.secret } : {}) },
          body: JSON.stringify(webhookPayload(notice, message)),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        status = res.statusCode;
        await res.body.dump();
      } catch (error) {
        throw new Error(`webhook POST: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      if (status < 200 || status >= 300) throw new Error(`webhook POST answered HTTP ${status}`);
    },
  };
}
