import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import type { ServerKind } from '../common/config';
import { startEmbeddedPostgres, withDatabase } from '../common/database/embedded-postgres';
import { CommonError, DomainException } from '../common/errors';
import { BackupError, exitCodeOf } from './backup.errors';
import { BACKUP_LABEL_PATTERN, manifestPathOf, parseManifest } from './backup.manifest';
import { BackupService } from './backup.service';

/**
 * `npm run backup` and `npm run restore` (scripts/backup.js, scripts/restore.js call these on the
 * built code). They reach the database the way the server does: DATABASE_URL, or the embedded
 * PostgreSQL under DATA_DIR — the server's own if it is running, otherwise started here.
 */

const BACKUP_USAGE = 'usage: npm run backup -- hq|store [--data-dir DIR | --database-url URL] [--out DIR] [--keep N] [--label TEXT] [--json]';
const RESTORE_USAGE = 'usage: npm run restore -- [hq|store] <archive.dump> [--data-dir DIR | --database-url URL] [--manifest FILE] [--force] [--json]';

/** The embedded cluster's superuser, as `startEmbeddedPostgres` creates it by default (the servers use the defaults). */
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliOutput = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

/** Migration names of a server's migration classes, as TypeORM records them. */
export function migrationNames(migrations: Array<new () => unknown>): string[] {
  return migrations.map((M) => (new M() as { name?: string }).name ?? M.name);
}

function usage(message: string, text: string): DomainException {
  return new DomainException(CommonError.BAD_REQUEST, `${message}\n${text}`);
}

function parse(argv: string[], text: string) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        out: { type: 'string' },
        keep: { type: 'string' },
        label: { type: 'string' },
        manifest: { type: 'string' },
        force: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw usage((e as Error).message, text);
  }
}

function isKind(s: string | undefined): s is ServerKind {
  return s === 'hq' || s === 'store';
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: unknown } | null)?.code === 'EPERM'; // alive, owned by another user (the postgres user when run as root)
  }
}

interface Cluster {
  /** URL of the `postgres` database of the cluster */
  url: string;
  /** true when we started it (and stop it at the end) */
  ours: boolean;
  stop(): Promise<void>;
}

/**
 * The embedded cluster under `dataDir`: the running one (port from postmaster.pid) — starting our
 * own would kill the server's, as the start-up treats a live postmaster as stale — or one we start.
 */
async function embeddedCluster(dataDir: string, mayCreate: boolean): Promise<Cluster> {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const [pid, port] = [Number(lines[0]), Number(lines[3])];
    if (pid > 0 && port > 0 && processAlive(pid)) {
      const url = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
      return { url, ours: false, stop: async () => undefined };
    }
  }
  if (!mayCreate && !existsSync(join(dataDir, 'pg', 'PG_VERSION'))) {
    throw new DomainException(BackupError.BACKUP_DATABASE_UNREACHABLE, `no embedded database under ${dataDir} (pass --data-dir or --database-url) / 未找到数据库`);
  }
  const pg = await startEmbeddedPostgres({ dataDir, user: EMBEDDED_USER, password: EMBEDDED_PASSWORD });
  return { url: pg.url(), ours: true, stop: () => pg.stop() };
}

async function databasesIn(clusterUrl: string): Promise<string[]> {
  const c = new Client({ connectionString: clusterUrl, application_name: 'chain-backup-tool' });
  await c.connect();
  try {
    return (await c.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname);
  } finally {
    await c.end();
  }
}

interface Target {
  url: string;
  dataDir: string;
  /** known server kind (argument, or the one database a data folder holds) */
  kind?: ServerKind;
  close(): Promise<void>;
}

/** `--database-url` / DATABASE_URL, else the embedded database under `--data-dir` / DATA_DIR / .data/<kind>. */
async function openTarget(
  args: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv,
  kind: ServerKind | undefined,
  fallbackKind: ServerKind,
  mayCreate: boolean,
  text: string,
): Promise<Target> {
  if (args['data-dir'] && args['database-url']) throw usage('give --data-dir or --database-url, not both', text);
  const dataDir = resolve(String(args['data-dir'] ?? env.DATA_DIR ?? `.data/${kind ?? fallbackKind}`));
  const url = (args['database-url'] as string | undefined) ?? (args['data-dir'] ? undefined : env.DATABASE_URL || undefined);
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) throw usage('--database-url must be a postgresql:// URL', text);
    return { url, dataDir, kind, close: async () => undefined };
  }
  const cluster = await embeddedCluster(dataDir, mayCreate);
  try {
    // The server names its embedded database chain_<kind>; a data folder normally holds one of them.
    const present = (await databasesIn(cluster.url)).filter((d) => d === 'chain_hq' || d === 'chain_store');
    const found = kind ?? (present.length === 1 ? (present[0].slice('chain_'.length) as ServerKind) : undefined);
    return { url: withDatabase(cluster.url, `chain_${found ?? fallbackKind}`), dataDir, kind: found, close: () => cluster.stop() };
  } catch (e) {
    await cluster.stop();
    throw e;
  }
}

function report(output: CliOutput, json: boolean, result: object, line: string): void {
  output.out(json ? JSON.stringify({ ok: true, ...result }) : line);
}

function fail(output: CliOutput, json: boolean, what: string, e: unknown): number {
  const code = e instanceof DomainException ? e.code : 'INTERNAL_ERROR';
  // a database URL in a driver message must never show its password
  const message = String((e as Error)?.message ?? e).replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)[^@\s]*@/g, '$1***@');
  const exitCode = exitCodeOf(e);
  if (json) output.out(JSON.stringify({ ok: false, code, message, exitCode }));
  else output.err(`${what} failed [${code}]: ${message}`);
  return exitCode;
}

function keepOf(value: unknown, text: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usage('--keep must be a whole number ≥ 1', text);
  return n;
}

/** `npm run backup -- hq|store …`; resolves to the exit code. */
export async function backupCli(argv: string[], env: NodeJS.ProcessEnv = process.env, output: CliOutput = stdio): Promise<number> {
  const json = argv.includes('--json');
  let target: Target | undefined;
  try {
    const { values, positionals } = parse(argv, BACKUP_USAGE);
    const [kind, ...extra] = positionals;
    if (!isKind(kind) || extra.length) throw usage('say which server: hq or store', BACKUP_USAGE);
    const keep = keepOf(values.keep, BACKUP_USAGE);
    if (values.label !== undefined && !BACKUP_LABEL_PATTERN.test(values.label)) throw usage('--label: 1–40 lower-case letters, digits and dashes', BACKUP_USAGE);
    target = await openTarget(values, env, kind, kind, false, BACKUP_USAGE);
    const outDir = resolve(values.out ?? env.BACKUP_DIR ?? join(target.dataDir, 'backups'));
    const service = new BackupService({ databaseUrl: target.url, server: kind, backupDir: outDir, pgBinDir: env.PG_BIN_DIR || undefined, migrations: {} });
    const made = await service.backup({ label: values.label });
    const pruned = keep ? await service.prune(keep) : [];
    const rows = made.manifest.tables.reduce((n, t) => n + t.rows, 0);
    report(
      output,
      json,
      { path: made.dumpPath, manifestPath: made.manifestPath, pruned, manifest: made.manifest },
      `backup written: ${made.dumpPath} (${made.manifest.tables.length} tables, ${rows} rows, ${made.manifest.archive.bytes} bytes, schema ${made.manifest.schemaVersion ?? 'empty'})` +
        (pruned.length ? `; removed ${pruned.length} older` : ''),
    );
    return 0;
  } catch (e) {
    return fail(output, json, 'backup', e);
  } finally {
    await target?.close().catch(() => undefined);
  }
}

/** `npm run restore -- [hq|store] <archive> …`; `migrations` are the names each server kind of this build knows. */
export async function restoreCli(argv: string[], migrations: Record<ServerKind, string[]>, env: NodeJS.ProcessEnv = process.env, output: CliOutput = stdio): Promise<number> {
  const json = argv.includes('--json');
  let target: Target | undefined;
  try {
    const { values, positionals } = parse(argv, RESTORE_USAGE);
    const kind = isKind(positionals[0]) ? (positionals.shift() as ServerKind) : undefined;
    const [archive, ...extra] = positionals;
    if (!archive || extra.length) throw usage('say which archive to restore', RESTORE_USAGE);
    const dumpPath = resolve(archive);
    const manifestPath = values.manifest ? resolve(values.manifest) : manifestPathOf(dumpPath);
    for (const file of [dumpPath, manifestPath]) {
      if (!existsSync(file)) throw new DomainException(BackupError.BACKUP_NOT_FOUND, `${file} not found (a manifest elsewhere: --manifest FILE) / 未找到备份文件`);
    }
    // The archive's own kind names the database of a fresh data folder; BackupService checks it against the target.
    const archiveKind = parseManifest(readFileSync(manifestPath, 'utf8'), manifestPath).server;
    target = await openTarget(values, env, kind, archiveKind, true, RESTORE_USAGE);
    const service = new BackupService({
      databaseUrl: target.url,
      server: target.kind,
      backupDir: join(target.dataDir, 'backups'),
      pgBinDir: env.PG_BIN_DIR || undefined,
      migrations,
    });
    const result = await service.restore(dumpPath, { manifestPath, force: !!values.force });
    report(
      output,
      json,
      result,
      `restored ${result.backup} into ${result.database}: ${result.tables} tables, ${result.rows} rows, counts and checksums match the manifest` +
        (result.replaced ? ' (the previous database was replaced)' : '') +
        '; the server applies newer migrations when it starts' +
        (result.server === 'store'
          ? '; the store reconciles with HQ at its first sync and sells again after that (docs/backup.md "A restored store")'
          : '; stores send again what HQ lost at their next sync (docs/backup.md "Restoring HQ")'),
    );
    return 0;
  } catch (e) {
    return fail(output, json, 'restore', e);
  } finally {
    await target?.close().catch(() => undefined);
  }
}
