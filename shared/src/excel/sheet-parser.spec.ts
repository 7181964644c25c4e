import * as ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DomainException } from '../common/errors';
import { type ByteSource, localByteSource } from '../storage/byte-source';
import { DEFAULT_IMPORT_LIMITS } from './import-limits';
import { type SheetBatch, sheetBatches } from './sheet-batches';
import { parseSheetInWorker, type SheetParseOptions } from './sheet-parser';
import { readSheetRows } from './sheet-reader';
import { SharedStringsCut } from './xlsx-reader';
import { type SheetSchema } from './sheet-schema';

const schema: SheetSchema = {
  name: 'category',
  zhName: '类别',
  columns: [
    { key: 'code', zh: '类别编码', kind: 'code', required: true, maxLength: 16 },
    { key: 'name', zh: '类别名称', kind: 'text', required: true, maxLength: 20 },
    { key: 'parentCode', zh: '上级类别', kind: 'code' },
    { key: 'price', zh: '价格', kind: 'decimal', min: 0, scale: 2 },
    { key: 'barcodes', zh: '条码', kind: 'list', maxLength: 14, maxItems: 3 },
  ],
};

const options = (o: Partial<SheetParseOptions> = {}): SheetParseOptions => ({
  format: 'xlsx',
  limits: DEFAULT_IMPORT_LIMITS,
  schema,
  keyCols: ['code'],
  refKeys: ['parentCode'],
  selfRefKey: 'parentCode',
  batchRows: 3,
  maxRows: 1000,
  deadline: Date.now() + 60_000,
  maxSeconds: 60,
  heapMb: 64,
  ...o,
});

let dir: string;
let file: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sheet-parser-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('类别');
  ws.addRow(['类别资料 2026-12']); // a title row above the header
  ws.addRow(['类别编码', '类别名称', '上级类别', '价格', '条码']);
  ws.addRow(['A', '食品', null, '1.50', '6900000000011']);
  ws.addRow(['A1', '饮料', 'A', '12,50', null]); // a decimal comma: a row error
  ws.addRow(['A', '重复', null, null, null]); // the same code again
  ws.addRow(['A2', '零食', '食品', null, '6900000000011']); // a name for a code; a barcode of row 3
  ws.addRow(['B', '日用', null, '3', null]);
  ws.addRow(['B1', '洗涤', 'B', null, null]); // its parent is in the same batch
  ws.addRow(['C', '文具', null, null, null]);
  file = join(dir, 'c.xlsx');
  await wb.xlsx.writeFile(file);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function all(batches: AsyncIterable<SheetBatch>): Promise<SheetBatch[]> {
  const out: SheetBatch[] = [];
  for await (const b of batches) out.push(b);
  return out;
}

describe('a header check reads only the first shared strings', () => {
  const firstRows = async (sharedStringsKept?: number, n = 3) => {
    const out: unknown[][] = [];
    const rows = readSheetRows({ file: await localByteSource(file), format: 'xlsx', sharedStringsKept });
    for await (const r of rows) {
      out.push(r.cells);
      if (out.length === n) break;
    }
    return out;
  };

  it('the first rows as the whole table gives them, when their strings are among those kept', async () => {
    // the title, the header's five and the first data row's four: the table's first ten entries, in order of use
    expect(await firstRows(10)).toEqual(await firstRows());
  });

  it('a cell beyond the kept strings throws SharedStringsCut (the caller reads again), not a corrupt workbook', async () => {
    const err = await firstRows(3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SharedStringsCut);
  });
});

describe('sheet batches (the pure half of an import)', () => {
  it('parses, finds duplicates inside the file, cuts batches at a parent of the same batch, keeps row numbers', async () => {
    const src = await localByteSource(file);
    const batches = await all(sheetBatches(readSheetRows({ file: src, format: 'xlsx' }), options()));
    expect(batches.map((b) => b.rows.map((r) => r.values.code))).toEqual([['A'], ['B'], ['B1', 'C']]);
    expect(batches.reduce((n, b) => n + b.read, 0)).toBe(7);
    const failed = batches.flatMap((b) => b.failed);
    expect(failed.map((f) => [f.errors[0].row, f.errors[0].column, f.errors[0].code])).toEqual([
      [4, 'price', 'NOT_A_NUMBER'],
      [5, 'code', 'DUPLICATE_IN_FILE'],
      [6, 'parentCode', 'BAD_CODE'],
    ]);
  });

  it('carries the text of a reference cell with its error', async () => {
    const src = await localByteSource(file);
    const batches = await all(sheetBatches(readSheetRows({ file: src, format: 'xlsx' }), options({ batchRows: 100 })));
    const failed = batches.flatMap((b) => b.failed);
    const a2 = failed.find((f) => f.errors[0].row === 6);
    // the barcode of row 3 is not reached: the parent code fails first
    expect(a2?.errors.map((e) => e.code)).toEqual(['BAD_CODE']);
    expect(a2?.refValues).toEqual({ parentCode: '食品' });
  });
});

// a thread of the caller's process, or a process of its own (how HQ runs a catalog import): the same answers
describe.each(['thread', 'process'] as const)('sheet parse in a worker (%s)', (isolation) => {
  const opts = (o: Partial<SheetParseOptions> = {}) => options({ isolation, ...o });

  it('hands over the same batches as the same parse on the main thread', async () => {
    const src = await localByteSource(file);
    const here = await all(sheetBatches(readSheetRows({ file: src, format: 'xlsx' }), options()));
    const there = await all(parseSheetInWorker(src, opts()));
    expect(there).toEqual(here);
  });

  it('reads a text file through the main thread’s bytes (GBK decided at upload)', async () => {
    const csv = join(dir, 'c.csv');
    writeFileSync(
      csv,
      Buffer.from([0xc0, 0xe0, 0xb1, 0xf0, 0xb1, 0xe0, 0xc2, 0xeb, 0x2c, 0xc0, 0xe0, 0xb1, 0xf0, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0x41, 0x2c, 0xca, 0xb3, 0xc6, 0xb7, 0x0a]),
    );
    const batches = await all(parseSheetInWorker(await localByteSource(csv), opts({ format: 'csv', encoding: 'gbk', delimiter: ',' })));
    expect(batches.flatMap((b) => b.rows).map((r) => r.values)).toEqual([{ code: 'A', name: '食品' }]);
  });

  it('a refusal inside the worker arrives as the same coded error', async () => {
    const err = await all(parseSheetInWorker(await localByteSource(file), opts({ maxRows: 2 }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).code).toBe('IMPORT_TOO_MANY_ROWS');
    expect((err as DomainException).details).toEqual({ limit: 'IMPORT_MAX_ROWS', value: 2 });
    const moved = await all(parseSheetInWorker(await localByteSource(file), opts({ expectHeader: { headerRow: 1, headerRows: 1 } }))).catch((e: unknown) => e);
    expect((moved as DomainException).code).toBe('IMPORT_FILE_CORRUPT');
  });

  it('a stored file that fails while read fails the read with its own error, not the process', async () => {
    const gone: ByteSource = {
      size: 1000,
      read: () =>
        new Readable({
          read() {
            this.destroy(new DomainException('STORED_FILE_MISSING', 'the stored file is no longer there / 文件已不存在'));
          },
        }),
    };
    const err = await all(parseSheetInWorker(gone, opts({ format: 'csv', delimiter: ',' }))).catch((e: unknown) => e);
    expect((err as DomainException).code).toBe('STORED_FILE_MISSING');
  });

  it('a worker over its heap limit fails the read with IMPORT_MEMORY_LIMIT', async () => {
    // many long distinct rows kept in the duplicate maps, in a worker given the smallest heap
    const big = join(dir, 'big.csv');
    const lines = ['类别编码,类别名称,条码'];
    for (let i = 0; i < 400_000; i++) lines.push(`C${i},名称${i},${String(6900000000000 + i)};${String(7900000000000 + i)};${String(8900000000000 + i)}`);
    writeFileSync(big, lines.join('\n'));
    const err = await all(parseSheetInWorker(await localByteSource(big), opts({ format: 'csv', delimiter: ',', heapMb: 16, batchRows: 50_000, maxRows: 1_000_000 }))).catch(
      (e: unknown) => e,
    );
    expect((err as DomainException).code).toBe('IMPORT_MEMORY_LIMIT');
  });

  it('stopping early (a failed write) ends the worker at once', async () => {
    const batches = parseSheetInWorker(await localByteSource(file), opts());
    const first = await batches.next();
    expect(first.done).toBe(false);
    await batches.return(undefined);
    expect((await batches.next()).done).toBe(true);
  });
});
