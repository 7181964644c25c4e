import { CORE_ENTITIES } from '@chain-erp/shared';
import { bootTestApp, checkMigrations, createEmptyDatabase, dropDatabase } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { HQ_ENTITIES } from '../src/entities';
import { HQ_MIGRATIONS } from '../src/migrations';

describe('HQ migrations', () => {
  it('build the entities’ schema from an empty database, and revert cleanly', async () => {
    const result = await checkMigrations([...CORE_ENTITIES, ...HQ_ENTITIES], HQ_MIGRATIONS);
    expect(result.applied).toBe(HQ_MIGRATIONS.length);
    expect(result.pending).toEqual([]);
  });

  it('are listed in the order they run (by timestamp), so the last listed is the schema version', () => {
    const stamps = HQ_MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)![1]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});

describe('several HQ instances starting together', () => {
  it('migrate an empty database once, queued on a lock, and all come up', async () => {
    const url = await createEmptyDatabase('multi');
    const apps = await Promise.all([bootTestApp(HQ_SERVER, { databaseUrl: url }), bootTestApp(HQ_SERVER, { databaseUrl: url }), bootTestApp(HQ_SERVER, { databaseUrl: url })]);
    try {
      const rows = await apps[0].dataSource.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name');
      expect(rows).toHaveLength(HQ_MIGRATIONS.length);
      expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
      for (const a of apps) await a.http().get('/api/health').expect(200);
      expect((await apps[0].dataSource.query('SELECT count(*)::int AS n FROM app_user'))[0].n).toBe(1);
    } finally {
      for (const a of apps) await a.close();
      await dropDatabase(url);
    }
  }, 120_000);
});
