// Fault injection shared by both sandboxes. A rule says which calls it hits
// (a method or page name, `*` wildcards allowed), what happens, and how often.
// Decisions come from a seeded PRNG so a fault run can be repeated exactly.
import { z } from 'zod';
import { seededRandom, type Random } from '../../core/random.ts';

export const FAULT_KINDS = [
  'latency', // answer late (latencyMs)
  'http_500', // answer 500 without doing anything
  'timeout', // hold the request without answering until the client gives up; nothing is applied
  'drop_after_commit', // apply the write, then cut the connection before the answer
  'rate_limit', // B24: 503 QUERY_LIMIT_EXCEEDED / NAV: 429
  'expire_tokens', // B24: the OAuth access token used is expired now
  'stale_key', // NAV: the record's Key/ETag changes just before the call, as if a user edited it
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export const faultRuleInput = z
  .object({
    kind: z.enum(FAULT_KINDS),
    method: z.string().min(1).default('*').describe('method (B24) or "<Page>.<Operation>" / "<Page>" (NAV); * matches any run of characters'),
    rate: z.number().min(0).max(1).default(1),
    count: z.number().int().positive().optional().describe('fire at most this many times, then the rule retires'),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleInput>;

export interface FaultRule {
  readonly id: string;
  readonly kind: FaultKind;
  readonly method: string;
  readonly rate: number;
  remaining: number | undefined;
  readonly latencyMs: number | undefined;
  fired: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private random: Random;
  private nextId = 1;
  /** Faults actually injected, per kind, since the last reset. */
  readonly injected: Record<FaultKind, number> = emptyCounts();

  constructor(
    private readonly allowed: readonly FaultKind[],
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  reseed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** Adds a rule; throws a ZodError naming the bad field, or an Error for a kind this sandbox lacks. */
  add(input: FaultRuleInput): FaultRule {
    const parsed = faultRuleInput.parse(input);
    if (!this.allowed.includes(parsed.kind)) {
      throw new Error(`fault kind "${parsed.kind}" is not supported by this sandbox; use one of: ${this.allowed.join(', ')}`);
    }
    const rule: FaultRule = {
      id: String(this.nextId++),
      kind: parsed.kind,
      method: parsed.method,
      rate: parsed.rate,
      remaining: parsed.count,
      latencyMs: parsed.latencyMs,
      fired: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    for (const k of FAULT_KINDS) this.injected[k] = 0;
  }

  /**
   * The rules that fire for this call, at most one per kind, in rule order.
   * Each matching rule draws from the PRNG, so the sequence depends only on the seed
   * and the order of calls.
   */
  draw(method: string, kinds: readonly FaultKind[] = FAULT_KINDS): FaultRule[] {
    const fired: FaultRule[] = [];
    for (const rule of this.rules) {
      if (!kinds.includes(rule.kind) || !matches(rule.method, method)) continue;
      if (rule.remaining !== undefined && rule.remaining <= 0) continue;
      if (fired.some((r) => r.kind === rule.kind)) continue;
      if (rule.rate < 1 && this.random() >= rule.rate) continue;
      if (rule.remaining !== undefined) rule.remaining--;
      rule.fired++;
      this.injected[rule.kind]++;
      fired.push(rule);
    }
    return fired;
  }
}

function emptyCounts(): Record<FaultKind, number> {
  return Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
}

const patternCache = new Map<string, RegExp>();

export function matches(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
