#!/usr/bin/env node
/**
 * npm run demo — HQ and two stores on embedded PostgreSQL, opened and synced through the real API,
 * running until Ctrl-C.
 *
 *   npm run demo                 reuse the data folder (.demo-data/) of the last run
 *   npm run demo -- --reset      start clean
 *   npm run demo -- --exit       stop after the steps (smoke tests)
 *
 * Ports: HQ 3000, S001 3101, S002 3102 (DEMO_HQ_PORT, DEMO_S001_PORT, DEMO_S002_PORT override).
 * Jobs run on BullMQ when REDIS_URL is set or a redis-server is on PATH, in-process otherwise.
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmSync, chmodSync } = require('node:fs');
const { join, resolve } = require('node:path');
const net = require('node:net');

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const exitAfter = args.includes('--exit');
const root = resolve(__dirname, '..');
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, '.demo-data'));
const ADMIN_PASSWORD = 'admin12345';

const servers = [
  { name: 'HQ', kind: 'hq', port: Number(process.env.DEMO_HQ_PORT ?? 3000), dir: 'hq', main: 'hq-server/dist/main.js' },
  { name: 'S001', kind: 'store', code: 'S001', port: Number(process.env.DEMO_S001_PORT ?? 3101), dir: 's001', main: 'store-server/dist/main.js' },
  { name: 'S002', kind: 'store', code: 'S002', port: Number(process.env.DEMO_S002_PORT ?? 3102), dir: 's002', main: 'store-server/dist/main.js' },
];

const children = [];
let redis;
let stopping = false;

function log(msg) {
  process.stdout.write(`[demo] ${msg}\n`);
}

function portFree(port) {
  return new Promise((res) => {
    const srv = net.createServer();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true };
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) return undefined;
  const port = Number(process.env.DEMO_REDIS_PORT ?? 6390);
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (!(await portFree(port))) return { url: `redis://127.0.0.1:${port}`, proc };
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill();
  return undefined;
}

async function api(url, method, path, { token, body, headers, raw } = {}) {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined && !raw ? { 'Content-Type': 'application/json' } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

async function login(url, username, password) {
  const res = await api(url, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username} at ${url} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

async function waitHealthy(s) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (s.proc.exitCode !== null) throw new Error(`${s.name} exited with code ${s.proc.exitCode}`);
    try {
      const res = await api(`http://127.0.0.1:${s.port}`, 'GET', '/api/health');
      if (res.status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${s.name} did not become healthy`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping servers…');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((res) => {
          if (c.exitCode !== null) return res();
          c.once('exit', res);
          c.kill('SIGINT');
          setTimeout(() => c.kill('SIGKILL'), 20_000).unref();
        }),
    ),
  );
  if (redis?.proc) {
    await new Promise((res) => {
      redis.proc.once('exit', res);
      redis.proc.kill('SIGTERM');
    });
  }
  log('stopped.');
  process.exit(code);
}

async function main() {
  if (reset && existsSync(dataDir)) {
    log(`--reset: removing ${dataDir}`);
    rmSync(dataDir, { recursive: true, force: true });
  }
  mkdirSync(dataDir, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  for (const s of servers) {
    if (!(await portFree(s.port))) throw new Error(`port ${s.port} (${s.name}) is in use: stop what runs there or set DEMO_${s.name === 'HQ' ? 'HQ' : s.name}_PORT`);
  }
  redis = await startRedis();
  log(redis ? `jobs on BullMQ (Redis ${redis.url})` : 'no Redis: jobs run in-process');
  for (const s of servers) {
    const env = {
      ...process.env,
      PORT: String(s.port),
      HOST: '127.0.0.1',
      DATA_DIR: join(dataDir, s.dir),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(s.kind === 'hq' ? { ADMIN_PASSWORD } : {}),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    };
    delete env.DATABASE_URL;
    s.proc = spawn(process.execPath, [join(root, s.main)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(s.proc);
    s.proc.on('exit', (code) => {
      if (!stopping) {
        log(`${s.name} exited unexpectedly (code ${code})`);
        void stopAll(1);
      }
    });
  }
  await Promise.all(servers.map(waitHealthy));
  const hq = { url: `http://127.0.0.1:${servers[0].port}` };
  const demo = {
    hq,
    stores: servers.slice(1).map((s) => ({ code: s.code, url: `http://127.0.0.1:${s.port}` })),
    api,
    login,
    adminToken: await login(hq.url, 'admin', ADMIN_PASSWORD),
    state: {},
    log: (m) => log(m),
    logins: [{ where: 'HQ', username: 'admin', password: ADMIN_PASSWORD, note: 'HQ administrator (总部管理员)' }],
  };
  const stepsDir = join(__dirname, 'demo', 'steps');
  const steps = existsSync(stepsDir) ? readdirSync(stepsDir).filter((f) => f.endsWith('.js')).sort() : [];
  for (const file of steps) {
    const t0 = Date.now();
    log(`step ${file}…`);
    await require(join(stepsDir, file)).run(demo);
    log(`step ${file} done (${Date.now() - t0} ms)`);
  }
  const lines = [
    '',
    '================ Chain ERP demo is running ================',
    ...servers.map((s) => `  ${s.name.padEnd(5)} console: http://127.0.0.1:${s.port}/   API: http://127.0.0.1:${s.port}/api   Swagger: http://127.0.0.1:${s.port}/docs`),
    '',
    '  Logins:',
    ...demo.logins.map((l) => `    ${l.where.padEnd(5)} ${l.username.padEnd(16)} ${l.password.padEnd(16)} ${l.note ?? ''}`),
    '',
    `  Data folder: ${dataDir} (npm run demo -- --reset starts clean)`,
    '  Demo ready. Press Ctrl-C to stop.',
    '===========================================================',
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (exitAfter) await stopAll(0);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((e) => {
  process.stderr.write(`[demo] failed: ${e?.stack ?? e}\n`);
  void stopAll(1);
});
