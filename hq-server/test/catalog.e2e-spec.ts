import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { bearer, binaryParser, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CatalogImportService } from '../src/catalog/catalog-import.service';
import { HQ_SERVER } from '../src/server';

/** Base data at HQ: CRUD, versions, audit, scope, and the import/export paths a clerk uses. */
describe('catalog at HQ (base data, import, export)', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();

  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async function readXlsx(buf: Buffer): Promise<unknown[][]> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as never);
    const out: unknown[][] = [];
    wb.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1)));
    return out;
  }

  async function upload(path: string, file: Buffer, name: string, query = 'mode=commit', token = admin) {
    return api().post(`/api/catalog/${path}/imports?${query}`).set(bearer(token)).attach('file', file, name);
  }

  async function finished(id: string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await api().get(`/api/catalog/imports/${id}`).set(bearer(admin)).expect(200);
      if (!['queued', 'running'].includes(res.body.state)) return res.body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.state}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async function importFile(path: string, file: Buffer, name: string, query = 'mode=commit') {
    const res = await upload(path, file, name, query);
    expect(res.status).toBe(202);
    return finished(res.body.id);
  }

  const count = async (sql: string) => (await hq.dataSource.query(sql))[0].n as number;

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    // reference data through the API
    for (const [path, body] of [
      ['units', { code: 'PCS', name: '个' }],
      ['units', { code: 'KG', name: '千克' }],
      ['brands', { code: 'B01', name: '可口可乐' }],
      ['suppliers', { code: 'S01', name: '华润供应链', paymentTermsDays: 30 }],
    ] as const) {
      await api().post(`/api/catalog/${path}`).set(bearer(admin)).send(body).expect(201);
    }
    const root = (await api().post('/api/catalog/categories').set(bearer(admin)).send({ code: 'C1', name: '食品' }).expect(201)).body;
    await api().post('/api/catalog/categories').set(bearer(admin)).send({ code: 'C11', name: '饮料', parentId: root.id }).expect(201);
  });

  afterAll(() => hq.close());

  it('creates, reads, updates with an optimistic version, disables, and audits field changes', async () => {
    const cat = (await api().get('/api/catalog/categories?search=C11').set(bearer(admin)).expect(200)).body.items[0];
    const p = (
      await api()
        .post('/api/catalog/products')
        .set(bearer(admin))
        .send({ code: 'P1', name: '可乐 330ml', categoryId: cat.id, retailPrice: '3.50', purchasePrice: '2.1234', barcodes: ['6900000000011', '6900000000012'] })
        .expect(201)
    ).body;
    expect(p).toMatchObject({ code: 'P1', retailPrice: '3.5', purchasePrice: '2.1234', rowVersion: 1, barcodes: ['6900000000011', '6900000000012'], status: 'active' });
    const upd = (await api().patch(`/api/catalog/products/${p.id}`).set(bearer(admin)).send({ retailPrice: '3.80', expectedVersion: 1 }).expect(200)).body;
    expect(upd).toMatchObject({ retailPrice: '3.8', rowVersion: 2 });
    // a second writer with the old version loses with 409, its change is not applied
    const stale = await api().patch(`/api/catalog/products/${p.id}`).set(bearer(admin)).send({ retailPrice: '9.99', expectedVersion: 1 }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    // concurrent updates of the same version: exactly one wins
    const both = await Promise.all(
      ['4.00', '4.20'].map((price) => api().patch(`/api/catalog/products/${p.id}`).set(bearer(admin)).send({ retailPrice: price, expectedVersion: 2 })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = both.find((r) => r.status === 200)!.body.retailPrice;
    expect((await api().get(`/api/catalog/products/${p.id}`).set(bearer(admin))).body).toMatchObject({ retailPrice: winner, rowVersion: 3 });
    // without a version, concurrent changes of different fields both survive (rows are locked, not overwritten)
    await Promise.all([
      api().patch(`/api/catalog/products/${p.id}`).set(bearer(admin)).send({ memberPrice: '3.00' }).expect(200),
      api().patch(`/api/catalog/products/${p.id}`).set(bearer(admin)).send({ shortName: '可乐' }).expect(200),
    ]);
    expect((await api().get(`/api/catalog/products/${p.id}`).set(bearer(admin))).body).toMatchObject({ memberPrice: '3', shortName: '可乐', rowVersion: 5 });
    const trail = (await api().get(`/api/audit?entityType=product&entityId=${p.id}`).set(bearer(admin)).expect(200)).body.items;
    expect(trail.map((t: { action: string }) => t.action)).toContain('create');
    // a new record's audit lists every value it was given (decimals as the exact strings, barcodes too), and no empty ones
    const created = trail.find((t: { action: string }) => t.action === 'create').changes as Array<{ field: string; before: unknown; after: unknown }>;
    const byField = Object.fromEntries(created.map((c) => [c.field, c]));
    expect(byField).toMatchObject({
      id: { before: null, after: p.id },
      code: { before: null, after: 'P1' },
      categoryId: { before: null, after: cat.id },
      retailPrice: { before: null, after: '3.5' },
      purchasePrice: { before: null, after: '2.1234' },
      batchManaged: { before: null, after: false },
      status: { before: null, after: 'active' },
      barcodes: { before: null, after: ['6900000000011', '6900000000012'] },
    });
    expect(created.every((c) => c.after !== null)).toBe(true);
    expect(byField.memberPrice).toBeUndefined();
    expect(
      trail.some((t: { changes: Array<{ field: string; before: unknown; after: unknown }> }) =>
        t.changes.some((c) => c.field === 'retailPrice' && c.before === '3.5' && c.after === '3.8'),
      ),
    ).toBe(true);
    const disabled = (await api().post(`/api/catalog/products/${p.id}/disable`).set(bearer(admin)).send({}).expect(200)).body;
    expect(disabled.status).toBe('disabled');
    expect((await api().get('/api/catalog/products/by-barcode/6900000000012').set(bearer(admin)).expect(200)).body.code).toBe('P1');
  });

  it('answers bad input with 4xx codes and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM product');
    const bad = await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'bad code', name: '', retailPrice: '-1', taxRate: 'x', extra: 1 }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['code', 'name', 'retailPrice', 'taxRate', 'extra']));
    expect((await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'P1', name: 'dup' }).expect(409)).body.code).toBe('CATALOG_CODE_TAKEN');
    expect(
      (
        await api()
          .post('/api/catalog/products')
          .set(bearer(admin))
          .send({ code: 'PX', name: 'x', barcodes: ['6900000000011'] })
          .expect(409)
      ).body.code,
    ).toBe('CATALOG_BARCODE_TAKEN');
    expect(
      (await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'PX', name: 'x', categoryId: '00000000-0000-4000-8000-000000000000' }).expect(400)).body.code,
    ).toBe('CATALOG_UNKNOWN_REFERENCE');
    expect((await api().get('/api/catalog/products/nope').set(bearer(admin)).expect(400)).body.code).toBe('INVALID_ID');
    expect((await api().get('/api/catalog/products?sort=password').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await api().get('/api/catalog/products?categoryId=1').set(bearer(admin)).expect(400)).body.code).toBe('VALIDATION_FAILED');
    // a barcode look-up checks the format first; a well-formed unknown barcode is a 404
    for (const bad of ['x'.repeat(33), 'ab%20cd', '-123', '条码']) {
      expect(
        (
          await api()
            .get(`/api/catalog/products/by-barcode/${encodeURIComponent(bad)}`)
            .set(bearer(admin))
            .expect(400)
        ).body.code,
      ).toBe('CATALOG_INVALID_BARCODE');
    }
    expect((await api().get('/api/catalog/products/by-barcode/6999999999999').set(bearer(admin)).expect(404)).body.code).toBe('NOT_FOUND');
    expect(await count('SELECT count(*)::int AS n FROM product')).toBe(before);
  });

  it('refuses corrupt, wrong, empty and headerless uploads with 4xx and writes nothing', async () => {
    const before = await count('SELECT count(*)::int AS n FROM catalog_import');
    expect((await api().post('/api/catalog/products/imports').set(bearer(admin)).send({}).expect(400)).body.code).toBe('IMPORT_FILE_REQUIRED');
    expect((await upload('products', Buffer.alloc(0), 'a.xlsx')).body.code).toBe('IMPORT_FILE_EMPTY');
    const good = await xlsx([
      ['code', 'name'],
      ['Z1', 'z'],
    ]);
    const cut = await upload('products', good.subarray(0, good.length - 30), 'cut.xlsx');
    expect([cut.status, cut.body.code]).toEqual([400, 'IMPORT_FILE_CORRUPT']);
    const png = await upload('products', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]), 'a.png');
    expect([png.status, png.body.code]).toEqual([415, 'IMPORT_FILE_TYPE']);
    const noHeader = await upload(
      'products',
      await xlsx([
        ['foo', 'bar'],
        ['1', '2'],
      ]),
      'h.xlsx',
    );
    expect([noHeader.status, noHeader.body.code]).toEqual([400, 'IMPORT_HEADER_MISSING']);
    expect((await upload('products', await xlsx([['code', 'name']]), 'e.xlsx')).body.code).toBe('IMPORT_FILE_EMPTY');
    expect((await upload('products', good, 'a.xlsx', 'mode=everything')).body.code).toBe('VALIDATION_FAILED');
    expect(await count('SELECT count(*)::int AS n FROM catalog_import')).toBe(before);
    // multer's temporary files of refused requests are gone too
    const uploads = join(hq.config.dataDir, 'uploads');
    expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([]);
  });

  describe('1,000 products with good and bad rows', () => {
    const header = ['商品编码', '商品名称', '类别编码', '单位编码', '条码', '零售价', '进价', '品牌编码'];
    const english = ['code', 'name', 'categoryCode', 'unitCode', 'barcodes', 'retailPrice', 'purchasePrice', 'brandCode'];
    /** rows 3.. ; every 100th row carries one kind of error */
    function sheet(prefix: string): { rows: unknown[][]; bad: Map<number, string> } {
      const rows: unknown[][] = [header, english];
      const bad = new Map<number, string>();
      for (let i = 1; i <= 1000; i++) {
        const row = i + 2;
        const r: unknown[] = [
          `${prefix}${String(i).padStart(4, '0')}`,
          `商品 ${i}`,
          'C11',
          'PCS',
          `${prefix === 'M' ? 691 : 692}${String(i).padStart(10, '0')}`,
          (i % 50) + 0.5,
          '1.2',
          'B01',
        ];
        switch (i % 100) {
          case 7:
            r[2] = 'NOPE';
            bad.set(row, 'UNKNOWN_REFERENCE');
            break;
          case 17:
            r[0] = `${prefix}0001`;
            bad.set(row, 'DUPLICATE_IN_FILE');
            break;
          // the first use of another product's barcode is taken; later ones also repeat it inside the file
          case 27:
            r[4] = '6900000000011';
            bad.set(row, i === 27 ? 'CATALOG_BARCODE_TAKEN' : 'DUPLICATE_IN_FILE');
            break;
          case 37:
            r[5] = -3;
            bad.set(row, 'OUT_OF_RANGE');
            break;
          case 47:
            r[5] = 'abc';
            bad.set(row, 'NOT_A_NUMBER');
            break;
          case 57:
            r[5] = { formula: 'F3*2', result: 1 };
            bad.set(row, 'FORMULA');
            break;
          case 67:
            r[1] = '长'.repeat(201);
            bad.set(row, 'TOO_LONG');
            break;
          case 77:
            r[1] = '';
            bad.set(row, 'REQUIRED');
            break;
        }
        rows.push(r);
      }
      return { rows, bad };
    }

    it('validate writes nothing and reports exactly the bad rows', async () => {
      const { rows, bad } = sheet('V');
      const res = await importFile('products', await xlsx(rows), 'v.xlsx', 'mode=validate');
      expect(res).toMatchObject({ state: 'validated', rowsRead: 1000, rowsFailed: bad.size, rowsValid: 1000 - bad.size, headerRows: 2 });
      const errors = (await api().get(`/api/catalog/imports/${res.id}/errors?pageSize=500`).set(bearer(admin)).expect(200)).body.items;
      expect(new Map(errors.map((e: { row: number; code: string }) => [e.row, e.code]))).toEqual(bad);
      expect(errors.every((e: { column: string; message: string }) => e.column && e.message)).toBe(true);
      expect(await count("SELECT count(*)::int AS n FROM product WHERE code LIKE 'V%'")).toBe(0);
    });

    it('commit is all or nothing', async () => {
      const { rows, bad } = sheet('A');
      const res = await importFile('products', await xlsx(rows), 'a.xlsx', 'mode=commit');
      expect(res).toMatchObject({ state: 'rejected', rowsFailed: bad.size });
      expect(await count("SELECT count(*)::int AS n FROM product WHERE code LIKE 'A%'")).toBe(0);
      const clean = rows.filter((_r, i) => !bad.has(i + 1));
      const ok = await importFile('products', await xlsx(clean), 'a2.xlsx', 'mode=commit');
      expect(ok).toMatchObject({ state: 'committed', rowsFailed: 0, created: 1000 - bad.size });
      expect(await count("SELECT count(*)::int AS n FROM product WHERE code LIKE 'A%'")).toBe(1000 - bad.size);
    });

    it('commit-valid lands exactly the good rows, and the annotated workbook round trip fixes the rest', async () => {
      const { rows, bad } = sheet('M');
      const res = await importFile('products', await xlsx(rows), 'm.xlsx', 'mode=commit-valid');
      expect(res).toMatchObject({ state: 'committed', rowsFailed: bad.size, created: 1000 - bad.size });
      const landed: string[] = (await hq.dataSource.query("SELECT code FROM product WHERE code LIKE 'M%' ORDER BY code")).map((r: { code: string }) => r.code);
      const expected = rows
        .slice(2)
        .filter((_r, i) => !bad.has(i + 3))
        .map((r) => String(r[0]));
      expect(landed).toEqual([...new Set(expected)].sort());
      expect(await count("SELECT count(*)::int AS n FROM product_barcode b JOIN product p ON p.id = b.product_id WHERE p.code LIKE 'M%'")).toBe(1000 - bad.size);
      expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'product' AND reason = 'import ${res.id}'`)).toBe(1000 - bad.size);

      const file = await api()
        .get(`/api/catalog/imports/${res.id}/error-file?failedOnly=true`)
        .set(bearer(admin))
        .buffer(true)
        .parse(binaryParser as never)
        .expect(200);
      const annotated = await readXlsx(file.body);
      expect(annotated[0][header.length]).toBe('错误 / errors');
      expect(annotated).toHaveLength(2 + bad.size);
      // the clerk fixes the rows the error column names and uploads the same workbook again
      const fixed = annotated.map((r, i) => {
        if (i < 2) return r.slice(0, header.length);
        const n = Number(String(r[0]).slice(1));
        return [`M${String(n).padStart(4, '0')}${i}`, `修正 ${n}`, 'C11', 'PCS', `699${String(i).padStart(10, '0')}`, '5', '1.2', 'B01'];
      });
      const again = await importFile('products', await xlsx(fixed), 'm-fixed.xlsx', 'mode=commit');
      expect(again).toMatchObject({ state: 'committed', rowsFailed: 0, created: bad.size });

      // the stored upload serves the error workbook only: gone at once without failed rows, after IMPORT_KEEP_DAYS with them
      // the upload is kept in the file store (PostgreSQL by default)
      const stored = async (id: string) =>
        (await hq.dataSource.query('SELECT count(*)::int AS n FROM stored_file f JOIN catalog_import i ON i.file_path = f.key WHERE i.id = $1', [id]))[0].n === 1;
      // removed right after the commit is recorded (the import's own process records it): wait for that, bounded
      for (let i = 0; i < 100 && (await stored(again.id)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await stored(again.id)).toBe(false);
      expect((await api().get(`/api/catalog/imports/${again.id}/error-file`).set(bearer(admin)).expect(410)).body.code).toBe('CATALOG_IMPORT_FILE_EXPIRED');
      expect(await stored(res.id)).toBe(true);
      await hq.dataSource.query("UPDATE catalog_import SET finished_at = now() - interval '8 days' WHERE id = $1", [res.id]);
      expect(await hq.app.get(CatalogImportService).removeExpiredFiles()).toBeGreaterThanOrEqual(1);
      expect(await stored(res.id)).toBe(false);
      expect((await api().get(`/api/catalog/imports/${res.id}/error-file`).set(bearer(admin)).expect(410)).body.code).toBe('CATALOG_IMPORT_FILE_EXPIRED');
    });
  });

  it('imports GBK tab-separated text with Chinese headers, and categories in a tree from one file', async () => {
    const cats = '类别编码\t类别名称\t上级类别编码\r\nG1\t日用品\t\r\nG11\t洗护\tG1\r\nG111\t洗发水\tG11\r\n';
    const c = await importFile('categories', iconv.encode(cats, 'gbk'), 'cats.txt');
    expect(c).toMatchObject({ state: 'committed', created: 3, encoding: 'gb18030', delimiter: '\t' });
    const leaf = (await api().get('/api/catalog/categories?search=G111').set(bearer(admin))).body.items[0];
    expect(leaf.path).toHaveLength(3);
    const text = '商品编码\t商品名称\t类别编码\t零售价\t条码\r\nT001\t洗发水 400ml\tG111\t29.90\t6930000000001\r\nT002\t护发素\tG111\t19.9\t6930000000002;6930000000003\r\n';
    const res = await importFile('products', iconv.encode(text, 'gbk'), 'goods.txt', 'mode=commit&encoding=gbk');
    expect(res).toMatchObject({ state: 'committed', created: 2 });
    const p = (await api().get('/api/catalog/products?barcode=6930000000003').set(bearer(admin))).body.items[0];
    expect(p).toMatchObject({ code: 'T002', name: '护发素', retailPrice: '19.9', barcodes: ['6930000000002', '6930000000003'] });
    // a category filter includes the subtree
    const g1 = (await api().get('/api/catalog/categories?search=G1&rootsOnly=true').set(bearer(admin))).body.items[0];
    expect((await api().get(`/api/catalog/products?categoryId=${g1.id}`).set(bearer(admin))).body.total).toBe(2);
    // moving G11 under C1 keeps codes and rewrites the subtree's paths
    const g11 = (await api().get('/api/catalog/categories?search=G11&pageSize=5').set(bearer(admin))).body.items.find((x: { code: string }) => x.code === 'G11');
    const c1 = (await api().get('/api/catalog/categories?search=C1&rootsOnly=true').set(bearer(admin))).body.items[0];
    await api().patch(`/api/catalog/categories/${g11.id}`).set(bearer(admin)).send({ parentId: c1.id }).expect(200);
    const moved = (await api().get(`/api/catalog/categories/${leaf.id}`).set(bearer(admin))).body;
    expect(moved).toMatchObject({ code: 'G111', path: [c1.id, g11.id, leaf.id], rowVersion: 2 });
    expect((await api().patch(`/api/catalog/categories/${c1.id}`).set(bearer(admin)).send({ parentId: leaf.id }).expect(409)).body.code).toBe('CATALOG_CATEGORY_CYCLE');
  });

  it('export → import gives the same data and changes nothing', async () => {
    const exported = await api()
      .get('/api/catalog/products/export?search=T00')
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(exported.body);
    expect(rows[0][0]).toBe('商品编码*');
    expect(rows[1][0]).toBe('code');
    expect(rows).toHaveLength(4);
    const before = await hq.dataSource.query("SELECT code, row_version, retail_price, category_id FROM product WHERE code LIKE 'T00%' ORDER BY code");
    const res = await importFile('products', exported.body, 'export.xlsx', 'mode=commit');
    expect(res).toMatchObject({ state: 'committed', rowsRead: 2, created: 0, updated: 0, unchanged: 2 });
    expect(await hq.dataSource.query("SELECT code, row_version, retail_price, category_id FROM product WHERE code LIKE 'T00%' ORDER BY code")).toEqual(before);
    // an edited export updates and bumps row versions
    const edited = await xlsx(rows.map((r, i) => (i >= 2 && r[0] === 'T001' ? r.map((v, j) => (j === rows[1].indexOf('retailPrice') ? '31.00' : v)) : r)));
    const upd = await importFile('products', edited, 'edited.xlsx', 'mode=commit');
    expect(upd).toMatchObject({ updated: 1, unchanged: 1 });
    expect((await hq.dataSource.query("SELECT row_version, retail_price FROM product WHERE code = 'T001'"))[0]).toEqual({
      row_version: before[0].row_version + 1,
      retail_price: '31.00',
    });
    const tpl = await api()
      .get('/api/catalog/products/import-template')
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect((await readXlsx(tpl.body))[1]).toContain('barcodes');
  });

  it('store users read base data but never write it; store prices are scoped to their store', async () => {
    const s1 = (await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S001', name: '一号店', kind: 'store' }).expect(201)).body;
    await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S002', name: '二号店', kind: 'store' }).expect(201);
    const roles = (await api().get('/api/roles?pageSize=100').set(bearer(admin))).body.items;
    const role = (
      await api()
        .post('/api/roles')
        .set(bearer(admin))
        .send({ code: 'store-catalog-max', name: 'x', permissions: ['catalog.read', 'catalog.product.write', 'catalog.import'], orgUnitId: s1.id })
        .expect(201)
    ).body;
    void roles;
    await api()
      .post('/api/users')
      .set(bearer(admin))
      .send({ username: 's001-clerk', displayName: '店员', password: 'clerk-pass-1', orgUnitId: s1.id, roleIds: [role.id] })
      .expect(201);
    const clerk = await hq.login('s001-clerk', 'clerk-pass-1');
    expect((await api().get('/api/catalog/products').set(bearer(clerk)).expect(200)).body.total).toBeGreaterThan(0);
    const before = await count('SELECT count(*)::int AS n FROM product');
    // catalog.product.write is HQ-level: a store user never holds it, whatever its role lists (docs/security.md)
    expect((await api().post('/api/catalog/products').set(bearer(clerk)).send({ code: 'STORE1', name: 'x' }).expect(403)).body).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { hqOnly: true },
    });
    expect(
      (
        await upload(
          'products',
          await xlsx([
            ['code', 'name'],
            ['STORE2', 'x'],
          ]),
          'x.xlsx',
          'mode=commit',
          clerk,
        )
      ).status,
    ).toBe(403);
    expect((await api().post('/api/catalog/suppliers').set(bearer(clerk)).send({ code: 'X', name: 'x' }).expect(403)).body.code).toBe('PERMISSION_DENIED');
    expect(await count('SELECT count(*)::int AS n FROM product')).toBe(before);
    const prices = 'storeCode,productCode,retailPrice,memberPrice,validFrom\nS001,T001,28.80,27.5,2026-01-01\nS002,T001,29.50,,2026-01-01\nS009,T001,1,,2026-01-01\n';
    const res = await importFile('store-prices', Buffer.from(prices), 'prices.csv', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', created: 2, rowsFailed: 1 });
    const mine = (await api().get('/api/catalog/store-prices').set(bearer(clerk)).expect(200)).body.items;
    expect(mine.map((p: { storeId: string; retailPrice: string }) => [p.storeId, p.retailPrice])).toEqual([[s1.id, '28.8']]);
    expect((await api().get('/api/catalog/store-prices').set(bearer(admin))).body.total).toBe(2);
  });
});
