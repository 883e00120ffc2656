// An inventory adjustment (an item journal line posted by a NAV user): a
// positive or negative adjustment entry at a location.
import { navErrors } from '../errors.ts';
import type { LogicContext } from './context.ts';
import { postItemEntry } from './ledger.ts';
import { checkExists } from './relations.ts';

export interface AdjustmentInput {
  readonly itemNo: string;
  readonly locationCode?: string | undefined;
  readonly quantity: number;
  readonly postingDate?: string | undefined;
  readonly documentNo?: string | undefined;
}

export function adjustInventory(ctx: LogicContext, input: AdjustmentInput): { entryNo: number } {
  return ctx.company.transaction(() => {
    if (input.quantity === 0) throw navErrors.mustHaveValue('Quantity', 'Item Journal Line', [['Item No.', input.itemNo]]);
    const locationCode = (input.locationCode ?? '').toUpperCase();
    checkExists('Item Journal Line', 'Location Code', locationCode, 'Location', ctx);
    const entry = postItemEntry(ctx, {
      itemNo: input.itemNo,
      locationCode,
      quantity: input.quantity,
      entryType: input.quantity > 0 ? 'Positive Adjmt.' : 'Negative Adjmt.',
      documentNo: input.documentNo ?? `ADJ${ctx.company.nextEntryNo('Item Ledger Entry')}`,
      postingDate: input.postingDate ?? ctx.today,
      description: String(ctx.company.get('Item', input.itemNo)?.values['Description'] ?? ''),
    });
    return { entryNo: Number(entry.values['Entry_No']) };
  });
}
