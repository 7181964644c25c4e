#!/usr/bin/env node
/**
 * Stock movements per second through StockService (the real service on the real schema), next to
 * pgbench TPC-B on the same embedded PostgreSQL in the same run.
 *   node bench/stock-moves/run.js [--quick]        (after `npx tsc -b`)
 * Each repetition: single-line documents and 5-line documents, 8 concurrent workers for N seconds,
 * then `pgbench -c 8 -j 2 -T N`. Prints median/min/max and the ratio movements/s ÷ TPC-B tps.
 */
require('reflect-metadata');
const { execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const { DataSource } = require('typeorm');
const shared = require('../../shared/dist');
const { HQ_ENTITIES } = require('../../hq-server/dist/entities');
const { HQ_MIGRATIONS } = require('../../hq-server/dist/migrations');

const quick = process.argv.includes('--quick');
const SECONDS = quick ? 3 : 10;
const REPEATS = 3;
const WORKERS = 8;
const PRODUCTS = 200;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-stock-'));
  const pg = await shared.startEmbeddedPostgres({ dataDir: dir });
  try {
    await pg.ensureDatabase('bench');
    const url = pg.url('bench');
    const ds = new DataSource({ type: 'postgres', url, uuidExtension: 'pgcrypto', installExtensions: false, entities: [...shared.CORE_ENTITIES, ...HQ_ENTITIES], migrations: HQ_MIGRATIONS, extra: { max: WORKERS + 2 } });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const [org] = await ds.query("INSERT INTO org_unit (code, name, kind, row_version) VALUES ('HQ', 'HQ', 'hq', 1) RETURNING id");
    await ds.query('INSERT INTO org_settings (org_unit_id, allow_negative_stock, row_version) VALUES ($1, false, 1)', [org.id]);
    const [wh] = await ds.query("INSERT INTO warehouse (code, name, org_unit_id, row_version) VALUES ('W1', 'W1', $1, 1) RETURNING id", [org.id]);
    const products = (await ds.query(`INSERT INTO product (code, name, row_version) SELECT 'P' || g, 'P' || g, 1 FROM generate_series(1, ${PRODUCTS}) g RETURNING id`)).map((r) => r.id);
    const stock = new shared.StockService(new shared.TransactionalConnection(ds));
    const ctx = shared.RequestContext.system({ id: org.id, code: 'HQ', kind: 'hq' });
    // opening stock large enough that outbound never runs short during the run
    await stock.post(ctx, products.map((p) => ({ warehouseId: wh.id, productId: p, quantity: '100000000', unitCost: '3.5', docType: 'opening', docId: randomUUID() })));

    const pgbench = (args) => execFileSync('/usr/bin/pgbench', [...args, url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    pgbench(['-i', '-q', '-s', '1']);

    const results = { single: [], five: [], tpcb: [] };
    for (let r = 0; r < REPEATS; r++) {
      results.single.push(await moves(stock, ctx, wh.id, products, 1));
      results.five.push(await moves(stock, ctx, wh.id, products, 5));
      const out = pgbench(['-c', String(WORKERS), '-j', '2', '-T', String(SECONDS), '-n']);
      results.tpcb.push(Number(/tps = ([\d.]+)/.exec(out)[1]));
      console.log(`run ${r + 1}: single-line ${results.single[r].toFixed(0)} mv/s, 5-line ${results.five[r].toFixed(0)} mv/s, TPC-B ${results.tpcb[r].toFixed(0)} tps`);
    }
    const mismatches = await ds.query(`SELECT count(*)::int AS n FROM stock_balance b WHERE qty <> (SELECT coalesce(sum(delta), 0) FROM stock_ledger g WHERE g.warehouse_id = b.warehouse_id AND g.product_id = b.product_id)`);
    await ds.destroy();
    const stat = (xs) => ({ median: [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], min: Math.min(...xs), max: Math.max(...xs) });
    const s1 = stat(results.single), s5 = stat(results.five), t = stat(results.tpcb);
    console.log(`\n${quick ? 'quick ' : ''}${REPEATS} runs × ${SECONDS}s, ${WORKERS} workers, PostgreSQL ${(await serverVersion(url))}, pgbench ${pgbench(['--version']).trim?.() ?? ''}`);
    console.log('| measure | median | min | max | ratio to TPC-B (median) |');
    console.log('|---|---|---|---|---|');
    console.log(`| StockService single-line documents (movements/s) | ${s1.median.toFixed(0)} | ${s1.min.toFixed(0)} | ${s1.max.toFixed(0)} | ${(s1.median / t.median).toFixed(2)} |`);
    console.log(`| StockService 5-line documents (movements/s) | ${s5.median.toFixed(0)} | ${s5.min.toFixed(0)} | ${s5.max.toFixed(0)} | ${(s5.median / t.median).toFixed(2)} |`);
    console.log(`| pgbench TPC-B (tps) | ${t.median.toFixed(0)} | ${t.min.toFixed(0)} | ${t.max.toFixed(0)} | 1.00 |`);
    console.log(`balances ≠ ledger after the run: ${mismatches[0].n}`);
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 8 workers post documents of `lines` random products (mixed in/out) for SECONDS; returns movements/s. */
async function moves(stock, ctx, warehouseId, products, lines) {
  const until = Date.now() + SECONDS * 1000;
  let count = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (Date.now() < until) {
        const picked = new Set();
        while (picked.size < lines) picked.add(products[Math.floor(Math.random() * products.length)]);
        const docId = randomUUID();
        await stock.post(ctx, [...picked].map((p, i) => (Math.random() < 0.8
          ? { warehouseId, productId: p, quantity: '-1', docType: 'bench', docId, docLine: i + 1 }
          : { warehouseId, productId: p, quantity: '3', unitCost: '3.7', docType: 'bench', docId, docLine: i + 1 })));
        count += lines;
      }
    }),
  );
  return count / ((Date.now() - started) / 1000);
}

async function serverVersion(url) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  const v = (await c.query('SHOW server_version')).rows[0].server_version;
  await c.end();
  return v;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
