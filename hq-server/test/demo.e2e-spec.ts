import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '@chain-erp/shared';

/** `npm run demo` as a user runs it: a child process, three healthy servers, a clean Ctrl-C. */
describe('the demo', () => {
  const root = resolve(__dirname, '../..');
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'chain-demo-'));
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts HQ and two stores, prints URLs and logins, and stops cleanly on SIGINT', async () => {
    const ports = { hq: await freePort(), s1: await freePort(), s2: await freePort(), redis: await freePort() };
    const env = { ...process.env, DEMO_DATA_DIR: dir, DEMO_HQ_PORT: String(ports.hq), DEMO_S001_PORT: String(ports.s1), DEMO_S002_PORT: String(ports.s2), DEMO_REDIS_PORT: String(ports.redis), LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const proc = spawn(process.execPath, [join(root, 'scripts/demo.js'), '--reset'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    await new Promise<void>((ok, fail) => {
      const t = setInterval(() => {
        if (out.includes('Demo ready')) {
          clearInterval(t);
          ok();
        } else if (proc.exitCode !== null) {
          clearInterval(t);
          fail(new Error(`demo exited early (${proc.exitCode}):\n${out}`));
        }
      }, 200);
    });
    expect(out).toContain(`http://127.0.0.1:${ports.hq}/docs`);
    expect(out).toMatch(/admin\s+admin12345/);
    for (const port of [ports.hq, ports.s1, ports.s2]) {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
    }
    const code = await new Promise<number | null>((ok) => {
      proc.once('exit', ok);
      proc.kill('SIGINT');
    });
    expect(code).toBe(0);
    child = undefined;
  }, 300_000);
});
