import { Dec, dec, type DecimalInput } from '../common/money';

export interface SuggestionInput {
  /** quantity sold (outbound of the configured doc types) over `days` */
  soldQty: DecimalInput;
  days: number;
  onHand: DecimalInput;
  /** shipped by HQ, not yet received */
  inTransit: DecimalInput;
  /** requested or approved, not yet shipped */
  onOrder: DecimalInput;
  minQty?: DecimalInput | null;
  maxQty?: DecimalInput | null;
  /** days from request to goods on the shelf */
  leadTimeDays: number;
  /** days the order should cover after it arrives (the request cycle) */
  coverDays: number;
  wholeUnits: boolean;
}

export interface Suggestion {
  dailyVelocity: string;
  reorderPoint: string;
  orderUpTo: string;
  position: string;
  suggested: string;
}

/**
 * 建议要货量. Stock position = on hand + in transit + on order. The reorder point is the larger of
 * the minimum and what sells during the lead time; the order-up-to level the larger of the maximum
 * and the reorder point plus what sells during the cover days. At or below the reorder point we ask
 * for the gap up to the order-up-to level (whole units rounded up for counted goods), else nothing.
 */
export function suggestQuantity(i: SuggestionInput): Suggestion {
  if (i.days <= 0) throw new RangeError('days must be positive');
  const velocity = dec(i.soldQty).div(i.days);
  const reorderPoint = Dec.max(dec(i.minQty ?? 0), velocity.times(i.leadTimeDays));
  const orderUpTo = Dec.max(dec(i.maxQty ?? 0), reorderPoint.plus(velocity.times(i.coverDays)));
  const position = dec(i.onHand).plus(i.inTransit).plus(i.onOrder);
  let suggested = dec(0);
  const wants = orderUpTo.gt(0) && position.lte(reorderPoint) && position.lt(orderUpTo);
  if (wants) {
    const gap = orderUpTo.minus(position);
    suggested = i.wholeUnits ? gap.ceil() : gap.toDecimalPlaces(3, Dec.ROUND_UP);
  }
  return {
    dailyVelocity: velocity.toDecimalPlaces(3).toString(),
    reorderPoint: reorderPoint.toDecimalPlaces(3).toString(),
    orderUpTo: orderUpTo.toDecimalPlaces(3).toString(),
    position: position.toString(),
    suggested: suggested.toString(),
  };
}
