// Where reconcile's findings go: counts per kind (always complete), the findings
// themselves up to a cap per kind (so a first run over 100,000 unlinked records does
// not hold them all), and, with --fix, the records to queue — flushed page by page.
import type { SideName } from '../core/record.ts';
import { appendHistory, enqueueMany, updateLink, withTransaction, type Link, type NewJob } from '../store/index.ts';
import type { OpsContext } from './context.ts';
import { requeueRecords, type RecordRef } from './requeue.ts';
import { emptyCounts, type Finding, type FindingCounts, type FixOutcome } from './reconcile-types.ts';

export class Findings {
  readonly counts: FindingCounts = emptyCounts();
  readonly list: Finding[] = [];
  omitted = 0;
  queued = 0;
  left = 0;
  private readonly shown = emptyCounts();
  private requeue: RecordRef[] = [];
  private deletions: NewJob[] = [];
  private closing: Link[] = [];

  constructor(
    private readonly ctx: OpsContext,
    readonly entity: string,
    readonly fix: boolean,
    private readonly maxItems: number,
  ) {}

  /** Records a finding; with --fix, `action` says what is done about it. */
  add(finding: Finding, action?: { queue?: RecordRef; deletion?: { side: SideName; id: string }; close?: Link; outcome: FixOutcome }): void {
    this.counts[finding.kind]++;
    let fix: FixOutcome | undefined;
    if (this.fix && action) {
      fix = action.outcome;
      if (fix.action === 'queued') this.queued++;
      else this.left++;
      if (action.queue) this.requeue.push(action.queue);
      if (action.deletion) this.deletions.push({ entity: this.entity, source: action.deletion.side, recordId: action.deletion.id, kind: 'deletion' });
      if (action.close) this.closing.push(action.close);
    }
    if (this.shown[finding.kind] >= this.maxItems) {
      this.omitted++;
      return;
    }
    this.shown[finding.kind]++;
    this.list.push(fix ? { ...finding, fix } : finding);
  }

  /** Queues what the findings so far asked for. */
  async flush(): Promise<void> {
    const requeue = this.requeue;
    const deletions = this.deletions;
    const closing = this.closing;
    this.requeue = [];
    this.deletions = [];
    this.closing = [];
    if (requeue.length > 0) await requeueRecords(this.ctx, this.entity, requeue, 'reconcile');
    // A gone record's job keeps the link as it is: the engine's onDelete reads its marks.
    if (deletions.length > 0) await enqueueMany(this.ctx.db, deletions, this.ctx.clock.now());
    for (const link of closing) await this.close(link);
  }

  /** Closes a link whose records are both gone; a link a worker changed meanwhile is left for the next run. */
  private async close(link: Link): Promise<void> {
    const now = this.ctx.clock.now();
    await withTransaction(this.ctx.db, async (trx) => {
      const closed = await updateLink(trx, link.id, { state: 'deleted', reason: 'both records gone (found by reconcile)' }, { now, expectedVersion: link.version });
      if (!closed) return;
      await appendHistory(trx, { at: now, entity: this.entity, action: 'deleted', linkId: link.id, b24Id: link.b24Id, navKey: link.navKey, message: 'reconcile: both linked records are gone; the link is closed' });
    });
  }
}
