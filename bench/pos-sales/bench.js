/**
 * POS sales throughput: completed sales per second through HTTP (5 lines, 1 cash payment, one
 * transaction each with stock and outbox) from 8 concurrent tills against a store server booted
 * in-process from dist/, compared with pgbench TPC-B (-c 8 -j 2) on a database of the same cluster.
 */
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const TILLS = 8;

function pgbench(url, quick, log) {
  const bin = process.env.PGBENCH ?? '/usr/bin/pgbench';
  execFileSync(bin, ['-i', '-q', '-s', '1', url], { stdio: 'pipe' });
  const out = execFileSync(bin, ['-c', '8', '-j', '2', '-T', quick ? '3' : '10', url], { stdio: 'pipe' }).toString();
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
  const [role] = await q(`INSERT INTO role (code, name, org_unit_id, permissions, built_in, row_version) VALUES ('bench-cashier', 'bench', $1, $2, false, 1) RETURNING id`, [org.id, ['pos.sell', 'pos.shift']]);
  const [user] = await q(`INSERT INTO app_user (username, display_name, org_unit_id, password_hash, row_version) VALUES ('bench', 'bench', $1, $2, 1) RETURNING id`, [org.id, await shared.hashPassword('bench-pass-1')]);
  await q('INSERT INTO user_role (user_id, role_id) VALUES ($1, $2)', [user.id, role.id]);
  const [wh] = await q(`INSERT INTO warehouse (code, name, org_unit_id, kind, status, row_version) VALUES ('B001-01', '门店仓', $1, 'normal', 'active', 1) RETURNING id`, [org.id]);
  await q(`INSERT INTO org_settings (org_unit_id, allow_negative_stock, allow_store_purchasing, extra, row_version) VALUES ($1, false, false, '{}', 1)`, [org.id]);
  const [cash] = await q(`INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, status, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 'active', 1) RETURNING id`);
  const barcodes = [];
  const movements = [];
  for (let i = 1; i <= 50; i++) {
    const [p] = await q(`INSERT INTO product (code, name, retail_price, purchase_price, status, row_version) VALUES ($1, $2, $3, $4, 'active', 1) RETURNING id`, [`B${i}`, `压测商品${i}`, (1 + i / 10).toFixed(2), '1.00']);
    const barcode = `69${String(i).padStart(11, '0')}`;
    await q(`INSERT INTO product_barcode (barcode, product_id, is_primary, row_version) VALUES ($1, $2, true, 1)`, [barcode, p.id]);
    barcodes.push(barcode);
    movements.push({ warehouseId: wh.id, productId: p.id, quantity: 10_000_000, docType: 'OPENING', docId: randomUUID() });
  }
  await app.get(shared.StockService).post(shared.RequestContext.system({ id: org.id, code: 'B001', kind: 'store' }), movements);
  return { cashId: cash.id, barcodes };
}

async function run(ctx) {
  const quick = ctx.quick;
  const tps = pgbench(await ctx.createDatabase('bench_pgbench'), quick, ctx.log);
  const url = await ctx.createDatabase('bench_pos_store');
  require('reflect-metadata');
  const shared = require(join(ctx.root, 'shared/dist'));
  const { STORE_SERVER } = require(join(ctx.root, 'store-server/dist/server'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-pos-'));
  const server = await shared.startServer(STORE_SERVER, { NODE_ENV: 'production', DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123', LOG_LEVEL: 'silent', ADMIN_PASSWORD: 'bench-admin-1' });
  try {
    const { cashId, barcodes } = await seed(ctx.root, server.app);
    const api = async (method, path, token, body) => {
      const res = await fetch(server.url + path, { method, headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, body: body && JSON.stringify(body) });
      const json = await res.json();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = (await api('POST', '/api/auth/login', null, { username: 'bench', password: 'bench-pass-1' })).accessToken;
    const shifts = [];
    for (let i = 1; i <= TILLS; i++) shifts.push((await api('POST', '/api/pos/shifts', token, { tillCode: `T${i}`, openingFloat: '0' })).id);
    const sale = (shiftId, n) => ({
      id: randomUUID(),
      shiftId,
      lines: Array.from({ length: 5 }, (_, k) => ({ barcode: barcodes[(n * 5 + k) % barcodes.length], quantity: String((k % 2) + 1) })),
      payments: [{ paymentMethodId: cashId, amount: '100.00' }],
    });
    // warm-up: JIT, connection pool, plans
    await Promise.all(shifts.map(async (s) => { for (let i = 0; i < 20; i++) await api('POST', '/api/pos/sales', token, sale(s, i)); }));
    const seconds = quick ? 3 : 15;
    const latencies = [];
    const until = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      shifts.map(async (s, t) => {
        for (let n = t; Date.now() < until; n += TILLS) {
          const a = process.hrtime.bigint();
          await api('POST', '/api/pos/sales', token, sale(s, n));
          latencies.push(Number(process.hrtime.bigint() - a) / 1e6);
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const salesPerSec = latencies.length / elapsed;
    const ratio = salesPerSec / tps;
    const p50 = pct(50);
    const p99 = pct(99);
    return {
      ratio,
      meets: ratio >= 0.5 && p99 < 50,
      summary: `${salesPerSec.toFixed(0)} sales/s vs TPC-B ${tps.toFixed(0)} tps; p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms`,
      details: [
        `${latencies.length} sales in ${elapsed.toFixed(1)} s from ${TILLS} tills (5 lines by barcode, 1 cash payment with change; one transaction each: sale, lines, payment, 5 stock movements with ledger, outbox row)`,
        `pgbench -c 8 -j 2 -T ${quick ? 3 : 10} at scale 1 on the same cluster: ${tps.toFixed(0)} tps`,
        `target: ≥ 0.5× TPC-B tps and p99 < 50 ms`,
      ],
    };
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = {
  name: 'pos-sales',
  what: 'completed POS sales per second through HTTP, 8 concurrent tills',
  baseline: 'pgbench TPC-B tps (-c 8 -j 2), same cluster',
  target: '≥ 0.5× and p99 < 50 ms',
  run,
};
