import { randomUUID } from 'node:crypto';
import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { PUSH_STREAMS } from '@chain-erp/shared';
import { HQ_SERVER } from '@chain-erp/hq-server/server';
import { STORE_SERVER } from '@chain-erp/store-server/server';
import { feedSettled } from './transfer-helpers';
import { buildProgram, EXIT } from '@chain-erp/transfer-tool/main';

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => (chunks.push(String(c)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  process.exitCode = 0;
  try {
    await buildProgram().parseAsync(['node', 'transfer-tool', ...args]);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out: chunks.join('') };
}

describe('transfer-tool CLI (same engine, two HTTP ports)', () => {
  let hq: TestApp;
  let store: TestApp;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    store = await bootTestApp(STORE_SERVER);
    const admin = await hq.loginAdmin();
    await hq
      .http()
      .post('/api/stores/open')
      .set(bearer(admin))
      .send({
        idempotencyKey: randomUUID(),
        code: 'S007',
        name: '七号店',
        warehouses: [{ code: 'S007-01', name: '卖场' }],
        users: [
          { username: 's007-admin', displayName: '店长', password: 'store-admin-1', role: 'store-admin' },
          { username: 's007-cashier', displayName: '收银', password: 'cashier-pass-1', role: 'cashier' },
        ],
        transferPassword: 'cli-transfer-secret',
      })
      .expect(201);
    await hq.dataSource.query(`INSERT INTO product (code, name, retail_price, row_version) VALUES ('C1', '命令行商品', 3.30, 1)`);
  });

  afterAll(async () => {
    delete process.env.TRANSFER_PASSWORD;
    await store?.close();
    await hq?.close();
  });

  it('init, sync, status with --json and exit codes; the password comes from the environment', async () => {
    process.env.TRANSFER_PASSWORD = 'wrong-password-1';
    const bad = await cli(['init', '--store', store.url, '--hq', hq.url, '--store-code', 'S007', '--warehouse', 'S007-01', '--json']);
    expect(bad.code).toBe(EXIT.auth);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false });
    process.env.TRANSFER_PASSWORD = 'cli-transfer-secret';
    const init = await cli(['init', '--store', store.url, '--hq', hq.url, '--store-code', 'S007', '--warehouse', 'S007-01', '--json']);
    expect(init.code).toBe(EXIT.ok);
    expect(JSON.parse(init.out).firstSync.ok).toBe(true);
    await hq.dataSource.query(`UPDATE product SET name = '命令行改名' WHERE code = 'C1'`);
    await feedSettled(hq);
    const sync = await cli(['sync', '--store', store.url, '--json']);
    expect(sync.code).toBe(EXIT.ok);
    expect(JSON.parse(sync.out).pulled.rows).toBeGreaterThanOrEqual(1);
    expect((await store.dataSource.query(`SELECT name FROM product WHERE code = 'C1'`))[0].name).toBe('命令行改名');
    const status = await cli(['status', '--store', store.url, '--json']);
    expect(status.code).toBe(EXIT.ok);
    expect(JSON.parse(status.out).streams.map((s: { stream: string }) => s.stream)).toEqual(['pull', ...PUSH_STREAMS.map((p) => p.name)]);
    expect(status.out).not.toContain('cli-transfer-secret');
    process.env.TRANSFER_PASSWORD = 'another-wrong-1';
    expect((await cli(['pull', '--store', store.url, '--json'])).code).toBe(EXIT.auth);
  });
});
