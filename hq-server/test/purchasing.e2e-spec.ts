import { bearer, bootTestApp, seedStoreUser, type TestApp, binaryParser } from '@chain-erp/shared/testing';
import { localToday, addDays } from '@chain-erp/shared';
import * as ExcelJS from 'exceljs';
import { HQ_SERVER } from '../src/server';

/**
 * 采购订单 → 验收入库 → 商品仓库, through the API as HQ purchasing staff do it, with stock and
 * moving-average cost checked after each step, and the rules that keep the numbers right.
 */
describe('HQ purchasing', () => {
  let hq: TestApp;
  let admin: string;
  let buyer: string; // 采购员: writes orders and receipts
  let approver: string; // purchase.order.approve
  let boss: string; // purchase.order.approve.high
  let hqOrgId: string;
  let wh: string;
  let supA: string;
  let supB: string;
  const p: Record<string, string> = {};
  const api = () => hq.http();
  const today = localToday();

  async function sql<T = any>(q: string, params: unknown[] = []): Promise<T[]> {
    return hq.dataSource.query(q, params);
  }
  async function stock(productId: string) {
    const [row] = await sql(`SELECT qty::text, avg_cost::text, value::text FROM stock_balance WHERE warehouse_id = $1 AND product_id = $2`, [wh, productId]);
    return row ? { qty: Number(row.qty).toString(), avgCost: Number(row.avg_cost).toString(), value: Number(row.value).toString() } : { qty: '0', avgCost: '0', value: '0' };
  }
  async function ledgerSumMatches(productId: string) {
    const [b] = await sql(
      `SELECT (SELECT coalesce(sum(delta),0) FROM stock_ledger WHERE warehouse_id=$1 AND product_id=$2) = (SELECT coalesce(qty,0) FROM stock_balance WHERE warehouse_id=$1 AND product_id=$2) AS ok`,
      [wh, productId],
    );
    return b.ok;
  }
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
  async function product(code: string, o: { price?: string; tax?: string; batch?: boolean; supplier?: string | null } = {}) {
    const [row] = await sql(
      `INSERT INTO product (code, name, purchase_price, retail_price, tax_rate, batch_managed, default_supplier_id, row_version) VALUES ($1, $2, $3, 0, $4, $5, $6, 1) RETURNING id`,
      [code, `商品 ${code}`, o.price ?? '10', o.tax ?? '0', o.batch ?? false, o.supplier === undefined ? supA : o.supplier],
    );
    p[code] = row.id;
    return row.id as string;
  }
  async function approvedOrder(lines: Array<{ productId: string; quantity: string; unitPrice?: string; taxRate?: string }>, supplierId = supA) {
    const po = (await api().post('/api/purchase-orders').set(bearer(buyer)).send({ supplierId, warehouseId: wh, lines }).expect(201)).body;
    await api().post(`/api/purchase-orders/${po.id}/submit`).set(bearer(buyer)).expect(200);
    const done = (await api().post(`/api/purchase-orders/${po.id}/approve`).set(bearer(approver)).expect(200)).body;
    expect(done.status).toBe('approved');
    return done;
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    hqOrgId = (await api().get('/api/auth/me').set(bearer(admin))).body.orgUnit.id;
    [{ id: wh }] = await sql(`INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('WH-HQ', '总部仓库', $1, 1) RETURNING id`, [hqOrgId]);
    [{ id: supA }] = await sql(`INSERT INTO supplier (code, name, row_version) VALUES ('SUP-A', '甲供应商', 1) RETURNING id`);
    [{ id: supB }] = await sql(`INSERT INTO supplier (code, name, row_version) VALUES ('SUP-B', '乙供应商', 1) RETURNING id`);
    buyer = await user('buyer', ['purchase.read', 'purchase.order.write', 'purchase.receipt.write', 'purchase.return.write']);
    approver = await user('approver', ['purchase.read', 'purchase.order.approve']);
    boss = await user('boss', ['purchase.read', 'purchase.order.approve', 'purchase.order.approve.high']);
    await product('COLA', { price: '2.26', tax: '13' });
    await product('RICE', { price: '50' });
    await product('MILK', { price: '6', batch: true });
    await product('SOAP', { price: '3', supplier: supB });
    await product('SALT', { price: '1.5', supplier: null });
  });
  afterAll(() => hq.close());

  it('the seed flow: order → approve → partial receipt → second receipt → closed, with stock and cost after each step', async () => {
    // 采购订单: price defaults to the product's purchase price; amounts exact
    const po = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(buyer))
        .send({
          supplierId: supA,
          warehouseId: wh,
          expectedDate: addDays(today, 3),
          lines: [
            { productId: p.COLA, quantity: '100' },
            { productId: p.RICE, quantity: '10', unitPrice: '48.50' },
          ],
        })
        .expect(201)
    ).body;
    expect(po).toMatchObject({ status: 'draft', totalQty: '110', totalAmount: '711', totalTax: '26' });
    expect(po.number).toMatch(/^PO-HQ-\d{8}-\d{4}$/);
    expect(po.lines.map((l: any) => [l.productCode, l.unitPrice, l.amount, l.taxAmount])).toEqual([
      ['COLA', '2.26', '226', '26'],
      ['RICE', '48.5', '485', '0'],
    ]);

    // a draft cannot be received
    const early = await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id }).expect(409);
    expect(early.body.code).toBe('PURCHASE_ORDER_NOT_RECEIVABLE');

    await api().post(`/api/purchase-orders/${po.id}/submit`).set(bearer(buyer)).expect(200);
    const approved = (await api().post(`/api/purchase-orders/${po.id}/approve`).set(bearer(approver)).expect(200)).body;
    expect(approved).toMatchObject({ status: 'approved', requiredApprovals: 1 });

    // 验收入库 #1: prefilled with outstanding quantities; actually 60 colas and 10 rice arrive
    const draft = (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id, deliveryNoteNo: 'DN-001' }).expect(201)).body;
    expect(draft.lines.map((l: any) => [l.productCode, l.quantity, l.orderedQty])).toEqual([
      ['COLA', '100', '100'],
      ['RICE', '10', '10'],
    ]);
    await api()
      .put(`/api/goods-receipts/${draft.id}`)
      .set(bearer(buyer))
      .send({
        orderId: po.id,
        deliveryNoteNo: 'DN-001',
        lines: [
          { productId: p.COLA, quantity: '60' },
          { productId: p.RICE, quantity: '10' },
        ],
      })
      .expect(200);
    expect(await stock(p.COLA)).toEqual({ qty: '0', avgCost: '0', value: '0' }); // a draft moves nothing
    const gr1 = (await api().post(`/api/goods-receipts/${draft.id}/post`).set(bearer(buyer)).send({}).expect(200)).body;
    expect(gr1).toMatchObject({ status: 'posted', totalQty: '70', totalAmount: '620.6' });
    // stock in at the net (tax-exclusive) cost: 2.26 / 1.13 = 2
    expect(await stock(p.COLA)).toEqual({ qty: '60', avgCost: '2', value: '120' });
    expect(await stock(p.RICE)).toEqual({ qty: '10', avgCost: '48.5', value: '485' });
    let order = (await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer)).expect(200)).body;
    expect(order.status).toBe('partially_received');
    expect(order.lines.map((l: any) => [l.receivedQty, l.outstandingQty])).toEqual([
      ['60', '40'],
      ['10', '0'],
    ]);

    // 验收入库 #2: the rest of the cola, at a different agreed price → moving average
    const gr2 = (
      await api()
        .post('/api/goods-receipts')
        .set(bearer(buyer))
        .send({ orderId: po.id, deliveryNoteNo: 'DN-002', post: true, lines: [{ productId: p.COLA, quantity: '40', unitPrice: '2.486' }] })
        .expect(201)
    ).body;
    expect(gr2.status).toBe('posted');
    // 40 × 2.486/1.13 = 40 × 2.2 = 88; (120 + 88) / 100 = 2.08
    expect(await stock(p.COLA)).toEqual({ qty: '100', avgCost: '2.08', value: '208' });
    order = (await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer)).expect(200)).body;
    expect(order.status).toBe('received');
    // nothing outstanding any more
    const nothing = await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id });
    expect([nothing.status, nothing.body.code]).toEqual([409, 'PURCHASE_NOTHING_OUTSTANDING']);

    const closed = (await api().post(`/api/purchase-orders/${po.id}/close`).set(bearer(buyer)).send({}).expect(200)).body;
    expect(closed.status).toBe('closed');
    expect(
      (
        await api()
          .post('/api/goods-receipts')
          .set(bearer(buyer))
          .send({ orderId: po.id, lines: [{ productId: p.COLA, quantity: '1' }] })
          .expect(409)
      ).body.code,
    ).toBe('PURCHASE_ORDER_NOT_RECEIVABLE');

    // the ledger carries the receipts, and balances equal the ledger sums
    const ledger = await sql(`SELECT doc_no, delta::text FROM stock_ledger WHERE product_id = $1 ORDER BY seq`, [p.COLA]);
    expect(ledger.map((l: any) => [l.doc_no, Number(l.delta)])).toEqual([
      [gr1.number, 60],
      [gr2.number, 40],
    ]);
    expect(await ledgerSumMatches(p.COLA)).toBe(true);

    // every transition in the audit trail, with who did it
    const trail = (await api().get(`/api/purchase-orders/${po.id}/audit`).set(bearer(buyer)).expect(200)).body;
    expect(trail.map((t: any) => [t.action, t.username])).toEqual([
      ['create', 'buyer'],
      ['submit', 'buyer'],
      ['approve', 'approver'],
      ['receive', 'buyer'],
      ['receive', 'buyer'],
      ['close', 'buyer'],
    ]);
  });

  it('approval levels: above the threshold a second, different approver with approve.high; never one’s own order', async () => {
    await api()
      .put('/api/purchasing/settings')
      .set(bearer(admin))
      .send({ approvalThresholds: ['10000'], overReceiptTolerancePercent: '0' })
      .expect(200);
    const big = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(buyer))
        .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.RICE, quantity: '201', unitPrice: '50' }] })
        .expect(201)
    ).body;
    expect(big.totalAmount).toBe('10050');
    await api().post(`/api/purchase-orders/${big.id}/submit`).set(bearer(buyer)).expect(200);
    // the author cannot approve (admin writes its own order to prove it with all permissions)
    const own = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(admin))
        .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.RICE, quantity: '1' }] })
        .expect(201)
    ).body;
    await api().post(`/api/purchase-orders/${own.id}/submit`).set(bearer(admin)).expect(200);
    expect((await api().post(`/api/purchase-orders/${own.id}/approve`).set(bearer(admin)).expect(403)).body.code).toBe('PURCHASE_SELF_APPROVAL');
    // a buyer without approval permission
    expect((await api().post(`/api/purchase-orders/${big.id}/approve`).set(bearer(buyer)).expect(403)).body.code).toBe('PERMISSION_DENIED');

    const first = (await api().post(`/api/purchase-orders/${big.id}/approve`).set(bearer(approver)).expect(200)).body;
    expect(first).toMatchObject({ status: 'submitted', requiredApprovals: 2 });
    // the same approver twice does not make two levels
    expect((await api().post(`/api/purchase-orders/${big.id}/approve`).set(bearer(approver)).expect(409)).body.code).toBe('PURCHASE_APPROVER_ALREADY_APPROVED');
    // the second level needs the higher permission
    const plain = await user('approver2', ['purchase.read', 'purchase.order.approve']);
    expect((await api().post(`/api/purchase-orders/${big.id}/approve`).set(bearer(plain)).expect(403)).body.code).toBe('PURCHASE_APPROVAL_LEVEL_PERMISSION');
    const second = (await api().post(`/api/purchase-orders/${big.id}/approve`).set(bearer(boss)).expect(200)).body;
    expect(second.status).toBe('approved');
    expect(second.approvals.map((a: any) => [a.level, a.username])).toEqual([
      [1, 'approver'],
      [2, 'boss'],
    ]);
    const trail = (await api().get(`/api/purchase-orders/${big.id}/audit`).set(bearer(buyer))).body;
    expect(trail.map((t: any) => t.action)).toEqual(['create', 'submit', 'approve_level_1', 'approve']);

    // below the threshold one approval is enough; a rejected order goes back to draft with its approvals cleared
    const small = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(buyer))
        .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.RICE, quantity: '1' }] })
        .expect(201)
    ).body;
    await api().post(`/api/purchase-orders/${small.id}/submit`).set(bearer(buyer)).expect(200);
    expect((await api().post(`/api/purchase-orders/${small.id}/reject`).set(bearer(approver)).send({}).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api().post(`/api/purchase-orders/${small.id}/reject`).set(bearer(approver)).send({ reason: '数量不对' }).expect(200)).body.status).toBe('draft');
  });

  it('over-receipt: within tolerance allowed, beyond it only with purchase.receipt.over-tolerance; closing short needs a reason', async () => {
    await api()
      .put('/api/purchasing/settings')
      .set(bearer(admin))
      .send({ approvalThresholds: ['10000'], overReceiptTolerancePercent: '5' })
      .expect(200);
    const po = await approvedOrder([{ productId: p.SALT, quantity: '100' }]);
    const over = await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, post: true, lines: [{ productId: p.SALT, quantity: '106' }] })
      .expect(409);
    expect(over.body).toMatchObject({ code: 'PURCHASE_OVER_TOLERANCE', fields: [{ field: 'lines.0.quantity' }] });
    expect(await stock(p.SALT)).toEqual({ qty: '0', avgCost: '0', value: '0' });
    expect((await sql(`SELECT count(*)::int AS n FROM goods_receipt WHERE order_id = $1`, [po.id]))[0].n).toBe(0); // nothing half-applied
    await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, post: true, lines: [{ productId: p.SALT, quantity: '105' }] })
      .expect(201);
    expect((await stock(p.SALT)).qty).toBe('105');
    expect((await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer))).body.status).toBe('received');

    const po2 = await approvedOrder([{ productId: p.SALT, quantity: '10' }]);
    const super1 = await user('receiver-plus', ['purchase.read', 'purchase.receipt.write', 'purchase.receipt.over-tolerance']);
    await api()
      .post('/api/goods-receipts')
      .set(bearer(super1))
      .send({ orderId: po2.id, post: true, lines: [{ productId: p.SALT, quantity: '20' }] })
      .expect(201);
    expect((await stock(p.SALT)).qty).toBe('125');

    const po3 = await approvedOrder([{ productId: p.SALT, quantity: '10' }]);
    await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po3.id, post: true, lines: [{ productId: p.SALT, quantity: '4' }] })
      .expect(201);
    expect((await api().post(`/api/purchase-orders/${po3.id}/close`).set(bearer(buyer)).send({}).expect(400)).body.code).toBe('PURCHASE_REASON_REQUIRED');
    const short = (await api().post(`/api/purchase-orders/${po3.id}/close`).set(bearer(buyer)).send({ reason: '供应商缺货' }).expect(200)).body;
    expect(short).toMatchObject({ status: 'closed', closeReason: '供应商缺货' });
    expect(short.lines[0]).toMatchObject({ receivedQty: '4', outstandingQty: '6' });
  });

  it('batch and expiry are required for batch-managed products; none for others', async () => {
    const po = await approvedOrder([
      { productId: p.MILK, quantity: '20' },
      { productId: p.RICE, quantity: '1' },
    ]);
    const draft = (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id }).expect(201)).body;
    const missing = await api().post(`/api/goods-receipts/${draft.id}/post`).set(bearer(buyer)).send({}).expect(400);
    expect(missing.body.code).toBe('PURCHASE_BATCH_REQUIRED');
    expect(missing.body.fields.map((f: any) => f.field)).toEqual(['lines.0.batchNo', 'lines.0.expiryDate']);
    const wrong = await api()
      .put(`/api/goods-receipts/${draft.id}`)
      .set(bearer(buyer))
      .send({
        orderId: po.id,
        lines: [
          { productId: p.MILK, quantity: '20', batchNo: 'B1', expiryDate: '2099-01-31' },
          { productId: p.RICE, quantity: '1', batchNo: 'X' },
        ],
      })
      .expect(400);
    expect(wrong.body.code).toBe('PURCHASE_BATCH_NOT_MANAGED');
    await api()
      .put(`/api/goods-receipts/${draft.id}`)
      .set(bearer(buyer))
      .send({
        orderId: po.id,
        lines: [
          { productId: p.MILK, quantity: '12', batchNo: 'B1', expiryDate: '2099-01-31' },
          { productId: p.MILK, quantity: '8', batchNo: 'B2', expiryDate: '2099-03-31' },
          { productId: p.RICE, quantity: '1' },
        ],
      })
      .expect(200);
    await api().post(`/api/goods-receipts/${draft.id}/post`).set(bearer(buyer)).send({}).expect(200);
    const batches = await sql(`SELECT batch_no, to_char(expiry_date,'YYYY-MM-DD') AS exp, qty::text FROM stock_batch WHERE product_id = $1 ORDER BY batch_no`, [p.MILK]);
    expect(batches.map((b: any) => [b.batch_no, b.exp, Number(b.qty)])).toEqual([
      ['B1', '2099-01-31', 12],
      ['B2', '2099-03-31', 8],
    ]);
  });

  it('a second receipt with the same supplier delivery note is flagged and needs confirmation', async () => {
    const po = await approvedOrder([{ productId: p.SALT, quantity: '10' }]);
    await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, deliveryNoteNo: 'SAME-1', post: true, lines: [{ productId: p.SALT, quantity: '5' }] })
      .expect(201);
    const dup = await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, deliveryNoteNo: 'same-1', post: true, lines: [{ productId: p.SALT, quantity: '5' }] })
      .expect(409);
    expect(dup.body).toMatchObject({ code: 'PURCHASE_DUPLICATE_DELIVERY_NOTE', details: { receipts: [expect.stringMatching(/^GR-HQ-/)] } });
    const ok = (
      await api()
        .post('/api/goods-receipts')
        .set(bearer(buyer))
        .send({ orderId: po.id, deliveryNoteNo: 'same-1', confirmDuplicateNote: true, post: true, lines: [{ productId: p.SALT, quantity: '5' }] })
        .expect(201)
    ).body;
    expect(ok).toMatchObject({ status: 'posted', duplicateNoteConfirmed: true });
    // another supplier may use the same note number
    await api()
      .post('/api/goods-receipts')
      .set(bearer(admin))
      .send({ supplierId: supB, warehouseId: wh, deliveryNoteNo: 'SAME-1', lines: [{ productId: p.SOAP, quantity: '1' }] })
      .expect(201);
  });

  it('bad input: unapproved or cancelled orders, wrong supplier’s products, negative quantities, receipts without order → 4xx with codes, nothing written', async () => {
    const count = async () => (await sql(`SELECT (SELECT count(*) FROM goods_receipt) + (SELECT count(*) FROM stock_ledger) AS n`))[0].n;
    const before = await count();
    const draft = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(buyer))
        .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.RICE, quantity: '1' }] })
        .expect(201)
    ).body;
    expect((await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: draft.id }).expect(409)).body.code).toBe('PURCHASE_ORDER_NOT_RECEIVABLE');
    await api().post(`/api/purchase-orders/${draft.id}/cancel`).set(bearer(buyer)).send({ reason: '重复下单' }).expect(200);
    expect((await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: draft.id }).expect(409)).body.code).toBe('PURCHASE_ORDER_NOT_RECEIVABLE');
    // another supplier's product on an order, or on an order's receipt
    const wrong = await api()
      .post('/api/purchase-orders')
      .set(bearer(buyer))
      .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.SOAP, quantity: '1' }] })
      .expect(400);
    expect(wrong.body).toMatchObject({ code: 'PURCHASE_PRODUCT_OTHER_SUPPLIER', fields: [{ field: 'lines.0.productId' }] });
    const po = await approvedOrder([{ productId: p.RICE, quantity: '5' }]);
    expect(
      (
        await api()
          .post('/api/goods-receipts')
          .set(bearer(buyer))
          .send({ orderId: po.id, lines: [{ productId: p.SOAP, quantity: '1' }] })
          .expect(400)
      ).body.code,
    ).toBe('PURCHASE_ORDER_LINE_MISMATCH');
    // negative, zero and malformed quantities
    for (const quantity of ['-1', '0', '1.2345', 'abc', -3]) {
      const res = await api()
        .post('/api/goods-receipts')
        .set(bearer(buyer))
        .send({ orderId: po.id, lines: [{ productId: p.RICE, quantity }] })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'lines.0.quantity' })] });
    }
    // without an order: needs the permission
    expect(
      (
        await api()
          .post('/api/goods-receipts')
          .set(bearer(buyer))
          .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: p.RICE, quantity: '1' }] })
          .expect(403)
      ).body.code,
    ).toBe('PURCHASE_RECEIPT_WITHOUT_ORDER_FORBIDDEN');
    // unknown warehouse, future date, unknown product
    expect((await api().post('/api/purchase-orders').set(bearer(buyer)).send({ supplierId: supA, warehouseId: supA, lines: [] }).expect(400)).body.code).toBe(
      'PURCHASE_UNKNOWN_WAREHOUSE',
    );
    expect(
      (
        await api()
          .post('/api/goods-receipts')
          .set(bearer(buyer))
          .send({ orderId: po.id, businessDate: addDays(today, 1) })
          .expect(400)
      ).body.code,
    ).toBe('PURCHASE_DATE_INVALID');
    expect(
      (
        await api()
          .post('/api/purchase-orders')
          .set(bearer(buyer))
          .send({ supplierId: supA, warehouseId: wh, lines: [{ productId: wh, quantity: '1' }] })
          .expect(400)
      ).body.code,
    ).toBe('PURCHASE_UNKNOWN_PRODUCT');
    expect(await count()).toBe(before);
  });

  it('late entry (遗失补录): a past date needs the flag, a reason and the permission; posted with its business date, flagged in lists', async () => {
    const past = addDays(today, -20);
    const po = await approvedOrder([{ productId: p.RICE, quantity: '3', unitPrice: '40' }]);
    // a receipt cannot be dated before its order, and a past date without the flag is refused
    const plain = await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, businessDate: addDays(today, -1) })
      .expect(400);
    expect(plain.body.code).toBe('PURCHASE_LATE_ENTRY_REQUIRED');
    expect(
      (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id, businessDate: past, lateEntry: true, lateReason: '单据遗失' }).expect(403)).body.code,
    ).toBe('PERMISSION_DENIED');
    // a late order and its late receipt
    const lateOrder = (
      await api()
        .post('/api/purchase-orders')
        .set(bearer(admin))
        .send({
          supplierId: supA,
          warehouseId: wh,
          orderDate: past,
          lateEntry: true,
          lateReason: '纸质订单遗失补录',
          lines: [{ productId: p.RICE, quantity: '2', unitPrice: '45' }],
        })
        .expect(201)
    ).body;
    expect(lateOrder).toMatchObject({ lateEntry: true, orderDate: past });
    expect(
      (await api().post('/api/purchase-orders').set(bearer(admin)).send({ supplierId: supA, warehouseId: wh, orderDate: past, lateEntry: true, lines: [] }).expect(400)).body.code,
    ).toBe('PURCHASE_LATE_ENTRY_REQUIRED');
    await api().post(`/api/purchase-orders/${lateOrder.id}/submit`).set(bearer(admin)).expect(200);
    await api().post(`/api/purchase-orders/${lateOrder.id}/approve`).set(bearer(approver)).expect(200);
    const gr = (
      await api()
        .post('/api/goods-receipts')
        .set(bearer(admin))
        .send({ orderId: lateOrder.id, businessDate: addDays(past, 1), lateEntry: true, lateReason: '验收单遗失', post: true })
        .expect(201)
    ).body;
    expect(gr).toMatchObject({ lateEntry: true, lateReason: '验收单遗失', businessDate: addDays(past, 1), status: 'posted' });
    const [led] = await sql(`SELECT to_char(business_date,'YYYY-MM-DD') AS d, to_char(posted_at::date,'YYYY-MM-DD') AS posted FROM stock_ledger WHERE doc_id = $1`, [gr.id]);
    expect(led.d).toBe(addDays(past, 1));
    const lates = (await api().get('/api/goods-receipts?lateEntry=true').set(bearer(buyer)).expect(200)).body;
    expect(lates.items.map((r: any) => r.number)).toEqual([gr.number]);
    expect((await api().get('/api/purchase-orders?lateEntry=true').set(bearer(buyer))).body.items.map((o: any) => o.id)).toEqual([lateOrder.id]);
  });

  it('a correction reverses all or some lines of a posted receipt, links to it, and shows in the correction log', async () => {
    const po = await approvedOrder([
      { productId: p.RICE, quantity: '10', unitPrice: '40' },
      { productId: p.SALT, quantity: '10' },
    ]);
    const gr = (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id, post: true }).expect(201)).body;
    const riceBefore = await stock(p.RICE);
    // a posted receipt cannot be edited or posted again
    expect((await api().put(`/api/goods-receipts/${gr.id}`).set(bearer(buyer)).send({ orderId: po.id }).expect(409)).body.code).toBe('DOCUMENT_POSTED');
    expect((await api().post(`/api/goods-receipts/${gr.id}/post`).set(bearer(buyer)).send({}).expect(409)).body.code).toBe('DOCUMENT_POSTED');
    expect(
      (
        await api()
          .post(`/api/goods-receipts/${gr.id}/corrections`)
          .set(bearer(buyer))
          .send({ reason: '多录', lines: [{ lineNo: 1, quantity: '11' }] })
          .expect(409)
      ).body.code,
    ).toBe('PURCHASE_CORRECTION_EXCEEDS');
    const c1 = (
      await api()
        .post(`/api/goods-receipts/${gr.id}/corrections`)
        .set(bearer(buyer))
        .send({ reason: '实收 7 包，多录 3 包', lines: [{ lineNo: 1, quantity: '3' }] })
        .expect(201)
    ).body;
    expect(c1).toMatchObject({ kind: 'correction', reversesId: gr.id, status: 'posted', totalQty: '-3', reason: '实收 7 包，多录 3 包' });
    expect(c1.number).toMatch(/^GRC-HQ-/);
    expect((await stock(p.RICE)).qty).toBe(String(Number(riceBefore.qty) - 3));
    let order = (await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer))).body;
    expect(order.status).toBe('partially_received');
    expect(order.lines[0].receivedQty).toBe('7');
    // reverse the rest
    const c2 = (await api().post(`/api/goods-receipts/${gr.id}/corrections`).set(bearer(buyer)).send({ reason: '整单录错' }).expect(201)).body;
    expect(c2.lines.map((l: any) => [l.lineNo, l.quantity])).toEqual([
      [1, '-7'],
      [2, '-10'],
    ]);
    order = (await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer))).body;
    expect(order.status).toBe('approved');
    expect((await api().post(`/api/goods-receipts/${gr.id}/corrections`).set(bearer(buyer)).send({ reason: 'again' }).expect(409)).body.code).toBe('PURCHASE_CORRECTION_EXCEEDS');
    const original = (await api().get(`/api/goods-receipts/${gr.id}`).set(bearer(buyer))).body;
    expect(original.status).toBe('posted');
    expect(original.corrections.map((c: any) => c.number)).toEqual([c1.number, c2.number]);
    const log = (await api().get('/api/purchasing/correction-log').set(bearer(buyer)).expect(200)).body;
    expect(log.items.filter((c: any) => c.reversesId === gr.id).map((c: any) => [c.number, c.reverses.number, c.reason])).toEqual(
      expect.arrayContaining([
        [c1.number, gr.number, c1.reason],
        [c2.number, gr.number, '整单录错'],
      ]),
    );
    expect(await ledgerSumMatches(p.RICE)).toBe(true);
  });

  it('a retried post with the same idempotency key returns the first result and posts once', async () => {
    const po = await approvedOrder([{ productId: p.SALT, quantity: '4' }]);
    const body = { orderId: po.id, post: true, idempotencyKey: 'retry-key-0001' };
    const first = (await api().post('/api/goods-receipts').set(bearer(buyer)).send(body).expect(201)).body;
    const again = (await api().post('/api/goods-receipts').set(bearer(buyer)).send(body).expect(201)).body;
    expect(again.id).toBe(first.id);
    expect((await sql(`SELECT count(*)::int AS n FROM stock_ledger WHERE doc_id = $1`, [first.id]))[0].n).toBe(1);
    // the same key for another order is refused
    const po2 = await approvedOrder([{ productId: p.SALT, quantity: '4' }]);
    expect(
      (
        await api()
          .post('/api/goods-receipts')
          .set(bearer(buyer))
          .send({ ...body, orderId: po2.id })
          .expect(422)
      ).body.code,
    ).toBe('IDEMPOTENCY_MISMATCH');
    // posting a draft: concurrent retries with one key → one posting, same answer
    const draft = (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po2.id }).expect(201)).body;
    const answers = await Promise.all([1, 2, 3].map(() => api().post(`/api/goods-receipts/${draft.id}/post`).set(bearer(buyer)).send({ idempotencyKey: 'post-key-0002' })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.postedAt)).size).toBe(1);
    expect((await sql(`SELECT count(*)::int AS n FROM stock_ledger WHERE doc_id = $1`, [draft.id]))[0].n).toBe(1);
  });

  it('concurrent receipts against the same order never over-receive', async () => {
    const po = await approvedOrder([{ productId: p.RICE, quantity: '10', unitPrice: '40' }]);
    const drafts = [];
    for (let i = 0; i < 4; i++)
      drafts.push(
        (
          await api()
            .post('/api/goods-receipts')
            .set(bearer(buyer))
            .send({ orderId: po.id, lines: [{ productId: p.RICE, quantity: '4' }] })
            .expect(201)
        ).body,
      );
    const results = await Promise.all(drafts.map((d) => api().post(`/api/goods-receipts/${d.id}/post`).set(bearer(buyer)).send({})));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(2);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'PURCHASE_OVER_TOLERANCE')).toBe(true);
    const order = (await api().get(`/api/purchase-orders/${po.id}`).set(bearer(buyer))).body;
    expect(order.lines[0].receivedQty).toBe('8');
    const [{ n }] = await sql(`SELECT coalesce(sum(l.delta),0)::int AS n FROM stock_ledger l JOIN goods_receipt r ON r.id = l.doc_id WHERE r.order_id = $1`, [po.id]);
    expect(n).toBe(8);
  });

  it('returns to the supplier: from a receipt (never more than stands on it) or free (never more than the batch holds)', async () => {
    const po = await approvedOrder([{ productId: p.MILK, quantity: '10', unitPrice: '6' }]);
    const gr = (
      await api()
        .post('/api/goods-receipts')
        .set(bearer(buyer))
        .send({ orderId: po.id, post: true, lines: [{ productId: p.MILK, quantity: '10', batchNo: 'R1', expiryDate: '2099-05-01' }] })
        .expect(201)
    ).body;
    const line = gr.lines[0];
    const over = await api()
      .post('/api/purchase-returns')
      .set(bearer(buyer))
      .send({ receiptId: gr.id, reason: '破损', post: true, lines: [{ receiptLineId: line.id, quantity: '11' }] })
      .expect(409);
    expect(over.body.code).toBe('PURCHASE_RETURN_EXCEEDS_RECEIPT');
    const ret = (
      await api()
        .post('/api/purchase-returns')
        .set(bearer(buyer))
        .send({ receiptId: gr.id, reason: '破损', post: true, lines: [{ receiptLineId: line.id, quantity: '4' }] })
        .expect(201)
    ).body;
    expect(ret).toMatchObject({ status: 'posted', totalQty: '4', totalAmount: '24' });
    expect(ret.lines[0]).toMatchObject({ batchNo: 'R1', postedCost: '6' });
    const [b] = await sql(`SELECT qty::text FROM stock_batch WHERE product_id = $1 AND batch_no = 'R1'`, [p.MILK]);
    expect(Number(b.qty)).toBe(6);
    // what was returned can no longer be corrected away
    expect(
      (
        await api()
          .post(`/api/goods-receipts/${gr.id}/corrections`)
          .set(bearer(buyer))
          .send({ reason: 'x', lines: [{ lineNo: 1, quantity: '7' }] })
          .expect(409)
      ).body.code,
    ).toBe('PURCHASE_CORRECTION_EXCEEDS');
    // free return: batch required, and never more than the batch holds
    expect(
      (
        await api()
          .post('/api/purchase-returns')
          .set(bearer(buyer))
          .send({ supplierId: supA, warehouseId: wh, reason: '临期', lines: [{ productId: p.MILK, quantity: '1' }] })
          .expect(400)
      ).body.code,
    ).toBe('PURCHASE_BATCH_REQUIRED');
    const tooMany = await api()
      .post('/api/purchase-returns')
      .set(bearer(buyer))
      .send({ supplierId: supA, warehouseId: wh, reason: '临期', post: true, lines: [{ productId: p.MILK, quantity: '7', batchNo: 'R1' }] })
      .expect(409);
    expect(tooMany.body.code).toBe('STOCK_INSUFFICIENT');
    expect((await sql(`SELECT count(*)::int AS n FROM purchase_return WHERE reason = '临期'`))[0].n).toBe(0);
    const free = (
      await api()
        .post('/api/purchase-returns')
        .set(bearer(buyer))
        .send({ supplierId: supA, warehouseId: wh, reason: '临期', post: true, lines: [{ productId: p.MILK, quantity: '6', batchNo: 'R1' }] })
        .expect(201)
    ).body;
    expect(free.lines[0].unitPrice).toBe('6'); // the supplier's last price
    expect(await ledgerSumMatches(p.MILK)).toBe(true);
  });

  it('a store user never sees HQ purchase documents, by list or by guessed id', async () => {
    const po = await approvedOrder([{ productId: p.RICE, quantity: '1' }]);
    const gr = (await api().post('/api/goods-receipts').set(bearer(buyer)).send({ orderId: po.id, post: true }).expect(201)).body;
    const s = await seedStoreUser(hq.dataSource, { storeCode: 'S001', username: 's001-buyer', permissions: ['purchase.read', 'purchase.receipt.write', 'purchase.order.write'] });
    const store = await hq.login(s.username, s.password);
    expect((await api().get('/api/purchase-orders').set(bearer(store)).expect(200)).body.total).toBe(0);
    expect((await api().get(`/api/purchase-orders?orgUnitId=${hqOrgId}`).set(bearer(store)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/goods-receipts').set(bearer(store)).expect(200)).body.total).toBe(0);
    expect((await api().get('/api/purchasing/correction-log').set(bearer(store)).expect(200)).body.total).toBe(0);
    expect((await api().get(`/api/purchase-orders/${po.id}`).set(bearer(store)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().get(`/api/goods-receipts/${gr.id}`).set(bearer(store)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().get(`/api/purchase-orders/${po.id}/audit`).set(bearer(store)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().post(`/api/goods-receipts/${gr.id}/corrections`).set(bearer(store)).send({ reason: 'x' }).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().post('/api/goods-receipts').set(bearer(store)).send({ orderId: po.id }).expect(404)).body.code).toBe('NOT_FOUND');
    // nor can it receive into an HQ warehouse
    expect((await api().post('/api/purchase-orders').set(bearer(store)).send({ supplierId: supA, warehouseId: wh, lines: [] }).expect(400)).body.code).toBe(
      'PURCHASE_UNKNOWN_WAREHOUSE',
    );
  });
  it('imports order lines from Excel (all or none, row errors), exports and prints the order', async () => {
    const po = (await api().post('/api/purchase-orders').set(bearer(buyer)).send({ supplierId: supA, warehouseId: wh, lines: [] }).expect(201)).body;
    const sheet = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('lines');
      ws.addRow(['商品编码*', '数量*', '含税单价', '税率%', '备注']);
      ws.addRow(['productCode', 'quantity', 'unitPrice', 'taxRate', 'note']);
      rows.forEach((r) => ws.addRow(r));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    const bad = await api()
      .post(`/api/purchase-orders/${po.id}/lines/import`)
      .set(bearer(buyer))
      .attach(
        'file',
        await sheet([
          ['COLA', 5],
          ['NOPE', 1],
          ['RICE', -2],
          ['COLA', 1],
        ]),
        'lines.xlsx',
      )
      .expect(400);
    expect(bad.body.code).toBe('PURCHASE_IMPORT_INVALID');
    expect(bad.body.fields.map((f: any) => [f.row, f.field])).toEqual([
      [4, 'productCode'],
      [5, 'quantity'],
      [6, 'productCode'],
    ]);
    expect((await sql(`SELECT count(*)::int AS n FROM purchase_order_line WHERE order_id = $1`, [po.id]))[0].n).toBe(0);
    const ok = (
      await api()
        .post(`/api/purchase-orders/${po.id}/lines/import`)
        .set(bearer(buyer))
        .attach(
          'file',
          await sheet([
            ['COLA', 24, '2.5', null, '整箱'],
            ['RICE', '2.5'],
          ]),
          'lines.xlsx',
        )
        .expect(201)
    ).body;
    // an empty price takes the supplier's last receipt price
    const [last] = await sql(
      `SELECT l.unit_price::float AS price FROM goods_receipt_line l JOIN goods_receipt r ON r.id = l.receipt_id
      WHERE r.supplier_id = $1 AND l.product_id = $2 AND r.status = 'posted' AND r.kind = 'receipt' ORDER BY r.business_date DESC, r.posted_at DESC LIMIT 1`,
      [supA, p.RICE],
    );
    expect(ok.lines.map((l: any) => [l.productCode, l.quantity, l.unitPrice, l.taxRate, l.note])).toEqual([
      ['COLA', '24', '2.5', '13', '整箱'],
      ['RICE', '2.5', String(last.price), '0', null],
    ]);
    expect(Number(ok.totalAmount)).toBeCloseTo(60 + 2.5 * last.price, 2);
    const garbage = await api()
      .post(`/api/purchase-orders/${po.id}/lines/import`)
      .set(bearer(buyer))
      .attach('file', Buffer.from([0, 1, 2, 3, 0]), 'x.bin');
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    const tpl = await api()
      .get('/api/purchasing/templates/purchase-order-lines')
      .set(bearer(buyer))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const twb = new ExcelJS.Workbook();
    await twb.xlsx.load(tpl.body);
    expect(twb.worksheets[0].getRow(1).values).toEqual([undefined, '商品编码*', '数量*', '含税单价', '税率%', '备注']);

    const xlsx = await api()
      .get(`/api/purchase-orders/${po.id}/document?format=xlsx`)
      .set(bearer(buyer))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(xlsx.headers['content-disposition']).toContain(encodeURIComponent(po.number));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].getRow(3).values).toEqual(expect.arrayContaining(['COLA', '24', '2.5']));
    expect(wb.worksheets[1].getRow(1).values).toEqual([undefined, '订单号', po.number]);
    const html = await api().get(`/api/purchase-orders/${po.id}/document?format=html`).set(bearer(buyer)).expect(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.text).toContain('<h1>采购订单</h1>');
    expect(html.text).toContain(po.number);
    expect(html.text).toContain('甲供应商');
  });

  it('imports order lines from a sheet with a title row above the header (采购订单明细 2026-12), as base-data imports do', async () => {
    const po = (await api().post('/api/purchase-orders').set(bearer(buyer)).send({ supplierId: supA, warehouseId: wh, lines: [] }).expect(201)).body;
    const titled = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('lines');
      ws.addRow(['采购订单明细 2026-12']);
      ws.mergeCells('A1:E1');
      ws.addRow(['供应商：华润', null, '制表：张三']);
      ws.addRow(['商品编码*', '数量*', '含税单价', '税率%', '备注']);
      rows.forEach((r) => ws.addRow(r));
      return Buffer.from(await wb.xlsx.writeBuffer());
    };
    // row numbers of errors are the sheet's own (the header is row 3)
    const bad = await api()
      .post(`/api/purchase-orders/${po.id}/lines/import`)
      .set(bearer(buyer))
      .attach(
        'file',
        await titled([
          ['COLA', 5],
          ['NOPE', 1],
        ]),
        'titled.xlsx',
      )
      .expect(400);
    expect([bad.body.code, bad.body.fields.map((f: any) => [f.row, f.field])]).toEqual(['PURCHASE_IMPORT_INVALID', [[5, 'productCode']]]);
    const ok = (
      await api()
        .post(`/api/purchase-orders/${po.id}/lines/import`)
        .set(bearer(buyer))
        .attach(
          'file',
          await titled([
            ['COLA', 6, '2.5'],
            ['RICE', '1.5', '3'],
          ]),
          'titled.xlsx',
        )
        .expect(201)
    ).body;
    expect(ok.lines.map((l: any) => [l.productCode, l.quantity])).toEqual([
      ['COLA', '6'],
      ['RICE', '1.5'],
    ]);
    // no header among the first rows: the refusal names the rows looked at, as for base data
    const none = await api()
      .post(`/api/purchase-orders/${po.id}/lines/import`)
      .set(bearer(buyer))
      .attach(
        'file',
        await (async () => {
          const wb = new ExcelJS.Workbook();
          wb.addWorksheet('x').addRows([['采购订单明细'], ['A', 'B'], ['COLA', 1]]);
          return Buffer.from(await wb.xlsx.writeBuffer());
        })(),
        'nohead.xlsx',
      )
      .expect(400);
    expect([none.body.code, none.body.details.rowsLookedAt]).toEqual(['IMPORT_HEADER_MISSING', [1, 2, 3]]);
  });

  it('reports: purchases by supplier/product/month net of returns, open lines, variances, price history; scoped and exportable', async () => {
    const po = await approvedOrder([{ productId: p.SALT, quantity: '10', unitPrice: '1.5' }], supA);
    await api()
      .post('/api/goods-receipts')
      .set(bearer(buyer))
      .send({ orderId: po.id, post: true, lines: [{ productId: p.SALT, quantity: '6', unitPrice: '1.6' }] })
      .expect(201);
    const bySupplier = (await api().get('/api/purchasing/reports/purchases?groupBy=supplier').set(bearer(buyer)).expect(200)).body;
    const a = bySupplier.items.find((r: any) => r.code === 'SUP-A');
    // cross-check against the documents: posted receipt lines minus posted returns
    const [{ total }] = await sql(
      `SELECT ((SELECT coalesce(sum(l.amount),0) FROM goods_receipt_line l JOIN goods_receipt r ON r.id=l.receipt_id WHERE r.status='posted' AND r.supplier_id=$1)
      - (SELECT coalesce(sum(l.amount),0) FROM purchase_return_line l JOIN purchase_return r ON r.id=l.return_id WHERE r.status='posted' AND r.supplier_id=$1))::text AS total`,
      [supA],
    );
    expect(a.netAmount).toBe(String(Number(total)));
    expect(Number(a.returnedAmount)).toBeGreaterThan(0);
    expect(Number(a.lateEntryAmount)).toBe(90);
    const byMonth = (await api().get('/api/purchasing/reports/purchases?groupBy=month').set(bearer(buyer)).expect(200)).body;
    expect(byMonth.items.reduce((s: number, r: any) => s + Number(r.netAmount), 0)).toBeCloseTo(
      bySupplier.items.reduce((s: number, r: any) => s + Number(r.netAmount), 0),
      2,
    );
    const open = (await api().get(`/api/purchasing/reports/open-lines?supplierId=${supA}`).set(bearer(buyer)).expect(200)).body;
    expect(open.items.find((r: any) => r.orderNumber === po.number)).toMatchObject({
      productCode: 'SALT',
      orderedQty: '10',
      receivedQty: '6',
      outstandingQty: '4',
      outstandingAmount: '6',
    });
    const variances = (await api().get('/api/purchasing/reports/receipt-variances').set(bearer(buyer)).expect(200)).body;
    expect(variances.items.find((r: any) => r.orderNumber === po.number)).toMatchObject({ varianceQty: '-4', variance: 'short' });
    const prices = (await api().get(`/api/purchasing/reports/price-history?productId=${p.SALT}&sort=-date`).set(bearer(buyer)).expect(200)).body;
    expect(prices.items.some((r: any) => r.unitPrice === '1.6' && r.previousPrice === '1.5' && r.change === '0.1')).toBe(true);
    expect((await api().get('/api/purchasing/reports/purchases?groupBy=supplier&sort=password').set(bearer(buyer)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api().get('/api/purchasing/reports/purchases').set(bearer(buyer)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const xlsx = await api()
      .get('/api/purchasing/reports/purchases?groupBy=product&format=xlsx')
      .set(bearer(buyer))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    expect(wb.worksheets[0].getRow(1).values).toEqual(expect.arrayContaining(['商品编码', '净采购金额(含税)']));
    expect(wb.worksheets[0].rowCount).toBeGreaterThan(3);
    // a store user sees nothing of HQ's purchases
    const s = await seedStoreUser(hq.dataSource, { storeCode: 'S002', username: 's002-viewer', permissions: ['purchase.read', 'report.read'] });
    const store = await hq.login(s.username, s.password);
    for (const path of ['purchases?groupBy=supplier', 'open-lines', 'receipt-variances', 'price-history']) {
      expect((await api().get(`/api/purchasing/reports/${path}`).set(bearer(store)).expect(200)).body).toEqual({ items: [], total: 0 });
    }
    expect((await api().get(`/api/purchase-orders/${po.id}/document?format=html`).set(bearer(store)).expect(404)).body.code).toBe('NOT_FOUND');
  });
});
