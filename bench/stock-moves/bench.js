/**
 * stock-moves — movements per second through StockService (the real service on the real schema, no
 * HTTP), single-line and 5-line documents with 8 concurrent workers, next to pgbench TPC-B on the
 * same PostgreSQL in the same run. Run: npm run bench -- stock-moves [--quick]
 */
require('reflect-metadata');
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');

const WORKERS = 8;
const PRODUCTS = 200;

module.exports = {
  name: 'stock-moves',
  what: 'StockService movements/s, 8 workers, 1-line and 5-line documents',
  baseline: 'pgbench TPC-B tps, same database',
  target: 'report',
  async run(ctx) {
    const { DataSource } = require('typeorm');
    const shared = require(join(ctx.root, 'shared/dist'));
    const { HQ_ENTITIES } = require(join(ctx.root, 'hq-server/dist/entities'));
    const { HQ_MIGRATIONS } = require(join(ctx.root, 'hq-server/dist/migrations'));
    const seconds = ctx.quick ? 3 : 10;
    const url = await ctx.createDatabase('bench_stock_moves');
    const ds = new DataSource({
      type: 'postgres',
      url,
      uuidExtension: 'pgcrypto',
      installExtensions: false,
      entities: [...shared.CORE_ENTITIES, ...HQ_ENTITIES],
      migrations: HQ_MIGRATIONS,
      extra: { max: WORKERS + 2 },
    });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      const [org] = await ds.query("INSERT INTO org_unit (code, name, kind, row_version) VALUES ('HQ', 'HQ', 'hq', 1) RETURNING id");
      await ds.query('INSERT INTO org_settings (org_unit_id, allow_negative_stock, row_version) VALUES ($1, false, 1)', [org.id]);
      const [wh] = await ds.query("INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('W1', 'W1', $1, 1) RETURNING id", [org.id]);
      const products = (await ds.query(`INSERT INTO product (code, name, row_version) SELECT 'P' || g, 'P' || g, 1 FROM generate_series(1, ${PRODUCTS}) g RETURNING id`)).map(
        (r) => r.id,
      );
      const connection = new shared.TransactionalConnection(ds);
      const stock = new shared.StockService(connection, new shared.StockRepository(connection));
      const sctx = shared.RequestContext.system({ id: org.id, code: 'HQ', kind: 'hq' });
      // opening stock large enough that outbound never runs short during the run
      await stock.post(
        sctx,
        products.map((p) => ({ warehouseId: wh.id, productId: p, quantity: '100000000', unitCost: '3.5', docType: 'opening', docId: randomUUID() })),
      );
      const pgbench = (args) => execFileSync('pgbench', [...args, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      pgbench(['-i', '-q', '-s', '1']);
      const single = [];
      const five = [];
      const tpcb = [];
      for (let r = 0; r < 3; r++) {
        single.push(await moves(stock, sctx, wh.id, products, 1, seconds));
        five.push(await moves(stock, sctx, wh.id, products, 5, seconds));
        tpcb.push(Number(/tps = ([\d.]+)/.exec(pgbench(['-c', String(WORKERS), '-j', '2', '-T', String(seconds), '-n']))[1]));
        ctx.log(`run ${r + 1}: 1-line ${single[r].toFixed(0)} mv/s, 5-line ${five[r].toFixed(0)} mv/s, TPC-B ${tpcb[r].toFixed(0)} tps`);
      }
      const [{ n: mismatches }] = await ds.query(
        `SELECT count(*)::int AS n FROM stock_balance b WHERE qty <> (SELECT coalesce(sum(delta), 0) FROM stock_ledger g WHERE g.warehouse_id = b.warehouse_id AND g.product_id = b.product_id)`,
      );
      const st = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return { median: s[1], min: s[0], max: s[2] };
      };
      const s1 = st(single);
      const s5 = st(five);
      const t = st(tpcb);
      const f = (x) => x.toFixed(0);
      return {
        ratio: s5.median / t.median,
        meets: null,
        summary: `5-line ${f(s5.median)} mv/s (${(s5.median / t.median).toFixed(2)}× TPC-B), 1-line ${f(s1.median)} mv/s (${(s1.median / t.median).toFixed(2)}×), TPC-B ${f(t.median)} tps`,
        details: [
          `${seconds} s per measure, 3 repetitions, ${WORKERS} workers, ${PRODUCTS} products, 80 % outbound / 20 % inbound`,
          `1-line documents: median ${f(s1.median)}, min ${f(s1.min)}, max ${f(s1.max)} movements/s`,
          `5-line documents: median ${f(s5.median)}, min ${f(s5.min)}, max ${f(s5.max)} movements/s`,
          `pgbench TPC-B (-c 8 -j 2): median ${f(t.median)}, min ${f(t.min)}, max ${f(t.max)} tps`,
          `balances different from the sum of their ledger after the run: ${mismatches}`,
        ],
      };
    } finally {
      await ds.destroy();
    }
  },
};

/** WORKERS post documents of `lines` random products (mixed in/out) for `seconds`; movements/s. */
async function moves(stock, ctx, warehouseId, products, lines, seconds) {
  const until = Date.now() + seconds * 1000;
  const started = Date.now();
  let count = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) {
        const picked = new Set();
        while (picked.size < lines) picked.add(products[Math.floor(Math.random() * products.length)]);
        const docId = randomUUID();
        await stock.post(
          ctx,
          [...picked].map((p, i) =>
            Math.random() < 0.8
              ? { warehouseId, productId: p, quantity: '-1', docType: 'bench', docId, docLine: i + 1 }
              : { warehouseId, productId: p, quantity: '3', unitCost: '3.7', docType: 'bench', docId, docLine: i + 1 },
          ),
        );
        count += lines;
      }
    }),
  );
  return count / ((Date.now() - started) / 1000);
}
