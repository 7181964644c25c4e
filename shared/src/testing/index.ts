import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../common/config';
import { configureApp, type ServerDefinition } from '../app/bootstrap';
import { withDatabase } from '../common/database/embedded-postgres';

export const TEST_ADMIN_PASSWORD = 'admin-pass-1234';
export const TEST_JWT_SECRET = 'test-secret-test-secret-test-secret-0123456789';

export function testPgUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) throw new Error('TEST_PG_URL is not set: run the tests with `npm test` (jest global setup starts PostgreSQL)');
  return url;
}

export function testRedisUrl(): string {
  const url = process.env.TEST_REDIS_URL;
  if (!url) throw new Error('TEST_REDIS_URL is not set: run the tests with `npm test` (jest global setup starts redis-server)');
  return url;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: testPgUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createEmptyDatabase(prefix = 't'): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  return withDatabase(testPgUrl(), name);
}

export async function dropDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
}

function testConfig(def: ServerDefinition, databaseUrl: string, env: Record<string, string | undefined>, dataDir: string): AppConfig {
  return loadConfig(def.kind, {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    PORT: '0',
    ...env,
  });
}

/**
 * A migrated (and, at HQ, seeded) database for one test: a copy of a template made once per test
 * run by booting the real app on it. `CREATE DATABASE … TEMPLATE` takes a few tens of ms.
 */
export async function createTestDatabase(def: ServerDefinition): Promise<string> {
  const template = `tpl_${def.kind}`;
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [template]);
      if (!rowCount) {
        await c.query(`DROP DATABASE IF EXISTS ${template}`);
        await c.query(`CREATE DATABASE ${template}`);
        const url = withDatabase(testPgUrl(), template);
        const dir = mkdtempSync(join(tmpdir(), 'chain-tpl-'));
        const app = await NestFactory.create(def.module({ config: testConfig(def, url, {}, dir), databaseUrl: url }), { logger: false, bodyParser: false });
        await app.init();
        await app.close();
        rmSync(dir, { recursive: true, force: true });
        await c.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE true`);
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  const name = `${def.kind}_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE tpl_${def.kind}`));
  return withDatabase(testPgUrl(), name);
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  url: string;
  databaseUrl: string;
  dataSource: DataSource;
  http(): ReturnType<typeof request>;
  /** signs in and returns the bearer token */
  login(username: string, password: string): Promise<string>;
  loginAdmin(): Promise<string>;
  close(): Promise<void>;
}

export interface BootOptions {
  /** extra environment for the server's config (e.g. REDIS_URL) */
  env?: Record<string, string | undefined>;
  /** use this database instead of a fresh copy of the template */
  databaseUrl?: string;
  /** keep the database after close (for restart tests) */
  keepDatabase?: boolean;
  /** listen on this port (a server coming back where its clients expect it); default a free one */
  port?: number;
}

/** Boots the real server app (same module, same conventions) on 127.0.0.1 and a free port. */
export async function bootTestApp(def: ServerDefinition, options: BootOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createTestDatabase(def));
  const dataDir = mkdtempSync(join(tmpdir(), `chain-${def.kind}-`));
  const config = testConfig(def, databaseUrl, options.env ?? {}, dataDir);
  const app = await NestFactory.create(def.module({ config, databaseUrl }), { logger: false, bodyParser: false });
  configureApp(app, config, def);
  await app.listen(options.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${address.port}`;
  const http = () => request(app.getHttpServer());
  const login = async (username: string, password: string) => {
    const res = await http().post('/api/auth/login').send({ username, password });
    if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  };
  return {
    app,
    config,
    url,
    databaseUrl,
    dataSource: app.get(DataSource),
    http,
    login,
    loginAdmin: () => login(config.adminUsername, TEST_ADMIN_PASSWORD),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (!options.databaseUrl && !options.keepDatabase) await dropDatabase(databaseUrl).catch(() => undefined);
    },
  };
}

/** `Authorization` header for supertest. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/**
 * Runs every migration on an empty database and checks the result equals what the entities
 * describe (TypeORM's schema diff is empty), then reverts them all.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- entity and migration classes, as TypeORM's DataSource takes them
export async function checkMigrations(entities: Function[], migrations: Function[]): Promise<{ pending: string[]; applied: number }> {
  const url = await createEmptyDatabase('mig');
  const ds = new DataSource({ type: 'postgres', url, entities, migrations, uuidExtension: 'pgcrypto', installExtensions: false, logging: false });
  try {
    await ds.initialize();
    const applied = await ds.runMigrations({ transaction: 'each' });
    const diff = await ds.driver.createSchemaBuilder().log();
    for (let i = 0; i < applied.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    return { pending: diff.upQueries.map((q) => q.query), applied: applied.length };
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await dropDatabase(url);
  }
}
export * from './hostile';
export * from './zip-fixtures';
export * from './pos-fixtures';
export * from './prepare-statements';
export * from './contract';
export * from './store-opening';

/**
 * A store database before setup has no users (they arrive by sync from HQ). Tests that need a
 * signed-in store user put one in directly: the store's org unit, a role and a user.
 */
export async function seedStoreUser(
  ds: DataSource,
  options: { storeCode?: string; username?: string; password?: string; permissions?: string[] } = {},
): Promise<{ storeId: string; username: string; password: string }> {
  const { hashPassword } = await import('../identity/password');
  const { ALL_PERMISSIONS } = await import('../identity/permissions');
  const storeCode = options.storeCode ?? 'S001';
  const username = options.username ?? `${storeCode.toLowerCase()}-admin`;
  const password = options.password ?? 'store-pass-123';
  const [org] = await ds.query(
    `INSERT INTO org_unit (code, name, kind, status, row_version) VALUES ($1, $2, 'store', 'active', 1)
     ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id`,
    [storeCode, `门店 ${storeCode}`],
  );
  const [role] = await ds.query(`INSERT INTO role (code, name, org_unit_id, permissions, built_in, row_version) VALUES ($1, $1, $2, $3, false, 1) RETURNING id`, [
    `${username}-role`,
    org.id,
    options.permissions ?? ALL_PERMISSIONS,
  ]);
  const [user] = await ds.query(`INSERT INTO app_user (username, display_name, org_unit_id, password_hash, row_version) VALUES ($1, $1, $2, $3, 1) RETURNING id`, [
    username,
    org.id,
    await hashPassword(password),
  ]);
  await ds.query(`INSERT INTO user_role (user_id, role_id) VALUES ($1, $2)`, [user.id, role.id]);
  return { storeId: org.id, username, password };
}

/** supertest parser that keeps a binary body (xlsx, dumps) as a Buffer: `.buffer(true).parse(binaryParser)`. */
export function binaryParser(res: NodeJS.ReadableStream, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * POST /api/admin/backups (202 with a run), then follows the run until it ends; answers the
 * statuses seen (for progress checks) and the final run. Fails on any answer but 202/200.
 */
export async function backupOverApi(
  http: () => ReturnType<typeof request>,
  token: string,
  body: object = {},
): Promise<{
  run: {
    id: string;
    state: string;
    backupName: string | null;
    percent: number;
    tablesDone: number;
    tablesTotal: number;
    archiveBytes: number;
    pruned: string[];
    errorCode: string | null;
    message: string | null;
  };
  seen: Array<{ state: string; percent: number }>;
}> {
  const started = await http().post('/api/admin/backups').set(bearer(token)).send(body);
  if (started.status !== 202) throw new Error(`POST /api/admin/backups answered ${started.status} ${JSON.stringify(started.body)}`);
  const seen: Array<{ state: string; percent: number }> = [{ state: started.body.state, percent: started.body.percent }];
  const deadline = Date.now() + 120_000;
  for (;;) {
    const res = await http().get(`/api/admin/backups/runs/${started.body.id}`).set(bearer(token));
    if (res.status !== 200) throw new Error(`GET run answered ${res.status} ${JSON.stringify(res.body)}`);
    seen.push({ state: res.body.state, percent: res.body.percent });
    if (res.body.state === 'done' || res.body.state === 'failed') return { run: res.body, seen };
    if (Date.now() > deadline) throw new Error(`backup run ${started.body.id} still ${res.body.state}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
