import { bearer, bootTestApp, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

describe('store server conventions', () => {
  let store: TestApp;
  let token: string;
  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    const u = await seedStoreUser(store.dataSource);
    token = await store.login(u.username, u.password);
  });
  afterAll(() => store.close());

  it('answers health, docs and login like HQ', async () => {
    const health = await store.http().get('/api/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(health.body.info.database.status).toBe('up');
    const doc = (await store.http().get('/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    const tags = new Set(Object.values<any>(doc.paths).flatMap((p) => Object.values<any>(p).flatMap((op) => op.tags ?? [])));
    for (const t of ['系统设置', '零售收银', '连锁管理']) expect(tags).toContain(t);
    const me = await store.http().get('/api/auth/me').set(bearer(token)).expect(200);
    expect(me.body.orgUnit).toMatchObject({ code: 'S001', kind: 'store' });
  });

  it('keeps identity read-only at the store (it is managed at HQ)', async () => {
    await store.http().post('/api/users').set(bearer(token)).send({ username: 'x', displayName: 'x', password: 'xxxxxxxx' }).expect(404);
  });
});
