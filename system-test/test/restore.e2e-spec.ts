import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupService, dec, DomainException, type HqPort, migrationNames, RequestContext, StockService, SyncEngine, TransferCallError } from '@chain-erp/shared';
import { bearer, bootTestApp, dropDatabase, expectAnswerAsDocumented, type TestApp } from '@chain-erp/shared/testing';
import { HQ_MIGRATIONS } from '@chain-erp/hq-server/migrations';
import { STORE_MIGRATIONS } from '@chain-erp/store-server/migrations';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { StoreSetupService } from '@chain-erp/store-server/transfer/store-setup.service';
import { StoreSyncService } from '@chain-erp/store-server/transfer/store-sync.service';
import { addProducts, feedSettled, hqServer, openStore, randomUUID, setupStore, waitFor } from './transfer-helpers';

type MigrationClass = new () => unknown;

/**
 * Issue 17 §1, the restore drill as a test: a store's database restored from its backup (the real
 * `BackupService` backup and restore) after it had sold and synced more. It reconciles with HQ before
 * it sells again: HQ holds every sale exactly once, to the cent, the store's journal is whole, no
 * number repeats, no stream is blocked — also with a shift handed over on both sides of the restore.
 */
describe('a store restored from its backup', () => {
  let hq: TestApp;
  let store: TestApp;
  let admin: string;
  let storeId: string;
  let outDir: string;
  const databases: string[] = [];

  const n = async (app: TestApp, sql: string, params: unknown[] = []) => Number((await app.dataSource.query(sql, params))[0].n);
  const sync = (s: TestApp) => s.app.get(StoreSyncService).run('test');
  const login = (s: TestApp, who: 'admin' | 'cashier') => s.login(`s001-${who}`, who === 'admin' ? 'store-admin-1' : 'cashier-pass-1');
  const inboxDone = () =>
    waitFor(
      () => n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status = 'received'`, [storeId]),
      (left) => left === 0,
      60_000,
    );
  const restorer = (url: string) =>
    new BackupService({
      databaseUrl: url,
      server: 'store',
      backupDir: outDir,
      migrations: { hq: migrationNames(HQ_MIGRATIONS as MigrationClass[]), store: migrationNames(STORE_MIGRATIONS as MigrationClass[]) },
    });

  /** stops the store, puts the backup in place with `BackupService.restore` (what `npm run restore` runs), starts it again */
  const restoreStore = async (dumpPath: string): Promise<void> => {
    const url = store.databaseUrl;
    await store.close();
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await restorer(url).restore(dumpPath, { force: true });
        expect(result.incarnationId).toEqual(expect.any(String));
        break;
      } catch (e) {
        // the closed server's connections may take a moment to go away
        if (attempt > 50 || !(e instanceof DomainException && e.code === 'BACKUP_SERVER_RUNNING')) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    store = await bootTestApp(STORE_SERVER, { databaseUrl: url });
  };

  let cash: string;
  const sell = async (shiftId: string, qty: number, token: string) => {
    // P000001 costs 11.50, P000002 12.50 (addProducts)
    const lines = [{ productCode: 'P000001', quantity: String(qty) }, { productCode: 'P000002' }];
    const res = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(token))
      .send({ id: randomUUID(), shiftId, lines, payments: [{ paymentMethodId: cash, amount: '100.00' }] });
    if (res.status !== 200) throw new Error(`sale: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; receiptNo: string; totalAmount: string };
  };
  const totalOf = (sales: Array<{ totalAmount: string }>) => sales.reduce((a, s) => a.plus(s.totalAmount), dec(0)).toFixed(2);

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'chain-store-restore-'));
    hq = await hqServer();
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
    const products = await store.dataSource.query(`SELECT id FROM product WHERE code IN ('P000001', 'P000002')`);
    await store.app.get(StockService).post(
      RequestContext.system({ id: link.storeId, code: 'S001', kind: 'store' }),
      products.map((p: { id: string }) => ({ warehouseId: wh.id, productId: p.id, quantity: 10_000, docType: 'OPENING', docId: randomUUID() })),
    );
    cash = (await store.dataSource.query(`SELECT id FROM payment_method WHERE code = 'CASH'`))[0].id;
  });

  afterAll(async () => {
    await store?.close();
    await hq?.close();
    for (const url of databases) await dropDatabase(url).catch(() => undefined);
    rmSync(outDir, { recursive: true, force: true });
  });

  it('the drill: 20 sales, backup, 100 more synced, restore, 5 new sales — HQ holds all 125 once, to the cent; the journal is whole', async () => {
    const cashier = await login(store, 'cashier');
    const shift = (await store.http().post('/api/pos/shifts').set(bearer(cashier)).send({ tillCode: '01', openingFloat: '100.00' }).expect(201)).body;
    const sales: Array<{ id: string; receiptNo: string; totalAmount: string }> = [];
    for (let i = 0; i < 20; i++) sales.push(await sell(shift.id, (i % 3) + 1, cashier));
    expect((await sync(store)).errors).toEqual([]);
    const backup = await store.app.get(BackupService).backup({ outDir });
    for (let i = 0; i < 100; i++) sales.push(await sell(shift.id, (i % 4) + 1, cashier));
    expect((await sync(store)).errors).toEqual([]);
    await inboxDone();
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE store_id = $1`, [storeId])).toBe(120);

    await restoreStore(backup.dumpPath);
    const cashier2 = await login(store, 'cashier');
    // before it has reconciled, the store sells nothing and says what to do; reading works
    const refused = await store
      .http()
      .post('/api/pos/sales')
      .set(bearer(cashier2))
      .send({ id: randomUUID(), shiftId: shift.id, lines: [{ productCode: 'P000001' }], payments: [{ paymentMethodId: cash, amount: '20.00' }] });
    expect(refused.status).toBe(423);
    expect(refused.body).toMatchObject({ code: 'STORE_RESTORE_UNRECONCILED', message: expect.stringMatching(/run a sync/) });
    expect((await store.http().get(`/api/pos/shifts/${shift.id}`).set(bearer(cashier2)).expect(200)).body.salesCount).toBe(20);
    const status = (
      await store
        .http()
        .get('/api/sync/status')
        .set(bearer(await login(store, 'admin')))
        .expect(200)
    ).body;
    expect(status.restore).toMatchObject({ origin: 'restored', pending: true, backupName: backup.name });

    // HQ away: the store does not push (nor pull) until it has reconciled, and says why
    const setup = store.app.get(StoreSetupService);
    const real = setup.hqPort(await setup.requireLink());
    const away: HqPort = Object.assign(Object.create(real), {
      check: async () => {
        throw new TransferCallError(502, 'TRANSFER_HQ_UNREACHABLE', 'HQ away');
      },
    });
    const offline = await new SyncEngine(away, store.app.get(StoreSyncService).storePort()).run();
    expect(offline.errors).toEqual([expect.objectContaining({ stream: 'reconcile', code: 'TRANSFER_HQ_UNREACHABLE' })]);
    expect(offline.pushed).toEqual({});
    expect(
      (
        await store
          .http()
          .get('/api/sync/status')
          .set(bearer(await login(store, 'admin')))
          .expect(200)
      ).body.restore,
    ).toMatchObject({ pending: true });

    const reconciled = await sync(store);
    expect(reconciled.errors).toEqual([]);
    expect(reconciled.recovery?.store).toMatchObject({ origin: 'restored', taken: { 'pos.sale': 100 } });
    // what HQ held comes back as history: the shift expects the takings of all 120 sales
    const back = (await store.http().get(`/api/pos/shifts/${shift.id}`).set(bearer(cashier2)).expect(200)).body;
    expect(back).toMatchObject({ salesCount: 120, salesTotal: totalOf(sales) });

    for (let i = 0; i < 5; i++) sales.push(await sell(shift.id, 1, cashier2));
    const fresh = sales.slice(120);
    const pushed = await sync(store);
    expect(pushed.errors).toEqual([]);
    expect(pushed.pushed['pos.sale']).toMatchObject({ stored: 5 });
    await inboxDone();

    // HQ: every sale once, none refused, numbers never repeated, totals to the cent
    const atHq = await hq.dataSource.query(`SELECT id, receipt_no, total_amount::text AS total FROM pos_sale WHERE store_id = $1`, [storeId]);
    expect(atHq.map((s: { id: string }) => s.id).sort()).toEqual(sales.map((s) => s.id).sort());
    expect(new Set(atHq.map((s: { receipt_no: string }) => s.receipt_no)).size).toBe(125);
    expect(atHq.reduce((a: ReturnType<typeof dec>, s: { total: string }) => a.plus(s.total), dec(0)).toFixed(2)).toBe(totalOf(sales));
    expect(await n(hq, `SELECT count(*) AS n FROM transfer_inbox WHERE store_id = $1 AND status <> 'processed'`, [storeId])).toBe(0);
    // the new receipts continue past the highest number HQ held
    const before = sales
      .slice(0, 120)
      .map((s) => s.receiptNo)
      .sort();
    for (const s of fresh) expect(s.receiptNo > before[before.length - 1]).toBe(true);

    // the store: its journal is whole and agrees with HQ's; stock is what was sold, and balance = Σ ledger
    const token = bearer(await login(store, 'admin'));
    const journal = (await store.http().get('/api/pos/journal?pageSize=1').set(token).expect(200)).body.totals;
    expect(journal).toMatchObject({ salesCount: 125 });
    expect((await hq.http().get(`/api/pos/journal?storeId=${storeId}&pageSize=1`).set(bearer(admin)).expect(200)).body.totals).toEqual(journal);
    const soldQty = await store.dataSource.query(
      `SELECT p.code, sum(l.quantity)::text AS qty FROM pos_sale_line l JOIN product p ON p.id = l.product_id GROUP BY p.code ORDER BY p.code`,
    );
    const stock = await store.dataSource.query(
      `SELECT p.code, b.qty::text AS qty, (SELECT sum(delta) FROM stock_ledger g WHERE g.warehouse_id = b.warehouse_id AND g.product_id = b.product_id)::text AS ledger
         FROM stock_balance b JOIN product p ON p.id = b.product_id WHERE p.code IN ('P000001', 'P000002') ORDER BY p.code`,
    );
    for (const [i, s] of stock.entries()) {
      expect(dec(s.qty).equals(dec(10_000).minus(soldQty[i].qty))).toBe(true);
      expect(dec(s.qty).equals(s.ledger)).toBe(true);
    }
    // no stream blocked, nothing waiting, nothing refused at HQ
    const syncStatus = (await store.http().get('/api/sync/status').set(token).expect(200)).body;
    // the restore's summary (per stream taken back) as the document types it
    expectAnswerAsDocumented('store', 'GET', '/api/sync/status', syncStatus);
    const streams = syncStatus.streams;
    expect(streams.filter((s: { blockedRecordId: string | null; lastError: string | null }) => s.blockedRecordId || s.lastError)).toEqual([]);
    const health = (await hq.http().get(`/api/stores/${storeId}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(health).toMatchObject({ failedRecords: 0, outboxBacklog: 0, pushError: null });
    // a second run is quiet: no reconciliation, nothing sent again
    const quiet = await sync(store);
    expect(quiet.recovery).toBeNull();
    expect(quiet.pushed['pos.sale']).toEqual({ stored: 0, duplicate: 0 });
  }, 600_000);

  it('a shift handed over after the backup is closed again after the restore; one opened after it comes back open and is handed over once', async () => {
    let cashier = await login(store, 'cashier');
    const a = (await store.http().post('/api/pos/shifts').set(bearer(cashier)).send({ tillCode: '05', openingFloat: '50.00' }).expect(201)).body;
    const aSales = [await sell(a.id, 1, cashier), await sell(a.id, 2, cashier)];
    expect((await sync(store)).errors).toEqual([]);
    const backup = await store.app.get(BackupService).backup({ outDir });
    aSales.push(await sell(a.id, 3, cashier));
    const expectedA = (await store.http().get(`/api/pos/shifts/${a.id}`).set(bearer(cashier)).expect(200)).body.tenders.find(
      (t: { methodCode: string }) => t.methodCode === 'CASH',
    ).expected;
    await store
      .http()
      .post(`/api/pos/shifts/${a.id}/handover`)
      .set(bearer(cashier))
      .send({ counts: [{ paymentMethodId: cash, amount: expectedA }] })
      .expect(200);
    const b = (await store.http().post('/api/pos/shifts').set(bearer(cashier)).send({ tillCode: '05', openingFloat: '0' }).expect(201)).body;
    const bSales = [await sell(b.id, 1, cashier), await sell(b.id, 1, cashier)];
    expect((await sync(store)).errors).toEqual([]);
    await inboxDone();

    await restoreStore(backup.dumpPath);
    cashier = await login(store, 'cashier');
    // restored: shift A is open again and B unknown — until the store has reconciled
    expect((await store.dataSource.query(`SELECT status FROM pos_shift WHERE id = $1`, [a.id]))[0].status).toBe('open');
    await store
      .http()
      .post(`/api/pos/shifts/${a.id}/handover`)
      .set(bearer(cashier))
      .send({ counts: [{ paymentMethodId: cash, amount: expectedA }] })
      .expect(423);
    const r = await sync(store);
    expect(r.errors).toEqual([]);
    expect(r.recovery?.store).toMatchObject({ shiftsClosed: 1, shiftsRecovered: 1, taken: { 'pos.sale': 3, 'pos.shift-report': 1 } });

    // A: closed with HQ's report; a second handover is refused at the store, so no second report exists
    const aNow = (await store.http().get(`/api/pos/shifts/${a.id}`).set(bearer(cashier)).expect(200)).body;
    expect(aNow).toMatchObject({ status: 'closed', salesCount: 3, salesTotal: totalOf(aSales) });
    expect(
      (
        await store
          .http()
          .post(`/api/pos/shifts/${a.id}/handover`)
          .set(bearer(cashier))
          .send({ counts: [{ paymentMethodId: cash, amount: expectedA }] })
          .expect(409)
      ).body.code,
    ).toBe('POS_SHIFT_NOT_OPEN');
    // B: back, open, with its sales; its shift number is new (never one HQ holds)
    const bNow = (await store.http().get(`/api/pos/shifts/${b.id}`).set(bearer(cashier)).expect(200)).body;
    expect(bNow).toMatchObject({ status: 'open', salesCount: 2, salesTotal: totalOf(bSales) });
    const shiftNos = (await hq.dataSource.query(`SELECT shift_no FROM pos_shift_report WHERE store_id = $1`, [storeId])).map((x: { shift_no: string }) => x.shift_no);
    expect(shiftNos).not.toContain(bNow.shiftNo);
    const expectedB = bNow.tenders.find((t: { methodCode: string }) => t.methodCode === 'CASH').expected;
    await store
      .http()
      .post(`/api/pos/shifts/${b.id}/handover`)
      .set(bearer(cashier))
      .send({ counts: [{ paymentMethodId: cash, amount: expectedB }] })
      .expect(200);
    const after = await sync(store);
    expect(after.errors).toEqual([]);
    expect(after.pushed['pos.shift-report']).toEqual({ stored: 1, duplicate: 0 });
    await inboxDone();
    // HQ: one report per shift, every sale once, nothing failed or in conflict, no stream blocked
    expect(await n(hq, `SELECT count(*) AS n FROM pos_shift_report WHERE id = ANY($1::uuid[])`, [[a.id, b.id]])).toBe(2);
    expect(await n(hq, `SELECT count(*) AS n FROM pos_sale WHERE id = ANY($1::uuid[])`, [[...aSales, ...bSales].map((s) => s.id)])).toBe(5);
    const health = (await hq.http().get(`/api/stores/${storeId}/transfer`).set(bearer(admin)).expect(200)).body;
    expect(health).toMatchObject({ failedRecords: 0, lastFailedRecord: null, pushError: null });
    const streams = (
      await store
        .http()
        .get('/api/sync/status')
        .set(bearer(await login(store, 'admin')))
        .expect(200)
    ).body.streams;
    expect(streams.filter((s: { blockedRecordId: string | null }) => s.blockedRecordId)).toEqual([]);
  }, 600_000);
});
