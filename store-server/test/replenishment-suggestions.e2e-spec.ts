import { bearer, bootTestApp, type TestApp, type PosStore, seedPosStore } from '@chain-erp/shared/testing';
import { randomUUID } from 'node:crypto';
import { STORE_SERVER } from '../src/server';

/** Issue 17 §5: suggested quantities count what the store sold at its tills, net of refunds. */
describe('replenishment suggestions count till sales', () => {
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  const http = () => store.http();
  const cash = (amount: string) => ({ paymentMethodId: s.methods.cash.id, amount });
  const suggestions = (query: string) => http().get(`/api/replenishment/suggestions?${query}`).set(bearer(s.adminToken));

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store, { stock: 40 });
    shiftId = (await http().post('/api/pos/shifts').set(bearer(s.adminToken)).send({ tillCode: '01', openingFloat: '100.00' }).expect(201)).body.id;
    // 可乐 13 in three sales, 牛奶 30 in ten, through the till API
    const sales = [];
    for (const qty of ['5', '5', '3']) {
      sales.push(
        (
          await http()
            .post('/api/pos/sales')
            .set(bearer(s.adminToken))
            .send({ id: randomUUID(), shiftId, lines: [{ productCode: 'P001', quantity: qty }], payments: [cash('100')] })
            .expect(200)
        ).body,
      );
    }
    for (let i = 0; i < 10; i++) {
      await http()
        .post('/api/pos/sales')
        .set(bearer(s.adminToken))
        .send({ id: randomUUID(), shiftId, lines: [{ productCode: 'P003', quantity: '3' }], payments: [cash('100')] })
        .expect(200);
    }
    // two colas come back
    const first = sales[0];
    const line = first.lines[0];
    const amount = ((Number(line.amount) * 2) / 5).toFixed(2);
    await http()
      .post('/api/pos/refunds')
      .set(bearer(s.adminToken))
      .send({ id: randomUUID(), shiftId, receiptNo: first.receiptNo, reason: '退货', lines: [{ saleLineNo: line.lineNo, quantity: '2' }], payments: [cash(amount)] })
      .expect(200);
  });

  afterAll(() => store.close());

  it('soldQty is what the tills sold, net of refunds', async () => {
    const ids = [s.products.cola.id, s.products.milk.id, s.products.bread.id].join(',');
    const lines = (await suggestions(`productIds=${ids}&days=7`).expect(200)).body;
    const sold = Object.fromEntries(lines.map((l: { productCode: string; soldQty: string }) => [l.productCode, l.soldQty]));
    expect(sold).toEqual({ P001: '11', P003: '30', P002: '0' });
    const milk = lines.find((l: { productCode: string }) => l.productCode === 'P003');
    expect(milk).toMatchObject({ onHand: '10', dailyVelocity: '4.286' });
  });

  it('suggests what sold fast and is running low, without naming products', async () => {
    const lines = (await suggestions('days=1').expect(200)).body;
    const milk = lines.find((l: { productCode: string }) => l.productCode === 'P003');
    // 30 a day, 2 days' lead time, 7 days' cover: up to 270, 10 on hand
    expect(milk).toMatchObject({ soldQty: '30', reorderPoint: '60', orderUpTo: '270', suggested: '260' });
  });

  it('docTypes takes the ledger’s own doc type names (gross till sales with POS_SALE alone)', async () => {
    const lines = (await suggestions(`productIds=${s.products.cola.id}&docTypes=POS_SALE`).expect(200)).body;
    expect(lines[0].soldQty).toBe('13');
    expect((await suggestions('docTypes=drop table').expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
