import { join } from 'node:path';
import { declaredStatements } from '@chain-erp/shared';
import { createTestDatabase, dropDatabase, prepareStatements, undeclaredRepositories } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server'; // loads every module, so every repository declares its statements

/** Repositories whose SQL is not declared yet (docs/roadmap.md, issue 25 §4): none. */
const NOT_YET: string[] = [];

describe('HQ repository SQL', () => {
  let url: string;
  beforeAll(async () => {
    url = await createTestDatabase(HQ_SERVER);
  });
  afterAll(async () => {
    if (url) await dropDatabase(url);
  });

  it('every statement a repository declares prepares against the migrated schema', async () => {
    const statements = declaredStatements('hq');
    expect(statements.length).toBeGreaterThan(50);
    expect(await prepareStatements(url, statements)).toEqual([]);
  });

  it('a renamed column or a missing parameter type fails the check, naming the statement', async () => {
    const failures = await prepareStatements(url, [
      { name: 'x.renamed', sql: `SELECT retail_prize FROM product WHERE id = $1` },
      { name: 'x.untyped', sql: `SELECT $1 IS NULL AS nothing` },
      { name: 'x.fine', sql: `SELECT retail_price FROM product WHERE id = $1` },
    ]);
    expect(failures).toEqual([
      { name: 'x.renamed', error: expect.stringContaining('retail_prize') },
      { name: 'x.untyped', error: expect.stringContaining('could not determine data type of parameter $1') },
    ]);
  });

  it('every repository declares its statements', () => {
    expect(undeclaredRepositories(join(__dirname, '../..'), ['hq-server/src', 'shared/src'])).toEqual(NOT_YET);
  });
});
