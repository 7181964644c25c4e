import { freePort, isValidLuhn } from '@chain-erp/shared';
import { bearer, dropDatabase, seedMemberCards, type TestApp } from '@chain-erp/shared/testing';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { feedSettled, randomUUID, voucherHq, voucherTill, waitFor } from './transfer-helpers';

/**
 * 代金券 vouchers and 礼品卡 gift cards: issued at HQ in batches, taken at the till as tenders, their
 * value held and checked at HQ on the signed store channel. Failure paths first: a tender without
 * its number, an unknown, expired or other store's number, a voucher below its minimum spend, a gift
 * card short of balance — each refused with its code and nothing written at the store or at HQ.
 * Then: a voucher is used once (also when two tills try at the same moment), a gift card down to
 * zero, refunds give back onto the number that paid, a retried sale or a replayed push moves no
 * value twice, and with HQ unreachable the till refuses rather than guesses.
 */
describe('vouchers and gift cards: HQ batch → till tender → refund', () => {
  let hq: TestApp;
  let store: TestApp;
  let hqDb: string;
  let admin: string;
  let token: string;
  let shiftId: string;
  let products: string[];
  const methods: Record<'cash' | 'voucher' | 'gift', string> = { cash: '', voucher: '', gift: '' };
  let s1: string;
  let s2: string;

  const sync = () => store.app.get(StoreSyncService).run('test', {});
  const { batch, numbersOf, lookup } = voucherHq(
    () => ({ hq, admin }),
    () => ({ name: '测试券', quantity: 1, validTo: new Date(Date.now() + 30 * 86400_000).toISOString() }),
  );
  const sell = (lines: Array<{ productId: string; quantity?: string }>, payments: Array<{ paymentMethodId: string; amount: string; reference?: string }>, id = randomUUID()) =>
    store.http().post('/api/pos/sales').set(bearer(token)).send({ id, shiftId, lines, payments });
  // refunds are the store admin's (a cashier holds no pos.refund), from its own shift
  const refundShift = { token: '', id: '' };
  const refund = (body: object) =>
    store
      .http()
      .post('/api/pos/refunds')
      .set(bearer(refundShift.token))
      .send({ id: randomUUID(), shiftId: refundShift.id, reason: '退货', ...body });
  const counts = async () => ({
    sales: Number((await store.dataSource.query(`SELECT count(*) AS n FROM pos_sale`))[0].n),
    stock: Number((await store.dataSource.query(`SELECT count(*) AS n FROM stock_ledger`))[0].n),
    hqLedger: Number((await hq.dataSource.query(`SELECT count(*) AS n FROM voucher_ledger WHERE kind <> 'issue'`))[0].n),
  });

  beforeAll(async () => {
    const till = await voucherTill(2, {
      cash: { code: 'CASH', name: '现金', type: 'cash', allowsChange: true },
      voucher: { code: 'VCH', name: '代金券', type: 'voucher', allowsChange: false },
      gift: { code: 'GC', name: '礼品卡', type: 'gift_card', allowsChange: false },
    }); // 11.50 and 12.50
    ({ hq, hqDb, store, admin, products, s1, s2, token, shiftId } = till);
    Object.assign(methods, till.methods);
    refundShift.token = await store.login('s001-admin', 'store-admin-1');
    refundShift.id = (await store.http().post('/api/pos/shifts').set(bearer(refundShift.token)).send({ tillCode: '02', openingFloat: '0' }).expect(201)).body.id;
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
    if (hqDb) await dropDatabase(hqDb).catch(() => undefined);
  });

  it('HQ refuses a bad batch with the field at fault and writes nothing; a store user cannot issue', async () => {
    expect((await batch({ kind: 'voucher', faceValue: '20', validTo: new Date(Date.now() - 7200_000).toISOString() }).expect(400)).body).toMatchObject({
      code: 'VOUCHER_BATCH_INVALID',
      fields: [{ field: 'validTo', message: 'must be after validFrom' }],
    });
    expect((await batch({ kind: 'gift_card', faceValue: '50', minSpend: '10' }).expect(400)).body.fields).toEqual([
      { field: 'minSpend', message: 'a gift card has no minimum spend' },
    ]);
    expect((await batch({ kind: 'voucher', faceValue: '20', storeIds: [randomUUID()] }).expect(422)).body.fields[0].field).toBe('storeIds.0');
    expect((await batch({ kind: 'gift_card', faceValue: '50', percent: '10' }).expect(400)).body.fields).toEqual([
      { field: 'percent', message: 'a gift card has no percent (only vouchers: 折扣券)' },
    ]);
    for (const percent of ['0', '100', '12.345', 'x'])
      expect((await batch({ kind: 'voucher', faceValue: '20', percent }).expect(400)).body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'percent' }] });
    expect((await batch({ kind: 'voucher', faceValue: '-1', quantity: 0 }).expect(400)).body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'faceValue',
      'quantity',
    ]);
    const storeAdmin = await hq.login('s001-admin', 'store-admin-1');
    await hq
      .http()
      .post('/api/vouchers/batches')
      .set(bearer(storeAdmin))
      .send({
        id: randomUUID(),
        kind: 'voucher',
        name: 'x',
        faceValue: '5',
        quantity: 1,
        validFrom: new Date().toISOString(),
        validTo: new Date(Date.now() + 86400_000).toISOString(),
      })
      .expect(403);
    expect(
      await hq.dataSource.query(`SELECT (SELECT count(*) FROM voucher_batch)::int AS b, (SELECT count(*) FROM voucher)::int AS v, (SELECT count(*) FROM voucher_ledger)::int AS l`),
    ).toEqual([{ b: 0, v: 0, l: 0 }]);
  });

  it('issues a batch as a numbered document: random 16-digit numbers that never repeat, each loaded by an issue row; a retry issues nothing more', async () => {
    const body = { id: randomUUID(), kind: 'voucher', name: '满20用20元券', faceValue: '20', minSpend: '20', quantity: 50 };
    const first = (await batch(body).expect(201)).body;
    expect(first).toMatchObject({
      batchNo: expect.stringMatching(/^VB-HQ-\d{8}-\d{4}$/),
      kind: 'voucher',
      faceValue: '20.00',
      minSpend: '20.00',
      quantity: 50,
      issued: '1000.00',
      redeemed: '0.00',
      outstanding: '1000.00',
      usedCount: 0,
    });
    expect((await batch(body).expect(201)).body.batchNo).toBe(first.batchNo);
    expect((await batch({ ...body, quantity: 51 }).expect(422)).body.code).toBe('IDEMPOTENCY_MISMATCH');
    const numbers = await numbersOf(first.id);
    expect(numbers).toHaveLength(50);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.every((n) => /^[1-9]\d{15}$/.test(n) && isValidLuhn(n))).toBe(true);
    // consecutive numbers would be guessable: these are not
    const sorted = [...numbers].sort();
    expect(sorted.some((n, i) => i > 0 && BigInt(n) - BigInt(sorted[i - 1]) === 1n)).toBe(false);
    expect(await hq.dataSource.query(`SELECT kind, count(*)::int AS n, sum(delta)::text AS total, min(doc_no) AS doc FROM voucher_ledger GROUP BY kind`)).toEqual([
      { kind: 'issue', n: 50, total: '1000.00', doc: first.batchNo },
    ]);
    const gift = (await batch({ kind: 'gift_card', name: '礼品卡50元', faceValue: '50', quantity: 2 }).expect(201)).body;
    expect(gift.batchNo).toMatch(/^GC-HQ-\d{8}-\d{4}$/);
    const audit = await hq.dataSource.query(`SELECT action FROM audit_log WHERE entity_type = 'voucher_batch' AND entity_id = $1`, [first.id]);
    expect(audit).toEqual([{ action: 'issue' }]);
  });

  it('the till refuses a tender without its number, an unknown, expired or other store’s number, a voucher below its minimum spend and a gift card short of balance — nothing is written anywhere', async () => {
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    const [voucherBatch, giftBatch] = (await hq.http().get('/api/vouchers/batches?sort=createdAt').set(bearer(admin)).expect(200)).body.items;
    const [v] = await numbersOf(voucherBatch.id);
    const [g] = await numbersOf(giftBatch.id);
    const expired = (
      await numbersOf(
        (
          await batch({
            kind: 'voucher',
            faceValue: '5',
            validFrom: new Date(Date.now() - 2 * 86400_000).toISOString(),
            validTo: new Date(Date.now() - 86400_000).toISOString(),
          }).expect(201)
        ).body.id,
      )
    )[0];
    const future = (await numbersOf((await batch({ kind: 'voucher', faceValue: '5', validFrom: new Date(Date.now() + 86400_000).toISOString() }).expect(201)).body.id))[0];
    const elsewhere = (await numbersOf((await batch({ kind: 'voucher', faceValue: '5', storeIds: [s2] }).expect(201)).body.id))[0];
    const before = await counts();
    const one = [{ productId: products[0] }]; // 11.50

    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00' },
          { paymentMethodId: methods.cash, amount: '6.50' },
        ]).expect(422)
      ).body,
    ).toMatchObject({ code: 'POS_VOUCHER_TENDER_INVALID', fields: [{ field: 'payments.0.reference' }] });
    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00', reference: v },
          { paymentMethodId: methods.voucher, amount: '5.00', reference: v },
          { paymentMethodId: methods.cash, amount: '1.50' },
        ]).expect(422)
      ).body.fields,
    ).toEqual([{ field: 'payments.1.reference', message: expect.any(String) }]);
    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00', reference: '1234567890123452' },
          { paymentMethodId: methods.cash, amount: '6.50' },
        ]).expect(404)
      ).body.code,
    ).toBe('VOUCHER_NOT_FOUND');
    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00', reference: expired },
          { paymentMethodId: methods.cash, amount: '6.50' },
        ]).expect(409)
      ).body.code,
    ).toBe('VOUCHER_EXPIRED');
    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00', reference: future },
          { paymentMethodId: methods.cash, amount: '6.50' },
        ]).expect(409)
      ).body.code,
    ).toBe('VOUCHER_NOT_YET_VALID');
    expect(
      (
        await sell(one, [
          { paymentMethodId: methods.voucher, amount: '5.00', reference: elsewhere },
          { paymentMethodId: methods.cash, amount: '6.50' },
        ]).expect(409)
      ).body.code,
    ).toBe('VOUCHER_WRONG_STORE');
    // 11.50 is below the voucher's 20.00 minimum spend
    expect((await sell(one, [{ paymentMethodId: methods.voucher, amount: '11.50', reference: v }]).expect(409)).body).toMatchObject({
      code: 'VOUCHER_MIN_SPEND_NOT_MET',
      details: { minSpend: '20.00', saleTotal: '11.50' },
    });
    // 5 × 12.50 = 62.50; the card holds 50.00
    expect(
      (
        await sell(
          [{ productId: products[1], quantity: '5' }],
          [
            { paymentMethodId: methods.gift, amount: '60.00', reference: g },
            { paymentMethodId: methods.cash, amount: '2.50' },
          ],
        ).expect(409)
      ).body,
    ).toMatchObject({ code: 'VOUCHER_INSUFFICIENT_BALANCE', details: { balance: '50.00' } });
    // a gift card paid before a voucher that is refused: the gift card's charge is undone (a reversal row), the sale not written
    const refusedAfterCharge = randomUUID();
    expect(
      (
        await sell(
          one,
          [
            { paymentMethodId: methods.gift, amount: '6.50', reference: g },
            { paymentMethodId: methods.voucher, amount: '5.00', reference: expired },
          ],
          refusedAfterCharge,
        ).expect(409)
      ).body.code,
    ).toBe('VOUCHER_EXPIRED');
    expect(await hq.dataSource.query(`SELECT kind, delta::text FROM voucher_ledger WHERE ref_id = $1 ORDER BY at`, [refusedAfterCharge])).toEqual([
      { kind: 'redeem', delta: '-6.50' },
      { kind: 'reversal', delta: '6.50' },
    ]);
    expect((await lookup(g)).balance).toBe('50.00');
    const after = await counts();
    expect(after).toEqual({ ...before, hqLedger: before.hqLedger + 2 });
    expect(await lookup(v)).toMatchObject({ balance: '20.00', state: 'active' });
  });

  it('a voucher is not charged at HQ for a sale the store refuses after (a 本店卡 short of stored value): nothing is written anywhere', async () => {
    const [sv] = await hq.dataSource.query(
      `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ('SV', '储值', 'stored_value', false, true, 4, 1) RETURNING id`,
    );
    await feedSettled(hq);
    expect((await sync()).errors).toEqual([]);
    await seedMemberCards(store, s1, [{ cardNo: 'OWN7001', scope: 'store', storedValue: '1.00' }]);
    const [v] = await numbersOf((await batch({ kind: 'voucher', faceValue: '10' }).expect(201)).body.id);
    const before = await counts();
    const res = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({
        id: randomUUID(),
        shiftId,
        memberRef: 'OWN7001',
        lines: [{ productId: products[0] }, { productId: products[1] }],
        payments: [
          { paymentMethodId: methods.voucher, amount: '10.00', reference: v },
          { paymentMethodId: sv.id, amount: '14.00' },
        ],
      })
      .expect(409);
    expect(res.body.code).toBe('MEMBER_INSUFFICIENT_BALANCE');
    expect(await counts()).toEqual(before);
    expect((await lookup(v)).balance).toBe('10.00');
  });

  it('a voucher pays once: a retry of its sale is charged once, a second sale is refused, and two tills at the same moment get one winner', async () => {
    const voucherBatch = (await hq.http().get('/api/vouchers/batches?kind=voucher&sort=createdAt').set(bearer(admin)).expect(200)).body.items[0];
    const [v, w] = await numbersOf(voucherBatch.id);
    const two = [{ productId: products[0], quantity: '2' }]; // 23.00
    const id = randomUUID();
    const pay = [
      { paymentMethodId: methods.voucher, amount: '20.00', reference: v },
      { paymentMethodId: methods.cash, amount: '3.00' },
    ];
    const sale = (await sell(two, pay, id).expect(200)).body;
    expect(sale).toMatchObject({
      totalAmount: '23.00',
      payments: [expect.objectContaining({ methodCode: 'VCH', amount: '20.00', reference: v }), expect.objectContaining({ methodCode: 'CASH', amount: '3.00' })],
    });
    // the till retries (its answer was lost): the same sale, charged once
    expect((await sell(two, pay, id).expect(200)).body.receiptNo).toBe(sale.receiptNo);
    const seen = await lookup(v);
    expect(seen).toMatchObject({ balance: '0.00', state: 'redeemed' });
    expect(seen.ledger.map((l: { kind: string; storeCode: string | null; delta: string }) => [l.kind, l.storeCode, l.delta])).toEqual([
      ['issue', null, '20.00'],
      ['redeem', 'S001', '-20.00'],
    ]);
    expect((await sell(two, pay).expect(409)).body).toMatchObject({ code: 'VOUCHER_ALREADY_USED', fields: [{ field: 'number' }] });

    // two tills with the same voucher at once: HQ's row lock lets one through
    const race = await Promise.all(
      [0, 1].map(() =>
        sell(two, [
          { paymentMethodId: methods.voucher, amount: '20.00', reference: w },
          { paymentMethodId: methods.cash, amount: '3.00' },
        ]),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(race.find((r) => r.status === 409)!.body.code).toBe('VOUCHER_ALREADY_USED');
    expect(
      Number((await hq.dataSource.query(`SELECT count(*) AS n FROM voucher_ledger l JOIN voucher v ON v.id = l.voucher_id WHERE v.number = $1 AND l.kind = 'redeem'`, [w]))[0].n),
    ).toBe(1);

    // the sale reaches HQ; pushing it again (a replay) stores it once and moves no value
    await sync();
    await waitFor(
      () => hq.dataSource.query(`SELECT id FROM pos_sale WHERE id = $1`, [id]),
      (r: unknown[]) => r.length === 1,
    );
    const ledgerBefore = await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_ledger`);
    await store.dataSource.query(`UPDATE transfer_outbox SET sent_at = NULL WHERE id = $1`, [id]);
    expect((await sync()).errors).toEqual([]);
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM pos_sale WHERE id = $1`, [id])).toEqual([{ n: 1 }]);
    expect(await hq.dataSource.query(`SELECT count(*)::int AS n FROM voucher_ledger`)).toEqual(ledgerBefore);

    // a voucher's value is not paid out in cash: 23.00 back in cash is refused (at most the 3.00 paid in cash)
    expect(
      (await refund({ saleId: id, lines: [{ saleLineNo: 1, quantity: '2' }], payments: [{ paymentMethodId: methods.cash, amount: '23.00' }] }).expect(422)).body.fields,
    ).toEqual([{ field: 'payments', message: expect.stringContaining('at most 3.00 back in money') }]);
    // a refund of the whole sale gives the voucher back, usable again until its end date
    const back = await refund({ saleId: id, lines: [{ saleLineNo: 1, quantity: '2' }] }).expect(200);
    expect(back.body.payments.map((p: { methodCode: string; amount: string }) => [p.methodCode, p.amount])).toEqual([
      ['VCH', '20.00'],
      ['CASH', '3.00'],
    ]);
    expect(await lookup(v)).toMatchObject({ balance: '20.00', state: 'active' });
    expect((await lookup(v)).ledger.at(-1)).toMatchObject({ kind: 'refund', delta: '20.00', docNo: back.body.refundNo, originalRefId: id });
  });

  it('a gift card is spent down to zero, partial refunds go back onto it at most what it paid, and the batch shows what is outstanding', async () => {
    const giftBatch = (await hq.http().get('/api/vouchers/batches?kind=gift_card').set(bearer(admin)).expect(200)).body.items[0];
    const [g] = await numbersOf(giftBatch.id);
    const first = (await sell([{ productId: products[1], quantity: '3' }], [{ paymentMethodId: methods.gift, amount: '37.50', reference: g }]).expect(200)).body;
    expect((await lookup(g)).balance).toBe('12.50');
    await sell([{ productId: products[1] }], [{ paymentMethodId: methods.gift, amount: '12.50', reference: g }]).expect(200);
    expect(await lookup(g)).toMatchObject({ balance: '0.00', state: 'redeemed' });
    expect((await sell([{ productId: products[1] }], [{ paymentMethodId: methods.gift, amount: '12.50', reference: g }]).expect(409)).body.code).toBe('VOUCHER_ALREADY_USED');

    // one of three returned: 12.50 back onto the card (the sale's only tender)
    const r1 = (await refund({ saleId: first.id, lines: [{ saleLineNo: 1, quantity: '1' }] }).expect(200)).body;
    expect(r1.payments).toEqual([expect.objectContaining({ methodCode: 'GC', amount: '12.50' })]);
    expect(await lookup(g)).toMatchObject({ balance: '12.50', state: 'active' });
    // one ledger row per refund
    expect(Number((await hq.dataSource.query(`SELECT count(*) AS n FROM voucher_ledger WHERE ref_id = $1`, [r1.id]))[0].n)).toBe(1);
    // asking more back onto the card than it paid is refused, nothing written
    const before = await counts();
    expect(
      (await refund({ saleId: first.id, lines: [{ saleLineNo: 1, quantity: '1' }], payments: [{ paymentMethodId: methods.gift, amount: '30.00' }] }).expect(422)).body.code,
    ).toBe('POS_REFUND_TENDER_INVALID');
    expect(await counts()).toEqual(before);
    const batchNow = (await hq.http().get(`/api/vouchers/batches/${giftBatch.id}`).set(bearer(admin)).expect(200)).body;
    expect(batchNow).toMatchObject({ issued: '100.00', outstanding: '62.50', redeemed: '37.50' });
  });

  it('with HQ unreachable the till refuses a voucher or gift card (their value is held at HQ) and writes nothing; cash still sells', async () => {
    const giftBatch = (await hq.http().get('/api/vouchers/batches?kind=gift_card').set(bearer(admin)).expect(200)).body.items[0];
    const [, g2] = await numbersOf(giftBatch.id);
    const storeAdmin = await store.login('s001-admin', 'store-admin-1');
    await store
      .http()
      .put('/api/membership/settings')
      .set(bearer(storeAdmin))
      .send({ cardMode: 'chain', memberCenterUrl: `http://127.0.0.1:${await freePort()}` })
      .expect(200);
    try {
      const before = await counts();
      const res = await sell([{ productId: products[1] }], [{ paymentMethodId: methods.gift, amount: '12.50', reference: g2 }]).expect(503);
      expect(res.body).toMatchObject({ code: 'MEMBER_CENTER_UNREACHABLE', fields: [{ field: 'payments' }] });
      expect(await counts()).toEqual(before);
      expect((await lookup(g2)).balance).toBe('50.00');
      await sell([{ productId: products[1] }], [{ paymentMethodId: methods.cash, amount: '20.00' }]).expect(200);
    } finally {
      await store.http().put('/api/membership/settings').set(bearer(storeAdmin)).send({ cardMode: 'chain', memberCenterUrl: null }).expect(200);
    }
  });

  it('a percent-off voucher (折扣券) pays at most its percent of the sale and at most its face value, once', async () => {
    const b = (await batch({ kind: 'voucher', name: '9折券 最高抵扣10元', faceValue: '10', percent: '10', quantity: 2 }).expect(201)).body;
    expect(b).toMatchObject({ percent: '10.00', faceValue: '10.00', issued: '20.00' });
    const [p1, p2] = await numbersOf(b.id);
    expect((await lookup(p1)).percent).toBe('10.00');
    const two = [{ productId: products[0], quantity: '2' }]; // 23.00: 10 % is 2.30
    const before = await counts();
    const over = await sell(two, [
      { paymentMethodId: methods.voucher, amount: '2.31', reference: p1 },
      { paymentMethodId: methods.cash, amount: '20.69' },
    ]).expect(409);
    expect(over.body).toMatchObject({ code: 'VOUCHER_PERCENT_EXCEEDED', fields: [{ field: 'amount' }], details: { percent: '10.00', saleTotal: '23.00', limit: '2.30' } });
    expect(await counts()).toEqual(before);
    await sell(two, [
      { paymentMethodId: methods.voucher, amount: '2.30', reference: p1 },
      { paymentMethodId: methods.cash, amount: '20.70' },
    ]).expect(200);
    // used once: what it did not pay (up to its face value) is forfeited
    expect(await lookup(p1)).toMatchObject({ state: 'redeemed', balance: '0.00' });
    expect((await lookup(p1)).ledger.map((l: { kind: string; amount: string; delta: string }) => [l.kind, l.amount, l.delta])).toEqual([
      ['issue', '10.00', '10.00'],
      ['redeem', '2.30', '-10.00'],
    ]);
    // ten at 12.50 = 125.00: 10 % is 12.50, but the voucher pays at most its 10.00
    const ten = [{ productId: products[1], quantity: '10' }];
    expect(
      (
        await sell(ten, [
          { paymentMethodId: methods.voucher, amount: '12.50', reference: p2 },
          { paymentMethodId: methods.cash, amount: '112.50' },
        ]).expect(409)
      ).body.code,
    ).toBe('VOUCHER_INSUFFICIENT_BALANCE');
    await sell(ten, [
      { paymentMethodId: methods.voucher, amount: '10.00', reference: p2 },
      { paymentMethodId: methods.cash, amount: '115.00' },
    ]).expect(200);
    expect((await hq.http().get(`/api/vouchers/batches/${b.id}`).set(bearer(admin)).expect(200)).body).toMatchObject({ outstanding: '0.00', redeemed: '20.00', usedCount: 2 });
  });

  it('the voucher channel takes only a store’s transfer signature: a user token is refused', async () => {
    const res = await hq
      .http()
      .post('/api/transfer/v1/vouchers/redeem')
      .set(bearer(admin))
      .send({ saleId: randomUUID(), number: '1234567890123452', amount: '1.00', saleTotal: '1.00' });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TRANSFER_UNSIGNED');
    expect(s1).toBeDefined();
  });
});
