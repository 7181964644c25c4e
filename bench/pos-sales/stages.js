/**
 * Where a sale's server CPU goes (POS_BENCH_STAGES=1): ONE till sells for a few seconds, so only one
 * request is in flight and the process's CPU (`process.cpuUsage`, user + system) between a stage's
 * start and its end is that stage's, waits included at no cost. Stages are wrapped in the server's
 * process (it runs in the runner's): the whole request (HTTP in → response finished), the global
 * guard, the validation pipe, the sale service and, inside it, every SQL statement (TypeORM + pg:
 * building, sending, parsing rows), the sale's context read and StockService's prepare and commit
 * (each with its statement). The rest of a request
 * is Express, Nest, the middlewares, the controller and writing the response. A CPU profile ranks
 * nothing on a loaded machine (wall-clock sampling lands where the thread waits for a core); this does.
 */
const { join } = require('node:path');

function wrapAsync(target, method, totals, label) {
  const original = target[method];
  target[method] = function (...args) {
    const from = process.cpuUsage();
    const done = () => {
      const used = process.cpuUsage(from);
      totals[label] = (totals[label] ?? 0) + used.user + used.system;
    };
    const r = original.apply(this, args);
    if (r && typeof r.then === 'function') return r.finally(done);
    done();
    return r;
  };
  return () => (target[method] = original);
}

async function measureStages({ root, server, runOneTill, seconds, log }) {
  const shared = require(join(root, 'shared/dist'));
  const { PosSaleService } = require(join(root, 'store-server/dist/pos/pos-sale.service'));
  const { PosSaleRepository } = require(join(root, 'store-server/dist/pos/pos-sale.repository'));
  const totals = {};
  const undo = [
    wrapAsync(shared.AuthGuard.prototype, 'canActivate', totals, 'auth guard (token, sign-in check, permissions)'),
    wrapAsync(PosSaleService.prototype, 'complete', totals, 'sale service (PosSaleService.complete)'),
    wrapAsync(PosSaleRepository.prototype, 'context', totals, '  of which: context read (statement + rows)'),
    wrapAsync(shared.StockService.prototype, 'prepare', totals, '  of which: StockService.prepare (lock)'),
    wrapAsync(shared.StockService.prototype, 'commit', totals, '  of which: StockService.commit (write statement)'),
  ];
  const { PostgresQueryRunner } = require('typeorm/driver/postgres/PostgresQueryRunner');
  undo.push(wrapAsync(PostgresQueryRunner.prototype, 'query', totals, '  of which: every SQL statement through TypeORM and pg (BEGIN, COMMIT included)'));
  for (const pipe of server.app.config.getGlobalPipes()) undo.push(wrapAsync(pipe, 'transform', totals, 'validation pipe (every argument)'));
  // the whole request, from the HTTP request event to the response's finish
  const http = server.app.getHttpServer();
  const onRequest = (req, res) => {
    if (req.method !== 'POST' || !req.url.startsWith('/api/pos/sales')) return;
    const from = process.cpuUsage();
    res.once('finish', () => {
      const used = process.cpuUsage(from);
      totals.request = (totals.request ?? 0) + used.user + used.system;
    });
  };
  http.prependListener('request', onRequest);
  const all = process.cpuUsage();
  let r;
  try {
    r = await runOneTill(seconds);
  } finally {
    http.removeListener('request', onRequest);
    for (const u of undo) u();
  }
  const allUsed = process.cpuUsage(all);
  const n = Math.max(1, r.count);
  const ms = (us) => (us / 1000 / n).toFixed(3);
  const request = totals.request ?? 0;
  log(
    `stages of a sale, one till (${r.count} sales, ${r.salesPerSec.toFixed(0)} sales/s): process CPU ${ms(allUsed.user + allUsed.system)} ms/sale; the request ${ms(request)} ms:`,
  );
  const inner = ['auth guard (token, sign-in check, permissions)', 'validation pipe (every argument)', 'sale service (PosSaleService.complete)'];
  for (const [label, us] of Object.entries(totals)) if (label !== 'request') log(`  ${label}: ${ms(us)} ms (${((100 * us) / Math.max(1, request)).toFixed(0)} %)`);
  const rest = request - inner.reduce((a, k) => a + (totals[k] ?? 0), 0);
  log(`  the rest (Express, Nest, middlewares, controller, response): ${ms(rest)} ms (${((100 * rest) / Math.max(1, request)).toFixed(0)} %)`);
  await statementCost(server, log);
  return { totals, count: r.count };
}

/**
 * The CPU one statement costs the server through TypeORM's `query` against the same prepared
 * statement sent on the same connection's bare `pg` client (alternating, nothing else in flight).
 */
async function statementCost(server, log) {
  const { DataSource } = require('typeorm');
  const runner = server.app.get(DataSource).createQueryRunner();
  await runner.connect();
  try {
    const pg = runner.databaseConnection;
    const statement = { name: 'bench_stage_probe', text: 'SELECT $1::int AS n, $2::text AS t' };
    const params = [1, 'x'.repeat(200)];
    const used = { typeorm: 0, pg: 0 };
    for (let round = 0; round < 10; round++) {
      for (const [way, send] of [
        ['typeorm', () => runner.query(statement, params)],
        ['pg', () => pg.query(statement, params)],
      ]) {
        const from = process.cpuUsage();
        for (let i = 0; i < 100; i++) await send();
        const u = process.cpuUsage(from);
        if (round > 0) used[way] += u.user + u.system;
      }
    }
    const per = (us) => (us / 1000 / 900).toFixed(3);
    log(`one prepared statement (one row back), CPU per statement: through TypeORM's query ${per(used.typeorm)} ms, bare pg client.query ${per(used.pg)} ms`);
  } finally {
    await runner.release();
  }
}

module.exports = { measureStages };
