import { parse } from 'csv-parse';
import * as ExcelJS from 'exceljs';
import * as iconv from 'iconv-lite';
import { SaxesParser } from 'saxes';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';

/**
 * Reading a sheet file row by row with flat memory: `.xlsx` through exceljs' streaming reader,
 * `.csv`/`.txt` through iconv-lite (UTF-8, GBK/GB18030, UTF-16) and csv-parse (comma or tab).
 */
export type SheetFormat = 'xlsx' | 'csv';
export type SheetEncoding = 'utf8' | 'gbk' | 'gb18030' | 'utf16le';
export const SHEET_ENCODINGS: SheetEncoding[] = ['utf8', 'gbk', 'gb18030', 'utf16le'];

export interface SheetSource {
  path: string;
  format: SheetFormat;
  /** text files only */
  encoding?: SheetEncoding;
  delimiter?: ',' | '\t';
}

export interface RawRow {
  /** 1-based, as the spreadsheet shows it (for text files: the record number) */
  row: number;
  cells: unknown[];
}

const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

async function readHeadTail(path: string, size: number, n: number): Promise<{ head: Buffer; tail: Buffer }> {
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(n, size));
    await fh.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(n, size));
    await fh.read(tail, 0, tail.length, size - tail.length);
    return { head, tail };
  } finally {
    await fh.close();
  }
}

function wrongType(message: string): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_TYPE, message, [{ field: 'file', message: 'use .xlsx, .csv or .txt' }]);
}

function corrupt(message: string): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_CORRUPT, message, [{ field: 'file', message: 'cannot be read' }]);
}

/**
 * Decides how to read a file from its bytes (the name only breaks ties): an xlsx is a zip with a
 * workbook and a complete central directory; a text file has no NUL bytes; anything else is refused.
 */
export async function sniffSheet(path: string, fileName: string, encoding?: SheetEncoding): Promise<SheetSource> {
  const { size } = await stat(path);
  if (size === 0) throw new DomainException(ExcelError.IMPORT_FILE_EMPTY, 'the file is empty / 文件为空', [{ field: 'file', message: 'empty' }]);
  const ext = extname(fileName).toLowerCase();
  const { head, tail } = await readHeadTail(path, size, 65_536);
  if (head.subarray(0, 4).equals(ZIP_LOCAL)) {
    if (tail.lastIndexOf(ZIP_END) < 0) throw corrupt('the workbook is damaged or incomplete / 工作簿已损坏或不完整');
    if (tail.indexOf('xl/workbook.xml') < 0 && head.indexOf('xl/workbook.xml') < 0) throw wrongType('this zip file is not an .xlsx workbook / 不是 .xlsx 工作簿');
    return { path, format: 'xlsx' };
  }
  if (head.subarray(0, 4).equals(OLE)) throw wrongType('old .xls workbooks are not supported: save as .xlsx / 不支持旧版 .xls，请另存为 .xlsx');
  if (ext === '.xlsx') throw corrupt('the file is not a valid .xlsx workbook / 不是有效的 .xlsx 工作簿');
  const enc = encoding ?? detectEncoding(head);
  if (enc !== 'utf16le' && head.includes(0)) throw wrongType('binary file: use .xlsx, .csv or .txt / 不支持的文件类型');
  if (!['.csv', '.txt', '.tsv', ''].includes(ext)) throw wrongType(`unsupported file type ${ext} / 不支持的文件类型`);
  const firstLine = iconv.decode(head, enc).split(/\r?\n/)[0] ?? '';
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return { path, format: 'csv', encoding: enc, delimiter: tabs > 0 && tabs >= commas ? '\t' : ',' };
}

/** UTF-16 by BOM, UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
export function detectEncoding(sample: Buffer): SheetEncoding {
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  // a sample may cut a multi-byte character at its end
  let end = sample.length;
  if (end === 65_536) {
    while (end > sample.length - 4 && (sample[end - 1] & 0xc0) === 0x80) end--;
    if (end > 0 && sample[end - 1] >= 0xc0) end--;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf8';
  } catch {
    return 'gb18030';
  }
}

/** The rows of the first worksheet, or of the text file, in order. */
export async function* readSheetRows(src: SheetSource): AsyncGenerator<RawRow> {
  if (src.format === 'xlsx') yield* readXlsx(src.path);
  else yield* readText(src);
}

async function* readXlsx(path: string): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'ignore' });
  // exceljs#3064: a worksheet can be parsed before xl/workbook.xml (stored last by many writers),
  // and exceljs then reads `model.sheets` of undefined — a random "corrupt file". We never use sheet
  // names, so an empty model until the real one arrives makes the read deterministic.
  (reader as unknown as { model?: { sheets: unknown[] } }).model ??= { sheets: [] };
  // exceljs decodes every chunk of xl/sharedStrings.xml on its own, so a character cut at a chunk
  // boundary becomes U+FFFD (seen in real workbooks with many Chinese names): the entry is decoded
  // as a stream instead, and strings pass through exceljs untouched.
  const shared = reader as unknown as { _parseSharedStrings(entry: { setEncoding?(e: string): void }): AsyncGenerator<unknown> };
  const parseSharedStrings = shared._parseSharedStrings;
  shared._parseSharedStrings = function (entry) {
    entry.setEncoding?.('utf8');
    return parseSharedStrings.call(this, entry);
  };
  try {
    for await (const ws of reader) {
      yield* readWorksheet(ws as unknown as WorksheetStream);
      break; // first worksheet only; the rest (instructions) is not data
    }
  } catch (e) {
    if (e instanceof DomainException) throw e;
    throw corrupt(`the workbook cannot be read (${(e as Error)?.message ?? e}) / 工作簿无法读取`);
  }
}

/** What exceljs' streaming WorksheetReader holds: the sheet's XML and the workbook's cached shared strings. */
interface WorksheetStream {
  iterator: AsyncIterable<Buffer | string>;
  workbook: { sharedStrings?: unknown[] };
}

/** the column number (1-based) of a cell reference such as `AB12`, 0 when there is none */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
  }
  return n;
}

/** exceljs' xmlDecode (it decodes str/inlineStr text once more after the XML parser did) */
function xmlDecode(text: string): string {
  if (text.indexOf('&') < 0) return text;
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&apos;':
        return "'";
      case '&quot;':
        return '"';
      default:
        return c;
    }
  });
}

/**
 * The rows of one worksheet straight from its XML, with the cell values exceljs' WorksheetReader
 * gives (`row.values`: shared strings — rich text as `{ richText }` —, inline strings, numbers,
 * booleans, `{ error }`, `{ formula, result }`; no styles, so dates are serial numbers) but without
 * its per-chunk event arrays and Row/Cell objects: reading is most of an import's work and garbage.
 */
async function* readWorksheet(ws: WorksheetStream): AsyncGenerator<RawRow> {
  const shared = ws.workbook.sharedStrings;
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let ready: RawRow[] = [];
  let error: Error | undefined;
  let inData = false;
  let rowNo = 0;
  let cells: unknown[] | null = null;
  let lastCol = 0;
  // the open cell: column, type, formula text, value text, and where text goes (0 nowhere, 1 formula, 2 value)
  let inCell = false;
  let col = 0;
  let type: string | undefined;
  let f: string | null = null;
  let v: string | null = null;
  let into = 0;
  let inPhonetic = false;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (node) => {
    switch (node.name) {
      case 'sheetData':
        inData = true;
        break;
      case 'row':
        if (!inData) break;
        rowNo = Number.parseInt(node.attributes.r as string, 10) || rowNo + 1;
        cells = [];
        lastCol = 0;
        break;
      case 'c':
        if (!cells) break;
        inCell = true;
        col = columnOf(node.attributes.r as string | undefined) || lastCol + 1;
        type = node.attributes.t as string | undefined;
        f = v = null;
        into = 0;
        break;
      case 'f':
        if (inCell) {
          f = '';
          into = 1;
        }
        break;
      case 'v':
        if (inCell) {
          v = '';
          into = 2;
        }
        break;
      case 'is':
        // an inline string: the text of its <t> runs (not of phonetic guides)
        if (inCell) v = '';
        break;
      case 't':
        if (inCell && !inPhonetic) {
          v ??= '';
          into = 2;
        }
        break;
      case 'rPh':
        inPhonetic = true;
        into = 0;
        break;
    }
  });
  parser.on('text', (text) => {
    if (into === 2) v += text;
    else if (into === 1) f += text;
  });
  parser.on('closetag', (node) => {
    switch (node.name) {
      case 'sheetData':
        inData = false;
        break;
      case 'f':
      case 'v':
      case 't':
        into = 0;
        break;
      case 'rPh':
        inPhonetic = false;
        break;
      case 'row':
        if (cells) ready.push({ row: rowNo, cells });
        cells = null;
        break;
      case 'c': {
        if (!inCell || !cells) break;
        inCell = false;
        into = 0;
        lastCol = col;
        let value: unknown;
        if (f !== null) {
          value = v === null ? { formula: f } : { formula: f, result: type === 'str' ? xmlDecode(v) : Number.parseFloat(v) };
        } else if (v !== null) {
          switch (type) {
            case 's': {
              const i = Number.parseInt(v, 10);
              value = shared ? shared[i] : { sharedString: i };
              break;
            }
            case 'inlineStr':
            case 'str':
              value = xmlDecode(v);
              break;
            case 'e':
              value = { error: v };
              break;
            case 'b':
              value = Number.parseInt(v, 10) !== 0;
              break;
            default:
              value = Number.parseFloat(v);
          }
        }
        if (value !== undefined && value !== null) cells[col - 1] = value;
        break;
      }
    }
  });
  for await (const chunk of ws.iterator) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    if (ready.length) {
      const rows = ready;
      ready = [];
      for (const r of rows) yield r;
    }
  }
  parser.close();
  if (error) throw error;
  for (const r of ready) yield r;
}

async function* readText(src: SheetSource): AsyncGenerator<RawRow> {
  const decoded = createReadStream(src.path).pipe(iconv.decodeStream(src.encoding ?? 'utf8', { stripBOM: true }));
  const parser = decoded.pipe(parse({ delimiter: src.delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 1_000_000 }));
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { row: ++n, cells: record };
    }
  } catch (e) {
    if (e instanceof DomainException) throw e;
    throw corrupt(`line ${n + 1} cannot be read (${(e as Error)?.message ?? e}) / 第 ${n + 1} 行无法读取`);
  } finally {
    (decoded as unknown as { destroy(): void }).destroy();
  }
}
