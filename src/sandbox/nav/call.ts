// One NAV web service call as the sandbox runs it: injected faults (latency,
// 500, 429, a held request, a stale record, a write whose answer is lost), then
// the operation in one transaction, then the answer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../core/clock.ts';
import type { FaultInjector } from '../common/faults.ts';

export interface CallAnswer {
  readonly status: number;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface CallSpec {
  /** "<Service>.<Operation>", what fault rules match. */
  readonly method: string;
  readonly write: boolean;
  /** Applies the operation and answers; throws for failures. */
  run(): CallAnswer;
  /** Turns a failure into the protocol's error answer. */
  fail(error: unknown): CallAnswer;
  /** The protocol's answer to an injected server error. */
  serverError(): CallAnswer;
  /** For stale_key: changes the version of the records the request names, as a user edit would. */
  touch?(): void;
}

export interface CallHost {
  readonly faults: FaultInjector;
  readonly clock: Clock;
  /** Called after each applied write (persistence). */
  changed(): void;
}

export async function runCall(host: CallHost, request: FastifyRequest, reply: FastifyReply, spec: CallSpec): Promise<void> {
  const fired = host.faults.draw(spec.method);
  const has = (kind: string): boolean => fired.some((r) => r.kind === kind);
  const latency = fired.find((r) => r.kind === 'latency');
  if (latency) await host.clock.sleep(latency.latencyMs ?? 1000);
  if (has('rate_limit')) {
    await send(reply, { status: 429, contentType: 'text/plain', headers: { 'retry-after': '1' }, body: 'Too Many Requests' });
    return;
  }
  if (has('http_500')) {
    await send(reply, spec.serverError());
    return;
  }
  if (has('timeout')) {
    // Hold the request without an answer until the client gives up; nothing is applied.
    reply.hijack();
    const socket = request.raw.socket;
    await new Promise<void>((resolve) => {
      if (socket.destroyed) resolve();
      else socket.once('close', () => resolve());
    });
    return;
  }
  if (has('stale_key')) spec.touch?.();
  let answer: CallAnswer;
  try {
    answer = spec.run();
    if (spec.write && answer.status < 400) host.changed();
  } catch (error) {
    answer = spec.fail(error);
  }
  if (has('drop_after_commit')) {
    reply.hijack();
    request.raw.socket.destroy();
    return;
  }
  await send(reply, answer);
}

export async function send(reply: FastifyReply, answer: CallAnswer): Promise<void> {
  reply.code(answer.status);
  if (answer.contentType) reply.header('content-type', answer.contentType);
  for (const [name, value] of Object.entries(answer.headers ?? {})) reply.header(name, value);
  await reply.send(answer.body ?? '');
}
