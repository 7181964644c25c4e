/**
 * POS sales throughput: completed sales per second through HTTP (5 lines, 1 cash payment, one
 * transaction each with stock and outbox) from 8 concurrent tills against a store server booted
 * in-process from dist/, compared with **the same sales' statements replayed without the server**
 * (`replay.js`: recorded from the server during the warm-up, replayed on 8 bare `pg` connections,
 * one per till) — the physical limit of this design — and, as a second column, pgbench TPC-B
 * (-c 8 -j 2) on a database of the same cluster.
 *
 * Each repetition measures TPC-B, the replay and then the tills, back to back, and the ratios are
 * taken per repetition (the machine is shared: load changes between minutes, not within a pair).
 * The tills buy realistic baskets: 5 distinct products drawn from 2,000, a few popular ones more
 * often (like a real store), so sales rarely queue on the same balance row; the all-tills-on-the-
 * same-50-products case is a separate, reported scenario (`hot`).
 *
 * The tills run in a child process (`tills.js`, forked once and reused for every run): real tills
 * are other machines, and a load generator in the server's own process would steal its event loop.
 * They still share the machine's cores with the server and PostgreSQL, so they post with node:http
 * on kept-alive sockets (less CPU than fetch). The seeded database is VACUUM ANALYZEd, as pgbench -i
 * does for its own tables, so the server's plans see the seeded tables' real sizes.
 */
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const { record, replay, byTill } = require('./replay');
const { inProcessEnv } = require('../transfer-lib');
const { tillProcess, profiled } = require('./till-process');
const { measureStages } = require('./stages');

const TILLS = 8;
const PRODUCTS = 2000;

const PGBENCH = process.env.PGBENCH ?? '/usr/bin/pgbench';

function pgbenchInit(url) {
  execFileSync(PGBENCH, ['-i', '-q', '-s', '1', url], { stdio: 'pipe' });
}

function pgbench(url, quick, log) {
  const out = execFileSync(PGBENCH, ['-c', '8', '-j', '2', '-T', quick ? '3' : '10', url], { stdio: 'pipe' }).toString();
  const m = /tps = ([\d.]+)/.exec(out);
  if (!m) throw new Error(`pgbench printed no tps:\n${out}`);
  log(`pgbench TPC-B: ${Number(m[1]).toFixed(0)} tps`);
  return Number(m[1]);
}

async function seed(root, app) {
  const shared = require(join(root, 'shared/dist'));
  const { DataSource } = require('typeorm');
  const ds = app.get(DataSource);
  const q = (sql, p) => ds.query(sql, p);
  const [org] = await q(`INSERT INTO org_unit (code, name, kind, status, row_version) VALUES ('B001', '压测门店', 'store', 'active', 1) RETURNING id`);
  const [role] = await q(`INSERT INTO role (code, name, org_unit_id, permissions, built_in, row_version) VALUES ('bench-cashier', 'bench', $1, $2, false, 1) RETURNING id`, [
    org.id,
    ['pos.sell', 'pos.shift'],
  ]);
  const [user] = await q(`INSERT INTO app_user (username, display_name, org_unit_id, password_hash, row_version) VALUES ('bench', 'bench', $1, $2, 1) RETURNING id`, [
    org.id,
    await shared.hashPassword('bench-pass-1'),
  ]);
  await q('INSERT INTO user_role (user_id, role_id) VALUES ($1, $2)', [user.id, role.id]);
  const [wh] = await q(`INSERT INTO warehouse (code, name, org_unit_id, kind, status, row_version) VALUES ('B001-01', '门店仓', $1, 'normal', 'active', 1) RETURNING id`, [org.id]);
  await q(`INSERT INTO org_settings (org_unit_id, allow_negative_stock, allow_store_purchasing, extra, row_version) VALUES ($1, false, false, '{}', 1)`, [org.id]);
  const [cash] = await q(
    `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, status, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 'active', 1) RETURNING id`,
  );
  const barcodes = Array.from({ length: PRODUCTS }, (_, i) => `69${String(i + 1).padStart(11, '0')}`);
  const products = await q(
    `INSERT INTO product (code, name, retail_price, purchase_price, status, row_version)
     SELECT 'B' || i, '压测商品' || i, round(1 + i / 10.0, 2), 1.00, 'active', 1 FROM generate_series(1, $1::int) AS i RETURNING id, code`,
    [PRODUCTS],
  );
  const byCode = new Map(products.map((p) => [p.code, p.id]));
  await q(`INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) SELECT b, p, true, 1 FROM unnest($1::varchar[], $2::uuid[]) AS x(b, p)`, [
    barcodes,
    barcodes.map((_, i) => byCode.get(`B${i + 1}`)),
  ]);
  const stock = app.get(shared.StockService);
  const ctx = shared.RequestContext.system({ id: org.id, code: 'B001', kind: 'store' });
  for (let i = 0; i < PRODUCTS; i += 500) {
    await stock.post(
      ctx,
      barcodes.slice(i, i + 500).map((_, k) => ({ warehouseId: wh.id, productId: byCode.get(`B${i + k + 1}`), quantity: 10_000_000, docType: 'OPENING', docId: randomUUID() })),
    );
  }
  // like pgbench -i (and autovacuum within a minute on a real store): plans from statistics of the seeded tables, not of empty ones
  await q('VACUUM ANALYZE');
  return { cashId: cash.id, barcodes };
}

/** Five promotions in force at the bench store, as the pull stream `pricing.promotion` writes them. */
async function seedPromotions(app) {
  const { DataSource } = require('typeorm');
  const ds = app.get(DataSource);
  const best = await ds.query(`SELECT id, retail_price::text AS price FROM product WHERE code = ANY($1::varchar[]) ORDER BY code`, [
    Array.from({ length: 50 }, (_, i) => `B${i + 1}`),
  ]);
  const promos = [
    ['percent_off', 1, true, { scope: {}, percent: '5' }],
    [
      'spend_save',
      0,
      true,
      {
        scope: {},
        tiers: [
          { spend: '50', save: '5' },
          { spend: '200', save: '25' },
        ],
      },
    ],
    ['special_price', 5, false, { items: best.map((p) => ({ productId: p.id, price: (Number(p.price) * 0.8).toFixed(2) })) }],
    [
      'bundle',
      3,
      true,
      {
        components: [
          { productId: best[0].id, quantity: 1 },
          { productId: best[1].id, quantity: 1 },
        ],
        price: '1.50',
      },
    ],
    ['points', 0, true, { scope: {}, multiplier: '2' }],
  ];
  for (const [i, [kind, priority, stackable, rules]] of promos.entries()) {
    await ds.query(
      `INSERT INTO promotion (id, code, name, kind, status, priority, stackable, rules, starts_at, created_by, row_version)
       VALUES (gen_random_uuid(), $1, $2, $3, 'approved', $4, $5, $6, now() - interval '1 hour', 'bench', 1)`,
      [`PM-BENCH-${i}`, `压测促销${i}`, kind, priority, stackable, JSON.stringify(rules)],
    );
  }
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (st, d = 0, unit = '') => `${st.median.toFixed(d)}${unit} (min ${st.min.toFixed(d)}, max ${st.max.toFixed(d)})`;

async function run(ctx) {
  const quick = ctx.quick;
  const reps = 3;
  const seconds = quick ? 3 : 12;
  const pgUrl = await ctx.createDatabase('bench_pgbench');
  pgbenchInit(pgUrl);
  const url = await ctx.createDatabase('bench_pos_store');
  require('reflect-metadata');
  const shared = require(join(ctx.root, 'shared/dist'));
  const { STORE_SERVER } = require(join(ctx.root, 'store-server/dist/server'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pos-'));
  const server = await shared.startServer(STORE_SERVER, inProcessEnv(url, dataDir));
  let closeTills = () => undefined;
  try {
    const { cashId, barcodes } = await seed(ctx.root, server.app);
    const api = async (method, path, token, body) => {
      const send = () =>
        fetch(server.url + path, {
          method,
          headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
          body: body && JSON.stringify(body),
        });
      // a kept-alive socket the server closed while pgbench ran: resend (a sale is idempotent by its UUID)
      const res = await send().catch(send);
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = (await api('POST', '/api/auth/login', null, { username: 'bench', password: 'bench-pass-1' })).accessToken;
    const shifts = [];
    for (let i = 1; i <= TILLS; i++) shifts.push((await api('POST', '/api/pos/shifts', token, { tillCode: `T${i}`, openingFloat: '0' })).id);
    const till = tillProcess();
    // the server's CPU per sale (it runs in this process; the tills in theirs): steadier than sales/s on a shared machine
    const tills = async (seconds, hot) => {
      const cpu = process.cpuUsage();
      const r = await till.run({ url: server.url, token, shifts, cashId, barcodes, seconds, hot });
      const used = process.cpuUsage(cpu);
      const n = Math.max(1, r.count);
      // user = JavaScript (ours, Nest, Express, pg, GC); system = the kernel's share (socket reads and writes)
      return { ...r, cpuMsPerSale: (used.user + used.system) / 1000 / n, userMsPerSale: used.user / 1000 / n, systemMsPerSale: used.system / 1000 / n };
    };
    closeTills = till.close;
    // warm-up (JIT, connection pool, plans), recording the sales' transactions for the replay
    const pg = require('pg');
    const recording = record(pg);
    await tills(quick ? 1 : 3, false);
    const recorded = recording.stop();
    // the server's CPU with no till selling (timers, pools, jobs): a fixed share that a slow run spreads over fewer sales
    const idleFrom = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 2000));
    const idleUsed = process.cpuUsage(idleFrom);
    ctx.log(`server CPU while idle: ${((idleUsed.user + idleUsed.system) / 1000 / 2).toFixed(1)} ms per second`);
    // POS_BENCH_STAGES=1: where a sale's server CPU goes, stage by stage (stages.js)
    if (process.env.POS_BENCH_STAGES) {
      const runOneTill = (s) => till.run({ url: server.url, token, shifts: shifts.slice(0, 1), cashId, barcodes, seconds: s, hot: false });
      await measureStages({ root: ctx.root, server, runOneTill, seconds: quick ? 8 : 15, log: ctx.log });
    }
    const perTill = byTill(recorded.transactions, shifts);
    const { DataSource } = require('typeorm');
    const stable = new Set(
      (
        await server.app.get(DataSource).query(
          `SELECT id::text FROM product UNION ALL SELECT id::text FROM warehouse UNION ALL SELECT id::text FROM org_unit UNION ALL SELECT id::text FROM app_user
             UNION ALL SELECT id::text FROM pos_shift UNION ALL SELECT id::text FROM payment_method UNION ALL SELECT id::text FROM promotion`,
        )
      ).map((r) => r.id),
    );
    const statementsPerSale = perTill.flat().reduce((a, tx) => a + tx.length + 2, 0) / Math.max(1, perTill.flat().length);
    ctx.log(
      `recorded ${perTill.flat().length} sales, ${statementsPerSale.toFixed(1)} statements each (with BEGIN and COMMIT); ${recorded.outside} statements outside transactions`,
    );
    if (perTill.some((t) => !t.length)) throw new Error('a till recorded no sale to replay');
    const bare = () => replay(pg, url, perTill, stable, seconds);
    // POS_BENCH_PROFILE=<file.cpuprofile>: a CPU profile of the server's process over one tills run only (no boot, seeding or pgbench in it)
    if (process.env.POS_BENCH_PROFILE) {
      const r = await profiled(process.env.POS_BENCH_PROFILE, () => tills(seconds, false));
      ctx.log(`profile of one tills run (${r.count} sales, server CPU ${r.cpuMsPerSale.toFixed(2)} ms/sale) written to ${process.env.POS_BENCH_PROFILE}`);
    }
    const runs = [];
    for (let r = 0; r < reps; r++) {
      const tps = pgbench(pgUrl, quick, ctx.log);
      const base = await bare();
      const sales = await tills(seconds, false);
      runs.push({ tps, base, ...sales, ratio: sales.salesPerSec / base.salesPerSec, tpcb: sales.salesPerSec / tps });
      ctx.log(
        `run ${r + 1} (server CPU ${sales.cpuMsPerSale.toFixed(2)} ms/sale: user ${sales.userMsPerSale.toFixed(2)}, system ${sales.systemMsPerSale.toFixed(2)}): replay ${base.salesPerSec.toFixed(0)} sales/s (p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms, ${base.failures} failed); ` +
          `server ${sales.salesPerSec.toFixed(0)} sales/s = ${(sales.salesPerSec / base.salesPerSec).toFixed(2)}× replay, ${(sales.salesPerSec / tps).toFixed(2)}× TPC-B; p50 ${sales.p50.toFixed(1)} ms, p99 ${sales.p99.toFixed(1)} ms`,
      );
    }
    const hot = await tills(seconds, true);
    ctx.log(`hot (every basket from the same 50 products): ${hot.salesPerSec.toFixed(0)} sales/s, p50 ${hot.p50.toFixed(1)} ms, p99 ${hot.p99.toFixed(1)} ms`);
    // promotions (docs/promotions.md): the same baskets with five promotions in force at the store —
    // every basket takes 5 % off and usually a 满减 step, best sellers a special price (exclusive), two a bundle
    await seedPromotions(server.app);
    const promoTps = pgbench(pgUrl, quick, ctx.log);
    const promo = await tills(seconds, false);
    ctx.log(`promotions: ${promo.salesPerSec.toFixed(0)} sales/s (${(promo.salesPerSec / promoTps).toFixed(2)}×), p50 ${promo.p50.toFixed(1)} ms, p99 ${promo.p99.toFixed(1)} ms`);
    const ratio = stats(runs.map((r) => r.ratio));
    const tpcb = stats(runs.map((r) => r.tpcb));
    const base = stats(runs.map((r) => r.base.salesPerSec));
    const baseP99 = stats(runs.map((r) => r.base.p99));
    const sps = stats(runs.map((r) => r.salesPerSec));
    const tps = stats(runs.map((r) => r.tps));
    const p50 = stats(runs.map((r) => r.p50));
    const p99 = stats(runs.map((r) => r.p99));
    const cpu = stats(runs.map((r) => r.cpuMsPerSale));
    const cpuUser = stats(runs.map((r) => r.userMsPerSale));
    const cpuSystem = stats(runs.map((r) => r.systemMsPerSale));
    return {
      ratio: ratio.median,
      meets: ratio.median >= 0.7 && p99.median < 50,
      summary: `${sps.median.toFixed(0)} sales/s vs bare replay ${base.median.toFixed(0)} sales/s (ratio median of ${reps}); ${tpcb.median.toFixed(2)}× TPC-B ${tps.median.toFixed(0)} tps; p50 ${p50.median.toFixed(1)} ms, p99 ${p99.median.toFixed(1)} ms`,
      details: [
        `${TILLS} tills (in a child process), ${seconds} s per run, ${reps} runs; each sale 5 distinct products by barcode (1 of 5 from the 50 best sellers 80 % of the time, the rest from ${PRODUCTS}), 1 cash payment with change; one transaction each: sale, lines, payment, 5 stock movements with ledger, outbox row`,
        `baseline: the same sales' statements replayed on ${TILLS} bare pg connections, one per till (${perTill.flat().length} sales recorded in the warm-up, ${statementsPerSale.toFixed(1)} statements each with BEGIN and COMMIT): ${fmt(base)} sales/s, p99 ${fmt(baseP99, 1, ' ms')}; failures ${runs.map((r) => r.base.failures).join('/')}`,
        `ratio sales/s ÷ replay sales/s, per run: ${fmt(ratio, 2, '×')}; ÷ TPC-B tps: ${fmt(tpcb, 2, '×')}`,
        `sales/s: ${fmt(sps)}; TPC-B tps (pgbench -c 8 -j 2 -T ${quick ? 3 : 10}, scale 1, same cluster, just before each run): ${fmt(tps)}`,
        `latency p50: ${fmt(p50, 1, ' ms')}; p99: ${fmt(p99, 1, ' ms')}; store server CPU per sale (user + system, its process): ${fmt(cpu, 2, ' ms')}; user ${fmt(cpuUser, 2, ' ms')}; system ${fmt(cpuSystem, 2, ' ms')}`,
        `hot scenario (reported, not the target): every basket from the same 50 products: ${hot.salesPerSec.toFixed(0)} sales/s, p50 ${hot.p50.toFixed(1)} ms, p99 ${hot.p99.toFixed(1)} ms`,
        `promotions scenario (same baskets, 5 promotions in force: 5 % off everything, 满减 50−5 / 200−25, exclusive 特价 on the 50 best sellers, a bundle, 积分倍数 for members): ${promo.salesPerSec.toFixed(0)} sales/s = ${(promo.salesPerSec / promoTps).toFixed(2)}× TPC-B ${promoTps.toFixed(0)} tps, p50 ${promo.p50.toFixed(1)} ms, p99 ${promo.p99.toFixed(1)} ms`,
        `target: ≥ 0.7× the bare replay and p99 < 50 ms`,
      ],
    };
  } finally {
    closeTills();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = {
  name: 'pos-sales',
  what: 'completed POS sales per second through HTTP, 8 concurrent tills',
  baseline: "the sale's own statements replayed on 8 bare pg connections (TPC-B tps as a second column)",
  target: '≥ 0.7× the replay and p99 < 50 ms',
  run,
};
