// Runs as the dashboard and the CLI show them: newest first, times as ISO 8601,
// error messages redacted.
import { listRuns, type Run, type RunCounts, type StoredError } from '../store/index.ts';
import type { OpsContext } from './context.ts';

export interface RunSummary {
  readonly id: number;
  readonly kind: string;
  readonly entity: string | null;
  readonly status: Run['status'];
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly counts: RunCounts | null;
  readonly error: StoredError | null;
}

export async function listRunSummaries(ctx: OpsContext, options: { limit: number; before?: number | undefined; kind?: string | undefined }): Promise<RunSummary[]> {
  const runs = await listRuns(ctx.db, { limit: options.limit, before: options.before, kind: options.kind });
  return runs.map((r) => ({
    id: r.id,
    kind: r.kind,
    entity: r.entity,
    status: r.status,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
    counts: r.counts,
    error: r.error ? { ...r.error, message: ctx.redactor.text(r.error.message) } : null,
  }));
}
