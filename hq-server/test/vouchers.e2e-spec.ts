import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

/**
 * 代金券 / 礼品卡 at HQ: the batch list and look-up are HQ's (a store user is refused even holding
 * the permission: the numbers are the vouchers' secret), bad paths and queries are 400 with the
 * field, and the liability figures add up from the vouchers' balances.
 */
describe('vouchers at HQ: batches, look-up, access', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();
  const day = 86400_000;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
  });
  afterAll(() => hq.close());

  it('refuses a store user, a malformed number, an unknown sort and an unknown batch — and looks a number up with its ledger', async () => {
    const batch = (
      await api()
        .post('/api/vouchers/batches')
        .set(bearer(admin))
        .send({
          id: randomUUID(),
          kind: 'gift_card',
          name: '礼品卡100',
          faceValue: '100',
          quantity: 3,
          validFrom: new Date(Date.now() - day).toISOString(),
          validTo: new Date(Date.now() + 365 * day).toISOString(),
        })
        .expect(201)
    ).body;
    expect(batch).toMatchObject({ batchNo: expect.stringMatching(/^GC-HQ-/), issued: '300.00', outstanding: '300.00', redeemed: '0.00', minSpend: '0.00' });

    const seeded = await seedStoreUser(hq.dataSource, { permissions: ['voucher.read', 'voucher.issue'] });
    const storeUser = await hq.login(seeded.username, seeded.password);
    for (const path of ['/api/vouchers/batches', `/api/vouchers/batches/${batch.id}`, '/api/vouchers', '/api/vouchers/by-number/1234567890123452']) {
      expect((await api().get(path).set(bearer(storeUser))).status).toBe(403);
    }
    expect((await api().get('/api/vouchers/by-number/12345').set(bearer(admin)).expect(400)).body.fields).toEqual([{ field: 'number', message: 'must be 16 digits' }]);
    expect((await api().get('/api/vouchers/by-number/1234567890123452').set(bearer(admin)).expect(404)).body.code).toBe('VOUCHER_NOT_FOUND');
    expect((await api().get('/api/vouchers/batches?sort=secret').set(bearer(admin)).expect(400)).body.fields[0].field).toBe('sort');
    expect((await api().get('/api/vouchers?number=12ab').set(bearer(admin)).expect(400)).body.fields[0].field).toBe('number');
    expect((await api().get(`/api/vouchers/batches/${randomUUID()}`).set(bearer(admin)).expect(404)).body.code).toBe('VOUCHER_BATCH_NOT_FOUND');

    const list = (await api().get(`/api/vouchers?batchId=${batch.id}&sort=-number`).set(bearer(admin)).expect(200)).body;
    expect(list.total).toBe(3);
    expect(list.items.map((v: { number: string }) => v.number)).toEqual([...list.items.map((v: { number: string }) => v.number)].sort().reverse());
    const one = (await api().get(`/api/vouchers/by-number/${list.items[0].number}`).set(bearer(admin)).expect(200)).body;
    expect(one).toMatchObject({
      kind: 'gift_card',
      balance: '100.00',
      state: 'active',
      batchNo: batch.batchNo,
      ledger: [{ kind: 'issue', delta: '100.00', balanceAfter: '100.00', docNo: batch.batchNo, storeCode: null, username: 'admin' }],
    });
    expect((await api().get('/api/vouchers/batches?kind=voucher').set(bearer(admin)).expect(200)).body).toEqual({ items: [], total: 0 });
  });
});
