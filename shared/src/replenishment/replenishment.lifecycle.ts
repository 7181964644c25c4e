import { StatusMachine } from '../documents/status-machine';
import { dec, type DecimalInput, sum } from '../common/money';
import { type ApprovalStatus, type ShippedBatch } from './replenishment.entity';

/** What may follow what, on both sides (HQ derives shipping/receiving states from the lines). */
export const APPROVAL_FLOW = new StatusMachine<ApprovalStatus>(
  {
    submitted: ['approved', 'partially_approved', 'rejected', 'cancelled'],
    approved: ['partially_shipped', 'shipped', 'cancelled', 'closed'],
    partially_approved: ['partially_shipped', 'shipped', 'cancelled', 'closed'],
    partially_shipped: ['partially_shipped', 'shipped', 'received', 'closed'],
    shipped: ['received', 'partially_shipped', 'closed'],
    received: ['partially_shipped', 'closed'],
    rejected: [],
    cancelled: [],
    closed: [],
  },
  'replenishment request',
);

export interface ApprovalLineQty {
  approved: DecimalInput | null;
  shipped: DecimalInput;
  cancelled: DecimalInput;
}

/**
 * Where an approved request stands after a shipment, a receipt or a cancelled remainder:
 * nothing shipped → its decision (approved / partially approved), or cancelled when everything was
 * cancelled; something left to ship → partially shipped; all shipped → shipped until every
 * shipment is received, then received.
 */
export function deriveShippingStatus(decision: 'approved' | 'partially_approved', lines: ApprovalLineQty[], openShipments: number): ApprovalStatus {
  const shipped = sum(lines.map((l) => l.shipped));
  const toShip = sum(
    lines.map((l) =>
      max0(
        dec(l.approved ?? 0)
          .minus(l.shipped)
          .minus(l.cancelled),
      ),
    ),
  );
  if (shipped.isZero()) return toShip.isZero() ? 'cancelled' : decision;
  if (toShip.gt(0)) return 'partially_shipped';
  return openShipments > 0 ? 'shipped' : 'received';
}

const max0 = (d: ReturnType<typeof dec>) => (d.lt(0) ? dec(0) : d);

/**
 * Splits a quantity across the batches a line carried, in their order (first expiry first); what
 * exceeds them goes to the last batch. Returns the parts taken and the batches left.
 */
export function takeFromBatches(pool: ShippedBatch[], quantity: DecimalInput): { taken: ShippedBatch[]; rest: ShippedBatch[] } {
  let need = dec(quantity);
  const taken: ShippedBatch[] = [];
  const rest: ShippedBatch[] = [];
  for (const b of pool) {
    const has = dec(b.quantity);
    const take = need.gt(has) ? has : need;
    if (take.gt(0)) taken.push({ ...b, quantity: take.toString() });
    if (has.minus(take).gt(0)) rest.push({ ...b, quantity: has.minus(take).toString() });
    need = need.minus(take);
  }
  if (need.gt(0) && pool.length) {
    const last = pool[pool.length - 1];
    const same = taken.find((t) => t.batchNo === last.batchNo);
    if (same) same.quantity = dec(same.quantity).plus(need).toString();
    else taken.push({ ...last, quantity: need.toString() });
  }
  return { taken, rest };
}
