import * as ExcelJS from 'exceljs';

export { minimalXlsx, SHEET_HEAD, SHEET_TAIL, xmlRow, zipOf } from '@chain-erp/shared/testing';

/**
 * Import files as clerks make them, generated in the test rather than committed: Excel workbooks
 * through exceljs; the hand-built zips (bombs, huge cells, lying directories) are in
 * `@chain-erp/shared/testing` (zip-fixtures.ts).
 */

/** A workbook of plain rows; a cell may be a Date (written with a date format, as Excel does). */
export async function workbook(rows: unknown[][], setup?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('商品资料');
  rows.forEach((r, i) => {
    const row = ws.getRow(i + 1);
    r.forEach((v, j) => {
      if (v !== undefined && v !== null) row.getCell(j + 1).value = v as ExcelJS.CellValue;
    });
  });
  setup?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readWorkbook(buf: Buffer): Promise<Map<number, unknown[]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const out = new Map<number, unknown[]>();
  wb.worksheets[0].eachRow((row, n) => out.set(n, (row.values as unknown[]).slice(1)));
  return out;
}
