import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { buildOpenApiDocument, openApiJson, type ServerDefinition } from '@chain-erp/shared';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { HQ_SERVER } from '@chain-erp/hq-server/server';

/**
 * docs/openapi/{hq,store}.json and the typed client in api-client/src/ are committed; they must be
 * exactly what the code produces, or integrators and the console work from a stale contract.
 */
const root = join(__dirname, '..', '..');
const HINT = 'the committed OpenAPI document differs from the code: run `npm run openapi` and commit docs/openapi/ and api-client/src/';
const committed = (file: string) => readFileSync(join(root, file), 'utf8');

function expectSame(actual: string, file: string, hint: string) {
  const expected = committed(file);
  if (actual !== expected) {
    const a = actual.split('\n');
    const e = expected.split('\n');
    const line = a.findIndex((l, i) => l !== e[i]);
    throw new Error(`${file}: ${hint}\nfirst difference at line ${line + 1}:\n  committed: ${e[line]}\n  code:      ${a[line]}`);
  }
}

describe.each([
  ['hq', HQ_SERVER],
  ['store', STORE_SERVER],
] as [string, ServerDefinition][])('OpenAPI document of %s', (name, def) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp(def);
  });
  afterAll(async () => {
    await app?.close();
  });

  it(`docs/openapi/${name}.json is what the running server serves at /docs-json`, async () => {
    const served = (await app.http().get('/docs-json').expect(200)).body;
    expectSame(openApiJson(served), `docs/openapi/${name}.json`, HINT);
  });

  it('the database-free build used by `npm run openapi` gives the same document', async () => {
    expectSame(openApiJson(await buildOpenApiDocument(def)), `docs/openapi/${name}.json`, HINT);
  });

  it(`api-client/src/${name}.ts is generated from the committed document`, async () => {
    const run = spawnSync(process.execPath, [join(root, 'api-client/generate.js'), join(root, `docs/openapi/${name}.json`), name], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (run.status !== 0) throw new Error(`api-client/generate.js failed: ${run.stderr}`);
    const source = run.stdout;
    expectSame(source, `api-client/src/${name}.ts`, 'the typed client is stale: run `npm run openapi` and commit api-client/src/');
  });
});
