// Every channel against a real receiver on 127.0.0.1: e-mail against a local SMTP
// catcher (smtp-server), Telegram and the webhook against a local HTTP receiver,
// Bitrix24 notifications against the B24 sandbox. Then delivery: a failing
// channel is logged redacted, does not stop the others, and is tried again.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { request } from 'undici';
import { B24Client } from '../connectors/bitrix24/index.ts';
import { Redactor } from '../core/redact.ts';
import { alertsSchema } from '../config/alerts-schema.ts';
import { startB24Sandbox, type RunningB24Sandbox } from '../sandbox/bitrix24/index.ts';
import { bitrix24Channel, emailChannel, telegramChannel, webhookChannel } from './channels/index.ts';
import { formatNotice } from './format.ts';
import { MAX_ATTEMPTS, Notifier } from './notifier.ts';
import { capturingLogger, RecordingChannel, startReceiver, type Receiver } from './test-support.ts';
import type { Alert, Notice } from './types.ts';

const T = Date.UTC(2026, 2, 2, 9, 30);
const alert: Alert = { key: 'deadLetters:customers', rule: 'deadLetters', subject: 'customers', severity: 'warning', facts: { rule: 'deadLetters', entity: 'customers', count: 3, withinMinutes: 60, threshold: 1 } };
const firing: Notice = { kind: 'firing', alert, since: T, at: T };
const resolved: Notice = { kind: 'resolved', alert, since: T, at: T + 25 * 60_000 };
const BOT_TOKEN = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnn';

const channels = (input: Record<string, unknown>) => alertsSchema.parse({ channels: input }).channels;

describe('alert channels', () => {
  describe('e-mail over SMTP', () => {
    let smtp: SMTPServer;
    let port: number;
    const mails: Array<{ from: string; to: string[]; raw: string; user: string | undefined }> = [];
    before(async () => {
      smtp = new SMTPServer({
        disabledCommands: ['STARTTLS'],
        allowInsecureAuth: true,
        onAuth(auth, _session, callback) {
          if (auth.username === 'alerts' && auth.password === 'smtp-Pass-77') callback(null, { user: auth.username });
          else callback(new Error('Invalid username or password'));
        },
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const from = session.envelope.mailFrom;
            mails.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'), user: session.user as string | undefined });
            callback();
          });
        },
      });
      await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
      port = (smtp.server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

    it('sends the notice to every recipient, signed in with the configured account', async () => {
      const cfg = channels({ email: { host: '127.0.0.1', port, auth: { user: 'alerts', pass: 'smtp-Pass-77' }, from: 'b24nav@example.com', to: ['ops@example.com', 'lead@example.com'] } }).email;
      assert.ok(cfg);
      const channel = emailChannel(cfg);
      try {
        await channel.send(firing, formatNotice(firing, 'en'));
        await channel.send(resolved, formatNotice(resolved, 'ru'));
      } finally {
        await channel.close?.();
      }
      assert.equal(mails.length, 2);
      assert.deepEqual(mails[0]?.to, ['ops@example.com', 'lead@example.com']);
      assert.equal(mails[0]?.from, 'b24nav@example.com');
      assert.equal(mails[0]?.user, 'alerts');
      assert.match(mails[0]?.raw ?? '', /Subject: \[b24nav\] ALERT: 3 customers dead-lettered in 60 min/);
      assert.match(mails[0]?.raw ?? '', /Open the dead letters/);
      assert.match(mails[1]?.raw ?? '', /Subject: =\?UTF-8\?/, 'the Russian subject is MIME-encoded');
    });

    it('a refused login fails the send with the server\'s answer', async () => {
      const cfg = channels({ email: { host: '127.0.0.1', port, auth: { user: 'alerts', pass: 'wrong-pass' }, from: 'b24nav@example.com', to: ['ops@example.com'] } }).email;
      assert.ok(cfg);
      const channel = emailChannel(cfg);
      try {
        await assert.rejects(channel.send(firing, formatNotice(firing, 'en')), /Invalid username or password/);
      } finally {
        await channel.close?.();
      }
    });
  });

  describe('Telegram and webhook over HTTP', () => {
    let receiver: Receiver;
    before(async () => {
      receiver = await startReceiver();
    });
    after(() => receiver.close());

    it('Telegram: sendMessage with the bot token in the path, to every chat', async () => {
      receiver.received.length = 0;
      receiver.answer = { status: 200, body: { ok: true, result: { message_id: 1 } } };
      const cfg = channels({ telegram: { botToken: BOT_TOKEN, chatIds: [-1001234567890, '@b24nav_ops'], apiBaseUrl: receiver.url } }).telegram;
      assert.ok(cfg);
      const message = formatNotice(firing, 'en');
      await telegramChannel(cfg).send(firing, message);
      assert.deepEqual(receiver.received.map((r) => r.path), [`/bot${BOT_TOKEN}/sendMessage`, `/bot${BOT_TOKEN}/sendMessage`]);
      assert.deepEqual(receiver.received.map((r) => (r.body as { chat_id: unknown }).chat_id), [-1001234567890, '@b24nav_ops']);
      assert.equal((receiver.received[0]?.body as { text: string }).text, `${message.subject}\n\n${message.text}`);
    });

    it('Telegram: a refusal fails with Telegram\'s description and without the token', async () => {
      receiver.answer = { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: chat not found' } };
      const cfg = channels({ telegram: { botToken: BOT_TOKEN, chatIds: [42], apiBaseUrl: receiver.url } }).telegram;
      assert.ok(cfg);
      const error = await telegramChannel(cfg).send(firing, formatNotice(firing, 'en')).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof Error);
      assert.match(error.message, /chat 42: HTTP 400 — Bad Request: chat not found/);
      assert.ok(!error.message.includes(BOT_TOKEN));
    });

    it('webhook: POSTs the notice as JSON with the secret header', async () => {
      receiver.received.length = 0;
      receiver.answer = { status: 204, body: {} };
      const cfg = channels({ webhook: { url: `${receiver.url}/hooks/b24nav`, secret: 'hook-secret-123' } }).webhook;
      assert.ok(cfg);
      await webhookChannel(cfg).send(resolved, formatNotice(resolved, 'en'));
      const post = receiver.received[0];
      assert.equal(post?.path, '/hooks/b24nav');
      assert.equal(post?.headers['x-b24nav-secret'], 'hook-secret-123');
      assert.deepEqual(post?.body, {
        source: 'b24nav',
        kind: 'resolved',
        key: 'deadLetters:customers',
        rule: 'deadLetters',
        subject: 'customers',
        severity: 'warning',
        since: '2026-03-02T09:30:00.000Z',
        at: '2026-03-02T09:55:00.000Z',
        title: '[b24nav] RESOLVED: no new customers dead letters',
        text: 'It had fired since 2026-03-02 09:30 UTC (25 min).',
        facts: { rule: 'deadLetters', entity: 'customers', count: 3, withinMinutes: 60, threshold: 1 },
      });
      receiver.answer = { status: 500, body: {} };
      await assert.rejects(webhookChannel(cfg).send(firing, formatNotice(firing, 'en')), /HTTP 500/);
    });
  });

  describe('Bitrix24 notifications', () => {
    let sb: RunningB24Sandbox;
    let client: B24Client;
    before(async () => {
      sb = await startB24Sandbox({ port: 0, limits: false, seed: { companies: 0, contacts: 0, deals: 0, products: 0 } });
      client = new B24Client({ credentials: { kind: 'webhook', url: sb.webhookUrl } });
    });
    after(async () => {
      await client.close();
      await sb.close();
    });

    const notifications = async (): Promise<Array<{ userId: number; message: string; tag: string | null }>> => {
      const res = await request(`${sb.url}/_sandbox/notifications`);
      return ((await res.body.json()) as { notifications: Array<{ userId: number; message: string; tag: string | null }> }).notifications;
    };

    it('im.notify.system.add to each chosen user, tagged by alert', async () => {
      const message = formatNotice(firing, 'ru');
      await bitrix24Channel(client, [1, 2]).send(firing, message);
      const got = await notifications();
      assert.deepEqual(got.map((n) => [n.userId, n.tag]), [[1, 'b24nav:deadLetters:customers'], [2, 'b24nav:deadLetters:customers']]);
      assert.equal(got[0]?.message, `[b]${message.subject}[/b]\n${message.text}`);
      assert.match(got[0]?.message ?? '', /ТРЕВОГА: клиенты: 3 записей с ошибкой за 60 мин/);
    });

    it('an unknown user fails the send, naming the user; the others still get it', async () => {
      const before = (await notifications()).length;
      await assert.rejects(bitrix24Channel(client, [999, 1]).send(firing, formatNotice(firing, 'en')), /user 999/);
      assert.equal((await notifications()).length, before + 1);
    });
  });

  describe('delivery', () => {
    it('a failing channel is logged redacted and does not stop the others; its messages are tried again, in order, then given up', async () => {
      const redactor = new Redactor();
      redactor.add('smtp-Pass-77');
      const log = capturingLogger();
      const good = new RecordingChannel('webhook');
      const bad = new RecordingChannel('email');
      bad.failWith = 'Invalid login for alerts:smtp-Pass-77';
      const notifier = new Notifier([bad, good], { language: 'en', log, redactor });
      const first = await notifier.deliver([firing]);
      assert.deepEqual(first.map((d) => [d.channel, d.ok]), [['email', false], ['webhook', true]]);
      assert.equal(good.sent.length, 1);
      const failures = log.lines.filter((l) => l.fields['channel'] === 'email');
      assert.equal(failures.length, 1);
      assert.equal(failures[0]?.fields['err'], 'Invalid login for alerts:[redacted]');
      assert.ok(!JSON.stringify(log.lines).includes('smtp-Pass-77'));
      // The channel comes back: the earlier message goes first, then the new one.
      bad.failWith = undefined;
      await notifier.deliver([resolved]);
      assert.deepEqual(bad.sent.map((s) => s.notice.kind), ['firing', 'resolved']);
      assert.equal(notifier.waiting('email'), 0);
      // A channel that stays down: each message is tried MAX_ATTEMPTS times, then dropped with a last log line.
      bad.failWith = 'connect ECONNREFUSED';
      for (let i = 0; i < MAX_ATTEMPTS; i++) await notifier.deliver(i === 0 ? [firing] : []);
      assert.equal(notifier.waiting('email'), 0);
      assert.ok(log.lines.some((l) => l.fields['channel'] === 'email' && /giving this message up/.test(l.msg)));
    });

    it('with no channel, notices are only logged: warn when firing, info when resolved', async () => {
      const log = capturingLogger();
      const notifier = new Notifier([], { language: 'en', dashboardUrl: 'https://b24nav.example.com/', log, redactor: new Redactor() });
      assert.deepEqual(await notifier.deliver([firing, resolved]), []);
      assert.deepEqual(log.lines.map((l) => [l.level, l.msg]), [
        ['warn', '[b24nav] ALERT: 3 customers dead-lettered in 60 min'],
        ['info', '[b24nav] RESOLVED: no new customers dead letters'],
      ]);
      assert.match(String(log.lines[0]?.fields['text']), /Dashboard: https:\/\/b24nav\.example\.com\//);
    });
  });
});
