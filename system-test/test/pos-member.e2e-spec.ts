import { randomBytes, randomUUID } from 'node:crypto';
import { freePort, signedHeaders } from '@chain-erp/shared';
import { bearer, bootTestApp, type TestApp, count, onHand, type PosStore, seedMemberCards, seedPosStore } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { MemberCenterAuth } from '@chain-erp/store-server/membership/member-center.client';
import { STORE_SERVER } from '@chain-erp/store-server/server';

/**
 * A member at the till against a real HQ member center: member prices from the card, points
 * queued with the sale, stored value charged online before the local commit (and reversed when the
 * sale fails), money back to the card on a refund, and what still works with HQ unreachable.
 */
describe('store POS: member at the till, online with HQ', () => {
  let hq: TestApp;
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  let hqAdmin: string;
  let storeOrgId: string;
  const http = () => store.http();
  const sell = (body: Record<string, unknown>) =>
    http()
      .post('/api/pos/sales')
      .set(bearer(s.adminToken))
      .send({ id: randomUUID(), shiftId, ...body });
  const cash = (amount: string) => ({ paymentMethodId: s.methods.cash.id, amount });
  const stored = (amount: string) => ({ paymentMethodId: s.methods.stored.id, amount });
  const hqBalance = async (cardNo: string) => (await hq.dataSource.query(`SELECT stored_value_balance::text AS sv FROM member_card WHERE card_no = $1`, [cardNo]))[0].sv as string;
  const outboxOf = async (id: string) => (await store.dataSource.query(`SELECT stream, body FROM transfer_outbox WHERE id = $1`, [id]))[0];
  const setCenter = (url: string) => http().put('/api/membership/settings').set(bearer(s.adminToken)).send({ cardMode: 'chain', memberCenterUrl: url }).expect(200);

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    hqAdmin = await hq.loginAdmin();
    const api = (path: string, body: object, status = 201) => hq.http().post(path).set(bearer(hqAdmin)).send(body).expect(status);
    const s1 = (await api('/api/org-units', { code: 'S001', name: '一号店', kind: 'store' })).body;
    storeOrgId = s1.id;
    const roles = (await hq.http().get('/api/roles?pageSize=100').set(bearer(hqAdmin))).body.items;
    await api('/api/users', {
      username: 's001-center',
      displayName: '店',
      password: 'store-pass-123',
      orgUnitId: s1.id,
      roleIds: [roles.find((r: { code: string }) => r.code === 'store-admin').id],
    });
    const type = (await api('/api/member-card-types', { code: 'GOLD', name: '金卡', pricing: 'member_price', pointsRate: '1', storedValueAllowed: true })).body;
    await api('/api/member-card-batches', { cardTypeId: type.id, scope: 'chain', prefix: 'G', startNo: 1, quantity: 2, numberWidth: 6, ownerStoreId: s1.id });
    await api(`/api/member-center/issue?storeId=${s1.id}`, { issueId: randomUUID(), cardNo: 'G000001', member: { name: '赵六', mobile: '13500000001' } }, 200);
    // money on the card the one way staff may: an adjustment at HQ, with a reason
    await api('/api/member-adjustments', { id: randomUUID(), cardNo: 'G000001', account: 'stored_value', delta: '100.00', reason: '开卡赠送' });

    store = await bootTestApp(STORE_SERVER);
    // This store is seeded, not set up against HQ through the wizard: HQ gets a transfer key for it and
    // the store signs its member-center calls with that key, as 门店系统初始化 would have it do.
    const key = randomBytes(32);
    await hq.dataSource.query(`INSERT INTO store_transfer (store_id, key_salt, key, key_changed_at, row_version) VALUES ($1, 'test-salt', $2, now(), 1)`, [s1.id, key]);
    jest.spyOn(store.app.get(MemberCenterAuth), 'headers').mockImplementation(async (r) => signedHeaders(key, 'S001', r.method, r.path, r.body));
    await store.dataSource.query(`INSERT INTO org_unit (id, code, name, kind, status, row_version) VALUES ($1, 'S001', '一号店', 'store', 'active', 1)`, [s1.id]);
    s = await seedPosStore(store);
    // the replica as the card pull stream delivers it
    const [hqType] = await hq.dataSource.query(`SELECT id, code, name, pricing, points_rate, stored_value_allowed FROM member_card_type WHERE code = 'GOLD'`);
    await store.dataSource.query(`INSERT INTO member_card_type (id, code, name, pricing, points_rate, stored_value_allowed, row_version) VALUES ($1, $2, $3, $4, $5, $6, 1)`, [
      hqType.id,
      hqType.code,
      hqType.name,
      hqType.pricing,
      hqType.points_rate,
      hqType.stored_value_allowed,
    ]);
    await store.dataSource.query(
      `INSERT INTO member_card (id, card_no, batch_id, card_type_id, scope, owner_store_id, state, member_id, issued_at, row_version)
       SELECT id, card_no, batch_id, card_type_id, scope, owner_store_id, state, member_id, issued_at, 1 FROM json_populate_recordset(NULL::member_card, $1::json)`,
      [JSON.stringify(await hq.dataSource.query(`SELECT id, card_no, batch_id, card_type_id, scope, owner_store_id, state, member_id, issued_at FROM member_card`))],
    );
    await setCenter(hq.url);
    shiftId = (await http().post('/api/pos/shifts').set(bearer(s.adminToken)).send({ tillCode: '07', openingFloat: '0' }).expect(201)).body.id;
  });
  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  it('pays with stored value at HQ before committing, at member prices, once per sale id, with points queued', async () => {
    const body = {
      id: randomUUID(),
      shiftId,
      memberRef: 'G000001',
      lines: [{ barcode: '6900000000011', quantity: '2' }, { productCode: 'P003' }],
      payments: [stored('10.00'), cash('10.00')],
    };
    const res = await http().post('/api/pos/sales').set(bearer(s.adminToken)).send(body).expect(200);
    // member prices: cola 3.00 × 2 + milk 8.90
    expect(res.body).toMatchObject({ totalAmount: '14.90', memberRef: 'G000001', changeAmount: '5.10' });
    expect(res.body.payments[0]).toMatchObject({ methodType: 'stored_value', amount: '10.00' });
    expect(await hqBalance('G000001')).toBe('90.00');
    // a retry answers the first result and charges nothing more
    expect((await http().post('/api/pos/sales').set(bearer(s.adminToken)).send(body).expect(200)).body).toEqual(res.body);
    expect(await hqBalance('G000001')).toBe('90.00');
    expect(await count(hq, 'member_ledger', `ref_id = $1 AND kind = 'payment'`, [body.id])).toBe(1);
    const [points] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'member.points' AND body->>'saleId' = $1`, [body.id]);
    expect(points.body).toMatchObject({ cardNo: 'G000001', amount: '14.90', storeId: storeOrgId });
  });

  it('reverses the charge when the sale then fails, and never charges that sale id again', async () => {
    const id = randomUUID();
    const before = await onHand(store, s.warehouseId, s.products.last.id);
    // validation failures are caught by the first pass: nothing is charged at all
    expect((await sell({ id, memberRef: 'G000001', lines: [{ productCode: 'P001' }], payments: [stored('200.00')] }).expect(422)).body.code).toBe('POS_TENDER_OVERPAID');
    expect(await count(hq, 'member_ledger', 'ref_id = $1', [id])).toBe(0);
    // a failure after the charge: another till takes the last units between the two passes
    const sales = store.app.get((await import('@chain-erp/store-server/pos/pos-sale.service')).PosSaleService);
    const members = (sales as unknown as { members: { payWithStoredValue: (...a: unknown[]) => Promise<unknown> } }).members;
    const pay = members.payWithStoredValue.bind(members);
    members.payWithStoredValue = async (...a: unknown[]) => {
      const r = await pay(...a);
      await store.dataSource.query(`UPDATE stock_balance SET qty = 0 WHERE warehouse_id = $1 AND product_id = $2`, [s.warehouseId, s.products.last.id]);
      return r;
    };
    try {
      const res = await sell({ id, memberRef: 'G000001', lines: [{ productCode: 'P005' }], payments: [stored('88.00')] }).expect(409);
      expect(res.body.code).toBe('STOCK_INSUFFICIENT');
    } finally {
      members.payWithStoredValue = pay;
      await store.dataSource.query(`UPDATE stock_balance SET qty = $3 WHERE warehouse_id = $1 AND product_id = $2`, [s.warehouseId, s.products.last.id, before.toString()]);
    }
    expect(await hqBalance('G000001')).toBe('90.00');
    expect(await hq.dataSource.query(`SELECT kind, delta::text FROM member_ledger WHERE ref_id = $1 ORDER BY at, kind`, [id])).toEqual([
      { kind: 'payment', delta: '-88.00' },
      { kind: 'reversal', delta: '88.00' },
    ]);
    expect(await count(store, 'pos_sale', 'id = $1', [id])).toBe(0);
    // the till must start a new sale: this id is dead at HQ
    expect((await sell({ id, memberRef: 'G000001', lines: [{ productCode: 'P001' }], payments: [stored('3.00')] }).expect(409)).body.code).toBe('MEMBER_PAYMENT_REVERSED');
    expect(await hqBalance('G000001')).toBe('90.00');
  });

  it('gives stored value back to the card on a refund, once per refund id', async () => {
    const sale = (await sell({ memberRef: 'G000001', lines: [{ productCode: 'P003' }], payments: [stored('8.90')] }).expect(200)).body;
    expect(await hqBalance('G000001')).toBe('81.10');
    const refund = { id: randomUUID(), shiftId, receiptNo: sale.receiptNo, reason: '质量问题', lines: [{ saleLineNo: 1, quantity: '1' }] };
    const res = await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(refund).expect(200);
    expect(res.body.payments).toEqual([expect.objectContaining({ methodType: 'stored_value', amount: '8.90' })]);
    expect(await hqBalance('G000001')).toBe('90.00');
    await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(refund).expect(200);
    expect(await hqBalance('G000001')).toBe('90.00');
  });

  it('takes a refund’s points back: a 本店卡 in the store’s ledger at once, a chain card queued behind its sale’s points', async () => {
    await seedMemberCards(store, storeOrgId, [{ cardNo: 'OWN0001', scope: 'store' }]);
    const points = (cardNo: string) =>
      store.dataSource.query(
        `SELECT kind, ref_id, amount::text, delta::text, balance_after::text AS after FROM member_ledger l JOIN member_card c ON c.id = l.card_id WHERE c.card_no = $1 AND account = 'points' ORDER BY l.at, kind`,
        [cardNo],
      );
    const own = (await sell({ memberRef: 'OWN0001', lines: [{ productCode: 'P003' }, { productCode: 'P001', quantity: '2' }], payments: [cash('50.00')] }).expect(200)).body;
    const earned = await points('OWN0001');
    expect(earned).toEqual([expect.objectContaining({ kind: 'earn', ref_id: own.id, amount: own.totalAmount })]);
    const refund = {
      id: randomUUID(),
      shiftId,
      receiptNo: own.receiptNo,
      reason: '不要了',
      lines: [
        { saleLineNo: 1, quantity: '1' },
        { saleLineNo: 2, quantity: '2' },
      ],
    };
    await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(refund).expect(200);
    await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(refund).expect(200);
    // the whole sale came back: every point it earned goes, once
    expect((await points('OWN0001')).slice(1)).toEqual([{ kind: 'refund', ref_id: refund.id, amount: own.totalAmount, delta: `-${earned[0].delta}`, after: '0.00' }]);

    const chain = (await sell({ memberRef: 'G000001', lines: [{ productCode: 'P003' }], payments: [cash('8.90')] }).expect(200)).body;
    const chainRefund = { id: randomUUID(), shiftId, receiptNo: chain.receiptNo, reason: '不要了', lines: [{ saleLineNo: 1, quantity: '1' }] };
    await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(chainRefund).expect(200);
    const queued = await store.dataSource.query(`SELECT stream, body FROM transfer_outbox WHERE body->>'saleId' = $1 AND stream LIKE 'member.%' ORDER BY seq`, [chain.id]);
    expect(queued.map((q: { stream: string }) => q.stream)).toEqual(['member.points', 'member.points-refund']);
    expect(queued.at(-1).body).toMatchObject({ refundId: chainRefund.id, saleId: chain.id, cardNo: 'G000001', amount: '8.90', refundedBefore: '0.00', storeId: storeOrgId });
  });

  it('tops a chain card up with a document of the shift: cash in the drawer, in the journal, credited at HQ once; reversed by a new document once', async () => {
    const topUp = (body: Record<string, unknown>) =>
      http()
        .post('/api/pos/top-ups')
        .set(bearer(s.adminToken))
        .send({ id: randomUUID(), shiftId, cardNo: 'G000001', ...body });
    const before = await hqBalance('G000001');
    const expectedCash = async () =>
      (await http().get(`/api/pos/shifts/${shiftId}`).set(bearer(s.adminToken)).expect(200)).body.tenders.find((t: { methodCode: string }) => t.methodCode === 'CASH');
    const cashBefore = await expectedCash();
    const body = { id: randomUUID(), shiftId, cardNo: 'G000001', amount: '50.00', paymentMethodId: s.methods.cash.id, tendered: '60.00' };
    const doc = (await http().post('/api/pos/top-ups').set(bearer(s.adminToken)).send(body).expect(200)).body;
    expect(doc).toMatchObject({
      kind: 'top_up',
      cardScope: 'chain',
      amount: '50.00',
      tendered: '60.00',
      changeAmount: '10.00',
      methodCode: 'CASH',
      topUpNo: expect.stringMatching(/^TOPUP-S001-07-/),
    });
    expect(doc.cardBalanceAfter).toBe((Number(before) + 50).toFixed(2));
    // a retry answers the same document and credits nothing more
    expect((await http().post('/api/pos/top-ups').set(bearer(s.adminToken)).send(body).expect(200)).body).toEqual(doc);
    expect(await hqBalance('G000001')).toBe(doc.cardBalanceAfter);
    expect(await hq.dataSource.query(`SELECT kind, doc_no, store_id, tender_code FROM member_ledger WHERE ref_id = $1`, [body.id])).toEqual([
      { kind: 'top_up', doc_no: doc.topUpNo, store_id: storeOrgId, tender_code: 'CASH' },
    ]);
    expect((await expectedCash()).expected).toBe((Number(cashBefore.expected) + 50).toFixed(2));
    const journal = (await http().get('/api/pos/journal?kind=top-up').set(bearer(s.adminToken)).expect(200)).body;
    expect(journal.items).toEqual([expect.objectContaining({ kind: 'top-up', docNo: doc.topUpNo, amount: '50.00', memberRef: 'G000001', payments: '现金 50.00' })]);
    expect((await outboxOf(body.id)).stream).toBe('pos.top-up');
    const slip = (await http().get(`/api/pos/top-ups/${body.id}/receipt?format=text`).set(bearer(s.adminToken)).expect(200)).text;
    expect(slip).toContain('充值单');
    expect(slip).toContain(doc.cardBalanceAfter);

    // refused without writing anything: stored value as the tender, a card paying short, a card without stored value
    expect((await topUp({ amount: '10.00', paymentMethodId: s.methods.stored.id }).expect(422)).body.code).toBe('POS_TOP_UP_TENDER_INVALID');
    expect((await topUp({ amount: '10.00', paymentMethodId: s.methods.card.id, tendered: '9.00' }).expect(422)).body.code).toBe('POS_TENDER_SHORT');
    expect((await topUp({ amount: '10.00', paymentMethodId: s.methods.card.id, tendered: '11.00' }).expect(422)).body.code).toBe('POS_TENDER_OVERPAID');
    expect(await hqBalance('G000001')).toBe(doc.cardBalanceAfter);

    // 充值冲正: a new document, the money back by the top-up's tender, once
    const reverse = { id: randomUUID(), shiftId, reason: '充错卡' };
    const rev = (await http().post(`/api/pos/top-ups/${body.id}/reverse`).set(bearer(s.adminToken)).send(reverse).expect(200)).body;
    expect(rev).toMatchObject({
      kind: 'reversal',
      originalId: body.id,
      originalNo: doc.topUpNo,
      amount: '50.00',
      reason: '充错卡',
      topUpNo: expect.stringMatching(/^TOPUPRV-S001-07-/),
    });
    expect(await hqBalance('G000001')).toBe(before);
    expect((await http().post(`/api/pos/top-ups/${body.id}/reverse`).set(bearer(s.adminToken)).send(reverse).expect(200)).body).toEqual(rev);
    expect(
      (
        await http()
          .post(`/api/pos/top-ups/${body.id}/reverse`)
          .set(bearer(s.adminToken))
          .send({ ...reverse, id: randomUUID() })
          .expect(409)
      ).body.code,
    ).toBe('MEMBER_TOP_UP_REVERSED');
    expect((await expectedCash()).expected).toBe(cashBefore.expected);
    // a cashier without 充值冲正 may not
    const cashierShift = (await http().post('/api/pos/shifts').set(bearer(s.cashierToken)).send({ tillCode: '08', openingFloat: '0' }).expect(201)).body.id;
    expect(
      (await http().post(`/api/pos/top-ups/${rev.id}/reverse`).set(bearer(s.cashierToken)).send({ id: randomUUID(), shiftId: cashierShift, reason: '再冲' }).expect(403)).body.code,
    ).toBe('PERMISSION_DENIED');
    await http()
      .post(`/api/pos/shifts/${cashierShift}/handover`)
      .set(bearer(s.cashierToken))
      .send({ counts: [{ paymentMethodId: s.methods.cash.id, amount: '0.00' }] })
      .expect(200);
  });

  it('undoes the credit at HQ when the top-up cannot be written at the store', async () => {
    const id = randomUUID();
    const before = await hqBalance('G000001');
    await store.dataSource.query(`CREATE FUNCTION test_top_up_fail() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
      CREATE TRIGGER test_top_up_fail BEFORE INSERT ON pos_top_up FOR EACH ROW EXECUTE FUNCTION test_top_up_fail()`);
    try {
      await http().post('/api/pos/top-ups').set(bearer(s.adminToken)).send({ id, shiftId, cardNo: 'G000001', amount: '20.00', paymentMethodId: s.methods.cash.id }).expect(500);
    } finally {
      await store.dataSource.query(`DROP TRIGGER test_top_up_fail ON pos_top_up; DROP FUNCTION test_top_up_fail()`);
    }
    expect(await hqBalance('G000001')).toBe(before);
    expect(await hq.dataSource.query(`SELECT kind, delta::text FROM member_ledger WHERE ref_id = $1 ORDER BY at, kind`, [id])).toEqual([
      { kind: 'top_up', delta: '20.00' },
      { kind: 'reversal', delta: '-20.00' },
    ]);
    expect(await count(store, 'pos_top_up', 'id = $1', [id])).toBe(0);
    // the id is dead: the till starts a new top-up
    expect(
      (await http().post('/api/pos/top-ups').set(bearer(s.adminToken)).send({ id, shiftId, cardNo: 'G000001', amount: '20.00', paymentMethodId: s.methods.cash.id }).expect(409))
        .body.code,
    ).toBe('MEMBER_TOP_UP_REVERSED');
  });

  it('with HQ unreachable refuses the stored-value tender and its refund with codes, while cash and card still sell at member prices', async () => {
    const sale = (await sell({ memberRef: 'G000001', lines: [{ productCode: 'P003' }], payments: [stored('8.90')] }).expect(200)).body;
    await setCenter(`http://127.0.0.1:${await freePort()}`);
    try {
      const ledger = await count(store, 'stock_ledger');
      const refused = await sell({ memberRef: 'G000001', lines: [{ productCode: 'P003' }], payments: [stored('8.90')] }).expect(503);
      expect(refused.body.code).toBe('MEMBER_CENTER_UNREACHABLE');
      expect(await count(store, 'stock_ledger')).toBe(ledger);
      const ok = await sell({ memberRef: 'G000001', lines: [{ productCode: 'P003' }], payments: [{ paymentMethodId: s.methods.card.id, amount: '8.90' }] }).expect(200);
      expect(ok.body.lines[0]).toMatchObject({ priceSource: 'member', unitPrice: '8.90' });
      const refund = { id: randomUUID(), shiftId, receiptNo: sale.receiptNo, reason: '不要了', lines: [{ saleLineNo: 1, quantity: '1' }] };
      const noCard = await http().post('/api/pos/refunds').set(bearer(s.adminToken)).send(refund).expect(503);
      expect(noCard.body).toMatchObject({ code: 'MEMBER_CENTER_UNREACHABLE', details: { alternative: 'cash' } });
      expect(await count(store, 'pos_refund', 'id = $1', [refund.id])).toBe(0);
      // the cashier gives the money back in cash instead
      await http()
        .post('/api/pos/refunds')
        .set(bearer(s.adminToken))
        .send({ ...refund, payments: [cash('8.90')] })
        .expect(200);
      // a chain card's top-up is refused as clearly: its balance is held at HQ
      const topUp = { id: randomUUID(), shiftId, cardNo: 'G000001', amount: '10.00', paymentMethodId: s.methods.cash.id };
      expect((await http().post('/api/pos/top-ups').set(bearer(s.adminToken)).send(topUp).expect(503)).body.code).toBe('MEMBER_CENTER_UNREACHABLE');
      expect(await count(store, 'pos_top_up', 'id = $1', [topUp.id])).toBe(0);
      expect(await count(store, 'transfer_outbox', `stream = 'member.sv-reversal' AND body->>'paymentId' = $1`, [topUp.id])).toBe(0);
    } finally {
      await setCenter(hq.url);
    }
    expect(await hqBalance('G000001')).toBe('81.10');
  });
});
