import * as ExcelJS from 'exceljs';
import { DomainException } from '../common/errors';
import { minimalXlsx, SHEET_HEAD, SHEET_TAIL, xmlRow } from '../testing/zip-fixtures';
import { parseCountSheet } from './inventory-sheet';

/** The count sheet (盘点) upload reads through the bounded import reader: bombs are refused, not loaded. */
describe('count sheet', () => {
  const codeOf = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'ok';
    } catch (e) {
      return e instanceof DomainException ? e.code : `unexpected ${e}`;
    }
  };

  it('reads barcode and quantity columns of an .xlsx, skipping empty rows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('盘点');
    ws.addRow(['条码', '数量']);
    ws.addRow(['6900000000011', 5]);
    ws.addRow([]);
    ws.addRow(['6900000000012', '2.5']);
    const rows = await parseCountSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'count.xlsx');
    expect(rows).toEqual([
      { row: 2, barcode: '6900000000011', quantity: '5' },
      { row: 4, barcode: '6900000000012', quantity: '2.5' },
    ]);
  });

  it('finds the header under title rows (盘点表 2026-12), with the shared header search of every import', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('盘点');
    ws.addRow(['盘点表 2026-12']);
    ws.mergeCells('A1:C1');
    ws.addRow(['门店：S001', '盘点人：李四']);
    ws.addRow(['商品编码', '商品名称', '实盘数量']);
    ws.addRow(['P0001', '可乐', 12]);
    ws.addRow(['P0002', '雪碧', '3.5']);
    expect(await parseCountSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'count.xlsx')).toEqual([
      { row: 4, productCode: 'P0001', quantity: '12' },
      { row: 5, productCode: 'P0002', quantity: '3.5' },
    ]);
  });

  it('without 条码 or 商品编码 and 数量 among the first rows, the refusal says what is missing and where it looked', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('盘点').addRows([['盘点表'], ['名称', '数量'], ['可乐', 3]]);
    const err = await parseCountSheet(Buffer.from(await wb.xlsx.writeBuffer()), 'count.xlsx').catch((e: DomainException) => e);
    expect(err).toBeInstanceOf(DomainException);
    const e = err as DomainException;
    expect(e.code).toBe('IMPORT_HEADER_MISSING');
    expect(e.message).toContain('row 2 looks like the header but lacks required columns: 条码 / barcode or 商品编码 / productCode');
  });

  it('a 2 MB workbook that unpacks to 1 GB is refused from its zip directory', async () => {
    const bomb = minimalXlsx({ head: SHEET_HEAD + xmlRow(1, ['条码', '数量']), unit: '<row/>', times: Math.floor((1024 * 1024 * 1024) / 6), tail: SHEET_TAIL });
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(await codeOf(parseCountSheet(bomb, 'count.xlsx'))).toBe('IMPORT_UNCOMPRESSED_TOO_LARGE');
  });

  it('a damaged workbook is the count sheet refusal', async () => {
    expect(await codeOf(parseCountSheet(Buffer.from('PK\u0003\u0004 not really'), 'count.xlsx'))).toBe('STOCK_SHEET_INVALID');
  });
});
