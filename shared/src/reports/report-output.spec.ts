import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { readSheetRows } from '../excel/sheet-reader';
import { createEmptyDatabase, dropDatabase } from '../testing';
import { exportReport, type ReportColumn } from './report-output';

/**
 * The /api/reports/… exports (sales, members, stock movement, promotions) read their rows by
 * cursor and their 合计 totals by a second query in the same snapshot. The rows' query cannot finish while another
 * session holds an advisory lock (row 45,000 waits for it): bytes that arrive before the lock is
 * released were sent before the report was read to its end.
 */
describe('report exports streamed from a cursor', () => {
  let url: string;
  let ds: DataSource;
  let holder: QueryRunner;
  let dir: string;
  const N = 60_000;
  const rows = `SELECT 'S' || lpad(g::text, 6, '0') AS "storeCode", g AS receipts, (g * 1.25)::numeric(14, 2)::text AS amount,
                       CASE WHEN g = 45000 THEN pg_advisory_xact_lock_shared(4343)::text END AS w
                FROM generate_series(1, $1::int) g ORDER BY g`;
  const totals = `SELECT sum(g)::int AS receipts, sum(g * 1.25)::numeric(14, 2)::text AS amount FROM generate_series(1, $1::int) g`;
  const columns: ReportColumn[] = [
    { key: 'storeCode', zh: '门店', en: 'store' },
    { key: 'receipts', zh: '单数', en: 'receipts', kind: 'int' },
    { key: 'amount', zh: '金额', en: 'amount', kind: 'money' },
  ];

  beforeAll(async () => {
    url = await createEmptyDatabase('reportexport');
    ds = new DataSource({ type: 'postgres', url, entities: [], logging: false });
    await ds.initialize();
    dir = mkdtempSync(join(tmpdir(), 'report-export-'));
  });
  beforeEach(async () => {
    holder = ds.createQueryRunner();
    await holder.query('SELECT pg_advisory_lock(4343)');
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

  const cursors = async () =>
    Number((await ds.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'FETCH%' AND pid <> pg_backend_pid()`))[0].n);

  it('sends its first bytes before the rows are read to the end, then every row and the right 合计 row', async () => {
    const file = await exportReport(ds, { title: '销售分析 sales', columns, sql: rows, totalsSql: totals, params: [N] });
    const stream = file.getStream();
    const got: Buffer[] = [];
    stream.on('data', (c: Buffer) => got.push(c));
    const ended = new Promise((ok, fail) => stream.on('end', ok).on('error', fail));
    // the first bytes arrive while the lock keeps the rows' query from finishing (a guard, not a speed limit)
    for (let i = 0; i < 600 && !got.length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(got.length).toBeGreaterThan(0);
    expect(await cursors()).toBe(1);
    await holder.query('SELECT pg_advisory_unlock_all()');
    await ended;
    writeFileSync(join(dir, 'sales.xlsx'), Buffer.concat(got));
    const sheet: unknown[][] = [];
    for await (const r of readSheetRows({ file: join(dir, 'sales.xlsx'), format: 'xlsx' })) sheet.push(r.cells);
    // Chinese and English headers, N rows in order, the totals row
    expect(sheet.length).toBe(N + 3);
    expect(sheet[0]).toEqual(['门店', '单数', '金额']);
    expect(sheet[1]).toEqual(['store', 'receipts', 'amount']);
    expect(sheet[2]).toEqual(['S000001', 1, 1.25]);
    expect(sheet[N + 1]).toEqual([`S0${N}`, N, N * 1.25]);
    // Σ g = N(N+1)/2; Σ 1.25 g exact to the cent
    expect(sheet[N + 2]).toEqual(['合计 Total', (N * (N + 1)) / 2, (N * (N + 1) * 1.25) / 2]);
    expect(await cursors()).toBe(0);
  });

  it('its 合计 row adds up the rows above it even when sales land during the download (one snapshot)', async () => {
    await ds.query('CREATE TABLE sold (g int NOT NULL)');
    await ds.query('INSERT INTO sold SELECT g FROM generate_series(1, 5000) g');
    const file = await exportReport(ds, {
      title: 'x',
      columns,
      sql: `SELECT 'S' || g AS "storeCode", g AS receipts, g::numeric(14, 2)::text AS amount FROM sold ORDER BY g`,
      totalsSql: 'SELECT sum(g)::int AS receipts, sum(g)::numeric(14, 2)::text AS amount FROM sold',
      params: [],
    });
    // the first of three chunks is read: a sale lands now, before the rest and the totals are read
    await ds.query('INSERT INTO sold VALUES (100000)');
    const got: Buffer[] = [];
    const stream = file.getStream();
    stream.on('data', (c: Buffer) => got.push(c));
    await new Promise((ok, fail) => stream.on('end', ok).on('error', fail));
    writeFileSync(join(dir, 'snapshot.xlsx'), Buffer.concat(got));
    const sheet: unknown[][] = [];
    for await (const r of readSheetRows({ file: join(dir, 'snapshot.xlsx'), format: 'xlsx' })) sheet.push(r.cells);
    expect(sheet.length).toBe(5000 + 3);
    expect(sheet[5002]).toEqual(['合计 Total', (5000 * 5001) / 2, (5000 * 5001) / 2]);
  });

  it('a download cut off ends the cursor and gives its connection back; a bad query fails before any byte', async () => {
    const file = await exportReport(ds, { title: 'x', columns, sql: rows, totalsSql: totals, params: [N] });
    const stream = file.getStream();
    stream.resume();
    stream.destroy();
    await holder.query('SELECT pg_advisory_unlock_all()');
    for (let i = 0; i < 200 && (await cursors()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await cursors()).toBe(0);
    await expect(exportReport(ds, { title: 'x', columns, sql: 'SELECT 1/0 AS x', params: [] })).rejects.toMatchObject({ driverError: { code: '22012' } });
  });
});
