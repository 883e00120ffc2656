// Stock moved by store documents (reference §7.6): one document per direction and
// call — a receipt-type document for increases, a write-off for decreases — with an
// element per (product, store), conducted in the same batch. Conducting is all or
// nothing on the portal; a document whose conduct failed is deleted, so no
// unconducted half stays. A write-off refused for lack of stock is retried once
// without the elements whose stock is short, and those get their own error.
import { SyncError } from '../../../core/failure.ts';
import type { Logger } from '../../../core/log.ts';
import type { B24Client, BatchCommand, BatchReply } from '../client.ts';
import { MAX_BATCH_COMMANDS } from '../client.ts';
import { chunk } from './values.ts';

export interface Move {
  readonly index: number;
  readonly productId: string;
  readonly storeId: string;
  /** Positive: how much to add (receipt) or take (write-off). */
  readonly amount: number;
}

export interface DocumentSetup {
  readonly docType: string;
  readonly direction: 'in' | 'out';
  readonly currency: string;
  readonly responsibleId: number | undefined;
}

export type MoveResult = { readonly index: number; readonly error?: SyncError };

function elementCommand(move: Move, docId: unknown, direction: 'in' | 'out'): BatchCommand {
  const store = direction === 'in' ? { storeTo: move.storeId } : { storeFrom: move.storeId };
  return { method: 'catalog.document.element.add', params: { fields: { docId, elementId: move.productId, amount: move.amount, purchasingPrice: 0, ...store } } };
}

async function tryBatch(client: B24Client, commands: Record<string, BatchCommand>): Promise<BatchReply | SyncError> {
  try {
    return await client.batch(commands);
  } catch (error) {
    return error instanceof SyncError ? error : new SyncError('B24_SERVER_ERROR', `batch: ${String(error)}`, { cause: error });
  }
}

/**
 * Adds, fills and conducts one document. Returns a result per move: no error when
 * the stock moved.
 */
export async function moveByDocument(client: B24Client, setup: DocumentSetup, moves: readonly Move[], log: Logger): Promise<MoveResult[]> {
  if (moves.length === 0) return [];
  const header = {
    fields: { docType: setup.docType, currency: setup.currency, title: 'b24nav stock sync', ...(setup.responsibleId ? { responsibleId: setup.responsibleId } : {}) },
  };
  const [firstPart = [], ...restParts] = chunk(moves, MAX_BATCH_COMMANDS - 2);
  const last = restParts.length === 0;
  const docRef = '$result[doc][document][id]';
  const first: Record<string, BatchCommand> = { doc: { method: 'catalog.document.add', params: header } };
  firstPart.forEach((m, i) => (first[`e${i}`] = elementCommand(m, docRef, setup.direction)));
  if (last) first['conduct'] = { method: 'catalog.document.conduct', params: { id: docRef } };
  const reply = await tryBatch(client, first);
  if (reply instanceof SyncError) return moves.map((m) => ({ index: m.index, error: reply }));
  const docError = reply.errors['doc'];
  const docId = (reply.results['doc'] as { document?: { id?: unknown } } | undefined)?.document?.id;
  if (docError || docId === undefined) return moves.map((m) => ({ index: m.index, error: docError ?? new SyncError('B24_SERVER_ERROR', 'catalog.document.add: no document id') }));

  const failed = new Map<number, SyncError>();
  firstPart.forEach((m, i) => {
    const e = reply.errors[`e${i}`];
    if (e) failed.set(m.index, e);
  });
  let conductError: SyncError | undefined = last ? reply.errors['conduct'] : undefined;
  for (const [p, part] of restParts.entries()) {
    const commands: Record<string, BatchCommand> = {};
    part.forEach((m, i) => (commands[`e${i}`] = elementCommand(m, docId, setup.direction)));
    if (p === restParts.length - 1) commands['conduct'] = { method: 'catalog.document.conduct', params: { id: docId } };
    const more = await tryBatch(client, commands);
    if (more instanceof SyncError) {
      for (const m of part) failed.set(m.index, more);
      conductError ??= p === restParts.length - 1 ? more : undefined;
      continue;
    }
    part.forEach((m, i) => {
      const e = more.errors[`e${i}`];
      if (e) failed.set(m.index, e);
    });
    if (p === restParts.length - 1) conductError = more.errors['conduct'];
  }
  const placed = moves.filter((m) => !failed.has(m.index));
  if (placed.length === 0 || conductError) {
    await deleteDocument(client, docId, log);
    if (conductError) for (const m of placed) failed.set(m.index, conductError);
  }
  return moves.map((m) => {
    const error = failed.get(m.index);
    return error ? { index: m.index, error } : { index: m.index };
  });
}

async function deleteDocument(client: B24Client, id: unknown, log: Logger): Promise<void> {
  try {
    await client.call('catalog.document.delete', { id });
  } catch (error) {
    log.warn({ documentId: id, error: String(error) }, 'Bitrix24: an unconducted store document could not be deleted; delete it by hand');
  }
}
