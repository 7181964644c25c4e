import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { hashPassword } from '@chain-erp/shared';
import { STORE_SERVER } from '../src/server';

/**
 * The store mounts the same inventory module: its own stock documents and queries, warehouses and
 * settings read-only (they arrive by sync; here inserted the way the opening wizard/sync will).
 */
describe('inventory at a store', () => {
  let store: TestApp;
  let token: string;
  let storeId: string;
  let wh: string;
  let product: string;

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    const ds = store.dataSource;
    [{ id: storeId }] = await ds.query("INSERT INTO org_unit (code, name, kind, row_version) VALUES ('S001', '一号店', 'store', 1) RETURNING id");
    const [role] = await ds.query("INSERT INTO role (code, name, permissions, row_version) VALUES ('store-admin', '店长', $1, 1) RETURNING id", [
      ['inventory.read', 'inventory.adjust', 'inventory.adjust.approve', 'inventory.other', 'inventory.count', 'inventory.count.post', 'inventory.warehouse.write'],
    ]);
    const [user] = await ds.query("INSERT INTO app_user (username, display_name, org_unit_id, password_hash, row_version) VALUES ('s001-admin', '店长', $1, $2, 1) RETURNING id", [
      storeId,
      await hashPassword('store-pass-1'),
    ]);
    await ds.query('INSERT INTO user_role (user_id, role_id) VALUES ($1, $2)', [user.id, role.id]);
    [{ id: wh }] = await ds.query("INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('WH-S001', '门店仓', $1, 1) RETURNING id", [storeId]);
    [{ id: product }] = await ds.query("INSERT INTO product (code, name, row_version) VALUES ('P1', '可乐', 1) RETURNING id");
    token = await store.login('s001-admin', 'store-pass-1');
  });

  afterAll(() => store.close());

  it('exposes the inventory endpoints in Swagger, warehouses and settings read-only', async () => {
    const doc = (await store.http().get('/docs-json').expect(200)).body;
    for (const path of [
      '/api/inventory/stock',
      '/api/inventory/adjustments/{id}/post',
      '/api/inventory/counts/{id}/import',
      '/api/inventory/stock-card',
      '/api/inventory/alerts',
      '/api/inventory/warehouses',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/inventory/warehouses'].post).toBeUndefined();
    expect(doc.paths['/api/inventory/settings/{orgUnitId}'].put).toBeUndefined();
    await store.http().post('/api/inventory/warehouses').set(bearer(token)).send({ code: 'X', name: 'x', orgUnitId: storeId }).expect(404);
    expect((await store.http().get('/api/inventory/warehouses').set(bearer(token)).expect(200)).body.items.map((w: { code: string }) => w.code)).toEqual(['WH-S001']);
  });

  it('runs its own stock documents: no oversell with the switch missing (not allowed), allowed once the synced setting says so', async () => {
    const reasons = (await store.http().get('/api/inventory/reasons').set(bearer(token)).expect(200)).body;
    expect(reasons.map((r: { code: string }) => r.code)).toContain('damaged');
    const doc = (
      await store
        .http()
        .post('/api/inventory/adjustments')
        .set(bearer(token))
        .send({ warehouseId: wh, lines: [{ productId: product, quantity: '-1', reasonCode: 'damaged' }] })
        .expect(201)
    ).body;
    expect(doc.number).toMatch(/^ADJ-S001-/);
    const short = await store.http().post(`/api/inventory/adjustments/${doc.id}/post`).set(bearer(token)).expect(409);
    expect(short.body).toMatchObject({ code: 'STOCK_INSUFFICIENT', details: { available: '0' } });
    // the sync writes org_settings; the next posting reads it without a restart
    await store.dataSource.query('INSERT INTO org_settings (org_unit_id, allow_negative_stock, row_version) VALUES ($1, true, 1)', [storeId]);
    await store.http().post(`/api/inventory/adjustments/${doc.id}/post`).set(bearer(token)).expect(200);
    const stock = (await store.http().get(`/api/inventory/stock?warehouseId=${wh}`).set(bearer(token)).expect(200)).body.items;
    expect(stock).toMatchObject([{ productCode: 'P1', qty: '-1' }]);
  });
});
