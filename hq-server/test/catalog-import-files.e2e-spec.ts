import * as iconv from 'iconv-lite';
import { bearer, binaryParser, bootTestApp, type TestApp } from '@chain-erp/shared/testing';
import { HQ_SERVER } from '../src/server';
import { readWorkbook, workbook } from './import-fixtures';

/**
 * Imports of real-world files that must never store a wrong value (issue 18 §1): decimal commas,
 * GBK after 64 KB of ASCII, UTF-16, title rows, date cells, full-width characters, names where
 * codes belong, control characters, and the export → import round trip. One fixture per case,
 * generated here.
 */
describe('catalog imports that never store a wrong value', () => {
  let hq: TestApp;
  let admin: string;
  const api = () => hq.http();

  async function upload(path: string, file: Buffer, name: string, query = 'mode=commit') {
    return api().post(`/api/catalog/${path}/imports?${query}`).set(bearer(admin)).attach('file', file, name);
  }

  async function finished(id: string) {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const res = await api().get(`/api/catalog/imports/${id}`).set(bearer(admin)).expect(200);
      if (!['queued', 'running'].includes(res.body.state)) return res.body;
      if (Date.now() > deadline) throw new Error(`import ${id} still ${res.body.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function importFile(path: string, file: Buffer, name: string, query = 'mode=commit') {
    const res = await upload(path, file, name, query);
    expect([res.status, res.body.code]).toEqual([202, undefined]);
    return finished(res.body.id);
  }

  async function errorsOf(id: string): Promise<Array<{ row: number; column: string; code: string; message: string }>> {
    return (await api().get(`/api/catalog/imports/${id}/errors?pageSize=500`).set(bearer(admin)).expect(200)).body.items;
  }

  const product = async (code: string) => (await hq.dataSource.query('SELECT code, name, retail_price, unit_id, category_id FROM product WHERE code = $1', [code]))[0];

  beforeAll(async () => {
    hq = await bootTestApp(HQ_SERVER);
    admin = await hq.loginAdmin();
    for (const [path, body] of [
      ['units', { code: 'PCS', name: '个' }],
      ['units', { code: 'KG', name: '千克' }],
      ['suppliers', { code: 'S01', name: '华润供应链' }],
    ] as const) {
      await api().post(`/api/catalog/${path}`).set(bearer(admin)).send(body).expect(201);
    }
    const root = (await api().post('/api/catalog/categories').set(bearer(admin)).send({ code: 'C1', name: '食品' }).expect(201)).body;
    await api().post('/api/catalog/categories').set(bearer(admin)).send({ code: 'C11', name: '饮料', parentId: root.id }).expect(201);
  });

  afterAll(() => hq.close());

  it('a comma is a thousands separator only in whole groups: "12,50" is a row error saying what to write, never 1250', async () => {
    const csv = 'code,name,retailPrice\nF1,a,"12,50"\nF2,b,"1,234.50"\nF3,c,"1,2,3"\nF4,d,12.50\nF5,e,"1,23"\nF6,f,"12,500"\n';
    const res = await importFile('products', Buffer.from(csv), 'prices.csv', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', created: 3, rowsFailed: 3 });
    expect((await product('F2')).retail_price).toBe('1234.50');
    expect((await product('F4')).retail_price).toBe('12.50');
    expect((await product('F6')).retail_price).toBe('12500.00');
    for (const code of ['F1', 'F3', 'F5']) expect(await product(code)).toBeUndefined();
    const errors = await errorsOf(res.id);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'retailPrice', 'NOT_A_NUMBER'],
      [4, 'retailPrice', 'NOT_A_NUMBER'],
      [6, 'retailPrice', 'NOT_A_NUMBER'],
    ]);
    expect(errors[0].message).toContain('12.50');
    expect(errors[0].message).toContain('1,234.50');
  });

  it('decides the encoding on the whole file: a GBK file whose first 64 KB are ASCII keeps its Chinese names', async () => {
    const lines = ['code\tname\tretailPrice'];
    for (let i = 1; i <= 2000; i++) lines.push(`GA${String(i).padStart(4, '0')}\tplain ascii product name number ${i}\t1`);
    lines.push('GC01\t农夫山泉 550ml\t2', 'GC02\t康师傅红烧牛肉面\t4.5');
    const file = iconv.encode(lines.join('\r\n') + '\r\n', 'gbk');
    expect(file.subarray(0, 65_536).every((b) => b < 0x80)).toBe(true);
    const res = await importFile('products', file, 'gbk.txt');
    expect(res).toMatchObject({ state: 'committed', encoding: 'gb18030', created: 2002, rowsFailed: 0 });
    expect((await product('GC01')).name).toBe('农夫山泉 550ml');
    expect((await product('GC02')).name).toBe('康师傅红烧牛肉面');
    expect((await hq.dataSource.query("SELECT count(*)::int AS n FROM product WHERE name LIKE '%' || chr(65533) || '%'"))[0].n).toBe(0);
  });

  it('a text file mixing UTF-8 and GBK lines is refused at upload naming both, nothing stored (never garbled Chinese)', async () => {
    const file = Buffer.concat([Buffer.from('code\tname\r\nMX1\t可口可乐\r\n', 'utf8'), iconv.encode('MX2\t雪碧\r\n', 'gbk')]);
    const res = await upload('products', file, 'mixed.txt');
    expect([res.status, res.body.code]).toEqual([415, 'IMPORT_ENCODING']);
    expect(res.body.message).toContain('UTF-8');
    expect(res.body.message).toContain('GBK');
    expect(res.body.details).toEqual({ utf8Lines: [2], otherLines: [3] });
    expect(await product('MX1')).toBeUndefined();
    expect(await product('MX2')).toBeUndefined();
  });

  it('never stores a replacement character: bytes no encoding can read make a row error naming the encoding', async () => {
    const good = iconv.encode('code\tname\r\nGX1\t可乐\r\nGX2\t', 'gbk');
    // 0xFF is no byte of GBK/GB18030, and not UTF-8 either
    const file = Buffer.concat([good, Buffer.from([0x41, 0xff, 0x42]), iconv.encode('\r\nGX3\t雪碧\r\n', 'gbk')]);
    const res = await importFile('products', file, 'broken.txt', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', created: 2, rowsFailed: 1 });
    const [e] = await errorsOf(res.id);
    expect(e).toMatchObject({ row: 3, column: 'name', code: 'ENCODING' });
    expect(e.message).toContain('GB18030');
    expect(await product('GX2')).toBeUndefined();
  });

  it('reads UTF-16 LE and BE, with and without a byte order mark (Excel "Unicode text")', async () => {
    const text = (tag: string) => `商品编码\t商品名称\t零售价\r\n${tag}1\t可口可乐 330ml\t3.5\r\n${tag}2\t"雪碧, 大"\t4\r\n`;
    const variants: Array<[string, Buffer, string]> = [
      ['UL', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text('UL'), 'utf16le')]), 'utf16le'],
      ['UN', iconv.encode(text('UN'), 'utf16le'), 'utf16le'],
      ['UB', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text('UB'), 'utf16be')]), 'utf16be'],
      ['UM', iconv.encode(text('UM'), 'utf16be'), 'utf16be'],
    ];
    for (const [tag, file, encoding] of variants) {
      const res = await importFile('products', file, `${tag}.txt`);
      expect(res).toMatchObject({ state: 'committed', created: 2, encoding, delimiter: '\t' });
      expect((await product(`${tag}1`)).name).toBe('可口可乐 330ml');
      expect((await product(`${tag}2`)).name).toBe('雪碧, 大');
    }
  });

  it('finds the header under a merged title row (商品资料 2026-12) and reports sheet row numbers', async () => {
    const file = await workbook(
      [
        ['商品资料 2026-12'],
        ['制表：张三', null, '日期：2026-12-01'],
        [],
        ['商品编码*', '商品名称*', '单位编码', '零售价'],
        ['code', 'name', 'unitCode', 'retailPrice'],
        ['T1', '标题行商品一', 'PCS', '5'],
        ['T2', '标题行商品二', 'PCS', 'abc'],
        ['T3', '标题行商品三', 'KG', '7.5'],
      ],
      (ws) => ws.mergeCells('A1:D1'),
    );
    const res = await importFile('products', file, 'title.xlsx', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', headerRow: 4, headerRows: 5, rowsRead: 3, created: 2, rowsFailed: 1 });
    expect((await errorsOf(res.id)).map((e) => [e.row, e.code])).toEqual([[7, 'NOT_A_NUMBER']]);
    const annotated = await readWorkbook(
      (
        await api()
          .get(`/api/catalog/imports/${res.id}/error-file`)
          .set(bearer(admin))
          .buffer(true)
          .parse(binaryParser as never)
          .expect(200)
      ).body,
    );
    expect(annotated.get(1)![0]).toBe('商品资料 2026-12');
    expect(annotated.get(4)).toEqual(['商品编码*', '商品名称*', '单位编码', '零售价', '错误 / errors']);
    expect(annotated.get(7)!.slice(0, 4)).toEqual(['T2', '标题行商品二', 'PCS', 'abc']);
    expect(String(annotated.get(7)![4])).toContain('零售价');
  });

  it('without a header among the first rows, the refusal names the rows looked at', async () => {
    const res = await upload('products', await workbook([['商品资料'], ['A', 'B', 'C'], ['1', '2', '3']]), 'nohead.xlsx');
    expect([res.status, res.body.code]).toEqual([400, 'IMPORT_HEADER_MISSING']);
    expect(res.body.message).toContain('rows 1, 2, 3');
    expect(res.body.details.rowsLookedAt).toEqual([1, 2, 3]);
    // a row that is nearly the header says what it lacks
    const near = await upload('products', await workbook([['标题'], ['商品名称', '零售价'], ['x', '1']]), 'near.xlsx');
    expect([near.status, near.body.code]).toEqual([400, 'IMPORT_HEADER_MISSING']);
    expect(near.body.message).toContain('row 2');
    expect(near.body.fields.map((f: { field: string }) => f.field)).toEqual(['code']);
  });

  it('a date-formatted cell where a code or a number is expected is a row error, not the Excel serial', async () => {
    const file = await workbook([
      ['商品编码', '商品名称', '零售价'],
      [new Date(Date.UTC(2026, 0, 5)), '日期编码', '1'],
      ['DT2', '日期价格', new Date(Date.UTC(2026, 0, 5))],
      ['DT3', '正常', 3],
    ]);
    const res = await importFile('products', file, 'dates.xlsx', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', created: 1, rowsFailed: 2 });
    const errors = await errorsOf(res.id);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [2, 'code', 'UNEXPECTED_DATE'],
      [3, 'retailPrice', 'UNEXPECTED_DATE'],
    ]);
    expect(errors[0].message).toContain('2026-01-05');
    expect(await product('46027')).toBeUndefined();
    expect(await product('DT2')).toBeUndefined();
  });

  it('full-width digits and letters in codes, references, barcodes and numbers are read as their ASCII (NFKC)', async () => {
    const csv = '商品编码,商品名称,单位编码,条码,零售价\nＦＷ１,全角商品,ＰＣＳ,６９１２３４５６７８９０１,１２.５０\n';
    const res = await importFile('products', Buffer.from(csv), 'fullwidth.csv');
    expect(res).toMatchObject({ state: 'committed', created: 1 });
    const p = (await api().get('/api/catalog/products?search=FW1').set(bearer(admin)).expect(200)).body.items[0];
    expect(p).toMatchObject({ code: 'FW1', name: '全角商品', retailPrice: '12.5', barcodes: ['6912345678901'] });
    const pcs = (await hq.dataSource.query("SELECT id FROM unit WHERE code = 'PCS'"))[0].id;
    expect(p.unitId).toBe(pcs);
  });

  it('a name where a code belongs gets a message with the code to write ("个" → PCS, "饮料" → C11)', async () => {
    const csv = '商品编码,商品名称,单位编码,类别编码\nN1,名称当编码,个,饮料\nN2,没有的单位,箱,C11\nN3,没有的类别,PCS,NOPE\n';
    const res = await importFile('products', Buffer.from(csv), 'names.csv', 'mode=validate');
    const byCell = new Map((await errorsOf(res.id)).map((e) => [`${e.row}:${e.column}`, e]));
    expect(byCell.get('2:unitCode')!.message).toContain('PCS');
    expect(byCell.get('2:categoryCode')!.message).toContain('C11');
    // not a name of anything either: the few codes that exist are listed
    expect(byCell.get('3:unitCode')!.message).toContain('KG (千克), PCS (个)');
    expect(byCell.get('4:categoryCode')).toMatchObject({ code: 'UNKNOWN_REFERENCE' });
    expect(byCell.get('4:categoryCode')!.message).toContain('C1 (食品), C11 (饮料)');
  });

  it('" 12.5 " through the JSON API is stored trimmed, never a 500', async () => {
    const created = await api().post('/api/catalog/products').set(bearer(admin)).send({ code: ' API1 ', name: '  空格  ', retailPrice: ' 12.5 ', purchasePrice: '\t3\t' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'API1', name: '空格', retailPrice: '12.5', purchasePrice: '3' });
    const changed = await api().patch(`/api/catalog/products/${created.body.id}`).set(bearer(admin)).send({ memberPrice: ' 11 ' });
    expect([changed.status, changed.body.memberPrice]).toEqual([200, '11']);
    const bad = await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'API2', name: 'x', retailPrice: '12,50' });
    expect([bad.status, bad.body.code, bad.body.fields[0].field]).toEqual([400, 'VALIDATION_FAILED', 'retailPrice']);
  });

  it('uploaded file names are read as UTF-8, and no answer carries the server path of the file', async () => {
    const file = await workbook([
      ['code', 'name'],
      ['FN1', '文件名'],
    ]);
    const res = await upload('products', file, '商品资料.xlsx');
    expect(res.status).toBe(202);
    expect(res.body.fileName).toBe('商品资料.xlsx');
    expect(res.body).not.toHaveProperty('filePath');
    await finished(res.body.id);
    const one = (await api().get(`/api/catalog/imports/${res.body.id}`).set(bearer(admin)).expect(200)).body;
    expect(one.fileName).toBe('商品资料.xlsx');
    expect(one).not.toHaveProperty('filePath');
    const list = (await api().get('/api/catalog/imports?pageSize=100').set(bearer(admin)).expect(200)).body.items;
    expect(list.find((i: { id: string }) => i.id === res.body.id).fileName).toBe('商品资料.xlsx');
    expect(list.every((i: object) => !('filePath' in i))).toBe(true);
  });

  it('error files: a UTF-8 file name, and the failed-rows-only file keeps every row at its own row number', async () => {
    const rows: unknown[][] = [['商品编码', '商品名称', '零售价']];
    for (let i = 1; i <= 9; i++) rows.push([`EF${i}`, `错误文件 ${i}`, i === 3 || i === 8 ? 'x' : String(i)]);
    const res = await importFile('products', await workbook(rows), '商品资料.xlsx', 'mode=validate');
    expect(res).toMatchObject({ rowsFailed: 2 });
    const only = await api()
      .get(`/api/catalog/imports/${res.id}/error-file?failedOnly=true`)
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    expect(only.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('商品资料-errors.xlsx')}`);
    const sheet = await readWorkbook(only.body);
    expect([...sheet.keys()]).toEqual([1, 4, 9]);
    expect(sheet.get(4)!.slice(0, 3)).toEqual(['EF3', '错误文件 3', 'x']);
    expect(sheet.get(9)![0]).toBe('EF8');
    const errors = await errorsOf(res.id);
    expect(errors.map((e) => e.row)).toEqual([4, 9]);
  });

  it('control characters are refused at input, naming the field (names, codes, addresses), and in files', async () => {
    const p = await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'CC1', name: 'bell\u0007name' });
    expect([p.status, p.body.code, p.body.fields.map((f: { field: string }) => f.field)]).toEqual([400, 'VALIDATION_FAILED', ['name']]);
    const s = await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'CS1', name: '供应商', address: '第一行\n第二行' });
    expect([s.status, s.body.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['address']]);
    const nonchar = await api().post('/api/catalog/brands').set(bearer(admin)).send({ code: 'CB1', name: 'x\uffffy' });
    expect([nonchar.status, nonchar.body.fields[0].field]).toEqual([400, 'name']);
    const org = await api().post('/api/org-units').set(bearer(admin)).send({ code: 'S0C', name: '门店\u0001', kind: 'store', address: '地址\u001b' });
    expect([org.status, org.body.fields.map((f: { field: string }) => f.field).sort()]).toEqual([400, ['address', 'name']]);
    const ok = (await api().post('/api/catalog/suppliers').set(bearer(admin)).send({ code: 'CS2', name: '供应商二' }).expect(201)).body;
    const patched = await api().patch(`/api/catalog/suppliers/${ok.id}`).set(bearer(admin)).send({ contact: 'tab\there' });
    expect([patched.status, patched.body.fields[0].field]).toEqual([400, 'contact']);
    const csv = Buffer.from('code,name\nCC2,"ok"\nCC3,"del\u007fchar"\n');
    const res = await importFile('products', csv, 'ctrl.csv', 'mode=commit-valid');
    expect((await errorsOf(res.id)).map((e) => [e.row, e.column, e.code])).toEqual([[3, 'name', 'CONTROL_CHARACTER']]);
    expect(await hq.dataSource.query("SELECT code FROM product WHERE code IN ('CC1', 'CC3')")).toEqual([]);
  });

  it('export → import round trip: every character class the API accepts comes back unchanged', async () => {
    const names = [
      '可口可乐 330ml（罐装）',
      'emoji 🍜👨‍👩‍👧 and ZWJ',
      '𠀀𪚥 CJK extension B',
      'ＡＢＣ１２３ full-width ｶﾀｶﾅ half-width',
      'e\u0301 combining, ß, İ, Ω',
      'عربي עברית right-to-left',
      'quotes "\' <tag> &amp; & > <',
      '=SUM(A1:A2) +1 -1 @x',
      'private use \ue000, and \ufdd0 (a noncharacter XML allows)',
      'no\u00a0break\u2003em space\u200bzero width',
      '  inner  double  spaces  kept  ',
      '0001234',
      '12,50',
      '\u2028line separator char',
    ];
    for (let i = 0; i < names.length; i++) {
      const res = await api()
        .post('/api/catalog/products')
        .set(bearer(admin))
        .send({
          code: `RT-${i}_x.y`,
          name: names[i],
          shortName: Array.from(names[i]).slice(0, 20).join(''),
          retailPrice: '1234567890123.45',
          purchasePrice: '0.0001',
          barcodes: [`RT${i}-A_b.c`],
        });
      expect([res.status, res.body.message]).toEqual([201, undefined]);
      expect(res.body.name).toBe(names[i].trim());
    }
    const stored = await hq.dataSource.query("SELECT code, name, short_name, row_version FROM product WHERE code LIKE 'RT-%' ORDER BY code");
    const exported = await api()
      .get('/api/catalog/products/export?search=RT-')
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const res = await importFile('products', exported.body, 'export.xlsx');
    expect(res).toMatchObject({ state: 'committed', rowsRead: names.length, rowsFailed: 0, created: 0, updated: 0, unchanged: names.length });
    expect(await hq.dataSource.query("SELECT code, name, short_name, row_version FROM product WHERE code LIKE 'RT-%' ORDER BY code")).toEqual(stored);
  });

  it('a value stored before input was checked never makes an export the import (or Excel) cannot read', async () => {
    await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'LG1', name: '正常商品' }).expect(201);
    await api().post('/api/catalog/products').set(bearer(admin)).send({ code: 'LG2', name: 'placeholder' }).expect(201);
    // as the API stored it before this rule: a bell, a form feed and a noncharacter
    await hq.dataSource.query("UPDATE product SET name = 'old' || chr(7) || chr(12) || chr(65535) || 'name' WHERE code = 'LG2'");
    const exported = await api()
      .get('/api/catalog/products/export?search=LG')
      .set(bearer(admin))
      .buffer(true)
      .parse(binaryParser as never)
      .expect(200);
    const res = await importFile('products', exported.body, 'legacy.xlsx', 'mode=commit-valid');
    expect(res).toMatchObject({ state: 'committed', rowsRead: 2, unchanged: 1, rowsFailed: 1 });
    expect((await errorsOf(res.id)).map((e) => [e.column, e.code])).toEqual([['name', 'ENCODING']]);
    // the row the file could not carry is left as it was, not silently shortened
    expect((await product('LG2')).name).toBe('old\u0007\u000c\uffffname');
  });
});
