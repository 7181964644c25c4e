import { Dec, dec, type DecimalInput } from '@chain-erp/shared';

export interface CreditFacts {
  /** 信用额度; 0 = no credit at all */
  limit: DecimalInput;
  /** the customer's balance: open receivables minus unapplied payments (an advance makes it negative) */
  balance: DecimalInput;
  /** approved orders not yet delivered (other than this one) */
  openOrders: DecimalInput;
  orderAmount: DecimalInput;
}

export interface CreditCheck {
  exposure: Dec;
  /** what the limit still allows before this order */
  available: Dec;
  exceeded: boolean;
  /** by how much this order goes over (0 when it does not) */
  excess: Dec;
}

/** 信用检查: exposure = balance + open orders + this order; beyond the limit it needs the higher approval. */
export function creditCheck(f: CreditFacts): CreditCheck {
  const exposure = dec(f.balance).plus(f.openOrders).plus(f.orderAmount);
  const available = dec(f.limit).minus(f.balance).minus(f.openOrders);
  const exceeded = exposure.gt(f.limit);
  return { exposure, available, exceeded, excess: exceeded ? exposure.minus(f.limit) : dec(0) };
}

/** The undelivered value of order lines: (ordered − delivered) × price, to the cent per line. */
export function undeliveredValue(lines: Array<{ quantity: DecimalInput; deliveredQty: DecimalInput; unitPrice: DecimalInput }>): Dec {
  return lines.reduce((t, l) => t.plus(Dec.max(dec(l.quantity).minus(l.deliveredQty), 0).times(l.unitPrice).toDecimalPlaces(2, Dec.ROUND_HALF_UP)), dec(0));
}
