import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, count, type PosStore, seedPosStore, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

/**
 * 礼品卡售卡单 at a store alone (no HQ: the card's value is HQ's, so every sale is refused here, with
 * nothing written): bad input is a 400 naming the field, a card sale and a look-up without HQ are
 * refused, a tender that is not money is refused before HQ is asked, and the shift shows no gift
 * cards. The sale through HQ: system-test/test/gift-cards.e2e-spec.ts.
 */
describe('store POS: gift-card sales (礼品卡售卡单) without HQ', () => {
  let store: TestApp;
  let s: PosStore;
  let shiftId: string;
  const post = (body: object) =>
    store
      .http()
      .post('/api/pos/gift-card-sales')
      .set(bearer(s.cashierToken))
      .send({ id: randomUUID(), shiftId, cardNo: '6214830012345678', amount: '100.00', paymentMethodId: s.methods.cash.id, ...body });
  const written = async () => ({
    docs: await count(store, 'pos_gift_card_sale'),
    outbox: await count(store, 'transfer_outbox', `stream = 'pos.gift-card-sale'`),
  });

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    s = await seedPosStore(store);
    shiftId = (await store.http().post('/api/pos/shifts').set(bearer(s.cashierToken)).send({ tillCode: '07', openingFloat: '0' }).expect(201)).body.id;
  });
  afterAll(() => store.close());

  it('refuses bad input with the field at fault', async () => {
    for (const [body, field] of [
      [{ cardNo: '12345' }, 'cardNo'],
      [{ amount: '-1' }, 'amount'],
      [{ amount: '1.001' }, 'amount'],
      [{ paymentMethodId: 'x' }, 'paymentMethodId'],
      [{ id: 'not-a-uuid' }, 'id'],
    ] as const)
      expect((await post(body).expect(400)).body.fields.map((f: { field: string }) => f.field)).toContain(field);
    expect((await store.http().get('/api/pos/vouchers/abc').set(bearer(s.cashierToken)).expect(400)).body.fields[0].field).toBe('number');
    expect(await written()).toEqual({ docs: 0, outbox: 0 });
  });

  it('refuses a tender that is not money before asking HQ, and a sale or look-up while HQ is not there — nothing written', async () => {
    // stored value cannot buy stored value (a gift card or voucher method neither: system-test)
    expect((await post({ paymentMethodId: s.methods.stored.id }).expect(422)).body).toMatchObject({ code: 'POS_TOP_UP_TENDER_INVALID', fields: [{ field: 'paymentMethodId' }] });
    expect((await post({ tendered: '90.00' }).expect(422)).body.code).toBe('POS_TENDER_SHORT');
    // no member center (HQ) address at this store: its value cannot be loaded, so nothing is sold
    expect((await post({}).expect(503)).body.code).toMatch(/^MEMBER_CENTER_(NOT_CONFIGURED|UNREACHABLE)$/);
    expect((await store.http().get('/api/pos/vouchers/6214830012345678').set(bearer(s.cashierToken)).expect(503)).body.code).toMatch(
      /^MEMBER_CENTER_(NOT_CONFIGURED|UNREACHABLE)$/,
    );
    expect(await written()).toEqual({ docs: 0, outbox: 0 });
    const shift = (await store.http().get(`/api/pos/shifts/${shiftId}`).set(bearer(s.cashierToken)).expect(200)).body;
    expect(shift).toMatchObject({ giftCardSalesCount: 0, giftCardSalesTotal: '0.00' });
    expect((await store.http().get(`/api/pos/gift-card-sales/${randomUUID()}`).set(bearer(s.cashierToken)).expect(404)).body.code).toBe('POS_GIFT_CARD_SALE_NOT_FOUND');
  });
});
