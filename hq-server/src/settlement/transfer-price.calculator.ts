import { dec, type Dec, type DecimalInput, money } from '@chain-erp/shared';

/**
 * 调拨结算价: a store is charged for the goods HQ ships it at HQ's cost plus the store's markup.
 * Each line is rounded to the cent; the document is the sum of its lines.
 */
export function transferAmount(quantity: DecimalInput, unitCost: DecimalInput, markupPercent: DecimalInput): Dec {
  return money(dec(quantity).times(unitCost).times(dec(markupPercent).div(100).plus(1)));
}

/** A shipment: what the store owes (at transfer price) and what the goods cost HQ. */
export function shipmentCharge(lines: Array<{ quantity: DecimalInput; unitCost: DecimalInput | null }>, markupPercent: DecimalInput): { cost: Dec; amount: Dec } {
  return lines.reduce(
    (t, l) => ({ cost: t.cost.plus(money(dec(l.quantity).times(l.unitCost ?? 0))), amount: t.amount.plus(transferAmount(l.quantity, l.unitCost ?? 0, markupPercent)) }),
    { cost: dec(0), amount: dec(0) },
  );
}

/**
 * The store's receipt against the shipment: shortages and damages are taken off what it owes, overs
 * added, each at the shipment's transfer price. Negative = the store owes less.
 */
export function varianceCharge(
  lines: Array<{ shortQty: DecimalInput; damagedQty: DecimalInput; overQty: DecimalInput; unitCost: DecimalInput }>,
  markupPercent: DecimalInput,
): { short: Dec; damaged: Dec; over: Dec; amount: Dec } {
  const t = { short: dec(0), damaged: dec(0), over: dec(0), amount: dec(0) };
  for (const l of lines) {
    t.short = t.short.plus(transferAmount(l.shortQty, l.unitCost, markupPercent));
    t.damaged = t.damaged.plus(transferAmount(l.damagedQty, l.unitCost, markupPercent));
    t.over = t.over.plus(transferAmount(l.overQty, l.unitCost, markupPercent));
  }
  t.amount = t.over.minus(t.short).minus(t.damaged);
  return t;
}
