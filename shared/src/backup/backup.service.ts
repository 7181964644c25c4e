import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import type { ServerKind } from '../common/config';
import { withDatabase } from '../common/database/embedded-postgres';
import { DomainException } from '../common/errors';
import { BackupError } from './backup.errors';
import { type BackupManifest, backupName, DUMP_SUFFIX, isBackupName, MANIFEST_FORMAT, MANIFEST_SUFFIX, manifestPathOf, parseManifest } from './backup.manifest';
import { findPgTool, libpqConnection, redactUrl, runPgTool } from './pg-tools';
import { sizeOf } from './backup-runs';
import { serverUsing } from './server-presence';
import { CANONICAL_SESSION_SQL, compareChecksums, tableChecksums } from './table-checksums';

export interface BackupServiceOptions {
  /** the database backed up, or replaced by a restore */
  databaseUrl: string;
  /** the kind of server owning the database; a restore may leave it out (then it is detected) */
  server?: ServerKind;
  backupDir: string;
  pgBinDir?: string;
  /** migration names this build knows, per server kind: a restore refuses an archive of a later one */
  migrations: Partial<Record<ServerKind, string[]>>;
}

export interface BackupFiles {
  name: string;
  dumpPath: string;
  manifestPath: string;
  manifest: BackupManifest;
}

export interface RestoreOptions {
  /** the manifest, when not `<name>.manifest.json` beside the archive */
  manifestPath?: string;
  /** replace a database that holds data */
  force?: boolean;
}

export interface RestoreResult {
  database: string;
  backup: string;
  server: ServerKind;
  schemaVersion: string | null;
  tables: number;
  rows: number;
  /** whether a database with data was replaced */
  replaced: boolean;
  /**
   * The new incarnation written into the restored database (null for an archive older than the
   * table: the server then learns of the restore from HQ, docs/backup.md). A store with a restored
   * incarnation reconciles with HQ before it sells or pushes again.
   */
  incarnationId: string | null;
}

export interface BackupProgress {
  tablesDone: number;
  tablesTotal: number;
  archiveBytes: number;
}

const PROGRESS_EVERY_MS = 500;

/** Only one backup of a database at a time, across every instance (transaction-level advisory lock). */
const BACKUP_LOCK = [0x63686169, 2];
/** The tools' own connections must not look like a running server to `serverUsing`. */
const TOOL_APP_NAME = 'chain-backup-tool';

/**
 * Backup and restore of one server database with pg_dump/pg_restore: the archive, a manifest with
 * per-table counts and checksums taken in the dump's own snapshot, listing and retention. Used by
 * the admin endpoint, the scheduled job and the CLI (`npm run backup` / `npm run restore`).
 */
export class BackupService {
  constructor(readonly options: BackupServiceOptions) {}

  get backupDir(): string {
    return this.options.backupDir;
  }

  /** Writes `<name>.dump` and `<name>.manifest.json` into `outDir` (default the backup folder). */
  async backup(options: { outDir?: string; label?: string; onProgress?: (p: BackupProgress) => void } = {}): Promise<BackupFiles> {
    const outDir = options.outDir ?? this.options.backupDir;
    const server = this.options.server;
    if (!server) throw new Error('BackupService.backup needs the server kind');
    // archives hold password hashes and business data: owner-only
    await mkdir(outDir, { recursive: true, mode: 0o700 });
    const client = await this.connect(this.options.databaseUrl);
    const partials: string[] = [];
    try {
      await client.query(CANONICAL_SESSION_SQL);
      const { major, version } = await serverVersion(client);
      const pgDump = findPgTool('pg_dump', major, this.options.pgBinDir);
      // One REPEATABLE READ snapshot, exported to pg_dump: the checksums below and the archive see exactly the same rows.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows: lock } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1, $2) AS ok', BACKUP_LOCK);
      if (!lock[0].ok) throw new DomainException(BackupError.BACKUP_IN_PROGRESS, 'another backup of this database is running / 另一个备份正在进行');
      const { rows: snap } = await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
      const orgCode = await orgCodeOf(client, server);
      const schemaVersion = await lastMigration(client);
      const name = backupName(server, orgCode, new Date());
      const dumpPath = join(outDir, name + DUMP_SUFFIX);
      const manifestPath = join(outDir, name + MANIFEST_SUFFIX);
      partials.push(dumpPath + '.partial', manifestPath + '.partial');
      const conn = libpqConnection(this.options.databaseUrl);
      const progress: BackupProgress = { tablesDone: 0, tablesTotal: 0, archiveBytes: 0 };
      const report = options.onProgress;
      // the archive's size as pg_dump writes it, with the tables checksummed so far
      const ticker = report ? setInterval(() => void sizeOf(`${dumpPath}.partial`).then((b) => report({ ...progress, archiveBytes: b })), PROGRESS_EVERY_MS) : undefined;
      const onTable = (done: number, total: number) => {
        progress.tablesDone = done;
        progress.tablesTotal = total;
      };
      const [, tables] = await Promise.all([
        runPgTool(pgDump, ['--format=custom', `--snapshot=${snap[0].id}`, '--no-password', `--file=${dumpPath}.partial`, `--dbname=${conn.dbname}`], {
          ...conn.env,
          PGAPPNAME: TOOL_APP_NAME,
        }),
        tableChecksums(client, onTable),
      ]).finally(() => clearInterval(ticker));
      await client.query('COMMIT');
      await chmod(`${dumpPath}.partial`, 0o600);
      const manifest: BackupManifest = {
        format: MANIFEST_FORMAT,
        name,
        createdAt: new Date().toISOString(),
        server,
        orgCode,
        ...(options.label ? { label: options.label } : {}),
        schemaVersion,
        database: databaseOf(this.options.databaseUrl),
        postgresVersion: version,
        archive: { file: basename(dumpPath), bytes: (await stat(`${dumpPath}.partial`)).size, sha256: await sha256File(`${dumpPath}.partial`) },
        tables,
      };
      await writeFile(`${manifestPath}.partial`, JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
      // The manifest appears last: a listed backup is always complete.
      await rename(`${dumpPath}.partial`, dumpPath);
      await rename(`${manifestPath}.partial`, manifestPath);
      return { name, dumpPath, manifestPath, manifest };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      await Promise.all(partials.map((p) => rm(p, { force: true })));
      throw e;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Complete backups in a folder, newest first (unreadable manifests are left out). */
  async list(dir = this.options.backupDir): Promise<BackupFiles[]> {
    const files = await readdir(dir).catch(() => [] as string[]);
    const out: BackupFiles[] = [];
    for (const file of files) {
      const name = file.slice(0, -MANIFEST_SUFFIX.length);
      if (!file.endsWith(MANIFEST_SUFFIX) || !isBackupName(name)) continue;
      const found = await this.read(join(dir, name + DUMP_SUFFIX)).catch(() => undefined);
      if (found) out.push(found);
    }
    return out.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt) || b.name.localeCompare(a.name));
  }

  /** A backup of the backup folder by name; the name is checked before it touches a path. */
  async get(name: string): Promise<BackupFiles> {
    if (!isBackupName(name))
      throw new DomainException(BackupError.BACKUP_INVALID_NAME, 'not a backup name / 备份名称无效', [{ field: 'name', message: 'must look like hq-HQ-20260101T020000000Z' }]);
    const dumpPath = join(this.options.backupDir, name + DUMP_SUFFIX);
    if (!existsSync(dumpPath) || !existsSync(join(this.options.backupDir, name + MANIFEST_SUFFIX))) {
      throw new DomainException(BackupError.BACKUP_NOT_FOUND, `backup ${name} not found / 未找到备份`);
    }
    return this.read(dumpPath);
  }

  /** Keeps the `keep` newest backups of this server's kind in the backup folder; returns the names deleted. */
  async prune(keep: number): Promise<string[]> {
    const mine = (await this.list()).filter((b) => b.manifest.server === this.options.server);
    const old = mine.slice(Math.max(keep, 1));
    for (const b of old) {
      // manifest first: a half-deleted backup is never listed
      await rm(b.manifestPath, { force: true });
      await rm(b.dumpPath, { force: true });
    }
    return old.map((b) => b.name);
  }

  /** Reads the manifest beside an archive and checks the archive's sha256 against it. */
  async verifyArchive(dumpPath: string, manifestPath?: string): Promise<BackupManifest> {
    const found = await this.read(dumpPath, manifestPath);
    const actual = await sha256File(dumpPath);
    if (actual !== found.manifest.archive.sha256) {
      throw new DomainException(BackupError.BACKUP_ARCHIVE_CORRUPT, `${basename(dumpPath)} is damaged: its sha256 differs from the manifest's / 备份文件已损坏（校验和不符）`);
    }
    return found.manifest;
  }

  /**
   * Replaces the database with the archive's content. Restores into a scratch database first, checks
   * counts and checksums against the manifest there, and only then swaps it in — so a bad archive or
   * an interrupted restore leaves the current database as it was.
   */
  async restore(dumpPath: string, options: RestoreOptions = {}): Promise<RestoreResult> {
    const manifest = await this.verifyArchive(dumpPath, options.manifestPath);
    this.assertKind(manifest, this.options.server, 'the target server');
    const known = this.options.migrations[manifest.server] ?? [];
    if (manifest.schemaVersion && !known.includes(manifest.schemaVersion)) {
      throw new DomainException(
        BackupError.BACKUP_SCHEMA_UNKNOWN,
        `the archive's schema ${manifest.schemaVersion} is unknown to this build (made by a newer version?): restore it with that version / 备份来自更新的版本，无法恢复`,
        undefined,
        { schemaVersion: manifest.schemaVersion },
      );
    }
    const url = this.options.databaseUrl;
    const database = databaseOf(url);
    const admin = await this.connect(withDatabase(url, 'postgres'));
    const scratch = `${database.slice(0, 40)}_restore_${randomBytes(4).toString('hex')}`;
    let scratchCreated = false;
    try {
      const { major } = await serverVersion(admin);
      const pgRestore = findPgTool('pg_restore', major, this.options.pgBinDir);
      await this.assertNotRunning(admin, database);
      const existing = await this.inspectTarget(admin, database);
      this.assertKind(manifest, existing.kind, `the database ${database}`);
      if (existing.tables > 0 && !options.force) {
        throw new DomainException(BackupError.BACKUP_TARGET_NOT_EMPTY, `the database ${database} holds data: add --force to replace it / 目标数据库已有数据，需 --force`);
      }
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(scratch)} TEMPLATE template0 ENCODING 'UTF8'`);
      scratchCreated = true;
      const conn = libpqConnection(withDatabase(url, scratch));
      await runPgTool(pgRestore, ['--exit-on-error', '--single-transaction', '--no-owner', '--no-acl', '--no-password', `--dbname=${conn.dbname}`, dumpPath], {
        ...conn.env,
        PGAPPNAME: TOOL_APP_NAME,
      });
      const restored = await this.withClient(withDatabase(url, scratch), async (c) => {
        await c.query(CANONICAL_SESSION_SQL);
        return tableChecksums(c);
      });
      const diffs = compareChecksums(manifest.tables, restored);
      if (diffs.length) {
        throw new DomainException(
          BackupError.BACKUP_VERIFY_FAILED,
          `the restored data differs from the manifest (${diffs.slice(0, 3).join('; ')}${diffs.length > 3 ? '; …' : ''}); ${database} was left unchanged / 恢复后的数据与清单不符，原数据库未改动`,
          undefined,
          { differences: diffs },
        );
      }
      // checked against the manifest first: then the restore marks the database as a new life of it
      const incarnationId = await this.withClient(withDatabase(url, scratch), (c) => markRestored(c, manifest));
      await this.assertNotRunning(admin, database);
      await this.swapIn(admin, scratch, database, existing.exists);
      scratchCreated = false;
      return {
        database,
        backup: manifest.name,
        server: manifest.server,
        schemaVersion: manifest.schemaVersion,
        tables: restored.length,
        rows: restored.reduce((n, t) => n + t.rows, 0),
        replaced: existing.tables > 0,
        incarnationId,
      };
    } finally {
      if (scratchCreated) await admin.query(`DROP DATABASE IF EXISTS ${admin.escapeIdentifier(scratch)} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    }
  }

  /** Opens a read stream of an archive (the download endpoint). */
  open(files: BackupFiles) {
    return createReadStream(files.dumpPath);
  }

  private assertKind(manifest: BackupManifest, kind: ServerKind | undefined, what: string): void {
    if (kind && kind !== manifest.server) {
      throw new DomainException(BackupError.BACKUP_WRONG_SERVER_KIND, `the archive is of a ${manifest.server} server, ${what} is ${kind} / 备份与目标服务器类型不符`, undefined, {
        archive: manifest.server,
        target: kind,
      });
    }
  }

  private async assertNotRunning(admin: Client, database: string): Promise<void> {
    const using = await serverUsing(admin, database);
    if (using) throw new DomainException(BackupError.BACKUP_SERVER_RUNNING, `the server is running (${using}): stop it before a restore / 请先停止服务器再恢复`);
  }

  /** Whether the target exists, how many tables it has, and which kind of server its migrations say it belongs to. */
  private async inspectTarget(admin: Client, database: string): Promise<{ exists: boolean; tables: number; kind?: ServerKind }> {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) return { exists: false, tables: 0 };
    return this.withClient(withDatabase(this.options.databaseUrl, database), async (c) => {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE c.relkind = 'r' AND s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg\\_%'`,
      );
      const last = await lastMigration(c);
      const kind = (Object.keys(this.options.migrations) as ServerKind[]).find((k) => last && this.options.migrations[k]!.includes(last));
      return { exists: true, tables: rows[0].n, kind };
    });
  }

  /** Old database aside, restored one in, old one dropped: at every moment one of them holds the data. */
  private async swapIn(admin: Client, scratch: string, database: string, exists: boolean): Promise<void> {
    const q = (s: string) => admin.escapeIdentifier(s);
    const aside = `${database.slice(0, 40)}_old_${randomBytes(4).toString('hex')}`;
    try {
      if (exists) await admin.query(`ALTER DATABASE ${q(database)} RENAME TO ${q(aside)}`);
    } catch (e) {
      if ((e as { code?: unknown } | null)?.code === '55006')
        throw new DomainException(BackupError.BACKUP_SERVER_RUNNING, `someone is connected to ${database}: stop the server before a restore / 请先停止服务器再恢复`);
      throw e;
    }
    await admin.query(`ALTER DATABASE ${q(scratch)} RENAME TO ${q(database)}`);
    if (exists) await admin.query(`DROP DATABASE ${q(aside)} WITH (FORCE)`);
  }

  private async read(dumpPath: string, manifestPath?: string): Promise<BackupFiles> {
    const mPath = manifestPath ?? manifestPathOf(dumpPath);
    if (!existsSync(dumpPath)) throw new DomainException(BackupError.BACKUP_NOT_FOUND, `${dumpPath} not found / 未找到备份文件`);
    if (!existsSync(mPath)) throw new DomainException(BackupError.BACKUP_NOT_FOUND, `its manifest ${mPath} is missing / 缺少备份清单`);
    const manifest = parseManifest(await readFile(mPath, 'utf8'), basename(mPath));
    return { name: manifest.name, dumpPath, manifestPath: mPath, manifest };
  }

  private async connect(url: string): Promise<Client> {
    const client = new Client({ connectionString: url, application_name: TOOL_APP_NAME, connectionTimeoutMillis: 15_000 });
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw new DomainException(BackupError.BACKUP_DATABASE_UNREACHABLE, `cannot connect to ${redactUrl(url)}: ${(e as Error).message} / 无法连接数据库`);
    }
    return client;
  }

  private async withClient<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
    const c = await this.connect(url);
    try {
      return await work(c);
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

/**
 * Writes the restored database's new incarnation (`database_incarnation`, docs/backup.md): a store
 * seeing it reconciles with HQ before selling; HQ names it to its stores, which then send again what
 * HQ lost. Archives older than the table have none (null).
 */
async function markRestored(c: Client, manifest: BackupManifest): Promise<string | null> {
  if (!(await tableExists(c, 'public.database_incarnation'))) return null;
  const { rows } = await c.query<{ id: string }>(
    `INSERT INTO database_incarnation (id, origin, backup_name, backup_created_at) VALUES (gen_random_uuid(), 'restored', $1, $2) RETURNING id`,
    [manifest.name, manifest.createdAt],
  );
  return rows[0].id;
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

async function serverVersion(c: Client): Promise<{ major: number; version: string }> {
  const { rows } = await c.query<{ num: string; version: string }>(`SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version`);
  return { major: Math.floor(Number(rows[0].num) / 10000), version: rows[0].version };
}

async function tableExists(c: Client, table: string): Promise<boolean> {
  const { rows } = await c.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
  return rows[0].ok;
}

/** The name of the last migration applied (TypeORM's `migrations` table). */
async function lastMigration(c: Client): Promise<string | null> {
  if (!(await tableExists(c, 'public.migrations'))) return null;
  const { rows } = await c.query<{ name: string }>('SELECT name FROM migrations ORDER BY timestamp DESC, id DESC LIMIT 1');
  return rows[0]?.name ?? null;
}

/** HQ's code; at a store the code of the one store org unit it holds (null before setup). */
async function orgCodeOf(c: Client, server: ServerKind): Promise<string | null> {
  if (!(await tableExists(c, 'public.org_unit'))) return server === 'hq' ? 'HQ' : null;
  const { rows } = await c.query<{ code: string }>('SELECT code FROM org_unit WHERE kind = $1 ORDER BY code LIMIT 2', [server]);
  if (server === 'hq') return rows[0]?.code ?? 'HQ';
  return rows.length === 1 ? rows[0].code : null;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
