import { randomUUID } from 'node:crypto';
import { freePort, RequestContext } from '@chain-erp/shared';
import { bearer, bootTestApp, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { StoreMemberService } from '../src/membership/store-member.service';
import { STORE_SERVER } from '../src/server';

/** Replica rows as the pull stream will deliver them: a card type and this store's blank cards. */
async function seedCards(store: TestApp, storeId: string, cards: Array<{ cardNo: string; scope?: 'chain' | 'store'; state?: string; owner?: string }>): Promise<string> {
  const [type] = await store.dataSource.query(
    `INSERT INTO member_card_type (code, name, pricing, discount_rate, points_rate, stored_value_allowed, row_version)
     VALUES ('GOLD', '金卡', 'discount', 0.95, 1, true, 1) ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`,
  );
  const batchId = randomUUID();
  for (const c of cards) {
    await store.dataSource.query(`INSERT INTO member_card (card_no, batch_id, card_type_id, scope, owner_store_id, state, row_version) VALUES ($1, $2, $3, $4, $5, $6, 1)`, [
      c.cardNo,
      batchId,
      type.id,
      c.scope ?? 'chain',
      c.owner ?? storeId,
      c.state ?? 'assigned',
    ]);
  }
  return type.id;
}

const count = async (app: TestApp, sql: string, params: unknown[] = []) => (await app.dataSource.query(sql, params))[0].n as number;

describe('membership at the store', () => {
  let store: TestApp;
  let token: string;
  let storeId: string;
  let closedPort: number;
  const api = () => store.http();
  const issue = (cardNo: string, mobile: string, issueId = randomUUID()) =>
    api()
      .post('/api/membership/cards/issue')
      .set(bearer(token))
      .send({ issueId, cardNo, member: { name: '王五', mobile } });
  const putSettings = (body: object) => api().put('/api/membership/settings').set(bearer(token)).send(body);

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    const u = await seedStoreUser(store.dataSource);
    storeId = u.storeId;
    token = await store.login(u.username, u.password);
    await seedCards(store, storeId, [
      { cardNo: 'C0001' },
      { cardNo: 'C0002' },
      { cardNo: 'C0003' },
      { cardNo: 'C0004', state: 'void' },
      { cardNo: 'C0005', owner: randomUUID() },
      { cardNo: 'C0006' },
      { cardNo: 'OWN001', scope: 'store' },
    ]);
    // another module's settings in extra must survive membership's
    await store.dataSource.query(`INSERT INTO org_settings (org_unit_id, extra, row_version) VALUES ($1, '{"pos":{"receiptFooter":"谢谢"}}', 1)`, [storeId]);
    closedPort = await freePort();
  });
  afterAll(() => store.close());

  it('keeps 会员设置 in org_settings, defaulting to chain cards and the HQ address', async () => {
    expect((await api().get('/api/membership/settings').set(bearer(token)).expect(200)).body).toEqual({ cardMode: 'chain', memberCenterUrl: null, effectiveMemberCenterUrl: null });
    const url = `http://127.0.0.1:${closedPort}`;
    expect((await putSettings({ cardMode: 'both', memberCenterUrl: url + '/' }).expect(200)).body).toEqual({
      cardMode: 'both',
      memberCenterUrl: url + '/',
      effectiveMemberCenterUrl: url,
    });
    const [row] = await store.dataSource.query(`SELECT member_center_url, extra FROM org_settings WHERE org_unit_id = $1`, [storeId]);
    expect(row).toEqual({ member_center_url: url + '/', extra: { pos: { receiptFooter: '谢谢' }, membership: { cardMode: 'both' } } });
    expect((await putSettings({ cardMode: 'everything', memberCenterUrl: 'ftp://x' }).expect(400)).body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'cardMode',
      'memberCenterUrl',
    ]);
  });

  it('issues a blank card at once, with the member and an outbox event in the same transaction, once per issue id', async () => {
    const issueId = randomUUID();
    const res = await issue('C0001', '13600000001', issueId).expect(200);
    expect(res.body).toMatchObject({ replayed: false, card: { cardNo: 'C0001', state: 'issued', ownerStoreId: storeId }, member: { mobile: '13600000001', homeStoreId: storeId } });
    const [outbox] = await store.dataSource.query(`SELECT id, stream, body, sent_at FROM transfer_outbox WHERE id = $1`, [issueId]);
    expect(outbox).toMatchObject({
      id: issueId,
      stream: 'member.card-issue',
      sent_at: null,
      body: { issueId, storeId, cardNo: 'C0001', memberId: res.body.member.id, member: { name: '王五', mobile: '13600000001' }, issuedAt: expect.any(String) },
    });
    expect((await issue('C0001', '13600000001', issueId).expect(200)).body.replayed).toBe(true);
    expect(await count(store, `SELECT count(*)::int AS n FROM transfer_outbox`)).toBe(1);
    const cards = (await api().get('/api/membership/cards?state=assigned').set(bearer(token)).expect(200)).body;
    expect(cards.items.map((c: { cardNo: string }) => c.cardNo)).toEqual(['C0002', 'C0003', 'C0006', 'OWN001']);
  });

  it('refuses a card it does not hold, one already issued and a void one with 409 codes, writing nothing', async () => {
    const before = { outbox: await count(store, `SELECT count(*)::int AS n FROM transfer_outbox`), members: await count(store, `SELECT count(*)::int AS n FROM member`) };
    expect((await issue('C0005', '13600000002').expect(409)).body.code).toBe('MEMBER_CARD_NOT_OWNED');
    expect((await issue('C0001', '13600000003').expect(409)).body.code).toBe('MEMBER_CARD_ALREADY_ISSUED');
    expect((await issue('C0004', '13600000004').expect(409)).body.code).toBe('MEMBER_CARD_VOID');
    expect((await issue('C0002', '13600000001').expect(409)).body.code).toBe('MEMBER_MOBILE_TAKEN');
    expect((await issue('C9999', '13600000005').expect(404)).body.code).toBe('MEMBER_CARD_NOT_FOUND');
    expect(await count(store, `SELECT count(*)::int AS n FROM transfer_outbox`)).toBe(before.outbox);
    expect(await count(store, `SELECT count(*)::int AS n FROM member`)).toBe(before.members);
  });

  it('rolls the issue back when the outbox write fails (same transaction)', async () => {
    await store.dataSource.query(`CREATE FUNCTION test_outbox_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'outbox down'; END $$`);
    await store.dataSource.query(`CREATE TRIGGER test_outbox_fail BEFORE INSERT ON transfer_outbox FOR EACH ROW EXECUTE FUNCTION test_outbox_fail()`);
    try {
      await issue('C0002', '13600000006').expect(500);
    } finally {
      await store.dataSource.query(`DROP TRIGGER test_outbox_fail ON transfer_outbox; DROP FUNCTION test_outbox_fail()`);
    }
    expect((await store.dataSource.query(`SELECT state, member_id FROM member_card WHERE card_no = 'C0002'`))[0]).toEqual({ state: 'assigned', member_id: null });
    expect(await count(store, `SELECT count(*)::int AS n FROM member WHERE mobile = '13600000006'`)).toBe(0);
    expect(await count(store, `SELECT count(*)::int AS n FROM member_card_event WHERE action = 'issue' AND card_id = (SELECT id FROM member_card WHERE card_no = 'C0002')`)).toBe(
      0,
    );
    await issue('C0002', '13600000006').expect(200);
  });

  it('issues only the kind of card 会员设置 chooses', async () => {
    await putSettings({ cardMode: 'store', memberCenterUrl: `http://127.0.0.1:${closedPort}` }).expect(200);
    expect((await issue('C0003', '13600000007').expect(409)).body.code).toBe('MEMBER_CARD_MODE_MISMATCH');
    await issue('OWN001', '13600000008').expect(200);
    await putSettings({ cardMode: 'both', memberCenterUrl: `http://127.0.0.1:${closedPort}` }).expect(200);
  });

  describe('with the member center unreachable', () => {
    const ctx = () => new RequestContext({ id: randomUUID(), username: 'till', orgUnitId: storeId, orgUnitCode: 'S001', orgKind: 'store', permissions: ['*'] });

    it('refuses stored value on chain cards with 503 MEMBER_CENTER_UNREACHABLE rather than guessing', async () => {
      const members = store.app.get(StoreMemberService);
      await expect(members.topUp(ctx(), { scope: 'chain' }, { topUpId: randomUUID(), cardNo: 'C0001', amount: '100', tenderCode: 'CASH' })).rejects.toMatchObject({
        code: 'MEMBER_CENTER_UNREACHABLE',
        details: { url: `http://127.0.0.1:${closedPort}` },
      });
      await expect(members.payWithStoredValue(ctx(), { paymentId: randomUUID(), cardNo: 'C0001', amount: '1' })).rejects.toMatchObject({
        code: 'MEMBER_CENTER_UNREACHABLE',
        status: 503,
      });
      expect(await count(store, `SELECT count(*)::int AS n FROM member_ledger`)).toBe(0);
    });

    it('has no endpoint that moves money or points without a document (issue 17)', async () => {
      // a top-up is a document of the till now (POST /api/pos/top-ups); points come only with a sale
      const topUp = await api()
        .post('/api/membership/stored-value/top-up')
        .set(bearer(token))
        .send({ topUpId: randomUUID(), cardNo: 'OWN001', amount: '100.00', tenderCode: 'CASH' })
        .expect(404);
      expect(topUp.body.code).toBe('ROUTE_NOT_FOUND');
      const earn = await api().post('/api/membership/points/earn').set(bearer(token)).send({ saleId: randomUUID(), cardNo: 'OWN001', amount: '58.00' }).expect(404);
      expect(earn.body.code).toBe('ROUTE_NOT_FOUND');
      expect(await count(store, `SELECT count(*)::int AS n FROM member_ledger`)).toBe(0);
      expect(await count(store, `SELECT count(*)::int AS n FROM transfer_outbox WHERE stream LIKE 'member.points%'`)).toBe(0);
    });

    it('answers a look-up for another store with 403 OUT_OF_SCOPE, like HQ', async () => {
      expect((await api().get(`/api/membership/lookup?cardNo=OWN001&storeId=${randomUUID()}`).set(bearer(token)).expect(403)).body.code).toBe('OUT_OF_SCOPE');
      expect((await api().get(`/api/membership/lookup?cardNo=OWN001&storeId=${storeId}`).set(bearer(token)).expect(200)).body.cards[0].cardNo).toBe('OWN001');
    });

    it('still knows the card type of a card it holds, but not chain balances; an unknown card is a 503', async () => {
      const res = (await api().get('/api/membership/lookup?cardNo=C0001').set(bearer(token)).expect(200)).body;
      expect(res).toMatchObject({
        online: false,
        member: { mobile: '13600000001' },
        cards: [{ cardNo: 'C0001', balancesKnown: false, storedValueBalance: null, cardType: { code: 'GOLD', discountRate: '0.95' } }],
      });
      expect((await api().get('/api/membership/lookup?cardNo=X0001').set(bearer(token)).expect(503)).body.code).toBe('MEMBER_CENTER_UNREACHABLE');
    });

    it('runs this store’s own cards (本店卡) locally, never needing HQ', async () => {
      const members = store.app.get(StoreMemberService);
      await members.topUp(ctx(), { scope: 'store' }, { topUpId: randomUUID(), cardNo: 'OWN001', amount: '20.00', tenderCode: 'CASH' });
      expect(await members.payWithStoredValue(ctx(), { paymentId: randomUUID(), cardNo: 'OWN001', amount: '7.50' })).toMatchObject({ balanceAfter: '12.5' });
      expect((await api().get('/api/membership/lookup?cardNo=OWN001').set(bearer(token)).expect(200)).body).toMatchObject({
        online: true,
        cards: [{ storedValueBalance: '12.5', pointsBalance: '0', balancesKnown: true }],
      });
      await expect(members.payWithStoredValue(ctx(), { paymentId: randomUUID(), cardNo: 'OWN001', amount: '12.51' })).rejects.toMatchObject({
        code: 'MEMBER_INSUFFICIENT_BALANCE',
      });
    });

    it('shows the member center as unreachable in health without failing the store’s health', async () => {
      const res = await api().get('/api/health').expect(200);
      expect(res.body.status).toBe('ok');
      expect(res.body.info.memberCenter).toMatchObject({ status: 'up', configured: true, reachable: false, url: `http://127.0.0.1:${closedPort}` });
    });
  });
});

// Online with HQ (signed member center, pull and push of cards and points): offline.e2e-spec.ts
