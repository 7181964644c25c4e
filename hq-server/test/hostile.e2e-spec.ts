import { Body, Controller, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public, ServerDefinition } from '@chain-erp/shared';
import { bootTestApp, hostileSweep, TestApp } from '@chain-erp/shared/testing';
import { HqAppModule } from '../src/app.module';
import { HQ_SERVER } from '../src/server';

/** Every operation in HQ's OpenAPI document, fed malformed input: never a 5xx, always the error shape, nothing written. */
describe('HQ hostile-input sweep', () => {
  let hq: TestApp;
  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
  });
  afterAll(() => hq.close());

  it('answers every malformed request with a coded 4xx and writes nothing', async () => {
    const token = await hq.loginAdmin();
    const report = await hostileSweep(hq, token);
    process.stderr.write(
      `hostile sweep: ${report.operations} operations, ${report.requests} requests ${JSON.stringify(report.families)}, slowest ${JSON.stringify(report.slowest)}\n`,
    );
    expect(report.operations).toBeGreaterThan(10);
    expect(report.requests).toBeGreaterThan(report.operations * 5);
    expect(report.serverErrors).toEqual([]);
    expect(report.badShape).toEqual([]);
    expect(report.accepted).toEqual([]);
    expect(report.changedTables).toEqual([]);
    expect(report.polluted).toEqual([]);
    for (const family of ['path', 'query', 'raw body', 'body']) expect(report.families[family]).toBeGreaterThan(report.operations);
  }, 1_200_000);
});

/** The sweep itself must be able to fail: a deliberately careless endpoint is caught. */
@Controller('careless')
class CarelessController {
  constructor(private readonly ds: DataSource) {}

  @Post()
  @Public()
  async take(@Body() body: unknown) {
    await this.ds.query(`INSERT INTO audit_log (entity_type, entity_id, action) VALUES ('x', 'y', 'z')`);
    if (Array.isArray(body)) throw new Error('unexpected body');
    return { ok: true };
  }
}

describe('hostile-input sweep (control)', () => {
  it('reports 5xx answers, accepted garbage and written rows', async () => {
    const def: ServerDefinition = { ...HQ_SERVER, module: (o) => ({ module: class CarelessApp {}, imports: [HqAppModule.register(o)], controllers: [CarelessController] }) };
    const app = await bootTestApp(def);
    try {
      const report = await hostileSweep(app, await app.loginAdmin(), { skip: (op) => !op.path.includes('careless') });
      expect(report.operations).toBe(1);
      expect(report.serverErrors.length).toBeGreaterThan(0);
      expect(report.accepted.length).toBeGreaterThan(0);
      expect(report.changedTables).toEqual([expect.stringMatching(/^audit_log/)]);
    } finally {
      await app.close();
    }
  }, 120_000);
});
