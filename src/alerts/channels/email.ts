// Alerts by e-mail over SMTP (nodemailer): one message per notice to every
// recipient, plain text.
import nodemailer from 'nodemailer';
import type { AlertsConfig } from '../../config/alerts-schema.ts';
import type { Channel, Message } from '../types.ts';

export type EmailConfig = NonNullable<AlertsConfig['channels']['email']>;

const TIMEOUT_MS = 15_000;

export function emailChannel(config: EmailConfig): Channel {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth ? { auth: { user: config.auth.user, pass: config.auth.pass } } : {}),
    tls: { rejectUnauthorized: !config.tls.insecure },
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  return {
    name: 'email',
    async send(_notice, message: Message): Promise<void> {
      await transport.sendMail({ from: config.from, to: [...config.to], subject: message.subject, text: message.text });
    },
    close(): Promise<void> {
      transport.close();
      return Promise.resolve();
    },
  };
}
