import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { BackupService, dec, DomainException, migrationNames, RequestContext, StockService } from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, type TestApp } from '@chain-erp/shared/testing';
import { HQ_MIGRATIONS } from '@chain-erp/hq-server/migrations';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { STORE_MIGRATIONS } from '@chain-erp/store-server/migrations';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, openStore, randomUUID, setupStore, waitFor } from './transfer-helpers';

type MigrationClass = new () => unknown;

/**
 * Issue 17 §1, the other side: HQ restored from its backup while its stores are ahead (their
 * cursors past HQ's feed, records they consider sent that HQ lost). The store notices (HQ's new
 * incarnation) and recovers: what it sent since HQ's backup goes again (HQ keeps each once) and a
 * snapshot brings its replica back to HQ's state. And a store whose database went back without the
 * restore tool (a copy) is found behind by HQ and reconciles before it pushes.
 */
describe('restores that the other side must notice', () => {
  let hq: TestApp;
  let store: TestApp;
  let admin: string;
  let storeId: string;
  let hqDb: string;
  let hqPort: number;
  let outDir: string;
  let cash: string;
  const databases: string[] = [];
  const migrations = { hq: migrationNames(HQ_MIGRATIONS as MigrationClass[]), store: migrationNames(STORE_MIGRATIONS as MigrationClass[]) };

  const n = async (app: TestApp, sql: string, params: unknown[] = []) => Number((await app.dataSource.query(sql, params))[0].n);
  const sync = (s: TestApp) => s.app.get(StoreSyncService).run('test');
  const inboxDone = () =>
    waitFor(
      () => n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status = 'received'`, [storeId]),
      (left) => left === 0,
      60_000,
    );
  const sell = async (shiftId: string, token: string) => {
    const res = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({ id: randomUUID(), shiftId, lines: [{ productCode: 'P000001', quantity: '2' }], payments: [{ paymentMethodId: cash, amount: '50.00' }] });
    if (res.status !== 200) throw new Error(`sale: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; receiptNo: string; totalAmount: string };
  };
  /** BackupService.restore (what `npm run restore` runs) once the server's connections are gone */
  const restoreInto = async (url: string, server: 'hq' | 'store', dumpPath: string) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await new BackupService({ databaseUrl: url, server, backupDir: outDir, migrations }).restore(dumpPath, { force: true });
      } catch (e) {
        if (attempt > 50 || !(e instanceof DomainException && e.code === 'BACKUP_SERVER_RUNNING')) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'chain-hq-restore-'));
    hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
    hqDb = hq.databaseUrl;
    databases.push(hqDb);
    hqPort = Number(new URL(hq.url).port);
    admin = await hq.loginAdmin();
    await addProducts(hq, 3);
    await hq.dataSource.query(
      `INSERT INTO payment_method (code, name, type, allows_change, enabled, sort_order, row_version) VALUES ('CASH', '现金', 'cash', true, true, 1, 1) ON CONFLICT (code) DO NOTHING`,
    );
    storeId = (await openStore(hq, admin, 'S001')).result.store.id;
    await feedSettled(hq);
    store = await bootTestApp(STORE_SERVER, { keepDatabase: true });
    databases.push(store.databaseUrl);
    await setupStore(store, hq, 'S001');
    const link = await store.app.get(StoreSetupService).requireLink();
    const [wh] = await store.dataSource.query(`SELECT id FROM warehouse WHERE code = 'S001-01'`);
    const [p] = await store.dataSource.query(`SELECT id FROM product WHERE code = 'P000001'`);
    await store.app
      .get(StockService)
      .post(RequestContext.system({ id: link.storeId, code: 'S001', kind: 'store' }), [
        { warehouseId: wh.id, productId: p.id, quantity: 10_000, docType: 'OPENING', docId: randomUUID() },
      ]);
    cash = (await store.dataSource.query(`SELECT id FROM payment_method WHERE code = 'CASH'`))[0].id;
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
    for (const url of databases) await dropDatabase(url).catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('HQ restored from its backup: the store sends again what HQ lost, takes a snapshot, and HQ holds every sale once', async () => {
    const cashier = await store.login('s001-cashier', 'cashier-pass-1');
    const shift = (await store.http().post('/api/pos/shifts').set(bearer(cashier)).send({ tillCode: '01', openingFloat: '0' }).expect(201)).body;
    const sales = [];
    for (let i = 0; i < 10; i++) sales.push(await sell(shift.id, cashier));
    expect((await sync(store)).errors).toEqual([]);
    await inboxDone();
    const backup = await hq.app.get(BackupService).backup({ outDir });

    // life goes on at HQ and at the store: HQ renames a product, the store sells and syncs
    await hq.dataSource.query(`UPDATE product SET name = 'renamed after HQ backup' WHERE code = 'P000003'`);
    for (let i = 0; i < 15; i++) sales.push(await sell(shift.id, cashier));
    await feedSettled(hq);
    expect((await sync(store)).errors).toEqual([]);
    await inboxDone();
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE store_id = $1`, [storeId])).toBe(25);
    expect((await store.dataSource.query(`SELECT name FROM product WHERE code = 'P000003'`))[0].name).toBe('renamed after HQ backup');

    // HQ's database goes back to the backup
    await hq.close();
    const restored = await restoreInto(hqDb, 'hq', backup.dumpPath);
    expect(restored.incarnationId).toEqual(expect.any(String));
    hq = await bootTestApp(HQ_SERVER, { databaseUrl: hqDb, port: hqPort });
    admin = await hq.loginAdmin();
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE store_id = $1`, [storeId])).toBe(10);

    const r = await sync(store);
    expect(r.errors).toEqual([]);
    expect(r.recovery?.hq).toMatchObject({ reason: 'hq-restored' });
    expect(r.recovery!.hq!.requeued).toBeGreaterThanOrEqual(15);
    expect(r.pushed['pos.sale']).toMatchObject({ stored: 15 });
    expect(r.snapshot).not.toBeNull();
    await inboxDone();
    const atHq = await hq.dataSource.query(`SELECT id, total_amount::text AS total FROM pos_sale WHERE store_id = $1`, [storeId]);
    expect(atHq.map((s: { id: string }) => s.id).sort()).toEqual(sales.map((s) => s.id).sort());
    const sum = (xs: Array<{ total?: string; totalAmount?: string }>) => xs.reduce((a, x) => a.plus(x.total ?? x.totalAmount!), dec(0)).toFixed(2);
    expect(sum(atHq)).toBe(sum(sales));
    // the replica is HQ's again: the rename HQ lost is undone at the store
    expect((await store.dataSource.query(`SELECT name FROM product WHERE code = 'P000003'`))[0].name).toBe(
      (await hq.dataSource.query(`SELECT name FROM product WHERE code = 'P000003'`))[0].name,
    );
    // a second run is quiet
    const quiet = await sync(store);
    expect(quiet.recovery).toBeNull();
    expect(quiet.pushed['pos.sale']).toEqual({ stored: 0, duplicate: 0 });
    expect(quiet.snapshot).toBeNull();
  }, 600_000);

  it('a store database that went back without the restore tool (a copy): HQ finds it behind, it reconciles before it pushes', async () => {
    const cashier = await store.login('s001-cashier', 'cashier-pass-1');
    const shift = (await store.http().get('/api/pos/shifts/current/01').set(bearer(cashier)).expect(200)).body;
    expect((await sync(store)).errors).toEqual([]);
    // the "backup": a plain copy of the database, no incarnation written
    const live = store.databaseUrl;
    await store.close();
    const copy = `copy_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const pg = new Client({ connectionString: process.env.TEST_PG_URL });
    await pg.connect();
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await pg.query(`CREATE DATABASE ${copy} TEMPLATE ${new URL(live).pathname.slice(1)}`);
          break;
        } catch (e) {
          if (attempt > 50 || !/being accessed/.test(String(e))) throw e;
          await new Promise((res) => setTimeout(res, 200));
        }
      }
    } finally {
      await pg.end();
    }
    const copyUrl = Object.assign(new URL(live), { pathname: '/' + copy }).toString();
    databases.push(copyUrl);
    store = await bootTestApp(STORE_SERVER, { databaseUrl: live });
    const later = [await sell(shift.id, cashier), await sell(shift.id, cashier), await sell(shift.id, cashier)];
    expect((await sync(store)).errors).toEqual([]);
    await inboxDone();
    await store.close();

    store = await bootTestApp(STORE_SERVER, { databaseUrl: copyUrl });
    const r = await sync(store);
    expect(r.errors).toEqual([]);
    expect(r.recovery?.store).toMatchObject({ origin: 'detected', taken: { 'pos.sale': 3 } });
    const cashier2 = await store.login('s001-cashier', 'cashier-pass-1');
    const fresh = await sell(shift.id, cashier2);
    for (const s of later) expect(fresh.receiptNo > s.receiptNo).toBe(true);
    expect((await sync(store)).pushed['pos.sale']).toMatchObject({ stored: 1 });
    await inboxDone();
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE id = ANY($1::uuid[])`, [[...later, fresh].map((s) => s.id)])).toBe(4);
    expect(await n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status <> 'processed'`, [storeId])).toBe(0);
  }, 600_000);
});
