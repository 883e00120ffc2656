// The `alerts:` section of the config (docs/configuration.md#alerts): rules with
// their thresholds, on by default, and the channels that carry the messages. With
// no channel configured, alerts are only written to the log.
import { z } from 'zod';

const httpUrl = (what: string) => z.string().refine((s) => /^https?:\/\/[^\s]+$/.test(s), { message: `expected an http(s) URL for ${what}` });
const email = z.string().regex(/^[^\s@<>]+@[^\s@<>]+$/, 'expected an e-mail address like ops@example.com');
const enabled = z.boolean().default(true);

export const alertsSchema = z
  .object({
    /** Evaluate the rules under `b24nav run` and `b24nav demo`. */
    enabled,
    evaluateEverySeconds: z.number().int().min(5).max(3600).default(60),
    /** Send a firing alert again after this long; 0 = only when it starts and when it clears. */
    remindAfterMinutes: z.number().min(0).max(10_080).default(240),
    language: z.enum(['en', 'ru']).default('en'),
    /** The dashboard's address, linked from the messages. */
    dashboardUrl: httpUrl('alerts.dashboardUrl').optional(),
    rules: z
      .object({
        deadLetters: z.object({ enabled, count: z.number().int().min(1).max(1_000_000).default(1), withinMinutes: z.number().min(1).max(10_080).default(60) }).strict().prefault({}),
        lag: z.object({ enabled, minutes: z.number().min(0).max(10_080).default(30) }).strict().prefault({}),
        unreachable: z
          .object({ enabled, minutes: z.number().min(0).max(10_080).default(5), probeEverySeconds: z.number().int().min(10).max(3600).default(60) })
          .strict()
          .prefault({}),
        conflicts: z.object({ enabled, minutes: z.number().min(0).max(43_200).default(60) }).strict().prefault({}),
        tokenRefresh: z.object({ enabled }).strict().prefault({}),
      })
      .strict()
      .prefault({}),
    channels: z
      .object({
        bitrix24: z.object({ userIds: z.array(z.number().int().positive()).min(1, 'name at least one Bitrix24 user id') }).strict().optional(),
        email: z
          .object({
            host: z.string().min(1),
            port: z.number().int().min(1).max(65_535).default(587),
            /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
            secure: z.boolean().default(false),
            auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).strict().optional(),
            from: email,
            to: z.array(email).min(1, 'name at least one recipient'),
            tls: z.object({ insecure: z.boolean().default(false) }).strict().prefault({}),
          })
          .strict()
          .optional(),
        telegram: z
          .object({
            botToken: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, 'expected a bot token like 123456789:AA… from @BotFather'),
            chatIds: z.array(z.union([z.number().int(), z.string().regex(/^(-?\d+|@\w{4,})$/, 'expected a chat id (-100…) or @channelname')])).min(1, 'name at least one chat id'),
            apiBaseUrl: httpUrl('alerts.channels.telegram.apiBaseUrl').default('https://api.telegram.org'),
          })
          .strict()
          .optional(),
        webhook: z
          .object({
            url: httpUrl('alerts.channels.webhook.url'),
            /** Sent in `secretHeader` so the receiver can tell the post is ours. */
            secret: z.string().min(8).optional(),
            secretHeader: z.string().regex(/^[A-Za-z0-9-]+$/, 'expected an HTTP header name').default('X-B24nav-Secret'),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

export type AlertsConfig = z.output<typeof alertsSchema>;

/** The alert channels' secrets, to register with the redactor. */
export function alertSecrets(alerts: AlertsConfig): string[] {
  const c = alerts.channels;
  return [c.email?.auth?.pass, c.telegram?.botToken, c.webhook?.secret, c.webhook?.url].filter((s): s is string => s !== undefined);
}
