#!/usr/bin/env node
/**
 * npm run openapi — writes both servers' OpenAPI documents (docs/openapi/hq.json, store.json) from
 * the built code, without a database, and regenerates the typed client in api-client/ from them.
 * A test (system-test/test/openapi-documents.e2e-spec.ts) fails when the committed files drift.
 */
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '..');

async function main() {
  require('reflect-metadata');
  const { buildOpenApiDocument, openApiJson } = require(join(root, 'shared/dist/index.js'));
  const { HQ_SERVER } = require(join(root, 'hq-server/dist/server.js'));
  const { STORE_SERVER } = require(join(root, 'store-server/dist/server.js'));
  const { generateClientSource } = require(join(root, 'api-client/generate.js'));
  mkdirSync(join(root, 'docs/openapi'), { recursive: true });
  mkdirSync(join(root, 'api-client/src'), { recursive: true });
  for (const [name, def] of [
    ['hq', HQ_SERVER],
    ['store', STORE_SERVER],
  ]) {
    const json = openApiJson(await buildOpenApiDocument(def));
    writeFileSync(join(root, `docs/openapi/${name}.json`), json);
    writeFileSync(join(root, `api-client/src/${name}.ts`), await generateClientSource(JSON.parse(json), name));
    const doc = JSON.parse(json);
    process.stdout.write(`docs/openapi/${name}.json: ${Object.keys(doc.paths).length} paths; api-client/src/${name}.ts\n`);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`openapi: ${e?.stack ?? e}\n`);
    process.exit(1);
  },
);
