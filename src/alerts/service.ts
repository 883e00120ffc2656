// The alert loop of `b24nav run` and `b24nav demo`: every evaluateEverySeconds,
// probe a system nothing has called lately, run the enabled rules, turn the change
// in what fires into notices (tracker) and deliver them (notifier). A rule that
// cannot be evaluated (the store is down) keeps its alerts as they were, so an
// outage of the store never reads as "resolved".
import { Gauge, type Registry } from 'prom-client';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Redactor } from '../core/redact.ts';
import type { AlertsConfig } from '../config/alerts-schema.ts';
import { SYSTEMS, type WatchedSystem } from '../metrics/index.ts';
import type { Db } from '../store/index.ts';
import { Notifier } from './notifier.ts';
import { RULE_FUNCTIONS, type Watch } from './rules.ts';
import { AlertTracker, type FiringAlert } from './tracker.ts';
import { RULES, type Alert, type Channel, type Notice } from './types.ts';

export interface AlertServiceDeps {
  readonly config: AlertsConfig;
  readonly db: Db;
  readonly watch: Watch;
  readonly clock: Clock;
  readonly log: Logger;
  readonly redactor: Redactor;
  readonly channels: readonly Channel[];
  /** A cheap call per system, made when nothing else called it for probeEverySeconds. */
  readonly probes?: Partial<Record<WatchedSystem, () => Promise<unknown>>>;
  /** Where b24nav_alerts_firing and b24nav_alert_notifications_total go (the service's telemetry registry). */
  readonly registry?: Registry;
}

export class AlertService {
  private readonly tracker: AlertTracker;
  private readonly notifier: Notifier;
  private readonly log: Logger;
  private readonly probing = new Set<WatchedSystem>();
  private readonly firingGauge: Gauge<'rule'> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: AlertServiceDeps) {
    this.log = deps.log.child({ component: 'alerts' });
    this.tracker = new AlertTracker(deps.config.remindAfterMinutes * 60_000);
    this.notifier = new Notifier(deps.channels, { language: deps.config.language, dashboardUrl: deps.config.dashboardUrl, log: this.log, redactor: deps.redactor, registry: deps.registry });
    this.firingGauge = deps.registry ? new Gauge({ name: 'b24nav_alerts_firing', help: 'Alerts firing now, by rule', labelNames: ['rule'], registers: [deps.registry] }) : undefined;
    for (const rule of RULES) this.firingGauge?.set({ rule }, 0);
  }

  get channels(): string[] {
    return this.deps.channels.map((c) => c.name);
  }

  /** One evaluation: probes, rules, notices, delivery. Returns the notices it produced. */
  async evaluate(): Promise<Notice[]> {
    const cfg = this.deps.config;
    const now = this.deps.clock.now();
    if (cfg.rules.unreachable.enabled) this.probe(now);
    const previous = this.tracker.firing();
    const current: Alert[] = [];
    for (const rule of RULES) {
      if (!cfg.rules[rule].enabled) continue;
      try {
        current.push(...(await RULE_FUNCTIONS[rule](cfg.rules, { db: this.deps.db, now, watch: this.deps.watch })));
      } catch (error) {
        this.log.warn({ rule, err: this.deps.redactor.text(error instanceof Error ? error.message : String(error)) }, 'alert rule could not be evaluated; its alerts stay as they were');
        current.push(...previous.filter((f) => f.alert.rule === rule).map((f) => f.alert));
      }
    }
    const notices = this.tracker.update(current, now);
    if (this.firingGauge) for (const rule of RULES) this.firingGauge.set({ rule }, current.filter((a) => a.rule === rule).length);
    await this.notifier.deliver(notices);
    return notices;
  }

  private probe(now: number): void {
    const every = this.deps.config.rules.unreachable.probeEverySeconds * 1000;
    for (const system of SYSTEMS) {
      const probe = this.deps.probes?.[system];
      const last = this.deps.watch.reachability.state(system).lastCallAt;
      if (!probe || this.probing.has(system) || (last !== null && now - last < every)) continue;
      this.probing.add(system);
      // Not awaited: the client's own retries may take minutes; every attempt reaches the watch on its own.
      void probe()
        .catch(() => undefined)
        .finally(() => this.probing.delete(system));
    }
  }

  firing(): FiringAlert[] {
    return this.tracker.firing();
  }

  /** Evaluates every evaluateEverySeconds until stop(); never two evaluations at once. */
  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      if (this.running) return;
      this.running = this.evaluate()
        .catch((error: unknown) => this.log.error({ err: this.deps.redactor.text(String(error)) }, 'alert evaluation failed'))
        .finally(() => {
          this.running = undefined;
        });
    };
    this.timer = setInterval(tick, this.deps.config.evaluateEverySeconds * 1000);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.notifier.close();
  }
}
