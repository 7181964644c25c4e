import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

/**
 * The requests that answered 500 (issue 18 §3), one by one: each is a 400 naming the field, and
 * nothing is written. The sweep (hostile.e2e-spec.ts) sends these families to every operation.
 */
describe('HQ against hostile requests', () => {
  let hq: TestApp;
  let token: string;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    token = await hq.loginAdmin();
  });
  afterAll(() => hq.close());

  const raw = (method: 'post' | 'patch' | 'put', url: string, text: string, auth = true) => {
    const req = hq.http()[method](url).set('Content-Type', 'application/json');
    return (auth ? req.set(bearer(token)) : req).send(text);
  };

  it('refuses JSON nested 5,000 levels deep with 400 JSON_TOO_DEEP — login without a token included', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    for (const [method, url, auth] of [
      ['post', '/api/auth/login', false],
      ['post', '/api/catalog/products', true],
      ['post', '/api/purchase-orders', true],
      ['post', '/api/stores/open', true],
    ] as const) {
      const res = await raw(method, url, deep, auth);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'JSON_TOO_DEEP' });
    }
    const arrays = await raw('post', '/api/auth/login', '['.repeat(5000) + ']'.repeat(5000), false);
    expect(arrays.status).toBe(400);
  });

  it('refuses NUL and lone surrogates in a body field with 400 naming the field — login included', async () => {
    const nul = await hq.http().post('/api/auth/login').send({ username: 'ad\u0000min', password: 'x' });
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'INVALID_CHARACTER', fields: [{ field: 'username', message: expect.stringContaining('U+0000') }] });
    const surrogate = await raw('post', '/api/auth/login', '{"username":"admin","password":"\\ud800x"}', false);
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ code: 'INVALID_CHARACTER', fields: [{ field: 'password', message: expect.stringContaining('surrogate') }] });
    const supplier = await hq.http().post('/api/catalog/suppliers').set(bearer(token)).send({ code: 'S9', name: '供应商\u0000' });
    expect(supplier.status).toBe(400);
    expect(supplier.body.fields).toEqual([{ field: 'name', message: expect.any(String) }]);
    expect((await hq.dataSource.query(`SELECT count(*)::int AS n FROM supplier WHERE code = 'S9'`))[0].n).toBe(0);
    const nested = await hq
      .http()
      .post('/api/purchase-orders')
      .set(bearer(token))
      .send({ remark: 'ok', lines: [{ quantity: '1' }, { quantity: '2', note: 'x\u0000' }] });
    expect(nested.status).toBe(400);
    expect(nested.body.fields).toEqual([{ field: 'lines.1.note', message: expect.any(String) }]);
  });

  it('refuses control characters in every free-text field (names, display names, notes, reasons), naming the field; notes keep their line breaks', async () => {
    const hqOrg = (await hq.dataSource.query(`SELECT id FROM org_unit WHERE kind = 'hq' LIMIT 1`))[0].id;
    const refused: Array<[string, object, string]> = [
      ['/api/inventory/warehouses', { code: 'WBELL', name: '仓库\u0007', orgUnitId: hqOrg, kind: 'normal' }, 'name'],
      ['/api/users', { username: 'bell-user', displayName: 'Zhang\nSan', password: 'pass-12345', roleIds: [] }, 'displayName'],
      ['/api/roles', { code: 'bell-role', name: '角色\u001b[31m', permissions: [] }, 'name'],
      ['/api/purchase-orders', { remark: '备注\u0007', lines: [] }, 'remark'],
    ];
    for (const [url, body, field] of refused) {
      const res = await hq.http().post(url).set(bearer(token)).send(body);
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.fields).toContainEqual({ field, message: expect.stringContaining('control character') });
    }
    expect((await hq.dataSource.query(`SELECT count(*)::int AS n FROM warehouse WHERE code = 'WBELL'`))[0].n).toBe(0);
    expect((await hq.dataSource.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'bell-user'`))[0].n).toBe(0);
    // a note is typed in a text area: its line breaks and tabs stay (a workbook carries them)
    const wh = (await hq.http().post('/api/inventory/warehouses').set(bearer(token)).send({ code: 'WNOTE', name: '备注仓', orgUnitId: hqOrg, kind: 'normal' }).expect(201)).body;
    const supplier = (await hq.http().post('/api/catalog/suppliers').set(bearer(token)).send({ code: 'SNOTE', name: '备注供应商' }).expect(201)).body;
    const po = await hq.http().post('/api/purchase-orders').set(bearer(token)).send({ supplierId: supplier.id, warehouseId: wh.id, remark: '第一行\n第二行\t完', lines: [] });
    expect([po.status, po.body.remark]).toEqual([201, '第一行\n第二行\t完']);
  });

  it('refuses NUL in a search filter and in a path parameter with 400', async () => {
    const search = await hq.http().get('/api/catalog/products?search=a%00b').set(bearer(token));
    expect(search.status).toBe(400);
    expect(search.body).toMatchObject({ code: 'INVALID_CHARACTER', fields: [{ field: 'search' }] });
    const path = await hq.http().get('/api/catalog/products/by-barcode/69%00123').set(bearer(token));
    expect(path.status).toBe(400);
    expect(path.body).toMatchObject({ code: 'INVALID_CHARACTER', fields: [{ field: expect.stringMatching(/^path\[\d+\]$/) }] });
    const hello = await hq.http().get('/api/transfer/v1/hello/S0%0001');
    expect(hello.status).toBe(400);
    const cesu = await hq.http().get('/api/transfer/v1/hello/%ED%A0%80');
    expect(cesu.status).toBe(400);
  });

  it.each([
    '/api/users',
    '/api/catalog/products',
    '/api/inventory/stock',
    '/api/pos/journal',
    '/api/purchase-orders',
    '/api/stores/transfer',
    '/api/reports/sales?from=2026-01-01&to=2026-01-31&groupBy=store',
    '/api/reports/stock/slow-movers',
    '/api/purchasing/reports/purchases?groupBy=supplier',
  ])('refuses sort=constructor (and other inherited names) on %s with 400 naming sort', async (url) => {
    for (const sort of ['constructor', '-toString', 'code,hasOwnProperty', 'valueOf']) {
      const res = await hq
        .http()
        .get(`${url}${url.includes('?') ? '&' : '?'}sort=${encodeURIComponent(sort)}`)
        .set(bearer(token));
      expect({ url, sort, status: res.status, code: res.body.code, field: res.body.fields?.[0]?.field }).toEqual({
        url,
        sort,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'sort',
      });
    }
  });

  it('refuses __proto__ and constructor keys in a body (they were dropped silently and the rest accepted)', async () => {
    const res = await raw('post', '/api/admin/backups', '{"label":"x","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a body over BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${hq.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":"' + 'x'.repeat(6 * 1024 * 1024) + '"}',
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
