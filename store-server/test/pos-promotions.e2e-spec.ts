import { bearer, bootTestApp, expectAnswerAsDocumented, type TestApp, type PosStore, seedMemberCards, seedPosStore } from '@chain-erp/shared/testing';
import { randomUUID } from 'node:crypto';
import { STORE_SERVER } from '../src/server';

/**
 * Each promotion kind through the till's sale and refund API, with the promotions in the store's
 * replica as the pull stream `pricing.promotion` delivers them. Refunds follow the rule of
 * docs/promotions.md: the customer keeps paying what the kept items cost under the sale's promotions.
 */
describe('store POS: promotions at the till (sale and refund)', () => {
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  const http = () => store.http();
  const cash = (amount: string) => ({ paymentMethodId: s.methods.cash.id, amount });
  const sell = async (lines: object[], extra: object = {}) => {
    const res = await http()
      .post('/api/pos/sales')
      .set(bearer(s.adminToken))
      .send({ id: randomUUID(), shiftId, lines, payments: [cash('500')], ...extra });
    expect([res.status, res.body.code]).toEqual([200, undefined]);
    return res.body;
  };
  const refund = async (saleId: string, lines: Array<[number, string]>) => {
    const res = await http()
      .post('/api/pos/refunds')
      .set(bearer(s.adminToken))
      .send({ id: randomUUID(), shiftId, saleId, reason: '顾客退货', lines: lines.map(([saleLineNo, quantity]) => ({ saleLineNo, quantity })) });
    expect([res.status, res.body.code]).toEqual([200, undefined]);
    return res.body;
  };
  /** a promotion as the pull stream writes it into the replica */
  const promotion = async (kind: string, rules: object, extra: Record<string, unknown> = {}) => {
    const id = randomUUID();
    await store.dataSource.query(
      `INSERT INTO promotion (id, code, name, kind, status, priority, stackable, rules, starts_at, members_only, created_by, row_version)
       VALUES ($1, $2, $3, $4, 'approved', $5, $6, $7, now() - interval '1 hour', $8, 'hq-admin', 1)`,
      [id, `PM-${kind}`, (extra.name as string) ?? kind, kind, extra.priority ?? 0, extra.stackable ?? true, JSON.stringify(rules), extra.membersOnly ?? false],
    );
    return id;
  };
  const clear = () => store.dataSource.query(`DELETE FROM promotion`);

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
    await seedMemberCards(store, s.storeId, [{ cardNo: 'M0001' }]);
    shiftId = (await http().post('/api/pos/shifts').set(bearer(s.adminToken)).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body.id;
  });
  afterEach(() => clear());
  afterAll(() => store.close());

  it('特价: the special price per unit; a refund of one unit gives back its special price', async () => {
    await promotion('special_price', { items: [{ productId: s.products.cola.id, price: '2.99' }] }, { name: '可乐特价' });
    const sale = await sell([{ productCode: 'P001', quantity: '4' }, { productCode: 'P003' }]);
    expect(sale).toMatchObject({ grossAmount: '23.90', promotionDiscount: '2.04', totalAmount: '21.86' });
    expect(sale.lines[0]).toMatchObject({ amount: '11.96', promotions: [expect.objectContaining({ name: '可乐特价', saving: '2.04' })] });
    expect(sale.lines[1]).toMatchObject({ amount: '9.90', promotions: null, promotionDiscount: '0.00' });
    expect((await refund(sale.id, [[1, '1']])).totalAmount).toBe('2.99');
    const text = (await http().get(`/api/pos/sales/${sale.id}/receipt?format=text`).set(bearer(s.adminToken)).expect(200)).text;
    expect(text).toMatch(/促销 可乐特价\s+-2\.04/);
  });

  it('折扣: percent off, also on weighed goods; a cashier discount applies after the promotion', async () => {
    await promotion('percent_off', { scope: { productIds: [s.products.milk.id, s.products.apple.id] }, percent: '10' });
    const sale = await sell([{ productCode: 'P003', discountPercent: '5' }, { barcode: '2110023012558' }]);
    // 10 % of 9.90 + 15.06 (1.255 kg × 12.00) = 2.50, split pro rata: 0.99 and 1.51 (the larger remainder);
    // then the cashier's 5 % of the milk's 8.91 = 0.45
    expect(sale.lines[0]).toMatchObject({ promotionDiscount: '0.99', lineDiscount: '0.45', amount: '8.46' });
    expect(sale.lines[1]).toMatchObject({ quantity: '1.255', promotionDiscount: '1.51', amount: '13.55' });
    expect(sale).toMatchObject({ promotionDiscount: '2.50', discountAmount: '2.95', totalAmount: '22.01' });
    expect(
      (
        await refund(sale.id, [
          [1, '1'],
          [2, '1.255'],
        ])
      ).totalAmount,
    ).toBe('22.01');
  });

  it('满减: the step holds while the kept items still reach it; refunds add up to what was paid', async () => {
    await promotion('spend_save', { scope: {}, tiers: [{ spend: '20', save: '5' }] });
    const sale = await sell([{ productCode: 'P003', quantity: '3' }, { productCode: 'P001' }]);
    expect(sale).toMatchObject({ grossAmount: '33.20', promotionDiscount: '5.00', totalAmount: '28.20' });
    // the kept milk (29.70) still earns the 5.00: the cola comes back whole
    expect((await refund(sale.id, [[2, '1']])).totalAmount).toBe('3.50');
    // one milk kept (9.90) loses the step
    expect((await refund(sale.id, [[1, '2']])).totalAmount).toBe('14.80');
    expect((await refund(sale.id, [[1, '1']])).totalAmount).toBe('9.90');
  });

  it('多买多赠: the cheapest unit free; returning one of three gives nothing back, the rest gives everything', async () => {
    await promotion('buy_get', { buy: { scope: { productIds: [s.products.cola.id] }, quantity: 2 }, get: { quantity: 1 } }, { name: '买二赠一' });
    const sale = await sell([{ productCode: 'P001', quantity: '3' }]);
    expect(sale).toMatchObject({ totalAmount: '7.00', promotionDiscount: '3.50' });
    const first = await refund(sale.id, [[1, '1']]);
    expect(first).toMatchObject({ totalAmount: '0.00', payments: [] });
    expect((await refund(sale.id, [[1, '2']])).totalAmount).toBe('7.00');
    const [{ n }] = await store.dataSource.query(`SELECT count(*)::int AS n FROM transfer_outbox WHERE stream = 'pos.refund' AND body->>'saleId' = $1`, [sale.id]);
    expect(n).toBe(2);
  });

  it('第二件半价: the second unit at half price; returning one unit gives back the full one less the half', async () => {
    await promotion('nth_discount', { scope: { productIds: [s.products.milk.id] }, n: 2, percent: '50' });
    const sale = await sell([{ productCode: 'P003', quantity: '2' }]);
    expect(sale).toMatchObject({ totalAmount: '14.85', promotionDiscount: '4.95' });
    expect((await refund(sale.id, [[1, '1']])).totalAmount).toBe('4.95');
    expect((await refund(sale.id, [[1, '1']])).totalAmount).toBe('9.90');
  });

  it('组合套餐: the set at its price, the lines re-priced pro rata; returning a component takes the set price away', async () => {
    await promotion(
      'bundle',
      {
        components: [
          { productId: s.products.bread.id, quantity: 1 },
          { productId: s.products.milk.id, quantity: 1 },
        ],
        price: '18.00',
      },
      { name: '早餐套餐' },
    );
    const sale = await sell([{ productCode: 'P002' }, { productCode: 'P003' }]);
    // 11.80 (store price) + 9.90 = 21.70 → 18.00: 3.70 over the two lines pro rata
    expect(sale).toMatchObject({ totalAmount: '18.00', promotionDiscount: '3.70' });
    expect(sale.lines.map((l: { amount: string }) => l.amount)).toEqual(['9.79', '8.21']);
    // the bread kept costs 11.80: 18.00 − 11.80
    expect((await refund(sale.id, [[2, '1']])).totalAmount).toBe('6.20');
    expect((await refund(sale.id, [[1, '1']])).totalAmount).toBe('11.80');
  });

  it('积分倍数: members only; the doubled line earns double points and a refund of it takes them back', async () => {
    await promotion('points', { scope: { productIds: [s.products.milk.id] }, multiplier: '2' }, { name: '双倍积分' });
    const plain = await sell([{ productCode: 'P003' }]);
    expect(plain.lines[0].pointsMultiplier).toBeNull();
    const sale = await sell([{ productCode: 'P003' }, { productCode: 'P001' }], { memberRef: 'M0001' });
    // member prices 8.90 and 3.00; points on 8.90 × 2 + 3.00
    expect(sale.lines.map((l: { pointsMultiplier: string | null }) => l.pointsMultiplier)).toEqual(['2', null]);
    expect(sale.totalAmount).toBe('11.90');
    const [earn] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'member.points' AND body->>'saleId' = $1`, [sale.id]);
    expect(earn.body.amount).toBe('20.80');
    const back = await refund(sale.id, [[1, '1']]);
    expect(back.totalAmount).toBe('8.90');
    const [taken] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'member.points-refund' AND body->>'refundId' = $1`, [back.id]);
    expect(taken.body).toMatchObject({ amount: '17.80', refundedBefore: '0.00' });
  });

  it('促销分析 at the store: per promotion baskets, sales, discount, margin and what was refunded', async () => {
    const day = (await store.dataSource.query(`SELECT to_char(max(business_date), 'YYYY-MM-DD') AS d FROM pos_sale`))[0].d;
    const res = await http().get(`/api/reports/promotions?from=${day}&to=${day}`).set(bearer(s.adminToken)).expect(200);
    expectAnswerAsDocumented('store', 'GET', '/api/reports/promotions', res.body);
    const bundle = res.body.items.find((r: { code: string }) => r.code === 'PM-bundle');
    // bread 9.79 + milk 8.21 at costs 7.68 and 5.94; both returned since
    expect(bundle).toMatchObject({ name: '早餐套餐', kind: 'bundle', baskets: 1, qty: '2', sales: '18.00', discount: '3.70', cost: '13.62', margin: '4.38', refunded: '18.00' });
    expect(res.body.items.find((r: { code: string }) => r.code === 'PM-points')).toMatchObject({ baskets: 1, discount: '0.00' });
    expect((await http().get(`/api/reports/promotions?from=${day}&to=2000-01-01`).set(bearer(s.adminToken)).expect(400)).body.code).toBe('REPORT_RANGE_INVERTED');
  });

  it('a promotion outside its hours, or for members only, does not apply; an overridden price takes none', async () => {
    await promotion('percent_off', { scope: {}, percent: '50' }, { membersOnly: true });
    expect((await sell([{ productCode: 'P003' }])).totalAmount).toBe('9.90');
    await clear();
    const id = await promotion('percent_off', { scope: {}, percent: '50' });
    const now = new Date();
    const hh = (h: number) => `${String(((h % 24) + 24) % 24).padStart(2, '0')}:00`;
    await store.dataSource.query(`UPDATE promotion SET time_from = $2, time_to = $3 WHERE id = $1`, [id, hh(now.getHours() + 1), hh(now.getHours() + 2)]);
    expect((await sell([{ productCode: 'P003' }])).totalAmount).toBe('9.90');
    await store.dataSource.query(`UPDATE promotion SET time_from = NULL, time_to = NULL WHERE id = $1`, [id]);
    const sale = await sell([{ productCode: 'P003' }, { productCode: 'P001', price: '3.00' }]);
    expect(sale.lines.map((l: { promotionDiscount: string }) => l.promotionDiscount)).toEqual(['4.95', '0.00']);
  });
});
