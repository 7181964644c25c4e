import { StreamableFile } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { DomainException, type FieldError } from '../common/errors';
import { type QueryChunks } from '../common/pg-cursor';
import { attachment, whenWritable } from '../excel/document-output';
import { ExcelError } from '../excel/excel.errors';
import { locateHeader, withFirst } from '../excel/sheet-header';
import { readSheetRows } from '../excel/sheet-reader';
import { safeCell } from '../excel/sheet-writer';
import { dateText, type SheetSchema } from '../excel/sheet-schema';
import { InventoryError } from './inventory.errors';

/**
 * The two sheet jobs inventory needs, kept small and self-contained so they can later move onto
 * the shared excel machinery: a streaming .xlsx export, and reading a count sheet (.xlsx with
 * 条码/barcode or 商品编码/code and 数量/qty columns, or a scanner .txt of `barcode,qty` lines).
 */

export interface SheetColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null;
}

/**
 * Streams rows into an .xlsx response (exceljs' streaming writer: rows are not kept in memory
 * twice); rows as chunks of a cursor (`queryChunks`) are read as the client takes the file.
 */
export function xlsxFile<T>(filename: string, sheet: string, columns: SheetColumn<T>[], rows: Iterable<T> | QueryChunks<T>): StreamableFile {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const ws = wb.addWorksheet(sheet);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  void (async () => {
    // text as XML can carry it (a stored name with a control character must not break the workbook)
    const add = (r: T) => ws.addRow(columns.map((c) => safeCell(c.value(r)))).commit();
    if (Symbol.asyncIterator in rows) {
      for await (const chunk of rows) {
        chunk.forEach(add);
        await whenWritable(out);
      }
    } else for (const r of rows) add(r);
    ws.commit();
    await wb.commit();
  })().catch((e) => {
    if (Symbol.asyncIterator in rows) void rows.close();
    out.destroy(e);
  });
  return new StreamableFile(out, {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    disposition: attachment(filename),
  });
}

export interface CountSheetEntry {
  /** 1-based row (xlsx) or line (txt) number, as the user sees it */
  row: number;
  barcode?: string;
  productCode?: string;
  quantity: string;
}

const MAX_ROWS = 20_000;
const QTY = /^\d{1,9}(\.\d{1,3})?$/;
/** The count sheet's columns: 条码 or 商品编码, and 数量 (a scanner's or a clerk's own spellings too). */
export const COUNT_SHEET: SheetSchema = {
  name: 'count',
  zhName: '盘点',
  columns: [
    { key: 'barcode', zh: '条码', kind: 'text', aliases: ['商品条码'] },
    { key: 'productCode', zh: '商品编码', kind: 'text', aliases: ['code', '编码', 'product code', '商品代码'] },
    { key: 'quantity', zh: '数量', kind: 'text', required: true, aliases: ['qty', '盘点数量', '实盘数量'] },
  ],
  oneOf: [['barcode', 'productCode']],
};

export async function parseCountSheet(buffer: Buffer, filename = ''): Promise<CountSheetEntry[]> {
  if (!buffer?.length) throw sheetError([{ field: 'file', message: 'the file is empty' }]);
  const isXlsx = buffer[0] === 0x50 && buffer[1] === 0x4b; // "PK": a zip, i.e. .xlsx
  if (!isXlsx && /\.xlsx?$/i.test(filename)) throw sheetError([{ field: 'file', message: 'not a valid .xlsx file' }]);
  return isXlsx ? parseXlsx(buffer) : parseScannerText(buffer);
}

/**
 * The count workbook through the bounded import reader (zip directory checked first, cells and empty
 * rows limited): a 2 MB upload that unpacks to a gigabyte is refused, never loaded into memory.
 */
async function parseXlsx(buffer: Buffer): Promise<CountSheetEntry[]> {
  const dir = await mkdtemp(join(tmpdir(), 'count-sheet-'));
  try {
    const path = join(dir, 'count.xlsx');
    await writeFile(path, buffer);
    let rows = 0;
    const entries: CountSheetEntry[] = [];
    const errors: FieldError[] = [];
    const sheet = readSheetRows({ file: path, format: 'xlsx' });
    try {
      // the header is found as in every import: under a title row (盘点表 2026-12) too
      const { header, first } = await locateHeader(COUNT_SHEET, sheet);
      const col = (key: string) => [...header.map.byIndex].find(([, c]) => c.key === key)?.[0] ?? -1;
      const at = { barcode: col('barcode'), code: col('productCode'), qty: col('quantity') };
      for await (const { row, cells } of withFirst(first, sheet)) {
        const text = (i: number) => (i >= 0 ? cellText(cells[i]) : '');
        if (++rows > MAX_ROWS) throw sheetError([{ field: 'file', message: `at most ${MAX_ROWS} rows` }]);
        const barcode = text(at.barcode);
        const productCode = text(at.code);
        const quantity = text(at.qty);
        if (!barcode && !productCode && !quantity) continue;
        pushEntry(entries, errors, row, barcode, productCode, quantity);
      }
    } catch (e) {
      // a damaged or foreign file reads as this module's refusal; the reader's limits and the header search keep their own codes
      const own = [InventoryError.STOCK_SHEET_INVALID, ExcelError.IMPORT_HEADER_MISSING] as string[];
      if (e instanceof DomainException && e.status === 400 && !own.includes(e.code)) throw sheetError([{ field: 'file', message: `not a valid .xlsx file: ${e.message}` }]);
      if (e instanceof DomainException && e.status === 415) throw sheetError([{ field: 'file', message: 'not a valid .xlsx file' }]);
      throw e;
    } finally {
      await sheet.return(undefined);
    }
    return finish(entries, errors);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function parseScannerText(buffer: Buffer): CountSheetEntry[] {
  if (buffer.includes(0)) throw sheetError([{ field: 'file', message: 'not a text file' }]);
  const lines = buffer
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  if (lines.length > MAX_ROWS + 1) throw sheetError([{ field: 'file', message: `at most ${MAX_ROWS} lines` }]);
  const entries: CountSheetEntry[] = [];
  const errors: FieldError[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const [barcode, qty, ...rest] = line.split(/[,\t;]/).map((s) => s.trim());
    // a scanner writing one line per scan leaves the quantity out: each line is one unit
    if (rest.length) errors.push({ field: 'file', row: i + 1, message: 'expected `barcode,qty`' });
    else pushEntry(entries, errors, i + 1, barcode, '', qty === undefined || qty === '' ? '1' : qty);
  });
  return finish(entries, errors);
}

function pushEntry(entries: CountSheetEntry[], errors: FieldError[], row: number, barcode: string, productCode: string, quantity: string): void {
  if (!barcode && !productCode) errors.push({ field: 'barcode', row, message: 'barcode or product code missing / 缺少条码或商品编码' });
  else if ((barcode && barcode.length > 32) || productCode.length > 32) errors.push({ field: 'barcode', row, message: 'barcode or code too long' });
  else if (!QTY.test(quantity)) errors.push({ field: 'quantity', row, message: 'quantity must be a non-negative number with at most 3 decimals / 数量格式错误' });
  else entries.push({ row, ...(barcode ? { barcode } : { productCode }), quantity });
}

function finish(entries: CountSheetEntry[], errors: FieldError[]): CountSheetEntry[] {
  if (errors.length) throw sheetError(errors.slice(0, 100));
  if (!entries.length) throw sheetError([{ field: 'file', message: 'no rows with a quantity' }]);
  return entries;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return String(v.text).trim();
    if ('richText' in v)
      return (v.richText as Array<{ text: string }>)
        .map((t) => t.text)
        .join('')
        .trim();
    return '';
  }
  return String(v).trim();
}

function sheetError(fields: FieldError[]): DomainException {
  return new DomainException(InventoryError.STOCK_SHEET_INVALID, `the count file has errors / 盘点文件有误 (${fields.length})`, fields);
}
