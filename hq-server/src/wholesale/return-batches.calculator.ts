import { dec, type ShippedBatch, takeFromBatches } from '@chain-erp/shared';

/** What is left of each delivered batch after the returns so far (batches emptied drop out). */
export function remainingBatches(delivered: ShippedBatch[], returned: ShippedBatch[]): ShippedBatch[] {
  const back = new Map<string, ReturnType<typeof dec>>();
  for (const r of returned) back.set(r.batchNo, (back.get(r.batchNo) ?? dec(0)).plus(r.quantity));
  const out: ShippedBatch[] = [];
  for (const d of delivered) {
    const taken = back.get(d.batchNo) ?? dec(0);
    const left = dec(d.quantity).minus(taken);
    back.set(d.batchNo, taken.minus(d.quantity).isNegative() ? dec(0) : taken.minus(d.quantity));
    if (left.gt(0)) out.push({ ...d, quantity: left.toString() });
  }
  return out;
}

/**
 * The batches a return of `quantity` goes back into: the delivery's batches in the order they left
 * (first expiry first), minus what earlier returns took back. Non-batch goods: none.
 */
export function returnBatches(delivered: ShippedBatch[], returned: ShippedBatch[], quantity: string): ShippedBatch[] {
  if (!delivered.length) return [];
  return takeFromBatches(remainingBatches(delivered, returned), quantity).taken;
}
