/**
 * The baseline of bench/pos-sales: the sale's own statements replayed without the server — the
 * physical limit of this design (issue 24). While the tills sell (the warm-up run), every statement
 * the store server sends on a connection between `START TRANSACTION` and `COMMIT` is recorded as the
 * server sent it (text, parameters, and the prepared statement's name when it had one). The replay
 * then runs those transactions again on 8 bare `pg` connections, one per till, each sending its
 * till's recorded sales in a loop as fast as the database answers: same statements, same baskets,
 * same prepared plans, same row locks — no HTTP, no JSON body, no auth, no validation, no pricing.
 *
 * What has to differ for the rows to be new: every UUID born in the sale (the sale id, ledger ids,
 * the outbox record's id) is replaced by a fresh one, consistently within the transaction, and the
 * receipt number gets a unique suffix. UUIDs of rows that exist before the sale (products,
 * warehouse, shift, user, store, payment method) are kept.
 */
const { randomUUID } = require('node:crypto');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const RECEIPT = /SALE-[A-Z0-9]+-[A-Z0-9]+-\d{8}-\d+/g;

/** replayed sales so far, in this process: the receipt numbers' unique suffix */
let replayed = 0;

/**
 * Records the store's transactions from now until `stop()`: patches pg's Client#query (the same
 * `pg` module the server's TypeORM driver uses) and groups each client's statements from
 * START TRANSACTION to COMMIT. Rolled-back transactions are dropped.
 */
function record(pg) {
  const original = pg.Client.prototype.query;
  const open = new WeakMap();
  const done = [];
  let outside = 0;
  pg.Client.prototype.query = function (config, values, callback) {
    const text = typeof config === 'string' ? config : config?.text;
    if (typeof text === 'string') {
      const params = Array.isArray(values) ? values : config?.values;
      const name = typeof config === 'object' ? config.name : undefined;
      if (text === 'START TRANSACTION' || text === 'BEGIN') open.set(this, []);
      else if (text === 'COMMIT') {
        const tx = open.get(this);
        if (tx) done.push(tx);
        open.delete(this);
      } else if (text === 'ROLLBACK') open.delete(this);
      else if (open.has(this)) open.get(this).push({ name, text, values: params ? clone(params) : undefined });
      else outside++;
    }
    return original.call(this, config, values, callback);
  };
  return {
    stop: () => {
      pg.Client.prototype.query = original;
      return { transactions: done, outside };
    },
  };
}

const clone = (v) => (Array.isArray(v) ? v.map(clone) : v instanceof Date ? new Date(v) : v);

/** A fresh copy of a recorded transaction's statements: born UUIDs and the receipt number made new. */
function renew(statements, stable, tag) {
  const fresh = new Map();
  const swap = (s) =>
    s
      .replace(UUID, (u) => {
        const k = u.toLowerCase();
        if (stable.has(k)) return u;
        if (!fresh.has(k)) fresh.set(k, randomUUID());
        return fresh.get(k);
      })
      .replace(RECEIPT, (r) => `${r}-${tag}`);
  const value = (v) => (typeof v === 'string' ? swap(v) : Array.isArray(v) ? v.map(value) : v);
  return statements.map((st) => ({ name: st.name, text: st.text, values: st.values?.map(value) }));
}

/**
 * Replays: one bare pg connection per till, each running its till's recorded sales in a loop for
 * `seconds` (BEGIN, the statements, COMMIT). Answers sales/s, p50/p99 per transaction, failures.
 */
async function replay(pg, url, byTill, stable, seconds) {
  const clients = await Promise.all(
    byTill.map(async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  const latencies = [];
  let failures = 0;
  try {
    const until = Date.now() + seconds * 1000;
    const t0 = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c, till) => {
        const sales = byTill[till];
        for (let i = 0; Date.now() < until; i++) {
          const statements = renew(sales[i % sales.length], stable, `R${++replayed}`);
          const a = process.hrtime.bigint();
          await c.query('START TRANSACTION');
          try {
            // the stock write carries each balance row's version (ctid) as the sale's own locking
            // upsert returned it (StockService's stale-plan check): take this run's, not the recorded ones
            const versions = new Map();
            for (const st of statements) {
              const values = withVersions(st, versions);
              const r = await c.query(st.name ? { name: st.name, text: st.text, values } : { text: st.text, values });
              noteVersions(r.rows, versions);
            }
            await c.query('COMMIT');
            latencies.push(Number(process.hrtime.bigint() - a) / 1e6);
          } catch (e) {
            failures++;
            if (failures === 1) console.error(`[bench] replay: ${e.message}`);
            await c.query('ROLLBACK');
          }
        }
      }),
    );
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    latencies.sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    return { salesPerSec: latencies.length / elapsed, count: latencies.length, p50: pct(50), p99: pct(99), failures };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

/** Balance versions from a statement's answer: rows, or the JSON arrays in them (the lock's `locked`). */
function noteVersions(rows, versions) {
  for (const row of rows ?? []) {
    if (row.version && row.warehouse_id && row.product_id) versions.set(`${row.warehouse_id}|${row.product_id}`, row.version);
    for (const v of Object.values(row))
      if (Array.isArray(v))
        noteVersions(
          v.filter((x) => x && typeof x === 'object'),
          versions,
        );
  }
}

const VERSION_PARAM = /\$(\d+)::tid\[\]/;

/** A statement's values with its balance versions ($n::tid[], aligned with $1 warehouses, $2 products) from this run. */
function withVersions(st, versions) {
  const m = VERSION_PARAM.exec(st.text);
  if (!m || !st.values) return st.values;
  const i = Number(m[1]) - 1;
  const values = [...st.values];
  const [warehouses, products] = [values[0], values[1]];
  values[i] = values[i].map((v, k) => versions.get(`${warehouses[k]}|${products[k]}`) ?? v);
  return values;
}

/** The recorded sales by till: a sale belongs to the shift whose id its first statement carries. */
function byTill(transactions, shifts) {
  const out = shifts.map(() => []);
  for (const tx of transactions) {
    const first = JSON.stringify(tx[0]?.values ?? []);
    const till = shifts.findIndex((s) => first.includes(s));
    if (till >= 0) out[till].push(tx);
  }
  return out;
}

module.exports = { record, replay, byTill };
