import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackupError, BackupService, DomainException, migrationNames } from '@chain-erp/shared';
import { backupOverApi, bearer, bootTestApp, dropDatabase, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { HQ_MIGRATIONS } from '@chain-erp/hq-server/migrations';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { STORE_MIGRATIONS } from '@chain-erp/store-server/migrations';
import { STORE_SERVER } from '@chain-erp/store-server/server';

type MigrationClass = new () => unknown;

describe('backups at a store', () => {
  let store: TestApp;
  let token: string;

  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER, { keepDatabase: true });
    const u = await seedStoreUser(store.dataSource, { storeCode: 'S001' });
    token = await store.login(u.username, u.password);
  });
  afterAll(async () => {
    await store.close();
    await dropDatabase(store.databaseUrl);
  });

  it('a store user with system.backup backs up its store as a job; the manifest names the store; only that store sees the run', async () => {
    const { run } = await backupOverApi(() => store.http(), token);
    expect(run).toMatchObject({ state: 'done', orgCode: 'S001', percent: 100 });
    const created = (await store.http().get(`/api/admin/backups/${run.backupName}/manifest`).set(bearer(token)).expect(200)).body;
    expect(created).toMatchObject({ server: 'store', orgCode: 'S001', schemaVersion: migrationNames(STORE_MIGRATIONS as MigrationClass[]).at(-1) });
    expect(created.name).toMatch(/^store-S001-/);
    const list = (await store.http().get('/api/admin/backups').set(bearer(token)).expect(200)).body;
    expect(list.items.map((b: { name: string }) => b.name)).toEqual([created.name]);
    // a user of another store (same permission) gets 404 for the run, as for the backup itself
    const other = await seedStoreUser(store.dataSource, { storeCode: 'S002', username: 's002-ops' });
    const otherToken = await store.login(other.username, other.password);
    expect((await store.http().get(`/api/admin/backups/runs/${run.id}`).set(bearer(otherToken)).expect(404)).body.code).toBe('BACKUP_NOT_FOUND');
    expect((await store.http().get(`/api/admin/backups/${created.name}/manifest`).set(bearer(otherToken)).expect(404)).body.code).toBe('BACKUP_NOT_FOUND');
  });

  it('without system.backup: 403', async () => {
    const u = await seedStoreUser(store.dataSource, { storeCode: 'S001', username: 's001-cashier', permissions: ['pos.sell'] });
    const cashier = await store.login(u.username, u.password);
    expect((await store.http().get('/api/admin/backups').set(bearer(cashier)).expect(403)).body.code).toBe('PERMISSION_DENIED');
    expect((await store.http().post('/api/admin/backups').set(bearer(cashier)).send({}).expect(403)).body.code).toBe('PERMISSION_DENIED');
  });

  it('never restores an HQ archive into a store database (nor with --force)', async () => {
    const hq = await bootTestApp(HQ_SERVER);
    const outDir = mkdtempSync(join(tmpdir(), 'chain-hq-archive-'));
    let hqArchive: string;
    try {
      hqArchive = (await hq.app.get(BackupService).backup({ outDir })).dumpPath;
    } finally {
      await hq.close();
    }
    await store.app.close();
    // the kind is read from the store database's migrations, as `npm run restore` without hq|store does
    const service = new BackupService({
      databaseUrl: store.databaseUrl,
      backupDir: store.config.backupDir,
      migrations: { hq: migrationNames(HQ_MIGRATIONS as MigrationClass[]), store: migrationNames(STORE_MIGRATIONS as MigrationClass[]) },
    });
    const err = await service.restore(hqArchive!, { force: true }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainException);
    expect(err.code).toBe(BackupError.BACKUP_WRONG_SERVER_KIND);
    expect(err.details).toEqual({ archive: 'hq', target: 'store' });
    rmSync(outDir, { recursive: true, force: true });
  });
});
