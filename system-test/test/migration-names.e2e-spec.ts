import { HQ_MIGRATIONS } from '@chain-erp/hq-server/migrations/index';
import { STORE_MIGRATIONS } from '@chain-erp/store-server/migrations/index';

/**
 * A restore tells which kind of server a database belongs to by its last migration's name
 * (BackupService.inspectTarget): a name that is both HQ's and a store's would make a store's
 * database look like HQ's (a store restore refused with BACKUP_WRONG_SERVER_KIND).
 */
describe('migration names', () => {
  it('no migration is named alike at HQ and at a store', () => {
    const name = (m: { name: string }) => m.name;
    const hq = new Set(HQ_MIGRATIONS.map(name));
    expect(STORE_MIGRATIONS.map(name).filter((n) => hq.has(n))).toEqual([]);
  });
});
