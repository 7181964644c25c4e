/**
 * first-sync: a new store server (its own process) is set up against HQ and pulls the whole catalog
 * (products, one barcode each, store prices for a fifth of them) through the real protocol: signed
 * HTTP snapshot pages, applied in the store's database. Baseline: `\copy` of the same rows (exported
 * from HQ as CSV beforehand) into an empty store schema, in the same run.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ServerProcess, ADMIN_PASSWORD, call, login, openStore, withClient, addProducts, feedSettled, psql, repeat, fmt } = require('../transfer-lib');

const TABLES = ['product', 'product_barcode', 'store_price'];

module.exports = {
  name: 'first-sync',
  what: 'a new store pulls 100,000 products with barcodes and store prices (--quick: 5,000)',
  baseline: '\\copy of the same rows into an empty store schema',
  target: '≤ 3×, store peak RSS ≤ 300 MB',
  async run(ctx) {
    const n = ctx.quick ? 5_000 : 100_000;
    const runs = 3;
    const hqUrl = await ctx.createDatabase('fs_hq');
    const hq = new ServerProcess(ctx.root, 'hq', hqUrl);
    const dir = mkdtempSync(join(tmpdir(), 'bench-fs-'));
    const stores = [];
    try {
      await hq.start();
      const admin = await login(hq.url, 'admin', ADMIN_PASSWORD);
      const opened = await openStore(hq.url, admin, 'S001', 'bench-transfer-pass-1');
      ctx.log(`HQ up; inserting ${n} products`);
      await addProducts(hqUrl, n);
      await withClient(hqUrl, (c) =>
        c.query(
          `INSERT INTO store_price (store_id, product_id, retail_price, valid_from, row_version) SELECT $1, id, retail_price - 1, '2026-01-01', 1 FROM product WHERE code LIKE 'B%' AND right(code, 1) IN ('0', '5')`,
          [opened.store.id],
        ),
      );
      await feedSettled(hqUrl);

      // an empty, migrated store schema: the baseline's target (a store server started once on it)
      const tplUrl = await ctx.createDatabase('fs_store_tpl');
      const tpl = new ServerProcess(ctx.root, 'store', tplUrl);
      await tpl.start();
      await tpl.stop();
      const cols = {};
      await withClient(tplUrl, async (c) => {
        for (const t of TABLES)
          cols[t] = (await c.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position`, [t])).rows
            .map((r) => `"${r.column_name}"`)
            .join(', ');
      });
      const where = { product: 'true', product_barcode: 'true', store_price: `store_id = '${opened.store.id}'` };
      for (const t of TABLES) psql(hqUrl, `\\copy (SELECT ${cols[t]} FROM ${t} WHERE ${where[t]}) TO '${join(dir, t + '.csv')}' CSV`);
      const rowCount = await withClient(hqUrl, async (c) => {
        let total = 0;
        for (const t of TABLES) total += Number((await c.query(`SELECT count(*) FROM ${t} WHERE ${where[t]}`)).rows[0].count);
        return total;
      });

      const copy = await repeat(runs, async (i) => {
        // the same empty schema as the store's (tables, indexes): a copy of the migrated template
        await withClient(ctx.pgUrl(), async (c) => {
          await c.query(`DROP DATABASE IF EXISTS fs_copy_${i} WITH (FORCE)`);
          await c.query(`CREATE DATABASE fs_copy_${i} TEMPLATE fs_store_tpl`);
        });
        const url = ctx.pgUrl(`fs_copy_${i}`);
        const t0 = process.hrtime.bigint();
        for (const t of TABLES) psql(url, `\\copy ${t} (${cols[t]}) FROM '${join(dir, t + '.csv')}' CSV`);
        return Number(process.hrtime.bigint() - t0) / 1e6;
      });

      const rss = [];
      let pulled = 0;
      const sync = await repeat(runs, async (i) => {
        const url = await ctx.createDatabase(`fs_store_${i}`);
        const store = new ServerProcess(ctx.root, 'store', url);
        stores.push(store);
        await store.start();
        const t0 = Date.now();
        const res = await call(store.url, 'POST', '/api/setup', { hqUrl: hq.url, storeCode: 'S001', warehouseCode: 'S001-01', transferPassword: 'bench-transfer-pass-1' });
        const ms = Date.now() - t0;
        if (res.firstSync.errors.length) throw new Error(JSON.stringify(res.firstSync.errors));
        pulled = res.firstSync.snapshot.rows;
        rss.push(store.peakRssMb());
        await withClient(url, async (c) => {
          const got = Number((await c.query(`SELECT count(*) FROM product`)).rows[0].count);
          if (got !== n) throw new Error(`store has ${got} products, HQ ${n}`);
        });
        await store.stop();
        return ms;
      });
      // setup time includes the handshake and key derivation (scrypt, ~0.1 s): measured with the sync, as a user waits for both
      const ratio = sync.median / (copy.median || 1);
      const peak = Math.max(...rss);
      return {
        ratio,
        meets: ratio <= 3 && peak <= 300,
        summary: `${n} products: first sync ${fmt(sync)} vs \\copy ${fmt(copy)}; store peak RSS ${peak.toFixed(0)} MB`,
        details: [
          `rows: ${rowCount} at HQ (${TABLES.join(', ')}); the store applied ${pulled} snapshot rows (plus users, roles, warehouses, settings)`,
          `first sync (POST /api/setup: handshake + snapshot pages + sweep): median ${(sync.median / 1000).toFixed(2)} s, runs ${sync.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
          `\\copy baseline (3 tables, CSV, same indexes): median ${(copy.median / 1000).toFixed(2)} s, runs ${copy.runs.map((x) => (x / 1000).toFixed(2)).join(' / ')} s`,
          `store process peak RSS (VmHWM) per run: ${rss.map((r) => r.toFixed(0)).join(' / ')} MB`,
        ],
      };
    } finally {
      for (const s of stores) await s.stop().catch(() => undefined);
      await hq.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
