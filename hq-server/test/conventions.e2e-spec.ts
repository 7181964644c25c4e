import { bootTestApp, TestApp } from '@chain-erp/shared/testing';
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
    const res = await hq.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(6 * 1024 * 1024), password: 'x' }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('HQ with BullMQ jobs on a real redis-server', () => {
  it('reports the Redis-backed job adapter as healthy', async () => {
    const hq = await bootTestApp(HQ_SERVER, { env: { REDIS_URL: process.env.TEST_REDIS_URL } });
    try {
      const res = await hq.http().get('/api/health').expect(200);
      expect(res.body.info.jobs).toMatchObject({ status: 'up', adapter: 'bullmq' });
    } finally {
      await hq.close();
    }
  });
});
