/**
 * many-stores: 10 / 100 / 1,000 simulated stores (each with its own key, signing its own requests)
 * pull 100 pending changes from one HQ process over a 10,000-product catalog, 8 at a time. Measured at
 * HQ: CPU time of the HQ process (/proc/<pid>/stat) and committed transactions of its database
 * (pg_stat_database.xact_commit), per store. Baseline: the cost per store at 10 stores, same run.
 */
const shared = require('../../shared/dist');
const { ServerProcess, ADMIN_PASSWORD, login, withClient, addProducts, feedSettled, repeat } = require('../transfer-lib');

const CHANGES = 100;
const CONCURRENCY = 8;

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

module.exports = {
  name: 'many-stores',
  what: `1,000 stores pulling ${CHANGES} pending changes from one HQ (--quick: 10 and 50 stores)`,
  baseline: 'HQ cost per store at 10 stores',
  target: 'O(changes): HQ CPU and transactions per store flat as stores grow (not stores × rows)',
  async run(ctx) {
    const levels = ctx.quick ? [10, 50] : [10, 100, 1000];
    const max = levels[levels.length - 1];
    const hqUrl = await ctx.createDatabase('ms_hq');
    const hq = new ServerProcess(ctx.root, 'hq', hqUrl);
    try {
      await hq.start();
      await login(hq.url, 'admin', ADMIN_PASSWORD); // HQ is seeded and serving
      await addProducts(hqUrl, 10_000, 'M');
      // the stores, as the wizard leaves them (org unit, data scope, key); random keys instead of scrypt of a password
      const stores = await withClient(hqUrl, async (c) => {
        await c.query(
          `WITH o AS (INSERT INTO org_unit (code, name, kind, row_version) SELECT 'M' || lpad(g::text, 5, '0'), '模拟门店 ' || g, 'store', 1 FROM generate_series(1, $1::int) g RETURNING id),
                s AS (INSERT INTO store_data_scope (store_id) SELECT id FROM o)
           INSERT INTO store_transfer (store_id, key_salt, key, key_changed_at, row_version) SELECT id, md5(random()::text), decode(md5(random()::text) || md5(random()::text), 'hex'), now(), 1 FROM o`,
          [max],
        );
        return (await c.query(`SELECT o.code, t.key FROM store_transfer t JOIN org_unit o ON o.id = t.store_id ORDER BY o.code`)).rows;
      });
      await feedSettled(hqUrl);
      const cursor = await withClient(hqUrl, async (c) => `${(await c.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`)).rows[0].x}:0`);
      await withClient(hqUrl, (c) => c.query(`UPDATE product SET retail_price = retail_price + 1 WHERE code IN (SELECT code FROM product ORDER BY code LIMIT $1)`, [CHANGES]));
      await feedSettled(hqUrl);
      const clients = stores.map((s) => new shared.SignedClient({ baseUrl: hq.url, storeCode: s.code, key: s.key }));
      const pullAll = async (n) => {
        await pool(clients.slice(0, n), CONCURRENCY, async (client) => {
          const page = await client.call('POST', shared.HQ_ROUTES.pull, { cursor, limit: 500, scopeVersion: 1 });
          const rows = page.kind === 'changes' ? page.changes.reduce((a, c) => a + c.upserts.length, 0) : -1;
          if (rows !== CHANGES) throw new Error(`${client.options.storeCode} got ${rows} rows, expected ${CHANGES}`);
        });
      };
      const commits = () => withClient(ctx.pgUrl(), async (c) => Number((await c.query(`SELECT xact_commit FROM pg_stat_database WHERE datname = 'ms_hq'`)).rows[0].xact_commit));
      // statistics reach pg_stat_database when a backend goes idle (within ~10 s in PostgreSQL 15)
      const settledCommits = async () => {
        await new Promise((r) => setTimeout(r, 11_000));
        return commits();
      };
      await pullAll(Math.min(10, max)); // warm-up: connections, JIT of the handlers
      const results = [];
      for (const n of levels) {
        const x0 = await settledCommits();
        const wall = [];
        const cpu = await repeat(3, async () => {
          const c0 = hq.cpuMs();
          const t0 = Date.now();
          await pullAll(n);
          wall.push(Date.now() - t0);
          return (hq.cpuMs() - c0) / n;
        });
        const x1 = await settledCommits();
        results.push({ n, cpu, xactPerStore: (x1 - x0) / (3 * n), wallPerStore: wall.reduce((a, b) => a + b, 0) / (3 * n) });
        ctx.log(`${n} stores: ${cpu.median.toFixed(2)} ms HQ CPU per store, ${((x1 - x0) / (3 * n)).toFixed(1)} transactions per store`);
      }
      const base = results[0];
      const last = results[results.length - 1];
      const ratio = last.cpu.median / base.cpu.median;
      return {
        ratio,
        meets: ratio <= 1.5 && last.xactPerStore <= base.xactPerStore * 1.5,
        summary: results.map((r) => `${r.n} stores: ${r.cpu.median.toFixed(1)} ms CPU, ${r.xactPerStore.toFixed(1)} tx per store`).join('; '),
        details: [
          ...results.map(
            (r) =>
              `${r.n} stores × 3: HQ CPU per store median ${r.cpu.median.toFixed(2)} ms (min ${r.cpu.min.toFixed(2)}, max ${r.cpu.max.toFixed(2)}); transactions per store ${r.xactPerStore.toFixed(2)}; wall ${r.wallPerStore.toFixed(1)} ms per store at ${CONCURRENCY} concurrent`,
          ),
          `each store gets the same ${CHANGES} changed products (of 10,000) in one page; HQ's work per pull: signature + nonce, the store's scope, the feed after its cursor, the current rows of the changed keys`,
        ],
      };
    } finally {
      await hq.stop();
    }
  },
};
