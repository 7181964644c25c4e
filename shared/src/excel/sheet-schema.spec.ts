import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import JSZip from 'jszip';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { join } from 'node:path';
import { DomainException } from '../common/errors';
import { Dec } from '../common/money';
import { isHeaderRow, mapHeader, parseCell, parseRow, type SheetColumn, type SheetSchema } from './sheet-schema';
import { readSheetRows, sniffSheet } from './sheet-reader';
import { ERROR_COLUMN_HEADER, writeAnnotated, writeTemplate } from './sheet-writer';

const schema: SheetSchema = {
  name: 'product',
  zhName: '商品',
  columns: [
    { key: 'code', zh: '商品编码', kind: 'code', required: true, maxLength: 8 },
    { key: 'name', zh: '商品名称', kind: 'text', required: true, maxLength: 10 },
    { key: 'retailPrice', zh: '零售价', kind: 'decimal', min: 0, scale: 2 },
    { key: 'shelfLifeDays', zh: '保质期天数', kind: 'int', min: 0, max: 3650 },
    { key: 'weighed', zh: '称重', kind: 'bool' },
    { key: 'status', zh: '状态', kind: 'enum', values: { active: 'active', 正常: 'active', discontinued: 'discontinued', 停售: 'discontinued' } },
    { key: 'barcodes', zh: '条码', kind: 'list', maxLength: 14, maxItems: 3 },
    { key: 'validFrom', zh: '生效日期', kind: 'date' },
  ],
};
const col = (key: string): SheetColumn => schema.columns.find((c) => c.key === key)!;

async function toFile(wb: ExcelJS.Workbook, path: string) {
  await wb.xlsx.writeFile(path);
  return path;
}

async function rows(path: string, name: string) {
  const out: unknown[][] = [];
  for await (const r of readSheetRows(await sniffSheet(path, name))) out.push(r.cells);
  return out;
}

describe('sheet schema: headers', () => {
  it('accepts Chinese, English and combined headers, with stars and any case', () => {
    const m = mapHeader(schema, ['商品编码*', 'NAME', '零售价 / retailPrice', 'nonsense', '条码(barcodes)']);
    expect([...m.byIndex.entries()].map(([i, c]) => [i, c.key])).toEqual([
      [0, 'code'],
      [1, 'name'],
      [2, 'retailPrice'],
      [4, 'barcodes'],
    ]);
    expect(m.unknown).toEqual(['nonsense']);
    expect(m.missing).toEqual([]);
  });

  it('reports required columns that are missing and a repeated column as unknown', () => {
    const m = mapHeader(schema, ['name', 'name']);
    expect(m.missing.map((c) => c.key)).toEqual(['code']);
    expect(m.unknown).toEqual(['name']);
  });

  it('recognises the second (English) header row of the template', () => {
    const m = mapHeader(schema, ['商品编码*', '商品名称*']);
    expect(isHeaderRow(schema, m, ['code', 'name'])).toBe(true);
    expect(isHeaderRow(schema, m, ['A001', 'name'])).toBe(false);
  });
});

describe('sheet schema: cells (every error kind)', () => {
  const err = (c: string, v: unknown) => {
    const r = parseCell(col(c), v);
    return 'error' in r ? r.error : `ok:${JSON.stringify(r.value)}`;
  };

  it('empty required field', () => {
    expect(err('code', '')).toBe('REQUIRED');
    expect(err('code', '   ')).toBe('REQUIRED');
    expect(err('code', null)).toBe('REQUIRED');
    expect(err('retailPrice', '')).toBe('ok:null');
    expect(err('barcodes', undefined)).toBe('ok:[]');
  });

  it('too-long text, counted in characters not bytes', () => {
    expect(err('name', '一二三四五六七八九十')).toBe('ok:"一二三四五六七八九十"');
    expect(err('name', '一二三四五六七八九十一')).toBe('TOO_LONG');
    expect(err('code', 'ABCDEFGHI')).toBe('TOO_LONG');
  });

  it('codes: letters, digits, _ . - and numbers typed as numbers', () => {
    expect(err('code', 'A-01.x_')).toBe('ok:"A-01.x_"');
    expect(err('code', 'A 01')).toBe('BAD_CODE');
    expect(err('code', 1001)).toBe('ok:"1001"');
  });

  it('text in a number cell, negative price, too many decimals, exact values', () => {
    expect(err('retailPrice', 'abc')).toBe('NOT_A_NUMBER');
    expect(err('retailPrice', '12.5元')).toBe('NOT_A_NUMBER');
    expect(err('retailPrice', -1)).toBe('OUT_OF_RANGE');
    expect(err('retailPrice', '-0.01')).toBe('OUT_OF_RANGE');
    expect(err('retailPrice', '1.005')).toBe('TOO_MANY_DECIMALS');
    expect(err('retailPrice', 0.1 + 0.2)).toBe('ok:"0.3"');
    expect(err('retailPrice', '¥1,234.50')).toBe('ok:"1234.5"');
    expect(err('retailPrice', 99999999999.99)).toBe('ok:"99999999999.99"');
    expect(err('retailPrice', Number.NaN)).toBe('NOT_A_NUMBER');
  });

  it('plain decimal cells give exactly what decimal.js gives: canonical value, bounds, places', () => {
    const dec = (c: SheetColumn, raw: unknown) => {
      const r = parseCell(c, raw);
      return 'error' in r ? r.error : r.value;
    };
    const price = col('retailPrice');
    const rate: SheetColumn = { key: 'taxRate', zh: '税率', kind: 'decimal', min: 0, max: 100, scale: 2 };
    const cost: SheetColumn = { key: 'cost', zh: '进价', kind: 'decimal', min: 0, scale: 4 };
    const fine: SheetColumn = { key: 'fine', zh: '细', kind: 'decimal', min: 0, scale: 6 };
    expect(dec(price, '007.50')).toBe('7.5');
    expect(dec(price, '12.00')).toBe('12');
    expect(dec(price, '0.')).toBe('0');
    expect(dec(price, '000')).toBe('0');
    expect(dec(price, ' 3.10 ')).toBe('3.1');
    expect(dec(price, '1.230')).toBe('1.23');
    expect(dec(price, '1.235')).toBe('TOO_MANY_DECIMALS');
    expect(dec(price, '123456789012345.5')).toBe('123456789012345.5');
    expect(dec(price, 42)).toBe('42');
    expect(dec(fine, '0.000001')).toBe('0.000001');
    expect(dec(cost, '0.70000')).toBe('0.7');
    expect(dec(rate, '100')).toBe('100');
    expect(dec(rate, '100.00')).toBe('100');
    expect(dec(rate, '100.01')).toBe('OUT_OF_RANGE');
    expect(dec(rate, '99.99')).toBe('99.99');
    expect(dec(rate, '101')).toBe('OUT_OF_RANGE');
    expect(dec(rate, 101)).toBe('OUT_OF_RANGE');
    const days = col('shelfLifeDays');
    expect(dec(days, 365)).toBe(365);
    expect(dec(days, -0)).toBe(0);
    expect(Object.is(dec(days, -0), -0)).toBe(false);
    expect(dec(days, -1)).toBe('OUT_OF_RANGE');
    expect(dec(days, 3651)).toBe('OUT_OF_RANGE');
    expect(dec(days, '3650')).toBe(3650);
    // many generated cells against decimal.js itself
    for (let i = 0; i < 2000; i++) {
      const int = String(Math.floor(Math.random() * 10 ** (1 + (i % 12)))).padStart(1 + (i % 3), '0');
      const frac = i % 4 === 0 ? '' : String(Math.floor(Math.random() * 10 ** (i % 6))).padStart(i % 6, '0');
      const s = frac ? `${int}.${frac}` : i % 8 === 1 ? `${int}.` : int;
      const d = new Dec(s);
      const want = d.decimalPlaces() > 4 ? 'TOO_MANY_DECIMALS' : d.toString();
      expect([s, dec(cost, s)]).toEqual([s, want]);
    }
  });

  it('integers and ranges', () => {
    expect(err('shelfLifeDays', '30')).toBe('ok:30');
    expect(err('shelfLifeDays', 2.5)).toBe('NOT_AN_INTEGER');
    expect(err('shelfLifeDays', 4000)).toBe('OUT_OF_RANGE');
  });

  it('formula cells and error cells', () => {
    expect(err('retailPrice', { formula: 'B2*2', result: 4 })).toBe('FORMULA');
    expect(err('name', { sharedFormula: 'A2', result: 'x' })).toBe('FORMULA');
    expect(err('retailPrice', { error: '#DIV/0!' })).toBe('CELL_ERROR');
  });

  it('booleans, enums in both languages, dates', () => {
    expect(err('weighed', '是')).toBe('ok:true');
    expect(err('weighed', 'no')).toBe('ok:false');
    expect(err('weighed', 'maybe')).toBe('NOT_A_BOOLEAN');
    expect(err('status', '停售')).toBe('ok:"discontinued"');
    expect(err('status', 'ACTIVE')).toBe('ok:"active"');
    expect(err('status', 'gone')).toBe('NOT_IN_LIST');
    expect(err('validFrom', '2026/3/1')).toBe('ok:"2026-03-01"');
    expect(err('validFrom', '2026-02-30')).toBe('NOT_A_DATE');
    expect(err('validFrom', 46082)).toBe('ok:"2026-03-01"');
    expect(err('validFrom', 'tomorrow')).toBe('NOT_A_DATE');
  });

  it('lists of barcodes', () => {
    expect(err('barcodes', '6901234567890;6901234567891')).toBe('ok:["6901234567890","6901234567891"]');
    expect(err('barcodes', '690123，690124、690125')).toBe('ok:["690123","690124","690125"]');
    expect(err('barcodes', 6901234567890)).toBe('ok:["6901234567890"]');
    expect(err('barcodes', '1;2;3;4')).toBe('TOO_MANY_ITEMS');
    expect(err('barcodes', '1;1')).toBe('DUPLICATE_IN_FILE');
    expect(err('barcodes', '123456789012345')).toBe('TOO_LONG');
  });

  it('a row collects every error with row number and column', () => {
    const m = mapHeader(schema, ['code', 'name', 'retailPrice']);
    const r = parseRow(m, ['', 'ok', 'x'], 7);
    expect(r.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, 'code', 'REQUIRED'],
      [7, 'retailPrice', 'NOT_A_NUMBER'],
    ]);
    expect(r.errors[1].message).toContain('零售价 / retailPrice');
  });
});

describe('sheet files: formats, encodings, refusal of bad files', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sheet-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads an .xlsx (first sheet only) including formula and rich text cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('data');
    ws.addRow(['code', 'name', 'retailPrice']);
    ws.addRow(['A1', { richText: [{ text: '可' }, { text: '乐' }] }, 3.5]);
    ws.addRow(['A2', 'x', { formula: 'C2*2', result: 7 }]);
    wb.addWorksheet('other').addRow(['ignored']);
    const path = await toFile(wb, join(dir, 'a.xlsx'));
    const r = await rows(path, 'a.xlsx');
    expect(r).toHaveLength(3);
    expect(r[1][0]).toBe('A1');
    const m = mapHeader(schema, r[0]);
    expect(parseRow(m, r[1], 2).values).toEqual({ code: 'A1', name: '可乐', retailPrice: '3.5' });
    expect(parseRow(m, r[2], 3).errors[0].code).toBe('FORMULA');
  });

  it('reads a workbook whose worksheet is stored before xl/workbook.xml (exceljs#3064)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('data').addRow(['code', 'name']);
    const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    // rels and shared strings first, then the sheet, the workbook part last: exceljs' streaming
    // reader used to parse the sheet with no workbook model and fail as a "corrupt" file
    const order = ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml'];
    const names = Object.keys(zip.files).filter((n) => !zip.files[n].dir);
    const reordered = new JSZip();
    for (const n of [...order, ...names.filter((x) => !order.includes(x) && x !== 'xl/workbook.xml'), 'xl/workbook.xml']) {
      reordered.file(n, await zip.file(n)!.async('nodebuffer'));
    }
    const path = join(dir, 'late-workbook.xlsx');
    writeFileSync(path, await reordered.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    expect(await rows(path, 'late-workbook.xlsx')).toEqual([['code', 'name']]);
  });

  it('reads GBK and UTF-8 text, comma or tab separated, with quotes', async () => {
    const text = '商品编码\t商品名称\t零售价\r\nA1\t可口可乐\t3.50\r\nA2\t"雪碧, 大"\t4\r\n';
    writeFileSync(join(dir, 'g.txt'), iconv.encode(text, 'gbk'));
    const src = await sniffSheet(join(dir, 'g.txt'), 'g.txt');
    expect(src).toMatchObject({ format: 'csv', encoding: 'gb18030', delimiter: '\t' });
    const r = await rows(join(dir, 'g.txt'), 'g.txt');
    expect(r[1]).toEqual(['A1', '可口可乐', '3.50']);
    expect(r[2][1]).toBe('雪碧, 大');
    writeFileSync(join(dir, 'u.csv'), '\ufeffcode,name\nA1,"可乐,大"\n');
    expect(await sniffSheet(join(dir, 'u.csv'), 'u.csv')).toMatchObject({ encoding: 'utf8', delimiter: ',' });
    expect((await rows(join(dir, 'u.csv'), 'u.csv'))[1]).toEqual(['A1', '可乐,大']);
  });

  it('honours an explicit encoding', async () => {
    writeFileSync(join(dir, 'e.csv'), iconv.encode('code,name\nA1,可乐\n', 'gbk'));
    const src = await sniffSheet(join(dir, 'e.csv'), 'e.csv', 'gbk');
    const out: unknown[][] = [];
    for await (const r of readSheetRows(src)) out.push(r.cells);
    expect(out[1]).toEqual(['A1', '可乐']);
  });

  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return e instanceof DomainException ? e.code : `unexpected ${e}`;
    }
  };

  it('refuses a text file that mixes UTF-8 and GBK lines, naming both (never reads the UTF-8 lines as GB18030)', async () => {
    const file = Buffer.concat([Buffer.from('code,name\nM1,可口可乐\n', 'utf8'), iconv.encode('M2,雪碧\nM3,芬达\n', 'gbk'), Buffer.from('M4,农夫山泉\n', 'utf8')]);
    writeFileSync(join(dir, 'mixed.csv'), file);
    const err = await sniffSheet(join(dir, 'mixed.csv'), 'mixed.csv').then(
      () => null,
      (e: unknown) => e as DomainException,
    );
    expect(err?.code).toBe('IMPORT_ENCODING');
    expect(err?.message).toContain('line(s) 2, 5 are UTF-8, line(s) 3, 4 are not (GBK?)');
    expect(err?.details).toEqual({ utf8Lines: [2, 5], otherLines: [3, 4] });
    // one encoding throughout is read as before; a forced encoding is the clerk's choice
    writeFileSync(join(dir, 'gbk-only.csv'), iconv.encode('code,name\nM2,雪碧\nM3,芬达\n', 'gbk'));
    expect(await sniffSheet(join(dir, 'gbk-only.csv'), 'gbk-only.csv')).toMatchObject({ encoding: 'gb18030' });
    expect(await sniffSheet(join(dir, 'mixed.csv'), 'mixed.csv', 'gbk')).toMatchObject({ encoding: 'gbk' });
    // UTF-8 that is not CJK, and UTF-8 with a line break inside a 3-byte character's place, stay exact
    writeFileSync(join(dir, 'u8.csv'), Buffer.from('code,name\nM5,Café ☕ 咖啡\n', 'utf8'));
    expect(await sniffSheet(join(dir, 'u8.csv'), 'u8.csv')).toMatchObject({ encoding: 'utf8' });
    writeFileSync(join(dir, 'cut.csv'), Buffer.concat([Buffer.from('code,name\nM6,', 'utf8'), Buffer.from([0xe5, 0x8f, 0x0a]), Buffer.from('M7,可乐\n', 'utf8')]));
    await expect(sniffSheet(join(dir, 'cut.csv'), 'cut.csv')).rejects.toMatchObject({ code: 'IMPORT_ENCODING', details: { utf8Lines: [3], otherLines: [2] } });
  });

  it('tells UTF-8 lines of accented Latin letters apart from the GBK lines around them', async () => {
    // "Café" in UTF-8 is also valid GBK ("Caf茅"): read as GB18030 it would be stored as wrong Chinese with no U+FFFD
    const latin = Buffer.concat([iconv.encode('code,name\nL1,雪碧\n', 'gbk'), Buffer.from('L2,Café Müller\nL3,Crème brûlée\n', 'utf8'), iconv.encode('L4,芬达\n', 'gbk')]);
    writeFileSync(join(dir, 'latin.csv'), latin);
    await expect(sniffSheet(join(dir, 'latin.csv'), 'latin.csv')).rejects.toMatchObject({ code: 'IMPORT_ENCODING', details: { utf8Lines: [3, 4], otherLines: [2, 5] } });
    expect(await sniffSheet(join(dir, 'latin.csv'), 'latin.csv', 'gbk')).toMatchObject({ encoding: 'gbk' });
    // GBK characters whose bytes are 2-byte UTF-8 (女 = C5 AE = "Ů", 木 目 = "ľ Ŀ", 鞋 = "Ь") but not inside Latin words stay GBK
    writeFileSync(join(dir, 'gbk-latin-bytes.csv'), iconv.encode('code,name\nL5,女\nL6,木 目\nL7,NIKE女鞋\nL8,雪碧\n', 'gbk'));
    expect(await sniffSheet(join(dir, 'gbk-latin-bytes.csv'), 'gbk-latin-bytes.csv')).toMatchObject({ encoding: 'gb18030' });
    expect((await rows(join(dir, 'gbk-latin-bytes.csv'), 'gbk-latin-bytes.csv')).map((r) => r[1])).toEqual(['name', '女', '木 目', 'NIKE女鞋', '雪碧']);
  });

  it('refuses empty, truncated, binary, old .xls and non-workbook zip files with codes', async () => {
    writeFileSync(join(dir, 'empty.xlsx'), '');
    expect(await code(sniffSheet(join(dir, 'empty.xlsx'), 'empty.xlsx'))).toBe('IMPORT_FILE_EMPTY');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('d').addRow(['code']);
    const good = readFileSync(await toFile(wb, join(dir, 'good.xlsx')));
    writeFileSync(join(dir, 'cut.xlsx'), good.subarray(0, Math.floor(good.length / 2)));
    expect(await code(sniffSheet(join(dir, 'cut.xlsx'), 'cut.xlsx'))).toBe('IMPORT_FILE_CORRUPT');
    writeFileSync(join(dir, 'img.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(await code(sniffSheet(join(dir, 'img.png'), 'img.png'))).toBe('IMPORT_FILE_TYPE');
    writeFileSync(join(dir, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]));
    expect(await code(sniffSheet(join(dir, 'old.xls'), 'old.xls'))).toBe('IMPORT_FILE_TYPE');
    writeFileSync(join(dir, 'fake.xlsx'), 'just text');
    expect(await code(sniffSheet(join(dir, 'fake.xlsx'), 'fake.xlsx'))).toBe('IMPORT_FILE_CORRUPT');
    writeFileSync(join(dir, 'a.pdf'), '%PDF-1.4 text');
    expect(await code(sniffSheet(join(dir, 'a.pdf'), 'a.pdf'))).toBe('IMPORT_FILE_TYPE');
  });

  it('writes a template that maps back to the schema (both header rows)', async () => {
    const path = join(dir, 'tpl.xlsx');
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(path);
      out.on('finish', resolve).on('error', reject);
      void writeTemplate(schema, out).catch(reject);
    });
    const r = await rows(path, 'tpl.xlsx');
    expect(r).toHaveLength(2);
    const m = mapHeader(schema, r[0]);
    expect(m.missing).toEqual([]);
    expect(m.byIndex.size).toBe(schema.columns.length);
    expect(isHeaderRow(schema, m, r[1])).toBe(true);
  });

  it('writes the uploaded rows back with an error column', async () => {
    const csv = join(dir, 'in.csv');
    writeFileSync(csv, 'code,name\nA1,ok\nA2,bad\n');
    const out = join(dir, 'annotated.xlsx');
    await new Promise<void>((resolve, reject) => {
      const s = createWriteStream(out);
      s.on('finish', resolve).on('error', reject);
      void sniffSheet(csv, 'in.csv')
        .then((src) => writeAnnotated(src, { headerRow: 1, headerRows: 1 }, new Map([[3, 'name: wrong']]), s))
        .catch(reject);
    });
    const r = await rows(out, 'annotated.xlsx');
    expect(r[0]).toEqual(['code', 'name', ERROR_COLUMN_HEADER]);
    expect(r[1].slice(0, 2)).toEqual(['A1', 'ok']);
    expect(r[1][2] ?? null).toBeNull();
    expect(r[2]).toEqual(['A2', 'bad', 'name: wrong']);
  });
});

describe('xlsx reader: the same cells as exceljs row.values', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'sheet-rows-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** exceljs' own streaming rows (1-based values, hole at 0), holes as undefined, rich text flattened (as ours) */
  async function excelRows(path: string): Promise<Array<{ row: number; cells: unknown[] }>> {
    const out: Array<{ row: number; cells: unknown[] }> = [];
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit', entries: 'ignore' });
    const flat = (v: unknown) => (v && typeof v === 'object' && 'richText' in v ? (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('') : v);
    for await (const ws of reader) {
      for await (const row of ws as AsyncIterable<ExcelJS.Row>) out.push({ row: row.number, cells: Array.from((row.values as unknown[]).slice(1)).map(flat) });
      break;
    }
    return out;
  }
  async function ourRows(path: string): Promise<Array<{ row: number; cells: unknown[] }>> {
    const out: Array<{ row: number; cells: unknown[] }> = [];
    for await (const r of readSheetRows({ file: path, format: 'xlsx' })) out.push({ row: r.row, cells: Array.from(r.cells) });
    return out;
  }

  it('shared strings, rich text, numbers, booleans, errors, formulas, dates, gaps, entities', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品');
    ws.addRow(['商品编码', 'name', '零售价', 'flag']);
    ws.addRow(['A1', '可乐 & <雪碧>', 3.5, true]);
    ws.getCell('A3').value = { richText: [{ text: '红' }, { text: '茶', font: { bold: true } }] };
    ws.getCell('C3').value = { formula: 'B2*2', result: 7 };
    ws.getCell('D3').value = { error: '#N/A' };
    ws.getCell('F3').value = new Date(Date.UTC(2026, 0, 31));
    ws.getCell('B4').value = { formula: 'CONCAT("a","b")', result: 'ab' };
    ws.getCell('E5').value = 0;
    ws.getCell('A6').value = '  spaced  ';
    ws.getCell('AB7').value = 'far column';
    ws.getCell('A8').value = false;
    ws.getCell('B8').value = -12.345;
    ws.getCell('C8').value = '&amp;lt;';
    wb.addWorksheet('说明').addRow(['not data']);
    const path = join(dir, 'mixed.xlsx');
    await wb.xlsx.writeFile(path);
    const ours = await ourRows(path);
    // exceljs decodes the text of str/inlineStr cells twice ("&amp;lt;" → "<"): ours is the text written
    expect(ours.find((r) => r.row === 8)!.cells[2]).toBe('&amp;lt;');
    const theirs = await excelRows(path);
    theirs.find((r) => r.row === 8)!.cells[2] = '&amp;lt;';
    expect(ours).toEqual(theirs);
    expect(ours[1].cells).toEqual(['A1', '可乐 & <雪碧>', 3.5, true]);
    expect(ours.find((r) => r.row === 7)!.cells[27]).toBe('far column');
  });

  it('shared strings: long Chinese text across many chunks comes back whole', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('商品');
    ws.addRow(['商品编码', '商品名称']);
    const name = (i: number) => `批量商品 ${i} ${'长'.repeat(i % 50)}`;
    for (let i = 1; i <= 3000; i++) ws.addRow([`K${i}`, name(i)]);
    const path = join(dir, 'shared.xlsx');
    await wb.xlsx.writeFile(path);
    const ours = await ourRows(path);
    expect(ours.slice(1).map((r) => r.cells)).toEqual(Array.from({ length: 3000 }, (_, k) => [`K${k + 1}`, name(k + 1)]));
  });

  it('inline strings written by the streaming writer, long Chinese text across many chunks', async () => {
    const path = join(dir, 'inline.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('商品');
    ws.addRow(['商品编码', '商品名称', '零售价', '保质期天数']).commit();
    for (let i = 1; i <= 3000; i++) ws.addRow([`B${i}`, `基准商品 ${i} 号 ${'长'.repeat(i % 40)}`, (i / 7).toFixed(2), i % 3 ? 365 : null]).commit();
    ws.commit();
    await wb.commit();
    const ours = await ourRows(path);
    expect(ours.length).toBe(3001);
    const want = (i: number) => ({ row: i + 1, cells: [`B${i}`, `基准商品 ${i} 号 ${'长'.repeat(i % 40)}`, (i / 7).toFixed(2), ...(i % 3 ? [365] : [])] });
    expect(ours.slice(1)).toEqual(Array.from({ length: 3000 }, (_, k) => want(k + 1)));
    // compared with the written values, not with exceljs' reader: that one decodes each chunk on its
    // own, so a character cut at a chunk boundary comes out as U+FFFD (this file has several)
    expect(ours.some((r) => r.cells.some((c) => String(c).includes('\uFFFD')))).toBe(false);
  });

  it('a text kept from a row does not keep the XML around it alive (an import keeps every code and barcode)', async () => {
    const path = join(dir, 'kept.xlsx');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
    const ws = wb.addWorksheet('商品');
    ws.addRow(['条码', '商品名称']).commit();
    // ~1 KB of two-byte text per row around a 13-digit barcode (V8 shares strings of 13+ characters)
    for (let i = 1; i <= 20_000; i++) ws.addRow([`69${String(i).padStart(11, '0')}`, `基准商品 ${i} 号 ${'长'.repeat(500)}`]).commit();
    ws.commit();
    await wb.commit();
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = new Set<unknown>();
    for await (const r of readSheetRows({ file: path, format: 'xlsx' })) kept.add(r.cells[0]);
    gc();
    const retainedMb = (process.memoryUsage().heapUsed - before) / 1e6;
    expect(kept.size).toBe(20_001);
    // the barcodes themselves are ~1 MB; views into the parser's chunks kept the sheet's ~40 MB of text
    expect(retainedMb).toBeLessThan(8);
  });
});
