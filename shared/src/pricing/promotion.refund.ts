import { allocateCents, divHalfUp, fromCents, fromMilli, maxBig, minBig, portion, sumBig, toBasisPoints, toCents, toMilli } from './cents';
import { type BasketLine, type PartRole, priceBasket } from './promotion.engine';
import { type PromotionDef } from './promotion.rules';

/**
 * Refunds of a promoted sale (退货), pure. The rule (docs/promotions.md):
 *
 *   After every refund the customer has paid, net, what the items they keep cost under the sale's
 *   promotions — never asked for money back, never given more than they paid.
 *
 * What the kept items cost, `cost(K)`, is their share of what the sale charged for them (each line's
 * amount pro rata to the quantity kept) plus the share of the promotion saving those lines received
 * at the sale, minus the saving the kept items earn when priced again on their own — with the
 * promotions the sale applied, on the lines that took part in them, at the sale's prices (nothing
 * new is added; filters such as time and member held at the sale). So a refund pays
 *
 *   refund = clamp(netPaid − cost(K), 0, netPaid),   netPaid = sale total − earlier refunds,
 *
 * i.e. what the returned items were paid minus the promotion benefit the kept items no longer earn
 * (returning one of a 买二赠一 trio gives nothing back: the two kept cost what was paid). cost(∅) = 0,
 * so refunds telescope: refunding every line, at once or in pieces, returns exactly the sale total.
 * The refund is spread over the returned lines pro rata to their paid share, largest remainder.
 */
export interface SoldLine {
  productId: string;
  categoryPath?: string[] | null;
  brandId?: string | null;
  /** sold */
  quantity: string;
  unitPrice: string;
  /** the line's gross at the sale (before promotions and discounts) */
  gross: string;
  /** the line's amount: what the customer paid for it */
  paid: string;
  /** the promotions' part of its discount */
  promotionSaving: string;
  /** the promotions it took part in at the sale, and as what */
  promotions: Array<{ promotionId: string; role?: PartRole }>;
  /** given back by earlier refunds */
  refundedQuantity: string;
  /** given back now ("0" if not) */
  returning: string;
}

export interface PromotedRefund {
  amount: string;
  /** this refund's amount per input line ("0.00" for lines not returned) */
  lines: string[];
}

export function promotedRefund(input: { total: string; refundedBefore: string; lines: SoldLine[]; promotions: PromotionDef[] }): PromotedRefund {
  const lines = input.lines.map((l) => {
    const sold = toMilli(l.quantity);
    const before = toMilli(l.refundedQuantity);
    const returning = toMilli(l.returning);
    return { l, sold, before, returning, kept: maxBig(sold - before - returning, 0n), paid: toCents(l.paid), saving: toCents(l.promotionSaving), gross: toCents(l.gross) };
  });
  const remainder: BasketLine[] = [];
  let held = 0n;
  for (const x of lines) {
    if (x.kept <= 0n) continue;
    // paid + saving = the line before promotions, less the cashier's discounts: its kept share, rounded once
    held += portion(x.paid + x.saving, x.kept, x.sold);
    remainder.push({
      productId: x.l.productId,
      categoryPath: x.l.categoryPath,
      brandId: x.l.brandId,
      quantity: fromMilli(x.kept),
      unitPrice: x.l.unitPrice,
      gross: fromCents(portion(x.gross, x.kept, x.sold)),
      tookPart: x.l.promotions,
    });
  }
  const earned = remainder.length ? toCents(priceBasket(remainder, input.promotions).saving) : 0n;
  const cost = held - earned;
  const netPaid = toCents(input.total) - toCents(input.refundedBefore);
  const refund = minBig(maxBig(netPaid - cost, 0n), maxBig(netPaid, 0n));
  const weights = lines.map((x) => (x.returning > 0n ? portion(x.paid, x.before + x.returning, x.sold) - portion(x.paid, x.before, x.sold) : 0n));
  const returned = lines.map((x, i) => ({ x, i })).filter(({ x }) => x.returning > 0n);
  const parts = allocateCents(
    refund,
    returned.map(({ i }) => weights[i]),
  );
  const out = lines.map(() => '0.00');
  returned.forEach(({ i }, k) => (out[i] = fromCents(parts[k])));
  return { amount: fromCents(refund), lines: out };
}

/**
 * 积分倍数: points are earned on Σ line amount × its multiplier (each to the cent, half up), which is
 * the sale total when no line has a multiplier. Returns null when no line has one (points as before).
 */
export function pointsBase(lines: Array<{ amount: string; pointsMultiplier?: string | null; voided?: boolean }>): string | null {
  if (!lines.some((l) => !l.voided && l.pointsMultiplier)) return null;
  return fromCents(sumBig(lines.filter((l) => !l.voided).map((l) => lineBase(l.amount, l.pointsMultiplier))));
}

/**
 * How much of a sale's points base its refunds have given back once `refundedQuantity` of each
 * line is back: each line's base pro rata to its quantity (so a returned double-points item takes
 * back double points); everything once every line is back. A refund's share is this after it minus
 * this before it — they add up to the whole base.
 */
export function pointsBaseRefunded(lines: Array<{ amount: string; pointsMultiplier?: string | null; quantity: string; refundedQuantity: string; voided?: boolean }>): string {
  const sold = lines.filter((l) => !l.voided);
  return fromCents(sumBig(sold.map((l) => portion(lineBase(l.amount, l.pointsMultiplier), toMilli(l.refundedQuantity), toMilli(l.quantity)))));
}

function lineBase(amount: string, multiplier: string | null | undefined): bigint {
  const a = toCents(amount);
  if (!multiplier) return a;
  // multiplier with up to 2 decimals: × (m × 100) ÷ 100, half up
  return divHalfUp(a * toBasisPoints(multiplier), 100n);
}
