import { CORE_ENTITIES } from '@chain-erp/shared';
import { checkMigrations } from '@chain-erp/shared/testing';
import { HQ_ENTITIES } from '../src/entities';
import { HQ_MIGRATIONS } from '../src/migrations';

describe('HQ migrations', () => {
  it('build the entities’ schema from an empty database, and revert cleanly', async () => {
    const result = await checkMigrations([...CORE_ENTITIES, ...HQ_ENTITIES], HQ_MIGRATIONS);
    expect(result.applied).toBe(HQ_MIGRATIONS.length);
    expect(result.pending).toEqual([]);
  });
});
