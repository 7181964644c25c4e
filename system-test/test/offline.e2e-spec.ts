import { deriveTransferKey, fetchHello, type HqPort, type PushRequest, RequestContext, SignedClient, StockService, SyncEngine, TransferCallError } from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { StoreMemberService } from '@chain-erp/store-server/membership/store-member.service';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, openStore, randomUUID, setupStore, storeServer, waitFor } from './transfer-helpers';

/**
 * HQ and two stores over real HTTP, wired through the transfer protocol: blank cards pulled to
 * their store, cards and points pushed back, stored value through the signed member-center
 * channel, and a day of selling while HQ is down — HQ comes back on the same database and address.
 */
describe('a store with and without HQ: membership and POS through the transfer channel', () => {
  let svPaymentId: string;
  let hq: TestApp;
  let s1: TestApp;
  let s2: TestApp;
  let admin: string;
  let hqDb: string;
  let hqPort: number;
  let s1Id: string;
  let s2Id: string;
  let cardTypeId: string;

  const n = async (app: TestApp, sql: string, params: unknown[] = []) => Number((await app.dataSource.query(sql, params))[0].n);
  const sync = (s: TestApp, options = {}) => s.app.get(StoreSyncService).run('test', options);
  const login = (s: TestApp, who: 'admin' | 'cashier') => s.login(`s001-${who}`, who === 'admin' ? 'store-admin-1' : 'cashier-pass-1');
  const batch = (owner: string, prefix: string, quantity: number) =>
    hq
      .http()
      .post('/api/member-card-batches')
      .set(bearer(admin))
      .send({ cardTypeId, scope: 'chain', prefix, startNo: 1, quantity, numberWidth: 6, ownerStoreId: owner })
      .expect(201);
  /** HQ processes pushed records in its inbox job: wait until none of this store's is left */
  const inboxDone = (storeId: string) =>
    waitFor(
      () => n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status = 'received'`, [storeId]),
      (left) => left === 0,
      60_000,
    );
  const cardAt = async (app: TestApp, cardNo: string) => (await app.dataSource.query(`SELECT state, member_id, row_version FROM member_card WHERE card_no = $1`, [cardNo]))[0];

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
    hqDb = hq.databaseUrl;
    hqPort = Number(new URL(hq.url).port);
    [s1, s2] = await Promise.all([storeServer(), storeServer()]);
    admin = await hq.loginAdmin();
    await addProducts(hq, 3);
    await hq.dataSource.query(
      `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 1), ('CARD', '银行卡', 'card', false, true, 2, 1) ON CONFLICT (code) DO NOTHING`,
    );
    s1Id = (await openStore(hq, admin, 'S001')).result.store.id;
    s2Id = (await openStore(hq, admin, 'S002')).result.store.id;
    cardTypeId = (
      await hq
        .http()
        .post('/api/member-card-types')
        .set(bearer(admin))
        .send({ code: 'GOLD', name: '金卡', pricing: 'member_price', pointsRate: '1', storedValueAllowed: true })
        .expect(201)
    ).body.id;
    // S002's cards exist before its setup: they arrive in its first snapshot
    await batch(s2Id, 'H', 2);
    await feedSettled(hq);
    await setupStore(s1, hq, 'S001');
    await setupStore(s2, hq, 'S002');
  });

  afterAll(async () => {
    await Promise.all([s1?.close(), s2?.close()]);
    await hq?.close();
    if (hqDb) await dropDatabase(hqDb).catch(() => undefined);
  });

  it('HQ makes a batch for S001: after a sync S001 holds its blank cards, S002 none of them', async () => {
    await batch(s1Id, 'G', 5);
    await feedSettled(hq);
    expect((await sync(s1)).errors).toEqual([]);
    expect((await sync(s2)).errors).toEqual([]);
    const cards = (s: TestApp) => s.dataSource.query(`SELECT card_no, state, owner_store_id FROM member_card ORDER BY card_no`);
    expect(await cards(s1)).toEqual(['G000001', 'G000002', 'G000003', 'G000004', 'G000005'].map((card_no) => ({ card_no, state: 'assigned', owner_store_id: s1Id })));
    expect(await cards(s2)).toEqual(['H000001', 'H000002'].map((card_no) => ({ card_no, state: 'assigned', owner_store_id: s2Id })));
    for (const s of [s1, s2]) expect(await s.dataSource.query(`SELECT code, points_rate::text FROM member_card_type`)).toEqual([{ code: 'GOLD', points_rate: '1.0000' }]);
    // the cashier sees them in the store's card list
    const list = await s1
      .http()
      .get('/api/membership/cards?state=assigned')
      .set(bearer(await login(s1, 'cashier')))
      .expect(200);
    expect(list.body.total).toBe(5);
  });

  it('a card issued at S001 reaches HQ with its member; an older HQ row never undoes the issue at the store', async () => {
    const issued = await s1
      .http()
      .post('/api/membership/cards/issue')
      .set(bearer(await login(s1, 'cashier')))
      .send({ issueId: randomUUID(), cardNo: 'G000001', member: { name: '王五', mobile: '13900000001' } })
      .expect(200);
    const memberId = issued.body.member.id;
    // HQ changes the card before it has heard of the issue: the pulled row is still 'assigned'
    await hq.dataSource.query(`UPDATE member_card SET expires_at = '2031-01-01' WHERE card_no = 'G000001'`);
    await feedSettled(hq);
    const pullOnly = await sync(s1, { push: false });
    expect(pullOnly.errors).toEqual([]);
    expect(pullOnly.pulled.skipped).toBeGreaterThanOrEqual(1);
    expect(await cardAt(s1, 'G000001')).toMatchObject({ state: 'issued', member_id: memberId });

    expect((await sync(s1)).pushed['member.card-issue'].stored).toBe(1);
    await inboxDone(s1Id);
    const [atHq] = await hq.dataSource.query(
      `SELECT c.state, c.member_id, c.issued_store_id, m.mobile FROM member_card c JOIN member m ON m.id = c.member_id WHERE c.card_no = 'G000001'`,
    );
    expect(atHq).toEqual({ state: 'issued', member_id: memberId, issued_store_id: s1Id, mobile: '13900000001' });
    // HQ's issued row comes back and the replica converges on it
    await feedSettled(hq);
    expect((await sync(s1)).errors).toEqual([]);
    expect(await cardAt(s1, 'G000001')).toEqual(await cardAt(hq, 'G000001'));
  });

  it('one mobile issued at two stores is a typed rejection at HQ, shown to staff, not retried; the stream goes on', async () => {
    await hq
      .http()
      .post(`/api/member-center/issue?storeId=${s2Id}`)
      .set(bearer(admin))
      .send({ issueId: randomUUID(), cardNo: 'H000001', member: { name: '赵六', mobile: '13900000002' } })
      .expect(200);
    const cashier = bearer(await login(s1, 'cashier'));
    const clash = randomUUID();
    await s1
      .http()
      .post('/api/membership/cards/issue')
      .set(cashier)
      .send({ issueId: clash, cardNo: 'G000002', member: { name: '赵六', mobile: '13900000002' } })
      .expect(200);
    await s1
      .http()
      .post('/api/membership/cards/issue')
      .set(cashier)
      .send({ issueId: randomUUID(), cardNo: 'G000003', member: { name: '钱七', mobile: '13900000003' } })
      .expect(200);
    const report = await sync(s1);
    expect(report.errors).toEqual([]);
    expect(report.pushed['member.card-issue'].stored).toBe(2);
    await inboxDone(s1Id);
    const [failed] = await hq.dataSource.query(`SELECT status, attempts, error FROM transfer_inbox WHERE id = $1`, [clash]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/^MEMBER_MOBILE_TAKEN: /) });
    expect((await cardAt(hq, 'G000003')).state).toBe('issued');
    expect((await cardAt(hq, 'G000002')).state).toBe('assigned');
    const health = (await hq.http().get('/api/stores/transfer').set(bearer(admin)).expect(200)).body.items.find((i: { code: string }) => i.code === 'S001');
    expect(health).toMatchObject({ failedRecords: 1, lastFailedRecord: { id: clash, stream: 'member.card-issue', error: expect.stringMatching(/^MEMBER_MOBILE_TAKEN: /) } });
    const status = (
      await s1
        .http()
        .get('/api/sync/status')
        .set(bearer(await login(s1, 'admin')))
        .expect(200)
    ).body.streams.find((x: { stream: string }) => x.stream === 'member.card-issue');
    expect(status).toMatchObject({ backlog: 0, blockedRecordId: null, lastError: null });
    await sync(s1);
    await inboxDone(s1Id);
    expect((await hq.dataSource.query(`SELECT attempts FROM transfer_inbox WHERE id = $1`, [clash]))[0].attempts).toBe(1);
  });

  it('stored value goes to HQ’s member center signed with the store key; a signed store acts only for itself', async () => {
    const token = bearer(await login(s1, 'admin'));
    // without an address of its own (HQ cleared the one the wizard set), the member center is the HQ the store was set up with
    await hq.dataSource.query(`UPDATE org_settings SET member_center_url = NULL WHERE org_unit_id = $1`, [s1Id]);
    await feedSettled(hq);
    expect((await sync(s1)).errors).toEqual([]);
    expect((await s1.http().get('/api/membership/settings').set(token).expect(200)).body).toMatchObject({ memberCenterUrl: null, effectiveMemberCenterUrl: hq.url });
    // 充值 at the till: a document of the shift, the card credited at HQ through the signed channel
    const [cashMethod] = await s1.dataSource.query(`SELECT id FROM payment_method WHERE code = 'CASH'`);
    const topShift = (await s1.http().post('/api/pos/shifts').set(token).send({ tillCode: 'T9', openingFloat: '0' }).expect(201)).body;
    const top = await s1
      .http()
      .post('/api/pos/top-ups')
      .set(token)
      .send({ id: randomUUID(), shiftId: topShift.id, cardNo: 'G000001', amount: '50.00', paymentMethodId: cashMethod.id })
      .expect(200);
    expect(top.body).toMatchObject({
      kind: 'top_up',
      cardScope: 'chain',
      amount: '50.00',
      cardBalanceAfter: '50.00',
      topUpNo: expect.stringMatching(/^TOPUP-S001-T9-\d{8}-0001$/),
    });
    const ctx = new RequestContext({ id: randomUUID(), username: 'till', orgUnitId: s1Id, orgUnitCode: 'S001', orgKind: 'store', permissions: ['*'] });
    svPaymentId = randomUUID();
    expect(await s1.app.get(StoreMemberService).payWithStoredValue(ctx, { paymentId: svPaymentId, cardNo: 'G000001', amount: '20' })).toMatchObject({ balanceAfter: '30' });
    expect(await hq.dataSource.query(`SELECT kind, store_id, username FROM member_ledger WHERE account = 'stored_value' ORDER BY at`)).toEqual([
      { kind: 'top_up', store_id: s1Id, username: 'store S001' },
      { kind: 'payment', store_id: s1Id, username: 'store S001' },
    ]);

    const hello = await fetchHello(hq.url, 'S001');
    const signed = new SignedClient({ baseUrl: hq.url, storeCode: 'S001', key: await deriveTransferKey('transfer-s001-secret', hello.salt, hello.kdf) });
    await expect(signed.call('GET', `/api/member-center/lookup?cardNo=H000001&storeId=${s2Id}`)).rejects.toMatchObject({ status: 403, code: 'OUT_OF_SCOPE' });
    // the stored-value channel takes a store's signature only — never a user's token — and checks the document
    const refund = { refundId: randomUUID(), saleId: svPaymentId, cardNo: 'G000001', amount: '0.01' };
    const asUser = await hq.http().post('/api/transfer/v1/member/stored-value/refund').set(bearer(admin)).send(refund).expect(401);
    expect(asUser.body.code).toBe('TRANSFER_UNSIGNED');
    const s2Signed = new SignedClient({
      baseUrl: hq.url,
      storeCode: 'S002',
      key: await deriveTransferKey('transfer-s002-secret', (await fetchHello(hq.url, 'S002')).salt, hello.kdf),
    });
    await expect(s2Signed.call('POST', '/api/transfer/v1/member/stored-value/refund', refund)).rejects.toMatchObject({ status: 409, code: 'MEMBER_REFUND_NOT_PAID' });
    await expect(signed.call('POST', '/api/transfer/v1/member/stored-value/refund', { ...refund, saleId: randomUUID() })).rejects.toMatchObject({
      status: 409,
      code: 'MEMBER_REFUND_NOT_PAID',
    });
    await expect(signed.call('POST', '/api/transfer/v1/member/stored-value/refund', { ...refund, amount: '20.01' })).rejects.toMatchObject({
      status: 409,
      code: 'MEMBER_REFUND_EXCEEDS_PAYMENT',
    });
    const wrongKey = new SignedClient({ baseUrl: hq.url, storeCode: 'S001', key: Buffer.alloc(32, 7) });
    await expect(wrongKey.call('GET', '/api/member-center/lookup?cardNo=G000001')).rejects.toMatchObject({ status: 401, code: 'TRANSFER_BAD_SIGNATURE' });
    expect((await hq.http().get('/api/member-center/lookup?cardNo=G000001').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const looked = await signed.call<{ cards: Array<{ storedValueBalance: string }> }>('GET', '/api/member-center/lookup?cardNo=G000001');
    expect(looked.cards[0].storedValueBalance).toBe('30');
  });

  it('with HQ stopped: 1,000 sales, refunds, a shift report and points; HQ back: each once, journal totals equal to the cent', async () => {
    const cashier = bearer(await login(s1, 'cashier'));
    const storeAdmin = bearer(await login(s1, 'admin'));
    const link = await s1.app.get(StoreSetupService).requireLink();
    const [wh] = await s1.dataSource.query(`SELECT id FROM warehouse WHERE code = 'S001-01'`);
    const products = await s1.dataSource.query(`SELECT id, code FROM product WHERE code IN ('P000001', 'P000002') ORDER BY code`);
    await s1.app.get(StockService).post(
      RequestContext.system({ id: link.storeId, code: 'S001', kind: 'store' }),
      products.map((p: { id: string }) => ({ warehouseId: wh.id, productId: p.id, quantity: 10_000, docType: 'OPENING', docId: randomUUID() })),
    );
    const [cash, card] = await s1.dataSource.query(`SELECT id FROM payment_method WHERE code IN ('CASH', 'CARD') ORDER BY code DESC`);
    const shift = (await s1.http().post('/api/pos/shifts').set(cashier).send({ tillCode: '01', openingFloat: '200.00' }).expect(201)).body;

    await hq.close();
    const ctx = new RequestContext({ id: randomUUID(), username: 'till', orgUnitId: s1Id, orgUnitCode: 'S001', orgKind: 'store', permissions: ['*'] });
    const members = s1.app.get(StoreMemberService);
    // a chain card's top-up needs HQ: refused clearly, nothing written (no document, no cash expected)
    const offlineTopUp = await s1
      .http()
      .post('/api/pos/top-ups')
      .set(cashier)
      .send({ id: randomUUID(), shiftId: shift.id, cardNo: 'G000001', amount: '10.00', paymentMethodId: cash.id })
      .expect(503);
    expect(offlineTopUp.body.code).toBe('MEMBER_CENTER_UNREACHABLE');
    expect(await n(s1, `SELECT count(*) AS n FROM pos_top_up WHERE shift_id = $1`, [shift.id])).toBe(0);
    // a stored-value charge whose sale failed while HQ is away: the reversal waits in the outbox
    expect(await members.reverseStoredValue(ctx, { paymentId: svPaymentId, cardNo: 'G000001' })).toBe('queued');

    // P000001 costs 11.50, P000002 12.50 (addProducts); cash with change, or the card to the cent
    const sales: Array<{ id: string; receiptNo: string; totalAmount: string }> = [];
    const sell = async (i: number) => {
      const qty = (i % 3) + 1;
      const lines = [{ productCode: 'P000001', quantity: String(qty) }, ...(i % 4 === 0 ? [{ productCode: 'P000002' }] : [])];
      const due = qty * 1150 + (i % 4 === 0 ? 1250 : 0);
      const payments = [i % 2 ? { paymentMethodId: card.id, amount: (due / 100).toFixed(2) } : { paymentMethodId: cash.id, amount: '100.00' }];
      // one member sale: its points wait in the outbox with it (the card is in the store's replica)
      const member = i === 10 ? { memberRef: 'G000001' } : {};
      const res = await s1
        .http()
        .post('/api/pos/sales')
        .set(cashier)
        .send({ id: randomUUID(), shiftId: shift.id, lines, payments, ...member });
      if (res.status !== 200) throw new Error(`sale ${i}: ${res.status} ${JSON.stringify(res.body)}`);
      expect(res.body.totalAmount).toBe((due / 100).toFixed(2));
      sales[i] = res.body;
    };
    for (let i = 0; i < 1000; i += 4) await Promise.all([i, i + 1, i + 2, i + 3].map(sell));
    const refundShift = (await s1.http().post('/api/pos/shifts').set(storeAdmin).send({ tillCode: '02', openingFloat: '0' }).expect(201)).body;
    for (const sale of sales.slice(0, 3)) {
      await s1
        .http()
        .post('/api/pos/refunds')
        .set(storeAdmin)
        .send({ id: randomUUID(), shiftId: refundShift.id, receiptNo: sale.receiptNo, reason: '质量问题', lines: [{ saleLineNo: 1, quantity: '1' }] })
        .expect(200);
    }
    const live = (await s1.http().get(`/api/pos/shifts/${shift.id}`).set(cashier).expect(200)).body;
    const expectedCash = live.tenders.find((t: { methodCode: string }) => t.methodCode === 'CASH').expected;
    await s1
      .http()
      .post(`/api/pos/shifts/${shift.id}/handover`)
      .set(cashier)
      .send({ counts: [{ paymentMethodId: cash.id, amount: expectedCash }] })
      .expect(200);
    const pointsSale = sales[10];
    expect(await n(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE stream = 'member.points' AND body->>'saleId' = $1`, [pointsSale.id])).toBe(1);
    const atStore = (await s1.http().get('/api/pos/journal?pageSize=1').set(storeAdmin).expect(200)).body.totals;
    expect(atStore).toMatchObject({ salesCount: 1000, refundsCount: 3 });
    const offline = await sync(s1);
    expect(offline.ok).toBe(false);
    expect(offline.errors[0]).toMatchObject({ code: 'TRANSFER_HQ_UNREACHABLE' });

    hq = await bootTestApp(HQ_SERVER, { databaseUrl: hqDb, port: hqPort });
    admin = await hq.loginAdmin();
    const back = await sync(s1);
    expect(back.errors).toEqual([]);
    expect(back.pushed['pos.sale']).toEqual({ stored: 1000, duplicate: 0 });
    expect(back.pushed['member.points']).toEqual({ stored: 1, duplicate: 0 });
    expect(back.pushed['member.sv-reversal']).toEqual({ stored: 1, duplicate: 0 });
    await inboxDone(s1Id);
    expect(await hq.dataSource.query(`SELECT kind, delta::text FROM member_ledger WHERE ref_id = $1 ORDER BY at`, [svPaymentId])).toEqual([
      { kind: 'payment', delta: '-20.00' },
      { kind: 'reversal', delta: '20.00' },
    ]);
    expect(await n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status = 'failed'`, [s1Id])).toBe(1); // only the mobile clash above
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE store_id = $1`, [s1Id])).toBe(1000);
    const atHq = (await hq.http().get(`/api/pos/journal?storeId=${s1Id}&pageSize=1`).set(bearer(admin)).expect(200)).body.totals;
    expect(atHq).toEqual(atStore);
    expect(
      (await hq.http().get(`/api/pos/shift-reports?storeId=${s1Id}`).set(bearer(admin)).expect(200)).body.items.map((r: { shiftId?: string; id: string }) => r.shiftId ?? r.id),
    ).toContain(shift.id);
    const earned = await hq.dataSource.query(`SELECT delta::text FROM member_ledger WHERE ref_id = $1 AND kind = 'earn'`, [pointsSale.id]);
    expect(earned).toEqual([{ delta: String(Math.floor(Number(pointsSale.totalAmount))) + '.00' }]);

    // a second run sends nothing again
    const again = await sync(s1);
    expect(again.pushed['pos.sale']).toEqual({ stored: 0, duplicate: 0 });
    expect(await n(hq, `SELECT count(*) AS n FROM member_ledger WHERE ref_id = $1`, [pointsSale.id])).toBe(1);
  }, 900_000);

  it('a lost ack while pushing sales: the rerun sends them again and HQ keeps each once', async () => {
    const cashier = bearer(await login(s1, 'cashier'));
    const [cash] = await s1.dataSource.query(`SELECT id FROM payment_method WHERE code = 'CASH'`);
    const shift = (await s1.http().post('/api/pos/shifts').set(cashier).send({ tillCode: '03', openingFloat: '0' }).expect(201)).body;
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      await s1
        .http()
        .post('/api/pos/sales')
        .set(cashier)
        .send({ id, shiftId: shift.id, lines: [{ productCode: 'P000001' }], payments: [{ paymentMethodId: cash.id, amount: '20.00' }] })
        .expect(200);
      ids.push(id);
    }
    const setup = s1.app.get(StoreSetupService);
    const real = setup.hqPort(await setup.requireLink());
    let pushes = 0;
    // HQ stores the second batch of sales, then the answer is lost on the way back
    const lostAck: HqPort = Object.assign(Object.create(real), {
      push: async (req: PushRequest) => {
        const res = await real.push(req);
        if (req.records.some((r) => r.stream === 'pos.sale') && ++pushes === 2) throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'connection reset after HQ committed');
        return res;
      },
    });
    const first = await new SyncEngine(lostAck, s1.app.get(StoreSyncService).storePort()).run({ pull: false, pushBatchSize: 5 });
    expect(first.ok).toBe(false);
    expect(first.pushed['pos.sale'].stored).toBe(5);
    expect(await n(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1) AND sent_at IS NULL`, [ids])).toBe(7);
    const rerun = await new SyncEngine(real, s1.app.get(StoreSyncService).storePort()).run({ pull: false, pushBatchSize: 5 });
    expect(rerun.errors).toEqual([]);
    expect(rerun.pushed['pos.sale']).toEqual({ stored: 2, duplicate: 5 });
    await inboxDone(s1Id);
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE id = ANY($1)`, [ids])).toBe(12);
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE store_id = $1`, [s1Id])).toBe(1012);
    expect(await n(s1, `SELECT count(*) AS n FROM transfer_outbox WHERE id = ANY($1) AND sent_at IS NULL`, [ids])).toBe(0);
  });

  it('a member sale and two partial refunds: HQ takes back exactly the points the returned goods earned, once', async () => {
    const storeAdmin = bearer(await login(s1, 'admin'));
    const [cash] = await s1.dataSource.query(`SELECT id FROM payment_method WHERE code = 'CASH'`);
    const shift = (await s1.http().post('/api/pos/shifts').set(storeAdmin).send({ tillCode: '04', openingFloat: '0' }).expect(201)).body;
    const sale = (
      await s1
        .http()
        .post('/api/pos/sales')
        .set(storeAdmin)
        .send({
          id: randomUUID(),
          shiftId: shift.id,
          memberRef: 'G000001',
          lines: [{ productCode: 'P000001', quantity: '3' }, { productCode: 'P000002' }],
          payments: [{ paymentMethodId: cash.id, amount: '100.00' }],
        })
        .expect(200)
    ).body;
    const refund = (quantity: string) => ({ id: randomUUID(), shiftId: shift.id, receiptNo: sale.receiptNo, reason: '质量问题', lines: [{ saleLineNo: 1, quantity }] });
    const first = refund('1');
    const r1 = (await s1.http().post('/api/pos/refunds').set(storeAdmin).send(first).expect(200)).body;
    await s1.http().post('/api/pos/refunds').set(storeAdmin).send(first).expect(200); // the till retries
    const r2 = (await s1.http().post('/api/pos/refunds').set(storeAdmin).send(refund('2')).expect(200)).body;
    const queued = await s1.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'member.points-refund' AND body->>'saleId' = $1 ORDER BY seq`, [sale.id]);
    expect(queued.map((q: { body: Record<string, string> }) => [q.body.refundId, q.body.amount, q.body.refundedBefore])).toEqual([
      [first.id, r1.totalAmount, '0.00'],
      [r2.id, r2.totalAmount, r1.totalAmount],
    ]);

    const run = await sync(s1);
    expect(run.errors).toEqual([]);
    expect(run.pushed['member.points-refund']).toEqual({ stored: 2, duplicate: 0 });
    await inboxDone(s1Id);
    const rows = await hq.dataSource.query(
      `SELECT kind, ref_id, amount::text, delta::text FROM member_ledger WHERE account = 'points' AND ref_id = ANY($1) ORDER BY kind = 'refund', at`,
      [[sale.id, first.id, r2.id]],
    );
    const earned = Number(rows[0].delta);
    expect(rows[0]).toMatchObject({ kind: 'earn', ref_id: sale.id, amount: sale.totalAmount });
    expect(earned).toBeGreaterThan(0);
    // what each refund leaves the sale: floor(earned × (total − refunded) ÷ total)
    const kept = (refunded: number) => Math.floor((earned * (Number(sale.totalAmount) - refunded)) / Number(sale.totalAmount));
    const back1 = earned - kept(Number(r1.totalAmount));
    const back2 = kept(Number(r1.totalAmount)) - kept(Number(r1.totalAmount) + Number(r2.totalAmount));
    const byRef = new Map(rows.map((r: { ref_id: string; kind: string; delta: string }) => [r.ref_id, [r.kind, Number(r.delta)]]));
    expect([byRef.get(first.id), byRef.get(r2.id)]).toEqual([
      ['refund', -back1],
      ['refund', -back2],
    ]);
    // the card's balance is its ledger, and a second sync changes nothing
    expect((await sync(s1)).pushed['member.points-refund']).toEqual({ stored: 0, duplicate: 0 });
    await inboxDone(s1Id);
    expect(await n(hq, `SELECT count(*) AS n FROM member_ledger WHERE ref_id = ANY($1)`, [[first.id, r2.id]])).toBe(2);
    const [card] = await hq.dataSource.query(
      `SELECT points_balance::text AS p, (SELECT sum(delta) FROM member_ledger l WHERE l.card_id = c.id AND account = 'points')::text AS s FROM member_card c WHERE card_no = 'G000001'`,
    );
    expect(Number(card.p)).toBe(Number(card.s));
  });
});
