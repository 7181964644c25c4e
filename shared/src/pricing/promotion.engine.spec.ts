import { allocateCents } from './cents';
import { type BasketLine, isApplicable, localMoment, priceBasket, promoteBasket, type PromotionContext } from './promotion.engine';
import { pointsBase, pointsBaseRefunded, promotedRefund, type SoldLine } from './promotion.refund';
import { type PromotionDef, ruleFaults } from './promotion.rules';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const P = { cola: id(1), bread: id(2), milk: id(3), burger: id(4), fries: id(5), apple: id(6) };
const CAT = { food: id(101), drinks: id(102), soda: id(103) };
const BRAND = id(201);

const line = (productId: string, quantity: string, unitPrice: string, extra: Partial<BasketLine> = {}): BasketLine => ({
  productId,
  quantity,
  unitPrice,
  gross: (Math.round(Number(quantity) * Number(unitPrice) * 100) / 100).toFixed(2),
  ...extra,
});
let seq = 0;
const promo = (kind: PromotionDef['kind'], rules: unknown, extra: Partial<PromotionDef> = {}): PromotionDef => ({
  id: id(900 + ++seq),
  code: `PM${String(seq).padStart(3, '0')}`,
  name: `促销${seq}`,
  kind,
  priority: 0,
  stackable: true,
  rules: rules as PromotionDef['rules'],
  ...extra,
});

describe('promotion engine: each kind', () => {
  it('特价: a special unit price, optionally for a limited quantity (the dearest units first)', () => {
    const special = promo('special_price', { items: [{ productId: P.cola, price: '2.99' }] });
    const r = priceBasket([line(P.cola, '4', '3.50'), line(P.bread, '1', '12.80')], [special]);
    expect(r.lines[0]).toMatchObject({ gross: '14.00', saving: '2.04', amount: '11.96' });
    expect(r.lines[0].promotions).toEqual([{ promotionId: special.id, code: special.code, name: special.name, kind: 'special_price', saving: '2.04', role: 'item' }]);
    expect(r.lines[1]).toMatchObject({ saving: '0.00', promotions: [] });
    expect(r.total).toBe('24.76');
    const limited = promo('special_price', { items: [{ productId: P.cola, price: '2.99', maxQuantity: '2' }] });
    expect(priceBasket([line(P.cola, '4', '3.50')], [limited]).total).toBe('12.98');
    // a member price already below the special: nothing to save, nothing shown
    expect(priceBasket([line(P.cola, '2', '2.50')], [special]).applied).toEqual([]);
    // weighed goods: price per kg, rounded half up
    const apples = promo('special_price', { items: [{ productId: P.apple, price: '9.99' }] });
    expect(priceBasket([{ productId: P.apple, quantity: '1.255', unitPrice: '12.00', gross: '15.06' }], [apples]).lines[0].amount).toBe('12.54');
  });

  it('折扣: percent off a category (with its subcategories) or a brand, split pro rata with the largest remainder', () => {
    const off = promo('percent_off', { scope: { categoryIds: [CAT.drinks], brandIds: [BRAND] }, percent: '20' });
    const r = priceBasket(
      [
        line(P.cola, '1', '10.00', { categoryPath: [CAT.food, CAT.drinks, CAT.soda] }),
        line(P.bread, '1', '5.55', { brandId: BRAND }),
        line(P.milk, '1', '3.00', { categoryPath: [CAT.food] }),
      ],
      [off],
    );
    // 20 % of 15.55 = 3.11: 2.00 + 1.11
    expect(r.lines.map((l) => l.saving)).toEqual(['2.00', '1.11', '0.00']);
    expect(r.saving).toBe('3.11');
    expect(allocateCents(2n, [1n, 1n, 1n])).toEqual([1n, 1n, 0n]);
  });

  it('满减: the highest step reached, on what the lines in scope cost', () => {
    const spend = promo('spend_save', {
      scope: {},
      tiers: [
        { spend: '100', save: '10' },
        { spend: '200', save: '30' },
      ],
    });
    expect(priceBasket([line(P.bread, '1', '99.99')], [spend]).saving).toBe('0.00');
    expect(priceBasket([line(P.bread, '1', '100.00')], [spend]).saving).toBe('10.00');
    const r = priceBasket([line(P.bread, '1', '150.00'), line(P.milk, '1', '60.00')], [spend]);
    expect(r.saving).toBe('30.00');
    expect(r.lines.map((l) => l.saving)).toEqual(['21.43', '8.57']);
  });

  it('多买多赠: buy N get M of the same goods (cheapest free), or of other goods', () => {
    const same = promo('buy_get', { buy: { scope: { productIds: [P.cola, P.milk] }, quantity: 2 }, get: { quantity: 1 } });
    expect(priceBasket([line(P.cola, '3', '3.50')], [same]).saving).toBe('3.50');
    expect(priceBasket([line(P.cola, '7', '3.50')], [same]).saving).toBe('7.00');
    // mixed: the cheapest unit is the free one
    const mixed = priceBasket([line(P.milk, '2', '9.90'), line(P.cola, '1', '3.50')], [same]);
    expect(mixed.lines.map((l) => l.saving)).toEqual(['0.00', '3.50']);
    expect(mixed.lines[0].promotions[0]).toMatchObject({ saving: '0.00', role: 'buy' });
    const other = promo('buy_get', { buy: { scope: { productIds: [P.bread] }, quantity: 2 }, get: { scope: { productIds: [P.milk] }, quantity: 1 } });
    expect(priceBasket([line(P.bread, '2', '12.80'), line(P.milk, '2', '9.90')], [other]).lines.map((l) => l.saving)).toEqual(['0.00', '9.90']);
    expect(priceBasket([line(P.bread, '1', '12.80'), line(P.milk, '2', '9.90')], [other]).saving).toBe('0.00');
    // weighed goods never count as units
    expect(priceBasket([line(P.cola, '3.5', '3.50')], [same]).saving).toBe('0.00');
  });

  it('多买多赠 with overlapping scopes: a unit given free does not also qualify', () => {
    // buy 2 of anything, get 1 cola free: 3 colas → 1 free (2 qualify); 2 colas → none
    const p = promo('buy_get', { buy: { scope: {}, quantity: 2 }, get: { scope: { productIds: [P.cola] }, quantity: 1 } });
    expect(priceBasket([line(P.cola, '3', '3.50')], [p]).saving).toBe('3.50');
    expect(priceBasket([line(P.cola, '2', '3.50')], [p]).saving).toBe('0.00');
    expect(priceBasket([line(P.cola, '2', '3.50'), line(P.bread, '2', '12.80')], [p]).saving).toBe('3.50');
    expect(priceBasket([line(P.cola, '2', '3.50'), line(P.bread, '4', '12.80')], [p]).saving).toBe('7.00');
  });

  it('第二件半价: every n-th unit of the same product at the percent off', () => {
    const half = promo('nth_discount', { scope: { productIds: [P.milk] }, n: 2, percent: '50' });
    expect(priceBasket([line(P.milk, '3', '9.90')], [half]).saving).toBe('4.95');
    expect(priceBasket([line(P.milk, '4', '9.90')], [half]).saving).toBe('9.90');
    // the same product on two lines counts together
    expect(priceBasket([line(P.milk, '1', '9.90'), line(P.milk, '1', '9.90')], [half]).saving).toBe('4.95');
    expect(priceBasket([line(P.milk, '1', '9.90'), line(P.bread, '1', '9.90')], [half]).saving).toBe('0.00');
  });

  it('组合套餐: each complete set at the bundle price, the saving spread over the component lines pro rata', () => {
    const meal = promo('bundle', {
      components: [
        { productId: P.burger, quantity: 1 },
        { productId: P.cola, quantity: 1 },
        { productId: P.fries, quantity: 1 },
      ],
      price: '20.00',
    });
    const r = priceBasket([line(P.burger, '1', '15.00'), line(P.cola, '2', '3.50'), line(P.fries, '1', '8.00')], [meal]);
    // one set: 26.50 → 20.00, 6.50 over 15.00 / 3.50 / 8.00
    expect(r.lines.map((l) => l.saving)).toEqual(['3.68', '0.86', '1.96']);
    expect(r.total).toBe('23.50');
    expect(priceBasket([line(P.burger, '1', '15.00'), line(P.cola, '1', '3.50')], [meal]).saving).toBe('0.00');
  });

  it('积分倍数: members only; the highest multiplier in scope; an exclusive one skips promoted lines', () => {
    const member: PromotionContext = { storeId: id(1), at: localMoment(new Date(2026, 11, 7, 10)), member: { cardTypeId: id(301) } };
    const double = promo('points', { scope: { productIds: [P.milk, P.cola] }, multiplier: '2' });
    const triple = promo('points', { scope: { productIds: [P.milk] }, multiplier: '3' }, { stackable: false });
    const special = promo('special_price', { items: [{ productId: P.milk, price: '8.00' }] });
    const r = promoteBasket([line(P.milk, '1', '9.90'), line(P.cola, '1', '3.50'), line(P.bread, '1', '5.00')], [double, triple, special], member);
    expect(r.lines.map((l) => l.pointsMultiplier)).toEqual(['2', '2', null]);
    expect(promoteBasket([line(P.milk, '1', '9.90')], [double, triple], member).lines[0].pointsMultiplier).toBe('3');
    expect(promoteBasket([line(P.milk, '1', '9.90')], [double], { ...member, member: null }).lines[0].pointsMultiplier).toBeNull();
    expect(
      pointsBase([
        { amount: '8.00', pointsMultiplier: '2' },
        { amount: '3.50', pointsMultiplier: null },
      ]),
    ).toBe('19.50');
    expect(pointsBase([{ amount: '8.00' }])).toBeNull();
  });
});

describe('promotion engine: stacking and the best combination', () => {
  it('an exclusive special and a stackable percent off: the special takes its line, the percent the rest', () => {
    const special = promo('special_price', { items: [{ productId: P.cola, price: '2.50' }] }, { stackable: false, priority: 10 });
    const tenOff = promo('percent_off', { scope: {}, percent: '10' }, { priority: 5 });
    const r = priceBasket([line(P.cola, '2', '3.50'), line(P.bread, '1', '12.80')], [special, tenOff]);
    expect(r.lines.map((l) => l.promotions.map((p) => p.code))).toEqual([[special.code], [tenOff.code]]);
    expect(r.total).toBe('16.52');
  });

  it('two exclusive promotions on one line: the better one for the customer', () => {
    const a = promo('special_price', { items: [{ productId: P.milk, price: '8.90' }] }, { stackable: false, priority: 10 });
    const b = promo('nth_discount', { scope: { productIds: [P.milk] }, n: 2, percent: '50' }, { stackable: false, priority: 1 });
    expect(priceBasket([line(P.milk, '2', '9.90')], [a, b]).applied.map((x) => x.code)).toEqual([b.code]);
    expect(priceBasket([line(P.milk, '1', '9.90')], [a, b]).applied.map((x) => x.code)).toEqual([a.code]);
  });

  it('drops a stackable promotion when applying it would lose a bigger one (a threshold)', () => {
    const tenOff = promo('percent_off', { scope: {}, percent: '10' }, { priority: 10 });
    const spend = promo('spend_save', { scope: {}, tiers: [{ spend: '100', save: '20' }] }, { priority: 5 });
    const r = priceBasket([line(P.bread, '1', '105.00')], [tenOff, spend]);
    expect(r.applied.map((x) => x.code)).toEqual([spend.code]);
    expect(r.total).toBe('85.00');
    // both apply when the threshold survives the percent off: 200 → 180 → 160
    expect(priceBasket([line(P.bread, '1', '200.00')], [tenOff, spend]).total).toBe('160.00');
  });

  it('equal savings: the higher priority wins; independent groups are searched apart', () => {
    const a = promo('special_price', { items: [{ productId: P.milk, price: '8.90' }] }, { stackable: false, priority: 1, code: 'ZZ' });
    const b = promo('special_price', { items: [{ productId: P.milk, price: '8.90' }] }, { stackable: false, priority: 2, code: 'AA' });
    expect(priceBasket([line(P.milk, '1', '9.90')], [a, b]).applied.map((x) => x.code)).toEqual(['AA']);
    const many = Array.from({ length: 12 }, (_, i) => promo('special_price', { items: [{ productId: id(500 + i), price: '1.00' }] }, { stackable: false }));
    const r = priceBasket(
      many.map((_, i) => line(id(500 + i), '1', '2.00')),
      many,
    );
    expect(r.saving).toBe('12.00');
    // 12 groups of one: 12 alone + 12 × 2 subsets + the final run, not 2^12
    expect(r.evaluations).toBeLessThan(60);
  });

  it('more than EXHAUSTIVE_LIMIT overlapping promotions: the greedy pass still finds the savings', () => {
    const many = Array.from({ length: 14 }, (_, i) => promo('percent_off', { scope: {}, percent: String(i + 1) }, { stackable: false, priority: i }));
    const r = priceBasket([line(P.bread, '1', '100.00')], many);
    expect(r.total).toBe('86.00');
    expect(r.evaluations).toBeLessThan(14 * 3 + 2);
  });

  it('skips a rule it cannot read and lines it must not touch', () => {
    const bad = promo('percent_off', { scope: {}, percent: 'ten' });
    const unknown = { ...promo('percent_off', {}), kind: 'lottery' } as unknown as PromotionDef;
    const good = promo('percent_off', { scope: {}, percent: '10' });
    const r = priceBasket([line(P.bread, '1', '10.00'), line(P.milk, '1', '10.00', { excluded: true })], [bad, unknown, good]);
    expect(r.lines.map((l) => l.saving)).toEqual(['1.00', '0.00']);
  });
});

describe('promotion filters (time is an input)', () => {
  const store = id(1);
  const gold = id(301);
  const monday10 = localMoment(new Date(2026, 11, 7, 10, 0));
  const ctx = (at = monday10, member: PromotionContext['member'] = null): PromotionContext => ({ storeId: store, at, member });
  const base = promo('percent_off', { scope: {}, percent: '10' });

  it('stores, period, stop, weekdays, hours (also over midnight), members and card types', () => {
    expect(isApplicable({ ...base, storeIds: [id(2)] }, ctx())).toBe(false);
    expect(isApplicable({ ...base, storeIds: [store] }, ctx())).toBe(true);
    expect(isApplicable({ ...base, startsAt: new Date(2026, 11, 7, 10, 0, 1) }, ctx())).toBe(false);
    expect(isApplicable({ ...base, endsAt: new Date(2026, 11, 7, 10, 0) }, ctx())).toBe(false);
    expect(isApplicable({ ...base, stoppedAt: new Date(2026, 11, 7, 9) }, ctx())).toBe(false);
    expect(isApplicable({ ...base, daysOfWeek: [6, 7] }, ctx())).toBe(false);
    expect(isApplicable({ ...base, daysOfWeek: [1] }, ctx())).toBe(true);
    expect(isApplicable({ ...base, timeFrom: '08:00', timeTo: '10:00' }, ctx())).toBe(false);
    expect(isApplicable({ ...base, timeFrom: '10:00', timeTo: '12:00' }, ctx())).toBe(true);
    expect(isApplicable({ ...base, timeFrom: '22:00', timeTo: '02:00' }, ctx(localMoment(new Date(2026, 11, 7, 1, 30))))).toBe(true);
    expect(isApplicable({ ...base, timeFrom: '22:00', timeTo: '02:00' }, ctx())).toBe(false);
    expect(isApplicable({ ...base, membersOnly: true }, ctx())).toBe(false);
    expect(isApplicable({ ...base, membersOnly: true }, ctx(monday10, { cardTypeId: id(302) }))).toBe(true);
    expect(isApplicable({ ...base, cardTypeIds: [gold] }, ctx(monday10, { cardTypeId: id(302) }))).toBe(false);
    expect(isApplicable({ ...base, cardTypeIds: [gold] }, ctx(monday10, { cardTypeId: gold }))).toBe(true);
    expect(localMoment(new Date(2026, 11, 13, 23, 59))).toMatchObject({ weekday: 7, minute: 23 * 60 + 59 });
  });

  it('checks rule shapes with the field at fault', () => {
    expect(ruleFaults('spend_save', { scope: {}, tiers: [{ spend: '100', save: '120' }] })).toEqual([{ field: 'rules.tiers.0.save', message: 'at most the spend of its step' }]);
    expect(ruleFaults('bundle', { components: [{ productId: P.cola, quantity: 1 }], price: '5' })[0].field).toBe('rules.components');
    expect(ruleFaults('lottery', {})).toEqual([{ field: 'kind', message: expect.any(String) }]);
    expect(ruleFaults('percent_off', { scope: { productIds: ['x'] }, percent: '10', extra: 1 }).map((f) => f.field)).toEqual(['rules.extra', 'rules.scope.productIds']);
  });
});

describe('refunds of a promoted sale', () => {
  /** sells `lines`, then returns the given quantities one refund after another */
  function sale(lines: BasketLine[], promotions: PromotionDef[]) {
    const priced = priceBasket(lines, promotions);
    const sold: SoldLine[] = lines.map((l, i) => ({
      ...l,
      paid: priced.lines[i].amount,
      promotionSaving: priced.lines[i].saving,
      promotions: priced.lines[i].promotions,
      refundedQuantity: '0',
      returning: '0',
    }));
    let refunded = 0;
    return {
      total: priced.total,
      refund(returning: string[]) {
        const r = promotedRefund({ total: priced.total, refundedBefore: refunded.toFixed(2), lines: sold.map((l, i) => ({ ...l, returning: returning[i] ?? '0' })), promotions });
        refunded += Number(r.amount);
        sold.forEach((l, i) => (l.refundedQuantity = String(Number(l.refundedQuantity) + Number(returning[i] ?? '0'))));
        return r;
      },
    };
  }

  it('买二赠一: returning one of three gives nothing back; returning the rest gives everything paid', () => {
    const s = sale([line(P.cola, '3', '3.50')], [promo('buy_get', { buy: { scope: {}, quantity: 2 }, get: { quantity: 1 } })]);
    expect(s.total).toBe('7.00');
    expect(s.refund(['1']).amount).toBe('0.00');
    expect(s.refund(['2'])).toEqual({ amount: '7.00', lines: ['7.00'] });
  });

  it('满100减20: the kept items lose the step, the returned item pays for that', () => {
    const s = sale([line(P.bread, '1', '60.00'), line(P.milk, '1', '50.00')], [promo('spend_save', { scope: {}, tiers: [{ spend: '100', save: '20' }] })]);
    expect(s.total).toBe('90.00');
    // kept bread now costs 60.00: 90 − 60
    expect(s.refund(['0', '1'])).toEqual({ amount: '30.00', lines: ['0.00', '30.00'] });
    expect(s.refund(['1', '0']).amount).toBe('60.00');
  });

  it('组合套餐: returning a component takes the bundle away; without promotions a refund pays the line', () => {
    const meal = promo('bundle', {
      components: [
        { productId: P.burger, quantity: 1 },
        { productId: P.cola, quantity: 1 },
      ],
      price: '15.00',
    });
    const s = sale([line(P.burger, '1', '15.00'), line(P.cola, '1', '3.50'), line(P.bread, '1', '12.80')], [meal]);
    expect(s.total).toBe('27.80');
    // keep the burger (15.00) and the bread: 27.80 − 27.80
    expect(s.refund(['0', '1', '0']).amount).toBe('0.00');
    expect(s.refund(['0', '0', '1']).amount).toBe('12.80');
    expect(s.refund(['1', '0', '0']).amount).toBe('15.00');
  });

  it("two stackable 多买多赠 with 0.01 goods: a sale's own lines priced again earn exactly its saving, so returning nothing gives 0.00", () => {
    // seed 1692992948 of the property test: the two 10.00 milks tie as the cheapest gift; at the sale the
    // first is PM-a's gift and the second PM-b's. Priced again, their `tookPart` (different) must not
    // reorder them, or PM-a takes the other milk and PM-b frees a 10.01 unit instead of 10.00.
    const a = promo('buy_get', { buy: { scope: { productIds: [P.cola] }, quantity: 1 }, get: { scope: {}, quantity: 2 } });
    const b = promo('buy_get', { buy: { scope: { productIds: [P.cola] }, quantity: 2 }, get: { scope: {}, quantity: 1 } });
    const lines = [line(P.cola, '3', '0.01'), line(P.milk, '1', '10.00'), line(P.cola, '2', '1.00'), line(P.milk, '1', '10.00'), line(P.cola, '3', '10.01')];
    const s = sale(lines, [a, b]);
    expect(s.total).toBe('30.03');
    expect(s.refund(['0', '0', '0', '0', '0'])).toEqual({ amount: '0.00', lines: ['0.00', '0.00', '0.00', '0.00', '0.00'] });
    // a gift milk back: the other stays PM-a's gift and PM-b, its gift gone, frees a 10.01 cola — had the
    // customer bought only what they keep, they would have paid 20.02
    expect(s.refund(['0', '1', '0', '0', '0']).amount).toBe('10.01');
    expect(s.refund(['3', '0', '2', '1', '3']).amount).toBe('20.02');
  });

  it('points: a returned double-points item takes back its doubled base', () => {
    const lines = [
      { amount: '8.00', pointsMultiplier: '2', quantity: '2', refundedQuantity: '1' },
      { amount: '3.50', pointsMultiplier: null, quantity: '1', refundedQuantity: '0' },
    ];
    expect(pointsBaseRefunded(lines)).toBe('8.00');
    expect(pointsBaseRefunded(lines.map((l) => ({ ...l, refundedQuantity: l.quantity })))).toBe('19.50');
  });
});
