import { addDays, dec, localToday, RequestContext, StockService } from '@chain-erp/shared';
import { bearer, binaryParser, bootTestApp, expectAnswerAsDocumented, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { ledgerMismatches } from './inventory-fixtures';

/** Money as the API answers it: decimal text with exactly two decimals. */
const CENTS = /^-?\d+\.\d{2}$/;

/**
 * 批发: order → credit check → two deliveries → receivables → half paid → one line returned, with
 * the statement and the ageing to the cent; advances, over-allocation, concurrent payments, scope.
 */
describe('HQ wholesale and customer receivables', () => {
  let hq: TestApp;
  let admin: string;
  let clerk: string; // 批发业务员
  let approver: string; // wholesale.order.approve
  let boss: string; // + wholesale.order.approve.credit
  let finance: string; // 收款, 核销, 对账
  let hqOrg: string;
  let wh: string;
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
  async function customer(code: string, creditLimit: string, extra: Record<string, unknown> = {}): Promise<string> {
    return (
      await api()
        .post('/api/catalog/customers')
        .set(bearer(admin))
        .send({ code, name: `客户 ${code}`, creditLimit, ...extra })
        .expect(201)
    ).body.id;
  }
  async function order(customerId: string, lines: Array<{ productId: string; quantity: string; unitPrice?: string }>, approveWith = approver) {
    const o = (await api().post('/api/wholesale/orders').set(bearer(clerk)).send({ customerId, warehouseId: wh, lines }).expect(201)).body;
    await api().post(`/api/wholesale/orders/${o.id}/submit`).set(bearer(clerk)).expect(200);
    return (await api().post(`/api/wholesale/orders/${o.id}/approve`).set(bearer(approveWith)).expect(200)).body;
  }
  async function deliverAll(orderId: string) {
    return (await api().post('/api/wholesale/deliveries').set(bearer(clerk)).send({ orderId, post: true }).expect(201)).body;
  }
  async function onHand(productId: string, batchNo?: string): Promise<string> {
    const [r] = batchNo
      ? await sql(`SELECT qty::text FROM stock_batch WHERE warehouse_id = $1 AND product_id = $2 AND batch_no = $3`, [wh, productId, batchNo])
      : await sql(`SELECT qty::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = $2`, [wh, productId]);
    return r ? String(Number(r.qty)) : '0';
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    [{ id: hqOrg }] = await sql(`SELECT id FROM org_unit WHERE kind = 'hq'`);
    [{ id: wh }] = await sql(`INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('WH-HQ', '总部仓库', $1, 1) RETURNING id`, [hqOrg]);
    const product = async (code: string, o: { retail: string; wholesale?: string; tax?: string; batch?: boolean }) => {
      const [row] = await sql(
        `INSERT INTO product (code, name, retail_price, wholesale_price, tax_rate, batch_managed, purchase_price, row_version) VALUES ($1, $2, $3, $4, $5, $6, 1, 1) RETURNING id`,
        [code, `商品 ${code}`, o.retail, o.wholesale ?? null, o.tax ?? '0', o.batch ?? false],
      );
      p[code] = row.id;
    };
    await product('MILK', { retail: '12', wholesale: '10', tax: '13', batch: true });
    await product('RICE', { retail: '5' });
    await product('SALT', { retail: '2', wholesale: '1.5' });
    // opening stock: milk in two batches (the earlier expiry leaves first), rice and salt plain
    await hq.app.get(StockService).post(RequestContext.system({ id: hqOrg, code: 'HQ', kind: 'hq' }), [
      { warehouseId: wh, productId: p.MILK, quantity: '10', unitCost: '6', batchNo: 'L1', expiryDate: '2027-01-01', docType: 'opening', docId: hqOrg },
      { warehouseId: wh, productId: p.MILK, quantity: '20', unitCost: '7', batchNo: 'L2', expiryDate: '2027-06-01', docType: 'opening', docId: hqOrg },
      { warehouseId: wh, productId: p.RICE, quantity: '300', unitCost: '3', docType: 'opening', docId: hqOrg },
      { warehouseId: wh, productId: p.SALT, quantity: '1000', unitCost: '1', docType: 'opening', docId: hqOrg },
    ]);
    clerk = await user('clerk', ['wholesale.read', 'wholesale.order.write', 'wholesale.delivery.write', 'wholesale.return.write', 'settlement.read']);
    approver = await user('approver', ['wholesale.read', 'wholesale.order.approve']);
    boss = await user('boss', ['wholesale.read', 'wholesale.order.approve', 'wholesale.order.approve.credit']);
    finance = await user('finance', ['settlement.read', 'settlement.receipt.write', 'settlement.allocate', 'settlement.statement.write', 'wholesale.read']);
  });
  afterAll(() => hq.close());

  it('the whole chain: over the credit limit needs the higher approval, two deliveries, half paid, one line returned; statement and ageing to the cent', async () => {
    const cust = await customer('C-001', '1000', { paymentTermsDays: 30, address: '上海市浦东新区 1 号' });
    // 协议价: rice at 4.50 for this customer
    await api().put('/api/wholesale/contract-prices').set(bearer(admin)).send({ customerId: cust, productId: p.RICE, price: '4.50', validFrom: today }).expect(200);
    const quote = (
      await api()
        .get('/api/wholesale/prices')
        .query({ customerId: cust, productIds: `${p.MILK},${p.RICE},${p.SALT}` })
        .set(bearer(clerk))
        .expect(200)
    ).body;
    expect(quote.items.map((i: any) => [i.price, i.source])).toEqual([
      ['10', 'wholesale'],
      ['4.5', 'contract'],
      ['1.5', 'wholesale'],
    ]);

    // another price than the customer's needs wholesale.price.write
    const manual = await api()
      .post('/api/wholesale/orders')
      .set(bearer(clerk))
      .send({ customerId: cust, warehouseId: wh, lines: [{ productId: p.MILK, quantity: '1', unitPrice: '8' }] })
      .expect(403);
    expect(manual.body).toMatchObject({ code: 'WHOLESALE_PRICE_OVERRIDE_FORBIDDEN', fields: [{ field: 'lines.0.unitPrice' }] });

    const draft = (
      await api()
        .post('/api/wholesale/orders')
        .set(bearer(clerk))
        .send({
          customerId: cust,
          warehouseId: wh,
          lines: [
            { productId: p.MILK, quantity: '25' },
            { productId: p.RICE, quantity: '200' },
          ],
        })
        .expect(201)
    ).body;
    expect(draft).toMatchObject({ status: 'draft', totalQty: '225', totalAmount: '1150.00' });
    expect(draft.number).toMatch(/^WSO-HQ-\d{8}-\d{4}$/);
    expect(draft.lines.map((l: any) => [l.unitPrice, l.priceSource, l.amount, l.taxAmount])).toEqual([
      ['10', 'wholesale', '250.00', '28.76'],
      ['4.5', 'contract', '900.00', '0.00'],
    ]);
    await api().post(`/api/wholesale/orders/${draft.id}/submit`).set(bearer(clerk)).expect(200);

    // 信用检查: 0 owed + 1150 > 1000 → the ordinary approver is refused, nothing changes
    const refused = await api().post(`/api/wholesale/orders/${draft.id}/approve`).set(bearer(approver)).expect(409);
    expect(refused.body.code).toBe('WHOLESALE_CREDIT_LIMIT_EXCEEDED');
    expect(refused.body.details).toMatchObject({
      creditLimit: '1000.00',
      creditBalance: '0.00',
      creditOpenOrders: '0.00',
      orderAmount: '1150.00',
      creditExposure: '1150.00',
      excess: '150.00',
      permission: ['wholesale.order.approve.credit'],
    });
    expect((await api().get(`/api/wholesale/orders/${draft.id}`).set(bearer(clerk)).expect(200)).body.status).toBe('submitted');
    // the higher approval goes through, and stays on the order and in its audit trail
    const approved = (await api().post(`/api/wholesale/orders/${draft.id}/approve`).set(bearer(boss)).expect(200)).body;
    expect(approved).toMatchObject({ status: 'approved', creditExceeded: true, creditExposure: '1150.00', creditLimit: '1000.00' });
    const [bossId] = await sql(`SELECT id FROM app_user WHERE username = 'boss'`);
    expect(approved.creditApprovedBy).toBe(bossId.id);

    // over-delivery is refused and writes nothing
    const before = (await sql(`SELECT count(*)::int AS n FROM wholesale_delivery`))[0].n;
    const over = await api()
      .post('/api/wholesale/deliveries')
      .set(bearer(clerk))
      .send({ orderId: draft.id, lines: [{ orderLineId: draft.lines[0].id, quantity: '26' }] })
      .expect(409);
    expect(over.body).toMatchObject({ code: 'WHOLESALE_OVER_DELIVERY', fields: [{ field: 'lines.0.quantity' }] });
    expect((await sql(`SELECT count(*)::int AS n FROM wholesale_delivery`))[0].n).toBe(before);

    // 批发出库 #1 (partial): milk first-expiry-first-out, cost recorded, receivable booked, due in 30 days
    const d1draft = (
      await api()
        .post('/api/wholesale/deliveries')
        .set(bearer(clerk))
        .send({
          orderId: draft.id,
          lines: [
            { orderLineId: draft.lines[0].id, quantity: '12' },
            { orderLineId: draft.lines[1].id, quantity: '100' },
          ],
        })
        .expect(201)
    ).body;
    expect(await onHand(p.MILK)).toBe('30'); // a draft moves nothing
    const d1 = (await api().post(`/api/wholesale/deliveries/${d1draft.id}/post`).set(bearer(clerk)).send({ idempotencyKey: 'deliver-0001' }).expect(200)).body;
    expect(d1).toMatchObject({ status: 'posted', totalAmount: '570.00', dueDate: addDays(today, 30), receivable: { amount: '570.00', open: '570.00' } });
    expect(d1.lines[0].batches).toEqual([
      { batchNo: 'L1', expiryDate: '2027-01-01', quantity: '10' },
      { batchNo: 'L2', expiryDate: '2027-06-01', quantity: '2' },
    ]);
    // cost: the moving average of the warehouse (10 × 6 + 20 × 7) / 30, as StockService takes goods out
    expect([d1.lines[0].unitCost, d1.lines[0].costAmount, d1.lines[1].costAmount, d1.totalCost]).toEqual(['6.666667', '80.000004', '300', '380.000004']);
    // a line's money comes out of the query with two decimals ("12.50"), never "12.5" or a number
    expect(d1.lines.map((l: any) => [l.amount, l.taxAmount])).toEqual(d1.lines.map(() => [expect.stringMatching(CENTS), expect.stringMatching(CENTS)]));
    expect([await onHand(p.MILK, 'L1'), await onHand(p.MILK, 'L2'), await onHand(p.RICE)]).toEqual(['0', '18', '200']);
    // a retry of the post with the same key answers the posted delivery
    expect((await api().post(`/api/wholesale/deliveries/${d1draft.id}/post`).set(bearer(clerk)).send({ idempotencyKey: 'deliver-0001' }).expect(200)).body.status).toBe('posted');
    expect((await api().get(`/api/wholesale/orders/${draft.id}`).set(bearer(clerk))).body.status).toBe('partially_delivered');

    // 批发出库 #2: the rest, by default
    const d2 = await deliverAll(draft.id);
    expect(d2).toMatchObject({ status: 'posted', totalAmount: '580.00', totalQty: '113' });
    expect((await api().get(`/api/wholesale/orders/${draft.id}`).set(bearer(clerk))).body.status).toBe('delivered');
    expect((await api().post('/api/wholesale/deliveries').set(bearer(clerk)).send({ orderId: draft.id }).expect(409)).body.code).toBe('WHOLESALE_ORDER_NOT_DELIVERABLE');

    // 收款 half of it: oldest due first — all of delivery 1, 5.00 of delivery 2
    const paid = (
      await api()
        .post('/api/settlement/customer-receipts')
        .set(bearer(finance))
        .send({ partyId: cust, amount: '575.00', method: 'bank', reference: 'BK-778', autoAllocate: true })
        .expect(201)
    ).body;
    expect(paid).toMatchObject({ status: 'posted', unallocatedAmount: '0.00' });
    expect(paid.number).toMatch(/^RCV-HQ-\d{8}-\d{4}$/);
    expect(paid.allocations.map((a: any) => [a.docNo, a.amount])).toEqual([
      [d1.number, '570.00'],
      [d2.number, '5.00'],
    ]);

    // 批发退货: the milk of delivery 2 comes back into its batch at the cost it left with; the credit goes against delivery 2
    const milk2 = d2.lines.find((l: any) => l.productId === p.MILK);
    const ret = (
      await api()
        .post('/api/wholesale/returns')
        .set(bearer(clerk))
        .send({ deliveryId: d2.id, lines: [{ deliveryLineId: milk2.id, quantity: '13' }], reason: '包装破损', post: true })
        .expect(201)
    ).body;
    expect(ret).toMatchObject({ status: 'posted', totalAmount: '130.00', credit: { amount: '-130.00', unapplied: '0.00' } });
    expect(ret.lines[0]).toMatchObject({ unitCost: milk2.unitCost, costAmount: dec(milk2.unitCost).times(13).toString(), batches: [{ batchNo: 'L2', quantity: '13' }] });
    expect(ret.lines.map((l: any) => [l.amount, l.taxAmount])).toEqual(ret.lines.map(() => [expect.stringMatching(CENTS), expect.stringMatching(CENTS)]));
    expect(await onHand(p.MILK, 'L2')).toBe('18');
    // more than was delivered and not yet returned: refused, nothing written
    const tooMany = await api()
      .post('/api/wholesale/returns')
      .set(bearer(clerk))
      .send({ deliveryId: d2.id, lines: [{ deliveryLineId: milk2.id, quantity: '1' }], reason: '再退' })
      .expect(409);
    expect(tooMany.body).toMatchObject({ code: 'WHOLESALE_RETURN_EXCEEDS_DELIVERY', fields: [{ field: 'lines.0.quantity' }] });
    expect((await sql(`SELECT count(*)::int AS n FROM wholesale_return`))[0].n).toBe(1);

    // 对账单 of the period: 1150 delivered − 575 paid − 130 returned = 445.00
    const st = (await api().get('/api/settlement/statements/preview').query({ partyType: 'customer', partyId: cust, from: today, to: today }).set(bearer(finance)).expect(200))
      .body;
    expect(st).toMatchObject({ openingBalance: '0.00', debitTotal: '1150.00', creditTotal: '705.00', closingBalance: '445.00' });
    expect(st.lines.map((l: any) => [l.docNo, l.debit, l.credit, l.balance])).toEqual([
      [d1.number, '570.00', '0.00', '570.00'],
      [d2.number, '580.00', '0.00', '1150.00'],
      [paid.number, '0.00', '575.00', '575.00'],
      [ret.number, '0.00', '130.00', '445.00'],
    ]);
    // 账龄: the same 445.00, all of it on delivery 2; 45 days on it is in 31–60; by due date it is not yet due
    const ageing = (q: Record<string, string>) =>
      api()
        .get('/api/settlement/ageing')
        .query({ partyType: 'customer', partyId: cust, ...q })
        .set(bearer(finance))
        .expect(200);
    expect((await ageing({})).body.items).toEqual([
      expect.objectContaining({ partyCode: 'C-001', d0to30: '445.00', d31to60: '0.00', d61to90: '0.00', d90plus: '0.00', unapplied: '0.00', total: '445.00' }),
    ]);
    expect((await ageing({ asOf: addDays(today, 45) })).body.items[0]).toMatchObject({ d0to30: '0.00', d31to60: '445.00', total: '445.00' });
    expect((await ageing({ basis: 'due' })).body.items[0]).toMatchObject({ notDue: '445.00', d0to30: '0.00', total: '445.00' });
    expect((await ageing({ basis: 'due', asOf: addDays(today, 100) })).body.items[0]).toMatchObject({ notDue: '0.00', d61to90: '445.00' });
    // the open items say the same
    const items = (await api().get('/api/settlement/items').query({ partyType: 'customer', partyId: cust, open: 'true' }).set(bearer(finance)).expect(200)).body;
    expect(items.items.map((i: any) => [i.docNo, i.open])).toEqual([[d2.number, '445.00']]);
    expect(items.totals.open).toBe('445.00');

    // the statement document: frozen lines, sent, confirmed by the customer (recorded by HQ)
    const doc = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'customer', partyId: cust, to: today }).expect(201)).body;
    expect(doc).toMatchObject({ status: 'draft', openingBalance: '0.00', closingBalance: '445.00' });
    expect(doc.lines.map((l: any) => l.docNo)).toEqual([d1.number, d2.number, paid.number, ret.number]);
    expect((await api().post(`/api/settlement/statements/${doc.id}/confirm`).set(bearer(finance)).send({}).expect(409)).body.code).toBe('ILLEGAL_TRANSITION');
    await api().post(`/api/settlement/statements/${doc.id}/send`).set(bearer(finance)).expect(200);
    const confirmed = (await api().post(`/api/settlement/statements/${doc.id}/confirm`).set(bearer(finance)).send({ note: '客户财务 李四 邮件确认' }).expect(200)).body;
    expect(confirmed).toMatchObject({ status: 'confirmed', confirmNote: '客户财务 李四 邮件确认' });
    // everything is stated now: the next statement has nothing new but a balance to confirm
    const next = (await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'customer', partyId: cust, to: today }).expect(409)).body;
    expect(next.code).toBe('SETTLEMENT_STATEMENT_OVERLAP');
    const trail = (await api().get(`/api/settlement/statements/${doc.id}/audit`).set(bearer(finance)).expect(200)).body;
    expect(trail.map((t: any) => [t.action, t.username])).toEqual([
      ['create', 'finance'],
      ['send', 'finance'],
      ['confirm', 'finance'],
    ]);

    // the order's trail names the approval beyond the limit
    const orderTrail = (await api().get(`/api/wholesale/orders/${draft.id}/audit`).set(bearer(clerk)).expect(200)).body;
    expect(orderTrail.map((t: any) => [t.action, t.username])).toEqual([
      ['create', 'clerk'],
      ['submit', 'clerk'],
      ['approve_over_credit', 'boss'],
      ['deliver', 'clerk'],
      ['deliver', 'clerk'],
    ]);

    // printable delivery note and order; Excel exports of the lists
    const note = await api().get(`/api/wholesale/deliveries/${d1.id}/document`).set(bearer(clerk)).expect(200);
    expect(note.headers['content-type']).toMatch(/text\/html/);
    expect(note.text).toContain('送货单');
    expect(note.text).toContain(d1.number);
    expect(note.text).toContain('上海市浦东新区 1 号');
    expect((await api().get(`/api/wholesale/orders/${draft.id}/document?format=html`).set(bearer(clerk)).expect(200)).text).toContain('批发订单');
    for (const path of ['/api/wholesale/orders', '/api/wholesale/deliveries', '/api/wholesale/returns', '/api/settlement/customer-receipts']) {
      const x = await api()
        .get(path)
        .query({ format: 'xlsx' })
        .set(bearer(finance))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      expect(x.headers['content-type']).toMatch(/spreadsheetml/);
      expect((x.body as Buffer).subarray(0, 2).toString()).toBe('PK');
      // the JSON rows are the row class the document shows (and the 合计 row its totals class)
      const page = (await api().get(path).set(bearer(finance)).expect(200)).body as { items: unknown[]; totals?: unknown };
      expect(page.items.length).toBeGreaterThan(0);
      expectAnswerAsDocumented('hq', 'GET', path, page);
    }
    const prices = (await api().get('/api/wholesale/contract-prices').set(bearer(finance)).expect(200)).body;
    expect(prices.items).toEqual([expect.objectContaining({ customerId: cust, productId: p.RICE, price: '4.5', validFrom: today, validTo: null })]);
    expectAnswerAsDocumented('hq', 'GET', '/api/wholesale/contract-prices', prices);
    expect(await ledgerMismatches(hq.dataSource)).toEqual([]);
  });

  it('an advance payment is kept as credit and allocated later; allocations never exceed an item or the credit', async () => {
    const cust = await customer('C-002', '0');
    // 预收: nothing owed yet, the whole receipt stays the customer's credit
    const advance = (await api().post('/api/settlement/customer-receipts').set(bearer(finance)).send({ partyId: cust, amount: '300', method: 'cash' }).expect(201)).body;
    expect(advance).toMatchObject({ unallocatedAmount: '300.00', allocations: [] });
    // no credit at all (limit 0), but the advance covers the order: the ordinary approver approves
    const o = await order(cust, [{ productId: p.SALT, quantity: '100' }]);
    expect(o).toMatchObject({ status: 'approved', creditExceeded: false, creditBalance: '-300.00', creditExposure: '-150.00' });
    const d = await deliverAll(o.id);
    expect(d.receivable).toMatchObject({ amount: '150.00', open: '150.00' });
    const tooMuch = await api()
      .post('/api/settlement/allocations')
      .set(bearer(finance))
      .send({ creditItemId: advance.itemId, allocations: [{ itemId: d.receivable.itemId, amount: '150.01' }] })
      .expect(409);
    expect(tooMuch.body).toMatchObject({ code: 'SETTLEMENT_ITEM_OVER_ALLOCATED', fields: [{ field: 'allocations.0.amount' }] });
    await api()
      .post('/api/settlement/allocations')
      .set(bearer(finance))
      .send({ creditItemId: advance.itemId, allocations: [{ itemId: d.receivable.itemId, amount: '150' }] })
      .expect(201);
    expect((await api().get(`/api/settlement/customer-receipts/${advance.id}`).set(bearer(finance))).body.unallocatedAmount).toBe('150.00');
    expect((await api().get(`/api/wholesale/deliveries/${d.id}`).set(bearer(clerk))).body.receivable.open).toBe('0.00');
    // a payment bigger than its allocations is fine; allocations bigger than the payment are not
    const o2 = await order(cust, [{ productId: p.SALT, quantity: '200' }], boss); // beyond what the advance covers
    const d2 = await deliverAll(o2.id);
    const overPay = await api()
      .post('/api/settlement/customer-receipts')
      .set(bearer(finance))
      .send({ partyId: cust, amount: '100', method: 'bank', allocations: [{ itemId: d2.receivable.itemId, amount: '150' }] })
      .expect(409);
    expect(overPay.body.code).toBe('SETTLEMENT_OVER_ALLOCATION');
    expect((await sql(`SELECT count(*)::int AS n FROM settlement_payment WHERE party_id = $1`, [cust]))[0].n).toBe(1);
    // the rest of the advance pays part of the new delivery (自动核销 of the customer)
    const auto = (await api().post('/api/settlement/allocations/auto').set(bearer(finance)).send({ partyType: 'customer', partyId: cust }).expect(201)).body;
    expect(auto.map((a: any) => a.amount)).toEqual(['150.00']);
    expect((await api().get('/api/settlement/balances').query({ partyType: 'customer', partyId: cust }).set(bearer(finance))).body.items[0]).toMatchObject({
      balance: '150.00',
      openDebits: '150.00',
      unapplied: '0.00',
    });
  });

  it('two payments allocated to the same receivable at the same moment never over-allocate it', async () => {
    const cust = await customer('C-003', '10000');
    const o = await order(cust, [{ productId: p.SALT, quantity: '100' }]); // 150.00
    const d = await deliverAll(o.id);
    const pay = () =>
      api()
        .post('/api/settlement/customer-receipts')
        .set(bearer(finance))
        .send({ partyId: cust, amount: '100', method: 'bank', allocations: [{ itemId: d.receivable.itemId, amount: '100' }] });
    const answers = await Promise.all([pay(), pay(), pay()]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body.code).toBe('SETTLEMENT_ITEM_OVER_ALLOCATED');
    const [item] = await sql(`SELECT amount::text, allocated::text FROM settlement_item WHERE id = $1`, [d.receivable.itemId]);
    expect(item).toEqual({ amount: '150.00', allocated: '100.00' });
    expect((await sql(`SELECT count(*)::int AS n FROM settlement_payment WHERE party_id = $1`, [cust]))[0].n).toBe(1);

    // 冲销 the payment: its allocation is taken back, the delivery is open again, the balance as before
    const paid = answers.find((a) => a.status === 201)!.body;
    const rev = (await api().post(`/api/settlement/customer-receipts/${paid.id}/reverse`).set(bearer(finance)).send({ reason: '银行退票' }).expect(201)).body;
    expect(rev).toMatchObject({ status: 'posted', reversesId: paid.id, amount: '100.00' });
    expect((await sql(`SELECT allocated::text FROM settlement_item WHERE id = $1`, [d.receivable.itemId]))[0].allocated).toBe('0.00');
    expect((await api().post(`/api/settlement/customer-receipts/${paid.id}/reverse`).set(bearer(finance)).send({ reason: '再次' }).expect(409)).body.code).toBe(
      'SETTLEMENT_ALREADY_REVERSED',
    );
    expect((await api().get('/api/settlement/balances').query({ partyType: 'customer', partyId: cust }).set(bearer(finance))).body.items[0].balance).toBe('150.00');
    // the ledger is never edited
    await expect(sql(`UPDATE settlement_item SET amount = 1 WHERE id = $1`, [d.receivable.itemId])).rejects.toThrow(/never edited/);
    await expect(sql(`DELETE FROM settlement_allocation`)).rejects.toThrow(/append-only/);
  });

  it('出库信用复核: a delivery is refused when the customer owes more than was approved since the approval; a credit approver posts it, recorded', async () => {
    const cust = await customer('C-HOLD', '1000');
    const a = await order(cust, [{ productId: p.SALT, quantity: '400' }]); // 600.00
    await order(cust, [{ productId: p.SALT, quantity: '200' }]); // 300.00: exposure 900 within 1000
    const deliveriesBefore = (await sql(`SELECT count(*)::int AS n FROM wholesale_delivery`))[0].n;
    const saltBefore = await onHand(p.SALT);
    // the limit is lowered after the approvals (a customer gone slow on paying)
    const c = (await api().get(`/api/catalog/customers/${cust}`).set(bearer(admin)).expect(200)).body;
    await api().patch(`/api/catalog/customers/${cust}`).set(bearer(admin)).send({ creditLimit: '500', expectedVersion: c.rowVersion }).expect(200);

    const held = await api().post('/api/wholesale/deliveries').set(bearer(clerk)).send({ orderId: a.id, post: true }).expect(409);
    expect(held.body.code).toBe('WHOLESALE_CREDIT_LIMIT_EXCEEDED');
    expect(held.body.details).toMatchObject({
      creditLimit: '500.00',
      creditAccepted: '500.00',
      creditBalance: '0.00',
      creditOpenOrders: '300.00',
      creditExposure: '900.00',
      excess: '400.00',
      permission: ['wholesale.order.approve.credit'],
    });
    // nothing moved: no delivery, no stock, no receivable
    expect((await sql(`SELECT count(*)::int AS n FROM wholesale_delivery`))[0].n).toBe(deliveriesBefore);
    expect(await onHand(p.SALT)).toBe(saltBefore);
    // a drafted delivery is refused the same way when posted
    const draft = (await api().post('/api/wholesale/deliveries').set(bearer(clerk)).send({ orderId: a.id }).expect(201)).body;
    expect((await api().post(`/api/wholesale/deliveries/${draft.id}/post`).set(bearer(clerk)).send({}).expect(409)).body.code).toBe('WHOLESALE_CREDIT_LIMIT_EXCEEDED');

    // a user who may approve beyond the credit limit posts it; the audit trail says so
    const creditClerk = await user('credit-clerk', ['wholesale.read', 'wholesale.delivery.write', 'wholesale.order.approve.credit']);
    const posted = (await api().post(`/api/wholesale/deliveries/${draft.id}/post`).set(bearer(creditClerk)).send({}).expect(200)).body;
    expect(posted).toMatchObject({ status: 'posted', totalAmount: '600.00' });
    const trail = (await api().get(`/api/wholesale/deliveries/${draft.id}/audit`).set(bearer(clerk)).expect(200)).body;
    expect(trail.map((t: any) => t.action)).toEqual(['create', 'post_over_credit']);
    expect(trail[1].reason).toContain('出库超信用额度');
  });

  it('an order approved beyond the credit limit is delivered within what its approver accepted, without a second approval', async () => {
    const cust = await customer('C-OVER', '100');
    const draft = (
      await api()
        .post('/api/wholesale/orders')
        .set(bearer(clerk))
        .send({ customerId: cust, warehouseId: wh, lines: [{ productId: p.SALT, quantity: '100' }] })
        .expect(201)
    ).body;
    await api().post(`/api/wholesale/orders/${draft.id}/submit`).set(bearer(clerk)).expect(200);
    const approved = (await api().post(`/api/wholesale/orders/${draft.id}/approve`).set(bearer(boss)).expect(200)).body;
    expect(approved).toMatchObject({ creditExceeded: true, creditExposure: '150.00' });
    const half = (
      await api()
        .post('/api/wholesale/deliveries')
        .set(bearer(clerk))
        .send({ orderId: draft.id, lines: [{ orderLineId: draft.lines[0].id, quantity: '50' }], post: true })
        .expect(201)
    ).body;
    expect(half).toMatchObject({ status: 'posted', totalAmount: '75.00' });
    expect((await deliverAll(draft.id)).status).toBe('posted');
  });

  it('a period with nothing in it: an empty preview, no statement; a store user sees none of HQ’s customers', async () => {
    const cust = await customer('C-004', '100');
    const empty = (
      await api().get('/api/settlement/statements/preview').query({ partyType: 'customer', partyId: cust, from: '2026-01-01', to: today }).set(bearer(finance)).expect(200)
    ).body;
    expect(empty).toMatchObject({ openingBalance: '0.00', closingBalance: '0.00', lines: [] });
    const none = await api().post('/api/settlement/statements').set(bearer(finance)).send({ partyType: 'customer', partyId: cust, to: today }).expect(409);
    expect(none.body.code).toBe('SETTLEMENT_STATEMENT_EMPTY');
    expect(
      (await api().get('/api/settlement/statements/preview').query({ partyType: 'customer', partyId: cust, from: today, to: '2026-01-01' }).set(bearer(finance)).expect(400)).body
        .code,
    ).toBe('SETTLEMENT_PERIOD_INVALID');
    // an order of this customer, and a store user with every permission
    const o = (
      await api()
        .post('/api/wholesale/orders')
        .set(bearer(clerk))
        .send({ customerId: cust, warehouseId: wh, lines: [{ productId: p.SALT, quantity: '1' }] })
        .expect(201)
    ).body;
    const s = await seedStoreUser(hq.dataSource, { storeCode: 'S009', username: 's009-boss' });
    const t = await hq.login(s.username, s.password);
    // wholesale is HQ-level: a store user never holds it, whatever its role lists
    expect((await api().get(`/api/wholesale/orders/${o.id}`).set(bearer(t)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    expect((await api().get('/api/wholesale/orders').set(bearer(t)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    expect((await api().get('/api/settlement/items').query({ partyType: 'customer' }).set(bearer(t)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/settlement/ageing').query({ partyType: 'customer' }).set(bearer(t)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/settlement/customer-receipts').set(bearer(t)).expect(200)).body.total).toBe(0);
    expect(
      (await api().get('/api/settlement/statements/preview').query({ partyType: 'customer', partyId: cust, from: today, to: today }).set(bearer(t)).expect(404)).body.code,
    ).toBe('NOT_FOUND');
    // and writes nothing there
    expect((await api().post('/api/settlement/customer-receipts').set(bearer(t)).send({ partyId: cust, amount: '1', method: 'cash' }).expect(403)).body.code).toBe(
      'PERMISSION_DENIED',
    );
  });
});
