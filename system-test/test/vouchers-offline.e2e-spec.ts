import { freePort, voucherNumberHash } from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, expectAnswerAsDocumented, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { TransferInboxService } from '@chain-erp/hq-server/transfer/transfer-inbox.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addPaymentMethod, addProducts, feedSettled, openStore, randomUUID, setupStore, storeServer } from './transfer-helpers';

/**
 * 代金券 allocated to stores, redeemed offline (docs/promotions.md "Offline: vouchers allocated to
 * stores"): HQ replicates an allocated batch to its stores (the number only as its hash); a store
 * that cannot reach HQ redeems such a voucher against its replica once, and the push books it at
 * HQ once however often it is sent. The same voucher redeemed offline at two stores, or at a store
 * and online, is booked twice in its ledger (the sales stand) and listed in 代金券异常; so is a sale
 * whose voucher tender HQ never charged.
 */
describe('vouchers offline: allocated to stores, redeemed against the replica, double redemptions reported', () => {
  let hq: TestApp;
  let hqDb: string;
  let admin: string;
  let products: string[];
  const methods = { cash: '', voucher: '' };
  const stores: Record<'S001' | 'S002', { app: TestApp; id: string; token: string; shiftId: string; admin: string }> = {} as never;
  let today: string;

  const sync = async (code: 'S001' | 'S002') => {
    const r = await stores[code].app.app.get(StoreSyncService).run('test', {});
    expect(r.errors).toEqual([]);
    return r;
  };
  const numbersOf = async (batchId: string) =>
    (await hq.http().get(`/api/vouchers?batchId=${batchId}&sort=number`).set(bearer(admin)).expect(200)).body.items.map((v: { number: string }) => v.number) as string[];
  const lookup = async (n: string) => (await hq.http().get(`/api/vouchers/by-number/${n}`).set(bearer(admin)).expect(200)).body;
  const batch = async (body: object) =>
    (
      await hq
        .http()
        .post('/api/vouchers/batches')
        .set(bearer(admin))
        .send({
          id: randomUUID(),
          kind: 'voucher',
          name: '离线券',
          faceValue: '20',
          quantity: 3,
          validFrom: new Date(Date.now() - 3600_000).toISOString(),
          validTo: new Date(Date.now() + 30 * 86400_000).toISOString(),
          ...body,
        })
        .expect(201)
    ).body;
  // 23.00: 20.00 by the voucher, 3.00 cash
  const sell = (code: 'S001' | 'S002', number: string, id: string = randomUUID()) =>
    stores[code].app
      .http()
      .post('/api/pos/sales')
      .set(bearer(stores[code].token))
      .send({
        id,
        shiftId: stores[code].shiftId,
        lines: [{ productId: products[0], quantity: '2' }],
        payments: [
          { paymentMethodId: methods.voucher, amount: '20.00', reference: number },
          { paymentMethodId: methods.cash, amount: '3.00' },
        ],
      });
  /** HQ's voucher channel out of reach for the store (its transfer link stays: the sync still runs) */
  const hqAway = async (code: 'S001' | 'S002', away: boolean) =>
    stores[code].app
      .http()
      .put('/api/membership/settings')
      .set(bearer(stores[code].admin))
      .send({ cardMode: 'chain', memberCenterUrl: away ? `http://127.0.0.1:${await freePort()}` : null })
      .expect(200);
  const counts = async (code: 'S001' | 'S002') =>
    (
      await stores[code].app.dataSource.query(
        `SELECT (SELECT count(*)::int FROM pos_sale) AS sales, (SELECT count(*)::int FROM voucher_redemption) AS uses, (SELECT count(*)::int FROM transfer_outbox WHERE stream = 'voucher.redemption') AS records`,
      )
    )[0];
  const exceptions = async (q = '') => {
    const body = (await hq.http().get(`/api/vouchers/exceptions?from=${today}&to=${today}${q}`).set(bearer(admin)).expect(200)).body;
    expectAnswerAsDocumented('hq', 'GET', '/api/vouchers/exceptions', body);
    return body as { items: Array<Record<string, string>>; total: number };
  };

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
    hqDb = hq.databaseUrl;
    admin = await hq.loginAdmin();
    products = await addProducts(hq, 1); // 11.50
    methods.cash = await addPaymentMethod(hq, { code: 'CASH', name: '现金', type: 'cash', allowsChange: true, order: 1 });
    methods.voucher = await addPaymentMethod(hq, { code: 'VCH', name: '代金券', type: 'voucher', allowsChange: false, order: 2 });
    for (const code of ['S001', 'S002'] as const) {
      const id = (await openStore(hq, admin, code, { settings: { allowNegativeStock: true } })).result.store.id;
      stores[code] = { app: await storeServer(), id, token: '', shiftId: '', admin: '' };
    }
    await feedSettled(hq);
    for (const code of ['S001', 'S002'] as const) {
      const s = stores[code];
      await setupStore(s.app, hq, code);
      s.token = await s.app.login(`${code.toLowerCase()}-cashier`, 'cashier-pass-1');
      s.admin = await s.app.login(`${code.toLowerCase()}-admin`, 'store-admin-1');
      s.shiftId = (await s.app.http().post('/api/pos/shifts').set(bearer(s.token)).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body.id;
    }
    today = (await stores.S001.app.dataSource.query(`SELECT to_char(now(), 'YYYY-MM-DD') AS d`))[0].d;
    // HQ and two store servers to boot, open and set up
  }, 180_000);

  afterAll(async () => {
    for (const s of Object.values(stores)) await s.app?.close();
    await hq?.close();
    if (hqDb) await dropDatabase(hqDb).catch(() => undefined);
  });

  it('HQ refuses an offline gift-card batch, writes nothing, and replicates an allocated voucher batch only to its stores — never the number', async () => {
    const refused = await hq
      .http()
      .post('/api/vouchers/batches')
      .set(bearer(admin))
      .send({
        id: randomUUID(),
        kind: 'gift_card',
        name: '卡',
        faceValue: '50',
        quantity: 1,
        validFrom: new Date().toISOString(),
        validTo: new Date(Date.now() + 86400_000).toISOString(),
        offlineRedeemable: true,
      })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'VOUCHER_BATCH_INVALID', fields: [{ field: 'offlineRedeemable', message: 'only vouchers are redeemable offline' }] });
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_batch`)).toEqual([{ n: 0 }]);

    const onlyS001 = await batch({ storeIds: [stores.S001.id], offlineRedeemable: true, quantity: 2 });
    await batch({ name: '总部在线券' }); // not allocated: never replicated
    expect(onlyS001).toMatchObject({ offlineRedeemable: true, storeIds: [stores.S001.id] });
    await feedSettled(hq);
    await sync('S001');
    await sync('S002');
    const replica = await stores.S001.app.dataSource.query(`SELECT number_hash, balance::text, state FROM voucher ORDER BY number_hash`);
    expect(replica).toEqual(
      (await numbersOf(onlyS001.id))
        .map((n) => ({ number_hash: voucherNumberHash(n), balance: '20.00', state: 'active' }))
        .sort((a, b) => a.number_hash.localeCompare(b.number_hash)),
    );
    expect(await stores.S002.app.dataSource.query(`SELECT count(*)::int AS n FROM voucher`)).toEqual([{ n: 0 }]);
    // the number is the voucher's secret: the store's table has no column for it
    expect(await stores.S001.app.dataSource.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'voucher' AND column_name = 'number'`)).toEqual([]);
  });

  it('with HQ away a store redeems an allocated voucher once against its replica; the push books it at HQ once, however often it is sent', async () => {
    const b = await batch({ storeIds: [stores.S001.id, stores.S002.id], offlineRedeemable: true });
    const online = await batch({ name: '只能在线' });
    const [v] = await numbersOf(b.id);
    const [notAllocated] = await numbersOf(online.id);
    await feedSettled(hq);
    await sync('S001');
    await hqAway('S001', true);
    const saleId = randomUUID();
    try {
      // a voucher not allocated to the store keeps HQ's 503, nothing written
      const before = await counts('S001');
      expect((await sell('S001', notAllocated).expect(503)).body).toMatchObject({ code: 'MEMBER_CENTER_UNREACHABLE', fields: [{ field: 'payments' }] });
      expect(await counts('S001')).toEqual(before);

      const sale = (await sell('S001', v, saleId).expect(200)).body;
      expect(sale.payments[0]).toMatchObject({ methodCode: 'VCH', amount: '20.00', reference: v });
      expect(await stores.S001.app.dataSource.query(`SELECT sale_id, amount::text, offline FROM voucher_redemption`)).toEqual([
        { sale_id: saleId, amount: '20.00', offline: true },
      ]);
      // a second use at the same store is refused offline too, nothing written
      const after = await counts('S001');
      expect((await sell('S001', v).expect(409)).body).toMatchObject({ code: 'VOUCHER_ALREADY_USED', fields: [{ field: 'number' }] });
      expect(await counts('S001')).toEqual(after);
      // HQ has not heard of it yet
      expect((await lookup(v)).balance).toBe('20.00');
    } finally {
      await hqAway('S001', false);
    }
    // HQ is back, the offline redemption not pushed yet: HQ would still accept the number — the store refuses it itself
    const pending = await counts('S001');
    expect((await sell('S001', v).expect(409)).body).toMatchObject({ code: 'VOUCHER_ALREADY_USED', fields: [{ field: 'number' }] });
    expect(await counts('S001')).toEqual(pending);
    expect((await lookup(v)).ledger).toHaveLength(1);
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    const seen = await lookup(v);
    expect(seen).toMatchObject({ balance: '0.00', state: 'redeemed' });
    expect(seen.ledger.map((l: { kind: string; storeCode: string | null; delta: string; offline: boolean }) => [l.kind, l.storeCode, l.delta, l.offline])).toEqual([
      ['issue', null, '20.00', false],
      ['redeem', 'S001', '-20.00', true],
    ]);
    // the push again (its answer lost): booked once
    await stores.S001.app.dataSource.query(`UPDATE transfer_outbox SET sent_at = NULL WHERE stream IN ('voucher.redemption', 'pos.sale')`);
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    expect((await lookup(v)).ledger).toHaveLength(2);
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM pos_sale WHERE id = $1`, [saleId])).toEqual([{ n: 1 }]);
    expect((await exceptions()).items.filter((e) => e.number === v)).toEqual([]);
    // HQ's answer travels back: the replica shows it used
    await feedSettled(hq);
    await sync('S001');
    expect(await stores.S001.app.dataSource.query(`SELECT state, balance::text FROM voucher WHERE number_hash = $1`, [voucherNumberHash(v)])).toEqual([
      { state: 'redeemed', balance: '0.00' },
    ]);
  });

  it('the same voucher redeemed offline at two stores, and offline at one and online at another: both sales stand, the ledger shows both, 代金券异常 lists the second', async () => {
    const b = await batch({ offlineRedeemable: true }); // every store
    const [twoStores, storeAndOnline] = await numbersOf(b.id);
    await feedSettled(hq);
    await sync('S001');
    await sync('S002');
    await hqAway('S001', true);
    await hqAway('S002', true);
    const receipts: string[] = [];
    try {
      receipts.push((await sell('S001', twoStores).expect(200)).body.receiptNo);
      receipts.push((await sell('S002', twoStores).expect(200)).body.receiptNo);
      await sell('S001', storeAndOnline).expect(200);
    } finally {
      await hqAway('S002', false);
    }
    const [first, second] = receipts;
    // S002 reaches HQ: the online redemption is taken (HQ has not heard of S001's yet)
    await sell('S002', storeAndOnline).expect(200);
    await hqAway('S001', false);
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    await sync('S002');
    await hq.app.get(TransferInboxService).processPending(stores.S002.id);

    const double = await lookup(twoStores);
    expect(double).toMatchObject({ balance: '0.00', state: 'redeemed' });
    expect(double.ledger.map((l: { kind: string; storeCode: string; docNo: string; amount: string; delta: string }) => [l.kind, l.storeCode, l.docNo, l.amount, l.delta])).toEqual([
      ['issue', null, b.batchNo, '20.00', '20.00'],
      ['redeem', 'S001', first, '20.00', '-20.00'],
      ['redeem', 'S002', second, '20.00', '0.00'],
    ]);
    const mixed = await lookup(storeAndOnline);
    expect(mixed.ledger.map((l: { kind: string; storeCode: string; delta: string; offline: boolean }) => [l.kind, l.storeCode, l.delta, l.offline])).toEqual([
      ['issue', null, '20.00', false],
      ['redeem', 'S002', '-20.00', false],
      ['redeem', 'S001', '0.00', true],
    ]);

    const report = await exceptions('&kind=double_redemption&sort=storeCode');
    expect(report.total).toBe(2);
    expect(report.items).toEqual([
      expect.objectContaining({ kind: 'double_redemption', reason: 'VOUCHER_ALREADY_USED', number: storeAndOnline, storeCode: 'S001', otherStoreCode: 'S002', amount: '20.00' }),
      expect.objectContaining({
        kind: 'double_redemption',
        reason: 'VOUCHER_ALREADY_USED',
        number: twoStores,
        storeCode: 'S002',
        receiptNo: second,
        otherStoreCode: 'S001',
        otherReceiptNo: first,
      }),
    ]);
    // one store only; the Excel export for follow-up; bad input; a store user is refused
    expect((await exceptions(`&storeId=${stores.S002.id}&kind=double_redemption`)).items.map((e) => e.number)).toEqual([twoStores]);
    const xlsx = await hq.http().get(`/api/vouchers/exceptions?from=${today}&to=${today}&format=xlsx`).set(bearer(admin)).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((await hq.http().get(`/api/vouchers/exceptions?from=${today}&to=2000-01-01`).set(bearer(admin)).expect(400)).body.code).toBe('REPORT_RANGE_INVERTED');
    expect((await hq.http().get(`/api/vouchers/exceptions?from=${today}&to=${today}&kind=x`).set(bearer(admin)).expect(400)).body.fields[0].field).toBe('kind');
    const storeUser = await hq.login('s001-admin', 'store-admin-1');
    await hq.http().get(`/api/vouchers/exceptions?from=${today}&to=${today}`).set(bearer(storeUser)).expect(403);
    // nor does it handle one (处理 is HQ's), and nothing is recorded
    await hq.http().post(`/api/vouchers/exceptions/${report.items[0].id}/resolve`).set(bearer(storeUser)).send({ resolution: 'store_absorbs', note: '门店承担' }).expect(403);
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_exception_resolution`)).toEqual([{ n: 0 }]);
  });

  it('a pushed sale naming a voucher tender HQ never charged for it is listed, not silently accepted', async () => {
    const b = await batch({ name: '在线券' });
    const [never] = await numbersOf(b.id);
    // a cash sale whose pushed document claims the voucher (a store's fault or forgery): HQ's ledger has no charge for it
    const sale = (
      await stores.S001.app
        .http()
        .post('/api/pos/sales')
        .set(bearer(stores.S001.token))
        .send({ id: randomUUID(), shiftId: stores.S001.shiftId, lines: [{ productId: products[0] }], payments: [{ paymentMethodId: methods.cash, amount: '11.50' }] })
        .expect(200)
    ).body;
    await stores.S001.app.dataSource.query(
      `UPDATE transfer_outbox SET body = jsonb_set(body, '{payments,0}', (body->'payments'->0) || jsonb_build_object('paymentMethodId', $2::text, 'methodCode', 'VCH', 'methodName', '代金券', 'methodType', 'voucher', 'reference', $3::text)) WHERE id = $1`,
      [sale.id, methods.voucher, never],
    );
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    expect(await hq.dataSource.query(`SELECT status FROM transfer_inbox WHERE id = $1`, [sale.id])).toEqual([{ status: 'processed' }]);
    expect((await exceptions('&kind=unmatched_tender')).items).toEqual([
      expect.objectContaining({ kind: 'unmatched_tender', reason: 'NOT_CHARGED', number: never, storeCode: 'S001', receiptNo: sale.receiptNo, amount: '11.50' }),
    ]);
    expect((await lookup(never)).balance).toBe('20.00');

    // 处理: a computed row is resolved by its id (the sale's payment row), once, and leaves the 未处理 list
    const [row] = (await exceptions('&kind=unmatched_tender')).items;
    const resolve = (body: object) => hq.http().post(`/api/vouchers/exceptions/${row.id}/resolve`).set(bearer(admin)).send(body);
    expect((await resolve({ resolution: 'store_absorbs', note: '门店付款方式录错' }).expect(200)).body).toMatchObject({ kind: 'unmatched_tender', resolution: 'store_absorbs' });
    expect((await resolve({ resolution: 'verified', note: '再次' }).expect(409)).body.code).toBe('VOUCHER_EXCEPTION_RESOLVED');
    expect((await exceptions('&kind=unmatched_tender')).items).toEqual([]);
    expect((await exceptions('&kind=unmatched_tender&status=resolved')).items).toEqual([
      expect.objectContaining({ id: row.id, number: never, status: 'resolved', resolution: 'store_absorbs', note: '门店付款方式录错', resolvedBy: 'admin' }),
    ]);
  });

  it('with HQ away a refund gives an allocated voucher back at the store, usable here again offline; HQ books the give-back once — a voucher not allocated stays 503', async () => {
    const b = await batch({ storeIds: [stores.S001.id], offlineRedeemable: true, quantity: 1 });
    const online = await batch({ name: '在线券退货', quantity: 1 });
    const [v] = await numbersOf(b.id);
    const [notAllocated] = await numbersOf(online.id);
    await feedSettled(hq);
    await sync('S001');
    const paidOnline = (await sell('S001', notAllocated).expect(200)).body;
    // refunds are the store admin's (a cashier may not), at a till of its own
    const adminShift = (await stores.S001.app.http().post('/api/pos/shifts').set(bearer(stores.S001.admin)).send({ tillCode: '02', openingFloat: '0' }).expect(201)).body.id;
    const refund = (sale: { receiptNo: string }) =>
      stores.S001.app
        .http()
        .post('/api/pos/refunds')
        .set(bearer(stores.S001.admin))
        .send({ id: randomUUID(), shiftId: adminShift, receiptNo: sale.receiptNo, reason: '质量问题', lines: [{ saleLineNo: 1, quantity: '2' }] });
    const refunds = async () => (await stores.S001.app.dataSource.query(`SELECT count(*)::int AS n FROM pos_refund`))[0].n;
    await hqAway('S001', true);
    let given: { id: string; refundNo: string };
    let first: { receiptNo: string };
    let again: { receiptNo: string };
    try {
      // not allocated to the store: HQ's 503 as before, nothing written
      const before = await refunds();
      expect((await refund(paidOnline).expect(503)).body).toMatchObject({ code: 'MEMBER_CENTER_UNREACHABLE', details: { alternative: 'cash' } });
      expect(await refunds()).toBe(before);

      const sale = (await sell('S001', v).expect(200)).body;
      first = sale;
      given = (await refund(sale).expect(200)).body;
      expect(await stores.S001.app.dataSource.query(`SELECT returned_by FROM voucher_redemption WHERE sale_id = $1`, [sale.id])).toEqual([{ returned_by: given.id }]);
      // usable again offline at this store — once
      again = (await sell('S001', v).expect(200)).body;
      expect((await sell('S001', v).expect(409)).body.code).toBe('VOUCHER_ALREADY_USED');
    } finally {
      await hqAway('S001', false);
    }
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    const ledger = async () =>
      (await lookup(v)).ledger.map((l: { kind: string; storeCode: string | null; docNo: string | null; delta: string }) => [l.kind, l.storeCode, l.docNo, l.delta]);
    const booked = [
      ['issue', null, b.batchNo, '20.00'],
      ['redeem', 'S001', first!.receiptNo, '-20.00'],
      ['refund', 'S001', given!.refundNo, '20.00'],
      ['redeem', 'S001', again!.receiptNo, '-20.00'],
    ];
    // booked in the store's order: the new use took the value given back (-20.00, no double redemption);
    // one push's rows share HQ's transaction time, so the look-up lists them in no particular order
    const inAnyOrder = async () => expect((await ledger()).sort()).toEqual([...booked].sort());
    await inAnyOrder();
    // pushed again (an answer lost): nothing more
    await stores.S001.app.dataSource.query(`UPDATE transfer_outbox SET sent_at = NULL WHERE stream IN ('voucher.redemption', 'pos.sale', 'pos.refund')`);
    await sync('S001');
    await hq.app.get(TransferInboxService).processPending(stores.S001.id);
    await inAnyOrder();
    expect((await lookup(v)).balance).toBe('0.00');
    expect((await exceptions()).items.filter((e) => e.number === v)).toEqual([]);
    expect(
      await hq.dataSource.query(`SELECT status, count(*)::int AS n FROM transfer_inbox WHERE stream = 'voucher.redemption' AND store_id = $1 GROUP BY status`, [stores.S001.id]),
    ).toEqual([{ status: 'processed', n: expect.any(Number) }]);
  });
});
