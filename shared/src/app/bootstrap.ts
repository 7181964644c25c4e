import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { type AppConfig, ConfigError, loadConfig, type ServerKind } from '../common/config';
import { startEmbeddedPostgres, withDatabase } from '../common/database/embedded-postgres';
import { createValidationPipe } from '../common/http/validation';
import { inputGuards } from '../common/http/input-guard';
import { mountQueueDashboard } from '../jobs/queue-dashboard';
import { describeAllEntities, ErrorResponse, finishOpenApiDocument, operationId, schemaModelsToDescribe } from '../common/http/api-contract';

export interface AppModuleFactory {
  (options: { config: AppConfig; databaseUrl: string; synchronize?: boolean }): DynamicModule | Type;
}

export interface ServerDefinition {
  kind: ServerKind;
  title: string;
  description: string;
  module: AppModuleFactory;
}

/**
 * TRUST_PROXY as Express takes it: a hop count, true/false, or addresses and subnets
 * ('loopback, 10.0.0.0/8'). Whose X-Forwarded-For is believed decides `req.ip`, which the login
 * throttle and the transfer lockout key on (docs/identity.md).
 */
export function trustProxySetting(value: string): string | number | boolean {
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/**
 * The server's OpenAPI document (served at /docs-json; committed under docs/openapi/ by
 * `npm run openapi`, which builds it from an app created in preview mode, without a database).
 */
export function createOpenApiDocument(app: INestApplication, def: Pick<ServerDefinition, 'title' | 'description'>): OpenAPIObject {
  describeAllEntities();
  const config = new DocumentBuilder().setTitle(def.title).setDescription(def.description).setVersion('1').addBearerAuth().build();
  return finishOpenApiDocument(SwaggerModule.createDocument(app, config, { extraModels: [ErrorResponse, ...schemaModelsToDescribe()], operationIdFactory: operationId }));
}

/** Applies the API conventions (same on both servers, and in tests). */
export function configureApp(app: INestApplication, config: AppConfig, def: Pick<ServerDefinition, 'title' | 'description'>): void {
  const express = app as NestExpressApplication;
  // bodies bounded in size and depth, no NUL or lone surrogate in a body, query or path (input-guard.ts)
  for (const guard of inputGuards(config.bodyLimit)) app.use(guard);
  express.set('trust proxy', trustProxySetting(config.trustProxy));
  express.disable('x-powered-by');
  app.setGlobalPrefix('api');
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ exposedHeaders: ['X-Request-Id', 'Content-Disposition'] });
  const doc = createOpenApiDocument(app, def);
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json', swaggerOptions: { persistAuthorization: true } });
  mountQueueDashboard(app);
}

export interface RunningServer {
  app: INestApplication;
  config: AppConfig;
  url: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** Resolves DATABASE_URL, or starts the embedded PostgreSQL under DATA_DIR. */
export async function resolveDatabase(config: AppConfig): Promise<{ url: string; stop: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => undefined };
  const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
  const name = `chain_${config.server}`;
  await pg.ensureDatabase(name);
  return { url: withDatabase(pg.url(), name), stop: () => pg.stop() };
}

export async function startServer(def: ServerDefinition, env: NodeJS.ProcessEnv = process.env): Promise<RunningServer> {
  const config = loadConfig(def.kind, env);
  const db = await resolveDatabase(config);
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(def.module({ config, databaseUrl: db.url }), { bufferLogs: true, bodyParser: false });
    app.useLogger(app.get(Logger));
    configureApp(app, config, def);
    await app.listen(config.port, config.host);
  } catch (e) {
    await app?.close().catch(() => undefined);
    await db.stop();
    throw e;
  }
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  let closed = false;
  return {
    app,
    config,
    url: `http://127.0.0.1:${port}`,
    databaseUrl: db.url,
    // Nest first, then the database: the other order hung once.
    close: async () => {
      if (closed) return;
      closed = true;
      await app.close();
      await db.stop();
    },
  };
}

/** `main.ts` of a server: start, print one line on a bad config, stop cleanly on SIGINT/SIGTERM. */
export async function runMain(def: ServerDefinition): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer(def);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(1);
    }
    process.stderr.write(`${def.title} failed to start: ${(e as Error | undefined)?.stack ?? String(e)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${def.title} listening on ${server.url} (API ${server.url}/api, docs ${server.url}/docs)\n`);
  const stop = async (signal: string) => {
    process.stdout.write(`${def.title}: ${signal}, stopping\n`);
    await server.close().catch((e) => process.stderr.write(String(e) + '\n'));
    process.exit(0);
  };
  // embedded-postgres stops its clusters on SIGINT/SIGTERM by itself (async-exit-hook), while Nest
  // is still closing: connections dropped under the closing app ("presence lock connection lost")
  // and the hook could exit before Nest was done. The server stops in order instead: Nest, then the
  // database (server.close).
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}
