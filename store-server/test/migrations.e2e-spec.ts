import { CORE_ENTITIES } from '@chain-erp/shared';
import { checkMigrations } from '@chain-erp/shared/testing';
import { STORE_ENTITIES } from '../src/entities';
import { STORE_MIGRATIONS } from '../src/migrations';

describe('store migrations', () => {
  it('build the entities’ schema from an empty database, and revert cleanly', async () => {
    const result = await checkMigrations([...CORE_ENTITIES, ...STORE_ENTITIES], STORE_MIGRATIONS);
    expect(result.applied).toBe(STORE_MIGRATIONS.length);
    expect(result.pending).toEqual([]);
  });

  it('are listed in the order they run (by timestamp), so the last listed is the schema version', () => {
    const stamps = STORE_MIGRATIONS.map((m) => Number(/(\d{13})$/.exec(m.name)![1]));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });
});
