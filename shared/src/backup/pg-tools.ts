import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { DomainException } from '../common/errors';
import { BackupError } from './backup.errors';

export type PgTool = 'pg_dump' | 'pg_restore';

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable database URL)';
  }
}

/**
 * libpq connection for a child process: the URL without its password on the command line (where
 * `ps` would show it) and the password in PGPASSWORD.
 */
export function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function majorOf(tool: string): number | undefined {
  const out = spawnSync(tool, ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(out.stdout ?? '');
  return m ? Number(m[1]) : undefined;
}

/**
 * Finds pg_dump / pg_restore of the server's major version: PG_BIN_DIR, then PATH, then Debian's
 * versioned folder (/usr/lib/postgresql/<major>/bin, which is there when several clients are
 * installed side by side). A dump by another major is refused rather than risked.
 */
export function findPgTool(tool: PgTool, serverMajor: number, pgBinDir?: string): string {
  const candidates: string[] = [];
  if (pgBinDir) candidates.push(join(pgBinDir, tool));
  else {
    for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) candidates.push(join(dir, tool));
    candidates.push(join('/usr/lib/postgresql', String(serverMajor), 'bin', tool));
  }
  const found: string[] = [];
  for (const file of candidates.filter(executable)) {
    const major = majorOf(file);
    if (major === serverMajor) return file;
    found.push(`${file} is ${major ?? 'of unknown version'}`);
  }
  const where = found.length ? ` (${found.join('; ')})` : pgBinDir ? ` (not in PG_BIN_DIR ${pgBinDir})` : ' (not on PATH)';
  throw new DomainException(
    BackupError.BACKUP_TOOLS_MISSING,
    `${tool} ${serverMajor} is needed for the PostgreSQL ${serverMajor} server${where}: apt-get install -y postgresql-client-${serverMajor}, or set PG_BIN_DIR to its bin folder / 需要 ${tool} ${serverMajor}`,
  );
}

/** Runs a PostgreSQL client tool; a failure carries its last stderr lines (never the password). */
export function runPgTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { ...process.env, ...env, PGCONNECT_TIMEOUT: '15' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      reject(new DomainException(BackupError.BACKUP_FAILED, `${file.split('/').pop()} failed (${signal ?? `exit ${code}`}): ${tail} / 数据库工具执行失败`));
    });
  });
}
