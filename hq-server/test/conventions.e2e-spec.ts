import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

describe('HQ API conventions', () => {
  let hq: TestApp;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
  });
  afterAll(() => hq.close());

  it('serves valid OpenAPI 3 with bearer auth, listing auth, users, roles and org units', async () => {
    const doc = (await hq.http().get('/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const p of ['/api/auth/login', '/api/auth/me', '/api/users', '/api/users/{id}', '/api/roles', '/api/org-units', '/api/health']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    await hq.http().get('/docs').expect(200);
  });

  it('declares a permission on every operation, and one that changes data never just "public"', async () => {
    const doc = (await hq.http().get('/docs-json').expect(200)).body;
    const publicWrites: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        expect({ op: `${method} ${path}`, permission: op['x-permission'] ?? null }).toEqual({ op: `${method} ${path}`, permission: expect.any(String) });
        if (method !== 'get' && op['x-permission'] === 'public') publicWrites.push(`${method} ${path}`);
      }
    }
    // login is the only public write so far; the signed transfer API will join it
    expect(publicWrites.filter((w) => !w.includes('/api/transfer/'))).toEqual(['post /api/auth/login']);
  });

  it('has no job dashboard without Redis', async () => {
    await hq.http().get('/api/admin/queues').expect(404);
    const res = await hq
      .http()
      .post('/api/admin/queue-session')
      .set(bearer(await hq.loginAdmin()))
      .expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });

  it('answers health with database and jobs', async () => {
    const res = await hq.http().get('/api/health').expect(200);
    expect(res.body.info).toMatchObject({ database: { status: 'up' }, jobs: { status: 'up', adapter: 'in-process' } });
  });

  it('puts a request id on every response, taking a sane one from the caller', async () => {
    const res = await hq.http().get('/api/health').set('X-Request-Id', 'till-7-abc').expect(200);
    expect(res.headers['x-request-id']).toBe('till-7-abc');
    const evil = await hq.http().get('/api/health').set('X-Request-Id', 'a b;<script>').expect(200);
    expect(evil.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sets security headers (helmet)', async () => {
    const res = await hq.http().get('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('refuses an oversized body with 413 and a code', async () => {
    const res = await hq
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(6 * 1024 * 1024), password: 'x' }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('HQ with BullMQ jobs on a real redis-server', () => {
  let hq: TestApp;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { env: { REDIS_URL: process.env.TEST_REDIS_URL } });
  });
  afterAll(() => hq.close());

  it('reports the Redis-backed job adapter as healthy', async () => {
    const res = await hq.http().get('/api/health').expect(200);
    expect(res.body.info.jobs).toMatchObject({ status: 'up', adapter: 'bullmq' });
  });

  it('serves the BullMQ dashboard to administrators only, by bearer token or session cookie', async () => {
    expect((await hq.http().get('/api/admin/queues').expect(401)).body.code).toBe('UNAUTHENTICATED');
    const admin = await hq.loginAdmin();
    const page = await hq.http().get('/api/admin/queues').set(bearer(admin)).expect(200);
    expect(page.text).toMatch(/<html/i);
    const session = await hq.http().post('/api/admin/queue-session').set(bearer(admin)).expect(204);
    const cookie = session.headers['set-cookie'][0];
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Path=\/api\/admin\/queues/);
    await hq.http().get('/api/admin/queues').set('Cookie', cookie.split(';')[0]).expect(200);
    // a user without system.jobs is refused
    const roles = (await hq.http().get('/api/roles?pageSize=100').set(bearer(admin))).body.items;
    const cashier = roles.find((r: { code: string }) => r.code === 'cashier');
    await hq
      .http()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 'q-user', displayName: 'q', password: 'q-pass-1234', roleIds: [cashier.id] })
      .expect(201);
    const token = await hq.login('q-user', 'q-pass-1234');
    expect((await hq.http().get('/api/admin/queues').set(bearer(token)).expect(403)).body.code).toBe('PERMISSION_DENIED');
  });
});
