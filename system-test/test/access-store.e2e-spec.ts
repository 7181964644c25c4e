import { bearer, type TestApp } from '@chain-erp/shared/testing';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { feedSettled, hqServer, openStore, setupStore, storeServer } from './transfer-helpers';

/**
 * Issue 17 §3 at the store: staff sign in at the store server with the store's own tokens; a user
 * disabled, demoted or given a new password at HQ loses those sign-ins as soon as the change
 * arrives by sync, and the store's own logout and password change end sign-ins there.
 */
describe('access that ends when it is taken away (store)', () => {
  let hq: TestApp;
  let store: TestApp;
  let admin: string;
  const users: Record<string, string> = {};

  const syncNow = async () => {
    await feedSettled(hq);
    const report = await store.app.get(StoreSyncService).run('test');
    expect(report.errors).toEqual([]);
  };
  const me = (token: string) => store.http().get('/api/auth/me').set(bearer(token));
  const ended = (res: { status: number; body: { code: string; details?: { reason?: string } } }, reason: string) =>
    expect({ status: res.status, code: res.body.code, reason: res.body.details?.reason }).toEqual({ status: 401, code: 'AUTH_SESSION_ENDED', reason });

  beforeAll(async () => {
    hq = await hqServer();
    admin = await hq.loginAdmin();
    await openStore(hq, admin, 'S001', {
      users: [
        { username: 's001-admin', displayName: '店长', password: 'store-admin-1', role: 'store-admin' },
        { username: 's001-cashier', displayName: '收银员', password: 'cashier-pass-1', role: 'cashier' },
        { username: 's001-deputy', displayName: '副店长', password: 'deputy-pass-1', role: 'store-admin' },
      ],
    });
    for (const u of (await hq.http().get('/api/users?pageSize=100').set(bearer(admin)).expect(200)).body.items) users[u.username] = u.id;
    store = await storeServer();
    await setupStore(store, hq, 'S001');
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
  });

  it('a store admin demoted at HQ loses its store sign-in when the change arrives by sync', async () => {
    const token = await store.login('s001-deputy', 'deputy-pass-1');
    await store.http().get('/api/users').set(bearer(token)).expect(200);
    const cashier = (await hq.http().get('/api/roles?pageSize=100').set(bearer(admin))).body.items.find((r: { code: string }) => r.code === 'cashier');
    await hq
      .http()
      .patch(`/api/users/${users['s001-deputy']}`)
      .set(bearer(admin))
      .send({ roleIds: [cashier.id] })
      .expect(200);
    await syncNow();
    ended(await store.http().get('/api/users').set(bearer(token)), 'access-changed');
    const again = await store.login('s001-deputy', 'deputy-pass-1');
    expect((await store.http().get('/api/users').set(bearer(again)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    expect((await me(again).expect(200)).body.roles).toEqual(['cashier']);
  });

  it('a user disabled at HQ is out at the store after the sync: no /auth/me, no sign-in', async () => {
    const token = await store.login('s001-cashier', 'cashier-pass-1');
    await me(token).expect(200);
    await hq.http().patch(`/api/users/${users['s001-cashier']}`).set(bearer(admin)).send({ status: 'disabled' }).expect(200);
    await syncNow();
    ended(await me(token), 'disabled');
    expect((await store.http().post('/api/auth/login').send({ username: 's001-cashier', password: 'cashier-pass-1' }).expect(403)).body.code).toBe('AUTH_ACCOUNT_DISABLED');
  });

  it('a password reset at HQ ends the store’s sign-ins; the new password works there after the sync', async () => {
    const token = await store.login('s001-admin', 'store-admin-1');
    await hq.http().put(`/api/users/${users['s001-admin']}/password`).set(bearer(admin)).send({ newPassword: 'store-admin-2', mustChange: false }).expect(204);
    await syncNow();
    ended(await me(token), 'access-changed');
    await me(await store.login('s001-admin', 'store-admin-2')).expect(200);
  });

  it('at the store: logout ends that token; a password change there ends the other sign-ins and keeps the one used', async () => {
    const a = await store.login('s001-admin', 'store-admin-2');
    const b = await store.login('s001-admin', 'store-admin-2');
    const c = await store.login('s001-admin', 'store-admin-2');
    await store.http().post('/api/auth/logout').set(bearer(c)).expect(204);
    ended(await me(c), 'logout');
    await me(a).expect(200);
    await store.http().post('/api/auth/change-password').set(bearer(a)).send({ currentPassword: 'store-admin-2', newPassword: 'store-admin-3' }).expect(204);
    await me(a).expect(200);
    ended(await me(b), 'password');
  });

  it('a store’s token is no sign-in at HQ, even where both servers share a secret (as in these tests)', async () => {
    const atStore = await store.login('s001-deputy', 'deputy-pass-1');
    const res = await hq.http().get('/api/auth/me').set(bearer(atStore)).expect(401);
    expect(res.body).toMatchObject({ code: 'AUTH_SESSION_ENDED', details: { reason: 'unknown' } });
  });
});
