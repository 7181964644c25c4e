import { AbstractLogger, DataSource, EntitySubscriberInterface, EventSubscriber, QueryFailedError } from 'typeorm';
import { createEmptyDatabase, dropDatabase } from '../testing';
import { copyIn, copyOut, copyTextRows } from './pg-copy';
import { preparedName, queryRows } from './sql';

/** Counts the statements TypeORM's `query()` runs (its BeforeQuery event). */
const seen: string[] = [];
@EventSubscriber()
class QuerySeen implements EntitySubscriberInterface {
  beforeQuery(event: { query: string }) {
    seen.push(event.query);
  }
}

/** Keeps the failures TypeORM's logger is told of. */
const logged: string[] = [];
class ErrorsKept extends AbstractLogger {
  protected writeLog(): void {}
  override logQueryError(error: string | Error, query: string) {
    logged.push(query);
  }
}

/**
 * Contract tests of the two places that lean on what TypeORM and pg do beyond their documented API
 * (docs/CONVENTIONS.md "Library internals"): `queryRows(…, { prepared: true })` hands pg a
 * `{ name, text }` config through TypeORM's `query()` — inside a transaction straight to the query
 * runner's `pg` client (`connect()`), keeping TypeORM's error type and error log —, and `copyIn`/`copyOut` drive pg's COPY
 * messages on the query runner's own client. An upgrade of typeorm or pg that changes either fails
 * here, not in production.
 */
describe('pg adapters against a real PostgreSQL', () => {
  let url: string;
  let ds: DataSource;

  beforeAll(async () => {
    url = await createEmptyDatabase('pgad');
    ds = new DataSource({ type: 'postgres', url, entities: [], subscribers: [QuerySeen], logging: ['error'], logger: new ErrorsKept(['error']) });
    await ds.initialize();
    await ds.query('CREATE TABLE t (id int PRIMARY KEY, name text)');
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(url);
  });

  it('a prepared query runs as a named statement of the session, inside the caller’s transaction', async () => {
    const sql = 'SELECT $1::int + count(*)::int AS n FROM t';
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const m = runner.manager;
      await m.query('INSERT INTO t VALUES (1, $1)', ['uncommitted']);
      expect(await queryRows<{ n: number }>(m, sql, [10], { prepared: true })).toEqual([{ n: 11 }]);
      expect(await queryRows<{ n: number }>(m, sql, [20], { prepared: true })).toEqual([{ n: 21 }]);
      const named = await queryRows<{ name: string }>(m, 'SELECT name FROM pg_prepared_statements WHERE name = $1', [preparedName(sql)]);
      expect(named).toEqual([{ name: preparedName(sql) }]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('inside a transaction a prepared query goes on the runner’s bare pg client: rows alike, TypeORM’s query() not run', async () => {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    try {
      const m = runner.manager;
      await m.query('INSERT INTO t VALUES (7, $1)', ['a']);
      seen.length = 0;
      const sql = 'UPDATE t SET name = $2 WHERE id = $1 RETURNING id, name';
      // UPDATE … RETURNING: the rows, as queryRows gives them through TypeORM (which answers [rows, affected])
      expect(await queryRows(m, sql, [7, 'b'], { prepared: true })).toEqual([{ id: 7, name: 'b' }]);
      expect(seen).toEqual([]);
      expect(await queryRows(m, sql, [7, 'c'])).toEqual([{ id: 7, name: 'c' }]);
      expect(seen).toEqual([sql]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    // outside a transaction TypeORM's query() runs it (it takes and gives back a pooled connection)
    seen.length = 0;
    expect(await queryRows(ds.manager, 'SELECT count(*)::int AS n FROM t', [], { prepared: true })).toEqual([{ n: 0 }]);
    expect(seen).toHaveLength(1);
  });

  it('on the bare client, a failure is TypeORM’s QueryFailedError with pg’s SQLSTATE and constraint, logged by TypeORM’s logger', async () => {
    const sql = 'INSERT INTO t VALUES ($1, $2)';
    const failed = ds.transaction(async (m) => {
      await queryRows(m, sql, [8, 'x'], { prepared: true });
      logged.length = 0;
      await queryRows(m, sql, [8, 'y'], { prepared: true });
    });
    await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failed).rejects.toMatchObject({ query: sql, parameters: [8, 'y'], driverError: { code: '23505', constraint: 't_pkey' } });
    expect(logged).toEqual([sql]);
    // rolled back as a whole
    expect(await ds.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('a prepared query that fails throws TypeORM’s QueryFailedError with pg’s SQLSTATE', async () => {
    await expect(queryRows(ds.manager, 'SELECT $1::int AS n', ['x'], { prepared: true })).rejects.toBeInstanceOf(QueryFailedError);
    await expect(queryRows(ds.manager, 'SELECT $1::int AS n', ['x'], { prepared: true })).rejects.toMatchObject({ driverError: { code: '22P02' } });
  });

  it('COPY FROM STDIN and TO STDOUT run on the transaction’s connection and see its rows', async () => {
    await ds.transaction(async (m) => {
      expect(
        await copyIn(
          m,
          'COPY t (id, name) FROM STDIN',
          copyTextRows([
            ['1', 'a\tb'],
            ['2', null],
          ]),
        ),
      ).toBe(2);
      const out = await copyOut(m, 'COPY (SELECT id, name FROM t ORDER BY id) TO STDOUT');
      expect(out).toEqual({ data: Buffer.from('1\ta\\tb\n2\t\\N\n'), rowCount: 2 });
    });
    expect(await ds.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 2 }]);
    await ds.query('DELETE FROM t');
  });

  it('a failed COPY throws QueryFailedError and leaves the connection usable after a rollback to savepoint', async () => {
    await ds.transaction(async (m) => {
      await m.query('SAVEPOINT before_copy');
      const failed = copyIn(m, 'COPY t (id, name) FROM STDIN', copyTextRows([['not a number', 'x']]));
      await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
      await expect(failed).rejects.toMatchObject({ driverError: { code: '22P02' } });
      await m.query('ROLLBACK TO SAVEPOINT before_copy');
      expect(await copyIn(m, 'COPY t (id, name) FROM STDIN', copyTextRows([['3', 'ok']]))).toBe(1);
    });
    expect(await ds.query('SELECT id, name FROM t')).toEqual([{ id: 3, name: 'ok' }]);
  });

  it('COPY refuses a manager with no transaction instead of taking some pooled connection', async () => {
    await expect(copyOut(ds.manager, 'COPY t TO STDOUT')).rejects.toThrow('COPY runs on the connection of a transaction');
  });
});
