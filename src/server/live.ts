// Live updates for the dashboard over server-sent events (GET /api/events). One
// snapshot (status and throughput) is computed per tick for all open streams, and
// sent only to streams it changed for; an operator action pushes at once. The
// timer runs only while someone watches. Streams whose session ended are closed.
import type { ServerResponse } from 'node:http';
import type { Logger } from '../core/log.ts';

export interface LiveOptions {
  /** Computes what every stream shows; called once per tick, not per stream. */
  readonly snapshot: () => Promise<unknown>;
  readonly intervalMs: number;
  readonly log: Logger;
}

interface Stream {
  readonly res: ServerResponse;
  readonly alive: () => boolean;
  last: string | null;
}

export class LiveHub {
  private readonly streams = new Set<Stream>();
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> | undefined;
  private pending = false;

  constructor(private readonly options: LiveOptions) {}

  /** Starts an event stream on `res` (already hijacked from the framework). */
  attach(res: ServerResponse, alive: () => boolean): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // nginx and similar proxies: pass events through as they come.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${Math.max(1000, this.options.intervalMs)}\n\n`);
    const stream: Stream = { res, alive, last: null };
    this.streams.add(stream);
    res.on('close', () => this.detach(stream));
    this.timer ??= setInterval(() => void this.push(), this.options.intervalMs);
    void this.push();
  }

  /** Something changed because an operator acted: tell every stream now. */
  notify(action: string): void {
    for (const stream of this.streams) this.send(stream, 'action', JSON.stringify({ action }));
    void this.push();
  }

  get size(): number {
    return this.streams.size;
  }

  /** Ends every stream (the server is closing). */
  close(): void {
    for (const stream of [...this.streams]) {
      stream.res.end();
      this.detach(stream);
    }
  }

  private detach(stream: Stream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** One computation at a time; a push asked for meanwhile runs right after it. */
  private push(): Promise<void> {
    if (this.busy) {
      this.pending = true;
      return this.busy;
    }
    this.busy = this.broadcast().finally(() => {
      this.busy = undefined;
      if (this.pending) {
        this.pending = false;
        void this.push();
      }
    });
    return this.busy;
  }

  private async broadcast(): Promise<void> {
    if (this.streams.size === 0) return;
    let data: string;
    try {
      data = JSON.stringify(await this.options.snapshot());
    } catch (error) {
      this.options.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'live update failed; the next tick tries again');
      return;
    }
    for (const stream of [...this.streams]) {
      if (!stream.alive()) {
        this.send(stream, 'signed-out', '{}');
        stream.res.end();
        this.detach(stream);
      } else if (stream.last !== data) {
        stream.last = data;
        this.send(stream, 'snapshot', data);
      } else {
        // A comment keeps idle proxies from cutting the stream.
        stream.res.write(': unchanged\n\n');
      }
    }
  }

  private send(stream: Stream, event: string, data: string): void {
    stream.res.write(`event: ${event}\ndata: ${data}\n\n`);
  }
}
