import { type Dec, dec, type DecimalInput, money } from '@chain-erp/shared';

/** Net sales of one product at one seller (a store, or null for HQ's wholesale) in a period. */
export interface SoldRow {
  productId: string;
  storeId: string | null;
  quantity: DecimalInput;
  salesAmount: DecimalInput;
}

/** What earlier settlements of the same period already settled for that product and seller. */
export interface SettledRow extends SoldRow {
  commissionAmount: DecimalInput;
  payableAmount: DecimalInput;
}

export interface SalesSettlementLine {
  productId: string;
  storeId: string | null;
  quantity: Dec;
  salesAmount: Dec;
  unitPrice: Dec | null;
  commissionAmount: Dec;
  payableAmount: Dec;
}

const key = (r: { productId: string; storeId: string | null }) => `${r.productId}|${r.storeId ?? ''}`;

function previous(settled: SettledRow[]): Map<string, { quantity: Dec; salesAmount: Dec; commissionAmount: Dec; payableAmount: Dec }> {
  const m = new Map<string, { quantity: Dec; salesAmount: Dec; commissionAmount: Dec; payableAmount: Dec }>();
  for (const s of settled) {
    const p = m.get(key(s)) ?? { quantity: dec(0), salesAmount: dec(0), commissionAmount: dec(0), payableAmount: dec(0) };
    m.set(key(s), {
      quantity: p.quantity.plus(s.quantity),
      salesAmount: p.salesAmount.plus(s.salesAmount),
      commissionAmount: p.commissionAmount.plus(s.commissionAmount),
      payableAmount: p.payableAmount.plus(s.payableAmount),
    });
  }
  return m;
}

/** Rows of `sold` and of `settled` (a product sold before, all refunded since, still needs its line). */
function allKeys(sold: SoldRow[], settled: SettledRow[]): SoldRow[] {
  const rows = new Map<string, SoldRow>();
  for (const r of sold) rows.set(key(r), r);
  for (const s of settled) if (!rows.has(key(s))) rows.set(key(s), { productId: s.productId, storeId: s.storeId, quantity: 0, salesAmount: 0 });
  return [...rows.values()].sort((a, b) => key(a).localeCompare(key(b)));
}

/**
 * 代销: HQ owes the net quantity sold × the settlement price. Against earlier settlements of the same
 * period only the difference is settled (at today's price), so late sales are paid once.
 */
export function consignmentLines(sold: SoldRow[], prices: ReadonlyMap<string, DecimalInput>, settled: SettledRow[] = []): SalesSettlementLine[] {
  const prev = previous(settled);
  return allKeys(sold, settled)
    .map((r) => {
      const p = prev.get(key(r));
      const quantity = dec(r.quantity).minus(p?.quantity ?? 0);
      const salesAmount = dec(r.salesAmount).minus(p?.salesAmount ?? 0);
      const unitPrice = dec(prices.get(r.productId) ?? 0);
      return { productId: r.productId, storeId: r.storeId, quantity, salesAmount, unitPrice, commissionAmount: dec(0), payableAmount: money(quantity.times(unitPrice)) };
    })
    .filter((l) => !l.quantity.isZero() || !l.salesAmount.isZero());
}

/**
 * 联营: HQ owes the net sales minus its commission (rate % of sales, to the cent). Commission is
 * taken on the period's whole sales and earlier settlements are subtracted, so a period settled
 * in several parts costs the supplier exactly what one settlement would.
 */
export function concessionLines(sold: SoldRow[], ratePercent: DecimalInput, settled: SettledRow[] = []): SalesSettlementLine[] {
  const prev = previous(settled);
  const rate = dec(ratePercent).div(100);
  return allKeys(sold, settled)
    .map((r) => {
      const p = prev.get(key(r));
      const commissionAll = money(dec(r.salesAmount).times(rate));
      const quantity = dec(r.quantity).minus(p?.quantity ?? 0);
      const salesAmount = dec(r.salesAmount).minus(p?.salesAmount ?? 0);
      const commissionAmount = commissionAll.minus(p?.commissionAmount ?? 0);
      return { productId: r.productId, storeId: r.storeId, quantity, salesAmount, unitPrice: null, commissionAmount, payableAmount: salesAmount.minus(commissionAmount) };
    })
    .filter((l) => !l.quantity.isZero() || !l.salesAmount.isZero() || !l.commissionAmount.isZero());
}

export function settlementTotals(lines: SalesSettlementLine[]): { totalQty: Dec; salesAmount: Dec; commissionAmount: Dec; payableAmount: Dec } {
  return lines.reduce(
    (t, l) => ({
      totalQty: t.totalQty.plus(l.quantity),
      salesAmount: t.salesAmount.plus(l.salesAmount),
      commissionAmount: t.commissionAmount.plus(l.commissionAmount),
      payableAmount: t.payableAmount.plus(l.payableAmount),
    }),
    { totalQty: dec(0), salesAmount: dec(0), commissionAmount: dec(0), payableAmount: dec(0) },
  );
}
