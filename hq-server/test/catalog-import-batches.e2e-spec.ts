import * as ExcelJS from 'exceljs';
import { bearer, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';

/**
 * Product imports over many batches (IMPORT_BATCH_ROWS=100): duplicates found across batch
 * boundaries, creates / updates / unchanged counted and audited per record, validate = commit's
 * answer without writing.
 */
describe('catalog import across batches', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();
  const header = ['code', 'name', 'unitCode', 'barcodes', 'retailPrice', 'purchasePrice', 'shelfLifeDays'];

  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async function importRows(rows: unknown[][], mode: string) {
    const res = await api()
      .post(`/api/catalog/products/imports?mode=${mode}`)
      .set(bearer(admin))
      .attach('file', await xlsx([header, ...rows]), 'p.xlsx');
    expect(res.status).toBe(202);
    for (;;) {
      const imp = (await api().get(`/api/catalog/imports/${res.body.id}`).set(bearer(admin)).expect(200)).body;
      if (!['queued', 'running'].includes(imp.state)) {
        const errors = (await api().get(`/api/catalog/imports/${imp.id}/errors?pageSize=500`).set(bearer(admin)).expect(200)).body.items as Array<{
          row: number;
          code: string;
          column: string;
        }>;
        return { imp, errors };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const q = (sql: string, params: unknown[] = []) => hq.dataSource.query(sql, params);
  const product = (i: number): unknown[] => [`K${String(i).padStart(4, '0')}`, `批量商品 ${i}`, 'PCS', `70${String(i).padStart(11, '0')}`, (i % 30) + 0.5, '1.25', 365];

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER, { env: { IMPORT_BATCH_ROWS: '100' } });
    admin = await hq.loginAdmin();
    await api().post('/api/catalog/units').set(bearer(admin)).send({ code: 'PCS', name: '个' }).expect(201);
  });

  afterAll(() => hq.close());

  it('finds duplicate codes and barcodes in earlier batches, and writes each good row once with its audit row', async () => {
    const rows = Array.from({ length: 450 }, (_, k) => product(k + 1));
    // sheet row = index + 2 (one header row)
    rows[249][0] = 'K0003'; // the code of row 4, two batches earlier
    rows[299][3] = `71000000000000;${rows[9][3]}`; // a second barcode that is row 11's first
    rows[399][3] = '72000000000000'; // a barcode first seen here …
    rows[420][3] = '72000000000000'; // … and repeated in the next batch
    const { imp, errors } = await importRows(rows, 'commit-valid');
    expect(new Map(errors.map((e) => [e.row, e.code]))).toEqual(
      new Map([
        [251, 'DUPLICATE_IN_FILE'],
        [301, 'DUPLICATE_IN_FILE'],
        [422, 'DUPLICATE_IN_FILE'],
      ]),
    );
    expect(errors.find((e) => e.row === 251)!.column).toBe('code');
    expect(errors.find((e) => e.row === 301)!.column).toBe('barcodes');
    expect(imp).toMatchObject({ state: 'committed', rowsRead: 450, rowsFailed: 3, rowsValid: 447, created: 447, updated: 0, unchanged: 0 });
    expect((await q("SELECT count(*)::int AS n FROM product WHERE code LIKE 'K%'"))[0].n).toBe(447);
    // the first of the duplicates won: K0003 is row 4's product, the repeated barcode row 401's
    expect((await q("SELECT name FROM product WHERE code = 'K0003'"))[0].name).toBe('批量商品 3');
    expect((await q("SELECT p.code FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE b.barcode = '72000000000000'"))[0].code).toBe('K0400');
    expect((await q("SELECT count(*)::int AS n FROM product_barcode WHERE barcode = '71000000000000'"))[0].n).toBe(0);
    const audits = await q(`SELECT entity_id, action, changes FROM audit_log WHERE entity_type = 'product' AND reason = $1`, [`import ${imp.id}`]);
    expect(audits.length).toBe(447);
    expect(new Set(audits.map((a: { entity_id: string }) => a.entity_id)).size).toBe(447);
    const k7 = (await q("SELECT id FROM product WHERE code = 'K0007'"))[0].id;
    const created = audits.find((a: { entity_id: string }) => a.entity_id === k7);
    expect(created.action).toBe('create');
    expect(Object.fromEntries(created.changes.map((c: { field: string; after: unknown }) => [c.field, c.after]))).toMatchObject({
      code: 'K0007',
      retailPrice: '7.5',
      purchasePrice: '1.25',
      shelfLifeDays: 365,
      barcodes: ['7000000000007'],
    });
  });

  it('a changed file: validate predicts, commit updates only changed rows (new version, audited diff), the rest is unchanged', async () => {
    const rows = Array.from({ length: 450 }, (_, k) => product(k + 1)).filter((r) => !['K0250', 'K0300', 'K0421'].includes(String(r[0])));
    const changedPrice = ['K0005', 'K0105', 'K0205', 'K0305'];
    for (const r of rows) if (changedPrice.includes(String(r[0]))) r[4] = '99.90';
    const k400 = rows.find((r) => r[0] === 'K0400')!;
    k400[3] = '72000000000000;73000000000000'; // one more barcode, the first one stays
    // a name with the characters COPY and JSON escape (audit rows go by COPY): stored and audited as typed
    const tricky = `反斜杠 \\ "引号" \\N 'x'`;
    rows.push([...product(451).slice(0, 1), tricky, ...product(451).slice(2)]);
    const versions = async (): Promise<Map<string, number>> =>
      new Map((await q("SELECT code, row_version FROM product WHERE code LIKE 'K%'")).map((r: { code: string; row_version: number }) => [r.code, r.row_version]));
    const before = await versions();

    const dry = await importRows(rows, 'validate');
    expect(dry.imp).toMatchObject({ state: 'validated', rowsFailed: 0, created: 1, updated: 5, unchanged: 442 });
    expect(await versions()).toEqual(before);
    expect((await q("SELECT count(*)::int AS n FROM product WHERE code = 'K0451'"))[0].n).toBe(0);

    const { imp } = await importRows(rows, 'commit');
    expect(imp).toMatchObject({ state: 'committed', rowsFailed: 0, created: 1, updated: 5, unchanged: 442 });
    const after = await versions();
    for (const [code, v] of before) expect([code, after.get(code)]).toEqual([code, [...changedPrice, 'K0400'].includes(code) ? v + 1 : v]);
    expect((await q("SELECT retail_price FROM product WHERE code = 'K0105'"))[0].retail_price).toBe('99.90');
    expect(await q("SELECT b.barcode, b.is_primary FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code = 'K0400' ORDER BY b.barcode")).toEqual([
      { barcode: '72000000000000', is_primary: true },
      { barcode: '73000000000000', is_primary: false },
    ]);
    const audits = await q(`SELECT a.action, a.changes, p.code FROM audit_log a JOIN product p ON p.id::text = a.entity_id WHERE a.reason = $1 ORDER BY p.code`, [
      `import ${imp.id}`,
    ]);
    expect(audits.map((a: { code: string; action: string }) => `${a.code}:${a.action}`)).toEqual([
      'K0005:update',
      'K0105:update',
      'K0205:update',
      'K0305:update',
      'K0400:update',
      'K0451:create',
    ]);
    expect(audits[1].changes).toEqual([{ field: 'retailPrice', before: '15.5', after: '99.9' }]);
    expect(audits[4].changes).toEqual([{ field: 'barcodes', before: ['72000000000000'], after: ['72000000000000', '73000000000000'] }]);
    expect((await q("SELECT name FROM product WHERE code = 'K0451'"))[0].name).toBe(tricky);
    expect(audits[5].changes).toContainEqual({ field: 'name', before: null, after: tricky });
    expect((await q('SELECT DISTINCT username, user_id::text FROM audit_log WHERE reason = $1', [`import ${imp.id}`])).length).toBe(1);

    // the same file again changes nothing
    const again = await importRows(rows, 'commit');
    expect(again.imp).toMatchObject({ state: 'committed', created: 0, updated: 0, unchanged: 448 });
    expect(await versions()).toEqual(after);
  });
});
