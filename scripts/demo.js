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
 * Jobs run on BullMQ when REDIS_URL is set (that Redis), or on a redis-server of this demo's own
 * (started from PATH on a free port, DEMO_REDIS_PORT to choose one, data under the data folder),
 * in-process otherwise. The servers run in their own process groups: Ctrl-C reaches the demo, which
 * stops them in order (servers, then their databases, then Redis).
 */
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmSync, chmodSync } = require('node:fs');
const { join, resolve } = require('node:path');
const net = require('node:net');
const { call, describeError } = require('./demo/http');
const { demoId, nextRun } = require('./demo/ids');

const args = process.argv.slice(2);
const reset = args.includes('--reset');
const exitAfter = args.includes('--exit');
const root = resolve(__dirname, '..');
const dataDir = resolve(process.env.DEMO_DATA_DIR ?? join(root, '.demo-data'));
const ADMIN_PASSWORD = 'admin12345';
/** ports browsers (and fetch) refuse: the WHATWG "bad ports" above 1024 */
const BROWSER_BLOCKED_PORTS = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

const servers = [
  { name: 'HQ', kind: 'hq', port: Number(process.env.DEMO_HQ_PORT ?? 3000), dir: 'hq', main: 'hq-server/dist/main.js' },
  { name: 'S001', kind: 'store', code: 'S001', port: Number(process.env.DEMO_S001_PORT ?? 3101), dir: 's001', main: 'store-server/dist/main.js' },
  { name: 'S002', kind: 'store', code: 'S002', port: Number(process.env.DEMO_S002_PORT ?? 3102), dir: 's002', main: 'store-server/dist/main.js' },
];

const children = [];
let redisProc;
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

/** A port nobody listens on now (the system picks it). */
function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** True when a Redis answers PING on the port — ours, not whatever else listens there. */
function redisAnswers(port) {
  return new Promise((res) => {
    const sock = net.connect(port, '127.0.0.1');
    let data = '';
    const done = (ok) => {
      sock.destroy();
      res(ok);
    };
    sock.setTimeout(1000, () => done(false));
    sock.once('error', () => done(false));
    sock.on('data', (d) => {
      data += d;
      if (data.includes('\r\n')) done(data.startsWith('+PONG'));
    });
    sock.once('connect', () => sock.write('PING\r\n'));
  });
}

/** This demo's own redis-server: a free port (or DEMO_REDIS_PORT), its data under the data folder. */
async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, note: 'REDIS_URL' };
  if (spawnSync('sh', ['-c', 'command -v redis-server']).status !== 0) return undefined;
  const chosen = process.env.DEMO_REDIS_PORT ? Number(process.env.DEMO_REDIS_PORT) : undefined;
  if (chosen && !(await portFree(chosen))) throw new Error(`DEMO_REDIS_PORT ${chosen} is in use: choose another port, or unset it to let the demo pick a free one`);
  const port = chosen ?? (await freePort());
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore', detached: true });
  children.push(proc);
  redisProc = proc;
  for (let i = 0; i < 200 && !stopping; i++) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited with code ${proc.exitCode} (port ${port})`);
    if (await redisAnswers(port)) return { url: `redis://127.0.0.1:${port}`, note: `own redis-server, data in ${dir}` };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer`);
}

/** GET /api/health over node:http (fetch refuses ports such as 6000); on time-out, the last real error. */
async function waitHealthy(s) {
  const deadline = Date.now() + 120_000;
  let last;
  for (;;) {
    if (stopping) throw new Stopped();
    if (s.proc.exitCode !== null) throw new Error(`${s.name} exited with code ${s.proc.exitCode}`);
    try {
      const res = await call(`http://127.0.0.1:${s.port}/api/health`, { timeoutMs: 5000 });
      if (res.status === 200) return;
      last = `HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
    } catch (e) {
      last = describeError(e);
    }
    if (Date.now() > deadline) throw new Error(`${s.name} did not become healthy within 120 s at http://127.0.0.1:${s.port}/api/health — last error: ${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Thrown where the demo stops because it was asked to (Ctrl-C): not a failure. */
class Stopped extends Error {}

function api(url, method, path, options) {
  return call(url + path, { method, ...options });
}

async function login(url, username, password) {
  const res = await api(url, 'POST', '/api/auth/login', { body: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username} at ${url} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** Waits for a child to exit (at once if it has), sending `signal` first; SIGKILL after 20 s. */
function stopChild(c, signal) {
  return new Promise((res) => {
    if (c.exitCode !== null || c.signalCode !== null) return res();
    c.once('exit', () => res());
    c.kill(signal);
    setTimeout(() => c.kill('SIGKILL'), 20_000).unref();
  });
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping servers…');
  // the servers close their own databases; Redis goes last (their job queues use it)
  await Promise.all(children.filter((c) => c !== redisProc).map((c) => stopChild(c, 'SIGINT')));
  if (redisProc) await stopChild(redisProc, 'SIGTERM');
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
    if (!(await portFree(s.port))) throw new Error(`port ${s.port} (${s.name}) is in use: stop what runs there or set DEMO_${s.name}_PORT`);
    if (BROWSER_BLOCKED_PORTS.has(s.port))
      log(`note: browsers refuse port ${s.port} (ERR_UNSAFE_PORT): the API works there, but open Swagger of ${s.name} from another port (DEMO_${s.name}_PORT)`);
  }
  const redis = await startRedis();
  if (stopping) throw new Stopped();
  log(redis ? `jobs on BullMQ (Redis ${redis.url}: ${redis.note})` : 'no Redis: jobs run in-process');
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
    // own process group: a terminal's Ctrl-C (SIGINT to the whole foreground group) reaches only the
    // demo, which stops each server, which stops its database — not everything at once
    s.proc = spawn(process.execPath, [join(root, s.main)], { env, stdio: ['ignore', 'inherit', 'inherit'], detached: true });
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
  // ids of this run's documents: derived from the data folder (a seed kept in it) and the run number
  const run = nextRun(dataDir);
  demo.run = run.run;
  demo.id = (scope, name, version) => demoId(`${run.seed}:${run.run}:${scope}`, name, version);
  log(`run ${run.run} on this data folder`);
  const stepsDir = join(__dirname, 'demo', 'steps');
  const steps = existsSync(stepsDir)
    ? readdirSync(stepsDir)
        .filter((f) => f.endsWith('.js'))
        .sort()
    : [];
  for (const file of steps) {
    if (stopping) throw new Stopped();
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
process.on('SIGHUP', () => void stopAll(0));
// however the demo ends, no server of it is left behind
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
main().catch((e) => {
  // a step cut short by Ctrl-C (servers going away under it) is not a failure
  if (stopping || e instanceof Stopped) return;
  process.stderr.write(`[demo] failed: ${process.env.DEMO_DEBUG ? (e?.stack ?? e) : (e?.message ?? e)}\n`);
  void stopAll(1);
});
