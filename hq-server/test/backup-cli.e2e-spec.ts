import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BackupManifest, compareChecksums } from '@chain-erp/shared';
import { TEST_ADMIN_PASSWORD } from '@chain-erp/shared/testing';

/**
 * `npm run backup` / `npm run restore` as a user runs them: child processes on the built code, on a
 * data folder with the embedded PostgreSQL, next to a real HQ server process (`npm test` builds first).
 */
const ROOT = join(__dirname, '..', '..');

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  for (const k of ['DATABASE_URL', 'DATA_DIR', 'BACKUP_DIR', 'PG_BIN_DIR']) delete env[k];
  return { ...env, ...extra };
}

function cli(script: 'backup' | 'restore', args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'scripts', `${script}.js`), ...args], { env: childEnv(), cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
  });
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** `node hq-server/dist/main.js` on the data folder, resolved once it prints its URL. */
function startHq(dataDir: string): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'hq-server', 'dist', 'main.js')], {
      env: childEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD: TEST_ADMIN_PASSWORD }),
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[0-9.:]+) /.exec(out); // the whole URL, not a chunk of it
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`HQ server exited (${code}): ${out}`)));
  });
}

function stopHq(server: ServerProcess): Promise<void> {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once('exit', () => resolve());
    server.child.kill('SIGTERM');
  });
}

async function call(server: ServerProcess, method: string, path: string, token?: string, body?: object): Promise<any> {
  const res = await fetch(server.url + path, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const login = async (s: ServerProcess) => (await call(s, 'POST', '/api/auth/login', undefined, { username: 'admin', password: TEST_ADMIN_PASSWORD })).accessToken as string;

describe('npm run backup / npm run restore on an embedded data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'chain-cli-hq-'));
  const otherOut = mkdtempSync(join(tmpdir(), 'chain-cli-out-'));
  let server: ServerProcess | undefined;

  afterAll(async () => {
    if (server) await stopHq(server);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(otherOut, { recursive: true, force: true });
  });

  it('backs up a running server, refuses to restore under it, restores once it is stopped', async () => {
    expect((await cli('backup', [])).code).toBe(2);

    server = await startHq(dataDir);
    let token = await login(server);
    const s1 = await call(server, 'POST', '/api/org-units', token, { code: 'S001', name: '一号店', kind: 'store' });

    // the server's own PostgreSQL is used (port from postmaster.pid), not a second one
    const backup = await cli('backup', ['hq', '--data-dir', dataDir, '--json']);
    expect([backup.code, backup.stderr, backup.json?.message]).toEqual([0, '', undefined]);
    const manifest: BackupManifest = backup.json.manifest;
    expect(manifest).toMatchObject({ server: 'hq', orgCode: 'HQ', database: 'chain_hq' });
    expect(backup.json.path).toBe(join(dataDir, 'backups', `${manifest.name}.dump`));
    const archive: string = backup.json.path;

    const underServer = await cli('restore', [archive, '--data-dir', dataDir, '--force', '--json']);
    expect([underServer.code, underServer.json?.code]).toEqual([5, 'BACKUP_SERVER_RUNNING']);

    // changes after the backup: insert, update
    await call(server, 'POST', '/api/org-units', token, { code: 'S002', name: '二号店', kind: 'store' });
    await call(server, 'PATCH', `/api/org-units/${s1.id}`, token, { name: '改名店' });
    await stopHq(server);
    server = undefined;

    // with the server stopped the CLI starts the embedded cluster itself
    const second = await cli('backup', ['hq', '--data-dir', dataDir, '--out', otherOut, '--json']);
    expect(second.code).toBe(0);
    expect(second.json.manifest.tables.find((t: { table: string }) => t.table === 'public.org_unit').rows).toBe(3);

    const noForce = await cli('restore', [archive, '--data-dir', dataDir]);
    expect(noForce.code).toBe(5);
    expect(noForce.stderr).toMatch(/^restore failed \[BACKUP_TARGET_NOT_EMPTY\]: .*--force/);
    expect(noForce.stderr.trim().split('\n')).toHaveLength(1);

    const flipped = join(otherOut, `${manifest.name}.dump`);
    copyFileSync(archive, flipped);
    const bytes = readFileSync(flipped);
    bytes[bytes.length >> 1] ^= 0x01;
    writeFileSync(flipped, bytes);
    copyFileSync(join(dataDir, 'backups', `${manifest.name}.manifest.json`), join(otherOut, `${manifest.name}.manifest.json`));
    expect((await cli('restore', [flipped, '--data-dir', dataDir, '--force', '--json'])).json).toMatchObject({ ok: false, code: 'BACKUP_ARCHIVE_CORRUPT', exitCode: 4 });
    expect((await cli('restore', ['store', archive, '--data-dir', dataDir, '--force', '--json'])).json).toMatchObject({ code: 'BACKUP_WRONG_SERVER_KIND', exitCode: 4 });

    const restored = await cli('restore', [archive, '--data-dir', dataDir, '--force', '--json']);
    expect([restored.code, restored.stderr]).toEqual([0, '']);
    expect(restored.json).toMatchObject({ ok: true, database: 'chain_hq', backup: manifest.name, replaced: true });

    // what is in the database now is exactly what the manifest describes (a fresh backup recomputes it)
    const after = await cli('backup', ['hq', '--data-dir', dataDir, '--out', join(otherOut, 'after'), '--json']);
    expect(after.code).toBe(0);
    // plus the restore's mark: a new incarnation of the database (stores learn from it that HQ went back)
    expect(compareChecksums(manifest.tables, after.json.manifest.tables)).toEqual(['public.database_incarnation: 2 rows, expected 1']);
    expect(restored.json.incarnationId).toEqual(expect.any(String));

    // and the server starts on it as usual
    server = await startHq(dataDir);
    token = await login(server);
    const orgs = await call(server, 'GET', '/api/org-units', token);
    expect(orgs.items.map((o: { code: string; name: string }) => `${o.code} ${o.name}`).sort()).toEqual(['HQ 总部 Headquarters', 'S001 一号店']);
  }, 300_000);
});
