import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { openStore, seed } from './helpers';

/**
 * Real servers for the browser tests: the built servers (hq-server/dist/main.js and
 * store-server/dist/main.js, as in production), each on a fresh database of the test PostgreSQL and
 * the test redis-server (test/services.js), each serving the built console (console/dist).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServices, freePort } = require('../../test/services.js');

export const ADMIN_PASSWORD = 'admin-pass-1234';
const root = resolve(__dirname, '..', '..');

async function waitForHealth(url: string, proc: { exitCode: number | null }, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the HQ server exited with ${proc.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`HQ did not become healthy at ${url} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Server {
  name: string;
  url: string;
  proc: ChildProcess;
  dataDir: string;
}

const logDir = join(root, 'console', 'test-logs');

/** Starts one built server (HQ or a store) on its own fresh database and waits until it is healthy. */
async function startServer(kind: 'hq' | 'store', name: string, pgUrl: string, redisUrl: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const db = `console_e2e_${name.toLowerCase()}`;
  const pg = new Client({ connectionString: pgUrl });
  await pg.connect();
  await pg.query(`CREATE DATABASE ${db}`);
  await pg.end();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), `chain-console-e2e-${name.toLowerCase()}-`));
  const url = `http://127.0.0.1:${port}`;
  const stderr: string[] = [];
  const proc = spawn(process.execPath, [join(root, `${kind}-server/dist/main.js`)], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: pgUrl.replace(/\/postgres$/, `/${db}`),
      REDIS_URL: redisUrl,
      DATA_DIR: dataDir,
      JWT_SECRET: `console-e2e-secret-${name}-0123456789abcdefghijklmnop`,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    // each server's log (warnings and errors: a refused request's code) is kept for a failed test's diagnosis
    stdio: ['ignore', openSync(join(logDir, `${name.toLowerCase()}.log`), 'w'), 'pipe'],
  });
  proc.stderr.on('data', (b: Buffer) => stderr.push(b.toString()));
  try {
    await waitForHealth(url, proc, 120_000);
  } catch (e) {
    proc.kill('SIGKILL');
    throw new Error(`${name}: ${(e as Error).message}\n${stderr.join('')}`, { cause: e });
  }
  return { name, url, proc, dataDir };
}

async function stopServer(s: Server): Promise<void> {
  await new Promise<void>((res) => {
    if (s.proc.exitCode !== null || s.proc.signalCode !== null) return res();
    s.proc.once('exit', () => res());
    s.proc.kill('SIGTERM');
    setTimeout(() => s.proc.kill('SIGKILL'), 10_000).unref();
  });
  rmSync(s.dataDir, { recursive: true, force: true });
}

/**
 * HQ, store S001 (opened at HQ with 开新店 and set up against it: synced, with a manager and a
 * cashier), store S002 (a fresh store server, not set up: the first-run wizard's) and store S003
 * (fresh too: till-offline.spec.ts sets it up behind a proxy to HQ it can cut). Their URLs and
 * logins reach the tests by env (helpers.ts reads them).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const f of ['hq-server/dist/main.js', 'store-server/dist/main.js', 'console/dist/index.html']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` before the browser tests`);
  }
  mkdirSync(logDir, { recursive: true });
  const services = await startServices();
  const servers: Server[] = [];
  const stopAll = async () => {
    for (const s of servers.reverse()) await stopServer(s);
    await services.stop();
  };
  try {
    servers.push(await startServer('hq', 'HQ', services.pgUrl, services.redisUrl, { ADMIN_PASSWORD }));
    process.env.CONSOLE_TEST_URL = servers[0].url;
    process.env.CONSOLE_TEST_ADMIN_PASSWORD = ADMIN_PASSWORD;
    servers.push(await startServer('store', 'S001', services.pgUrl, services.redisUrl));
    servers.push(await startServer('store', 'S002', services.pgUrl, services.redisUrl));
    // S003: set up by till-offline.spec.ts against HQ through a proxy the test can cut (HQ "stopped"
    // for this store only; the other tests keep their HQ); it syncs by itself every 2 s, as a store does
    servers.push(await startServer('store', 'S003', services.pgUrl, services.redisUrl, { SYNC_INTERVAL_SECONDS: '2' }));
    process.env.CONSOLE_TEST_STORE_URL = servers[1].url;
    process.env.CONSOLE_TEST_FRESH_STORE_URL = servers[2].url;
    process.env.CONSOLE_TEST_OFFLINE_STORE_URL = servers[3].url;
    await seed();
    await openStore(servers[1].url);
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}
