// Part (b)'s faults: the rules laid on both sandboxes, rate-limit bursts added
// while the service works, and the count of what each sandbox injected (kept
// across pauses: clearing a sandbox's rules also clears its counters).
import type { SandboxAdmin } from './systems.ts';

export interface FaultRule {
  readonly kind: string;
  readonly method?: string;
  readonly rate?: number;
  readonly count?: number;
  /** Not scaled with the others: a fault the run needs to meet at all, whatever the scale. */
  readonly fixed?: boolean;
}

/** The mix: http_500 10 %, timeout 5 %, drop_after_commit 5 % on both; token expiry on B24; stale keys on NAV writes. */
export const B24_RULES: readonly FaultRule[] = [
  { kind: 'http_500', rate: 0.1 },
  { kind: 'timeout', rate: 0.05 },
  { kind: 'drop_after_commit', rate: 0.05 },
  // On top of the short token lifetime: an access token that expires mid-run at any call.
  { kind: 'expire_tokens', rate: 0.02 },
];
export const NAV_RULES: readonly FaultRule[] = [
  { kind: 'http_500', rate: 0.1 },
  { kind: 'timeout', rate: 0.05 },
  { kind: 'drop_after_commit', rate: 0.05 },
  // Writes to NAV are few (a sync reads far more than it writes): a high rate so that some meet a changed Key.
  { kind: 'stale_key', method: '*.Update', rate: 0.4, fixed: true },
  { kind: 'stale_key', method: '*.Delete', rate: 0.4, fixed: true },
];
/** A burst: every request refused as over the limit (B24 503 QUERY_LIMIT_EXCEEDED, NAV 429) for a moment. */
export const BURST: FaultRule = { kind: 'rate_limit', rate: 1 };

export class FaultLedger {
  readonly injected: Record<'b24' | 'nav', Record<string, number>> = { b24: {}, nav: {} };
  bursts = 0;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<void> = Promise.resolve();

  /** `scale` multiplies every rate (1 = the mix). */
  constructor(
    private readonly admins: Record<'b24' | 'nav', SandboxAdmin>,
    private readonly scale = 1,
  ) {}

  async arm(): Promise<void> {
    const scaled = (rules: readonly FaultRule[]): Array<Omit<FaultRule, 'fixed'>> => rules.map(({ fixed, ...r }) => ({ ...r, rate: fixed === true ? (r.rate ?? 1) : (r.rate ?? 1) * this.scale }));
    await this.admins.b24.post('faults', scaled(B24_RULES));
    await this.admins.nav.post('faults', scaled(NAV_RULES));
  }

  /** Refuses every request of one system for `lengthMs` every `everyMs`, alternating between the systems. */
  startBursts(everyMs: number, lengthMs: number): void {
    const sides = ['b24', 'nav'] as const;
    this.timer = setInterval(() => {
      const side = sides[this.bursts % 2] as 'b24' | 'nav';
      this.bursts++;
      const admin = this.admins[side];
      this.pending = this.pending
        .then(async () => {
          const { rules } = (await admin.post('faults', BURST)) as { rules: Array<{ id: string }> };
          await new Promise((r) => setTimeout(r, lengthMs));
          for (const r of rules) await admin.removeFault(r.id);
        })
        .then(
          () => undefined,
          () => undefined,
        );
    }, everyMs);
  }

  async stopBursts(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.pending;
  }

  /** Takes both sandboxes' counters into the ledger and removes every rule. */
  async disarm(): Promise<void> {
    await this.pending;
    for (const side of ['b24', 'nav'] as const) {
      const counts = await this.admins[side].injected();
      for (const [kind, n] of Object.entries(counts)) this.injected[side][kind] = (this.injected[side][kind] ?? 0) + n;
      await this.admins[side].clearFaults();
    }
  }
}
