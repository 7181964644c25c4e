import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { seed } from './helpers';

/**
 * One real HQ server for the browser tests: the built server (hq-server/dist/main.js, as in
 * production) on a fresh database of the test PostgreSQL and a test redis-server (test/services.js),
 * serving the built console (console/dist). Its URL and admin password go to the tests by env.
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

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const f of ['hq-server/dist/main.js', 'console/dist/index.html']) {
    if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run \`npm run build\` before the browser tests`);
  }
  const services = await startServices();
  const pg = new Client({ connectionString: services.pgUrl });
  await pg.connect();
  await pg.query('CREATE DATABASE console_e2e');
  await pg.end();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'chain-console-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const stderr: string[] = [];
  const hq = spawn(process.execPath, [join(root, 'hq-server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: services.pgUrl.replace(/\/postgres$/, '/console_e2e'),
      REDIS_URL: services.redisUrl,
      DATA_DIR: dataDir,
      JWT_SECRET: 'console-e2e-secret-console-e2e-secret-0123456789',
      ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  hq.stderr!.on('data', (b: Buffer) => stderr.push(b.toString()));
  try {
    await waitForHealth(url, hq, 120_000);
  } catch (e) {
    hq.kill('SIGKILL');
    await services.stop();
    throw new Error(`${(e as Error).message}\n${stderr.join('')}`, { cause: e });
  }
  process.env.CONSOLE_TEST_URL = url;
  process.env.CONSOLE_TEST_ADMIN_PASSWORD = ADMIN_PASSWORD;
  await seed();
  return async () => {
    await new Promise<void>((res) => {
      if (hq.exitCode !== null) return res();
      hq.once('exit', () => res());
      hq.kill('SIGTERM');
      setTimeout(() => hq.kill('SIGKILL'), 10_000).unref();
    });
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
