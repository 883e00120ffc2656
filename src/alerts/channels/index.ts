// The channels configured under alerts.channels, in a fixed order.
import type { AlertsConfig } from '../../config/alerts-schema.ts';
import type { Channel } from '../types.ts';
import { bitrix24Channel, type B24Caller } from './bitrix24.ts';
import { emailChannel } from './email.ts';
import { telegramChannel } from './telegram.ts';
import { webhookChannel } from './webhook.ts';

export { bitrix24Channel, type B24Caller } from './bitrix24.ts';
export { emailChannel, type EmailConfig } from './email.ts';
export { telegramChannel, type TelegramConfig } from './telegram.ts';
export { webhookChannel, webhookPayload, type WebhookConfig } from './webhook.ts';

export function createChannels(config: AlertsConfig['channels'], b24: B24Caller): Channel[] {
  const channels: Channel[] = [];
  if (config.bitrix24) channels.push(bitrix24Channel(b24, config.bitrix24.userIds));
  if (config.email) channels.push(emailChannel(config.email));
  if (config.telegram) channels.push(telegramChannel(config.telegram));
  if (config.webhook) channels.push(webhookChannel(config.webhook));
  return channels;
}
