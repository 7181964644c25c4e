import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';
import { formatCount, overLimit } from './import-limits';
import { locateHeader, withFirst } from './sheet-header';
import { type RawRow } from './sheet-reader';
import { columnLabel, type ParsedRow, parseRow, type RowError, type SheetSchema } from './sheet-schema';

/**
 * The pure half of an import: a sheet's rows → typed rows in batches, with the row errors found
 * without the database (cells, duplicates inside the file). No I/O but the rows it is given, so it
 * runs the same in a worker thread (sheet-parser.ts) and in a test.
 */
export interface SheetBatchOptions {
  schema: SheetSchema;
  /** sheet keys of the natural key (one row per key in a file) */
  keyCols: string[];
  /** sheet keys of reference columns: a row's wrong code goes with its errors, for a clerk's hint */
  refKeys: string[];
  /** the self-reference (category parent): a row whose parent is in the batch starts the next batch */
  selfRefKey?: string;
  /** rows read per batch, at most */
  batchRows: number;
  maxRows: number;
  /** epoch ms after which the read stops with IMPORT_TIME_LIMIT */
  deadline: number;
  maxSeconds: number;
  /** where the upload found the header: the job's file must have it in the same place */
  expectHeader?: { headerRow: number; headerRows: number };
}

/** A row that failed before the database saw it. */
export interface FailedRow {
  errors: RowError[];
  /** reference column → the cell's text, for the errors of those columns */
  refValues?: Record<string, string>;
}

export interface SheetBatch {
  /** rows read since the previous batch (valid and failed) */
  read: number;
  rows: ParsedRow[];
  failed: FailedRow[];
}

/** The job's time limit as the clerk reads it. */
export function importTimeLimit(maxSeconds: number): DomainException {
  return overLimit(
    'IMPORT_TIME_LIMIT',
    'IMPORT_MAX_SECONDS',
    maxSeconds,
    `the import ran longer than ${formatCount(maxSeconds)} seconds (IMPORT_MAX_SECONDS) and stopped; nothing was written — split the file / 导入超时，未写入任何数据，请拆分文件`,
    ' s',
  );
}

/** rows parsed between two checks of the time limit (a power of two, minus one) */
const CHECK_EVERY = 127;

export async function* sheetBatches(rows: AsyncIterator<RawRow>, o: SheetBatchOptions): AsyncGenerator<SheetBatch> {
  const { header, first } = await locateHeader(o.schema, rows);
  if (o.expectHeader && (header.headerRow !== o.expectHeader.headerRow || header.headerRows !== o.expectHeader.headerRows)) {
    throw new DomainException(ExcelError.IMPORT_FILE_CORRUPT, 'the stored file is not the one uploaded (its header moved) / 上传文件已变化');
  }
  const map = header.map;
  const refIndex = new Map<string, number>();
  for (const [i, col] of map.byIndex) if (o.refKeys.includes(col.key)) refIndex.set(col.key, i);
  const listCols = o.schema.columns.filter((c) => c.kind === 'list');
  // natural keys and list items (barcodes) seen so far: duplicates inside the file
  const seenKeys = new Map<string, number>();
  const seenItems = new Map<string, Map<string, number>>(listCols.map((c) => [c.key, new Map()]));
  const batchCodes = new Set<string>();
  let batch: SheetBatch = { read: 0, rows: [], failed: [] };
  let total = 0;
  const cut = () => {
    const b = batch;
    batch = { read: 0, rows: [], failed: [] };
    batchCodes.clear();
    return b;
  };

  const duplicate = (p: ParsedRow): RowError | null => {
    const key = o.keyCols.length === 1 ? String(p.values[o.keyCols[0]] ?? '') : o.keyCols.map((k) => String(p.values[k] ?? '')).join('\u0000');
    const at = seenKeys.get(key);
    if (at !== undefined) {
      return { row: p.row, column: o.keyCols.join(','), code: 'DUPLICATE_IN_FILE', message: `the same ${o.keyCols.join(' + ')} is already in row ${at} / 与第 ${at} 行重复` };
    }
    for (const col of listCols) {
      const seen = seenItems.get(col.key)!;
      for (const item of (p.values[col.key] as string[] | undefined) ?? []) {
        const first = seen.get(item);
        if (first !== undefined) {
          return { row: p.row, column: col.key, code: 'DUPLICATE_IN_FILE', message: `${columnLabel(col)}: ${item} is already in row ${first} / ${item} 与第 ${first} 行重复` };
        }
      }
    }
    seenKeys.set(key, p.row);
    for (const col of listCols) for (const item of (p.values[col.key] as string[] | undefined) ?? []) seenItems.get(col.key)!.set(item, p.row);
    return null;
  };

  for await (const { row, cells } of withFirst(first, rows)) {
    if (++total > o.maxRows) {
      throw overLimit(
        'IMPORT_TOO_MANY_ROWS',
        'IMPORT_MAX_ROWS',
        o.maxRows,
        `the file has more than ${formatCount(o.maxRows)} data rows (IMPORT_MAX_ROWS); split it into several files — nothing was written / 数据超过 ${formatCount(o.maxRows)} 行，请拆分文件，未写入任何数据`,
      );
    }
    if ((total & CHECK_EVERY) === 0 && Date.now() > o.deadline) throw importTimeLimit(o.maxSeconds);
    const parsed = parseRow(map, cells, row);
    if (parsed.errors.length) {
      let refValues: Record<string, string> | undefined;
      for (const e of parsed.errors) {
        const i = refIndex.get(e.column);
        const text =
          i === undefined
            ? ''
            : String(cells[i] ?? '')
                .trim()
                .normalize('NFKC');
        if (text) (refValues ??= {})[e.column] = text;
      }
      batch.failed.push({ errors: parsed.errors, refValues });
    } else {
      const dup = duplicate(parsed);
      if (dup) batch.failed.push({ errors: [dup] });
      else {
        // a child whose parent is in this batch waits until the parent is written
        const parent = o.selfRefKey ? (parsed.values[o.selfRefKey] as string | null) : null;
        if (parent && batchCodes.has(parent)) yield cut();
        batch.rows.push(parsed);
        if (o.selfRefKey && parsed.values.code) batchCodes.add(String(parsed.values.code));
      }
    }
    batch.read++;
    if (batch.read >= o.batchRows) yield cut();
  }
  if (batch.read || batch.rows.length) yield cut();
}
