// The service's logger: pino (JSON lines on stderr, or readable with a TTY),
// with every secret the Redactor knows scrubbed from messages and fields.
import pino from 'pino';
import type { Logger } from '../core/log.ts';
import type { Redactor } from '../core/redact.ts';

export function createLogger(redactor: Redactor, level: string = 'info'): Logger {
  return pino(
    {
      level,
      base: { service: 'b24nav' },
      formatters: { log: (obj) => redactor.value(obj) },
      hooks: {
        logMethod(args, method) {
          // pino(obj, msg, ...) and pino(msg, ...): scrub every string argument.
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactor.text(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination(2),
  );
}
