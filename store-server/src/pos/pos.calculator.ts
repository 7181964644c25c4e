import { Dec, dec, type DecimalInput, money } from '@chain-erp/shared';

/**
 * Pure checkout maths (Vendure's order-calculator idea): prices, discounts, rounding, tenders,
 * refund splits. No database, no Nest; every amount a decimal, every result to the cent.
 */

export type RoundingUnit = '0.01' | '0.1' | '0.5' | '1';
export type RoundingMode = 'half-up' | 'down' | 'up';
export interface RoundingRule {
  unit: RoundingUnit;
  mode: RoundingMode;
}

/** A discount as the till sends it: a percentage off or an amount off (not both). */
export interface DiscountSpec {
  percent?: Dec | null;
  amount?: Dec | null;
}

export interface CalcLine {
  quantity: Dec;
  unitPrice: Dec;
  /** price embedded in a weighed-goods barcode: the line costs exactly this */
  fixedAmount?: Dec | null;
  /** what promotions took off the line (the engine's saving): the cashier's discounts come after it */
  promotionDiscount?: Dec | null;
  discount?: DiscountSpec | null;
  voided?: boolean;
}

export interface CalcLineResult {
  gross: Dec;
  promotionDiscount: Dec;
  lineDiscount: Dec;
  /** share of the whole-sale discount and of the rounding */
  saleDiscount: Dec;
  amount: Dec;
  /** line discount as a percentage of the line's gross (for the limit check) */
  discountPercent: Dec;
}

export interface CalcResult {
  lines: CalcLineResult[];
  gross: Dec;
  /** promotions + line + whole-sale discounts */
  discount: Dec;
  promotionDiscount: Dec;
  saleDiscount: Dec;
  /** whole-sale discount as a percentage of what the lines cost after their own discounts */
  saleDiscountPercent: Dec;
  rounding: Dec;
  total: Dec;
}

export class CalcError extends Error {
  constructor(
    readonly kind: 'DISCOUNT_TOO_LARGE',
    readonly line: number | null,
  ) {
    super(kind);
  }
}

const ZERO = dec(0);
const HUNDRED = dec(100);

/** Rounds a total by the store's rule (抹零: unit 0.1 or 1, mode down). */
export function roundTotal(total: Dec, rule: RoundingRule): Dec {
  const unit = dec(rule.unit);
  const units = total.div(unit);
  const whole = rule.mode === 'down' ? units.floor() : rule.mode === 'up' ? units.ceil() : units.toDecimalPlaces(0, Dec.ROUND_HALF_UP);
  return money(whole.times(unit));
}

function discountOf(base: Dec, spec: DiscountSpec | null | undefined, line: number | null): Dec {
  if (!spec) return ZERO;
  const d = spec.percent != null ? money(base.times(spec.percent).div(HUNDRED)) : spec.amount != null ? money(spec.amount) : ZERO;
  if (d.isNegative() || d.greaterThan(base)) throw new CalcError('DISCOUNT_TOO_LARGE', line);
  return d;
}

/**
 * Splits `amount` over `weights` in proportion, to the cent; the cents left by rounding go to the
 * largest weights first, so the parts always add up exactly to `amount`.
 */
export function allocate(amount: Dec, weights: Dec[]): Dec[] {
  const totalWeight = weights.reduce((a, w) => a.plus(w), dec(0));
  if (totalWeight.isZero()) return weights.map((_, i) => (i === weights.length - 1 ? money(amount) : ZERO));
  const parts = weights.map((w) => amount.times(w).div(totalWeight).toDecimalPlaces(2, Dec.ROUND_DOWN));
  let left = money(amount).minus(parts.reduce((a, p) => a.plus(p), dec(0)));
  const cent = dec(left.isNegative() ? '-0.01' : '0.01');
  const order = weights.map((w, i) => ({ w, i })).sort((a, b) => b.w.comparedTo(a.w) || a.i - b.i);
  for (let k = 0; !left.isZero() && k < order.length * 100; k++) {
    const i = order[k % order.length].i;
    if (weights[i].isZero()) continue;
    parts[i] = parts[i].plus(cent);
    left = left.minus(cent);
  }
  return parts;
}

export function calculateSale(lines: CalcLine[], saleDiscount: DiscountSpec | null | undefined, rounding: RoundingRule): CalcResult {
  const out: CalcLineResult[] = lines.map((l, i) => {
    if (l.voided) return { gross: ZERO, promotionDiscount: ZERO, lineDiscount: ZERO, saleDiscount: ZERO, amount: ZERO, discountPercent: ZERO };
    const gross = l.fixedAmount != null ? money(l.fixedAmount) : money(l.quantity.times(l.unitPrice));
    const promotionDiscount = l.promotionDiscount ? money(l.promotionDiscount) : ZERO;
    const promoted = gross.minus(promotionDiscount);
    const lineDiscount = discountOf(promoted, l.discount, i);
    const discountPercent = promoted.isZero() ? ZERO : lineDiscount.div(promoted).times(HUNDRED);
    return { gross, promotionDiscount, lineDiscount, saleDiscount: ZERO, amount: promoted.minus(lineDiscount), discountPercent };
  });
  const afterLines = out.reduce((a, l) => a.plus(l.amount), dec(0));
  const saleDisc = discountOf(afterLines, saleDiscount, null);
  const total = roundTotal(afterLines.minus(saleDisc), rounding);
  const rounding_ = total.minus(afterLines.minus(saleDisc));
  // discount and rounding are spread over the lines so that Σ line amounts = total (refunds pay line amounts)
  const shares = allocate(
    saleDisc.minus(rounding_),
    out.map((l) => l.amount),
  );
  out.forEach((l, i) => {
    l.saleDiscount = shares[i];
    l.amount = l.amount.minus(shares[i]);
  });
  const gross = out.reduce((a, l) => a.plus(l.gross), dec(0));
  const lineDisc = out.reduce((a, l) => a.plus(l.lineDiscount), dec(0));
  const promotionDisc = out.reduce((a, l) => a.plus(l.promotionDiscount), dec(0));
  return {
    lines: out,
    gross,
    discount: promotionDisc.plus(lineDisc).plus(saleDisc),
    promotionDiscount: promotionDisc,
    saleDiscount: saleDisc,
    saleDiscountPercent: afterLines.isZero() ? ZERO : saleDisc.div(afterLines).times(HUNDRED),
    rounding: rounding_,
    total,
  };
}

export interface TenderInput {
  tendered: Dec;
  /** cash: change may be given from it */
  allowsChange: boolean;
}

export interface TenderResult {
  paid: Dec;
  change: Dec;
  parts: Array<{ tendered: Dec; change: Dec; amount: Dec }>;
}

export type TenderOutcome = { ok: true; result: TenderResult } | { ok: false; kind: 'SHORT' | 'OVERPAID'; paid: Dec; missing?: Dec };

/**
 * Several tenders against a total: short is refused; change comes only out of tenders that allow
 * it (cash); a card or voucher may not pay more than what is left to pay.
 */
export function settleTenders(total: Dec, tenders: TenderInput[]): TenderOutcome {
  const paid = tenders.reduce((a, t) => a.plus(t.tendered), dec(0));
  if (paid.lessThan(total)) return { ok: false, kind: 'SHORT', paid, missing: total.minus(paid) };
  const noChange = tenders.filter((t) => !t.allowsChange).reduce((a, t) => a.plus(t.tendered), dec(0));
  if (noChange.greaterThan(total)) return { ok: false, kind: 'OVERPAID', paid };
  let change = paid.minus(total);
  const parts = tenders.map((t) => ({ tendered: t.tendered, change: ZERO, amount: t.tendered }));
  for (let i = parts.length - 1; i >= 0 && change.gt(0); i--) {
    if (!tenders[i].allowsChange) continue;
    const give = Dec.min(change, parts[i].tendered);
    parts[i].change = give;
    parts[i].amount = parts[i].tendered.minus(give);
    change = change.minus(give);
  }
  return { ok: true, result: { paid, change: paid.minus(total), parts } };
}

/**
 * What a refund line pays back: the line's amount per unit; refunding what is left of a line pays
 * what is left of its amount, so refunding a line in pieces adds up to exactly what was paid.
 */
export function refundLineAmount(line: { quantity: Dec; amount: Dec }, already: { quantity: Dec; amount: Dec }, quantity: Dec): Dec {
  const left = line.quantity.minus(already.quantity);
  if (quantity.greaterThanOrEqualTo(left)) return line.amount.minus(already.amount);
  return money(line.amount.times(quantity).div(line.quantity));
}

/**
 * The part of a refund going back by one voucher / gift-card method, split over the numbers of the
 * sale paid by it: numbers are filled in the sale's order, earlier refunds by that method first, so
 * each number gets back at most what it paid and the parts add up exactly to `amount`.
 */
export function splitOverNumbers(paid: Array<{ number: string; amount: DecimalInput }>, earlier: DecimalInput, amount: DecimalInput): Array<{ number: string; amount: Dec }> {
  let skip = dec(earlier);
  let left = dec(amount);
  const out: Array<{ number: string; amount: Dec }> = [];
  for (const p of paid) {
    let room = dec(p.amount);
    const used = Dec.min(room, skip);
    room = room.minus(used);
    skip = skip.minus(used);
    const take = Dec.min(room, left);
    if (take.gt(0)) out.push({ number: p.number, amount: take });
    left = left.minus(take);
  }
  if (left.gt(0)) throw new Error(`refund of ${dec(amount).toFixed(2)} exceeds what the numbers paid`);
  return out;
}
