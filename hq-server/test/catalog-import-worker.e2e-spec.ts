import * as ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type CatalogEntityKey, type CatalogImportJob, importCatalogFile, localByteSource, runCatalogImportInWorker, type StoredFileLocation } from '@chain-erp/shared';
import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

/**
 * The import runs whole in a worker thread on its own connection (catalog-import-run.ts). Its
 * result must be what the same write path gives on HQ's main thread and HQ's own connection — the
 * arrangement before the worker: products, barcodes, store prices, audit rows and change-feed rows
 * alike, for creates and for updates. And a failure after batches were written leaves nothing, as
 * does the import's process (IMPORT_ISOLATION=process, the default) killed mid-import. The process
 * opens the stored file itself (from PostgreSQL, the default store, or a folder): none of its bytes
 * pass through HQ's main process.
 */
describe('catalog import in a worker', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();
  const q = (sql: string, params: unknown[] = []) => hq.dataSource.query(sql, params);
  const dir = mkdtempSync(join(tmpdir(), 'import-worker-'));
  const productHeader = ['code', 'name', 'unitCode', 'barcodes', 'retailPrice', 'purchasePrice', 'shelfLifeDays'];
  const priceHeader = ['storeCode', 'productCode', 'retailPrice', 'memberPrice', 'validFrom'];

  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async function finished(id: string) {
    for (;;) {
      const imp = (await api().get(`/api/catalog/imports/${id}`).set(bearer(admin)).expect(200)).body;
      if (!['queued', 'running'].includes(imp.state)) return imp;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** through the API: HQ's import job, i.e. the worker */
  async function viaWorker(path: string, rows: unknown[][], mode = 'commit') {
    const res = await api()
      .post(`/api/catalog/${path}/imports?mode=${mode}`)
      .set(bearer(admin))
      .attach('file', await xlsx(rows), 'w.xlsx');
    expect(res.status).toBe(202);
    return finished(res.body.id);
  }

  /** the same transaction on this (the main) thread, on HQ's own DataSource, as the job ran before the worker */
  async function onMainThread(entity: CatalogEntityKey, rows: unknown[][], like: { id: string }) {
    const file = join(dir, `${randomUUID()}.xlsx`);
    writeFileSync(file, await xlsx(rows));
    const [imp] = await q('SELECT created_by, created_by_name, org_unit_id FROM catalog_import WHERE id = $1', [like.id]);
    const job: CatalogImportJob = {
      importId: randomUUID(),
      // read by importCatalogFile's caller below (the worker opens this location itself)
      file: { kind: 'local', root: dir, key: basename(file) },
      entity,
      mode: 'commit',
      format: 'xlsx',
      encoding: null,
      delimiter: null,
      headerRow: 1,
      headerRows: 1,
      user: { id: imp.created_by, username: imp.created_by_name, orgUnitId: imp.org_unit_id, orgUnitCode: 'HQ', orgKind: 'hq', permissions: ['*'] },
      batchRows: 100,
      limits: hq.config.importLimits,
      startedAt: Date.now(),
      databaseUrl: '',
      heapMb: 0,
      isolation: 'thread',
    };
    return importCatalogFile(hq.dataSource, await localByteSource(file), job);
  }

  /** product codes WK…/RK… and barcodes 690…/691… of the two sides, written the same */
  const normalise = (text: string, ids: Map<string, string>) =>
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (id) => ids.get(id) ?? 'ID')
      .replace(/\b[WR]K(\d{4})\b/g, 'K$1')
      .replace(/\b69[01](\d{10})\b/g, 'BC$1')
      .replace(/import [0-9a-f-]{36}|import ID/g, 'import');

  /** everything an import writes, of one side, in a form both sides share */
  async function snapshot(side: 'W' | 'R', feedFrom: number, feedTo: number) {
    const products: Array<Record<string, unknown>> = await q(`SELECT * FROM product WHERE code LIKE $1 ORDER BY code`, [`${side}K%`]);
    const ids = new Map<string, string>(products.map((p) => [p.id as string, `<${p.code as string}>`]));
    const prices: Array<Record<string, unknown>> = await q(
      `SELECT sp.* FROM store_price sp JOIN product p ON p.id = sp.product_id WHERE p.code LIKE $1 ORDER BY p.code, sp.valid_from`,
      [`${side}K%`],
    );
    for (const sp of prices) ids.set(sp.id as string, `<price of ${ids.get(sp.product_id as string)}>`);
    const stores: Array<{ id: string; code: string }> = await q(`SELECT id, code FROM org_unit`);
    for (const s of stores) ids.set(s.id, `<${s.code}>`);
    const users: Array<{ id: string; username: string }> = await q(`SELECT id, username FROM app_user`);
    for (const u of users) ids.set(u.id, `<${u.username}>`);
    const rowOf = (r: Record<string, unknown>) => {
      const { created_at: _c, updated_at: _u, ...rest } = r;
      return normalise(JSON.stringify(rest), ids);
    };
    const barcodes = await q(
      `SELECT b.barcode, p.code, b.is_primary, b.row_version FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code LIKE $1 ORDER BY b.barcode`,
      [`${side}K%`],
    );
    const audit = await q(
      `SELECT a.entity_type, a.entity_id, a.action, a.changes, a.user_id, a.username, a.org_unit_id, a.reason FROM audit_log a
        WHERE a.entity_type IN ('product', 'store-price') AND a.entity_id = ANY($1::text[]) ORDER BY a.entity_type, a.entity_id, a.id`,
      [[...ids.keys()]],
    );
    const feed = await q(`SELECT table_name, row_id, op, store_id FROM change_feed WHERE seq > $1 AND seq <= $2 AND table_name IN ('product', 'product_barcode', 'store_price')`, [
      feedFrom,
      feedTo,
    ]);
    return {
      products: products.map(rowOf),
      prices: prices.map(rowOf),
      barcodes: barcodes.map(rowOf),
      audit: audit.map(rowOf).sort(),
      feed: feed.map(rowOf).sort(),
    };
  }

  const feedSeq = async () => Number((await q('SELECT coalesce(max(seq), 0) AS s FROM change_feed'))[0].s);
  const product = (side: 'W' | 'R', i: number, name = `对照商品 ${i}`, price = (i % 30) + 0.5): unknown[] => {
    const bc = (n: number) => `69${side === 'W' ? 0 : 1}${String(n).padStart(10, '0')}`;
    return [`${side}K${String(i).padStart(4, '0')}`, name, 'PCS', i % 5 === 0 ? `${bc(i)};${bc(100_000 + i)}` : bc(i), price, '1.25', 365];
  };

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { env: { IMPORT_BATCH_ROWS: '100' } });
    admin = await hq.loginAdmin();
    await api().post('/api/catalog/units').set(bearer(admin)).send({ code: 'PCS', name: '个' }).expect(201);
    await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201);
    // HQ's boot (migrations) on a shared 2-core machine took over a minute at load 30
  }, 180_000);

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await hq.close();
  });

  it('writes what the write path on the main thread writes: products, barcodes, store prices, audit and change feed, creates and updates', async () => {
    const n = 250;
    const sides = { W: [] as unknown[][], R: [] as unknown[][] };
    for (const side of ['W', 'R'] as const) for (let i = 1; i <= n; i++) sides[side].push(product(side, i));
    const prices = (side: 'W' | 'R') => [1, 2, 3].map((i) => ['S001', `${side}K${String(i).padStart(4, '0')}`, `${i}.90`, i === 2 ? '' : `${i}.5`, '2026-01-01']);

    const f0 = await feedSeq();
    const w1 = await viaWorker('products', [productHeader, ...sides.W]);
    expect(w1).toMatchObject({ state: 'committed', created: n, updated: 0, rowsFailed: 0 });
    const wp1 = await viaWorker('store-prices', [priceHeader, ...prices('W')]);
    expect(wp1).toMatchObject({ state: 'committed', created: 3 });
    const f1 = await feedSeq();
    expect(await onMainThread('product', [productHeader, ...sides.R], w1)).toMatchObject({ state: 'committed', counters: { created: n, rowsFailed: 0 } });
    expect(await onMainThread('store-price', [priceHeader, ...prices('R')], wp1)).toMatchObject({ state: 'committed', counters: { created: 3 } });
    const f2 = await feedSeq();
    const created = await snapshot('W', f0, f1);
    expect(created.products).toHaveLength(n);
    expect(created.barcodes).toHaveLength(n + n / 5);
    expect(created.audit).toHaveLength(n + 3);
    expect(created.feed.length).toBeGreaterThanOrEqual(n + n + n / 5 + 3);
    expect(created).toEqual(await snapshot('R', f1, f2));

    // a changed file: names, prices and a barcode changed for some rows, the rest unchanged
    const changed = (side: 'W' | 'R') =>
      sides[side].map((row, k) => {
        const i = k + 1;
        if (i % 7 === 0) return product(side, i, `改名商品 ${i}`, 99.99);
        if (i % 10 === 0) return [...row.slice(0, 3), String(row[3]).split(';')[1], ...row.slice(4)];
        return row;
      });
    const w2 = await viaWorker('products', [productHeader, ...changed('W')]);
    const f3 = await feedSeq();
    const r2 = await onMainThread('product', [productHeader, ...changed('R')], w2);
    const f4 = await feedSeq();
    expect(r2).toMatchObject({ state: 'committed', counters: { created: w2.created, updated: w2.updated, unchanged: w2.unchanged } });
    expect(w2.updated).toBeGreaterThan(0);
    expect(w2.unchanged).toBeGreaterThan(0);
    const updated = await snapshot('W', f2, f3);
    expect(updated.audit.filter((a: string) => a.includes('"action":"update"'))).toHaveLength(w2.updated);
    expect(updated).toEqual(await snapshot('R', f3, f4));
    // four imports of 250 rows on a shared 2-core machine under jest (the worker's sources transpiled on a cold cache)
  }, 300_000);

  it('a failure after batches were written leaves nothing: no product, barcode, audit row or change-feed row', async () => {
    await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'XK0250', name: 'locked' }).expect(201);
    const rows: unknown[][] = [];
    for (let i = 1; i <= 300; i++) rows.push([`XK${String(i).padStart(4, '0')}`, `中断 ${i}`, 'PCS', `68${String(i).padStart(11, '0')}`, 1, '1', 1]);
    const feedBefore = await feedSeq();
    // another transaction holds the row of batch 3: batches 1 and 2 are written, then the import waits
    const holder = hq.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query("SELECT id FROM product WHERE code = 'XK0250' FOR UPDATE");
      const res = await api()
        .post('/api/catalog/products/imports?mode=commit')
        .set(bearer(admin))
        .attach('file', await xlsx([productHeader, ...rows]), 'x.xlsx');
      expect(res.status).toBe(202);
      // the import's own connection, waiting on the lock: its connection is lost mid-import
      let killed = 0;
      while (!killed) {
        const waiting = await q(`SELECT pid FROM pg_stat_activity WHERE application_name = 'chain-erp-hq-import' AND wait_event_type = 'Lock'`);
        for (const w of waiting) killed += (await q('SELECT pg_terminate_backend($1) AS ok', [w.pid]))[0].ok ? 1 : 0;
        if (!killed) await new Promise((r) => setTimeout(r, 50));
      }
      const imp = await finished(res.body.id);
      expect(imp).toMatchObject({ state: 'failed', errorCode: 'INTERNAL_ERROR', created: 0, updated: 0 });
      expect((await q('SELECT count(*)::int AS n FROM audit_log WHERE reason = $1', [`import ${imp.id}`]))[0].n).toBe(0);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await q("SELECT count(*)::int AS n FROM product WHERE code LIKE 'XK%'"))[0].n).toBe(1);
    expect((await q("SELECT count(*)::int AS n FROM product_barcode WHERE barcode LIKE '68%'"))[0].n).toBe(0);
    expect(await feedSeq()).toBe(feedBefore);
    // HQ goes on: the next import of the same file is committed whole
    const again = await viaWorker('products', [productHeader, ...rows]);
    expect(again).toMatchObject({ state: 'committed', created: 299, updated: 1 });
  }, 180_000);
  /** the import's own process: a child of this one (HQ runs in the test's process), named by its environment */
  function importProcesses(): number[] {
    const pids: number[] = [];
    for (const task of readdirSync(`/proc/${process.pid}/task`)) {
      for (const pid of readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) {
        try {
          if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes('CHAIN_ERP_FILE_WORKER=catalog-import')) pids.push(Number(pid));
        } catch {
          /* gone meanwhile */
        }
      }
    }
    return pids;
  }

  it('the import process reads its file from a folder store (FILE_STORE=local) by itself; a file gone from there fails STORED_FILE_MISSING', async () => {
    const root = join(dir, 'store');
    mkdirSync(join(root, 'imports'), { recursive: true });
    const rows: unknown[][] = [];
    for (let i = 1; i <= 30; i++) rows.push([`LF${String(i).padStart(4, '0')}`, `目录商品 ${i}`, 'PCS', `66${String(i).padStart(11, '0')}`, 2, '1', 30]);
    writeFileSync(join(root, 'imports', 'folder.xlsx'), await xlsx([productHeader, ...rows]));
    const [user] = await q("SELECT id, username, org_unit_id FROM app_user WHERE username = 'admin'");
    const run = (file: StoredFileLocation) =>
      runCatalogImportInWorker({
        importId: randomUUID(),
        file,
        entity: 'product',
        mode: 'commit',
        format: 'xlsx',
        encoding: null,
        delimiter: null,
        headerRow: 1,
        headerRows: 1,
        user: { id: user.id, username: user.username, orgUnitId: user.org_unit_id, orgUnitCode: 'HQ', orgKind: 'hq', permissions: ['*'] },
        batchRows: 100,
        limits: hq.config.importLimits,
        startedAt: Date.now(),
        databaseUrl: (hq.dataSource.options as { url: string }).url,
        heapMb: hq.config.importWorkerHeapMb,
        isolation: 'process',
      });
    expect(await run({ kind: 'local', root, key: 'imports/folder.xlsx' })).toMatchObject({ state: 'committed', counters: { created: 30, rowsFailed: 0 } });
    expect((await q("SELECT count(*)::int AS n FROM product_barcode WHERE barcode LIKE '66%'"))[0].n).toBe(30);
    const gone = await run({ kind: 'local', root, key: 'imports/gone.xlsx' });
    expect(gone).toMatchObject({ state: 'failed', error: { code: 'STORED_FILE_MISSING' } });
    expect(importProcesses()).toEqual([]);
  }, 120_000);

  it('the import process killed mid-import: the import fails, nothing is written, the process is gone, HQ goes on', async () => {
    await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'XP0250', name: 'locked' }).expect(201);
    const rows: unknown[][] = [];
    for (let i = 1; i <= 300; i++) rows.push([`XP${String(i).padStart(4, '0')}`, `中断 ${i}`, 'PCS', `67${String(i).padStart(11, '0')}`, 1, '1', 1]);
    const feedBefore = await feedSeq();
    // another transaction holds the row of batch 3: batches 1 and 2 are written, then the import waits
    const holder = hq.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    let id: string | undefined;
    try {
      await holder.query("SELECT id FROM product WHERE code = 'XP0250' FOR UPDATE");
      const res = await api()
        .post('/api/catalog/products/imports?mode=commit')
        .set(bearer(admin))
        .attach('file', await xlsx([productHeader, ...rows]), 'x.xlsx');
      expect(res.status).toBe(202);
      id = res.body.id;
      while (!(await q(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'chain-erp-hq-import' AND wait_event_type = 'Lock'`)).length)
        await new Promise((r) => setTimeout(r, 50));
      const pids = importProcesses();
      expect(pids).toHaveLength(1);
      process.kill(pids[0], 'SIGKILL');
      const imp = await finished(res.body.id);
      expect(imp).toMatchObject({ state: 'failed', errorCode: 'INTERNAL_ERROR', created: 0, updated: 0 });
      expect(importProcesses()).toEqual([]);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    // the killed process's backend ends its transaction (rolled back) once the lock lets it go on
    while ((await q(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'chain-erp-hq-import'`)).length) await new Promise((r) => setTimeout(r, 100));
    expect((await q("SELECT count(*)::int AS n FROM product WHERE code LIKE 'XP%'"))[0].n).toBe(1);
    expect((await q("SELECT count(*)::int AS n FROM product_barcode WHERE barcode LIKE '67%'"))[0].n).toBe(0);
    expect((await q('SELECT count(*)::int AS n FROM audit_log WHERE reason = $1', [`import ${id}`]))[0].n).toBe(0);
    expect(await feedSeq()).toBe(feedBefore);
    const again = await viaWorker('products', [productHeader, ...rows]);
    expect(again).toMatchObject({ state: 'committed', created: 299, updated: 1 });
  }, 180_000);
});
