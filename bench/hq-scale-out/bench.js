/**
 * hq-scale-out: simulated stores (each with its own key, signing its own requests) push records
 * and pull changes through a round-robin proxy in front of HQ — first one HQ instance, then two
 * instances on the same PostgreSQL and Redis, each with its own data folder, as two machines.
 * Each store pushes RECORDS 门店日志 records (the `store.event-log` stream: stored, acknowledged,
 * then applied by the inbox job on whichever instance takes it) and pulls CHANGES changed products.
 * Checked every run: every record stored exactly once, applied exactly once (inbox row processed at
 * its first attempt, one store_event row each), every pull complete. Measured: HQ CPU time per store
 * (/proc/<pid>/stat, the sum over the instances). Ratio: two instances / one instance.
 */
const http = require('node:http');
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const net = require('node:net');
const shared = require('../../shared/dist');
const { ServerProcess, ADMIN_PASSWORD, login, withClient, addProducts, feedSettled, repeat } = require('../transfer-lib');

const RECORDS = 5;
const CHANGES = 20;
const CONCURRENCY = 8;

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server of the benchmark's own (no persistence). */
async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((r) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), r(true)));
      s.on('error', () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

/** The tiny round-robin front: each request to the next instance, as a load balancer without stickiness. */
async function startProxy(targets) {
  let next = 0;
  // a connection per request: reusing an idle one races the instance closing it (keepAliveTimeout) into a 502
  const agent = new http.Agent({ keepAlive: false });
  const server = http.createServer((req, res) => {
    const target = new URL(targets[next++ % targets.length]);
    const up = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e.message));
    });
    req.pipe(up);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => (agent.destroy(), server.close(r))) };
}

module.exports = {
  name: 'hq-scale-out',
  what: `1,000 simulated stores each pushing ${RECORDS} records and pulling ${CHANGES} changes through a round-robin proxy, one HQ instance vs two on the same PostgreSQL + Redis (--quick: 20 stores)`,
  baseline: 'HQ CPU per store with one instance (same run, same stores)',
  target: 'two instances: every record exactly once, jobs once, HQ CPU per store ≤ 1.2× one instance',
  async run(ctx) {
    const n = ctx.quick ? 20 : 1000;
    const hqUrl = await ctx.createDatabase('so_hq');
    const redis = await startRedis();
    const env = { REDIS_URL: redis.url, JOB_QUEUE: 'bench-scale-out' };
    const instances = [new ServerProcess(ctx.root, 'hq', hqUrl, env), new ServerProcess(ctx.root, 'hq', hqUrl, env)];
    let proxy;
    try {
      // instance 1 first (it migrates and seeds), instance 2 later, into the same database
      await instances[0].start();
      await login(instances[0].url, 'admin', ADMIN_PASSWORD);
      await addProducts(hqUrl, 10_000, 'M');
      const stores = await withClient(hqUrl, async (c) => {
        await c.query(
          `WITH o AS (INSERT INTO org_unit (code, name, kind, row_version) SELECT 'H' || lpad(g::text, 5, '0'), '模拟门店 ' || g, 'store', 1 FROM generate_series(1, $1::int) g RETURNING id),
                s AS (INSERT INTO store_data_scope (store_id) SELECT id FROM o)
           INSERT INTO store_transfer (store_id, key_salt, key, key_changed_at, row_version) SELECT id, md5(random()::text), decode(md5(random()::text) || md5(random()::text), 'hex'), now(), 1 FROM o`,
          [n],
        );
        return (await c.query(`SELECT o.code, t.key FROM store_transfer t JOIN org_unit o ON o.id = t.store_id ORDER BY o.code`)).rows;
      });
      await feedSettled(hqUrl);
      const cursor = await withClient(hqUrl, async (c) => `${(await c.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`)).rows[0].x}:0`);
      await withClient(hqUrl, (c) => c.query(`UPDATE product SET retail_price = retail_price + 1 WHERE code IN (SELECT code FROM product ORDER BY code LIMIT $1)`, [CHANGES]));
      await feedSettled(hqUrl);
      const seq = new Map(stores.map((s) => [s.code, 0]));

      /** every store pushes RECORDS records and pulls once, CONCURRENCY at a time, through `front` */
      const round = async (front, kind) => {
        const clients = stores.map((s) => new shared.SignedClient({ baseUrl: front, storeCode: s.code, key: s.key }));
        await pool(clients, CONCURRENCY, async (client) => {
          const code = client.options.storeCode;
          const records = Array.from({ length: RECORDS }, (_, i) => {
            const k = seq.get(code) + 1;
            seq.set(code, k);
            return {
              id: randomUUID(),
              stream: 'store.event-log',
              seq: String(k),
              body: { occurredAt: new Date().toISOString(), level: 'info', kind, message: `bench record ${i} 压测`, storeCode: code, data: { i } },
            };
          });
          const pushed = await client.call('POST', shared.HQ_ROUTES.push, { records });
          if (pushed.results.length !== RECORDS || pushed.results.some((r) => r.outcome !== 'stored')) throw new Error(`${code}: push ${JSON.stringify(pushed.results)}`);
          const page = await client.call('POST', shared.HQ_ROUTES.pull, { cursor, limit: 500, scopeVersion: 1 });
          const rows = page.kind === 'changes' ? page.changes.reduce((a, c) => a + c.upserts.length, 0) : -1;
          if (rows !== CHANGES) throw new Error(`${code} pulled ${rows} rows, expected ${CHANGES}`);
        });
      };
      /** waits for the inbox job, then checks each record of `kind` stored once and applied once */
      const check = async (kind) => {
        return withClient(hqUrl, async (c) => {
          for (let i = 0; ; i++) {
            const left = (await c.query(`SELECT count(*)::int AS n FROM transfer_inbox WHERE status = 'received'`)).rows[0].n;
            if (!left) break;
            if (i > 1200) throw new Error(`${left} records never processed`);
            await new Promise((r) => setTimeout(r, 250));
          }
          const inbox = (
            await c.query(
              `SELECT count(*)::int AS n, count(DISTINCT id)::int AS d, count(*) FILTER (WHERE status = 'processed' AND attempts <= 1)::int AS once FROM transfer_inbox WHERE body->>'kind' = $1`,
              [kind],
            )
          ).rows[0];
          const events = (await c.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM store_event WHERE kind = $1`, [kind])).rows[0];
          const want = n * RECORDS;
          const line = `${inbox.n} stored (${inbox.d} distinct), ${inbox.once} processed at the first attempt, ${events.n} applied (${events.d} distinct)`;
          if (inbox.n !== want || inbox.d !== want || inbox.once !== want || events.n !== want || events.d !== want) throw new Error(`not exactly once: ${line}`);
          return line;
        });
      };
      const measure = async (label, running) => {
        proxy = await startProxy(running.map((s) => s.url));
        await round(proxy.url, `bench.warm-${label}`); // connections, JIT of the handlers
        await check(`bench.warm-${label}`);
        const checks = [];
        const wall = [];
        const cpu = await repeat(3, async (i) => {
          const c0 = running.reduce((a, s) => a + s.cpuMs(), 0);
          const t0 = Date.now();
          const kind = `bench.${label}-${i}`;
          await round(proxy.url, kind);
          checks.push(await check(kind));
          wall.push(Date.now() - t0);
          // the inbox job's work is counted too: it ran before check() returned
          return (running.reduce((a, s) => a + s.cpuMs(), 0) - c0) / n;
        });
        await proxy.stop();
        proxy = undefined;
        const perInstance = running.map((s) => `${Math.round(s.cpuMs())} ms`).join(' + ');
        ctx.log(`${label}: ${cpu.median.toFixed(2)} ms HQ CPU per store (${checks[0]})`);
        return { cpu, checks, wall, perInstance };
      };
      const one = await measure('one', [instances[0]]);
      await instances[1].start();
      const two = await measure('two', instances);
      const ratio = two.cpu.median / one.cpu.median;
      const byInstance = await withClient(hqUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM transfer_inbox`)).rows[0].n);
      return {
        ratio,
        meets: ratio <= 1.2,
        summary: `${n} stores, ${n * RECORDS} records a run: one instance ${one.cpu.median.toFixed(2)} ms, two ${two.cpu.median.toFixed(2)} ms HQ CPU per store; exactly once in every run`,
        details: [
          `one instance × 3: HQ CPU per store median ${one.cpu.median.toFixed(2)} ms (min ${one.cpu.min.toFixed(2)}, max ${one.cpu.max.toFixed(2)}); wall ${one.wall.map((w) => (w / 1000).toFixed(1)).join(' / ')} s per run incl. the inbox job; ${one.checks[0]}`,
          `two instances × 3: HQ CPU per store median ${two.cpu.median.toFixed(2)} ms (min ${two.cpu.min.toFixed(2)}, max ${two.cpu.max.toFixed(2)}); wall ${two.wall.map((w) => (w / 1000).toFixed(1)).join(' / ')} s; ${two.checks[0]}; CPU so far per instance ${two.perInstance}`,
          `each store: one signed push of ${RECORDS} 门店日志 records (stored, acknowledged, applied by the transfer.process-inbox job on whichever instance takes it) and one pull of ${CHANGES} changed products (of 10,000), ${CONCURRENCY} stores at a time through a node http round-robin proxy; instances have separate DATA_DIRs, share PostgreSQL, Redis (JOB_QUEUE) and JWT_SECRET; ${byInstance} inbox rows in all`,
        ],
      };
    } finally {
      if (proxy) await proxy.stop();
      for (const s of instances) await s.stop();
      redis.stop();
    }
  },
};
