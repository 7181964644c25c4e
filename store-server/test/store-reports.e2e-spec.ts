import { dec } from '@chain-erp/shared';
import { bearer, bootTestApp, type TestApp, type PosStore, seedPosStore } from '@chain-erp/shared/testing';
import { randomUUID } from 'node:crypto';
import { STORE_SERVER } from '../src/server';

/**
 * Reports at a store, on sales rung up through the till: each sold and refunded line keeps the cost
 * StockService moved it at (the till never sees it), and the gross margin uses exactly that cost.
 */
describe('reports at a store', () => {
  let store: TestApp;
  let s: PosStore;

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('gross margin at the moving-average cost of each line, refunds deducted; the till never gets the cost', async () => {
    const t = bearer(s.adminToken);
    const shift = (await store.http().post('/api/pos/shifts').set(t).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body.id;
    const sale = await store
      .http()
      .post('/api/pos/sales')
      .set(t)
      .send({
        id: randomUUID(),
        shiftId: shift,
        lines: [{ productCode: 'P001', quantity: '2' }, { productCode: 'P003' }],
        payments: [{ paymentMethodId: s.methods.cash.id, amount: '20.00' }],
      })
      .expect(200);
    expect(sale.body.lines.every((l: object) => !('unitCost' in l))).toBe(true);
    await store
      .http()
      .post('/api/pos/refunds')
      .set(t)
      .send({ id: randomUUID(), shiftId: shift, saleId: sale.body.id, reason: '退货', lines: [{ saleLineNo: 1, quantity: '1' }] })
      .expect(200);

    // the cost the stock ledger recorded for each movement, and what the line and the pushed body carry
    const ledger = await store.dataSource.query(
      `SELECT doc_type, doc_line, (amount / delta)::text AS cost FROM stock_ledger WHERE doc_type IN ('POS_SALE', 'POS_REFUND') ORDER BY doc_type DESC, doc_line`,
    );
    const lines = await store.dataSource.query(`SELECT line_no, unit_cost::text FROM pos_sale_line ORDER BY line_no`);
    expect(lines.map((l: { unit_cost: string }) => dec(l.unit_cost).toString())).toEqual(
      ledger.filter((r: { doc_type: string }) => r.doc_type === 'POS_SALE').map((r: { cost: string }) => dec(r.cost).toString()),
    );
    const [outbox] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'pos.sale'`);
    expect(outbox.body.lines.map((l: { unitCost: string }) => dec(l.unitCost).toString())).toEqual(lines.map((l: { unit_cost: string }) => dec(l.unit_cost).toString()));

    const colaCost = dec(lines[0].unit_cost);
    const milkCost = dec(lines[1].unit_cost);
    expect(colaCost.toString()).toBe('2.1'); // the opening stock's cost (retail × 0.6)
    const amount = dec('7.00').plus('9.90').minus('3.50');
    const cost = colaCost.times(2).plus(milkCost).minus(colaCost);
    const today = sale.body.businessDate;
    const res = await store.http().get(`/api/reports/gross-margin?from=${today}&to=${today}&groupBy=product`).set(t).expect(200);
    expect(res.body.totals).toMatchObject({ amount: amount.toFixed(2), cost: cost.toFixed(2), margin: amount.minus(cost.toDecimalPlaces(2)).toFixed(2), uncostedAmount: '0.00' });
    expect(res.body.items.map((r: { productCode: string; qty: string }) => [r.productCode, r.qty])).toEqual([
      ['P003', '1'],
      ['P001', '1'],
    ]);
  });

  it('a store sees its own sales and stock; asking for another store gives nothing; cashiers have no report permission', async () => {
    const t = bearer(s.adminToken);
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    const own = await store.http().get(`/api/reports/sales?from=${day}&to=${day}&groupBy=store`).set(t).expect(200);
    expect(own.body.items).toEqual([expect.objectContaining({ storeCode: 'S001', receipts: 1, refunds: 1 })]);
    const other = await store.http().get(`/api/reports/sales?from=${day}&to=${day}&groupBy=store&storeId=${randomUUID()}`).set(t).expect(200);
    expect(other.body.total).toBe(0);
    const stock = await store.http().get('/api/reports/stock/warehouses').set(t).expect(200);
    const [sum] = await store.dataSource.query(`SELECT count(*)::int AS n, sum(value)::text AS value FROM stock_balance WHERE qty <> 0`);
    expect(stock.body.items).toEqual([expect.objectContaining({ warehouseCode: 'S001-01', products: sum.n, value: dec(sum.value).toFixed(2) })]);
    const denied = await store.http().get(`/api/reports/sales?from=${day}&to=${day}&groupBy=store`).set(bearer(s.cashierToken));
    expect([denied.status, denied.body.code]).toEqual([403, 'PERMISSION_DENIED']);
  });
});
