import { createHqClient, createStoreClient } from '@chain-erp/api-client';
import { bootTestApp, TEST_ADMIN_PASSWORD, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { HQ_SERVER } from '@chain-erp/hq-server/server';

/**
 * The generated client (api-client/, from docs/openapi/*.json) against the real servers: what the
 * contract says the answers are is what comes back, typed — a wrong path, body or answer type
 * would not compile here.
 */
describe('typed API client against HQ', () => {
  let hq: TestApp;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
  });
  afterAll(() => hq?.close());

  it('signs in, creates a supplier, finds it in the list and reads it back; errors come typed', async () => {
    const api = createHqClient({ baseUrl: hq.url });
    const login = await api.POST('/api/auth/login', { body: { username: 'admin', password: TEST_ADMIN_PASSWORD } });
    expect(login.response.status).toBe(200);
    const token: string = login.data!.accessToken;
    const headers = { Authorization: `Bearer ${token}` };
    const me = await api.GET('/api/auth/me', { headers });
    expect(me.data!.orgUnit.kind).toBe('hq');

    const created = await api.POST('/api/catalog/suppliers', { headers, body: { code: 'CLI001', name: '客户端供应商' } });
    expect(created.response.status).toBe(201);
    const id: string = created.data!.id;
    const rowVersion: number = created.data!.rowVersion;
    expect(rowVersion).toBeGreaterThanOrEqual(1);

    const page = await api.GET('/api/catalog/suppliers', { headers, params: { query: { search: 'CLI001', pageSize: 10 } } });
    expect(page.data!.total).toBe(1);
    expect(page.data!.items.map((s) => s.code)).toEqual(['CLI001']);

    const read = await api.GET('/api/catalog/suppliers/{id}', { headers, params: { path: { id } } });
    expect(read.data!.name).toBe('客户端供应商');

    const missing = await api.GET('/api/purchase-orders/{id}', { headers, params: { path: { id: '3f1c0b0e-8d5e-4c59-9c1e-000000000001' } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error!.code).toBe('NOT_FOUND');

    const unsigned = await api.GET('/api/auth/me');
    expect(unsigned.response.status).toBe(401);
    expect(unsigned.error!.code).toBe('UNAUTHENTICATED');
  });
});

describe('typed API client against a store', () => {
  let store: TestApp;
  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
  });
  afterAll(() => store?.close());

  it('reads a store not yet set up: its link info and health typed; a request without sign-in is a typed 401', async () => {
    const api = createStoreClient({ baseUrl: store.url });
    const info = await api.GET('/api/transfer/local/info');
    expect(info.data).toEqual({ initialised: false, storeCode: null, hqUrl: null });
    const health = await api.GET('/api/health');
    expect(health.data!.status).toBe('ok');
    const me = await api.GET('/api/auth/me');
    expect(me.response.status).toBe(401);
    expect(me.error!.code).toBe('UNAUTHENTICATED');
  });
});
