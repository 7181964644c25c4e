import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  BackupError,
  BackupJobs,
  type BackupManifest,
  BackupService,
  CANONICAL_SESSION_SQL,
  compareChecksums,
  DomainException,
  JobName,
  JobQueue,
  migrationNames,
  tableChecksums,
} from '@chain-erp/shared';
import { backupOverApi, bearer, bootTestApp, dropDatabase, expectAnswerAsDocumented, type TestApp, binaryParser } from '@chain-erp/shared/testing';
import { HQ_MIGRATIONS } from '../src/migrations';
import { HQ_SERVER } from '../src/server';

const MIGRATIONS = { hq: migrationNames(HQ_MIGRATIONS as Array<new () => unknown>) };

async function withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** Counts and checksums of a database, computed the way a backup does. */
function checksumsOf(url: string) {
  return withClient(url, async (c) => {
    await c.query(CANONICAL_SESSION_SQL);
    return tableChecksums(c);
  });
}

const scratchDirs: string[] = [];
afterAll(() => scratchDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of a backup's two files in a fresh folder, the manifest changed by `edit`. */
function tamperedCopy(dumpPath: string, manifest: BackupManifest, edit: (m: BackupManifest) => void = () => undefined, flipByte = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'chain-bk-tamper-'));
  scratchDirs.push(dir);
  const dump = join(dir, `${manifest.name}.dump`);
  copyFileSync(dumpPath, dump);
  if (flipByte) {
    const bytes = readFileSync(dump);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(dump, bytes);
  }
  const m = structuredClone(manifest);
  edit(m);
  writeFileSync(join(dir, `${manifest.name}.manifest.json`), JSON.stringify(m));
  return dump;
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainException) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('backup and restore through BackupService (HQ database on real PostgreSQL)', () => {
  let hq: TestApp;
  let admin: string;
  let made: Awaited<ReturnType<BackupService['backup']>>;
  let offline: BackupService;
  let roleId: string;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { keepDatabase: true });
    admin = await hq.loginAdmin();
    await hq.http().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201);
    roleId = (
      await hq
        .http()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 'night', name: '夜班', permissions: ['pos.sell'] })
        .expect(201)
    ).body.id;
    made = await hq.app.get(BackupService).backup();
    offline = new BackupService({ databaseUrl: hq.databaseUrl, backupDir: hq.config.backupDir, migrations: MIGRATIONS });
  });

  afterAll(async () => {
    await hq.close();
    await dropDatabase(hq.databaseUrl);
  });

  it('writes an archive and a manifest whose counts and checksums describe the database', async () => {
    const m = made.manifest;
    expect(m).toMatchObject({ server: 'hq', orgCode: 'HQ', schemaVersion: MIGRATIONS.hq.at(-1), database: new URL(hq.databaseUrl).pathname.slice(1) });
    expect(m.archive.sha256).toBe(createHash('sha256').update(readFileSync(made.dumpPath)).digest('hex'));
    expect(m.tables.find((t) => t.table === 'public.org_unit')?.rows).toBe(2);
    expect(m.tables.find((t) => t.table === 'public.migrations')?.rows).toBe(MIGRATIONS.hq.length);
    // the running server has written nothing since (no requests): same counts and checksums now
    const now = (await checksumsOf(hq.databaseUrl)).filter((t) => t.table !== 'public.operation_log');
    expect(
      compareChecksums(
        m.tables.filter((t) => t.table !== 'public.operation_log'),
        now,
      ),
    ).toEqual([]);
  });

  it('refuses to restore while the server runs', async () => {
    expect(await codeOf(offline.restore(made.dumpPath, { force: true }))).toBe(BackupError.BACKUP_SERVER_RUNNING);
  });

  it('restores into the stopped server’s database: changes after the backup are gone, counts and checksums match', async () => {
    // change data after the backup: insert, update, delete
    await hq.http().post('/api/org-units').set(bearer(admin)).send({ code: 'S002', name: '二号店', kind: 'store' }).expect(201);
    const s001 = (await hq.dataSource.query(`SELECT id FROM org_unit WHERE code = 'S001'`))[0].id;
    await hq.http().patch(`/api/org-units/${s001}`).set(bearer(admin)).send({ name: '改名店' }).expect(200);
    await hq.http().delete(`/api/roles/${roleId}`).set(bearer(admin)).expect(204);
    await hq.app.close();

    expect(await codeOf(offline.restore(made.dumpPath))).toBe(BackupError.BACKUP_TARGET_NOT_EMPTY);
    const result = await offline.restore(made.dumpPath, { force: true });
    expect(result).toMatchObject({ backup: made.name, server: 'hq', replaced: true, tables: made.manifest.tables.length });

    // the archive's content exactly, plus the restore's mark: a new incarnation of the database (docs/backup.md)
    expect(compareChecksums(made.manifest.tables, await checksumsOf(hq.databaseUrl))).toEqual(['public.database_incarnation: 2 rows, expected 1']);
    const lives = await withClient(hq.databaseUrl, (c) => c.query(`SELECT id, origin, backup_name FROM database_incarnation ORDER BY created_at`));
    expect(lives.rows).toEqual([expect.objectContaining({ origin: 'created', backup_name: null }), { id: result.incarnationId, origin: 'restored', backup_name: made.name }]);
    const orgs = await withClient(hq.databaseUrl, (c) => c.query(`SELECT code, name FROM org_unit ORDER BY code`));
    expect(orgs.rows).toEqual([expect.objectContaining({ code: 'HQ' }), { code: 'S001', name: '一号店' }]);
    const role = await withClient(hq.databaseUrl, (c) => c.query(`SELECT code FROM role WHERE id = $1`, [roleId]));
    expect(role.rows).toEqual([{ code: 'night' }]);

    // the server starts on the restored database (migrations at start-up) and its users sign in
    const again = await bootTestApp(HQ_SERVER, { databaseUrl: hq.databaseUrl });
    try {
      await again.loginAdmin();
    } finally {
      await again.close();
    }
  });

  it('refuses a damaged archive, another server kind and a newer schema, and leaves the database as it was', async () => {
    const before = await checksumsOf(hq.databaseUrl);
    const flipped = tamperedCopy(made.dumpPath, made.manifest, undefined, true);
    expect(await codeOf(offline.restore(flipped, { force: true }))).toBe(BackupError.BACKUP_ARCHIVE_CORRUPT);

    const storeKind = new BackupService({ ...offline.options, server: 'store' });
    expect(await codeOf(storeKind.restore(made.dumpPath, { force: true }))).toBe(BackupError.BACKUP_WRONG_SERVER_KIND);
    // a manifest claiming "store" is refused by what the target database's migrations say it is
    const claimsStore = tamperedCopy(made.dumpPath, made.manifest, (m) => Object.assign(m, { server: 'store', schemaVersion: 'StoreOnly1' }));
    const bothKinds = new BackupService({ ...offline.options, migrations: { ...MIGRATIONS, store: ['StoreOnly1'] } });
    expect(await codeOf(bothKinds.restore(claimsStore, { force: true }))).toBe(BackupError.BACKUP_WRONG_SERVER_KIND);

    const newer = tamperedCopy(made.dumpPath, made.manifest, (m) => (m.schemaVersion = 'FromTheFuture9999999999999'));
    expect(await codeOf(offline.restore(newer, { force: true }))).toBe(BackupError.BACKUP_SCHEMA_UNKNOWN);

    expect(compareChecksums(before, await checksumsOf(hq.databaseUrl))).toEqual([]);
  });

  it('fails the restore when the restored data differ from the manifest, and keeps the current database', async () => {
    await withClient(hq.databaseUrl, (c) => c.query(`UPDATE org_unit SET name = 'after the backup' WHERE code = 'S001'`));
    const before = await checksumsOf(hq.databaseUrl);
    const lying = tamperedCopy(made.dumpPath, made.manifest, (m) => {
      const t = m.tables.find((x) => x.table === 'public.org_unit')!;
      t.rows += 1;
    });
    const err = await offline.restore(lying, { force: true }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainException);
    expect(err.code).toBe(BackupError.BACKUP_VERIFY_FAILED);
    expect(err.message).toMatch(/public\.org_unit: 2 rows, expected 3/);
    expect(compareChecksums(before, await checksumsOf(hq.databaseUrl))).toEqual([]);
    const dbs = await withClient(hq.databaseUrl, (c) => c.query(`SELECT datname FROM pg_database WHERE datname LIKE '%\\_restore\\_%'`));
    expect(dbs.rows).toEqual([]);
  });

  it('stops with a one-line instruction when pg_dump of the server’s major version is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'chain-no-pg-'));
    const noTools = new BackupService({ ...offline.options, server: 'hq', pgBinDir: empty });
    const err = await noTools.backup({ outDir: empty }).catch((e) => e);
    expect(err.code).toBe(BackupError.BACKUP_TOOLS_MISSING);
    expect(err.message).toMatch(/apt-get install -y postgresql-client-15/);
    expect(err.message).not.toMatch(/\n/);
    expect(readdirSync(empty)).toEqual([]);
    rmSync(empty, { recursive: true, force: true });
  });

  it('never prints the database password', async () => {
    const url = 'postgresql://erp:very-secret-pw@127.0.0.1:1/erp';
    const unreachable = new BackupService({ databaseUrl: url, server: 'hq', backupDir: tmpdir(), migrations: MIGRATIONS });
    const err = await unreachable.backup().catch((e) => e);
    expect(err.code).toBe(BackupError.BACKUP_DATABASE_UNREACHABLE);
    expect(err.message).toContain('127.0.0.1');
    expect(err.message).not.toContain('very-secret-pw');
  });
});

describe('backup endpoint, retention and the scheduled job (HQ)', () => {
  let hq: TestApp;
  let admin: string;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { env: { BACKUP_KEEP: '2' } });
    admin = await hq.loginAdmin();
  });
  afterAll(() => hq.close());

  const api = () => hq.http();

  it('backs up on request as a job (202, then its run with progress), lists with manifests, and downloads the archive', async () => {
    const { run, seen } = await backupOverApi(api, admin, { label: 'before-import' });
    expect(run).toMatchObject({ state: 'done', label: 'before-import', orgCode: 'HQ', percent: 100, pruned: [], errorCode: null, tablesDone: expect.any(Number) });
    expect(run.tablesDone).toBeGreaterThan(10);
    expect(seen[0]).toEqual({ state: 'queued', percent: 0 });
    // percent never goes back, and is 100 only when done
    expect(seen.map((s) => s.percent)).toEqual([...seen.map((s) => s.percent)].sort((a, b) => a - b));
    expect(seen.filter((s) => s.percent === 100).every((s) => s.state === 'done')).toBe(true);
    const created = (await api().get(`/api/admin/backups/${run.backupName}/manifest`).set(bearer(admin)).expect(200)).body;
    expect(created).toMatchObject({ server: 'hq', orgCode: 'HQ', label: 'before-import' });
    expectAnswerAsDocumented('hq', 'GET', '/api/admin/backups/{name}/manifest', created);
    const list = (await api().get('/api/admin/backups').set(bearer(admin)).expect(200)).body;
    expect(list.items[0]).toMatchObject({ name: created.name, tables: expect.any(Array) });
    const file = await api()
      .get(`/api/admin/backups/${created.name}`)
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="${created.name}.dump"`);
    expect(
      createHash('sha256')
        .update(file.body as Buffer)
        .digest('hex'),
    ).toBe(created.archive.sha256);
    const manifest = (await api().get(`/api/admin/backups/${created.name}/manifest`).set(bearer(admin)).expect(200)).body;
    expect(manifest.archive.sha256).toBe(created.archive.sha256);
  });

  it('a backup run is followed by id: unknown or malformed ids are refused, a second request while one runs is 409 naming the run', async () => {
    expect((await api().get('/api/admin/backups/runs/00000000-0000-4000-8000-000000000000').set(bearer(admin)).expect(404)).body.code).toBe('BACKUP_NOT_FOUND');
    expect((await api().get('/api/admin/backups/runs/not-a-uuid').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_ID');
    const first = (await api().post('/api/admin/backups').set(bearer(admin)).send({}).expect(202)).body;
    const second = await api().post('/api/admin/backups').set(bearer(admin)).send({});
    // the first may already be done on a fast machine: then the second simply starts
    if (second.status === 409) expect(second.body).toMatchObject({ code: 'BACKUP_IN_PROGRESS', details: { runId: first.id } });
    else expect(second.status).toBe(202);
    for (const id of [first.id, ...(second.status === 202 ? [second.body.id] : [])]) {
      for (let i = 0; i < 1200; i++) {
        const r = (await api().get(`/api/admin/backups/runs/${id}`).set(bearer(admin)).expect(200)).body;
        if (r.state === 'done' || r.state === 'failed') break;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  });

  it('refuses names that are not backup names (no path traversal) and answers 404 for unknown ones', async () => {
    for (const bad of ['..%2F..%2Fetc%2Fpasswd', '..', 'hq-HQ-20260101T000000000Z.dump', '%2Fetc%2Fpasswd', 'hq-..-20260101T000000000Z']) {
      const res = await api().get(`/api/admin/backups/${bad}`).set(bearer(admin));
      expect([400, 404]).toContain(res.status);
      expect(res.body.code).toMatch(/BACKUP_INVALID_NAME|ROUTE_NOT_FOUND/);
    }
    expect((await api().get('/api/admin/backups/..%2Fjwt-secret').set(bearer(admin)).expect(400)).body.code).toBe('BACKUP_INVALID_NAME');
    expect((await api().get('/api/admin/backups/hq-HQ-20200101T000000000Z').set(bearer(admin)).expect(404)).body.code).toBe('BACKUP_NOT_FOUND');
    for (const body of [{ path: '/etc' }, { label: '../x' }, { label: null }, [1]]) {
      expect((await api().post('/api/admin/backups').set(bearer(admin)).send(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('requires system.backup, and a store user never sees HQ backups', async () => {
    const name = (await api().get('/api/admin/backups').set(bearer(admin))).body.items[0].name;
    const s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body;
    const roles = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items;
    const cashierRole = roles.find((r: { code: string }) => r.code === 'cashier');
    const backupRole = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 'backup-op', name: '备份员', permissions: ['system.backup'] })
        .expect(201)
    ).body;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 'hq-clerk', displayName: '文员', password: 'clerk-pass-1', roleIds: [cashierRole.id] })
      .expect(201);
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 's001-ops', displayName: '店员', password: 'store-pass-1', orgUnitId: s1.id, roleIds: [backupRole.id] })
      .expect(201);
    const clerk = await hq.login('hq-clerk', 'clerk-pass-1');
    const storeOps = await hq.login('s001-ops', 'store-pass-1');

    const runId = (await backupOverApi(api, admin)).run.id;
    const before = readdirSync(hq.config.backupDir).length;
    for (const [method, path] of [
      ['post', '/api/admin/backups'],
      ['get', '/api/admin/backups'],
      ['get', `/api/admin/backups/${name}`],
      ['get', `/api/admin/backups/${name}/manifest`],
      ['get', `/api/admin/backups/runs/${runId}`],
    ] as const) {
      const denied = await (api() as any)[method](path).set(bearer(clerk)).send({});
      expect([method, path, denied.status, denied.body.code]).toEqual([method, path, 403, 'PERMISSION_DENIED']);
      const store = await (api() as any)[method](path).set(bearer(storeOps)).send({});
      expect([method, path, store.status, store.body.code]).toEqual([method, path, 403, 'OUT_OF_SCOPE']);
    }
    expect(readdirSync(hq.config.backupDir).length).toBe(before);
  });

  it('keeps only the BACKUP_KEEP newest backups', async () => {
    const names: string[] = [];
    for (let i = 0; i < 3; i++) names.push((await backupOverApi(api, admin)).run.backupName!);
    const list = (await api().get('/api/admin/backups').set(bearer(admin)).expect(200)).body;
    expect(list.items.map((b: { name: string }) => b.name)).toEqual([names[2], names[1]]);
    expect(
      readdirSync(hq.config.backupDir)
        .filter((f) => f !== '.runs')
        .sort(),
    ).toEqual([`${names[1]}.dump`, `${names[1]}.manifest.json`, `${names[2]}.dump`, `${names[2]}.manifest.json`]);
  });

  it('runs a backup from the job queue (JobName.Backup) and applies retention', async () => {
    const newest = (await api().get('/api/admin/backups').set(bearer(admin))).body.items[0].name;
    await hq.app.get(JobQueue).enqueue(JobName.Backup, {});
    let items: Array<{ name: string }> = [];
    // the job writes the new backup, then prunes: wait for both (the listing can fall between them)
    for (let i = 0; i < 600 && !(items[0] && items[0].name !== newest && items.length <= 2); i++) {
      await new Promise((r) => setTimeout(r, 100));
      items = (await api().get('/api/admin/backups').set(bearer(admin))).body.items;
    }
    expect(items[0].name).not.toBe(newest);
    expect(items).toHaveLength(2);
    expect(items[1].name).toBe(newest);
  });
});

describe('scheduled backups (BACKUP_INTERVAL_HOURS)', () => {
  it('are off by default outside production and run on the interval when set', async () => {
    const off = await bootTestApp(HQ_SERVER);
    try {
      expect(off.config.backupIntervalHours).toBe(0);
    } finally {
      await off.close();
    }
    // 0.0005 h = 1.8 s: the repeat really fires and the handler writes backups with retention
    const on = await bootTestApp(HQ_SERVER, { env: { BACKUP_INTERVAL_HOURS: '0.0005', BACKUP_KEEP: '1' } });
    try {
      let names: string[] = [];
      for (let i = 0; i < 1200 && names.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        names = (await on.app.get(BackupService).list()).map((b) => b.name);
      }
      expect(names).toHaveLength(1);
      expect(on.app.get(BackupJobs)).toBeDefined();
    } finally {
      await on.close();
    }
  }, 180_000);
});
