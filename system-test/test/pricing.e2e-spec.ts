import { Clock } from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, expectAnswerAsDocumented, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, openStore, randomUUID, setupStore, storeServer, waitFor } from './transfer-helpers';

/**
 * 调价单 and 促销 from HQ to a store over the transfer protocol, and the till applying them: a price
 * change scheduled for tomorrow 08:00 takes effect at a store that synced tonight and is offline at
 * 08:00 (the store's clock is moved, HQ is shut down); a promotion approved at HQ reaches the store,
 * prices a sale, and HQ receives the sale with its promotions.
 */
describe('prices and promotions: HQ → store → till → HQ', () => {
  let hq: TestApp;
  let store: TestApp;
  let hqDb: string;
  let admin: string;
  let storeId: string;
  let otherStoreId: string;
  let products: string[];
  let cashId: string;

  const sync = () => store.app.get(StoreSyncService).run('test', {});
  const cashier = () => store.login('s001-cashier', 'cashier-pass-1');
  const at = (d: Date) => jest.spyOn(store.app.get(Clock), 'now').mockReturnValue(d);
  const tomorrowAt = (h: number, m = 0, s = 0) => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1, h, m, s);
  };

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
    hqDb = hq.databaseUrl;
    store = await storeServer();
    admin = await hq.loginAdmin();
    products = await addProducts(hq, 3);
    [{ id: cashId }] = await hq.dataSource.query(
      `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 1) RETURNING id`,
    );
    storeId = (await openStore(hq, admin, 'S001', { settings: { allowNegativeStock: true } })).result.store.id;
    otherStoreId = (await openStore(hq, admin, 'S002')).result.store.id;
    await feedSettled(hq);
    await setupStore(store, hq, 'S001');
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await store?.close();
    await hq?.close();
    if (hqDb) await dropDatabase(hqDb).catch(() => undefined);
  });

  it('HQ refuses a bad price change or promotion with the field at fault, and nothing is written', async () => {
    const pc = (body: object) => hq.http().post('/api/pricing/price-changes').set(bearer(admin)).send(body);
    expect((await pc({ effectiveFrom: tomorrowAt(8).toISOString(), lines: [{ productId: products[0] }] }).expect(400)).body.fields).toEqual([
      { field: 'lines.0', message: expect.stringContaining('retailPrice') },
    ]);
    expect((await pc({ effectiveFrom: tomorrowAt(8).toISOString(), lines: [{ productId: randomUUID(), retailPrice: '1' }] }).expect(422)).body.code).toBe(
      'PRICING_UNKNOWN_REFERENCE',
    );
    expect(
      (await pc({ effectiveFrom: tomorrowAt(8).toISOString(), storeIds: [randomUUID()], lines: [{ productId: products[0], retailPrice: '1' }] }).expect(422)).body.fields[0].field,
    ).toBe('storeIds.0');
    const promo = (body: object) =>
      hq
        .http()
        .post('/api/pricing/promotions')
        .set(bearer(admin))
        .send({ name: 'x', startsAt: new Date().toISOString(), ...body });
    expect((await promo({ kind: 'spend_save', rules: { scope: {}, tiers: [{ spend: '10', save: '20' }] } }).expect(400)).body.fields).toEqual([
      { field: 'rules.tiers.0.save', message: 'at most the spend of its step' },
    ]);
    expect((await promo({ kind: 'special_price', rules: { items: [{ productId: randomUUID(), price: '1' }] } }).expect(422)).body.code).toBe('PRICING_UNKNOWN_REFERENCE');
    expect(Number((await hq.dataSource.query(`SELECT (SELECT count(*) FROM price_change) + (SELECT count(*) FROM promotion) AS n`))[0].n)).toBe(0);
  });

  it('a promotion approved at HQ reaches its store only, prices the sale at the till, and HQ receives the sale with it', async () => {
    const created = await hq
      .http()
      .post('/api/pricing/promotions')
      .set(bearer(admin))
      .send({
        name: '第二件半价',
        kind: 'nth_discount',
        rules: { scope: { productIds: [products[1]] }, n: 2, percent: '50' },
        storeIds: [storeId],
        startsAt: new Date(Date.now() - 60_000).toISOString(),
      })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'draft', code: expect.stringMatching(/^PM-HQ-\d{8}-\d{4}$/) });
    // the rules as the document types them (one shape per kind)
    expectAnswerAsDocumented('hq', 'POST', '/api/pricing/promotions', created.body);
    // a draft never reaches the store
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    expect(await store.dataSource.query(`SELECT id FROM promotion`)).toEqual([]);
    const approved = await hq.http().post(`/api/pricing/promotions/${created.body.id}/approve`).set(bearer(admin)).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'admin' });
    // approved promotions are never edited
    expect(
      (
        await hq
          .http()
          .put(`/api/pricing/promotions/${created.body.id}`)
          .set(bearer(admin))
          .send({ name: 'y', kind: 'percent_off', rules: { scope: {}, percent: '5' }, startsAt: new Date().toISOString() })
          .expect(409)
      ).body.code,
    ).toBe('DOCUMENT_POSTED');
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    expect(await store.dataSource.query(`SELECT code, status FROM promotion`)).toEqual([{ code: created.body.code, status: 'approved' }]);

    const token = await cashier();
    const shift = await store.http().post('/api/pos/shifts').set(bearer(token)).send({ tillCode: '01', openingFloat: '0' }).expect(201);
    const sale = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({ id: randomUUID(), shiftId: shift.body.id, lines: [{ productId: products[1], quantity: '2' }], payments: [{ paymentMethodId: cashId, amount: '50' }] })
      .expect(200);
    // 2 × 12.50, the second at half price
    expect(sale.body).toMatchObject({ grossAmount: '25.00', promotionDiscount: '6.25', discountAmount: '6.25', totalAmount: '18.75' });
    expect(sale.body.lines[0]).toMatchObject({
      promotionDiscount: '6.25',
      amount: '18.75',
      promotions: [{ promotionId: created.body.id, code: created.body.code, kind: 'nth_discount', saving: '6.25', role: 'item' }],
    });
    const receipt = await store.http().get(`/api/pos/sales/${sale.body.id}/receipt?format=text`).set(bearer(token)).expect(200);
    expect(receipt.text).toContain('第二件半价');

    // a stop at HQ reaches the store: the next sale pays full price
    await hq.http().post(`/api/pricing/promotions/${created.body.id}/stop`).set(bearer(admin)).send({ reason: '活动提前结束' }).expect(200);
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    const later = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({ id: randomUUID(), shiftId: shift.body.id, lines: [{ productId: products[1], quantity: '2' }], payments: [{ paymentMethodId: cashId, amount: '50' }] })
      .expect(200);
    expect(later.body).toMatchObject({ totalAmount: '25.00', promotionDiscount: '0.00', promotions: null });

    // HQ receives the sale with its promotions (pushed by the same sync)
    const lines = await waitFor(
      () => hq.dataSource.query(`SELECT promotion_discount::text, promotions FROM pos_sale_line WHERE sale_id = $1`, [sale.body.id]),
      (rows: unknown[]) => rows.length === 1,
    );
    expect(lines).toEqual([{ promotion_discount: '6.25', promotions: [expect.objectContaining({ promotionId: created.body.id, saving: '6.25' })] }]);
    const [head] = await hq.dataSource.query(`SELECT promotion_discount::text, promotions->0->>'code' AS code FROM pos_sale WHERE id = $1`, [sale.body.id]);
    expect(head).toEqual({ promotion_discount: '6.25', code: created.body.code });
    // 促销分析 at HQ over the pushed sales
    const day = (await hq.dataSource.query(`SELECT to_char(business_date, 'YYYY-MM-DD') AS d FROM pos_sale WHERE id = $1`, [sale.body.id]))[0].d;
    const report = await hq.http().get(`/api/reports/promotions?from=${day}&to=${day}`).set(bearer(admin)).expect(200);
    expect(report.body.items).toEqual([expect.objectContaining({ promotionId: created.body.id, code: created.body.code, baskets: 1, qty: '2', sales: '18.75', discount: '6.25' })]);
    expect(otherStoreId).toBeDefined();
  });

  it('a price change for tomorrow 08:00 takes effect at a store that synced tonight and is offline at 08:00', async () => {
    const created = await hq
      .http()
      .post('/api/pricing/price-changes')
      .set(bearer(admin))
      .send({ storeIds: [storeId], effectiveFrom: tomorrowAt(8).toISOString(), reason: '周二调价', lines: [{ productId: products[0], retailPrice: '9.90', memberPrice: '9.50' }] })
      .expect(201);
    expect(created.body).toMatchObject({ status: 'draft', number: expect.stringMatching(/^PC-HQ-\d{8}-\d{4}$/) });
    const approved = await hq.http().post(`/api/pricing/price-changes/${created.body.id}/approve`).set(bearer(admin)).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', approvedBy: 'admin' });
    expect((await hq.http().post(`/api/pricing/price-changes/${created.body.id}/approve`).set(bearer(admin)).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    // the audit trail has both steps
    expect(
      (await hq.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'price_change' AND entity_id = $1 ORDER BY id`, [created.body.id])).map(
        (r: { action: string }) => r.action,
      ),
    ).toEqual(['create', 'approve']);

    // tonight: the store syncs, then HQ goes away
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    expect(await store.dataSource.query(`SELECT number, retail_price::text FROM price_schedule`)).toEqual([{ number: created.body.number, retail_price: '9.90' }]);
    await hq.close();
    expect((await sync()).errors.length).toBeGreaterThan(0);

    const token = await cashier();
    const shift = (await store.http().post('/api/pos/shifts').set(bearer(token)).send({ tillCode: '02', openingFloat: '0' }).expect(201)).body;
    const sell = async (when: Date) => {
      at(when);
      return (
        await store
          .http()
          .post('/api/pos/sales')
          .set(bearer(token))
          .send({ id: randomUUID(), shiftId: shift.id, lines: [{ productId: products[0] }], payments: [{ paymentMethodId: cashId, amount: '20' }] })
          .expect((r) => expect([r.status, r.body.code]).toEqual([200, undefined]))
      ).body;
    };
    expect((await sell(tomorrowAt(7, 59, 59))).lines[0]).toMatchObject({ unitPrice: '11.50', priceSource: 'retail' });
    expect((await sell(tomorrowAt(8))).lines[0]).toMatchObject({ unitPrice: '9.90', priceSource: 'price_change', listPrice: '9.90' });
    // the store's price history says the same, for its own store
    const history = await store
      .http()
      .get(`/api/pricing/price-history?productId=${products[0]}&at=${encodeURIComponent(tomorrowAt(8, 30).toISOString())}`)
      .set(bearer(await store.login('s001-admin', 'store-admin-1')))
      .expect(200);
    expectAnswerAsDocumented('store', 'GET', '/api/pricing/price-history', history.body);
    expect(history.body.current).toMatchObject({ retailPrice: '9.90', retailSource: { priceChange: created.body.number }, memberPrice: '9.50' });
    expect(history.body.items).toEqual([expect.objectContaining({ number: created.body.number, retailPrice: '9.90', state: 'started' })]);
    jest.restoreAllMocks();
  });
});
