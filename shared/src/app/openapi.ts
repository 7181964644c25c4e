import { NestFactory } from '@nestjs/core';
import { type OpenAPIObject } from '@nestjs/swagger';
import { createOpenApiDocument, type ServerDefinition } from './bootstrap';
import { loadConfig } from '../common/config';

/**
 * A server's OpenAPI document built from its code alone: the app is created in Nest's preview mode
 * (modules and routes are read, no provider is instantiated, so no database or Redis is reached).
 * `npm run openapi` commits it under docs/openapi/; a test compares the two.
 */
export async function buildOpenApiDocument(def: ServerDefinition): Promise<OpenAPIObject> {
  const config = loadConfig(def.kind, {
    NODE_ENV: 'test',
    DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
    JWT_SECRET: 'openapi-document-build-only-openapi-document-build',
    ADMIN_PASSWORD: 'openapi-document-build',
    LOG_LEVEL: 'silent',
  });
  const app = await NestFactory.create(def.module({ config, databaseUrl: config.databaseUrl! }), { preview: true, logger: false, bodyParser: false, abortOnError: false });
  try {
    app.setGlobalPrefix('api');
    return createOpenApiDocument(app, def);
  } finally {
    await app.close();
  }
}

/** Objects with their keys sorted (arrays keep their order): the same code gives the same bytes. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The committed form of a document: sorted keys, two-space indent, a final newline. */
export function openApiJson(doc: OpenAPIObject): string {
  return JSON.stringify(sortKeysDeep(doc), null, 2) + '\n';
}
