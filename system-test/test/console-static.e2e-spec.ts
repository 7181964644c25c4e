import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { type ServerDefinition } from '@chain-erp/shared';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { STORE_SERVER } from '@chain-erp/store-server/server';

/**
 * Each server serves the web console itself (a store's console works while HQ is down): the app
 * at / and at any deep link, its hashed assets cached for good, while /api and /docs stay the API.
 * A stand-in build (CONSOLE_DIR) keeps this independent of `npm run build`; the real console is
 * driven in a browser by console/e2e.
 */
describe.each([
  ['store', STORE_SERVER],
  ['HQ', HQ_SERVER],
] as [string, ServerDefinition][])('the web console served by the %s server', (_name, def) => {
  let app: TestApp;
  let dir: string;
  const before = process.env.CONSOLE_DIR;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chain-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1a2b.js"></script></body></html>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log("app")');
    process.env.CONSOLE_DIR = dir;
    app = await bootTestApp(def);
  });
  afterAll(async () => {
    await app?.close();
    if (before === undefined) delete process.env.CONSOLE_DIR;
    else process.env.CONSOLE_DIR = before;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers / and deep links with index.html, never cached', async () => {
    for (const path of ['/', '/catalog/products', '/login?next=%2Fcatalog%2Fsuppliers']) {
      const res = await app.http().get(path).expect(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await app.http().get('/assets/app-1a2b.js').expect(200);
    expect(res.headers['content-type']).toContain('javascript');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('leaves the API and Swagger alone: unknown /api paths stay JSON 404s', async () => {
    const missing = await app.http().get('/api/no-such-route').expect(404);
    expect(missing.headers['content-type']).toContain('application/json');
    expect(missing.body).toEqual(expect.objectContaining({ statusCode: 404 }));
    await app.http().get('/api/catalog/products').expect(401);
    const doc = await app.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect((await app.http().get('/docs').redirects(1)).text).toContain('swagger');
    // a body-parser failure on an API path keeps its own code (not turned into a 404)
    const malformed = await app.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"x":').expect(400);
    expect(malformed.body.code).toBe('MALFORMED_JSON');
  });
});
