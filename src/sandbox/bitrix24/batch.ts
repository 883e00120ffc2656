// `batch` (reference §4): up to 50 commands "method?query", run one after
// another, `$result[cmd][field]…` references to earlier results, `halt`, always
// HTTP 200 with per-command results and errors. The batch takes one request from
// the bucket; each command is charged to its own method's operating time.
import { B24Error, batchLengthExceeded, batchMethodNotAllowed } from './errors.ts';
import { flagParam, objectParam, parseQueryString, text, type Params } from './params.ts';
import { phpMap } from './php.ts';
import type { Portal, TimeInfo } from './portal.ts';
import type { CallerAuth } from './registry.ts';

export const MAX_BATCH = 50;

const REFERENCE = /\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g;

function lookup(results: Record<string, unknown>, key: string, path: string): unknown {
  let value: unknown = results[key];
  for (const m of path.matchAll(/\[([^\]]*)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[m[1] as string];
  }
  return value;
}

function substitute(value: unknown, results: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    if (!value.includes('$result[')) return value;
    const whole = /^\$result\[([^\]]+)\]((?:\[[^\]]*\])*)$/.exec(value);
    if (whole) return lookup(results, whole[1] as string, whole[2] ?? '') ?? '';
    return value.replace(REFERENCE, (_, key: string, path: string) => text(lookup(results, key, path)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, results));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, results)]));
  }
  return value;
}

export function splitCommand(command: string): { method: string; params: Params } {
  const q = command.indexOf('?');
  const method = (q === -1 ? command : command.slice(0, q)).trim().replace(/\.json$/, '');
  return { method, params: q === -1 ? {} : parseQueryString(command.slice(q + 1)) };
}

export interface BatchOutcome {
  readonly result: Record<string, unknown>;
  /** Methods the batch ran, for fault rules and operating time. */
  readonly methods: string[];
}

/** The commands of a batch request, in order: [key, method, params]. */
export function batchCommands(params: Params): Array<{ key: string; method: string; params: Params }> {
  const cmd = objectParam(params, 'cmd') ?? {};
  const entries = Object.entries(cmd);
  // A top-level 400 for the whole batch; whether commands past 50 fail one by one in
  // result_error instead is UNCONFIRMED (reference §4) — clients never send more than 50.
  if (entries.length > MAX_BATCH) throw batchLengthExceeded();
  return entries.map(([key, command]) => ({ key, ...splitCommand(text(command)) }));
}

export function runBatch(portal: Portal, params: Params, auth: CallerAuth, authConnector: string | null): BatchOutcome {
  const halt = flagParam(params, 'halt', false);
  const commands = batchCommands(params);
  const results: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  const totals: Record<string, unknown> = {};
  const nexts: Record<string, unknown> = {};
  const times: Record<string, TimeInfo> = {};
  for (const command of commands) {
    const sub = substitute(command.params, results) as Params;
    const connector = sub['auth_connector'] === undefined ? authConnector : text(sub['auth_connector']);
    delete sub['auth'];
    try {
      if (command.method.toLowerCase() === 'batch') throw batchMethodNotAllowed();
      const { output, time } = portal.invoke(command.method, sub, auth, { authConnector: connector, inBatch: true });
      results[command.key] = output.result;
      if (output.total !== undefined) totals[command.key] = output.total;
      if (output.next !== undefined) nexts[command.key] = output.next;
      times[command.key] = time;
    } catch (error) {
      if (!(error instanceof B24Error)) throw error;
      errors[command.key] = error.body();
      if (halt) break;
    }
  }
  return {
    result: {
      result: phpMap(results),
      result_error: phpMap(errors),
      result_total: phpMap(totals),
      result_next: phpMap(nexts),
      result_time: phpMap(times),
    },
    methods: commands.map((c) => c.method.toLowerCase()),
  };
}
