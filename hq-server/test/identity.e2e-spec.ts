import { JwtService } from '@nestjs/jwt';
import { bearer, bootTestApp, TEST_JWT_SECRET, type TestApp } from '@chain-erp/shared/testing';
import { AuditLog, OperationLog } from '@chain-erp/shared';
import { HQ_SERVER } from '../src/server';

describe('identity at HQ (login, lockout, guard, HQ vs store admin, scope)', () => {
  let hq: TestApp;
  let admin: string;
  let s1: { id: string };
  let s2: { id: string };
  let storeAdminRole: { id: string; permissions: string[] };
  let cashierRole: { id: string };
  let s1Admin: string;

  const api = () => hq.http();

  function createUser(token: string, body: object) {
    return api().post('/api/users').set(bearer(token)).send(body);
  }

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body;
    s2 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S002', name: '二号店', kind: 'store' }).expect(201)).body;
    const roles = (await api().get('/api/roles?pageSize=100').set(bearer(admin)).expect(200)).body.items;
    storeAdminRole = roles.find((r: { code: string }) => r.code === 'store-admin');
    cashierRole = roles.find((r: { code: string }) => r.code === 'cashier');
    await createUser(admin, { username: 's001-admin', displayName: '店长', password: 'store-pass-1', orgUnitId: s1.id, roleIds: [storeAdminRole.id] }).expect(201);
    s1Admin = await hq.login('s001-admin', 'store-pass-1');
  });

  afterAll(() => hq.close());

  it('signs in and returns the user, org unit and permissions', async () => {
    const res = await api().post('/api/auth/login').send({ username: 'admin', password: 'admin-pass-1234' }).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', user: { username: 'admin', orgUnit: { code: 'HQ', kind: 'hq' } } });
    expect(res.body.user.permissions).toContain('identity.user.write');
    expect(res.headers['x-request-id']).toBeTruthy();
    const me = await api().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body.roles).toEqual(['hq-admin']);
  });

  it('refuses a wrong password with a stable code and the error shape', async () => {
    const res = await api().post('/api/auth/login').send({ username: 'admin', password: 'nope' }).expect(401);
    expect(res.body).toEqual({ statusCode: 401, code: 'AUTH_INVALID_CREDENTIALS', message: expect.any(String), requestId: expect.any(String) });
    await api().post('/api/auth/login').send({ username: 'nobody', password: 'x' }).expect(401);
  });

  it('locks an account after 5 failures and says so, even with the right password; a reset unlocks it', async () => {
    await createUser(admin, { username: 'victim', displayName: 'V', password: 'right-pass-1', roleIds: [] }).expect(201);
    for (let i = 0; i < 4; i++) await api().post('/api/auth/login').send({ username: 'victim', password: 'wrong' }).expect(401);
    const fifth = await api().post('/api/auth/login').send({ username: 'victim', password: 'wrong' }).expect(423);
    expect(fifth.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    const locked = await api().post('/api/auth/login').send({ username: 'victim', password: 'right-pass-1' }).expect(423);
    expect(locked.body.code).toBe('AUTH_ACCOUNT_LOCKED');
    const users = (await api().get('/api/users?search=victim').set(bearer(admin)).expect(200)).body.items;
    await api().put(`/api/users/${users[0].id}/password`).set(bearer(admin)).send({ newPassword: 'new-pass-123', mustChange: false }).expect(204);
    await api().post('/api/auth/login').send({ username: 'victim', password: 'new-pass-123' }).expect(200);
  });

  it('refuses missing, forged and expired tokens', async () => {
    expect((await api().get('/api/auth/me').expect(401)).body.code).toBe('UNAUTHENTICATED');
    expect((await api().get('/api/auth/me').set(bearer('abc.def.ghi')).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
    const forged = new JwtService({ secret: 'another-secret-another-secret-0000000' }).sign({ sub: 'x', org: 'y', perms: ['*'] });
    expect((await api().get('/api/auth/me').set(bearer(forged)).expect(401)).body.code).toBe('AUTH_TOKEN_INVALID');
    const me = (await api().get('/api/auth/me').set(bearer(admin))).body;
    const expired = new JwtService({ secret: TEST_JWT_SECRET }).sign({
      sub: me.id,
      usr: 'admin',
      org: me.orgUnit.id,
      oc: 'HQ',
      ok: 'hq',
      perms: me.permissions,
      exp: Math.floor(Date.now() / 1000) - 10,
    });
    expect((await api().get('/api/auth/me').set(bearer(expired)).expect(401)).body.code).toBe('AUTH_TOKEN_EXPIRED');
  });

  it('guards every write with a permission', async () => {
    await createUser(admin, { username: 's001-cashier', displayName: '收银员', password: 'cash-pass-1', orgUnitId: s1.id, roleIds: [cashierRole.id] }).expect(201);
    const cashier = await hq.login('s001-cashier', 'cash-pass-1');
    const res = await createUser(cashier, { username: 'x-user', displayName: 'x', password: 'xxxxxxxx1' }).expect(403);
    expect(res.body).toMatchObject({ code: 'PERMISSION_DENIED', details: { permission: ['identity.user.write'] } });
    await api().post('/api/org-units').set(bearer(cashier)).send({ code: 'S009', name: 'x', kind: 'store' }).expect(403);
  });

  it('lets a store admin manage only its own store and never grant what it does not hold', async () => {
    // creates a cashier in its own store (orgUnitId defaults to its store)
    const ok = await createUser(s1Admin, { username: 's001-cashier2', displayName: '收银员2', password: 'cash-pass-2', roleIds: [cashierRole.id] }).expect(201);
    expect(ok.body.orgUnitId).toBe(s1.id);
    // not in another store
    const other = await createUser(s1Admin, { username: 's002-x', displayName: 'x', password: 'xxxxxxxx1', orgUnitId: s2.id }).expect(403);
    expect(other.body.code).toBe('IDENTITY_OTHER_STORE');
    // not with the HQ administrator role (holds permissions the store admin lacks)
    const hqRole = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items.find((r: { code: string }) => r.code === 'hq-admin');
    const grant = await createUser(s1Admin, { username: 's001-boss', displayName: 'x', password: 'xxxxxxxx1', roleIds: [hqRole.id] }).expect(403);
    expect(grant.body.code).toBe('IDENTITY_GRANT_EXCEEDS_OWN');
    // a store role with a permission it lacks
    const role = await api()
      .post('/api/roles')
      .set(bearer(s1Admin))
      .send({ code: 's001-x', name: 'x', permissions: ['catalog.product.write'] })
      .expect(403);
    expect(role.body.code).toBe('IDENTITY_GRANT_EXCEEDS_OWN');
    const fine = await api()
      .post('/api/roles')
      .set(bearer(s1Admin))
      .send({ code: 's001-sup', name: '值班长', permissions: ['pos.sell', 'pos.refund'] })
      .expect(201);
    expect(fine.body.orgUnitId).toBe(s1.id);
    // an unknown permission code is a 400
    expect(
      (
        await api()
          .post('/api/roles')
          .set(bearer(admin))
          .send({ code: 'bad', name: 'x', permissions: ['no.such'] })
          .expect(400)
      ).body.code,
    ).toBe('IDENTITY_UNKNOWN_PERMISSION');
  });

  it('an HQ admin manages the users of every store', async () => {
    const res = await createUser(admin, { username: 's002-admin', displayName: '二店长', password: 'store-pass-2', orgUnitId: s2.id, roleIds: [storeAdminRole.id] }).expect(201);
    await api().patch(`/api/users/${res.body.id}`).set(bearer(admin)).send({ displayName: '二号店店长' }).expect(200);
  });

  it('never shows a store another store’s users, even by guessed ids', async () => {
    const s2Admin = await hq.login('s002-admin', 'store-pass-2');
    const s1Users = (await api().get('/api/users').set(bearer(s1Admin)).expect(200)).body;
    expect(s1Users.items.every((u: { orgUnitId: string }) => u.orgUnitId === s1.id)).toBe(true);
    // asking for another store by filter yields nothing
    expect((await api().get(`/api/users?orgUnitId=${s2.id}`).set(bearer(s1Admin)).expect(200)).body.total).toBe(0);
    const s2User = (await api().get('/api/users').set(bearer(s2Admin))).body.items[0];
    expect((await api().get(`/api/users/${s2User.id}`).set(bearer(s1Admin)).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await api().patch(`/api/users/${s2User.id}`).set(bearer(s1Admin)).send({ displayName: 'hijack' }).expect(404)).body.code).toBe('NOT_FOUND');
    await api().put(`/api/users/${s2User.id}/password`).set(bearer(s1Admin)).send({ newPassword: 'hijacked-1' }).expect(404);
    expect((await api().get(`/api/org-units/${s2.id}`).set(bearer(s1Admin)).expect(404)).body.code).toBe('NOT_FOUND');
    const orgs = (await api().get('/api/org-units').set(bearer(s1Admin)).expect(200)).body;
    expect(orgs.items.map((o: { code: string }) => o.code)).toEqual(['S001']);
  });

  it('answers bad input with 400, the fields at fault, and writes nothing', async () => {
    const before = await hq.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    const res = await createUser(admin, { username: 'a', displayName: '', password: 'short', extra: 1 }).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['username', 'displayName', 'password', 'extra']));
    expect((await api().get('/api/users/not-a-uuid').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_ID');
    expect((await api().post('/api/users').set(bearer(admin)).set('Content-Type', 'application/json').send('{"x":').expect(400)).body.code).toBe('MALFORMED_JSON');
    expect((await api().get('/api/users?sort=password').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api().get('/api/nowhere').expect(404)).body.code).toBe('ROUTE_NOT_FOUND');
    const after = await hq.dataSource.query('SELECT count(*)::int AS n FROM app_user');
    expect(after[0].n).toBe(before[0].n);
  });

  it('a stale version is a 409, not a lost update', async () => {
    const u = (await createUser(admin, { username: 'versioned', displayName: 'v1', password: 'xxxxxxxx1' }).expect(201)).body;
    await api().patch(`/api/users/${u.id}`).set(bearer(admin)).send({ displayName: 'v2', expectedVersion: u.rowVersion }).expect(200);
    const stale = await api().patch(`/api/users/${u.id}`).set(bearer(admin)).send({ displayName: 'v3', expectedVersion: u.rowVersion }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('records the audit trail with field changes and an operation log of writes', async () => {
    const s1Row = await hq.dataSource.getRepository(AuditLog).find({ where: { entityType: 'org_unit', entityId: s1.id } });
    expect(s1Row[0]).toMatchObject({ action: 'create', username: 'admin' });
    const trail = await hq.dataSource.getRepository(AuditLog).find({ where: { entityType: 'user', action: 'update' } });
    expect(trail.some((t) => t.changes.some((c) => c.field === 'displayName' && c.after === '二号店店长'))).toBe(true);
    // no secret in the trail
    const all = JSON.stringify(await hq.dataSource.getRepository(AuditLog).find());
    expect(all).not.toMatch(/store-pass|argon2/);
    await new Promise((r) => setTimeout(r, 100));
    const ops = await hq.dataSource.getRepository(OperationLog).find({ where: { method: 'POST' } });
    expect(ops.some((o) => o.path === '/api/users' && o.statusCode === 201 && o.username === 'admin')).toBe(true);
    expect(ops.some((o) => o.path === '/api/users' && o.statusCode === 403 && o.errorCode === 'PERMISSION_DENIED')).toBe(true);
  });

  it('shows the operation log with filters, HQ across stores and a store only its own', async () => {
    const all = (await api().get('/api/operation-log?outcome=failure&pageSize=500').set(bearer(admin)).expect(200)).body;
    expect(all.items.every((r: { statusCode: number }) => r.statusCode >= 400)).toBe(true);
    expect(all.items.some((r: { orgUnitId: string }) => r.orgUnitId === s1.id)).toBe(true);
    const mine = (await api().get('/api/operation-log?pageSize=500').set(bearer(s1Admin)).expect(200)).body;
    expect(mine.total).toBeGreaterThan(0);
    expect(mine.items.every((r: { orgUnitId: string }) => r.orgUnitId === s1.id)).toBe(true);
    expect((await api().get(`/api/operation-log?orgUnitId=${s2.id}`).set(bearer(s1Admin)).expect(200)).body.total).toBe(0);
    const byPath = (await api().get('/api/operation-log?path=/api/roles&method=POST').set(bearer(admin)).expect(200)).body;
    expect(byPath.items.every((r: { path: string; method: string }) => r.path.includes('/api/roles') && r.method === 'POST')).toBe(true);
  });
});
