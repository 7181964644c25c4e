/**
 * idle-pull: a store that is up to date asks HQ for changes (a signed POST /api/transfer/v1/pull that
 * finds none), against a plain health round trip (GET /api/health) to the same HQ process, at two
 * catalog sizes. What an idle store costs must not grow with the catalog.
 */
const shared = require('../../shared/dist');
const { ServerProcess, ADMIN_PASSWORD, login, openStore, withClient, addProducts, feedSettled, median, repeat } = require('../transfer-lib');

const CALLS = 200;

/** Alternates the two calls so both see the same load; returns ms per call of each. */
async function timeInterleaved(a, b) {
  let ta = 0n;
  let tb = 0n;
  for (let i = 0; i < CALLS; i++) {
    const t0 = process.hrtime.bigint();
    await a();
    const t1 = process.hrtime.bigint();
    await b();
    ta += t1 - t0;
    tb += process.hrtime.bigint() - t1;
  }
  return { a: Number(ta) / 1e6 / CALLS, b: Number(tb) / 1e6 / CALLS };
}

module.exports = {
  name: 'idle-pull',
  what: 'a pull with no changes at 10k and 1M products (--quick: 10k and 50k)',
  baseline: 'GET /api/health round trip to the same HQ',
  target: 'flat in catalog size (ratio to health at the large catalog ≤ 1.5× the one at 10k)',
  async run(ctx) {
    const sizes = ctx.quick ? [10_000, 50_000] : [10_000, 1_000_000];
    const hqUrl = await ctx.createDatabase('ip_hq');
    const hq = new ServerProcess(ctx.root, 'hq', hqUrl);
    try {
      await hq.start();
      const admin = await login(hq.url, 'admin', ADMIN_PASSWORD);
      await openStore(hq.url, admin, 'S001', 'bench-transfer-pass-1');
      const hello = await shared.fetchHello(hq.url, 'S001');
      const client = new shared.SignedClient({ baseUrl: hq.url, storeCode: 'S001', key: await shared.deriveTransferKey('bench-transfer-pass-1', hello.salt, hello.kdf) });
      const results = [];
      let have = 0;
      for (const size of sizes) {
        ctx.log(`catalog of ${size} products`);
        await addProducts(hqUrl, size - have, `I${results.length}`);
        have = size;
        await feedSettled(hqUrl);
        // steady state: the bulk insert's dead tuples and statistics settled, as on a server that runs for a while
        await withClient(hqUrl, (c) => c.query('VACUUM ANALYZE change_feed, product, product_barcode'));
        // up to date: the cursor a finished snapshot would give now
        const cursor = await withClient(hqUrl, async (c) => `${(await c.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`)).rows[0].x}:0`);
        const pull = async () => {
          const page = await client.call('POST', shared.HQ_ROUTES.pull, { cursor, limit: 500, scopeVersion: 1 });
          if (page.kind !== 'changes' || page.changes.length) throw new Error(`not idle: ${JSON.stringify(page).slice(0, 200)}`);
        };
        const health = async () => {
          const res = await fetch(hq.url + '/api/health');
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`health ${res.status}`);
        };
        await pull(); // warm-up (and the first pull notes the cursor)
        await health();
        const rounds = [];
        const p = await repeat(3, async () => {
          const r = await timeInterleaved(pull, health);
          rounds.push(r);
          return r.a;
        });
        const h = await repeat(3, async (i) => rounds[i].b);
        results.push({ size, pull: p, health: h, ratio: median(rounds.map((r) => r.a / r.b)) });
      }
      const [small, large] = results;
      // flat = the idle pull costs the same relative to a health call (interleaved, so both see the same machine load)
      const flatness = large.ratio / small.ratio;
      const ms = (m) => `${m.median.toFixed(2)} ms (min ${m.min.toFixed(2)}, max ${m.max.toFixed(2)})`;
      return {
        ratio: large.ratio,
        meets: flatness <= 1.5,
        summary:
          results.map((r) => `${r.size / 1000}k: pull ${r.pull.median.toFixed(2)} ms = ${r.ratio.toFixed(2)}× health`).join('; ') +
          `; ratio at ${large.size / 1000}k ÷ at ${small.size / 1000}k: ${flatness.toFixed(2)}`,
        details: [
          ...results.map(
            (r) =>
              `${r.size} products (and as many barcodes, all in the change feed): idle pull ${ms(r.pull)}, health ${ms(r.health)} per call, ${CALLS} calls each, interleaved, × 3`,
          ),
          `ratio to health: ${results.map((r) => `${r.size / 1000}k ${r.ratio.toFixed(2)}×`).join(', ')}; the pull's own cost is ~3 commits (nonce, contact/cursor bookkeeping) with fsync, which health does not pay`,
          `the idle pull signs, checks the signature and nonce, notes the store's contact, reads the scope and the pruning horizon and scans the feed after the cursor (index on (xid, seq)) in one REPEATABLE READ transaction; health is one request with no database work`,
        ],
      };
    } finally {
      await hq.stop();
    }
  },
};
