import { RequestContext, StockAlertService } from '@chain-erp/shared';
import { bearer, type TestApp } from '@chain-erp/shared/testing';
import { TransferInboxService } from '@chain-erp/hq-server/transfer/transfer-inbox.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/** Inventory streams: reasons, limits, settings and warehouses reach the store; its daily alerts reach HQ. */
describe('transfer: inventory streams', () => {
  let hq: TestApp;
  let store: TestApp;
  let admin: string;
  let storeId: string;
  let otherStoreId: string;
  let products: string[];
  let wh: { own: string; other: string; hq: string };

  const sync = async () => {
    await feedSettled(hq);
    const r = await store.app.get(StoreSyncService).run('test');
    expect(r.errors).toEqual([]);
    return r;
  };
  const limits = () => store.dataSource.query(`SELECT warehouse_id, product_id, min_qty::text AS min, max_qty::text AS max FROM stock_limit ORDER BY product_id`);
  /** the inbox job runs on its own; wait until it has taken every stored record */
  const inboxDone = async () => {
    await hq.app.get(TransferInboxService).processPending();
    for (let i = 0; i < 300; i++) {
      const [{ n }] = await hq.dataSource.query(`SELECT count(*)::int AS n FROM transfer_inbox WHERE status = 'received'`);
      if (n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const hqAlerts = async (query: string) => (await hq.http().get(`/api/inventory/alerts?${query}`).set(bearer(admin)).expect(200)).body;

  beforeAll(async () => {
    hq = await hqServer();
    store = await storeServer();
    admin = await hq.loginAdmin();
    products = await addProducts(hq, 4, 'INV');
    storeId = (await openStore(hq, admin, 'S004')).result.store.id;
    otherStoreId = (await openStore(hq, admin, 'S005')).result.store.id;
    const code = async (c: string) => (await hq.dataSource.query(`SELECT id FROM warehouse WHERE code = $1`, [c]))[0].id as string;
    const [hqOrg] = await hq.dataSource.query(`SELECT id FROM org_unit WHERE kind = 'hq' LIMIT 1`);
    const hqWh = (await hq.http().post('/api/inventory/warehouses').set(bearer(admin)).send({ code: 'HQ-INV', name: '总仓', orgUnitId: hqOrg.id }).expect(201)).body;
    wh = { own: await code('S004-01'), other: await code('S005-01'), hq: hqWh.id };
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  it('reasons, the store’s limits, settings (with extra.inventory) and warehouses reach the store; other stores’ limits do not', async () => {
    await hq.http().post('/api/inventory/reasons').set(bearer(admin)).send({ code: 'tasting', name: '试吃 tasting', direction: 'out' }).expect(201);
    await hq.http().put(`/api/inventory/settings/${storeId}`).set(bearer(admin)).send({ allowNegativeStock: true, nearExpiryDays: 12 }).expect(200);
    for (const [warehouseId, productId, minQty] of [
      [wh.own, products[0], '5'],
      [wh.other, products[0], '6'],
      [wh.hq, products[1], '7'],
    ]) {
      await hq.http().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId, productId, minQty, maxQty: '100' }).expect(200);
    }
    await setupStore(store, hq, 'S004');
    await sync();
    const reasons = (await store.dataSource.query(`SELECT code FROM stock_reason ORDER BY code`)).map((r: { code: string }) => r.code);
    expect(reasons).toEqual((await hq.dataSource.query(`SELECT code FROM stock_reason ORDER BY code`)).map((r: { code: string }) => r.code));
    expect(reasons).toContain('tasting');
    expect(await limits()).toEqual([{ warehouse_id: wh.own, product_id: products[0], min: '5.000', max: '100.000' }]);
    const [settings] = await store.dataSource.query(`SELECT allow_negative_stock, extra FROM org_settings WHERE org_unit_id = $1`, [storeId]);
    expect(settings).toEqual({ allow_negative_stock: true, extra: { inventory: { nearExpiryDays: 12 } } });
    const token = await store.login('s004-admin', 'store-admin-1');
    const seen = (await store.http().get(`/api/inventory/settings/${storeId}`).set(bearer(token)).expect(200)).body;
    expect(seen).toMatchObject({ allowNegativeStock: true, nearExpiryDays: 12 });
    expect((await store.dataSource.query(`SELECT code FROM warehouse ORDER BY code`)).map((w: { code: string }) => w.code)).toEqual(['S004-01', 'S004-TRANSIT']);
    // HQ's feed names the store of a limit through its warehouse: S005's limit is not even sent to S004
    const [feed] = await hq.dataSource.query(`SELECT store_id FROM change_feed WHERE table_name = 'stock_limit' AND row_id = $1 ORDER BY seq DESC LIMIT 1`, [
      `${wh.other}:${products[0]}`,
    ]);
    expect(feed.store_id).toBe(otherStoreId);
  });

  it('later changes arrive: an edited reason, a changed and a new limit, a new warehouse, a changed setting', async () => {
    await hq.http().patch('/api/inventory/reasons/tasting').set(bearer(admin)).send({ name: '试吃 tasting (renamed)' }).expect(200);
    await hq.http().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId: wh.own, productId: products[0], minQty: '8', maxQty: '100' }).expect(200);
    await hq.http().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId: wh.own, productId: products[2], minQty: '1', maxQty: '2' }).expect(200);
    await hq.http().post('/api/inventory/warehouses').set(bearer(admin)).send({ code: 'S004-02', name: '后仓', orgUnitId: storeId }).expect(201);
    await hq.http().put(`/api/inventory/settings/${storeId}`).set(bearer(admin)).send({ nearExpiryDays: 20 }).expect(200);
    await sync();
    expect((await store.dataSource.query(`SELECT name FROM stock_reason WHERE code = 'tasting'`))[0].name).toBe('试吃 tasting (renamed)');
    expect(await limits()).toEqual(
      [
        { warehouse_id: wh.own, product_id: products[0], min: '8.000', max: '100.000' },
        { warehouse_id: wh.own, product_id: products[2], min: '1.000', max: '2.000' },
      ].sort((a, b) => a.product_id.localeCompare(b.product_id)),
    );
    expect((await store.dataSource.query(`SELECT extra FROM org_settings WHERE org_unit_id = $1`, [storeId]))[0].extra.inventory.nearExpiryDays).toBe(20);
    expect((await store.dataSource.query(`SELECT code FROM warehouse ORDER BY code`)).map((w: { code: string }) => w.code)).toEqual(['S004-01', 'S004-02', 'S004-TRANSIT']);
  });

  it('the store’s recorded alerts reach HQ, are listed by store, replaced by a newer recording, and survive HQ’s own recording', async () => {
    const ctx = new RequestContext(null);
    const alerts = store.app.get(StockAlertService);
    const first = await alerts.record(ctx); // no stock at the store: both limited products are low
    expect(first.recorded).toBe(2);
    await sync();
    await inboxDone();
    const listed = await hqAlerts(`storeId=${storeId}&date=${first.date}`);
    expect(listed.total).toBe(2);
    expect(listed.items.map((a: { productId: string; kind: string; threshold: string }) => [a.productId, a.kind, a.threshold]).sort()).toEqual(
      [
        [products[0], 'low_stock', '8'],
        [products[2], 'low_stock', '1'],
      ].sort(),
    );
    // the other store has none; HQ's own recording keeps the store's rows
    expect((await hqAlerts(`storeId=${otherStoreId}&date=${first.date}`)).total).toBe(0);
    await hq.http().post('/api/inventory/alerts/record').set(bearer(admin)).send({}).expect(200);
    expect((await hqAlerts(`storeId=${storeId}&date=${first.date}`)).total).toBe(2);

    // a newer recording of the same day replaces the store's day at HQ (a limit was lifted meanwhile)
    await hq.http().put('/api/inventory/limits').set(bearer(admin)).send({ warehouseId: wh.own, productId: products[2], minQty: null, maxQty: null }).expect(200);
    await sync();
    expect((await alerts.record(ctx)).recorded).toBe(1);
    const pushed = await sync();
    expect(pushed.pushed['inventory.stock-alert'].stored).toBe(1);
    await inboxDone();
    const after = await hqAlerts(`storeId=${storeId}&date=${first.date}`);
    expect(after.items.map((a: { productId: string }) => a.productId)).toEqual([products[0]]);
    // processing a record again (a redelivered job) changes nothing
    await hq.dataSource.query(`UPDATE transfer_inbox SET status = 'received' WHERE stream = 'inventory.stock-alert'`);
    await inboxDone();
    expect((await hqAlerts(`storeId=${storeId}&date=${first.date}`)).items.map((a: { productId: string }) => a.productId)).toEqual([products[0]]);
    expect(Number((await hq.dataSource.query(`SELECT count(*) FROM transfer_inbox WHERE stream = 'inventory.stock-alert' AND status = 'processed'`))[0].count)).toBe(2);
  });
});
