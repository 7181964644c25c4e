import { bearer, bootTestApp, dropDatabase, testRedisUrl, type TestApp } from '@chain-erp/shared/testing';
import { HQ_LEVEL_PERMISSIONS } from '@chain-erp/shared';
import { HQ_SERVER } from '../src/server';

/**
 * Issue 17 §3: access ends when it is taken away. A token names a sign-in; every request checks it
 * against the user as it stands now, so disabling, demoting, a role losing a permission, a password
 * change or reset and a logout end it at once.
 */
describe('access that ends when it is taken away (HQ)', () => {
  let hq: TestApp;
  let admin: string;
  let s1: { id: string; rowVersion: number };
  let role: Record<string, { id: string }>;

  const api = () => hq.http();
  const me = (token: string) => api().get('/api/auth/me').set(bearer(token));

  async function newUser(username: string, roleCodes: string[], orgUnitId?: string): Promise<{ id: string; token: string; password: string }> {
    const password = `${username}-pass-1`;
    const res = await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username, displayName: username, password, roleIds: roleCodes.map((c) => role[c].id), ...(orgUnitId ? { orgUnitId } : {}) })
      .expect(201);
    return { id: res.body.id, token: await hq.login(username, password), password };
  }

  function patchUser(id: string, body: object) {
    return api().patch(`/api/users/${id}`).set(bearer(admin)).send(body);
  }

  function ended(res: { status: number; body: { code: string; details?: { reason?: string } } }, reason: string) {
    expect({ status: res.status, code: res.body.code, reason: res.body.details?.reason }).toEqual({ status: 401, code: 'AUTH_SESSION_ENDED', reason });
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body;
    role = Object.fromEntries((await api().get('/api/roles?pageSize=100').set(bearer(admin)).expect(200)).body.items.map((r: { code: string; id: string }) => [r.code, r]));
  });

  afterAll(() => hq.close());

  it('a store admin demoted to cashier can no longer create a store admin with the old token', async () => {
    const boss = await newUser('demoted-admin', ['store-admin'], s1.id);
    await api()
      .post('/api/users')
      .set(bearer(boss.token))
      .send({ username: 'made-before', displayName: 'x', password: 'made-pass-1', roleIds: [role['cashier'].id] })
      .expect(201);
    await patchUser(boss.id, { roleIds: [role['cashier'].id] }).expect(200);
    const attempt = await api()
      .post('/api/users')
      .set(bearer(boss.token))
      .send({ username: 'made-after', displayName: 'x', password: 'made-pass-1', roleIds: [role['store-admin'].id] });
    ended(attempt, 'access-changed');
    expect((await hq.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'made-after'`))[0].n).toBe(0);
    // signing in again gives a cashier's rights, and /auth/me says so
    const again = await hq.login('demoted-admin', boss.password);
    expect((await api().post('/api/users').set(bearer(again)).send({ username: 'made-after', displayName: 'x', password: 'made-pass-1' }).expect(403)).body.code).toBe(
      'PERMISSION_DENIED',
    );
    expect((await me(again).expect(200)).body).toMatchObject({ roles: ['cashier'], permissions: [...(await cashierPermissions())].sort() });
  });

  async function cashierPermissions(): Promise<string[]> {
    return (await api().get(`/api/roles/${role['cashier'].id}`).set(bearer(admin)).expect(200)).body.permissions;
  }

  it('a disabled account loses /auth/me and every read at once, and stays out when re-enabled until it signs in', async () => {
    const u = await newUser('to-disable', ['store-admin'], s1.id);
    await me(u.token).expect(200);
    await api().get('/api/users').set(bearer(u.token)).expect(200);
    await patchUser(u.id, { status: 'disabled' }).expect(200);
    ended(await me(u.token), 'disabled');
    ended(await api().get('/api/users').set(bearer(u.token)), 'disabled');
    expect((await api().post('/api/auth/login').send({ username: 'to-disable', password: u.password }).expect(403)).body.code).toBe('AUTH_ACCOUNT_DISABLED');
    await patchUser(u.id, { status: 'active' }).expect(200);
    ended(await me(u.token), 'disabled');
    await me(await hq.login('to-disable', u.password)).expect(200);
  });

  it('a password reset ends every sign-in; changing one’s own ends the others and keeps the one used', async () => {
    const u = await newUser('pw-user', ['cashier'], s1.id);
    const second = await hq.login('pw-user', u.password);
    await api().put(`/api/users/${u.id}/password`).set(bearer(admin)).send({ newPassword: 'reset-pass-1', mustChange: false }).expect(204);
    ended(await me(u.token), 'password');
    ended(await me(second), 'password');
    const a = await hq.login('pw-user', 'reset-pass-1');
    const b = await hq.login('pw-user', 'reset-pass-1');
    await api().post('/api/auth/change-password').set(bearer(a)).send({ currentPassword: 'reset-pass-1', newPassword: 'changed-pass-1' }).expect(204);
    await me(a).expect(200);
    ended(await me(b), 'password');
  });

  it('logout ends the token it is sent with, and no other', async () => {
    const u = await newUser('logout-user', ['cashier'], s1.id);
    const other = await hq.login('logout-user', u.password);
    await api().post('/api/auth/logout').set(bearer(u.token)).expect(204);
    ended(await me(u.token), 'logout');
    ended(await api().post('/api/auth/logout').set(bearer(u.token)), 'logout');
    await me(other).expect(200);
  });

  it('a permission taken from a role ends its holders’ sign-ins; one added applies at the next request', async () => {
    const custom = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 's001-viewer', name: '查看', orgUnitId: s1.id, permissions: ['identity.user.read'] })
        .expect(201)
    ).body;
    role['s001-viewer'] = custom;
    const u = await newUser('viewer', ['s001-viewer'], s1.id);
    await api().get('/api/users').set(bearer(u.token)).expect(200);
    await api().get('/api/roles').set(bearer(u.token)).expect(403);
    const grown = (
      await api()
        .patch(`/api/roles/${custom.id}`)
        .set(bearer(admin))
        .send({ permissions: ['identity.user.read', 'identity.role.read'] })
        .expect(200)
    ).body;
    await api().get('/api/roles').set(bearer(u.token)).expect(200);
    expect((await me(u.token).expect(200)).body.permissions).toEqual(['identity.role.read', 'identity.user.read']);
    await api()
      .patch(`/api/roles/${custom.id}`)
      .set(bearer(admin))
      .send({ permissions: ['identity.role.read'], expectedVersion: grown.rowVersion })
      .expect(200);
    ended(await api().get('/api/roles').set(bearer(u.token)), 'access-changed');
    const again = await hq.login('viewer', u.password);
    await api().get('/api/users').set(bearer(again)).expect(403);
  });

  it('disabling a store ends the sign-ins of its staff', async () => {
    const s9 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S009', name: '九号店', kind: 'store' }).expect(201)).body;
    const u = await newUser('s009-staff', ['cashier'], s9.id);
    await me(u.token).expect(200);
    await api().patch(`/api/org-units/${s9.id}`).set(bearer(admin)).send({ status: 'disabled' }).expect(200);
    ended(await me(u.token), 'disabled');
  });

  it('/auth/me shows what a store user can really do: no HQ-level permission, even when a role grants one', async () => {
    const storeAdmin = await newUser('real-rights', ['store-admin'], s1.id);
    const listed: string[] = (await me(storeAdmin.token).expect(200)).body.permissions;
    for (const p of ['inventory.settings', 'inventory.warehouse.write', 'system.jobs']) expect(listed).not.toContain(p);
    expect(listed.filter((p) => HQ_LEVEL_PERMISSIONS.has(p as never))).toEqual([]);
    // the built-in role itself no longer lists them
    const builtIn = (await api().get(`/api/roles/${role['store-admin'].id}`).set(bearer(admin)).expect(200)).body.permissions;
    expect(builtIn).not.toContain('inventory.settings');
    // an HQ-level permission granted to a store user through a chain-wide role is not the user's
    const settings = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 'settings-keeper', name: '库存设置', permissions: ['inventory.settings', 'inventory.read'] })
        .expect(201)
    ).body;
    role['settings-keeper'] = settings;
    const keeper = await newUser('store-settings', [], s1.id);
    await patchUser(keeper.id, { roleIds: [settings.id] }).expect(200);
    const token = await hq.login('store-settings', keeper.password);
    expect((await me(token).expect(200)).body.permissions).toEqual(['inventory.read']);
    expect((await api().put(`/api/inventory/settings/${s1.id}`).set(bearer(token)).send({ allowNegativeStock: true }).expect(403)).body.code).toBe('PERMISSION_DENIED');
    // …while an HQ user with the same role has it
    const hqKeeper = await newUser('hq-settings', ['settings-keeper']);
    expect((await me(hqKeeper.token).expect(200)).body.permissions).toContain('inventory.settings');
  });

  it('refuses a token from before sign-ins were recorded (no sign-in id)', async () => {
    const { JwtService } = await import('@nestjs/jwt');
    const { TEST_JWT_SECRET } = await import('@chain-erp/shared/testing');
    const m = (await me(admin).expect(200)).body;
    const old = new JwtService({ secret: TEST_JWT_SECRET }).sign({ sub: m.id, usr: 'admin', org: m.orgUnit.id, oc: 'HQ', ok: 'hq', perms: ['*'] });
    expect((await me(old).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
  });
});

describe('access that ends when it is taken away: several HQ instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    // two instances on one database, as behind a load balancer; B reuses what it read for 1 s
    a = await bootTestApp(HQ_SERVER, { keepDatabase: true, env: { REDIS_URL: testRedisUrl() } });
    b = await bootTestApp(HQ_SERVER, { databaseUrl: a.databaseUrl, env: { AUTH_CACHE_SECONDS: '1', REDIS_URL: testRedisUrl() } });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
    await dropDatabase(a.databaseUrl);
  });

  it('a user disabled on one instance is refused by the other once its cache time is over', async () => {
    const admin = await a.loginAdmin();
    const cashier = (await a.http().get('/api/roles?pageSize=100').set(bearer(admin))).body.items.find((r: { code: string }) => r.code === 'cashier');
    const u = (
      await a
        .http()
        .post('/api/users')
        .set(bearer(admin))
        .send({ username: 'two-instances', displayName: 'x', password: 'two-pass-123', roleIds: [cashier.id] })
        .expect(201)
    ).body;
    const token = await b.login('two-instances', 'two-pass-123');
    await b.http().get('/api/auth/me').set(bearer(token)).expect(200);
    await a.http().patch(`/api/users/${u.id}`).set(bearer(admin)).send({ status: 'disabled' }).expect(200);
    // the same instance knows at once; B within AUTH_CACHE_SECONDS (1 s here)
    expect((await a.http().get('/api/auth/me').set(bearer(token)).expect(401)).body.code).toBe('AUTH_SESSION_ENDED');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await b.http().get('/api/auth/me').set(bearer(token)).expect(401)).body.code).toBe('AUTH_SESSION_ENDED');
  });

  it('the job dashboard’s cookie stops working when its sign-in ends', async () => {
    const admin = await a.loginAdmin();
    const session = await a.http().post('/api/admin/queue-session').set(bearer(admin)).expect(204);
    const cookie = session.headers['set-cookie'][0].split(';')[0];
    await a.http().get('/api/admin/queues').set('Cookie', cookie).expect(200);
    await a.http().post('/api/auth/logout').set(bearer(admin)).expect(204);
    expect((await a.http().get('/api/admin/queues').set('Cookie', cookie).expect(401)).body.code).toBe('AUTH_SESSION_ENDED');
  });
});
