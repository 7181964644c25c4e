import { randomUUID } from 'node:crypto';
import { dec, localToday } from '@chain-erp/shared';
import { bearer, bootTestApp, type TestApp, count, type PosStore, seedMemberCards, seedPosStore } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

/**
 * 充值单 at the till with a 本店卡 (its balance lives here, so no HQ is needed): a top-up is a
 * document of the shift — its cash is in the drawer's expected cash, the handover balances to the
 * cent, the reconciliation shows it per shift and per day, the journal lists it, and it waits in the
 * outbox for HQ. A reversal (充值冲正) is a new document that gives the money back once.
 */
describe('store POS: top-ups (充值单) in the shift, the handover and the reconciliation', () => {
  let store: TestApp;
  let s: PosStore;
  const http = () => store.http();
  const as = (token: string) => ({ get: (p: string) => http().get(p).set(bearer(token)), post: (p: string, b: object) => http().post(p).set(bearer(token)).send(b) });
  let admin: ReturnType<typeof as>;
  const balance = async (cardNo: string) => (await store.dataSource.query(`SELECT stored_value_balance::text AS sv FROM member_card WHERE card_no = $1`, [cardNo]))[0].sv as string;
  const tender = (shift: { tenders: Array<{ methodCode: string }> }, code: string) => shift.tenders.find((t) => t.methodCode === code) as Record<string, string>;

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
    admin = as(s.adminToken);
    await seedMemberCards(store, s.storeId, [{ cardNo: 'OWN0009', scope: 'store' }]);
  });
  afterAll(() => store.close());

  it('shows stored value (储值卡) as an available tender that needs the member card', async () => {
    const methods = (await admin.get('/api/pos/payment-methods').expect(200)).body;
    expect(methods.find((m: { type: string }) => m.type === 'stored_value')).toMatchObject({ code: 'SV', available: true, requiresMemberCard: true });
    expect(methods.every((m: { available: boolean }) => m.available)).toBe(true);
  });

  it('puts a cash top-up into the shift’s expected cash: the handover and the reconciliation balance to the cent, per shift and per day', async () => {
    const shift = (await admin.post('/api/pos/shifts', { tillCode: '05', openingFloat: '200.00' }).expect(201)).body;
    // a cash sale: one cola 3.50, paid 10.00, change 6.50
    const sale = (
      await admin
        .post('/api/pos/sales', { id: randomUUID(), shiftId: shift.id, lines: [{ productCode: 'P001' }], payments: [{ paymentMethodId: s.methods.cash.id, amount: '10.00' }] })
        .expect(200)
    ).body;
    expect(sale.totalAmount).toBe('3.50');
    const cashTopUp = { id: randomUUID(), shiftId: shift.id, cardNo: 'OWN0009', amount: '100.00', paymentMethodId: s.methods.cash.id, tendered: '100.00' };
    const top = (await admin.post('/api/pos/top-ups', cashTopUp).expect(200)).body;
    expect(top).toMatchObject({
      kind: 'top_up',
      cardScope: 'store',
      amount: '100.00',
      changeAmount: '0.00',
      cardBalanceAfter: '100.00',
      topUpNo: expect.stringMatching(/^TOPUP-S001-05-\d{8}-0001$/),
    });
    expect(await balance('OWN0009')).toBe('100.00');
    const cardTopUp = (
      await admin
        .post('/api/pos/top-ups', { id: randomUUID(), shiftId: shift.id, cardNo: 'OWN0009', amount: '50.00', paymentMethodId: s.methods.card.id, reference: 'AUTH 1' })
        .expect(200)
    ).body;
    expect(cardTopUp.cardBalanceAfter).toBe('150.00');
    // the top-up is in the ledger of the card, in this store, named by its number
    expect(await store.dataSource.query(`SELECT kind, doc_no, tender_code FROM member_ledger WHERE ref_id = $1`, [top.id])).toEqual([
      { kind: 'top_up', doc_no: top.topUpNo, tender_code: 'CASH' },
    ]);

    const live = (await admin.get(`/api/pos/shifts/${shift.id}`).expect(200)).body;
    expect(live).toMatchObject({ topUpsCount: 2, topUpsTotal: '150.00' });
    expect(tender(live, 'CASH')).toMatchObject({ float: '200.00', sales: '3.50', topUps: '100.00', expected: '303.50' });
    expect(tender(live, 'CARD')).toMatchObject({ sales: '0.00', topUps: '50.00', expected: '50.00' });

    // the drawer holds 200 + 3.50 + 100: counted so, it balances to the cent
    const report = (
      await admin
        .post(`/api/pos/shifts/${shift.id}/handover`, {
          counts: [
            { paymentMethodId: s.methods.cash.id, amount: '303.50' },
            { paymentMethodId: s.methods.card.id, amount: '50.00' },
          ],
        })
        .expect(200)
    ).body;
    expect(report).toMatchObject({ differenceTotal: '0.00', topUpsCount: 2, topUpsTotal: '150.00', expectedTotal: '353.50' });
    expect(tender(report, 'CASH')).toMatchObject({ expected: '303.50', counted: '303.50', difference: '0.00' });
    const [pushed] = await store.dataSource.query(`SELECT body FROM transfer_outbox WHERE stream = 'pos.shift-report' AND id = $1`, [shift.id]);
    expect(pushed.body).toMatchObject({ topUpsTotal: '150.00', differenceTotal: '0.00' });
    expect(await count(store, 'transfer_outbox', `stream = 'pos.top-up' AND id = ANY($1::uuid[])`, [[top.id, cardTopUp.id]])).toBe(2);

    // a second shift gives the cash top-up back (充值冲正) out of its drawer, and is 0.40 short
    const second = (await admin.post('/api/pos/shifts', { tillCode: '06', openingFloat: '150.00' }).expect(201)).body;
    const reversal = (await admin.post(`/api/pos/top-ups/${top.id}/reverse`, { id: randomUUID(), shiftId: second.id, reason: '顾客要求退回' }).expect(200)).body;
    expect(reversal).toMatchObject({ kind: 'reversal', originalNo: top.topUpNo, amount: '100.00', methodCode: 'CASH', cardBalanceAfter: '50.00' });
    expect(await balance('OWN0009')).toBe('50.00');
    expect(tender((await admin.get(`/api/pos/shifts/${second.id}`).expect(200)).body, 'CASH')).toMatchObject({ float: '150.00', topUps: '-100.00', expected: '50.00' });
    await admin.post(`/api/pos/shifts/${second.id}/handover`, { counts: [{ paymentMethodId: s.methods.cash.id, amount: '49.60' }] }).expect(200);

    const day = (await admin.get(`/api/pos/reconciliation?date=${localToday()}`).expect(200)).body;
    const first = day.shifts.find((x: { id: string }) => x.id === shift.id);
    expect(first).toMatchObject({ topUpsCount: 2, topUpsTotal: '150.00', expectedTotal: '353.50', countedTotal: '353.50', differenceTotal: '0.00' });
    expect(tender(first, 'CASH')).toMatchObject({ expected: '303.50', counted: '303.50', difference: '0.00' });
    const other = day.shifts.find((x: { id: string }) => x.id === second.id);
    expect(other).toMatchObject({ topUpsCount: 1, topUpsTotal: '-100.00', expectedTotal: '50.00', countedTotal: '49.60', differenceTotal: '-0.40' });
    expect(tender({ tenders: day.perMethod }, 'CASH')).toMatchObject({
      float: '350.00',
      sales: '3.50',
      topUps: '0.00',
      expected: '353.50',
      counted: '353.10',
      difference: '-0.40',
    });
    expect(tender({ tenders: day.perMethod }, 'CARD')).toMatchObject({ topUps: '50.00', expected: '50.00', counted: '50.00', difference: '0.00' });
    expect(day.totals).toMatchObject({ sales: '3.50', topUps: '50.00', difference: '-0.40' });

    // the cashier journal (收银流水) lists both documents; top-ups are takings, not sales
    const journal = (await admin.get('/api/pos/journal?kind=top-up').expect(200)).body;
    expect(journal.items.map((i: { docNo: string; amount: string }) => [i.docNo, i.amount]).sort()).toEqual(
      [
        [top.topUpNo, '100.00'],
        [cardTopUp.topUpNo, '50.00'],
        [reversal.topUpNo, '-100.00'],
      ].sort(),
    );
    const all = (await admin.get('/api/pos/journal').expect(200)).body;
    expect(all.totals).toMatchObject({ salesTotal: '3.50', net: '3.50', topUpsCount: 3, topUpsTotal: '50.00', takings: '53.50' });
    expect(all.byMethod.find((m: { methodCode: string }) => m.methodCode === 'CASH')).toMatchObject({ sales: '3.50', net: '3.50', topUps: '0.00', takings: '3.50' });
  });

  it('refuses a top-up outside an open shift of the cashier, and a second reversal, writing nothing', async () => {
    const shift = (await admin.post('/api/pos/shifts', { tillCode: '09', openingFloat: '0' }).expect(201)).body;
    const body = { id: randomUUID(), shiftId: shift.id, cardNo: 'OWN0009', amount: '20.00', paymentMethodId: s.methods.cash.id };
    const top = (await admin.post('/api/pos/top-ups', body).expect(200)).body;
    // a cashier without 储值充值, a closed shift
    expect(
      (
        await as(s.cashierToken)
          .post('/api/pos/top-ups', { ...body, id: randomUUID() })
          .expect(403)
      ).body.code,
    ).toBe('PERMISSION_DENIED');
    await admin.post(`/api/pos/shifts/${shift.id}/handover`, { counts: [{ paymentMethodId: s.methods.cash.id, amount: '20.00' }] }).expect(200);
    expect((await admin.post('/api/pos/top-ups', { ...body, id: randomUUID() }).expect(409)).body.code).toBe('POS_SHIFT_NOT_OPEN');
    const next = (await admin.post('/api/pos/shifts', { tillCode: '09', openingFloat: '0' }).expect(201)).body;
    const rev = { id: randomUUID(), shiftId: next.id, reason: '充错金额' };
    await admin.post(`/api/pos/top-ups/${top.id}/reverse`, rev).expect(200);
    expect((await admin.post(`/api/pos/top-ups/${top.id}/reverse`, { ...rev, id: randomUUID() }).expect(409)).body.code).toBe('MEMBER_TOP_UP_REVERSED');
    // a reversal is not itself reversible, and an unknown top-up is not found
    expect((await admin.post(`/api/pos/top-ups/${rev.id}/reverse`, { ...rev, id: randomUUID() }).expect(404)).body.code).toBe('POS_TOP_UP_NOT_FOUND');
    expect(await count(store, 'pos_top_up', 'shift_id = $1', [next.id])).toBe(1);
    // spent money cannot be given back: the card holds less than the top-up
    const spend = { id: randomUUID(), shiftId: next.id, cardNo: 'OWN0009', amount: '30.00', paymentMethodId: s.methods.cash.id };
    const spendable = (await admin.post('/api/pos/top-ups', spend).expect(200)).body;
    const left = dec(await balance('OWN0009'));
    await admin
      .post('/api/pos/sales', {
        id: randomUUID(),
        shiftId: next.id,
        memberRef: 'OWN0009',
        lines: [{ productCode: 'P005' }],
        payments: [
          { paymentMethodId: s.methods.stored.id, amount: left.toFixed(2) },
          { paymentMethodId: s.methods.cash.id, amount: dec(88).minus(left).toFixed(2) },
        ],
      })
      .expect(200);
    expect(await balance('OWN0009')).toBe('0.00');
    const refused = await admin.post(`/api/pos/top-ups/${spendable.id}/reverse`, { id: randomUUID(), shiftId: next.id, reason: '退回' }).expect(409);
    expect(refused.body.code).toBe('MEMBER_INSUFFICIENT_BALANCE');
    expect(await count(store, 'pos_top_up', `original_id = $1`, [spendable.id])).toBe(0);
  });

  it('finds a top-up and its reversal by number (the till reverses what the cashier scans from the slip)', async () => {
    const shift = (await admin.post('/api/pos/shifts', { tillCode: '11', openingFloat: '0' }).expect(201)).body;
    const top = (await admin.post('/api/pos/top-ups', { id: randomUUID(), shiftId: shift.id, cardNo: 'OWN0009', amount: '10.00', paymentMethodId: s.methods.cash.id }).expect(200))
      .body;
    expect((await admin.get(`/api/pos/top-ups/by-no/${top.topUpNo}`).expect(200)).body).toMatchObject({ id: top.id, kind: 'top_up', amount: '10.00', cardNo: 'OWN0009' });
    const rev = (await admin.post(`/api/pos/top-ups/${top.id}/reverse`, { id: randomUUID(), shiftId: shift.id, reason: '充错卡' }).expect(200)).body;
    expect((await admin.get(`/api/pos/top-ups/by-no/${rev.topUpNo}`).expect(200)).body).toMatchObject({ id: rev.id, kind: 'reversal', originalNo: top.topUpNo });
    // the cashier reads it too (收银查询), an unknown number is not found, a malformed one is refused on the field
    await as(s.cashierToken).get(`/api/pos/top-ups/by-no/${top.topUpNo}`).expect(200);
    expect((await admin.get('/api/pos/top-ups/by-no/TOPUP-S001-11-20000101-0001').expect(404)).body.code).toBe('POS_TOP_UP_NOT_FOUND');
    const bad = await admin.get('/api/pos/top-ups/by-no/TOPUP%20X').expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('topUpNo');
  });
});
