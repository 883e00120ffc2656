// Test helpers for the alerts: a logger that keeps what it was told, a channel
// that keeps what it was sent (or fails on demand), and an HTTP receiver on
// 127.0.0.1 that records posts and answers as told (Telegram, webhooks).
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../core/log.ts';
import type { Channel, Message, Notice } from './types.ts';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly msg: string;
}

export function capturingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (a: object | string, b?: string): void => {
      if (typeof a === 'string') lines.push({ level, fields: { ...bindings }, msg: a });
      else lines.push({ level, fields: { ...bindings, ...(a as Record<string, unknown>) }, msg: b ?? '' });
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (more) => capturingLogger(lines, { ...bindings, ...more }) };
}

export class RecordingChannel implements Channel {
  readonly sent: Array<{ notice: Notice; message: Message }> = [];
  /** While set, send() fails with this message. */
  failWith: string | undefined;

  constructor(readonly name: string) {}

  send(notice: Notice, message: Message): Promise<void> {
    if (this.failWith !== undefined) return Promise.reject(new Error(this.failWith));
    this.sent.push({ notice, message });
    return Promise.resolve();
  }
}

export interface ReceivedPost {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: unknown;
}

export interface Receiver {
  readonly url: string;
  readonly received: ReceivedPost[];
  /** Status and JSON body of the next answers (default 200 {"ok":true}). */
  answer: { status: number; body: unknown };
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: ReceivedPost[] = [];
  const state = { answer: { status: 200, body: { ok: true } as unknown } };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text
      }
      received.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(state.answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(state.answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get answer() {
      return state.answer;
    },
    set answer(a) {
      state.answer = a;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
