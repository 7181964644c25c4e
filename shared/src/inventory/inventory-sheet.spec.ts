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

  it('a 2 MB workbook that unpacks to 1 GB is refused from its zip directory', async () => {
    const bomb = minimalXlsx({ head: SHEET_HEAD + xmlRow(1, ['条码', '数量']), unit: '<row/>', times: Math.floor((1024 * 1024 * 1024) / 6), tail: SHEET_TAIL });
    expect(bomb.length).toBeLessThan(5 * 1024 * 1024);
    expect(await codeOf(parseCountSheet(bomb, 'count.xlsx'))).toBe('IMPORT_UNCOMPRESSED_TOO_LARGE');
  });

  it('a damaged workbook is the count sheet refusal', async () => {
    expect(await codeOf(parseCountSheet(Buffer.from('PK\u0003\u0004 not really'), 'count.xlsx'))).toBe('STOCK_SHEET_INVALID');
  });
});
