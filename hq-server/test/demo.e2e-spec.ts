import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, httpCall } from '@chain-erp/shared';

/**
 * `npm run demo` as a user runs it: a child process in its own process group (a terminal's Ctrl-C
 * reaches the whole group), three healthy servers, run twice on the same data folder — every step
 * succeeds both times — and stopped cleanly by Ctrl-C, also during start-up.
 */
describe('the demo', () => {
  const root = resolve(__dirname, '../..');
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'chain-demo-'));
  });
  afterAll(() => {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** A port fetch refuses (WHATWG bad ports) that is free here. */
  async function badPort(): Promise<number> {
    for (const port of [6000, 6665, 6666, 6667, 6668, 6669, 6697, 10080]) {
      const free = await new Promise<boolean>((ok) => {
        const srv = createServer();
        srv.once('error', () => ok(false));
        srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
      });
      if (free) return port;
    }
    throw new Error('no bad port free');
  }

  function start(args: string[], ports: Record<string, number>) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DEMO_DATA_DIR: dir,
      DEMO_HQ_PORT: String(ports.hq),
      DEMO_S001_PORT: String(ports.s1),
      DEMO_S002_PORT: String(ports.s2),
      LOG_LEVEL: 'warn',
    };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    delete env.DEMO_REDIS_PORT;
    const proc = spawn(process.execPath, [join(root, 'scripts/demo.js'), ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = proc;
    const run = { proc, out: '' };
    proc.stdout.on('data', (d) => (run.out += d));
    proc.stderr.on('data', (d) => (run.out += d));
    return run;
  }

  const until = (run: { proc: ChildProcess; out: string }, text: string) =>
    new Promise<void>((ok, fail) => {
      const t = setInterval(() => {
        if (run.out.includes(text)) {
          clearInterval(t);
          ok();
        } else if (run.proc.exitCode !== null) {
          clearInterval(t);
          fail(new Error(`demo exited (${run.proc.exitCode}) before "${text}":\n${run.out}`));
        }
      }, 200);
    });

  const exited = (proc: ChildProcess) => new Promise<number | null>((ok) => (proc.exitCode !== null ? ok(proc.exitCode) : proc.once('exit', ok)));

  /** Ctrl-C in a terminal: SIGINT to the whole foreground process group. */
  const ctrlC = (proc: ChildProcess) => process.kill(-proc.pid!, 'SIGINT');

  function expectCleanRun(out: string) {
    expect(out).not.toMatch(/refused|POS_SHIFT_NOT_OPEN|IDEMPOTENCY_MISMATCH|failed:|exited unexpectedly/);
    expect(out).toContain('step 50-pos.js done');
    expect(out).toContain('step 60-membership.js done');
  }

  let ports: Record<string, number>;

  it('runs on a port fetch refuses (HQ on a WHATWG bad port) and every step succeeds', async () => {
    ports = { hq: await badPort(), s1: await freePort(), s2: await freePort() };
    const run = start(['--reset', '--exit'], ports);
    expect(await exited(run.proc)).toBe(0);
    expect(run.out).toContain('Demo ready');
    expect(run.out).toContain(`http://127.0.0.1:${ports.hq}/docs`);
    expect(run.out).toMatch(/admin\s+admin12345/);
    expect(run.out).toMatch(/jobs on BullMQ \(Redis redis:\/\/127\.0\.0\.1:\d+: own redis-server/);
    expectCleanRun(run.out);
    expect(run.out).toContain('[demo] stopped.');
  }, 600_000);

  it('runs again on the same data folder, every step succeeding, and stops cleanly on Ctrl-C', async () => {
    const run = start([], ports);
    await until(run, 'Demo ready');
    expect(run.out).toContain('run 2 on this data folder');
    expectCleanRun(run.out);
    for (const port of [ports.hq, ports.s1, ports.s2]) expect((await httpCall(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    ctrlC(run.proc);
    expect(await exited(run.proc)).toBe(0);
    expect(run.out).toContain('[demo] stopped.');
    expect(run.out).not.toContain('presence lock connection lost');
    for (const port of [ports.hq, ports.s1, ports.s2]) await expect(httpCall(`http://127.0.0.1:${port}/api/health`, { timeoutMs: 2000 })).rejects.toThrow(/ECONNREFUSED/);
    child = undefined;
  }, 600_000);

  it('stops cleanly on Ctrl-C during start-up, without a stack trace', async () => {
    const ports = { hq: await freePort(), s1: await freePort(), s2: await freePort() };
    const run = start([], ports);
    await until(run, 'jobs on');
    ctrlC(run.proc);
    expect(await exited(run.proc)).toBe(0);
    expect(run.out).toContain('[demo] stopped.');
    expect(run.out).not.toMatch(/failed|\n\s+at /);
    expect(run.out).not.toContain('presence lock connection lost');
    child = undefined;
  }, 300_000);
});
