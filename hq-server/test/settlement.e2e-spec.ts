import { randomUUID } from 'node:crypto';
import { addDays, localToday, RequestContext } from '@chain-erp/shared';
import { bearer, bootTestApp, expectAnswerAsDocumented, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { storeIdentity } from '../src/membership/member-center-caller';
import { MemberCenterService } from '../src/membership/member-center.service';
import { HQ_SERVER } from '../src/server';
import { type TransferCaller } from '../src/transfer/transfer-auth.service';

/**
 * 应付 and 门店结算 at HQ: payables from posted goods receipts minus corrections and returns, supplier
 * payments approved by a second user, reports, a supplier statement through its status machine,
 * consignment suppliers owing nothing on receipt, and the stores' stored-value settlement.
 */
describe('HQ supplier payables and store settlement', () => {
  let hq: TestApp;
  let admin: string;
  let finance: string; // 付款单 (writes), 对账
  let cfo: string; // 审核付款单
  let hqOrg: string;
  let wh: string;
  let supA: string;
  let supC: string;
  const p: Record<string, string> = {};
  const today = localToday();
  const api = () => hq.http();
  const sql = <T = any>(q: string, params: unknown[] = []): Promise<T[]> => hq.dataSource.query(q, params);

  async function user(username: string, permissions: string[]): Promise<string> {
    const role = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: `${username}-role`, name: username, permissions })
        .expect(201)
    ).body;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username, displayName: username, password: 'pass-12345', roleIds: [role.id] })
      .expect(201);
    return hq.login(username, 'pass-12345');
  }
  const receive = async (supplierId: string, lines: Array<{ productId: string; quantity: string; unitPrice: string }>) =>
    (await api().post('/api/goods-receipts').set(bearer(admin)).send({ supplierId, warehouseId: wh, lines, post: true }).expect(201)).body;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    [{ id: hqOrg }] = await sql(`SELECT id FROM org_unit WHERE kind = 'hq'`);
    [{ id: wh }] = await sql(`INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('WH-HQ', '总部仓库', $1, 1) RETURNING id`, [hqOrg]);
    supA = (await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'SUP-A', name: '经销供应商', paymentTermsDays: 30 }).expect(201)).body.id;
    supC = (await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'SUP-C', name: '代销供应商', settlementMode: 'consignment' }).expect(201)).body.id;
    for (const [code, sup] of [
      ['OIL', supA],
      ['TEA', supC],
    ]) {
      const [row] = await sql(
        `INSERT INTO product (code, name, purchase_price, retail_price, tax_rate, default_supplier_id, row_version) VALUES ($1, $1, 10, 20, 13, $2, 1) RETURNING id`,
        [code, sup],
      );
      p[code] = row.id;
    }
    finance = await user('ap-clerk', ['settlement.read', 'settlement.payment.write', 'settlement.statement.write', 'settlement.supplier.write', 'settlement.store.write']);
    cfo = await user('cfo', ['settlement.read', 'settlement.payment.approve']);
  });
  afterAll(() => hq.close());

  it('经销: receipts are owed, corrections and returns owe less; a payment approved by a second user pays the oldest first', async () => {
    const gr1 = await receive(supA, [{ productId: p.OIL, quantity: '10', unitPrice: '11.30' }]); // 113.00
    const gr2 = await receive(supA, [{ productId: p.OIL, quantity: '5', unitPrice: '11.30' }]); // 56.50
    const corr = (
      await api()
        .post(`/api/goods-receipts/${gr1.id}/corrections`)
        .set(bearer(admin))
        .send({ reason: '多录了两箱', lines: [{ lineNo: 1, quantity: '2' }] })
        .expect(201)
    ).body;
    const ret = (
      await api()
        .post('/api/purchase-returns')
        .set(bearer(admin))
        .send({ receiptId: gr2.id, reason: '破损', lines: [{ receiptLineId: gr2.lines[0].id, quantity: '1' }], post: true })
        .expect(201)
    ).body;
    const items = (await api().get('/api/settlement/items').query({ partyType: 'supplier', partyId: supA }).set(bearer(finance)).expect(200)).body;
    expect(items.items.map((i: any) => [i.docNo, i.docType, i.amount, i.open, i.dueDate])).toEqual([
      [gr1.number, 'goods_receipt', '113.00', '90.40', addDays(today, 30)],
      [gr2.number, 'goods_receipt', '56.50', '45.20', addDays(today, 30)],
      [corr.number, 'goods_receipt_correction', '-22.60', '0.00', null],
      [ret.number, 'purchase_return', '-11.30', '0.00', null],
    ]);
    expect(items.totals).toMatchObject({ amount: '135.60', open: '135.60' });
    // each list and report answers its own row and 合计 classes (docs/openapi), money as SQL formatted it
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/items', items);

    // 付款单: a draft, approved by someone else, allocated oldest first
    const draft = (
      await api()
        .post('/api/settlement/supplier-payments')
        .set(bearer(finance))
        .send({ partyId: supA, amount: '100', method: 'bank', reference: 'TT-1', autoAllocate: true })
        .expect(201)
    ).body;
    expect(draft).toMatchObject({ status: 'draft', itemId: null });
    expect(draft.number).toMatch(/^PAY-HQ-\d{8}-\d{4}$/);
    expect((await api().post(`/api/settlement/supplier-payments/${draft.id}/post`).set(bearer(finance)).send({}).expect(403)).body.code).toBe('PERMISSION_DENIED');
    const [{ id: financeId }] = await sql(`SELECT id FROM app_user WHERE username = 'ap-clerk'`);
    await sql(`UPDATE settlement_payment SET created_by = (SELECT id FROM app_user WHERE username = 'cfo') WHERE id = $1`, [draft.id]);
    expect((await api().post(`/api/settlement/supplier-payments/${draft.id}/post`).set(bearer(cfo)).send({}).expect(403)).body.code).toBe('SETTLEMENT_SELF_APPROVAL');
    await sql(`UPDATE settlement_payment SET created_by = $2 WHERE id = $1`, [draft.id, financeId]);
    const posted = (await api().post(`/api/settlement/supplier-payments/${draft.id}/post`).set(bearer(cfo)).send({}).expect(200)).body;
    expect(posted).toMatchObject({ status: 'posted', unallocatedAmount: '0.00' });
    expect(posted.allocations.map((a: any) => [a.docNo, a.amount])).toEqual([
      [gr1.number, '90.40'],
      [gr2.number, '9.60'],
    ]);
    expect((await api().post(`/api/settlement/supplier-payments/${draft.id}/post`).set(bearer(cfo)).send({}).expect(409)).body.code).toBe('DOCUMENT_POSTED');

    // reports: payables by supplier, due list, paid
    const bal = (await api().get('/api/settlement/balances').query({ partyType: 'supplier', partyId: supA }).set(bearer(finance)).expect(200)).body.items[0];
    expect(bal).toMatchObject({ partyCode: 'SUP-A', balance: '35.60', openDebits: '35.60', overdue: '0.00', dueSoon: '0.00', nextDue: addDays(today, 30) });
    expect((await api().get('/api/settlement/due').query({ partyType: 'supplier' }).set(bearer(finance)).expect(200)).body.total).toBe(0);
    const due = (await api().get('/api/settlement/due').query({ partyType: 'supplier', dueDays: 30 }).set(bearer(finance)).expect(200)).body;
    expect(due.items.map((i: any) => [i.docNo, i.open, i.daysOverdue])).toEqual([[gr2.number, '35.60', -30]]);
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/due', due);
    const paid = (await api().get('/api/settlement/reports/paid').query({ partyType: 'supplier', from: today, to: today }).set(bearer(finance)).expect(200)).body;
    expect(paid.items).toEqual([expect.objectContaining({ partyCode: 'SUP-A', payments: 1, amount: '100.00' })]);
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/reports/paid', paid);
    const ageing = (
      await api()
        .get('/api/settlement/ageing')
        .query({ partyType: 'supplier', basis: 'due', asOf: addDays(today, 40) })
        .set(bearer(finance))
        .expect(200)
    ).body;
    expect(ageing.items[0]).toMatchObject({ partyCode: 'SUP-A', notDue: '0.00', d0to30: '35.60', total: '35.60' });
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/ageing', ageing);
    const byDocument = (await api().get('/api/settlement/ageing').query({ partyType: 'supplier' }).set(bearer(finance)).expect(200)).body;
    expect(byDocument.items[0]).not.toHaveProperty('notDue');
    expect(byDocument.totals).toMatchObject({ d0to30: '35.60', d90plus: '0.00', total: '35.60' });
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/ageing', byDocument);

    // 供应商对账单: draft → sent → disputed → cancelled; again → sent → confirmed
    const st1 = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'supplier', partyId: supA, to: today }).expect(201)).body;
    expect(st1).toMatchObject({ status: 'draft', openingBalance: '0.00', debitTotal: '169.50', creditTotal: '133.90', closingBalance: '35.60' });
    expect(st1.lines).toHaveLength(5);
    await api().post(`/api/settlement/statements/${st1.id}/send`).set(bearer(finance)).expect(200);
    expect((await api().post(`/api/settlement/statements/${st1.id}/dispute`).set(bearer(finance)).send({}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const disputed = (await api().post(`/api/settlement/statements/${st1.id}/dispute`).set(bearer(finance)).send({ reason: '供应商称退货未收到' }).expect(200)).body;
    expect(disputed).toMatchObject({ status: 'disputed', disputeReason: '供应商称退货未收到' });
    expect((await api().post(`/api/settlement/statements/${st1.id}/confirm`).set(bearer(finance)).send({}).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    await api().post(`/api/settlement/statements/${st1.id}/cancel`).set(bearer(finance)).send({ reason: '退货单补寄后重新对账' }).expect(200);
    const st2 = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'supplier', partyId: supA, to: today }).expect(201)).body;
    expect(st2.lines.map((l: any) => l.itemId)).toEqual(st1.lines.map((l: any) => l.itemId));
    await api().post(`/api/settlement/statements/${st2.id}/send`).set(bearer(finance)).expect(200);
    expect((await api().post(`/api/settlement/statements/${st2.id}/confirm`).set(bearer(finance)).send({ note: '供应商 王五 签章' }).expect(200)).body.status).toBe('confirmed');
    const html = await api().get(`/api/settlement/statements/${st2.id}/document`).set(bearer(finance)).expect(200);
    expect(html.text).toContain('供应商对账单');
    expect(html.text).toContain('35.60');
  });

  it('代销: a receipt is not owed; there is nothing to settle without sales; settlement modes are kept apart', async () => {
    const gr = await receive(supC, [{ productId: p.TEA, quantity: '4', unitPrice: '11.30' }]);
    expect((await sql(`SELECT count(*)::int AS n FROM settlement_item WHERE doc_id = $1`, [gr.id]))[0].n).toBe(0);
    const none = await api().post('/api/settlement/supplier-settlements').set(bearer(finance)).send({ supplierId: supC, from: today, to: today }).expect(409);
    expect(none.body.code).toBe('SETTLEMENT_NOTHING_TO_SETTLE');
    const wrong = await api().post('/api/settlement/supplier-settlements').set(bearer(finance)).send({ supplierId: supA, from: today, to: today }).expect(409);
    expect(wrong.body.code).toBe('SETTLEMENT_MODE_MISMATCH');
    const future = await api()
      .post('/api/settlement/supplier-settlements')
      .set(bearer(finance))
      .send({ supplierId: supC, from: today, to: addDays(today, 1) })
      .expect(400);
    expect(future.body.code).toBe('SETTLEMENT_DATE_INVALID');
    const settlements = (await api().get('/api/settlement/supplier-settlements').set(bearer(finance)).expect(200)).body;
    expect(settlements).toMatchObject({ items: [], total: 0 });
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/supplier-settlements', settlements);
    // a concession supplier needs its commission rate
    const noRate = await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'SUP-L', name: '联营', settlementMode: 'concession' }).expect(400);
    expect(noRate.body).toMatchObject({ code: 'CATALOG_INVALID_INPUT', fields: [{ field: 'commissionRate' }] });
    await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'SUP-L', name: '联营', settlementMode: 'concession', commissionRate: '18' }).expect(201);
  });

  it('储值结算: top-ups owed by the store that took them, stored value spent owed to the store; each ledger row settled once; a store sees its own', async () => {
    const post = (path: string, body: object, status = 201) => api().post(path).set(bearer(admin)).send(body).expect(status);
    const s1 = (await post('/api/org-units', { code: 'S001', name: '一号店', kind: 'store' })).body.id;
    const s2 = (await post('/api/org-units', { code: 'S002', name: '二号店', kind: 'store' })).body.id;
    const type = (await post('/api/member-card-types', { code: 'GOLD', name: '金卡', pricing: 'member_price', pointsRate: '1', storedValueAllowed: true })).body;
    await post('/api/member-card-batches', { cardTypeId: type.id, scope: 'chain', prefix: 'G', startNo: 1, quantity: 2, numberWidth: 6, ownerStoreId: s1 });
    await post(`/api/member-center/issue?storeId=${s1}`, { issueId: randomUUID(), cardNo: 'G000001', member: { name: '赵六', mobile: '13500000001' } }, 200);
    // stored value moves only on the signed store channel (/api/transfer/v1/member/stored-value/*): its service, as the store
    const center = hq.app.get(MemberCenterService);
    const asStore = (storeId: string, storeCode: string) => new RequestContext(storeIdentity({ storeId, storeCode } as TransferCaller));
    await center.topUp(asStore(s1, 'S001'), s1, { topUpId: randomUUID(), topUpNo: 'TOPUP-S001-01-20261207-0001', cardNo: 'G000001', amount: '100.00', tenderCode: 'CASH' });
    await center.payWithStoredValue(asStore(s2, 'S002'), s2, { paymentId: randomUUID(), cardNo: 'G000001', amount: '30.00' });
    await api().put(`/api/settlement/store-terms/${s1}`).set(bearer(admin)).send({ markupPercent: '5', paymentTermsDays: 10 }).expect(200);

    const docs = (await api().post('/api/settlement/stored-value-settlements').set(bearer(finance)).send({ to: today }).expect(201)).body;
    expect(docs.map((d: any) => [d.storeId, d.topUpAmount, d.spentAmount, d.netAmount]).sort()).toEqual(
      [
        [s1, '100.00', '0.00', '100.00'],
        [s2, '0.00', '30.00', '-30.00'],
      ].sort(),
    );
    expect((await api().post('/api/settlement/stored-value-settlements').set(bearer(finance)).send({ to: today }).expect(409)).body.code).toBe('SETTLEMENT_NOTHING_TO_SETTLE');
    // the store ledger: S001 owes 100, HQ owes S002 30
    const bal = (await api().get('/api/settlement/balances').query({ partyType: 'store' }).set(bearer(finance)).expect(200)).body;
    expect(bal.items.map((b: any) => [b.partyCode, b.balance])).toEqual([
      ['S001', '100.00'],
      ['S002', '-30.00'],
    ]);
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/balances', bal);
    const svs = (await api().get('/api/settlement/stored-value-settlements').set(bearer(finance)).expect(200)).body;
    expect(svs.totals).toMatchObject({ topUpAmount: '100.00', spentAmount: '30.00', netAmount: '70.00' });
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/stored-value-settlements', svs);
    const terms = (await api().get('/api/settlement/store-terms').set(bearer(finance)).expect(200)).body;
    expect(terms.items.map((t: any) => [t.storeCode, t.markupPercent, t.paymentTermsDays])).toEqual([
      ['S001', '5.00', 10],
      ['S002', '0.00', null],
    ]);
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/store-terms', terms);

    // a monthly statement per store; the store sees and answers its own only
    const st1 = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'store', partyId: s1, to: today }).expect(201)).body;
    const st2 = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'store', partyId: s2, to: today }).expect(201)).body;
    await api().post(`/api/settlement/statements/${st1.id}/send`).set(bearer(finance)).expect(200);
    const s1user = await seedStoreUser(hq.dataSource, { storeCode: 'S001', username: 's001-finance', permissions: ['settlement.read', 'settlement.store.confirm'] });
    const t1 = await hq.login(s1user.username, s1user.password);
    const mine = (await api().get('/api/settlement/statements').set(bearer(t1)).expect(200)).body;
    expect(mine.items.map((s: any) => s.number)).toEqual([st1.number]);
    expectAnswerAsDocumented('hq', 'GET', '/api/settlement/statements', mine);
    expect((await api().get(`/api/settlement/statements/${st2.id}`).set(bearer(t1)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().get('/api/settlement/statements').query({ storeId: s2 }).set(bearer(t1)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/settlement/items').query({ partyType: 'supplier' }).set(bearer(t1)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/settlement/stored-value-settlements').set(bearer(t1)).expect(200)).body.items.map((d: any) => d.storeCode)).toEqual(['S001']);
    expect((await api().get(`/api/settlement/store-terms/${s1}`).set(bearer(t1)).expect(200)).body).toMatchObject({ markupPercent: '5.00', paymentTermsDays: 10 });
    expect((await api().post(`/api/settlement/statements/${st2.id}/confirm`).set(bearer(t1)).send({}).expect(404)).body.code).toBe('NOT_FOUND');
    const confirmed = (await api().post(`/api/settlement/statements/${st1.id}/confirm`).set(bearer(t1)).send({ note: '店长确认' }).expect(200)).body;
    expect(confirmed).toMatchObject({ status: 'confirmed', closingBalance: '100.00' });
    // a store never writes settlement documents, whatever its role says
    const s1admin = await seedStoreUser(hq.dataSource, { storeCode: 'S001', username: 's001-all' });
    const ta = await hq.login(s1admin.username, s1admin.password);
    expect((await api().post('/api/settlement/store-payments').set(bearer(ta)).send({ partyId: s1, amount: '1', method: 'cash' }).expect(403)).body.code).toBe('PERMISSION_DENIED');
  });
});
