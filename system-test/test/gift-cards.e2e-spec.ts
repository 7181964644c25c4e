import { freePort } from '@chain-erp/shared';
import { bearer, dropDatabase, expectAnswerAsDocumented, type TestApp } from '@chain-erp/shared/testing';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { feedSettled, randomUUID, voucherHq, voucherTill } from './transfer-helpers';

/**
 * 礼品卡售卡: gift cards of a batch sold at the till are made without value; a till sells one for
 * money as a document of its own (not goods revenue), HQ loads the card online in the same
 * prepare→commit pattern as a chain card's top-up, and from then on the card pays like any gift
 * card. Also: the balance look-up before a tender, voiding unused numbers and batches, and the
 * voucher reports adding up (a store user seeing only its store).
 */
describe('gift cards sold at the till, balance look-up, voids and voucher reports', () => {
  let hq: TestApp;
  let store: TestApp;
  let hqDb: string;
  let admin: string;
  let token: string;
  let shiftId: string;
  let products: string[];
  let s1: string;
  let s2: string;
  let tillBatch: { id: string; batchNo: string };
  let cards: string[];
  const methods: Record<'cash' | 'bank' | 'gift', string> = { cash: '', bank: '', gift: '' };

  const sync = () => store.app.get(StoreSyncService).run('test', {});
  const {
    batch,
    numbersOf,
    lookup: lookupAtHq,
  } = voucherHq(
    () => ({ hq, admin }),
    () => ({ name: '礼品卡100元', kind: 'gift_card', faceValue: '100', quantity: 3, validTo: new Date(Date.now() + 365 * 86400_000).toISOString() }),
  );
  const sellCard = (body: object, id = randomUUID()) =>
    store
      .http()
      .post('/api/pos/gift-card-sales')
      .set(bearer(token))
      .send({ id, shiftId, paymentMethodId: methods.cash, ...body });
  const sale = (lines: Array<{ productId: string; quantity?: string }>, payments: Array<{ paymentMethodId: string; amount: string; reference?: string }>) =>
    store.http().post('/api/pos/sales').set(bearer(token)).send({ id: randomUUID(), shiftId, lines, payments });
  const counts = async () => ({
    docs: Number((await store.dataSource.query(`SELECT count(*) AS n FROM pos_gift_card_sale`))[0].n),
    sales: Number((await store.dataSource.query(`SELECT count(*) AS n FROM pos_sale`))[0].n),
    outbox: Number((await store.dataSource.query(`SELECT count(*) AS n FROM transfer_outbox`))[0].n),
    hqLedger: Number((await hq.dataSource.query(`SELECT count(*) AS n FROM voucher_ledger`))[0].n),
  });

  beforeAll(async () => {
    const till = await voucherTill(1, {
      cash: { code: 'CASH', name: '现金', type: 'cash', allowsChange: true },
      bank: { code: 'BANK', name: '银行卡', type: 'bank_card', allowsChange: false },
      gift: { code: 'GC', name: '礼品卡', type: 'gift_card', allowsChange: false },
    }); // 11.50
    ({ hq, hqDb, store, admin, products, s1, s2, token, shiftId } = till);
    Object.assign(methods, till.methods);
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
    if (hqDb) await dropDatabase(hqDb).catch(() => undefined);
  });

  it('HQ makes the cards of a batch sold at the till without value: nothing issued, nothing in the ledger; only gift cards are sold so', async () => {
    expect((await batch({ kind: 'voucher', soldAtTill: true }).expect(400)).body).toMatchObject({
      code: 'VOUCHER_BATCH_INVALID',
      fields: [{ field: 'soldAtTill', message: 'only gift cards are sold at the till' }],
    });
    tillBatch = (await batch({ soldAtTill: true }).expect(201)).body;
    expect(tillBatch).toMatchObject({ soldAtTill: true, quantity: 3, issued: '0.00', redeemed: '0.00', voided: '0.00', outstanding: '0.00' });
    cards = await numbersOf(tillBatch.id);
    expect(cards).toHaveLength(3);
    expect(await hq.dataSource.query(`SELECT state, balance::text FROM voucher WHERE batch_id = $1 GROUP BY 1, 2`, [tillBatch.id])).toEqual([{ state: 'unsold', balance: '0.00' }]);
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_ledger`)).toEqual([{ n: 0 }]);
  });

  it('the till looks a number up before tendering it: an unsold card cannot pay but can be sold; a tender of it is refused with nothing written', async () => {
    const looked = (await store.http().get(`/api/pos/vouchers/${cards[0]}`).set(bearer(token)).expect(200)).body;
    expect(looked).toMatchObject({
      number: cards[0],
      kind: 'gift_card',
      state: 'unsold',
      balance: '0.00',
      faceValue: '100.00',
      usable: false,
      sellable: true,
      refusalCode: 'VOUCHER_UNSOLD',
    });
    expect((await store.http().get('/api/pos/vouchers/1234567890123456').set(bearer(token)).expect(404)).body.code).toBe('VOUCHER_NOT_FOUND');
    expect((await store.http().get('/api/pos/vouchers/12345').set(bearer(token)).expect(400)).body.fields[0].field).toBe('number');
    const before = await counts();
    expect((await sale([{ productId: products[0] }], [{ paymentMethodId: methods.gift, amount: '11.50', reference: cards[0] }]).expect(409)).body.code).toBe('VOUCHER_UNSOLD');
    expect(await counts()).toEqual(before);
  });

  it('refuses a card sale at the wrong amount, paid with a gift card, short — nothing written at the store or at HQ', async () => {
    const before = await counts();
    expect((await sellCard({ cardNo: cards[0], amount: '50.00' }).expect(409)).body).toMatchObject({
      code: 'VOUCHER_SALE_AMOUNT_MISMATCH',
      fields: [{ field: 'amount' }],
      details: { faceValue: '100.00' },
    });
    expect((await sellCard({ cardNo: cards[0], amount: '100.00', paymentMethodId: methods.gift }).expect(422)).body.code).toBe('POS_TOP_UP_TENDER_INVALID');
    expect((await sellCard({ cardNo: cards[0], amount: '100.00', tendered: '90.00' }).expect(422)).body.code).toBe('POS_TENDER_SHORT');
    expect((await sellCard({ cardNo: cards[0], amount: '100.00', paymentMethodId: methods.bank, tendered: '120.00' }).expect(422)).body.code).toBe('POS_TENDER_OVERPAID');
    expect(await counts()).toEqual(before);
  });

  it('sells a card once through a retry: one document, one load at HQ, redeemable after; a second sale of the card is refused', async () => {
    const id = randomUUID();
    const body = { cardNo: cards[0], amount: '100.00', tendered: '120.00' };
    const first = (await sellCard(body, id).expect(200)).body;
    expect(first).toMatchObject({
      id,
      saleNo: expect.stringMatching(/^GCS-S001-01-\d{8}-\d{4}$/),
      cardNo: cards[0],
      amount: '100.00',
      methodCode: 'CASH',
      tendered: '120.00',
      changeAmount: '20.00',
      balanceAfter: '100.00',
    });
    const again = (await sellCard(body, id).expect(200)).body;
    expect(again).toEqual(first);
    expect((await sellCard({ ...body, tendered: '100.00' }, id).expect(422)).body.code).toBe('IDEMPOTENCY_MISMATCH');
    expect(await hq.dataSource.query(`SELECT kind, amount::text, delta::text, doc_no FROM voucher_ledger WHERE ref_id = $1`, [id])).toEqual([
      { kind: 'sell', amount: '100.00', delta: '100.00', doc_no: first.saleNo },
    ]);
    expect((await sellCard(body).expect(409)).body.code).toBe('VOUCHER_ALREADY_SOLD');
    expect(await lookupAtHq(cards[0])).toMatchObject({ state: 'active', balance: '100.00' });
    expect((await store.http().get(`/api/pos/vouchers/${cards[0]}`).set(bearer(token)).expect(200)).body).toMatchObject({
      usable: true,
      sellable: false,
      balance: '100.00',
      refusalCode: null,
    });
    // redeemable: it pays a sale like any gift card
    await sale([{ productId: products[0], quantity: '2' }], [{ paymentMethodId: methods.gift, amount: '23.00', reference: cards[0] }]).expect(200);
    expect(await lookupAtHq(cards[0])).toMatchObject({ state: 'active', balance: '77.00' });
  });

  it('is not goods revenue: not a sale, not in the sales report; the shift shows it as a line of its own per tender', async () => {
    expect(Number((await store.dataSource.query(`SELECT count(*) AS n FROM pos_sale`))[0].n)).toBe(1);
    const today = new Date().toLocaleDateString('sv-SE');
    const storeAdmin = await store.login('s001-admin', 'store-admin-1');
    const report = (await store.http().get(`/api/reports/sales?from=${today}&to=${today}&groupBy=store`).set(bearer(storeAdmin)).expect(200)).body;
    expect(report.items.map((r: { amount: string }) => r.amount)).toEqual(['23.00']);
    const shift = (await store.http().get(`/api/pos/shifts/${shiftId}`).set(bearer(token)).expect(200)).body;
    expect(shift).toMatchObject({ salesTotal: '23.00', giftCardSalesCount: 1, giftCardSalesTotal: '100.00' });
    const cash = shift.tenders.find((t: { methodCode: string }) => t.methodCode === 'CASH');
    expect(cash).toMatchObject({ sales: '0.00', giftCards: '100.00', expected: '100.00' });
    const gift = shift.tenders.find((t: { methodCode: string }) => t.methodCode === 'GC');
    expect(gift).toMatchObject({ sales: '23.00', giftCards: '0.00' });
  });

  it('reaches HQ once: the pushed document is stored once and matches the ledger', async () => {
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    expect((await sync()).errors).toEqual([]);
    const rows = await hq.dataSource.query(`SELECT sale_no, card_no, amount::text, store_id FROM pos_gift_card_sale`);
    expect(rows).toEqual([{ sale_no: expect.stringMatching(/^GCS-S001-01-/), card_no: cards[0], amount: '100.00', store_id: s1 }]);
    // not in HQ's goods sales either
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM pos_sale_line`)).toEqual([{ n: 1 }]);
  });

  it('undoes the load at HQ when the document cannot be written at the store; the id is dead afterwards', async () => {
    const id = randomUUID();
    await store.dataSource.query(`CREATE FUNCTION test_gcs_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER test_gcs_fail BEFORE INSERT ON pos_gift_card_sale FOR EACH ROW EXECUTE FUNCTION test_gcs_fail()`);
    try {
      await sellCard({ cardNo: cards[1], amount: '100.00' }, id).expect(500);
    } finally {
      await store.dataSource.query(`DROP TRIGGER test_gcs_fail ON pos_gift_card_sale; DROP FUNCTION test_gcs_fail()`);
    }
    expect(await hq.dataSource.query(`SELECT kind, delta::text FROM voucher_ledger WHERE ref_id = $1 ORDER BY at, kind`, [id])).toEqual([
      { kind: 'sell', delta: '100.00' },
      { kind: 'sell_reversal', delta: '-100.00' },
    ]);
    expect(await lookupAtHq(cards[1])).toMatchObject({ state: 'unsold', balance: '0.00' });
    expect((await sellCard({ cardNo: cards[1], amount: '100.00' }, id).expect(409)).body.code).toBe('VOUCHER_REDEMPTION_REVERSED');
    // a new document sells it
    await sellCard({ cardNo: cards[1], amount: '100.00', paymentMethodId: methods.bank }).expect(200);
    expect(await lookupAtHq(cards[1])).toMatchObject({ state: 'active', balance: '100.00' });
  });

  it('with HQ unreachable the till refuses to sell a card or look one up, and writes nothing', async () => {
    const storeAdmin = await store.login('s001-admin', 'store-admin-1');
    await store
      .http()
      .put('/api/membership/settings')
      .set(bearer(storeAdmin))
      .send({ cardMode: 'chain', memberCenterUrl: `http://127.0.0.1:${await freePort()}` })
      .expect(200);
    try {
      const before = await counts();
      expect((await sellCard({ cardNo: cards[2], amount: '100.00' }).expect(503)).body.code).toBe('MEMBER_CENTER_UNREACHABLE');
      expect((await store.http().get(`/api/pos/vouchers/${cards[2]}`).set(bearer(token)).expect(503)).body.code).toBe('MEMBER_CENTER_UNREACHABLE');
      expect(await counts()).toEqual(before);
    } finally {
      await store.http().put('/api/membership/settings').set(bearer(storeAdmin)).send({ cardMode: 'chain', memberCenterUrl: null }).expect(200);
    }
    expect(await lookupAtHq(cards[2])).toMatchObject({ state: 'unsold' });
  });

  it('voids an unsold number or an unused batch by a document with a reason; a sold or redeemed one is refused with nothing written', async () => {
    const voidIt = (body: object) =>
      hq
        .http()
        .post('/api/vouchers/voids')
        .set(bearer(admin))
        .send({ id: randomUUID(), reason: '卡片损坏', ...body });
    const before = await counts();
    expect((await voidIt({ batchId: tillBatch.id }).expect(409)).body).toMatchObject({ code: 'VOUCHER_VOID_REFUSED', details: { heldCount: 2 } });
    expect((await voidIt({ batchId: tillBatch.id, number: cards[0] }).expect(409)).body.code).toBe('VOUCHER_VOID_REFUSED');
    expect((await voidIt({ batchId: tillBatch.id, number: '1234567890123456' }).expect(404)).body.code).toBe('VOUCHER_NOT_FOUND');
    expect((await voidIt({ batchId: tillBatch.id, reason: '' }).expect(400)).body.fields[0].field).toBe('reason');
    const storeAdmin = await hq.login('s001-admin', 'store-admin-1');
    await hq.http().post('/api/vouchers/voids').set(bearer(storeAdmin)).send({ id: randomUUID(), batchId: tillBatch.id, number: cards[2], reason: 'x' }).expect(403);
    expect(await counts()).toEqual(before);

    const id = randomUUID();
    const one = (await voidIt({ id, batchId: tillBatch.id, number: cards[2] }).expect(201)).body;
    expect(one).toMatchObject({ voidNo: expect.stringMatching(/^VV-HQ-\d{8}-\d{4}$/), batchNo: tillBatch.batchNo, number: cards[2], count: 1, amount: '0.00', reason: '卡片损坏' });
    expect((await voidIt({ id, batchId: tillBatch.id, number: cards[2] }).expect(201)).body).toEqual(one);
    expect((await voidIt({ batchId: tillBatch.id, number: cards[2] }).expect(409)).body.code).toBe('VOUCHER_VOID');
    expect((await sellCard({ cardNo: cards[2], amount: '100.00' }).expect(409)).body.code).toBe('VOUCHER_VOID');

    // an unused loaded batch: every number goes, its value leaves the liability
    const loaded = (await batch({ name: '未发放礼品卡', faceValue: '50', quantity: 2 }).expect(201)).body;
    const all = (await voidIt({ batchId: loaded.id }).expect(201)).body;
    expect(all).toMatchObject({ number: null, count: 2, amount: '100.00' });
    expect((await hq.http().get(`/api/vouchers/batches/${loaded.id}`).set(bearer(admin)).expect(200)).body).toMatchObject({
      issued: '100.00',
      voided: '100.00',
      redeemed: '0.00',
      outstanding: '0.00',
    });
    const [n] = await numbersOf(loaded.id);
    expect((await sale([{ productId: products[0] }], [{ paymentMethodId: methods.gift, amount: '11.50', reference: n }]).expect(409)).body.code).toBe('VOUCHER_VOID');
    expect(await hq.dataSource.query(`SELECT action, reason FROM audit_log WHERE entity_type = 'voucher_batch' AND entity_id = $1 ORDER BY at`, [loaded.id])).toEqual([
      { action: 'issue', reason: null },
      { action: 'void', reason: '卡片损坏' },
    ]);
  });

  it('reports add up: per batch issued − redeemed − voided = outstanding = the balances; per store and per day; a store user sees only its store', async () => {
    // a loaded gift card batch, part of it spent at S002 (its own till is not in this test: the ledger row its redemption writes)
    const other = (await batch({ name: '礼品卡200元', faceValue: '200', quantity: 1 }).expect(201)).body;
    const [o] = await numbersOf(other.id);
    await hq.dataSource.query(
      `WITH v AS (UPDATE voucher SET balance = 170, row_version = row_version + 1 WHERE number = $1 RETURNING id)
       INSERT INTO voucher_ledger (voucher_id, kind, ref_id, doc_no, amount, delta, balance_after, store_id, username) SELECT id, 'redeem', $2, 'SALE-S002-01-1', 30, -30, 170, $3, 'c' FROM v`,
      [o, randomUUID(), s2],
    );
    const get = async (path: string, t = admin) => {
      const body = (await hq.http().get(path).set(bearer(t)).expect(200)).body;
      expectAnswerAsDocumented('hq', 'GET', path.split('?')[0], body);
      return body;
    };

    const batches = await get('/api/reports/vouchers/batches?kind=gift_card');
    for (const r of batches.items) expect(Number(r.issued) - Number(r.redeemed) - Number(r.voided)).toBeCloseTo(Number(r.outstanding), 2);
    const [{ total }] = await hq.dataSource.query(`SELECT sum(balance)::text AS total FROM voucher WHERE kind = 'gift_card'`);
    expect(batches.totals.outstanding).toBe(Number(total).toFixed(2));
    expect(batches.items.find((r: { batchNo: string }) => r.batchNo === tillBatch.batchNo)).toMatchObject({
      issued: '200.00', // two cards sold (one sale undone and sold again)
      redeemed: '23.00',
      voided: '0.00',
      outstanding: '177.00',
      redemptions: 1,
    });

    const stores = await get('/api/reports/vouchers/stores');
    expect(stores.items).toEqual([
      { storeCode: 'S001', storeName: expect.any(String), issued: '200.00', cardsSold: 2, redeemed: '23.00', redemptions: 1 },
      { storeCode: 'S002', storeName: expect.any(String), issued: '0.00', cardsSold: 0, redeemed: '30.00', redemptions: 1 },
    ]);
    const today = new Date().toLocaleDateString('sv-SE');
    const days = await get(`/api/reports/vouchers/redemptions?from=${today}&to=${today}`);
    expect(days.items.map((r: { storeCode: string; netAmount: string; day: string }) => [r.day, r.storeCode, r.netAmount])).toEqual([
      [today, 'S001', '23.00'],
      [today, 'S002', '30.00'],
    ]);
    expect(days.totals).toMatchObject({ redemptions: 2, netAmount: '53.00' });

    const ageing = await get('/api/reports/vouchers/ageing?kind=gift_card');
    expect(ageing.items).toEqual([expect.objectContaining({ ageBucket: '0-30', numbers: 3, outstanding: '347.00', later: '347.00', expired: '0.00' })]);

    // a store user signed in at HQ: its own store's documents only, never the chain's liability
    const storeUser = await hq.login('s001-admin', 'store-admin-1');
    expect((await get('/api/reports/vouchers/stores', storeUser)).items.map((r: { storeCode: string }) => r.storeCode)).toEqual(['S001']);
    expect((await get(`/api/reports/vouchers/stores?storeId=${s2}`, storeUser)).items).toEqual([]);
    const own = await get('/api/reports/vouchers/batches', storeUser);
    expect(own.items.map((r: { batchNo: string; outstanding: unknown }) => [r.batchNo, r.outstanding])).toEqual([[tillBatch.batchNo, null]]);
    expect((await get(`/api/reports/vouchers/redemptions?from=${today}&to=${today}`, storeUser)).items.map((r: { storeCode: string }) => r.storeCode)).toEqual(['S001']);
    expect((await get('/api/reports/vouchers/ageing', storeUser)).totals).toMatchObject({ numbers: 2, outstanding: '177.00' });

    // bad input: 4xx with the field
    expect((await hq.http().get('/api/reports/vouchers/redemptions?from=2026-12-31&to=2026-12-01').set(bearer(admin)).expect(400)).body.code).toBe('REPORT_RANGE_INVERTED');
    expect((await hq.http().get('/api/reports/vouchers/batches?from=2026-12-01').set(bearer(admin)).expect(400)).body.fields[0].field).toBe('to');
    // Excel: the whole report streamed
    const xlsx = await hq.http().get('/api/reports/vouchers/batches?format=xlsx').set(bearer(admin)).buffer(true).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
