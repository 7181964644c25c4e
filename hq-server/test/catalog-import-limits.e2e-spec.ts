import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HQ_SERVER } from '../src/server';
import { minimalXlsx, SHEET_HEAD, SHEET_TAIL, workbook, xmlRow } from './import-fixtures';

const MB = 1024 * 1024;

/**
 * Uploads that cannot take HQ down (issue 18 §2): zip bombs, a cell of millions of characters,
 * floods of empty rows, too many entries, rows and seconds. Each is answered with its own code
 * naming the limit — at upload where the file shows it, as a failed import with nothing written
 * where only the job can see it. (How fast is the benchmark's business; here: that it is refused.)
 */
describe('catalog import limits', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();

  const upload = (file: Buffer, name = 'bomb.xlsx', query = 'mode=commit') => api().post(`/api/catalog/products/imports?${query}`).set(bearer(admin)).attach('file', file, name);

  async function finished(id: string) {
    for (;;) {
      const res = await api().get(`/api/catalog/imports/${id}`).set(bearer(admin)).expect(200);
      if (!['queued', 'running'].includes(res.body.state)) return res.body;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const imports = async () => (await hq.dataSource.query('SELECT count(*)::int AS n FROM catalog_import'))[0].n as number;
  const products = async (like: string) => (await hq.dataSource.query('SELECT count(*)::int AS n FROM product WHERE code LIKE $1', [like]))[0].n as number;

  /** a refusal at upload: status, code, the limit it names; no import recorded, no file left behind */
  async function refused(file: Buffer, status: number, code: string, limit?: string) {
    const before = await imports();
    const res = await upload(file);
    expect([res.status, res.body.code]).toEqual([status, code]);
    if (limit) expect(res.body.details.limit).toBe(limit);
    expect(await imports()).toBe(before);
    const uploads = join(hq.config.dataDir, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
    return res.body;
  }

  beforeAll(async () => {
    // 10 s: room for the parse worker's start under jest (TypeScript transpiled on a cold cache), not for the import
    hq = await bootTestApp(HQ_SERVER, { env: { IMPORT_MAX_ROWS: '50', IMPORT_MAX_SECONDS: '10' } });
    admin = await hq.loginAdmin();
    await api().post('/api/catalog/units').set(bearer(admin)).send({ code: 'PCS', name: '个' }).expect(201);
    // HQ's boot (migrations) on a shared 2-core machine took over a minute at load 30
  }, 180_000);

  afterAll(() => hq.close());

  it('zip bombs of 1 GB and 256 MB of empty rows before the header are refused from the zip directory', async () => {
    for (const size of [1024 * MB, 256 * MB]) {
      const bomb = minimalXlsx({ head: SHEET_HEAD, unit: '<row/>', times: Math.floor(size / 6), tail: xmlRow(null, ['code', 'name']) + xmlRow(null, ['B1', 'x']) + SHEET_TAIL });
      expect(bomb.length).toBeLessThan(3 * MB);
      const body = await refused(bomb, 413, 'IMPORT_UNCOMPRESSED_TOO_LARGE', 'IMPORT_MAX_UNCOMPRESSED_MB');
      expect(body.message).toContain('IMPORT_MAX_UNCOMPRESSED_MB');
    }
  });

  it('empty rows within the size limit: the scan stops at IMPORT_MAX_EMPTY_ROWS, before or after the header', async () => {
    const before = minimalXlsx({
      head: SHEET_HEAD,
      unit: '<row/>',
      times: Math.floor((150 * MB) / 6),
      tail: xmlRow(null, ['code', 'name']) + xmlRow(null, ['B1', 'x']) + SHEET_TAIL,
    });
    await refused(before, 413, 'IMPORT_TOO_MANY_EMPTY_ROWS', 'IMPORT_MAX_EMPTY_ROWS');
    const after = minimalXlsx({ head: SHEET_HEAD + xmlRow(1, ['code', 'name']), unit: '<row/>', times: Math.floor((150 * MB) / 6), tail: xmlRow(null, ['B1', 'x']) + SHEET_TAIL });
    await refused(after, 413, 'IMPORT_TOO_MANY_EMPTY_ROWS', 'IMPORT_MAX_EMPTY_ROWS');
  });

  it('a header, data, then a flood of empty rows: the job fails with IMPORT_TOO_MANY_EMPTY_ROWS and writes nothing', async () => {
    const file = minimalXlsx({
      head: SHEET_HEAD + xmlRow(1, ['code', 'name']) + xmlRow(2, ['FLOOD1', 'x']),
      unit: '<row/>',
      times: Math.floor((150 * MB) / 6),
      tail: xmlRow(null, ['FLOOD2', 'y']) + SHEET_TAIL,
    });
    const res = await upload(file);
    expect(res.status).toBe(202);
    const imp = await finished(res.body.id);
    expect(imp).toMatchObject({ state: 'failed', errorCode: 'IMPORT_TOO_MANY_EMPTY_ROWS', created: 0 });
    expect(imp.message).toContain('IMPORT_MAX_EMPTY_ROWS');
    expect(await products('FLOOD%')).toBe(0);
  });

  it("a cell of 256 million characters in a 265 KB file is refused from the directory; a cell over Excel's 32,767 characters by the reader", async () => {
    const huge = minimalXlsx(
      { head: SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>name</t></is></c></row>' + SHEET_TAIL },
      {
        head: '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>',
        unit: 'a',
        times: 256_000_000,
        tail: '</t></si></sst>',
      },
    );
    expect(huge.length).toBeLessThan(1 * MB);
    await refused(huge, 413, 'IMPORT_UNCOMPRESSED_TOO_LARGE', 'IMPORT_MAX_UNCOMPRESSED_MB');
    const shared = minimalXlsx(
      { head: SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' + SHEET_TAIL },
      {
        head: '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>code</t></si><si><t>',
        unit: '长',
        times: 40_000_000,
        tail: '</t></si></sst>',
      },
    );
    await refused(shared, 413, 'IMPORT_CELL_TOO_LONG', 'MAX_CELL_CHARS');
    const inline = minimalXlsx({
      head: SHEET_HEAD + xmlRow(1, ['code', 'name']) + '<row r="2"><c r="A2" t="inlineStr"><is><t>',
      unit: 'x',
      times: 100 * MB,
      tail: '</t></is></c></row>' + SHEET_TAIL,
    });
    const body = await refused(inline, 413, 'IMPORT_CELL_TOO_LONG', 'MAX_CELL_CHARS');
    expect(body.message).toContain('A2');
    // found by the job, past the first data row the upload reads
    const csv = await upload(Buffer.from(`code,name\nLONG1,x\nLONG2,${'x'.repeat(40_000)}\n`), 'long.csv');
    expect([csv.status, csv.body.code]).toEqual([202, undefined]);
    expect(await finished(csv.body.id)).toMatchObject({ state: 'failed', errorCode: 'IMPORT_CELL_TOO_LONG' });
  });

  it('a zip whose directory understates the unpacked size is stopped at the size it claimed', async () => {
    const liar = minimalXlsx({
      head: SHEET_HEAD + xmlRow(1, ['code', 'name']),
      unit: '<row/>',
      times: Math.floor((100 * MB) / 6),
      tail: xmlRow(null, ['LIE1', 'x']) + SHEET_TAIL,
      claimSize: 4096,
    });
    await refused(liar, 400, 'IMPORT_FILE_CORRUPT');
  });

  it('a zip of thousands of entries is refused before any is read', async () => {
    const many = minimalXlsx(
      { head: SHEET_HEAD + xmlRow(1, ['code', 'name']) + xmlRow(2, ['E1', 'x']) + SHEET_TAIL },
      undefined,
      Array.from({ length: 5000 }, (_, i) => ({ name: `xl/media/i${i}.xml`, head: '<x/>' })),
    );
    const body = await refused(many, 413, 'IMPORT_TOO_MANY_ENTRIES', 'IMPORT_MAX_ZIP_ENTRIES');
    expect(body.message).toContain('5,005');
  });

  it('more data rows than IMPORT_MAX_ROWS: a failed import naming the limit, nothing written', async () => {
    const rows: unknown[][] = [['code', 'name', 'unitCode']];
    for (let i = 1; i <= 51; i++) rows.push([`MAX${i}`, `行 ${i}`, 'PCS']);
    const res = await upload(await workbook(rows), 'rows.xlsx', 'mode=commit-valid');
    expect(res.status).toBe(202);
    const imp = await finished(res.body.id);
    expect(imp).toMatchObject({ state: 'failed', errorCode: 'IMPORT_TOO_MANY_ROWS', created: 0 });
    expect(imp.message).toContain('IMPORT_MAX_ROWS');
    expect(await products('MAX%')).toBe(0);
    // at the limit is fine
    const ok = await upload(await workbook(rows.slice(0, 51)), 'rows.xlsx', 'mode=commit');
    expect(await finished(ok.body.id)).toMatchObject({ state: 'committed', created: 50 });
  });

  it('an import that outlives IMPORT_MAX_SECONDS fails with IMPORT_TIME_LIMIT and writes nothing', async () => {
    await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'LOCK1', name: 'locked' }).expect(201);
    // another transaction holds the row the import must update: the import waits on it
    const holder = hq.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await holder.query("SELECT id FROM product WHERE code = 'LOCK1' FOR UPDATE");
      const res = await upload(
        await workbook([
          ['code', 'name'],
          ['LOCKNEW', 'new'],
          ['LOCK1', 'changed'],
        ]),
        'slow.xlsx',
      );
      expect(res.status).toBe(202);
      const imp = await finished(res.body.id);
      expect(imp).toMatchObject({ state: 'failed', errorCode: 'IMPORT_TIME_LIMIT', created: 0 });
      expect(imp.message).toContain('IMPORT_MAX_SECONDS');
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await products('LOCKNEW')).toBe(0);
    expect((await hq.dataSource.query("SELECT name FROM product WHERE code = 'LOCK1'"))[0].name).toBe('locked');
  });

  it('while a bomb is refused, HQ answers other requests', async () => {
    const bomb = minimalXlsx({ head: SHEET_HEAD, unit: '<row/>', times: Math.floor((150 * MB) / 6), tail: SHEET_TAIL });
    const [refusal, health] = await Promise.all([upload(bomb), api().get('/api/catalog/units').set(bearer(admin))]);
    expect(refusal.status).toBe(413);
    expect(health.status).toBe(200);
  });
});
