// Alerts through a Telegram bot (Bot API sendMessage) to chosen chats. The bot
// token is part of the URL, so errors name the chat and Telegram's description,
// never the URL.
import { request } from 'undici';
import type { AlertsConfig } from '../../config/alerts-schema.ts';
import type { Channel, Message } from '../types.ts';

export type TelegramConfig = NonNullable<AlertsConfig['channels']['telegram']>;

const TIMEOUT_MS = 15_000;

export function telegramChannel(config: TelegramConfig): Channel {
  const url = `${config.apiBaseUrl.replace(/\/+$/, '')}/bot${config.botToken}/sendMessage`;
  const sendTo = async (chatId: string | number, text: string): Promise<void> => {
    let status: number;
    let body: { ok?: unknown; description?: unknown } | undefined;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ chat_id: chatId, text, disable_web_page_preview: true }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.statusCode;
      body = (await res.body.json().catch(() => undefined)) as typeof body;
    } catch (error) {
      throw new Error(`Telegram sendMessage to chat ${chatId}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (status !== 200 || body?.ok !== true) {
      throw new Error(`Telegram sendMessage to chat ${chatId}: HTTP ${status}${typeof body?.description === 'string' ? ` — ${body.description}` : ''}`);
    }
  };
  return {
    name: 'telegram',
    async send(_notice, message: Message): Promise<void> {
      const text = `${message.subject}\n\n${message.text}`;
      const results = await Promise.allSettled(config.chatIds.map((id) => sendTo(id, text)));
      const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
      if (failed.length > 0) throw new Error(failed.join('; '));
    },
  };
}
