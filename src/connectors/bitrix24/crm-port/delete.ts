// Deletes (onDelete: propagate) as explicit batches of ≤ 50 `<entity>.delete`
// commands, each record's outcome read from its own command's result_error. A
// record that is already gone counts as deleted: a retry after a lost answer, or a
// user who deleted it meanwhile, must not fail the deletion.
import { SyncError } from '../../../core/failure.ts';
import type { DeleteOutcome, EntityKind } from '../../../engine/ports.ts';
import { MAX_BATCH_COMMANDS, type B24Client, type BatchReply } from '../client.ts';
import { chunk } from './values.ts';

export async function deleteRecords(client: B24Client, entity: EntityKind, method: string, ids: readonly string[]): Promise<DeleteOutcome[]> {
  const out = new Map<string, DeleteOutcome>();
  const valid: string[] = [];
  for (const id of new Set(ids)) {
    if (/^[1-9]\d{0,17}$/.test(id)) valid.push(id);
    else out.set(id, { id, ok: false, error: new SyncError('B24_VALIDATION', `${entity}: "${id}" is not a Bitrix24 record id`, { operation: method }) });
  }
  for (const part of chunk(valid, MAX_BATCH_COMMANDS)) {
    let reply: BatchReply;
    try {
      reply = await client.batch(Object.fromEntries(part.map((id, i) => [`d${i}`, { method, params: { id: Number(id) } }])));
    } catch (error) {
      const failure = error instanceof SyncError ? error : new SyncError('B24_SERVER_ERROR', `${method}: ${String(error)}`, { cause: error });
      for (const id of part) out.set(id, { id, ok: false, error: failure });
      continue;
    }
    part.forEach((id, i) => {
      const error = reply.errors[`d${i}`];
      out.set(id, error === undefined || error.code === 'B24_NOT_FOUND' ? { id, ok: true } : { id, ok: false, error });
    });
  }
  return ids.map((id) => out.get(id) as DeleteOutcome);
}
