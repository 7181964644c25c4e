import { bootTestApp, hostileSweep, seedStoreUser, type TestApp } from '@chain-erp/shared/testing';
import { STORE_SERVER } from '../src/server';

/** Every operation in the store's OpenAPI document, fed malformed input: never a 5xx, always the error shape, nothing written. */
describe('store hostile-input sweep', () => {
  let store: TestApp;
  let token: string;
  beforeAll(async () => {
    store = await bootTestApp(STORE_SERVER);
    const u = await seedStoreUser(store.dataSource);
    token = await store.login(u.username, u.password);
  });
  afterAll(() => store.close());

  it('answers every malformed request with a coded 4xx and writes nothing', async () => {
    const report = await hostileSweep(store, token);
    process.stderr.write(
      `store hostile sweep: ${report.operations} operations, ${report.requests} requests ${JSON.stringify(report.families)}, slowest ${JSON.stringify(report.slowest)}\n`,
    );
    expect(report.operations).toBeGreaterThan(10);
    expect(report.serverErrors).toEqual([]);
    expect(report.badShape).toEqual([]);
    expect(report.accepted).toEqual([]);
    expect(report.changedTables).toEqual([]);
    expect(report.polluted).toEqual([]);
    for (const family of ['path', 'query', 'raw body', 'body']) expect(report.families[family]).toBeGreaterThan(report.operations);
  }, 1_200_000);
});
