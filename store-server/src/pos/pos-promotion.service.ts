import { Injectable } from '@nestjs/common';
import {
  Dec,
  dec,
  localMoment,
  money,
  pointsBase,
  pointsBaseRefunded,
  promotedRefund,
  promoteBasket,
  PromotionDef,
  PosSale,
  PosSaleLine,
  RequestContext,
  SaleLinePromotion,
  SalePromotion,
} from '@chain-erp/shared';
import { PricedLine } from './pos-pricing.service';
import { PosRefundRepository } from './pos-refund.repository';

/** What the promotions did to a sale: per line, and the applied promotions as defined (for refunds and HQ). */
export interface SalePromotions {
  lines: Array<{ saving: Dec; promotions: SaleLinePromotion[] | null; pointsMultiplier: string | null }>;
  saving: Dec;
  applied: SalePromotion[] | null;
}

/**
 * The till's promotion step (docs/promotions.md): the sale's lines, priced, go through the engine
 * with the promotions of this store's replica in force at the moment of the sale; a refund of a
 * promoted sale is priced by the engine's refund rule with the promotions the sale kept.
 */
@Injectable()
export class PosPromotionService {
  constructor(private readonly refunds: PosRefundRepository) {}

  /** A price the cashier overrode, and a voided line, take no promotion. */
  apply(storeId: string, at: Date, priced: PricedLine[], promotions: PromotionDef[], member: { cardTypeId: string } | null): SalePromotions {
    const none: SalePromotions = { lines: priced.map(() => ({ saving: dec(0), promotions: null, pointsMultiplier: null })), saving: dec(0), applied: null };
    if (!promotions.length) return none;
    const r = promoteBasket(
      priced.map((p) => ({
        productId: p.item.productId,
        categoryPath: p.item.categoryPath,
        brandId: p.item.brandId,
        quantity: p.quantity.toString(),
        unitPrice: p.unitPrice.toFixed(2),
        gross: (p.fixedAmount ?? money(p.quantity.times(p.unitPrice))).toFixed(2),
        excluded: !!p.dto.voided || p.priceSource === 'override',
      })),
      promotions,
      { storeId, at: localMoment(at), member },
    );
    if (!r.applied.length) return none;
    const byId = new Map(promotions.map((p) => [p.id, p]));
    return {
      lines: r.lines.map((l) => ({ saving: dec(l.saving), promotions: l.promotions.length ? l.promotions : null, pointsMultiplier: l.pointsMultiplier })),
      saving: dec(r.saving),
      applied: r.applied.map((a) => {
        const d = byId.get(a.promotionId)!;
        return { id: d.id, code: d.code, name: d.name, kind: d.kind, priority: d.priority, stackable: d.stackable, rules: d.rules, saving: a.saving };
      }),
    };
  }

  /** The amount that earns points: Σ line amount × its multiplier when a line has one, else the total. */
  pointsAmount(lines: Array<Pick<PosSaleLine, 'amount' | 'pointsMultiplier' | 'voided'>>, total: Dec): Dec {
    const base = pointsBase(lines.map((l) => ({ amount: l.amount, pointsMultiplier: l.pointsMultiplier, voided: l.voided })));
    return base === null ? total : dec(base);
  }

  /**
   * The refund of a promoted sale: `parts` (this refund's lines, quantities set, amounts from the
   * line-share rule) get the amounts of the promotion refund rule. `refundedQty`: what earlier
   * refunds took back per sale line. Sales without promotions keep the line-share amounts.
   */
  async refund(
    tx: RequestContext,
    sale: PosSale,
    saleLines: PosSaleLine[],
    refundedQty: Map<string, Dec>,
    parts: Array<{ saleLineId: string | null; quantity: Dec; amount: Dec }>,
  ): Promise<void> {
    if (!sale.promotions?.length) return;
    const refundedBefore = await this.refunds.refundedTotal(tx, sale.id);
    const sold = saleLines.filter((l) => !l.voided);
    const returning = new Map<string, Dec>();
    for (const p of parts) returning.set(p.saleLineId!, (returning.get(p.saleLineId!) ?? dec(0)).plus(p.quantity));
    const r = promotedRefund({
      total: sale.totalAmount,
      refundedBefore,
      promotions: sale.promotions as unknown as PromotionDef[],
      lines: sold.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        gross: dec(l.amount)
          .plus(l.promotionDiscount ?? 0)
          .plus(l.lineDiscount)
          .plus(l.saleDiscount)
          .toFixed(2),
        paid: l.amount,
        promotionSaving: l.promotionDiscount ?? '0',
        promotions: (l.promotions ?? []).filter((p) => p.kind !== 'points').map((p) => ({ promotionId: p.promotionId, role: p.role as 'item' })),
        refundedQuantity: (refundedQty.get(l.id) ?? dec(0)).toString(),
        returning: (returning.get(l.id) ?? dec(0)).toString(),
      })),
    });
    // a line returned in several parts of one refund: its amount goes to the first part, the others 0
    const byLine = new Map(sold.map((l, i) => [l.id, dec(r.lines[i])]));
    for (const p of parts) {
      p.amount = byLine.get(p.saleLineId!) ?? dec(0);
      byLine.set(p.saleLineId!, dec(0));
    }
  }

  /**
   * Points a refund takes back when the sale earned multiplied points: the share of the points base
   * the returned quantities carry (`pointsBaseRefunded` after minus before). Null: no multiplier on
   * the sale — the refund's money decides, as before.
   */
  pointsRefund(saleLines: PosSaleLine[], refundedQty: Map<string, Dec>, parts: Array<{ saleLineId: string | null; quantity: Dec }>): { amount: Dec; before: Dec } | null {
    if (!saleLines.some((l) => !l.voided && l.pointsMultiplier)) return null;
    const now = new Map(refundedQty);
    for (const p of parts) now.set(p.saleLineId!, (now.get(p.saleLineId!) ?? dec(0)).plus(p.quantity));
    const at = (q: Map<string, Dec>) =>
      dec(
        pointsBaseRefunded(
          saleLines.map((l) => ({
            amount: l.amount,
            pointsMultiplier: l.pointsMultiplier,
            quantity: l.quantity,
            refundedQuantity: (q.get(l.id) ?? dec(0)).toString(),
            voided: l.voided,
          })),
        ),
      );
    const before = at(refundedQty);
    return { amount: at(now).minus(before), before };
  }
}
