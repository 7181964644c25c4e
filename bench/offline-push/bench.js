/**
 * offline-push: a store that was offline has 50,000 records (门店日志, the `store.event-log` stream) in
 * its outbox; one sync pushes them through the real path (signed HTTP batches, validation, durable
 * insert at HQ, acknowledgement at the store). Baseline: \copy of the very rows HQ stored into a
 * table like transfer_inbox (same indexes), in the same database, in the same run.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ServerProcess, ADMIN_PASSWORD, call, login, openStore, withClient, queueOfflineEvents, psql, repeat, fmt } = require('../transfer-lib');

module.exports = {
  name: 'offline-push',
  what: '50,000 outbox records pushed from a store to HQ in one sync (--quick: 2,000)',
  baseline: '\\copy of the same rows into a table like transfer_inbox',
  target: '≤ 4× (median of 3), each record exactly once at HQ',
  async run(ctx) {
    const n = ctx.quick ? 2_000 : 50_000;
    const runs = 3;
    const hqUrl = await ctx.createDatabase('op_hq');
    const storeUrl = await ctx.createDatabase('op_store');
    // OFFLINE_PUSH_PROFILE_DIR=<dir>: both servers write a CPU profile there when they stop (.cpuprofile)
    const profile = process.env.OFFLINE_PUSH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.OFFLINE_PUSH_PROFILE_DIR}`] : [];
    const hq = new ServerProcess(ctx.root, 'hq', hqUrl, {}, profile);
    const store = new ServerProcess(ctx.root, 'store', storeUrl, {}, profile);
    const dir = mkdtempSync(join(tmpdir(), 'bench-op-'));
    try {
      await Promise.all([hq.start(), store.start()]);
      const admin = await login(hq.url, 'admin', ADMIN_PASSWORD);
      await openStore(hq.url, admin, 'S001', 'bench-transfer-pass-1');
      await call(store.url, 'POST', '/api/setup', { hqUrl: hq.url, storeCode: 'S001', warehouseCode: 'S001-01', transferPassword: 'bench-transfer-pass-1' });
      const token = await login(store.url, 's001-admin', 'store-admin-1');
      await withClient(hqUrl, (c) => c.query(`CREATE TABLE bench_inbox (LIKE transfer_inbox INCLUDING ALL)`));
      const counts = [];
      const processing = [];
      const copyTimes = [];
      const push = await repeat(runs, async (i) => {
        const kind = `bench.offline-${i}`;
        await queueOfflineEvents(storeUrl, kind, n);
        const t0 = Date.now();
        const r = await call(store.url, 'POST', '/api/sync', {}, token);
        const ms = Date.now() - t0;
        if (!r.ok) throw new Error(JSON.stringify(r.errors));
        const t1 = Date.now();
        // exactly once: every record of this run at HQ, once, and nothing left unsent at the store
        const atHq = await withClient(
          hqUrl,
          async (c) => (await c.query(`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM transfer_inbox WHERE body->>'kind' = $1`, [kind])).rows[0],
        );
        const unsent = await withClient(storeUrl, async (c) => (await c.query(`SELECT count(*)::int AS n FROM transfer_outbox WHERE sent_at IS NULL`)).rows[0].n);
        counts.push(`${atHq.n} stored (${atHq.d} distinct ids), ${unsent} unsent`);
        if (atHq.n !== n || atHq.d !== n || unsent !== 0) throw new Error(`not exactly once: ${counts.at(-1)}`);
        // processing (the inbox job: 门店日志 rows) runs after the acknowledgement; timed apart
        await withClient(hqUrl, async (c) => {
          for (;;) {
            const left = (await c.query(`SELECT count(*)::int AS n FROM transfer_inbox WHERE status = 'received'`)).rows[0].n;
            if (!left) break;
            await new Promise((res) => setTimeout(res, 200));
          }
        });
        processing.push(Date.now() - t1);
        // the baseline: the rows HQ stored, loaded with \copy into an empty table of the same shape
        const file = join(dir, `inbox-${i}.csv`);
        psql(hqUrl, `\\copy (SELECT id, store_id, stream, body, body_hash FROM transfer_inbox WHERE body->>'kind' = '${kind}') TO '${file}' CSV`);
        psql(hqUrl, `TRUNCATE bench_inbox`);
        const c0 = process.hrtime.bigint();
        psql(hqUrl, `\\copy bench_inbox (id, store_id, stream, body, body_hash) FROM '${file}' CSV`);
        copyTimes.push(Number(process.hrtime.bigint() - c0) / 1e6);
        return ms;
      });
      const copy = await repeat(copyTimes.length, async (i) => copyTimes[i]);
      const ratio = push.median / copy.median;
      return {
        ratio,
        meets: ratio <= 4,
        summary: `${n} records: push ${fmt(push)} vs \\copy ${fmt(copy)}; exactly once in ${runs} runs`,
        details: [
          `push (POST /api/sync at the store: outbox batches of ≤ 5,000 records / 2 MB, read and acknowledged while the next one travels, validated and inserted at HQ, acknowledged): runs ${push.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
          `\\copy baseline: runs ${copy.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
          `at HQ after each run: ${counts.join('; ')}`,
          `processing after the acknowledgement (inbox job → store_event): ${processing.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
        ],
      };
    } finally {
      await Promise.all([hq.stop(), store.stop()]);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
