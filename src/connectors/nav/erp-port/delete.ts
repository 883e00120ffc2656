// Deletes (onDelete: propagate): each record is read for its current Key/ETag and
// deleted with it, a few at a time. NAV runs the table's OnDelete trigger, which
// refuses a customer with ledger entries or open orders: that refusal comes back as
// the record's failure with NAV's own text. A record already gone counts as deleted;
// one changed between the read and the delete is read once more and tried again.
import { SyncError } from '../../../core/failure.ts';
import type { DeleteOutcome } from '../../../engine/ports.ts';
import { mapLimit, settle } from './concurrency.ts';
import type { NavEntity } from './entity.ts';
import { readIn } from './nav-page.ts';

export async function deleteRecords(entity: Pick<NavEntity, 'page' | 'base'>, ids: readonly string[], writeConcurrency: number): Promise<DeleteOutcome[]> {
  const unique = [...new Set(ids)];
  const versions = async (keys: readonly string[]): Promise<Map<string, string> | SyncError> => {
    const rows = await settle(() => readIn(entity.page, 'No', keys, entity.base, ['No']));
    return rows instanceof SyncError ? rows : new Map(rows.map((row) => [String(row['No']), row.version]));
  };
  const current = await versions(unique);
  if (current instanceof SyncError) return ids.map((id) => ({ id, ok: false, error: current }));
  const outcomes = await mapLimit(unique, writeConcurrency, async (id): Promise<DeleteOutcome> => {
    let version = current.get(id);
    for (let attempt = 0; ; attempt++) {
      if (version === undefined) return { id, ok: true };
      const result = await settle(() => entity.page.delete({ No: id, version: version as string }));
      if (!(result instanceof SyncError) || result.code === 'NAV_NOT_FOUND') return { id, ok: true };
      if (result.code !== 'NAV_STALE_KEY' || attempt > 0) return { id, ok: false, error: result };
      const again = await versions([id]);
      if (again instanceof SyncError) return { id, ok: false, error: again };
      version = again.get(id);
    }
  });
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  return ids.map((id) => byId.get(id) as DeleteOutcome);
}
