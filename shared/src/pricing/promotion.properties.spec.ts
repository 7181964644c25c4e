import fc from 'fast-check';
import { toCents } from './cents';
import { type BasketLine, priceBasket } from './promotion.engine';
import { promotedRefund, type SoldLine } from './promotion.refund';
import { type PromotionDef } from './promotion.rules';

/**
 * Properties of the promotion engine over random baskets and random promotions of every kind:
 * amounts stay between 0 and the undiscounted total, the cents add up, the order of the basket does
 * not change what it costs, more promotions never cost more, and refunding everything in any
 * sequence of pieces gives back exactly what was paid.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const PRODUCTS = [1, 2, 3, 4, 5, 6].map((n) => ({ id: id(n), categoryPath: n <= 3 ? [id(100), id(100 + n)] : [id(200)], brandId: n % 2 ? id(300) : null }));
const CATEGORIES = [id(100), id(101), id(102), id(200)];

const moneyArb = fc.integer({ min: 1, max: 30000 }).map((c) => (c / 100).toFixed(2));
// few distinct prices: ties (equal amounts, equal prices per unit) are where order could leak in
const priceArb = fc.oneof(fc.constantFrom('1.00', '3.33', '3.50', '10.00'), moneyArb);
const lineArb: fc.Arbitrary<BasketLine> = fc
  .record({
    p: fc.constantFrom(...PRODUCTS),
    whole: fc.boolean(),
    units: fc.integer({ min: 1, max: 6 }),
    milli: fc.integer({ min: 1, max: 5000 }),
    unitPrice: priceArb,
    excluded: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ p, whole, units, milli, unitPrice, excluded }) => {
    const quantity = whole || milli % 3 ? String(units) : (milli / 1000).toFixed(3);
    return { productId: p.id, categoryPath: p.categoryPath, brandId: p.brandId, quantity, unitPrice, gross: fixGross(unitPrice, quantity), excluded };
  });

/** quantity × unit price to the cent, half up, exactly (as the till computes it) */
function fixGross(unitPrice: string, quantity: string): string {
  const c = toCents(unitPrice) * BigInt(Math.round(Number(quantity) * 1000));
  const cents = (2n * c + 1000n) / 2000n;
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
}

const scopeArb = fc.oneof(
  fc.constant({}),
  fc.record({
    productIds: fc.subarray(
      PRODUCTS.map((p) => p.id),
      { minLength: 1 },
    ),
  }),
  fc.record({ categoryIds: fc.subarray(CATEGORIES, { minLength: 1 }) }),
  fc.constant({ brandIds: [id(300)] }),
);
const pct = (max: number) => fc.integer({ min: 1, max: max * 100 }).map((b) => (b / 100).toFixed(2));
const rulesArb = fc.oneof(
  fc.record({
    kind: fc.constant('special_price' as const),
    rules: fc.record({
      items: fc.uniqueArray(fc.record({ productId: fc.constantFrom(...PRODUCTS.map((p) => p.id)), price: moneyArb }), { minLength: 1, maxLength: 3, selector: (i) => i.productId }),
    }),
  }),
  fc.record({ kind: fc.constant('percent_off' as const), rules: fc.record({ scope: scopeArb, percent: pct(99) }) }),
  fc.record({
    kind: fc.constant('spend_save' as const),
    rules: fc.record({
      scope: scopeArb,
      tiers: fc
        .uniqueArray(fc.integer({ min: 100, max: 50000 }), { minLength: 1, maxLength: 3 })
        .chain((spends) =>
          fc.tuple(...[...spends].sort((a, b) => a - b).map((s) => fc.integer({ min: 1, max: s }).map((save) => ({ spend: (s / 100).toFixed(2), save: (save / 100).toFixed(2) })))),
        ),
    }),
  }),
  fc.record({
    kind: fc.constant('buy_get' as const),
    rules: fc.record({
      buy: fc.record({ scope: scopeArb, quantity: fc.integer({ min: 1, max: 3 }) }),
      get: fc.record({ scope: fc.option(scopeArb, { nil: undefined }), quantity: fc.integer({ min: 1, max: 2 }) }),
    }),
  }),
  fc.record({ kind: fc.constant('nth_discount' as const), rules: fc.record({ scope: scopeArb, n: fc.integer({ min: 2, max: 3 }), percent: pct(100) }) }),
  fc.record({
    kind: fc.constant('bundle' as const),
    rules: fc.record({
      components: fc.uniqueArray(fc.record({ productId: fc.constantFrom(...PRODUCTS.map((p) => p.id)), quantity: fc.integer({ min: 1, max: 2 }) }), {
        minLength: 2,
        maxLength: 3,
        selector: (c) => c.productId,
      }),
      price: moneyArb,
    }),
  }),
);
const promotionsArb: fc.Arbitrary<PromotionDef[]> = fc
  .array(fc.record({ r: rulesArb, priority: fc.integer({ min: 0, max: 3 }), stackable: fc.boolean() }), { maxLength: 5 })
  .map((xs) =>
    xs.map((x, i) => ({
      id: id(900 + i),
      code: `PM${i}`,
      name: `促销${i}`,
      kind: x.r.kind,
      rules: x.r.rules as PromotionDef['rules'],
      priority: x.priority,
      stackable: x.stackable,
    })),
  );
const basketArb = fc.array(lineArb, { minLength: 1, maxLength: 8 });

const cents = (s: string) => toCents(s);
const sum = (xs: string[]) => xs.reduce((a, x) => a + cents(x), 0n);

describe('promotion engine properties (fast-check)', () => {
  it('totals are never negative nor above the undiscounted total, and the cents add up', () => {
    fc.assert(
      fc.property(basketArb, promotionsArb, (lines, promotions) => {
        const r = priceBasket(lines, promotions);
        expect(cents(r.total) >= 0n).toBe(true);
        expect(cents(r.total) <= cents(r.gross)).toBe(true);
        expect(cents(r.gross)).toBe(sum(lines.map((l) => l.gross)));
        expect(sum(r.lines.map((l) => l.amount))).toBe(cents(r.total));
        expect(cents(r.gross) - cents(r.total)).toBe(cents(r.saving));
        for (const [i, l] of r.lines.entries()) {
          expect(cents(l.amount) >= 0n && cents(l.amount) <= cents(lines[i].gross)).toBe(true);
          expect(sum(l.promotions.map((p) => p.saving))).toBe(cents(l.saving));
          if (lines[i].excluded) expect(l.promotions).toEqual([]);
        }
        expect(sum(r.applied.map((a) => a.saving))).toBe(cents(r.saving));
      }),
      { numRuns: 400 },
    );
  });

  it('the same basket in another order costs the same, line by line', () => {
    const withOrder = basketArb.chain((lines) =>
      fc.tuple(
        fc.constant(lines),
        fc.shuffledSubarray(
          lines.map((_, i) => i),
          { minLength: lines.length, maxLength: lines.length },
        ),
      ),
    );
    fc.assert(
      fc.property(withOrder, promotionsArb, ([lines, order], promotions) => {
        const a = priceBasket(lines, promotions);
        const b = priceBasket(
          order.map((i) => lines[i]),
          promotions,
        );
        expect(b.total).toBe(a.total);
        // line by line (identical lines may share their cents the other way round)
        const key = (l: BasketLine, amount: string) => `${JSON.stringify(l)}=${amount}`;
        expect(order.map((i, k) => key(lines[i], b.lines[k].amount)).sort()).toEqual(lines.map((l, i) => key(l, a.lines[i].amount)).sort());
      }),
      { numRuns: 500 },
    );
  });

  it('more promotions never cost the customer more (the search covers every subset)', () => {
    fc.assert(
      fc.property(basketArb, promotionsArb, (lines, promotions) => {
        const all = cents(priceBasket(lines, promotions).total);
        for (let k = 0; k < promotions.length; k++)
          expect(
            all <=
              cents(
                priceBasket(
                  lines,
                  promotions.filter((_, j) => j !== k),
                ).total,
              ),
          ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('refunding every line, in any pieces, returns exactly what was paid; no refund is negative or more than is left', () => {
    fc.assert(
      fc.property(basketArb, promotionsArb, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 40, maxLength: 40 }), (lines, promotions, dice) => {
        const sale = priceBasket(lines, promotions);
        const sold: SoldLine[] = lines.map((l, i) => ({
          ...l,
          paid: sale.lines[i].amount,
          promotionSaving: sale.lines[i].saving,
          promotions: sale.lines[i].promotions,
          refundedQuantity: '0',
          returning: '0',
        }));
        // the sale's own promotions, priced again on the whole basket, earn exactly what they saved
        expect(promotedRefund({ total: sale.total, refundedBefore: '0', lines: sold, promotions }).amount).toBe('0.00');
        let refunded = 0n;
        let d = 0;
        const milli = (q: string) => Math.round(Number(q) * 1000);
        for (let round = 0; sold.some((l) => milli(l.refundedQuantity) < milli(l.quantity)); round++) {
          const last = round >= 4;
          const returning = sold.map((l) => {
            const left = milli(l.quantity) - milli(l.refundedQuantity);
            if (left <= 0) return 0;
            if (last) return left;
            const roll = dice[d++ % dice.length];
            return roll % 3 === 0 ? 0 : roll % 3 === 1 ? left : Math.max(1, Math.min(left, roll % left || left));
          });
          if (returning.every((x) => x === 0)) continue;
          const q = (m: number) => (m / 1000).toFixed(3);
          const r = promotedRefund({ total: sale.total, refundedBefore: fromCentsStr(refunded), lines: sold.map((l, i) => ({ ...l, returning: q(returning[i]) })), promotions });
          const amount = cents(r.amount);
          expect(amount >= 0n).toBe(true);
          expect(amount <= cents(sale.total) - refunded).toBe(true);
          expect(sum(r.lines)).toBe(amount);
          r.lines.forEach((x, i) => expect(returning[i] > 0 || x === '0.00').toBe(true));
          refunded += amount;
          sold.forEach((l, i) => (l.refundedQuantity = q(milli(l.refundedQuantity) + returning[i])));
        }
        expect(refunded).toBe(cents(sale.total));
      }),
      { numRuns: 300 },
    );
  });
});

function fromCentsStr(c: bigint): string {
  return `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
}
