import { dec, type Dec, tillView } from '@chain-erp/shared';
import { bearer, bootTestApp, type TestApp, count, onHand, type PosStore, seedMemberCards, seedPosStore } from '@chain-erp/shared/testing';
import { randomUUID } from 'node:crypto';
import { makeWeighedBarcode } from '../src/pos/weighed-barcode';
import { STORE_SERVER } from '../src/server';

describe('store POS: the till API', () => {
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  const http = () => store.http();

  const openShift = async (token: string, tillCode: string, openingFloat = '200.00') => {
    const res = await http().post('/api/pos/shifts').set(bearer(token)).send({ tillCode, openingFloat });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const sell = (body: Record<string, unknown>, token = s.adminToken) =>
    http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({ id: randomUUID(), shiftId, ...body });
  const cash = (amount: string) => ({ paymentMethodId: s.methods.cash.id, amount });

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
    await seedMemberCards(store, s.storeId, [{ cardNo: 'M0001' }, { cardNo: 'M0009' }, { cardNo: 'M0002', state: 'assigned' }, { cardNo: 'M0003', state: 'lost' }]);
    shiftId = await openShift(s.adminToken, '01');
  });
  afterAll(() => store.close());

  it('sells with cash and change in one transaction: sale, lines, payments, stock, outbox row', async () => {
    const before = await onHand(store, s.warehouseId, s.products.cola.id);
    const res = await sell({ lines: [{ barcode: '6900000000011', quantity: '2' }, { productCode: 'P002' }], payments: [cash('50')] });
    expect(res.status).toBe(200);
    // cola 2 × 3.50 (no member) + bread at the store price 11.80
    expect(res.body).toMatchObject({ totalAmount: '18.80', paidAmount: '50.00', changeAmount: '31.20', tillCode: '01' });
    expect(res.body.receiptNo).toMatch(/^SALE-S001-01-\d{8}-\d{4}$/);
    expect(res.body.lines[1]).toMatchObject({ priceSource: 'store', unitPrice: '11.80', amount: '11.80' });
    expect(res.body.payments[0]).toMatchObject({ tendered: '50.00', changeAmount: '31.20', amount: '18.80' });
    expect((await onHand(store, s.warehouseId, s.products.cola.id)).toString()).toBe(before.minus(2).toString());
    const [outbox] = await store.dataSource.query('SELECT stream, body FROM transfer_outbox WHERE id = $1', [res.body.id]);
    expect(outbox.stream).toBe('pos.sale');
    // the pushed body is the till's answer plus each line's cost (for HQ's margin reports; never shown at the till)
    expect(tillView(outbox.body)).toEqual(res.body);
    expect(outbox.body.lines.map((l: { unitCost: string }) => l.unitCost)).toEqual(['2.1', '7.68']);
    expect(await count(store, 'stock_ledger', 'doc_id = $1', [res.body.id])).toBe(2);
  });

  it('applies member prices only with a member card, and weighed labels with weight or price', async () => {
    const weight = makeWeighedBarcode({ prefix: '21', codeLength: 5, valueLength: 5, kind: 'weight', decimals: 3 }, '10023', '1.255');
    const price = makeWeighedBarcode({ prefix: '22', codeLength: 5, valueLength: 5, kind: 'price', decimals: 2 }, '10023', '18.36');
    const res = await sell({ memberRef: 'M0001', lines: [{ barcode: '6900000000011' }, { barcode: weight }, { barcode: price }], payments: [cash('100')] });
    expect(res.status).toBe(200);
    expect(res.body.lines[0]).toMatchObject({ priceSource: 'member', unitPrice: '3.00' });
    expect(res.body.lines[1]).toMatchObject({ quantity: '1.255', amount: '15.06' });
    expect(res.body.lines[2]).toMatchObject({ quantity: '1.53', amount: '18.36', priceSource: 'barcode' });
    expect(res.body.totalAmount).toBe('36.42');
    // a chain card's points wait in the outbox, written with the sale, for HQ to post once
    const [points] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'member.points' AND body->>'saleId' = $1`, [res.body.id]);
    expect(points.body).toMatchObject({ saleId: res.body.id, cardNo: 'M0001', amount: '36.42', storeId: s.storeId });
    // a blank or lost card gives no member price: the sale is refused with the card's state, nothing written
    const ledgerBefore = await count(store, 'stock_ledger');
    expect((await sell({ memberRef: 'M0002', lines: [{ barcode: '6900000000011' }], payments: [cash('5')] }).expect(409)).body.code).toBe('MEMBER_CARD_NOT_ISSUED');
    expect((await sell({ memberRef: 'M0003', lines: [{ barcode: '6900000000011' }], payments: [cash('5')] }).expect(409)).body.code).toBe('MEMBER_CARD_BLOCKED');
    expect(await count(store, 'stock_ledger')).toBe(ledgerBefore);
  });

  it('takes several tenders and refuses short, card-overpaid and stored-value payments without writing anything', async () => {
    const ok = await sell({
      lines: [{ productCode: 'P003', quantity: '3' }],
      payments: [{ paymentMethodId: s.methods.card.id, amount: '20.00', reference: 'AUTH1' }, { paymentMethodId: s.methods.voucher.id, amount: '5.00' }, cash('10')],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ totalAmount: '29.70', changeAmount: '5.30' });
    const outboxBefore = await count(store, 'transfer_outbox');
    const ledgerBefore = await count(store, 'stock_ledger');
    const short = await sell({ lines: [{ productCode: 'P003', quantity: '3' }], payments: [cash('20')] });
    expect(short.status).toBe(422);
    expect(short.body).toMatchObject({ code: 'POS_TENDER_SHORT', details: { missing: '9.70' } });
    const over = await sell({ lines: [{ productCode: 'P003' }], payments: [{ paymentMethodId: s.methods.card.id, amount: '20.00' }] });
    expect(over.body.code).toBe('POS_TENDER_OVERPAID');
    const stored = await sell({ lines: [{ productCode: 'P003' }], payments: [{ paymentMethodId: s.methods.stored.id, amount: '9.90' }] });
    expect(stored.body.code).toBe('POS_MEMBER_CARD_REQUIRED');
    expect(await count(store, 'transfer_outbox')).toBe(outboxBefore);
    expect(await count(store, 'stock_ledger')).toBe(ledgerBefore);
    expect(await count(store, 'pos_sale', 'id = ANY($1::uuid[])', [[short.body.id, over.body.id].filter(Boolean)])).toBe(0);
  });

  it('answers a retry with the first result and refuses another sale under the same id', async () => {
    const body = { id: randomUUID(), shiftId, lines: [{ productCode: 'P001' }], payments: [cash('5')] };
    const first = await http().post('/api/pos/sales').set(bearer(s.adminToken)).send(body).expect(200);
    const [again, concurrent] = await Promise.all([
      http().post('/api/pos/sales').set(bearer(s.adminToken)).send(body),
      http().post('/api/pos/sales').set(bearer(s.adminToken)).send(body),
    ]);
    expect(again.body).toEqual(first.body);
    expect(concurrent.body).toEqual(first.body);
    expect(await count(store, 'pos_sale', 'id = $1', [body.id])).toBe(1);
    expect(await count(store, 'stock_ledger', 'doc_id = $1', [body.id])).toBe(1);
    expect(await count(store, 'transfer_outbox', 'id = $1', [body.id])).toBe(1);
    const other = await http()
      .post('/api/pos/sales')
      .set(bearer(s.adminToken))
      .send({ ...body, payments: [cash('10')] });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('answers bad input with codes: unknown barcode, discount beyond the limit, void or price override without permission', async () => {
    const unknown = await sell({ lines: [{ barcode: '6900000099999' }], payments: [cash('10')] });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ code: 'POS_UNKNOWN_BARCODE', fields: [{ field: 'lines.0.barcode' }] });
    const cashierShift = await openShift(s.cashierToken, '02', '0');
    const asCashier = (body: Record<string, unknown>) =>
      http()
        .post('/api/pos/sales')
        .set(bearer(s.cashierToken))
        .send({ id: randomUUID(), shiftId: cashierShift, payments: [cash('100')], ...body });
    const disc = await asCashier({ lines: [{ productCode: 'P002', discountPercent: '30' }] });
    expect(disc.status).toBe(403);
    expect(disc.body).toMatchObject({ code: 'POS_DISCOUNT_BEYOND_LIMIT', fields: [{ field: 'lines.0.discountPercent' }] });
    const within = await asCashier({ lines: [{ productCode: 'P002', discountPercent: '10' }], discountAmount: '0.50' });
    expect(within.status).toBe(200);
    expect(within.body).toMatchObject({ grossAmount: '11.80', discountAmount: '1.68', totalAmount: '10.12' });
    expect((await asCashier({ lines: [{ productCode: 'P002' }, { productCode: 'P001', voided: true }] })).body.code).toBe('POS_VOID_NOT_ALLOWED');
    expect((await asCashier({ lines: [{ productCode: 'P002', price: '1.00' }] })).body.code).toBe('POS_PRICE_OVERRIDE_NOT_ALLOWED');
    // the supervisor may, and the voided line is kept for the journal
    const sup = await sell({
      lines: [
        { productCode: 'P002', discountPercent: '30' },
        { productCode: 'P001', voided: true },
      ],
      payments: [cash('100')],
    });
    expect(sup.status).toBe(200);
    expect(sup.body.lines[1]).toMatchObject({ voided: true, amount: '0.00' });
    expect(await count(store, 'stock_ledger', 'doc_id = $1', [sup.body.id])).toBe(1);
    const fraction = await sell({ lines: [{ productCode: 'P001', quantity: '1.5' }], payments: [cash('10')] });
    expect(fraction.body.code).toBe('POS_QUANTITY_NOT_WHOLE');
    await http()
      .post(`/api/pos/shifts/${cashierShift}/handover`)
      .set(bearer(s.cashierToken))
      .send({ counts: [cash('10.12')] })
      .expect(200);
    const closed = await asCashier({ lines: [{ productCode: 'P002' }] });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('POS_SHIFT_NOT_OPEN');
  });

  it('refunds part of a sale by receipt number, never more than sold, money back by the original tenders', async () => {
    const sale = (
      await sell({
        lines: [
          { productCode: 'P003', quantity: '3' },
          { productCode: 'P001', quantity: '1' },
        ],
        payments: [{ paymentMethodId: s.methods.mobile.id, amount: '20.00' }, cash('20')],
      }).expect(200)
    ).body;
    expect(sale.totalAmount).toBe('33.20');
    const milkBefore = await onHand(store, s.warehouseId, s.products.milk.id);
    const refund = (body: Record<string, unknown>, token = s.adminToken) =>
      http()
        .post('/api/pos/refunds')
        .set(bearer(token))
        .send({ id: randomUUID(), shiftId, reason: '质量问题', ...body });
    const r1 = await refund({ receiptNo: sale.receiptNo, lines: [{ saleLineNo: 1, quantity: '2' }] });
    expect(r1.status).toBe(200);
    expect(r1.body).toMatchObject({ totalAmount: '19.80', saleReceiptNo: sale.receiptNo, withoutReceipt: false });
    expect(
      r1.body.payments
        .map((p: { amount: string }) => p.amount)
        .reduce((a: Dec, b: string) => a.plus(b), dec(0))
        .toFixed(2),
    ).toBe('19.80');
    expect((await onHand(store, s.warehouseId, s.products.milk.id)).toString()).toBe(milkBefore.plus(2).toString());
    const tooMany = await refund({ saleId: sale.id, lines: [{ saleLineNo: 1, quantity: '2' }] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'POS_REFUND_EXCEEDS_SOLD', fields: [{ field: 'lines.0.quantity', message: 'at most 1 can be refunded' }] });
    const noReason = await refund({ saleId: sale.id, reason: '', lines: [{ saleLineNo: 1, quantity: '1' }] });
    expect(noReason.status).toBe(400);
    // the rest, to cash: the pieces add up to exactly what the line cost
    const r2 = await refund({
      saleId: sale.id,
      lines: [
        { saleLineNo: 1, quantity: '1' },
        { saleLineNo: 2, quantity: '1' },
      ],
      payments: [cash('13.40')],
    });
    expect(r2.status).toBe(200);
    expect(dec(r1.body.totalAmount).plus(r2.body.totalAmount).toFixed(2)).toBe(sale.totalAmount);
    // without a receipt: the cashier may not; the admin may
    const cashierShift = await openShift(s.cashierToken, '03', '0');
    const denied = await http()
      .post('/api/pos/refunds')
      .set(bearer(s.cashierToken))
      .send({ id: randomUUID(), shiftId: cashierShift, reason: '顾客退货', lines: [{ barcode: '6900000000011', quantity: '1' }] });
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('POS_REFUND_NO_RECEIPT_FORBIDDEN');
    const free = await refund({ reason: '顾客退货', lines: [{ barcode: '6900000000011', quantity: '1' }] });
    expect(free.status).toBe(200);
    expect(free.body).toMatchObject({ withoutReceipt: true, totalAmount: '3.50', payments: [{ methodType: 'cash', amount: '3.50' }] });
    await http()
      .post(`/api/pos/shifts/${cashierShift}/handover`)
      .set(bearer(s.cashierToken))
      .send({ counts: [cash('0')] })
      .expect(200);
    expect(await count(store, 'transfer_outbox', "stream = 'pos.refund'")).toBe(3);
  });

  it('prints a receipt once and reprints only with the permission', async () => {
    const sale = (await sell({ memberRef: 'M0009', lines: [{ productCode: 'P003', discountAmount: '0.90' }], payments: [cash('20')] }).expect(200)).body;
    const text = await http().get(`/api/pos/sales/${sale.id}/receipt?format=text`).set(bearer(s.adminToken)).expect(200);
    expect(text.headers['content-type']).toMatch(/text\/plain/);
    const lines = text.text.trimEnd().split('\n');
    expect(lines.some((l) => l.includes(sale.receiptNo))).toBe(true);
    expect(lines.some((l) => l.startsWith('找零') && l.endsWith('12.00'))).toBe(true);
    expect(text.text).not.toContain('重打');
    const again = await http().get(`/api/pos/sales/${sale.id}/receipt`).set(bearer(s.adminToken)).expect(200);
    expect(again.body).toMatchObject({ reprint: true, width: 32 });
    expect(again.body.text).toContain('重打');
  });

  it('hands a shift over with a cash difference and reconciles the day', async () => {
    const day = await http().get(`/api/pos/shifts/${shiftId}`).set(bearer(s.adminToken)).expect(200);
    const cashTender = day.body.tenders.find((t: { methodType: string }) => t.methodType === 'cash');
    const counted = dec(cashTender.expected).minus('1.50').toFixed(2);
    const res = await http()
      .post(`/api/pos/shifts/${shiftId}/handover`)
      .set(bearer(s.adminToken))
      .send({ counts: [cash(counted), { paymentMethodId: s.methods.card.id, amount: '20.00' }], note: '少1.5元' });
    expect(res.status).toBe(200);
    expect(res.body.tenders.find((t: { methodType: string }) => t.methodType === 'cash')).toMatchObject({ counted, difference: '-1.50' });
    expect(res.body.differenceTotal).toBe('-1.50');
    const [row] = await store.dataSource.query(`SELECT stream FROM transfer_outbox WHERE id = $1`, [shiftId]);
    expect(row.stream).toBe('pos.shift-report');
    const date = res.body.businessDate;
    const rec = await http().get(`/api/pos/reconciliation?date=${date}`).set(bearer(s.adminToken)).expect(200);
    expect(rec.body.openShifts).toBe(0);
    expect(rec.body.totals.difference).toBe('-1.50');
    shiftId = await openShift(s.adminToken, '01');
  });
});
