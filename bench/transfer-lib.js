/**
 * Helpers of the transfer benchmarks: HQ and stores run as their own processes from the built dist
 * (what production runs), so RSS and CPU time are those of one server; the database is the bench
 * runner's PostgreSQL.
 */
const { spawn, execFileSync } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');

const ADMIN_PASSWORD = 'bench-admin-pass-1';
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks

class ServerProcess {
  /** `nodeArgs`: options of the node binary (e.g. `--cpu-prof`, which NODE_OPTIONS does not take) */
  constructor(root, kind, databaseUrl, env = {}, nodeArgs = []) {
    this.main = join(root, `${kind}-server/dist/main.js`);
    this.nodeArgs = nodeArgs;
    this.databaseUrl = databaseUrl;
    this.env = env;
    this.output = '';
    this.dataDir = mkdtempSync(join(tmpdir(), `bench-${kind}-`));
  }

  async start() {
    this.child = spawn(process.execPath, [...this.nodeArgs, this.main], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        DATABASE_URL: this.databaseUrl,
        DATA_DIR: this.dataDir,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-012345',
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        PORT: '0',
        HOST: '127.0.0.1',
        SYNC_INTERVAL_SECONDS: '0',
        BACKUP_INTERVAL_HOURS: '0',
        BODY_LIMIT: '20mb',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b) => (this.output = (this.output + b.toString()).slice(-20000));
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    const end = Date.now() + 300_000;
    for (;;) {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(this.output);
      if (m) return (this.url = m[1]);
      if (this.child.exitCode !== null || Date.now() > end) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  get pid() {
    return this.child.pid;
  }

  /** peak resident set size so far (VmHWM), MB */
  peakRssMb() {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  }

  /** user + system CPU time of the process, ms */
  cpuMs() {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  }

  async stop() {
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

async function call(base, method, path, body, token) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

async function login(base, username, password) {
  return (await call(base, 'POST', '/api/auth/login', { username, password })).accessToken;
}

/** Opens a store through the wizard (开新店); its staff sign in with store-admin-1 / cashier-pass-1. */
async function openStore(hqUrl, token, code, transferPassword) {
  const c = code.toLowerCase();
  return call(
    hqUrl,
    'POST',
    '/api/stores/open',
    {
      idempotencyKey: randomUUID(),
      code,
      name: `${code} 门店`,
      warehouses: [{ code: `${code}-01`, name: '卖场' }],
      users: [
        { username: `${c}-admin`, displayName: '店长', password: 'store-admin-1', role: 'store-admin' },
        { username: `${c}-cashier`, displayName: '收银', password: 'cashier-pass-1', role: 'cashier' },
      ],
      transferPassword,
    },
    token,
  );
}

async function withClient(url, fn) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Products with one barcode each, as the catalog writes them (the change-feed triggers fire). */
async function addProducts(url, n, prefix = 'B') {
  await withClient(url, async (c) => {
    const step = 50_000;
    for (let from = 1; from <= n; from += step) {
      const to = Math.min(n, from + step - 1);
      await c.query(
        `WITH p AS (INSERT INTO product (code, name, retail_price, purchase_price, row_version)
                    SELECT $1 || lpad(g::text, 7, '0'), '商品 ' || g, 10.50 + (g % 1000), 5.1234, 1 FROM generate_series($2::int, $3::int) g RETURNING id)
         INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) SELECT '69' || substr(md5(id::text), 1, 20), id, true, 1 FROM p`,
        [prefix, from, to],
      );
    }
  });
}

/** Waits until every change in HQ's feed is below the oldest transaction in flight. */
async function feedSettled(url) {
  await withClient(url, async (c) => {
    for (let i = 0; i < 600; i++) {
      const { rows } = await c.query(`SELECT coalesce(max(xid)::text::numeric < pg_snapshot_xmin(pg_current_snapshot())::text::numeric, true) AS ok FROM change_feed`);
      if (rows[0].ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  });
}

/** A store's offline backlog: `n` 门店日志 records in its outbox, as the store writes them (stream `store.event-log`). */
async function queueOfflineEvents(storeUrl, kind, n) {
  await withClient(storeUrl, (c) =>
    c.query(
      `INSERT INTO transfer_outbox (id, stream, body)
       SELECT gen_random_uuid(), 'store.event-log', jsonb_build_object('occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'level', 'info', 'kind', $1::text,
              'message', 'offline record ' || g || ' 离线记录', 'storeCode', 'S001', 'data', jsonb_build_object('seq', g, 'till', 'T' || (g % 4)))
         FROM generate_series(1, $2::int) g`,
      [kind, n],
    ),
  );
}

/** The environment of a server booted in the bench runner's process (`shared.startServer`): production mode, silent. */
function inProcessEnv(databaseUrl, dataDir, extra = {}) {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD: 'bench-admin-1',
    ...extra,
  };
}

/** `psql` for COPY baselines (client-side \copy: the same path a bulk loader takes). */
function psql(url, command) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs `fn` `runs` times; each run returns the milliseconds of the part it measures (set-up excluded). */
async function repeat(runs, fn) {
  const values = [];
  for (let i = 0; i < runs; i++) values.push(await fn(i));
  const s = [...values].sort((a, b) => a - b);
  return { median: median(values), min: s[0], max: s[s.length - 1], runs: values };
}

const fmt = (m) => `${(m.median / 1000).toFixed(2)} s (min ${(m.min / 1000).toFixed(2)}, max ${(m.max / 1000).toFixed(2)})`;

module.exports = { ServerProcess, ADMIN_PASSWORD, call, login, openStore, withClient, addProducts, feedSettled, queueOfflineEvents, inProcessEnv, psql, median, repeat, fmt };
