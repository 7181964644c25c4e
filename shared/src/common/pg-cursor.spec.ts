import { DataSource, type QueryRunner } from 'typeorm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmptyDatabase, dropDatabase } from '../testing';
import { xlsxFile } from '../excel/document-output';
import { readSheetRows } from '../excel/sheet-reader';
import { queryChunks } from './pg-cursor';

/**
 * Report exports read their rows from a cursor as the download is taken. The query below cannot
 * finish while another session holds an advisory lock (row 4,500 waits for it), so whatever
 * arrives before the lock is released was sent before the whole report was read.
 */
describe('queryChunks: exports streamed from a cursor', () => {
  let url: string;
  let ds: DataSource;
  let holder: QueryRunner;
  let dir: string;
  const SQL = `SELECT g AS n, repeat('商品', 20) || g AS name, CASE WHEN g = 4500 THEN pg_advisory_xact_lock_shared(4242)::text END AS w
               FROM generate_series(1, $1::int) g`;

  beforeAll(async () => {
    url = await createEmptyDatabase('pgcursor');
    ds = new DataSource({ type: 'postgres', url, entities: [], logging: false });
    await ds.initialize();
    dir = mkdtempSync(join(tmpdir(), 'pg-cursor-'));
  });
  beforeEach(async () => {
    holder = ds.createQueryRunner();
    await holder.query('SELECT pg_advisory_lock(4242)');
  });
  afterEach(async () => {
    await holder.query('SELECT pg_advisory_unlock_all()');
    await holder.release();
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });

  const idleConnections = async () =>
    Number((await ds.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'FETCH%' AND pid <> pg_backend_pid()`))[0].n);

  it('hands out the first chunk before the query has run to its end, then every row once, and frees its connection', async () => {
    const chunks = await queryChunks<{ n: number }>(ds, SQL, [6000], { chunk: 1000 });
    const seen: number[] = [];
    const it = chunks[Symbol.asyncIterator]();
    // rows 1–4,000 come while row 4,500 still waits for the lock
    for (let i = 0; i < 4; i++) seen.push(...((await it.next()).value as Array<{ n: number }>).map((r) => r.n));
    expect(seen.length).toBe(4000);
    const rest = (async () => {
      for (let r = await it.next(); !r.done; r = await it.next()) seen.push(...r.value.map((x) => x.n));
    })();
    await holder.query('SELECT pg_advisory_unlock_all()');
    await rest;
    expect(seen).toEqual(Array.from({ length: 6000 }, (_, i) => i + 1));
    expect(await idleConnections()).toBe(0);
  });

  it('an .xlsx report starts sending bytes before its query is read to the end, and holds every row', async () => {
    const file = await xlsxFile(
      'report.xlsx',
      'report',
      [
        { key: 'n', zh: '序号', kind: 'int' },
        { key: 'name', zh: '名称' },
      ],
      await queryChunks(ds, SQL, [6000], { chunk: 2000 }),
    );
    const stream = file.getStream();
    const got: Buffer[] = [];
    stream.on('data', (c: Buffer) => got.push(c));
    const ended = new Promise((ok, fail) => stream.on('end', ok).on('error', fail));
    // the first bytes arrive while the lock keeps the query from finishing (a guard, not a speed limit)
    for (let i = 0; i < 400 && !got.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(got.length).toBeGreaterThan(0);
    await holder.query('SELECT pg_advisory_unlock_all()');
    await ended;
    writeFileSync(join(dir, 'report.xlsx'), Buffer.concat(got));
    const rows: unknown[][] = [];
    for await (const r of readSheetRows({ file: join(dir, 'report.xlsx'), format: 'xlsx' })) rows.push(r.cells);
    // two header rows, then every row in order
    expect(rows.length).toBe(6002);
    expect(rows[2]).toEqual([1, `${'商品'.repeat(20)}1`]);
    expect(rows[6001][0]).toBe(6000);
  });

  it('a download cut off closes the cursor and gives the connection back', async () => {
    const chunks = await queryChunks(ds, SQL, [6000], { chunk: 1000 });
    await chunks.close();
    expect(await idleConnections()).toBe(0);
    // a query that fails fails before any download starts, and leaves no connection behind
    await expect(queryChunks(ds, 'SELECT 1/0 AS x', [])).rejects.toMatchObject({ driverError: { code: '22012' } });
  });
});
