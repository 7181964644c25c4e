import { bearer, bootTestApp, type TestApp, count, onHand, type PosStore, seedPosStore } from '@chain-erp/shared/testing';
import { randomUUID } from 'node:crypto';
import { STORE_SERVER } from '../src/server';

const cents = (s: string) => Math.round(Number(s) * 100);
const yuan = (c: number) => (c / 100).toFixed(2);

describe('store POS: a full day at the till', () => {
  let store: TestApp;
  let s: PosStore;
  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
  });
  afterAll(() => store.close());

  it('opens a shift, sells 50 times with mixed tenders, refunds, hands over short and reconciles to the cent', async () => {
    const t = bearer(s.cashierToken);
    const shift = (await store.http().post('/api/pos/shifts').set(t).send({ tillCode: '01', openingFloat: '300.00' }).expect(201)).body;
    const byMethod: Record<string, number> = { CASH: 0, CARD: 0, WX: 0, VCH: 0 };
    let salesTotal = 0;
    const sales: Array<{ id: string; receiptNo: string; lines: Array<{ lineNo: number; productCode: string; quantity: string; amount: string }>; totalAmount: string }> = [];
    for (let i = 0; i < 50; i++) {
      const lines: Array<Record<string, string>> = [{ barcode: '6900000000011', quantity: String((i % 3) + 1) }];
      let due = 350 * ((i % 3) + 1);
      if (i % 2 === 0) {
        lines.push({ productCode: 'P003' });
        due += 990;
      }
      if (i % 5 === 0) {
        lines.push({ productCode: 'P002', quantity: '2' });
        due += 2 * 1180;
      }
      const kind = i % 4;
      const payments =
        kind === 0
          ? [{ paymentMethodId: s.methods.cash.id, amount: yuan(Math.ceil(due / 1000) * 1000) }]
          : kind === 1
            ? [{ paymentMethodId: s.methods.card.id, amount: yuan(due) }]
            : kind === 2
              ? [{ paymentMethodId: s.methods.mobile.id, amount: yuan(due) }]
              : [
                  { paymentMethodId: s.methods.voucher.id, amount: '2.00' },
                  { paymentMethodId: s.methods.cash.id, amount: yuan(Math.ceil((due - 200) / 100) * 100) },
                ];
      const res = await store.http().post('/api/pos/sales').set(t).send({ id: randomUUID(), shiftId: shift.id, lines, payments });
      if (res.status !== 200) throw new Error(`sale ${i}: ${JSON.stringify(res.body)}`);
      expect(res.body.totalAmount).toBe(yuan(due));
      expect(cents(res.body.changeAmount)).toBe(payments.reduce((a, p) => a + cents(p.amount), 0) - due);
      salesTotal += due;
      if (kind === 0) byMethod.CASH += due;
      if (kind === 1) byMethod.CARD += due;
      if (kind === 2) byMethod.WX += due;
      if (kind === 3) {
        byMethod.VCH += 200;
        byMethod.CASH += due - 200;
      }
      sales.push(res.body);
    }
    // refunds: the cola of five sales, to cash, by a supervisor on the same till
    const admin = bearer(s.adminToken);
    let refundsTotal = 0;
    const refundShift = (await store.http().post('/api/pos/shifts').set(admin).send({ tillCode: '02', openingFloat: '0' }).expect(201)).body;
    for (const sale of sales.slice(0, 5)) {
      const cola = sale.lines.find((l) => l.productCode === 'P001')!;
      const r = await store
        .http()
        .post('/api/pos/refunds')
        .set(admin)
        .send({
          id: randomUUID(),
          shiftId: refundShift.id,
          receiptNo: sale.receiptNo,
          reason: '包装破损',
          lines: [{ saleLineNo: cola.lineNo, quantity: cola.quantity }],
          payments: [{ paymentMethodId: s.methods.cash.id, amount: cola.amount }],
        });
      expect(r.status).toBe(200);
      refundsTotal += cents(cola.amount);
    }
    const live = (await store.http().get(`/api/pos/shifts/${shift.id}`).set(t).expect(200)).body;
    expect(live).toMatchObject({ salesCount: 50, salesTotal: yuan(salesTotal) });
    const cashTender = live.tenders.find((x: { methodCode: string }) => x.methodCode === 'CASH');
    expect(cashTender).toMatchObject({ float: '300.00', sales: yuan(byMethod.CASH), expected: yuan(30000 + byMethod.CASH) });

    const countedCash = 30000 + byMethod.CASH - 230;
    const report = (
      await store
        .http()
        .post(`/api/pos/shifts/${shift.id}/handover`)
        .set(t)
        .send({
          counts: [
            { paymentMethodId: s.methods.cash.id, amount: yuan(countedCash) },
            { paymentMethodId: s.methods.card.id, amount: yuan(byMethod.CARD) },
          ],
        })
        .expect(200)
    ).body;
    expect(report.tenders).toEqual([
      expect.objectContaining({ methodCode: 'CARD', expected: yuan(byMethod.CARD), counted: yuan(byMethod.CARD), difference: '0.00' }),
      expect.objectContaining({ methodCode: 'CASH', expected: yuan(30000 + byMethod.CASH), counted: yuan(countedCash), difference: '-2.30' }),
      expect.objectContaining({ methodCode: 'VCH', expected: yuan(byMethod.VCH), counted: null }),
      expect.objectContaining({ methodCode: 'WX', expected: yuan(byMethod.WX), counted: null }),
    ]);
    expect(report.differenceTotal).toBe('-2.30');
    // the refund till paid out more cash than its float: its drawer is expected negative, counted empty
    const refundReport = (
      await store
        .http()
        .post(`/api/pos/shifts/${refundShift.id}/handover`)
        .set(admin)
        .send({ counts: [{ paymentMethodId: s.methods.cash.id, amount: '0.00' }] })
        .expect(200)
    ).body;
    expect(refundReport.tenders[0]).toMatchObject({ refunds: yuan(refundsTotal), expected: yuan(-refundsTotal), difference: yuan(refundsTotal) });

    const rec = (await store.http().get(`/api/pos/reconciliation?date=${shift.businessDate}`).set(admin).expect(200)).body;
    expect(rec.totals).toMatchObject({ sales: yuan(salesTotal), refunds: yuan(refundsTotal), net: yuan(salesTotal - refundsTotal) });
    const cash = rec.perMethod.find((m: { methodCode: string }) => m.methodCode === 'CASH');
    expect(cash).toMatchObject({ sales: yuan(byMethod.CASH), refunds: yuan(refundsTotal), expected: yuan(30000 + byMethod.CASH - refundsTotal) });
    // a day that is no calendar day is refused by its field (DateField), for the day and the shift list alike
    for (const path of ['/api/pos/reconciliation?date=2026-02-30', '/api/pos/shifts?date=2026-02-30'])
      expect((await store.http().get(path).set(admin).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'date' })]);

    const journal = (await store.http().get(`/api/pos/journal?from=${shift.businessDate}&to=${shift.businessDate}`).set(t).expect(200)).body;
    expect(journal.total).toBe(55);
    expect(journal.totals).toMatchObject({ salesCount: 50, salesTotal: yuan(salesTotal), refundsCount: 5, refundsTotal: yuan(refundsTotal) });
    expect(journal.byMethod.find((m: { methodCode: string }) => m.methodCode === 'VCH')).toMatchObject({ sales: yuan(byMethod.VCH) });
    const byTill = (await store.http().get(`/api/pos/journal?tillCode=02`).set(t).expect(200)).body;
    expect(byTill.totals).toMatchObject({ salesCount: 0, refundsCount: 5 });
    // one shift's documents (收银流水 opened from 交班对账)
    const byShift = (await store.http().get(`/api/pos/journal?shiftId=${refundShift.id}`).set(t).expect(200)).body;
    expect({ total: byShift.total, sales: byShift.totals.salesCount, refunds: byShift.totals.refundsCount }).toEqual({ total: 5, sales: 0, refunds: 5 });
    expect((await store.http().get(`/api/pos/journal?shiftId=${shift.id}`).set(t).expect(200)).body.total).toBe(50);
    expect(await count(store, 'transfer_outbox')).toBe(50 + 5 + 2);
  });
});

describe('store POS: last units, negative stock and volume', () => {
  let store: TestApp;
  let s: PosStore;
  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store, { stock: 5000 });
  });
  afterAll(() => store.close());

  const openTills = async (n: number, prefix: string) => {
    const ids: string[] = [];
    for (let i = 1; i <= n; i++)
      ids.push(
        (
          await store
            .http()
            .post('/api/pos/shifts')
            .set(bearer(s.adminToken))
            .send({ tillCode: `${prefix}${i}`, openingFloat: '0' })
            .expect(201)
        ).body.id,
      );
    return ids;
  };
  const sellOne = (shiftId: string, productCode: string, amount: string) =>
    store
      .http()
      .post('/api/pos/sales')
      .set(bearer(s.adminToken))
      .send({ id: randomUUID(), shiftId, lines: [{ productCode }], payments: [{ paymentMethodId: s.methods.cash.id, amount }] });

  it('never oversells the last units to 8 tills at once while negative stock is off', async () => {
    const tills = await openTills(8, 'C');
    const results = await Promise.all(tills.map((id) => sellOne(id, 'P005', '100.00')));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    expect(ok).toHaveLength(5);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ code: 'STOCK_INSUFFICIENT', fields: [{ field: 'lines.0.quantity' }], details: { productCode: 'P005', available: '0' } });
      expect(r.body.message).toContain('限量月饼');
    }
    expect((await onHand(store, s.warehouseId, s.products.last.id)).toString()).toBe('0');
    const [ledger] = await store.dataSource.query('SELECT sum(delta)::text AS q FROM stock_ledger WHERE warehouse_id = $1 AND product_id = $2', [
      s.warehouseId,
      s.products.last.id,
    ]);
    expect(Number(ledger.q)).toBe(0);
    expect(await count(store, 'transfer_outbox', "stream = 'pos.sale'")).toBe(5);
  });

  it('sells into negative stock when the switch is on, and flags it for follow-up', async () => {
    await store.dataSource.query('UPDATE org_settings SET allow_negative_stock = true WHERE org_unit_id = $1', [s.storeId]);
    const [till] = await openTills(1, 'N');
    const res = await sellOne(till, 'P005', '100.00');
    expect(res.status).toBe(200);
    expect(res.body.negativeStock).toBe(true);
    expect(res.body.lines[0].balanceAfter).toBe('-1');
    const flagged = (await store.http().get('/api/pos/negative-stock').set(bearer(s.adminToken)).expect(200)).body;
    expect(flagged).toEqual([expect.objectContaining({ receiptNo: res.body.receiptNo, productCode: 'P005', balanceAfter: '-1' })]);
    await store.dataSource.query('UPDATE org_settings SET allow_negative_stock = false WHERE org_unit_id = $1', [s.storeId]);
  });

  it('completes 1,000 sales on 8 tills with one outbox row and one stock movement each', async () => {
    const tills = await openTills(8, 'V');
    const before = await onHand(store, s.warehouseId, s.products.cola.id);
    const outboxBefore = await count(store, 'transfer_outbox');
    let next = 0;
    const failures: unknown[] = [];
    await Promise.all(
      tills.map(async (shiftId) => {
        while (next < 1000) {
          next++;
          const r = await sellOne(shiftId, 'P001', '5.00');
          if (r.status !== 200) failures.push(r.body);
        }
      }),
    );
    expect(failures).toEqual([]);
    expect((await onHand(store, s.warehouseId, s.products.cola.id)).toString()).toBe(before.minus(1000).toString());
    expect((await count(store, 'transfer_outbox')) - outboxBefore).toBe(1000);
    const [receipts] = await store.dataSource.query(`SELECT count(DISTINCT receipt_no)::int AS n FROM pos_sale WHERE till_code LIKE 'V%'`);
    expect(receipts.n).toBe(1000);
  }, 600_000);
});
