import { randomUUID } from 'node:crypto';
import { dec, localToday, addDays, RequestContext, StockService } from '@chain-erp/shared';
import { bearer, type TestApp } from '@chain-erp/shared/testing';
import { TransferInboxService } from '@chain-erp/hq-server/transfer/transfer-inbox.service';
import { feedSettled, hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * 结算 across HQ and a store, documents crossing only through the real transfer engine: the store
 * owes its shipments at the transfer price less what it found short or damaged; a consignment
 * supplier is owed what the store sold, a concession supplier the sales less the commission.
 */
describe('settlement with a store (HQ + S001 through the transfer engine)', () => {
  let hq: TestApp;
  let s1: TestApp;
  let admin: string;
  let t1: string;
  let S1: string;
  let hqWh: string;
  let supCon: string;
  let supLy: string;
  const p: Record<string, string> = {};
  const today = localToday();
  const q = async (app: TestApp, sql: string, params: unknown[] = []) => app.dataSource.query(sql, params);
  const inboxDone = async () => {
    for (let i = 0; i < 600; i++) {
      await hq.app.get(TransferInboxService).processPending();
      const [{ n }] = await q(hq, `SELECT count(*)::int AS n FROM transfer_inbox WHERE status = 'received'`);
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  /** push, let HQ process, pull again */
  const sync = async () => {
    const res = await s1.http().post('/api/sync').set(bearer(t1)).send({});
    expect(res.body.errors ?? []).toEqual([]);
    await inboxDone();
    expect(await q(hq, `SELECT stream, error FROM transfer_inbox WHERE status = 'failed'`)).toEqual([]);
    await feedSettled(hq);
    expect((await s1.http().post('/api/sync').set(bearer(t1)).send({})).body.errors ?? []).toEqual([]);
  };

  beforeAll(async () => {
    hq = await hqServer();
    s1 = await storeServer();
    admin = await hq.loginAdmin();
    const api = (path: string, body: object) => hq.http().post(path).set(bearer(admin)).send(body).expect(201);
    supCon = (await api('/api/catalog/suppliers', { code: 'SUP-CON', name: '代销茶叶', settlementMode: 'consignment', paymentTermsDays: 15 })).body.id;
    supLy = (await api('/api/catalog/suppliers', { code: 'SUP-LY', name: '联营专柜', settlementMode: 'concession', commissionRate: '20' })).body.id;
    for (const [code, retail, cost, sup] of [
      ['C1', '10.00', '6', supCon],
      ['L1', '20.00', '12', supLy],
      ['B1', '5.00', '3', null],
    ] as const) {
      const [row] = await q(hq, `INSERT INTO product (code, name, retail_price, purchase_price, default_supplier_id, row_version) VALUES ($1, $1, $2, $3, $4, 1) RETURNING id`, [
        code,
        retail,
        cost,
        sup,
      ]);
      p[code] = row.id;
    }
    await q(
      hq,
      `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 1) ON CONFLICT (code) DO NOTHING`,
    );
    S1 = (await openStore(hq, admin, 'S001')).result.store.id;
    const [{ id: hqOrg }] = await q(hq, `SELECT id FROM org_unit WHERE kind = 'hq'`);
    [{ id: hqWh }] = await q(hq, `INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('WH-HQ', '总部仓库', $1, 1) RETURNING id`, [hqOrg]);
    await hq.app.get(StockService).post(
      RequestContext.system({ id: hqOrg, code: 'HQ', kind: 'hq' }),
      [
        ['C1', '6'],
        ['L1', '12'],
        ['B1', '3'],
      ].map(([c, cost]) => ({ warehouseId: hqWh, productId: p[c], quantity: '50', unitCost: cost, docType: 'opening', docId: hqOrg })),
    );
    // 门店结算条件: S001 pays HQ's cost plus 10 %, within 15 days
    await hq.http().put(`/api/settlement/store-terms/${S1}`).set(bearer(admin)).send({ markupPercent: '10', paymentTermsDays: 15 }).expect(200);
    await feedSettled(hq);
    await setupStore(s1, hq, 'S001');
    t1 = await s1.login('s001-admin', 'store-admin-1');
  });

  afterAll(async () => {
    await s1?.close();
    await hq?.close();
  });

  it("a store's statement is its shipments at the transfer price minus what it found short or damaged", async () => {
    const draft = (
      await hq
        .http()
        .post('/api/transfer-shipments')
        .set(bearer(admin))
        .send({
          fromWarehouseId: hqWh,
          storeId: S1,
          lines: [
            { productId: p.C1, quantity: '10' },
            { productId: p.L1, quantity: '10' },
            { productId: p.B1, quantity: '10' },
          ],
        })
        .expect(201)
    ).body;
    const ship = (await hq.http().post(`/api/transfer-shipments/${draft.id}/post`).set(bearer(admin)).expect(200)).body;
    // 10 × 6 × 1.1 + 10 × 12 × 1.1 + 10 × 3 × 1.1
    const owed = (await hq.http().get('/api/settlement/items').query({ partyType: 'store', partyId: S1 }).set(bearer(admin)).expect(200)).body;
    expect(owed.items.map((i: any) => [i.docNo, i.amount, i.dueDate])).toEqual([[ship.number, '231.00', addDays(today, 15)]]);
    await sync();
    const line = (pid: string) => ship.lines.find((l: any) => l.productId === pid);
    const receipt = (
      await s1
        .http()
        .post('/api/transfer-receipts')
        .set(bearer(t1))
        .send({
          shipmentId: ship.id,
          lines: [
            { shipmentLineId: line(p.C1).id, receivedQty: '9', variances: [{ reason: 'short', quantity: '1' }] },
            { shipmentLineId: line(p.L1).id, receivedQty: '9', variances: [{ reason: 'damaged', quantity: '1' }] },
            { shipmentLineId: line(p.B1).id, receivedQty: '10' },
          ],
        })
        .expect(201)
    ).body;
    await s1.http().post(`/api/transfer-receipts/${receipt.id}/post`).set(bearer(t1)).expect(200);
    await sync();

    // what the documents say, computed here from HQ's shipment lines and the store's receipt lines
    const shipped = await q(hq, `SELECT quantity::text, unit_cost::text FROM transfer_shipment_line WHERE shipment_id = $1`, [ship.id]);
    const variances = await q(
      hq,
      `SELECT l.short_qty::text AS s, l.damaged_qty::text AS d, l.over_qty::text AS o, sl.unit_cost::text AS c FROM transfer_receipt_line l JOIN transfer_shipment_line sl ON sl.id = l.shipment_line_id WHERE l.receipt_id = $1`,
      [receipt.id],
    );
    const at = (qty: string, cost: string) => dec(qty).times(cost).times('1.1').toDecimalPlaces(2);
    const expected = shipped
      .reduce((t: any, l: any) => t.plus(at(l.quantity, l.unit_cost)), dec(0))
      .minus(variances.reduce((t: any, v: any) => t.plus(at(v.s, v.c)).plus(at(v.d, v.c)).minus(at(v.o, v.c)), dec(0)));
    expect(expected.toFixed(2)).toBe('211.20');

    const st = (await hq.http().post('/api/settlement/statements').set(bearer(admin)).send({ partyType: 'store', partyId: S1, to: today }).expect(201)).body;
    expect(st).toMatchObject({ openingBalance: '0.00', debitTotal: '231.00', creditTotal: '19.80', closingBalance: expected.toFixed(2) });
    expect(st.lines.map((l: any) => [l.docType, l.docNo, l.debit, l.credit])).toEqual([
      ['transfer_shipment', ship.number, '231.00', '0.00'],
      ['transfer_variance', receipt.number, '0.00', '19.80'],
    ]);
    // the shortage came off the shipment itself
    const items = (await hq.http().get('/api/settlement/items').query({ partyType: 'store', partyId: S1, open: 'true' }).set(bearer(admin)).expect(200)).body;
    expect(items.items.map((i: any) => [i.docNo, i.open])).toEqual([[ship.number, '211.20']]);
    // the store pays (门店缴款单) and is square
    const paid = (await hq.http().post('/api/settlement/store-payments').set(bearer(admin)).send({ partyId: S1, amount: '211.20', method: 'bank', autoAllocate: true }).expect(201))
      .body;
    expect(paid).toMatchObject({ status: 'posted', unallocatedAmount: '0.00' });
    expect((await hq.http().get('/api/settlement/balances').query({ partyType: 'store' }).set(bearer(admin))).body.items[0]).toMatchObject({ partyCode: 'S001', balance: '0.00' });
  });

  it('a consignment supplier is owed what the store sold, a concession supplier the sales less the commission; late sales are settled once', async () => {
    const cashier = bearer(await s1.login('s001-cashier', 'cashier-pass-1'));
    const [cash] = await q(s1, `SELECT id FROM payment_method WHERE code = 'CASH'`);
    const shift = (await s1.http().post('/api/pos/shifts').set(cashier).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body;
    const sell = async (lines: Array<{ productCode: string; quantity: string }>, amount: string) => {
      const res = await s1
        .http()
        .post('/api/pos/sales')
        .set(cashier)
        .send({ id: randomUUID(), shiftId: shift.id, lines, payments: [{ paymentMethodId: cash.id, amount }] });
      expect(res.status).toBe(200);
      return res.body;
    };
    await sell(
      [
        { productCode: 'C1', quantity: '3' },
        { productCode: 'L1', quantity: '2' },
      ],
      '70.00',
    );
    await sync();

    // 代销: 3 sold × the settlement price (no receipt from the supplier yet: the product's purchase price 6)
    const con = (await hq.http().post('/api/settlement/supplier-settlements').set(bearer(admin)).send({ supplierId: supCon, from: today, to: today }).expect(201)).body;
    expect(con).toMatchObject({ status: 'draft', mode: 'consignment', totalQty: '3', salesAmount: '30.00', payableAmount: '18.00' });
    expect(con.lines).toEqual([expect.objectContaining({ productCode: 'C1', storeCode: 'S001', quantity: '3', unitPrice: '6', payableAmount: '18.00' })]);
    expect((await hq.http().post('/api/settlement/supplier-settlements').set(bearer(admin)).send({ supplierId: supCon, from: today, to: today }).expect(409)).body.code).toBe(
      'SETTLEMENT_DRAFT_EXISTS',
    );
    await hq.http().post(`/api/settlement/supplier-settlements/${con.id}/post`).set(bearer(admin)).expect(200);
    // 联营: 40.00 sold, 20 % commission
    const ly = (await hq.http().post('/api/settlement/supplier-settlements').set(bearer(admin)).send({ supplierId: supLy, from: today, to: today }).expect(201)).body;
    expect(ly).toMatchObject({ mode: 'concession', commissionRate: '20', salesAmount: '40.00', commissionAmount: '8.00', payableAmount: '32.00' });
    await hq.http().post(`/api/settlement/supplier-settlements/${ly.id}/post`).set(bearer(admin)).expect(200);

    // one more sold later the same day: only that one is settled again, at the same period
    await sell([{ productCode: 'C1', quantity: '1' }], '10.00');
    await sync();
    expect(
      (
        await hq
          .http()
          .post('/api/settlement/supplier-settlements')
          .set(bearer(admin))
          .send({ supplierId: supCon, from: addDays(today, -1), to: today })
          .expect(409)
      ).body.code,
    ).toBe('SETTLEMENT_PERIOD_OVERLAP');
    const more = (await hq.http().post('/api/settlement/supplier-settlements').set(bearer(admin)).send({ supplierId: supCon, from: today, to: today }).expect(201)).body;
    expect(more).toMatchObject({ totalQty: '1', payableAmount: '6.00' });
    await hq.http().post(`/api/settlement/supplier-settlements/${more.id}/post`).set(bearer(admin)).expect(200);
    expect((await hq.http().post('/api/settlement/supplier-settlements').set(bearer(admin)).send({ supplierId: supCon, from: today, to: today }).expect(409)).body.code).toBe(
      'SETTLEMENT_NOTHING_TO_SETTLE',
    );

    // the payables follow the sales: 4 sold × 6 = 24.00; 32.00 for the concession
    const bal = (await hq.http().get('/api/settlement/balances').query({ partyType: 'supplier' }).set(bearer(admin)).expect(200)).body;
    expect(bal.items.map((b: any) => [b.partyCode, b.balance])).toEqual([
      ['SUP-LY', '32.00'],
      ['SUP-CON', '24.00'],
    ]);
    // the consignment goods the store received are not owed on receipt
    expect((await q(hq, `SELECT count(*)::int AS n FROM settlement_item WHERE party_type = 'supplier' AND doc_type <> 'supplier_sales_settlement'`))[0].n).toBe(0);
  });
});
