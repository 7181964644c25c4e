import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { isValidLuhn } from '@chain-erp/shared';
import { HQ_SERVER } from '../src/server';

/** Membership at HQ over HTTP: 制卡, the card ledger, scope for store users, the member center seam. */
describe('membership at HQ (HTTP)', () => {
  let hq: TestApp;
  let admin: string;
  let s1: { id: string };
  let s2: { id: string };
  let s1User: string;
  let typeId: string;
  const api = () => hq.http();

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body;
    s2 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S002', name: '二号店', kind: 'store' }).expect(201)).body;
    const roles = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items;
    const storeAdmin = roles.find((r: { code: string }) => r.code === 'store-admin');
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 's001-admin', displayName: '店长', password: 'store-pass-1', orgUnitId: s1.id, roleIds: [storeAdmin.id] })
      .expect(201);
    s1User = await hq.login('s001-admin', 'store-pass-1');
    typeId = (
      await api()
        .post('/api/member-card-types')
        .set(bearer(admin))
        .send({ code: 'GOLD', name: '金卡', pricing: 'discount', discountRate: '0.9', pointsRate: '1', storedValueAllowed: true, validityMonths: 12 })
        .expect(201)
    ).body.id;
  });
  afterAll(() => hq.close());

  const makeBatch = (body: object, token = admin) =>
    api()
      .post('/api/member-card-batches')
      .set(bearer(token))
      .send({ cardTypeId: typeId, scope: 'chain', ...body });
  const cardCount = async () => (await hq.dataSource.query(`SELECT count(*)::int AS n FROM member_card`))[0].n as number;

  it('makes a batch of Luhn-checked blank cards for a store and refuses an overlapping one with nothing written', async () => {
    const batch = (await makeBatch({ prefix: 'VIP', startNo: 1, quantity: 100, numberWidth: 8, checkDigit: 'luhn', ownerStoreId: s1.id }).expect(201)).body;
    expect(batch.batchNo).toMatch(/^MCB-HQ-\d{8}-\d{4}$/);
    const cards = (await api().get(`/api/member-cards?batchId=${batch.id}&pageSize=500`).set(bearer(admin)).expect(200)).body;
    expect(cards.total).toBe(100);
    expect(cards.items[0]).toMatchObject({ cardNo: expect.stringMatching(/^VIP00000001\d$/), state: 'assigned', ownerStoreId: s1.id });
    expect(cards.items.every((c: { cardNo: string }) => isValidLuhn(c.cardNo.slice(3)))).toBe(true);
    const before = await cardCount();
    const overlap = await makeBatch({ prefix: 'VIP', startNo: 100, quantity: 10, numberWidth: 8, ownerStoreId: s2.id }).expect(409);
    expect(overlap.body).toMatchObject({ code: 'MEMBER_BATCH_RANGE_OVERLAP', details: { batchNo: batch.batchNo } });
    expect(await cardCount()).toBe(before);
    await makeBatch({ prefix: 'VIP', startNo: 101, quantity: 10, numberWidth: 8, ownerStoreId: s2.id }).expect(201);
    expect((await makeBatch({ scope: 'store', startNo: 1, quantity: 1 }).expect(400)).body.code).toBe('MEMBER_BATCH_INVALID');
    expect((await makeBatch({ startNo: 99_999, quantity: 2, numberWidth: 5 }).expect(400)).body.code).toBe('MEMBER_BATCH_INVALID');
    // a store administrator holds no member.card-batch.write
    expect((await makeBatch({ prefix: 'S', startNo: 1, quantity: 1 }, s1User).expect(403)).body.code).toBe('PERMISSION_DENIED');
  });

  it('lists the stores to card staff who may not read org units (a store user sees its own only)', async () => {
    const role = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 'card-clerk', name: '卡务', permissions: ['member.read', 'member.card.manage'] })
        .expect(201)
    ).body;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 'card-clerk', displayName: '卡务员', password: 'card-pass-123', roleIds: [role.id] })
      .expect(201);
    const clerk = await hq.login('card-clerk', 'card-pass-123');
    expect((await api().get('/api/org-units').set(bearer(clerk)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    const stores = (await api().get('/api/member-cards/stores?sort=code').set(bearer(clerk)).expect(200)).body;
    expect(stores.items.map((s: { code: string }) => s.code)).toEqual(['S001', 'S002']);
    expect((await api().get('/api/member-cards/stores?search=二号').set(bearer(clerk)).expect(200)).body.items).toEqual([expect.objectContaining({ id: s2.id })]);
    expect((await api().get('/api/member-cards/stores').set(bearer(s1User)).expect(200)).body.items.map((s: { id: string }) => s.id)).toEqual([s1.id]);
    expect((await api().get('/api/member-cards/stores?sort=nope').set(bearer(clerk)).expect(400)).body.code).toBeDefined();
  });

  it('shows a store user only its own store’s cards, batches and counts', async () => {
    await makeBatch({ prefix: 'OWN', scope: 'store', startNo: 1, quantity: 5, numberWidth: 6, ownerStoreId: s2.id }).expect(201);
    const mine = (await api().get('/api/member-cards?pageSize=500').set(bearer(s1User)).expect(200)).body;
    expect(mine.total).toBe(100);
    expect(mine.items.every((c: { ownerStoreId: string }) => c.ownerStoreId === s1.id)).toBe(true);
    expect((await api().get(`/api/member-cards?storeId=${s2.id}`).set(bearer(s1User)).expect(200)).body.total).toBe(0);
    const s2Card = (await api().get(`/api/member-cards?storeId=${s2.id}`).set(bearer(admin))).body.items[0];
    expect((await api().get(`/api/member-cards/${s2Card.id}`).set(bearer(s1User)).expect(404)).body.code).toBe('NOT_FOUND');
    const report = (await api().get('/api/member-cards/report').set(bearer(s1User)).expect(200)).body;
    expect(report).toEqual([{ storeId: s1.id, storeCode: 'S001', storeName: '一号店', scope: 'chain', state: 'assigned', count: 100 }]);
    const all = (await api().get('/api/member-cards/report').set(bearer(admin)).expect(200)).body;
    expect(all).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ storeCode: 'S002', scope: 'chain', state: 'assigned', count: 10 }),
        expect.objectContaining({ storeCode: 'S002', scope: 'store', state: 'assigned', count: 5 }),
      ]),
    );
    const batches = (await api().get('/api/member-card-batches').set(bearer(s1User)).expect(200)).body;
    expect(batches.items.every((b: { ownerStoreId: string }) => b.ownerStoreId === s1.id)).toBe(true);
  });

  it('lets a store look up chain cards but never another store’s own cards, acting only for itself', async () => {
    const own = (await api().get(`/api/member-cards?storeId=${s2.id}&scope=store`).set(bearer(admin))).body.items[0];
    const chain = (await api().get(`/api/member-cards?storeId=${s2.id}&scope=chain`).set(bearer(admin))).body.items[0];
    expect((await api().get(`/api/member-center/lookup?cardNo=${own.cardNo}`).set(bearer(s1User)).expect(404)).body.code).toBe('MEMBER_CARD_NOT_FOUND');
    expect((await api().get(`/api/member-center/lookup?cardNo=${chain.cardNo}`).set(bearer(s1User)).expect(200)).body.cards[0]).toMatchObject({
      cardNo: chain.cardNo,
      state: 'assigned',
    });
    expect((await api().get(`/api/member-center/lookup?cardNo=${own.cardNo}`).set(bearer(admin)).expect(200)).body.cards[0].scope).toBe('store');
    expect((await api().get(`/api/member-center/lookup?cardNo=${chain.cardNo}&storeId=${s2.id}`).set(bearer(s1User)).expect(403)).body.code).toBe('OUT_OF_SCOPE');
  });

  it('makes HQ staff name the store they act for, and a store user issue only its own blank cards', async () => {
    const s1Card = (await api().get('/api/member-cards?pageSize=1').set(bearer(s1User))).body.items[0];
    const body = { issueId: randomUUID(), cardNo: s1Card.cardNo, member: { name: '李四', mobile: '13700000001' } };
    expect((await api().post('/api/member-center/issue').set(bearer(admin)).send(body).expect(400)).body.code).toBe('MEMBER_STORE_REQUIRED');
    expect((await api().post(`/api/member-center/issue?storeId=${s2.id}`).set(bearer(admin)).send(body).expect(409)).body.code).toBe('MEMBER_CARD_NOT_OWNED');
    const issued = (await api().post('/api/member-center/issue').set(bearer(s1User)).send(body).expect(200)).body;
    expect(issued).toMatchObject({ replayed: false, card: { state: 'issued' }, member: { name: '李四' } });
    await api()
      .post('/api/member-adjustments')
      .set(bearer(admin))
      .send({ id: randomUUID(), cardNo: s1Card.cardNo, account: 'stored_value', delta: '30.00', reason: '开卡赠送' })
      .expect(201);
    const byMobile = (await api().get('/api/member-center/lookup?mobile=13700000001').set(bearer(s1User)).expect(200)).body;
    expect(byMobile).toMatchObject({ member: { name: '李四' }, cards: [{ cardNo: s1Card.cardNo, storedValueBalance: '30', cardType: { code: 'GOLD' } }] });
  });

  it('has no staff endpoint that moves money or points without a document (issue 17)', async () => {
    // S002's member: a store admin of S001 used to credit, charge and earn on it at will
    const s2Card = (await api().get(`/api/member-cards?storeId=${s2.id}&scope=chain&state=assigned&pageSize=1`).set(bearer(admin))).body.items[0];
    await api()
      .post(`/api/member-center/issue?storeId=${s2.id}`)
      .set(bearer(admin))
      .send({ issueId: randomUUID(), cardNo: s2Card.cardNo, member: { name: '赵六', mobile: '13700000002' } })
      .expect(200);
    await api()
      .post('/api/member-adjustments')
      .set(bearer(admin))
      .send({ id: randomUUID(), cardNo: s2Card.cardNo, account: 'stored_value', delta: '10.00', reason: '测试' })
      .expect(201);
    const balances = async () =>
      (await hq.dataSource.query(`SELECT points_balance::text AS p, stored_value_balance::text AS sv FROM member_card WHERE card_no = $1`, [s2Card.cardNo]))[0];
    const before = await balances();
    const ledger = async () => (await hq.dataSource.query(`SELECT count(*)::int AS n FROM member_ledger`))[0].n as number;
    const rows = await ledger();
    const tries: Array<[string, object]> = [
      ['/api/member-center/stored-value/refund', { refundId: randomUUID(), cardNo: s2Card.cardNo, amount: '0.01' }],
      ['/api/member-center/stored-value/pay', { paymentId: randomUUID(), cardNo: s2Card.cardNo, amount: '0.01' }],
      ['/api/member-center/stored-value/top-up', { topUpId: randomUUID(), cardNo: s2Card.cardNo, amount: '100.00', tenderCode: 'CASH' }],
      ['/api/member-center/stored-value/reverse', { paymentId: randomUUID(), cardNo: s2Card.cardNo }],
      ['/api/member-center/points/earn', { saleId: randomUUID(), cardNo: s2Card.cardNo, amount: '100.00' }],
      ['/api/member-center/points/redeem', { redeemId: randomUUID(), cardNo: s2Card.cardNo, points: '1' }],
    ];
    for (const [path, body] of tries) {
      for (const token of [s1User, admin]) {
        const res = await api().post(`${path}?storeId=${s1.id}`).set(bearer(token)).send(body);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'ROUTE_NOT_FOUND' });
      }
    }
    // the stores' channel takes a store's signature, never a user's token
    for (const op of ['refund', 'pay', 'top-up', 'reverse', 'top-up-reversal']) {
      const res = await api().post(`/api/transfer/v1/member/stored-value/${op}`).set(bearer(s1User)).send(tries[0][1]);
      expect({ op, status: res.status, code: res.body.code }).toEqual({ op, status: 401, code: 'TRANSFER_UNSIGNED' });
    }
    expect(await balances()).toEqual(before);
    expect(await ledger()).toBe(rows);
  });

  it('adjusts a chain card’s balance only at HQ, with member.adjust and a reason, as a numbered and audited document', async () => {
    const s1Card = (await api().get('/api/member-cards?state=issued&pageSize=1').set(bearer(s1User))).body.items[0];
    const adjust = (body: object, token = admin) =>
      api()
        .post('/api/member-adjustments')
        .set(bearer(token))
        .send({ id: randomUUID(), cardNo: s1Card.cardNo, account: 'stored_value', delta: '-5.00', reason: '多充退回', ...body });
    const balance = async () =>
      (await hq.dataSource.query(`SELECT stored_value_balance::text AS sv, points_balance::text AS p FROM member_card WHERE card_no = $1`, [s1Card.cardNo]))[0];
    const before = await balance();
    // a store administrator does not hold member.adjust; a reason is required
    expect((await adjust({}, s1User).expect(403)).body).toMatchObject({ code: 'PERMISSION_DENIED', details: { permission: ['member.adjust'] } });
    const noReason = await api()
      .post('/api/member-adjustments')
      .set(bearer(admin))
      .send({ id: randomUUID(), cardNo: s1Card.cardNo, account: 'stored_value', delta: '-5.00' })
      .expect(400);
    expect(noReason.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: expect.arrayContaining([expect.objectContaining({ field: 'reason' })]) });
    expect((await adjust({ reason: '   ' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await adjust({ delta: '0' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await adjust({ account: 'points', delta: '1.5' }).expect(400)).body.code).toBe('MEMBER_ADJUSTMENT_INVALID');
    expect((await adjust({ delta: '-1000.00' }).expect(409)).body.code).toBe('MEMBER_INSUFFICIENT_BALANCE');
    expect(await balance()).toEqual(before);

    const id = randomUUID();
    const doc = (await adjust({ id }).expect(201)).body;
    expect(doc).toMatchObject({
      id,
      adjustmentNo: expect.stringMatching(/^MADJ-HQ-\d{8}-\d{4}$/),
      cardNo: s1Card.cardNo,
      account: 'stored_value',
      delta: '-5',
      reason: '多充退回',
      createdByName: 'admin',
    });
    expect((await adjust({ id }).expect(201)).body).toEqual(doc);
    expect((await adjust({ id, delta: '-6.00' }).expect(422)).body.code).toBe('IDEMPOTENCY_MISMATCH');
    expect((await balance()).sv).toBe((Number(before.sv) - 5).toFixed(2));
    expect(await hq.dataSource.query(`SELECT kind, delta::text, doc_no, username FROM member_ledger WHERE ref_id = $1`, [id])).toEqual([
      { kind: 'adjustment', delta: '-5.00', doc_no: doc.adjustmentNo, username: 'admin' },
    ]);
    expect(await hq.dataSource.query(`SELECT action, reason, username FROM audit_log WHERE entity_type = 'member_adjustment' AND entity_id = $1`, [id])).toEqual([
      { action: 'create', reason: '多充退回', username: 'admin' },
    ]);
    expect((await adjust({ account: 'points', delta: '20' }).expect(201)).body.balanceAfter).toBe(String(Number(before.p) + 20));
    // a store user sees the adjustments of its own store's cards
    expect((await api().get('/api/member-adjustments').set(bearer(s1User)).expect(200)).body.items.map((a: { cardNo: string }) => a.cardNo)).toContain(s1Card.cardNo);
    expect((await api().get(`/api/member-adjustments?storeId=${s2.id}`).set(bearer(s1User)).expect(200)).body.total).toBe(0);

    // a 本店卡's balances live at its store: HQ cannot change them
    const own = (await api().get(`/api/member-cards?storeId=${s2.id}&scope=store&pageSize=1`).set(bearer(admin))).body.items[0];
    await hq.dataSource.query(`UPDATE member_card SET state = 'issued' WHERE id = $1`, [own.id]);
    expect((await adjust({ cardNo: own.cardNo, delta: '5.00' }).expect(409)).body.code).toBe('MEMBER_CARD_BALANCE_AT_STORE');
  });

  it('lists a card’s whole ledger — every points and stored-value change with its document — to whoever may see the card', async () => {
    const s1Card = (await api().get('/api/member-cards?state=issued&pageSize=1').set(bearer(s1User))).body.items[0];
    const adjust = (account: string, delta: string) =>
      api().post('/api/member-adjustments').set(bearer(admin)).send({ id: randomUUID(), cardNo: s1Card.cardNo, account, delta, reason: '流水测试' }).expect(201);
    const first = (await adjust('stored_value', '12.00')).body;
    const second = (await adjust('points', '30')).body;
    const ledger = (await api().get(`/api/member-cards/${s1Card.id}/ledger`).set(bearer(admin)).expect(200)).body;
    const rows = await hq.dataSource.query(`SELECT count(*)::int AS n FROM member_ledger WHERE card_id = $1`, [s1Card.id]);
    expect(ledger.total).toBe(rows[0].n);
    // newest first, each row naming its document and the balance before and after
    expect(ledger.items[0]).toMatchObject({ account: 'points', kind: 'adjustment', docNo: second.adjustmentNo, delta: '30', username: 'admin' });
    expect(ledger.items[1]).toMatchObject({ account: 'stored_value', kind: 'adjustment', docNo: first.adjustmentNo, delta: '12' });
    expect(Number(ledger.items[1].balanceAfter) - Number(ledger.items[1].balanceBefore)).toBe(12);
    const stored = (await api().get(`/api/member-cards/${s1Card.id}/ledger?account=stored_value&pageSize=100`).set(bearer(admin)).expect(200)).body;
    expect(stored.items.every((r: { account: string }) => r.account === 'stored_value')).toBe(true);
    expect(Number(stored.items[0].balanceAfter)).toBe(Number((await api().get(`/api/member-cards/${s1Card.id}`).set(bearer(admin))).body.storedValueBalance));
    // the store holding the card sees it; another store's user gets 404, bad input a 400
    expect((await api().get(`/api/member-cards/${s1Card.id}/ledger`).set(bearer(s1User)).expect(200)).body.total).toBe(ledger.total);
    const s2Card = (await api().get(`/api/member-cards?storeId=${s2.id}&pageSize=1`).set(bearer(admin))).body.items[0];
    expect((await api().get(`/api/member-cards/${s2Card.id}/ledger`).set(bearer(s1User)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().get(`/api/member-cards/${s1Card.id}/ledger?account=cash`).set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api().get(`/api/member-cards/${randomUUID()}/ledger`).set(bearer(admin)).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('moves only blank cards between stores, all or none', async () => {
    const s1Cards = (await api().get('/api/member-cards?pageSize=5&sort=cardNo').set(bearer(s1User))).body.items;
    const issuedNo = s1Cards.find((c: { state: string }) => c.state === 'issued').cardNo;
    const blanks = s1Cards.filter((c: { state: string }) => c.state === 'assigned').map((c: { cardNo: string }) => c.cardNo);
    const refused = await api()
      .post('/api/member-cards/move')
      .set(bearer(admin))
      .send({ cardNos: [...blanks, issuedNo], toStoreId: s2.id, reason: '调拨' })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'MEMBER_CARD_NOT_MOVABLE', details: { cards: [{ cardNo: issuedNo, state: 'issued' }] } });
    expect((await api().get(`/api/member-cards?storeId=${s2.id}&scope=chain`).set(bearer(admin))).body.total).toBe(10);
    const moved = await api().post('/api/member-cards/move').set(bearer(admin)).send({ fromCardNo: blanks[0], toCardNo: blanks[1], toStoreId: s2.id, reason: '调拨' }).expect(200);
    expect(moved.body).toEqual({ moved: 2, toStoreId: s2.id });
    const card = (await api().get(`/api/member-cards?cardNo=${blanks[0]}`).set(bearer(admin))).body.items[0];
    const detail = (await api().get(`/api/member-cards/${card.id}`).set(bearer(admin)).expect(200)).body;
    expect(detail.events.map((e: { action: string; storeId: string }) => [e.action, e.storeId])).toEqual([
      ['make', s1.id],
      ['move', s2.id],
    ]);
    expect(
      (
        await api()
          .post('/api/member-cards/move')
          .set(bearer(s1User))
          .send({ cardNos: [blanks[2]], toStoreId: s1.id, reason: 'x' })
          .expect(403)
      ).body.code,
    ).toBe('MEMBER_HQ_ONLY');
  });
});

/** scripts/demo/steps/60-membership.js against a real HQ: skips without S001, makes one batch, and reruns without making another. */
describe('demo step 60-membership', () => {
  let hq: TestApp;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
  });
  afterAll(() => hq.close());

  it('is idempotent', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the demo's own step, a plain CommonJS script
    const step = require('../../scripts/demo/steps/60-membership.js');
    const api = async (url: string, method: string, path: string, { token, body }: { token?: string; body?: unknown } = {}) => {
      const res = await fetch(url + path, {
        method,
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json() };
    };
    const logs: string[] = [];
    const demo = { hq: { url: hq.url }, api, adminToken: await hq.loginAdmin(), state: {} as Record<string, unknown>, log: (m: string) => logs.push(m) };
    await step.run(demo);
    expect(logs.pop()).toMatch(/S001 does not exist/);
    await hq.http().post('/api/org-units').set(bearer(demo.adminToken)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201);
    await step.run(demo);
    await step.run(demo);
    const noStoreServer = expect.stringMatching(/no S001 store server/);
    expect(logs).toEqual([expect.stringMatching(/100 blank cards/), noStoreServer, expect.stringMatching(/already has card batch/), noStoreServer]);
    expect((await hq.dataSource.query(`SELECT count(*)::int AS n FROM member_card WHERE state = 'assigned'`))[0].n).toBe(100);
  });
});
