import { Dec, dec, type DecimalInput, money } from '../common/money';

/**
 * Line and document amounts of purchasing documents, pure. Prices are tax-inclusive (含税单价):
 * amount = qty × price rounded to cents, tax = amount × rate / (100 + rate) rounded to cents,
 * net = amount − tax, so the three always add up exactly on paper. Stock comes in at the net
 * unit cost (net / qty, 6 places): VAT paid to the supplier is reclaimable, not part of cost.
 */
export interface LineInput {
  quantity: DecimalInput;
  unitPrice: DecimalInput;
  /** percent, e.g. 13 */
  taxRate: DecimalInput;
}

export interface LineAmounts {
  amount: Dec;
  taxAmount: Dec;
  netAmount: Dec;
  /** net cost per unit, 6 places (0 for a zero quantity) */
  unitCost: Dec;
}

export function lineAmounts(line: LineInput): LineAmounts {
  const q = dec(line.quantity);
  const rate = dec(line.taxRate);
  const amount = money(q.times(line.unitPrice));
  const taxAmount = rate.isZero() ? dec(0) : money(amount.times(rate).div(rate.plus(100)));
  const netAmount = amount.minus(taxAmount);
  const unitCost = q.isZero() ? dec(0) : dec(line.unitPrice).div(rate.div(100).plus(1)).toDecimalPlaces(6, Dec.ROUND_HALF_UP);
  return { amount, taxAmount, netAmount, unitCost };
}

export interface DocumentTotals {
  totalQty: Dec;
  totalAmount: Dec;
  totalTax: Dec;
  totalNet: Dec;
}

export function documentTotals(lines: Array<{ quantity: DecimalInput; amount: DecimalInput; taxAmount: DecimalInput }>): DocumentTotals {
  const t = { totalQty: dec(0), totalAmount: dec(0), totalTax: dec(0), totalNet: dec(0) };
  for (const l of lines) {
    t.totalQty = t.totalQty.plus(l.quantity);
    t.totalAmount = t.totalAmount.plus(l.amount);
    t.totalTax = t.totalTax.plus(l.taxAmount);
  }
  t.totalNet = t.totalAmount.minus(t.totalTax);
  return t;
}

/** Approvals an order of this amount needs: one, plus one per threshold it exceeds. */
export function requiredApprovals(totalAmount: DecimalInput, thresholds: DecimalInput[]): number {
  const total = dec(totalAmount);
  return 1 + thresholds.filter((t) => total.greaterThan(t)).length;
}

/**
 * How much more of a line may still be received: ordered × (1 + tolerance%) − received.
 * Negative when already over.
 */
export function receivableLimit(ordered: DecimalInput, received: DecimalInput, tolerancePercent: DecimalInput): Dec {
  return dec(ordered).times(dec(tolerancePercent).div(100).plus(1)).toDecimalPlaces(3, Dec.ROUND_DOWN).minus(received);
}
