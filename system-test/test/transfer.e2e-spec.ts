import { bearer, expectAnswerAsDocumented, type TestApp } from '@chain-erp/shared/testing';
import { addProducts, feedSettled, hqServer, openingBody, openStore, storeServer, waitFor } from './transfer-helpers';

describe('open a store, set it up, sync (HQ + two stores over real HTTP)', () => {
  let hq: TestApp;
  let s1: TestApp;
  let s2: TestApp;
  let admin: string;
  let opened1: Awaited<ReturnType<typeof openStore>>;

  beforeAll(async () => {
    hq = await hqServer();
    [s1, s2] = await Promise.all([storeServer(), storeServer()]);
    admin = await hq.loginAdmin();
    await addProducts(hq, 30);
    await feedSettled(hq);
  });

  afterAll(async () => {
    await Promise.all([s1?.close(), s2?.close()]);
    await hq?.close();
  });

  it('opens a store in one step; a retry answers the first result; a code in use is a 409', async () => {
    opened1 = await openStore(hq, admin, 'S001', { transferPassword: undefined });
    const r = opened1.result;
    expect(r.store.code).toBe('S001');
    expect(r.transferPassword).toMatch(/^[A-Za-z0-9-]{16,}$/);
    expect(r.setupCode).toBeTruthy();
    expect(r.warehouses.map((w: { kind: string }) => w.kind).sort()).toEqual(['in_transit', 'normal']);
    const retry = await hq.http().post('/api/stores/open').set(bearer(admin)).send(opened1.body).expect(201);
    expect(retry.body).toMatchObject({ replayed: true, transferPassword: null, store: { id: r.store.id } });
    expect(Number((await hq.dataSource.query(`SELECT count(*) FROM org_unit WHERE code = 'S001'`))[0].count)).toBe(1);
    const changed = await hq
      .http()
      .post('/api/stores/open')
      .set(bearer(admin))
      .send({ ...opened1.body, name: 'other' })
      .expect(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_MISMATCH');
    const taken = await hq.http().post('/api/stores/open').set(bearer(admin)).send(openingBody('S001')).expect(409);
    expect(taken.body.code).toBe('STORE_CODE_TAKEN');
    const noCashier = openingBody('S009');
    noCashier.users = noCashier.users.slice(0, 1);
    expect(
      (
        await hq
          .http()
          .post('/api/stores/open')
          .set(bearer(admin))
          .send({ ...noCashier, users: [...noCashier.users, { ...noCashier.users[0], username: 's009-x' }] })
          .expect(400)
      ).body.code,
    ).toBe('STORE_OPENING_INCOMPLETE');
    expect(Number((await hq.dataSource.query(`SELECT count(*) FROM org_unit WHERE code = 'S009'`))[0].count)).toBe(0);
  });

  it('sets a store up with its password, runs the first sync, and store staff sign in at the store', async () => {
    const res = await s1
      .http()
      .post('/api/setup')
      .send({ hqUrl: hq.url, storeCode: 'S001', warehouseCode: 'S001-01', transferPassword: opened1.result.transferPassword })
      .expect(201);
    expect(res.body.firstSync.errors).toEqual([]);
    expect(res.body.firstSync.snapshot.reason).toBe('new-store');
    expect(Number((await s1.dataSource.query(`SELECT count(*) FROM product`))[0].count)).toBe(30);
    const token = await s1.login('s001-admin', 'store-admin-1');
    expect(token).toBeTruthy();
    // a second setup is refused
    const again = await s1.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S001', warehouseCode: 'S001-01', transferPassword: 'x' }).expect(409);
    expect(again.body.code).toBe('STORE_ALREADY_INITIALISED');
  });

  it('sets the second store up with the one-time setup code only', async () => {
    const o2 = await openStore(hq, admin, 'S002');
    const res = await s2.http().post('/api/setup').send({ setupCode: o2.result.setupCode, warehouseCode: 'S002-01' }).expect(201);
    expect(res.body.storeCode).toBe('S002');
    // the code is single-use
    const s3 = await storeServer();
    try {
      const again = await s3.http().post('/api/setup').send({ setupCode: o2.result.setupCode, warehouseCode: 'S002-01' }).expect(401);
      expect(again.body.code).toBe('TRANSFER_SETUP_CODE_INVALID');
    } finally {
      await s3.close();
    }
  });

  it('refuses wrong password, unknown store (alike) and revoked store with clear codes', async () => {
    const s = await storeServer();
    try {
      const wrong = await s.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S002', warehouseCode: 'S002-01', transferPassword: 'not-it-at-all' }).expect(401);
      expect(wrong.body.code).toBe('TRANSFER_BAD_SIGNATURE');
      // an unknown store code is answered like a wrong password: codes cannot be probed (docs/security.md)
      const unknown = await s.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S404', warehouseCode: 'x', transferPassword: 'whatever-1' }).expect(401);
      expect(unknown.body.code).toBe('TRANSFER_BAD_SIGNATURE');
      const o3 = await openStore(hq, admin, 'S003');
      await hq.http().post(`/api/stores/${o3.result.store.id}/transfer/revoke`).set(bearer(admin)).expect(200);
      const revoked = await s.http().post('/api/setup').send({ hqUrl: hq.url, storeCode: 'S003', warehouseCode: 'S003-01', transferPassword: 'transfer-s003-secret' }).expect(403);
      expect(revoked.body.code).toBe('TRANSFER_STORE_REVOKED');
      expect((await s.http().get('/api/setup').expect(200)).body.initialised).toBe(false);
    } finally {
      await s.close();
    }
  });

  it('a product changed at HQ appears at the stores after a sync; HQ lists every store’s health', async () => {
    await hq.dataSource.query(`UPDATE product SET name = '改名商品', retail_price = 99.90 WHERE code = 'P000001'`);
    await feedSettled(hq);
    for (const s of [s1, s2]) {
      const token = await s.login(s === s1 ? 's001-admin' : 's002-admin', 'store-admin-1');
      const res = await s.http().post('/api/sync').set(bearer(token)).send({}).expect(200);
      expect(res.body.ok).toBe(true);
      const [p] = await s.dataSource.query(`SELECT name, retail_price FROM product WHERE code = 'P000001'`);
      expect(p).toEqual({ name: '改名商品', retail_price: '99.90' });
      const status = await s.http().get('/api/sync/status').set(bearer(token)).expect(200);
      // the run's report (per stream pushed counts) and the status with the last run, as the document types them
      expectAnswerAsDocumented('store', 'POST', '/api/sync', res.body);
      expectAnswerAsDocumented('store', 'GET', '/api/sync/status', status.body);
      expect(status.body.streams.find((x: { stream: string }) => x.stream === 'store.event-log').backlog).toBe(0);
    }
    const list = await hq.http().get('/api/stores/transfer').set(bearer(admin)).expect(200);
    const s001 = list.body.items.find((i: { code: string }) => i.code === 'S001');
    expect(s001).toMatchObject({ transferStatus: 'active', pullBacklog: expect.any(Number), outboxBacklog: 0 });
    expect(s001.lastContactAt).toBeTruthy();
    // the setup event reached HQ's store log (processed by the inbox job)
    const events = await waitFor(
      async () => (await hq.http().get(`/api/stores/${s001.storeId}/events`).set(bearer(admin))).body,
      (b) => b.total >= 1,
    );
    expect(events.items[0].kind).toBe('setup.done');
  });

  it('a store sees only its own store prices and warehouses', async () => {
    const [{ id: s1Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`);
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const [{ id: pid }] = await hq.dataSource.query(`SELECT id FROM product WHERE code = 'P000002'`);
    await hq.dataSource.query(
      `INSERT INTO store_price (store_id, product_id, retail_price, valid_from, row_version) VALUES ($1, $3, 8.8, '2026-01-01', 1), ($2, $3, 7.7, '2026-01-01', 1)`,
      [s1Id, s2Id, pid],
    );
    await feedSettled(hq);
    for (const s of [s1, s2]) {
      const token = await s.login(s === s1 ? 's001-admin' : 's002-admin', 'store-admin-1');
      await s.http().post('/api/sync').set(bearer(token)).send({}).expect(200);
    }
    expect(await s1.dataSource.query(`SELECT retail_price FROM store_price`)).toEqual([{ retail_price: '8.80' }]);
    expect(await s2.dataSource.query(`SELECT retail_price FROM store_price`)).toEqual([{ retail_price: '7.70' }]);
    const whs = await s1.dataSource.query(`SELECT code FROM warehouse ORDER BY code`);
    expect(whs.map((w: { code: string }) => w.code)).toEqual(['S001-01', 'S001-TRANSIT']);
    const users = await s1.dataSource.query(`SELECT username FROM app_user ORDER BY username`);
    expect(users.map((u: { username: string }) => u.username)).toEqual(['s001-admin', 's001-cashier']);
  });

  it('store staff read the synced base data through the same catalog routes as HQ, and cannot write it', async () => {
    const token = await s1.login('s001-admin', 'store-admin-1');
    const [{ id: pid }] = await s1.dataSource.query(`SELECT id FROM product WHERE code = 'P000001'`);
    const product = await s1.http().get(`/api/catalog/products/${pid}`).set(bearer(token)).expect(200);
    expect(product.body).toMatchObject({ code: 'P000001', name: '改名商品', retailPrice: '99.9' });
    const list = await s1.http().get('/api/catalog/products?search=P00000&pageSize=5').set(bearer(token)).expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    const prices = await s1.http().get('/api/catalog/store-prices').set(bearer(token)).expect(200);
    expect(prices.body.items.map((p: { retailPrice: string }) => p.retailPrice)).toEqual(['8.8']);
    await s1.http().post('/api/catalog/products').set(bearer(token)).send({ code: 'X1', name: 'x' }).expect(404);
    await s1.http().patch(`/api/catalog/products/${pid}`).set(bearer(token)).send({ name: 'x' }).expect(404);
    expect((await s1.http().get('/api/catalog/products/by-barcode/%20bad').set(bearer(token)).expect(400)).body.code).toBe('CATALOG_INVALID_BARCODE');
  });

  it('editing a store’s data scope later: rows newly in scope arrive, rows leaving it become inactive', async () => {
    // two category trees with products; S002 first sees only tree A
    const cats: Array<{ id: string; code: string }> = await hq.dataSource.query(
      `INSERT INTO category (id, code, name, path, row_version) SELECT x.id, x.code, x.code, ARRAY[x.id], 1
         FROM (SELECT gen_random_uuid() AS id, c AS code FROM unnest(ARRAY['SCOPE-A', 'SCOPE-B']) c) x RETURNING id, code`,
    );
    const [a, b] = ['SCOPE-A', 'SCOPE-B'].map((c) => cats.find((x) => x.code === c)!);
    await addProducts(hq, 3, 'SA', a.id);
    await addProducts(hq, 3, 'SB', b.id);
    const [{ id: s2Id }] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S002'`);
    const token = await s2.login('s002-admin', 'store-admin-1');
    const setScope = async (categoryIds: string[]) => {
      const r = await hq.http().put(`/api/stores/${s2Id}/data-scope`).set(bearer(admin)).send({ allCategories: false, categoryIds }).expect(200);
      await feedSettled(hq);
      const run = await s2.http().post('/api/sync').set(bearer(token)).send({}).expect(200);
      expect(run.body.errors).toEqual([]);
      return r.body;
    };
    const atStore = async () =>
      Object.fromEntries(
        (await s2.dataSource.query(`SELECT code, status FROM product WHERE code LIKE 'S_0%' ORDER BY code`)).map((r: { code: string; status: string }) => [r.code, r.status]),
      );
    const scope = await setScope([a.id]);
    expect(scope.version).toBeGreaterThan(1);
    expect(await atStore()).toEqual({ SA000001: 'active', SA000002: 'active', SA000003: 'active' });
    // products of tree B never reached the store; nor did their barcodes
    expect(Number((await s2.dataSource.query(`SELECT count(*) FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code LIKE 'SB%'`))[0].count)).toBe(0);
    // the catalog outside both trees (the first 30 products have no category) left the scope too
    expect((await s2.dataSource.query(`SELECT DISTINCT status FROM product WHERE code LIKE 'P%'`)).map((r: { status: string }) => r.status)).toEqual(['disabled']);

    await setScope([b.id]);
    expect(await atStore()).toEqual({ SA000001: 'disabled', SA000002: 'disabled', SA000003: 'disabled', SB000001: 'active', SB000002: 'active', SB000003: 'active' });
    expect(Number((await s2.dataSource.query(`SELECT count(*) FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code LIKE 'SB%'`))[0].count)).toBe(3);

    // a change to a product that is out of scope does not bring it back; back in scope it returns whole (HQ's version)
    await hq.dataSource.query(`UPDATE product SET name = 'renamed while out' WHERE code = 'SA000001'`);
    await feedSettled(hq);
    await s2.http().post('/api/sync').set(bearer(token)).send({}).expect(200);
    expect((await s2.dataSource.query(`SELECT status FROM product WHERE code = 'SA000001'`))[0].status).toBe('disabled');
    await setScope([a.id, b.id]);
    const q = `SELECT code, name, status, row_version FROM product WHERE code LIKE 'S_0%' ORDER BY code`;
    expect(await s2.dataSource.query(q)).toEqual(await hq.dataSource.query(q));
    expect((await s2.dataSource.query(`SELECT name FROM product WHERE code = 'SA000001'`))[0].name).toBe('renamed while out');
  });
});
