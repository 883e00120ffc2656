// Bulk writes: each record is a small plan of commands (company add, requisite
// add with `ENTITY_ID=$result[c7]`, address add with `ENTITY_ID=$result[r7]`, …).
// Plans are packed whole into explicit `batch` requests of at most 50 commands
// (reference §4: commands run in order, `$result[cmd]` refers to an earlier one),
// and each record's outcome is read from `result_error` of its own commands.
// A create whose later step failed is undone (DESIGN §3.9) so that no half record
// stays and a retry does not meet a duplicate.
import { SyncError } from '../../../core/failure.ts';
import { silentLogger, type Logger } from '../../../core/log.ts';
import type { B24Client, BatchCommand, BatchReply } from '../client.ts';
import { MAX_BATCH_COMMANDS } from '../client.ts';

/** A reference to the result of another command of the same plan: `$result[<name><n>][path]…`. */
export interface ResultRef {
  readonly resultOf: string;
  readonly path: readonly string[];
}

export function resultOf(name: string, ...path: string[]): ResultRef {
  return { resultOf: name, path };
}

function isRef(value: unknown): value is ResultRef {
  return value !== null && typeof value === 'object' && typeof (value as { resultOf?: unknown }).resultOf === 'string';
}

export interface PlannedCommand {
  /** Unique within the plan: `c`, `r`, `a`, `p`. */
  readonly name: string;
  readonly method: string;
  /** May hold ResultRefs anywhere. */
  readonly params: Record<string, unknown>;
}

export interface WritePlan {
  readonly ref: string;
  readonly commands: readonly PlannedCommand[];
  /** The id of the record: known (update) or read from a command's result (create). */
  readonly id: string | ((results: Readonly<Record<string, unknown>>) => string | undefined);
  /** Commands that remove what a create made, when a later command of the plan failed. */
  readonly undo?: (id: string) => PlannedCommand[];
}

/** An id in an answer (`result: 42`, `{element: {id: 42}}`) as a string. */
export function idIn(value: unknown): string | undefined {
  return typeof value === 'number' || (typeof value === 'string' && value !== '') ? String(value) : undefined;
}

export type Planned = WritePlan | { readonly ref: string; readonly error: SyncError };

export type PlanOutcome =
  /** `results`: the answers of the plan's commands, by command name (empty for a plan with nothing to write). */
  | { readonly ref: string; readonly ok: true; readonly id: string; readonly results: Readonly<Record<string, unknown>> }
  | { readonly ref: string; readonly ok: false; readonly error: SyncError };

function isPlan(p: Planned): p is WritePlan {
  return 'commands' in p;
}

function substitute(value: unknown, suffix: string): unknown {
  if (isRef(value)) return `$result[${value.resultOf}${suffix}]${value.path.map((p) => `[${p}]`).join('')}`;
  if (Array.isArray(value)) return value.map((v) => substitute(v, suffix));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, suffix)]));
  return value;
}

/** Packs plans into batches of ≤ 50 commands without splitting a plan. */
function pack(plans: readonly WritePlan[]): WritePlan[][] {
  const batches: WritePlan[][] = [];
  let current: WritePlan[] = [];
  let size = 0;
  for (const plan of plans) {
    if (size + plan.commands.length > MAX_BATCH_COMMANDS && current.length > 0) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(plan);
    size += plan.commands.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

interface Settled {
  readonly outcome: PlanOutcome;
  readonly undo: PlannedCommand[];
}

function settle(plan: WritePlan, suffix: string, reply: BatchReply): Settled {
  const results: Record<string, unknown> = {};
  for (const c of plan.commands) if (`${c.name}${suffix}` in reply.results) results[c.name] = reply.results[`${c.name}${suffix}`];
  const id = typeof plan.id === 'string' ? plan.id : plan.id(results);
  const failed = plan.commands.find((c) => reply.errors[`${c.name}${suffix}`] !== undefined);
  if (!failed) {
    if (id === undefined) return { outcome: { ref: plan.ref, ok: false, error: new SyncError('B24_SERVER_ERROR', `${plan.commands[0]?.method ?? 'batch'}: no id in the answer`) }, undo: [] };
    return { outcome: { ref: plan.ref, ok: true, id, results }, undo: [] };
  }
  const error = reply.errors[`${failed.name}${suffix}`] as SyncError;
  const undo = plan.undo && id !== undefined && typeof plan.id !== 'string' ? plan.undo(id) : [];
  return { outcome: { ref: plan.ref, ok: false, error }, undo };
}

async function runBatch(client: B24Client, plans: readonly WritePlan[]): Promise<Settled[]> {
  const commands: Record<string, BatchCommand> = {};
  plans.forEach((plan, i) => {
    for (const c of plan.commands) commands[`${c.name}${i}`] = { method: c.method, params: substitute(c.params, String(i)) as Record<string, unknown> };
  });
  let reply: BatchReply;
  try {
    reply = await client.batch(commands);
  } catch (error) {
    const failure = error instanceof SyncError ? error : new SyncError('B24_SERVER_ERROR', `batch: ${String(error)}`, { cause: error });
    return plans.map((plan) => ({ outcome: { ref: plan.ref, ok: false, error: failure }, undo: [] }));
  }
  return plans.map((plan, i) => settle(plan, String(i), reply));
}

/** Runs the plans; outcomes in the order of `planned`. Undo commands run after, best effort. */
export async function runPlans(client: B24Client, planned: readonly Planned[], log: Logger = silentLogger): Promise<PlanOutcome[]> {
  const plans = planned.filter(isPlan);
  const empty = plans.filter((p) => p.commands.length === 0);
  const batches = pack(plans.filter((p) => p.commands.length > 0));
  const settled = (await Promise.all(batches.map((b) => runBatch(client, b)))).flat();
  const undo = settled.flatMap((s, i) => s.undo.map((c) => ({ ...c, name: `${c.name}${i}u` })));
  if (undo.length > 0) await undoAll(client, undo, log);
  const byRef = new Map<string, PlanOutcome>(settled.map((s) => [s.outcome.ref, s.outcome]));
  for (const p of empty) {
    byRef.set(p.ref, typeof p.id === 'string' ? { ref: p.ref, ok: true, id: p.id, results: {} } : { ref: p.ref, ok: false, error: new SyncError('B24_VALIDATION', 'nothing to write') });
  }
  return planned.map((p) => (isPlan(p) ? (byRef.get(p.ref) as PlanOutcome) : { ref: p.ref, ok: false, error: p.error }));
}

// A failed undo leaves a record that exists and carries ORIGIN_ID/xmlId, so the
// engine's look-up before the next create still finds it: no duplicate either way.
async function undoAll(client: B24Client, commands: PlannedCommand[], log: Logger): Promise<void> {
  for (let i = 0; i < commands.length; i += MAX_BATCH_COMMANDS) {
    const part = commands.slice(i, i + MAX_BATCH_COMMANDS);
    try {
      const reply = await client.batch(Object.fromEntries(part.map((c) => [c.name, { method: c.method, params: c.params }])));
      for (const [key, error] of Object.entries(reply.errors)) log.warn({ command: key, code: error.code, message: error.message }, 'Bitrix24: undoing a half-created record failed');
    } catch (error) {
      log.warn({ error: String(error) }, 'Bitrix24: undoing half-created records failed');
    }
  }
}
