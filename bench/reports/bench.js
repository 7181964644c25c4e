/**
 * Reports over a chain's sales at HQ: the cashier journal's totals (PosJournalService.totals) and
 * the sales report by store and day (SalesReportsService.sales, groupBy=store,day), each against a
 * hand-written bare SQL aggregate giving the same figures, on the same database in the same run.
 * Data: 1,000,000 sale lines (--quick: 50,000) in 20 stores over 60 days — 5 lines and one payment
 * per sale, a one-line refund for every 50th sale — generated with generate_series straight into
 * the tables of a database migrated with HQ's migrations (dist).
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { inProcessEnv } = require('../transfer-lib');

const STORES = 20;
const DAYS = 60;
const LINES_PER_SALE = 5;
const REPEATS = 3;
const FROM = '2026-09-01';
const TO = '2026-10-30';

async function generate(ds, lines, log) {
  const sales = Math.round(lines / LINES_PER_SALE);
  const q = (sql, p) => ds.query(sql, p);
  const t0 = Date.now();
  await q(
    `INSERT INTO org_unit (code, name, kind, status, row_version) SELECT 'B' || lpad(n::text, 3, '0'), 'bench ' || n, 'store', 'active', 1 FROM generate_series(1, ${STORES}) n`,
  );
  await q(`INSERT INTO warehouse (code, name, org_unit_id, row_version) SELECT code || '-01', code, id, 1 FROM org_unit WHERE code LIKE 'B%'`);
  await q(`INSERT INTO product (code, name, row_version) SELECT 'BP' || n, 'bench product ' || n, 1 FROM generate_series(1, 200) n`);
  await q(
    `CREATE TEMP TABLE bench_store AS SELECT row_number() OVER (ORDER BY o.code) - 1 AS n, o.id, o.code, w.id AS wh FROM org_unit o JOIN warehouse w ON w.org_unit_id = o.id WHERE o.code LIKE 'B%'`,
  );
  await q(`CREATE TEMP TABLE bench_product AS SELECT row_number() OVER (ORDER BY code) - 1 AS n, id, code, name FROM product WHERE code LIKE 'BP%'`);
  await q(
    `INSERT INTO pos_sale (id, store_id, store_code, receipt_no, shift_id, till_code, cashier_id, cashier_name, warehouse_id, business_date, sold_at, member_ref,
                           gross_amount, discount_amount, rounding_amount, total_amount, paid_amount, change_amount, payload_hash)
     SELECT md5('s' || g)::uuid, st.id, st.code, 'SALE-' || g, md5('sh' || (g % 400))::uuid, '01', md5('c' || (g % 60))::uuid, 'cashier ' || (g % 60), st.wh,
            date '${FROM}' + (g / ${STORES}) % ${DAYS}, timestamptz '${FROM} 08:00+08' + ((g / ${STORES}) % ${DAYS}) * interval '1 day' + (g % 720) * interval '1 minute',
            CASE WHEN g % 3 = 0 THEN 'M' || g END, 52.5, 2.5, 0, 50, 50, 0, 'x'
     FROM generate_series(1, ${sales}) g JOIN bench_store st ON st.n = g % ${STORES}`,
  );
  await q(
    `INSERT INTO pos_sale_line (sale_id, line_no, product_id, product_code, product_name, quantity, list_price, unit_price, price_source, line_discount, sale_discount, amount, voided, unit_cost)
     SELECT md5('s' || g)::uuid, k, p.id, p.code, p.name, 1, 10.5, 10.5, 'retail', 0.5, 0, 10, false, 6.3
     FROM generate_series(1, ${sales}) g CROSS JOIN generate_series(1, ${LINES_PER_SALE}) k JOIN bench_product p ON p.n = (g * 7 + k) % 200`,
  );
  await q(
    `INSERT INTO pos_sale_payment (sale_id, line_no, payment_method_id, method_code, method_name, method_type, tendered, change_amount, amount)
     SELECT md5('s' || g)::uuid, 1, md5('pm' || (g % 3))::uuid, 'PM' || (g % 3), 'method ' || (g % 3), 'cash', 50, 0, 50 FROM generate_series(1, ${sales}) g`,
  );
  await q(
    `INSERT INTO pos_refund (id, store_id, store_code, refund_no, sale_id, sale_receipt_no, shift_id, till_code, cashier_id, cashier_name, warehouse_id, business_date, refunded_at, reason, total_amount, payload_hash)
     SELECT md5('r' || s.receipt_no)::uuid, s.store_id, s.store_code, 'RF-' || s.receipt_no, s.id, s.receipt_no, s.shift_id, '01', s.cashier_id, s.cashier_name, s.warehouse_id,
            s.business_date, s.sold_at + interval '1 hour', 'bench', 10, 'x'
     FROM pos_sale s WHERE substr(s.receipt_no, 6)::int % 50 = 0`,
  );
  await q(
    `INSERT INTO pos_refund_line (refund_id, line_no, sale_line_id, product_id, product_code, product_name, quantity, amount, unit_cost)
     SELECT r.id, 1, l.id, l.product_id, l.product_code, l.product_name, 1, 10, 6.3 FROM pos_refund r JOIN pos_sale_line l ON l.sale_id = r.sale_id AND l.line_no = 1`,
  );
  await q(
    `INSERT INTO pos_refund_payment (refund_id, line_no, payment_method_id, method_code, method_name, method_type, amount)
     SELECT r.id, 1, p.payment_method_id, p.method_code, p.method_name, p.method_type, 10 FROM pos_refund r JOIN pos_sale_payment p ON p.sale_id = r.sale_id`,
  );
  await q('ANALYZE');
  const [n] = await q(
    'SELECT (SELECT count(*) FROM pos_sale_line)::int AS lines, (SELECT count(*) FROM pos_sale)::int AS sales, (SELECT count(*) FROM pos_refund)::int AS refunds',
  );
  log(`generated ${n.lines} sale lines, ${n.sales} sales, ${n.refunds} refunds in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return n;
}

/** The journal's figures, written by hand: counts and sums over the documents, then per payment method. */
const BARE_JOURNAL = [
  `SELECT count(*) AS n, count(*) FILTER (WHERE k = 's') AS sales, sum(a) FILTER (WHERE k = 's') AS sales_total, count(*) FILTER (WHERE k = 'r') AS refunds,
          sum(a) FILTER (WHERE k = 'r') AS refunds_total, sum(d) AS discount
   FROM (SELECT 's' AS k, total_amount AS a, discount_amount AS d FROM pos_sale WHERE business_date BETWEEN $1 AND $2
         UNION ALL SELECT 'r', total_amount, 0 FROM pos_refund WHERE business_date BETWEEN $1 AND $2) x`,
  `SELECT payment_method_id, sum(s) AS sales, sum(r) AS refunds FROM (
     SELECT p.payment_method_id, p.amount AS s, 0 AS r FROM pos_sale_payment p JOIN pos_sale t ON t.id = p.sale_id WHERE t.business_date BETWEEN $1 AND $2
     UNION ALL SELECT p.payment_method_id, 0, p.amount FROM pos_refund_payment p JOIN pos_refund t ON t.id = p.refund_id WHERE t.business_date BETWEEN $1 AND $2) x
   GROUP BY payment_method_id`,
];

/** Sales by store and day, written by hand: the same net figures, no paging, no totals row. */
const BARE_SALES = `
  SELECT store_id, business_date, sum(qty) AS qty, sum(amount) AS amount, sum(discount) AS discount, count(DISTINCT sale_id) AS receipts, count(DISTINCT refund_id) AS refunds
  FROM (SELECT s.store_id, s.business_date, l.quantity AS qty, l.amount, l.line_discount + l.sale_discount AS discount, s.id AS sale_id, NULL::uuid AS refund_id
        FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id AND NOT l.voided WHERE s.business_date BETWEEN $1 AND $2
        UNION ALL
        SELECT r.store_id, r.business_date, -l.quantity, -l.amount, 0, NULL, r.id FROM pos_refund r JOIN pos_refund_line l ON l.refund_id = r.id WHERE r.business_date BETWEEN $1 AND $2) f
  GROUP BY store_id, business_date`;

async function run(ctx) {
  const lines = ctx.quick ? 50_000 : 1_000_000;
  const url = await ctx.createDatabase('bench_reports');
  require('reflect-metadata');
  const shared = require(join(ctx.root, 'shared/dist'));
  const { HQ_SERVER } = require(join(ctx.root, 'hq-server/dist/server'));
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-reports-'));
  const server = await shared.startServer(HQ_SERVER, inProcessEnv(url, dataDir));
  try {
    const { DataSource } = require('typeorm');
    const ds = server.app.get(DataSource);
    const n = await generate(ds, lines, ctx.log);
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'bench-admin-1' }),
    });
    const token = (await login.json()).accessToken;
    const api = async (path) => {
      const res = await fetch(server.url + path, { headers: { Authorization: `Bearer ${token}` } });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    };
    const { Client } = require('pg');
    const bare = new Client({ connectionString: url });
    await bare.connect();
    const ctxHq = shared.RequestContext.system({ id: (await ds.query(`SELECT id FROM org_unit WHERE kind = 'hq'`))[0].id, code: 'HQ', kind: 'hq' });
    const journal = server.app.get(shared.PosJournalService);
    const params = [FROM, TO];
    try {
      // the answers agree before anything is timed
      const jt = await journal.totals(ctxHq, { from: FROM, to: TO });
      const jb = (await bare.query(BARE_JOURNAL[0], params)).rows[0];
      if (jt.totals.salesCount !== Number(jb.sales) || jt.totals.salesTotal !== Number(jb.sales_total).toFixed(2))
        throw new Error(`journal totals differ: ${JSON.stringify(jt.totals)} vs ${JSON.stringify(jb)}`);
      const report = await api(`/api/reports/sales?from=${FROM}&to=${TO}&groupBy=store,day&pageSize=500`);
      const rb = (await bare.query(BARE_SALES, params)).rows;
      if (report.total !== rb.length || report.totals.receipts !== rb.reduce((s, r) => s + Number(r.receipts), 0))
        throw new Error(`sales report differs from the bare aggregate: ${report.total} groups vs ${rb.length}`);

      const m = async (fn) => {
        await fn(); // warm-up: plans, caches
        return ctx.measure(fn, REPEATS);
      };
      const bareJournal = await m(async () => {
        for (const sql of BARE_JOURNAL) await bare.query(sql, params);
      });
      const svcJournal = await m(() => journal.totals(ctxHq, { from: FROM, to: TO }));
      const bareSales = await m(() => bare.query(BARE_SALES, params));
      const httpSales = await m(() => api(`/api/reports/sales?from=${FROM}&to=${TO}&groupBy=store,day&pageSize=500`));
      const rj = svcJournal.median / bareJournal.median;
      const rs = httpSales.median / bareSales.median;
      const f = (x) => `${x.median.toFixed(0)} ms (min ${x.min.toFixed(0)}, max ${x.max.toFixed(0)})`;
      const ratio = Math.max(rj, rs);
      return {
        ratio,
        meets: ratio <= 1.5,
        summary: `${n.lines} lines: journal totals ${svcJournal.median.toFixed(0)} ms = ${rj.toFixed(2)}× bare; sales by store/day (HTTP) ${httpSales.median.toFixed(0)} ms = ${rs.toFixed(2)}× bare`,
        details: [
          `${n.lines} sale lines, ${n.sales} sales, ${n.refunds} refunds in ${STORES} stores over ${DAYS} days; HQ schema from the migrations; period ${FROM} … ${TO} (everything)`,
          `cashier journal totals (PosJournalService.totals, in process): ${f(svcJournal)}; bare SQL of the same figures: ${f(bareJournal)} → ${rj.toFixed(2)}×`,
          `sales report groupBy=store,day through HTTP (JSON, ${report.total} groups + totals row): ${f(httpSales)}; bare GROUP BY of the same figures: ${f(bareSales)} → ${rs.toFixed(2)}×`,
          `ratio reported = the worse of the two; ${REPEATS} timed runs after one warm-up each`,
        ],
      };
    } finally {
      await bare.end();
    }
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

module.exports = {
  // for profiling the queries by hand (EXPLAIN) on the same data
  generate,
  name: 'reports',
  what: 'HQ cashier-journal totals and sales by store/day over generated sale lines in 20 stores',
  baseline: 'hand-written bare SQL aggregate of the same figures, same database',
  target: '≤ 1.5×',
  run,
};
