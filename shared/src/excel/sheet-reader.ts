import { parse } from 'csv-parse';
import * as iconv from 'iconv-lite';
import { extname } from 'node:path';
import { pipeline } from 'node:stream';
import { type ByteSource, type FileInput, openInput, readHead } from '../storage/byte-source';
import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';
import { DEFAULT_IMPORT_LIMITS, formatCount, type ImportLimits, MAX_CELL_CHARS, overLimit } from './import-limits';
import { cellTooLong, readXlsxRows, XlsxPackage } from './xlsx-reader';

/**
 * Reading a sheet file row by row with flat memory and bounded cost: `.xlsx` through our own
 * zip + XML reader (xlsx-reader.ts), `.csv`/`.txt` through iconv-lite (UTF-8, GBK/GB18030,
 * UTF-16 LE/BE) and csv-parse (comma or tab). Empty rows are counted (IMPORT_MAX_EMPTY_ROWS in a
 * row) and not handed on.
 */
export type SheetFormat = 'xlsx' | 'csv';
export type SheetEncoding = 'utf8' | 'gbk' | 'gb18030' | 'utf16le' | 'utf16be';
export const SHEET_ENCODINGS: SheetEncoding[] = ['utf8', 'gbk', 'gb18030', 'utf16le', 'utf16be'];

/** how users name the encodings in messages */
export const ENCODING_LABEL: Record<SheetEncoding, string> = { utf8: 'UTF-8', gbk: 'GBK', gb18030: 'GB18030 (GBK)', utf16le: 'UTF-16 LE', utf16be: 'UTF-16 BE' };

export interface SheetSource {
  /** a local path (an upload being checked), or a file of the storage port (a job on any instance) */
  file: FileInput;
  format: SheetFormat;
  /** text files only */
  encoding?: SheetEncoding;
  delimiter?: ',' | '\t';
  /** absent: DEFAULT_IMPORT_LIMITS */
  limits?: ImportLimits;
  /** .xlsx: read only this many shared strings (a header check); a cell beyond them throws SharedStringsCut */
  sharedStringsKept?: number;
}

export interface RawRow {
  /** 1-based, as the spreadsheet shows it (for text files: the record number) */
  row: number;
  cells: unknown[];
}

const ZIP_LOCAL = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const SAMPLE = 65_536;

/** The bytes of a file; a file that is not there is refused like a damaged one, never a crash. */
export async function openSheetFile(input: FileInput): Promise<ByteSource> {
  try {
    return await openInput(input);
  } catch (e) {
    if (e instanceof DomainException)
      throw new DomainException(ExcelError.IMPORT_FILE_CORRUPT, `the uploaded file is no longer there / 上传的文件已不存在`, undefined, { cause: e.code });
    if ((e as { code?: string })?.code === 'ENOENT') throw corrupt('the uploaded file is no longer there / 上传的文件已不存在');
    throw e;
  }
}

function wrongType(message: string): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_TYPE, message, [{ field: 'file', message: 'use .xlsx, .csv or .txt' }]);
}

function corrupt(message: string): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_CORRUPT, message, [{ field: 'file', message: 'cannot be read' }]);
}

/**
 * Decides how to read a file from its bytes (the name only breaks ties): an .xlsx is a zip (its
 * directory is checked when it is read); a text file's encoding is decided on the whole file;
 * anything else is refused.
 */
export async function sniffSheet(file: FileInput, fileName: string, encoding?: SheetEncoding, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<SheetSource> {
  const bytes = await openSheetFile(file);
  const size = bytes.size;
  if (size === 0) throw new DomainException(ExcelError.IMPORT_FILE_EMPTY, 'the file is empty / 文件为空', [{ field: 'file', message: 'empty' }]);
  const ext = extname(fileName).toLowerCase();
  const head = await readHead(bytes, SAMPLE);
  if (head.subarray(0, 4).equals(ZIP_LOCAL)) {
    // the zip's directory: damaged, too many entries, too large unpacked — refused before any unpacking
    (await XlsxPackage.open(bytes, limits)).close();
    return { file, format: 'xlsx', limits };
  }
  if (head.subarray(0, 4).equals(OLE)) throw wrongType('old .xls workbooks are not supported: save as .xlsx / 不支持旧版 .xls，请另存为 .xlsx');
  if (ext === '.xlsx') throw corrupt('the file is not a valid .xlsx workbook / 不是有效的 .xlsx 工作簿');
  if (!['.csv', '.txt', '.tsv', ''].includes(ext)) throw wrongType(`unsupported file type ${ext} / 不支持的文件类型`);
  const enc = encoding ?? (await detectEncoding(bytes, head));
  if (!enc.startsWith('utf16') && head.includes(0)) throw wrongType('binary file: use .xlsx, or .csv/.txt in UTF-8, GBK or UTF-16 / 不支持的文件类型');
  if (enc.startsWith('utf16') && size % 2 === 1) throw utf16Broken(enc);
  const firstLine = iconv.decode(head, enc).split(/\r?\n/)[0] ?? '';
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return { file, format: 'csv', encoding: enc, delimiter: tabs > 0 && tabs >= commas ? '\t' : ',', limits };
}

function utf16Broken(enc: SheetEncoding): DomainException {
  return new DomainException(
    ExcelError.IMPORT_ENCODING,
    `the file is not valid ${ENCODING_LABEL[enc]} (odd number of bytes); save it again as UTF-8 / 文件不是有效的 UTF-16，请另存为 UTF-8`,
    [{ field: 'file', message: `not ${ENCODING_LABEL[enc]}` }],
  );
}

/**
 * UTF-16 by its byte order mark, or without one by where the zero bytes are (ASCII characters
 * of UTF-16 LE text have their zero byte second, of BE first); otherwise UTF-8 when the *whole*
 * file is valid UTF-8, else GB18030 (a superset of GBK). A GBK file whose first 64 KB happen to
 * be plain ASCII is still GBK. A file with both UTF-8 lines and lines that are not UTF-8 (pasted
 * together in an editor) is refused naming both: read as GB18030 its UTF-8 lines would be stored
 * as plausible-looking wrong Chinese, with no U+FFFD to flag them.
 */
export async function detectEncoding(file: ByteSource, head: Buffer): Promise<SheetEncoding> {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  const scan = await scanLines(file);
  if (!scan.otherLines.count) return 'utf8';
  if (scan.utf8Lines.count) throw mixedEncoding(scan);
  return 'gb18030';
}

/** BOM-less UTF-16: zero bytes at one parity only, and enough of them to be text, not binary. */
export function utf16WithoutBom(sample: Buffer): SheetEncoding | null {
  let even = 0;
  let odd = 0;
  const n = sample.length - (sample.length % 2);
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (pairs < 2) return null;
  // CSV text has delimiters, line breaks and digits: at least one pair in ten is ASCII; a few
  // characters of the other parity are CJK ones ending in 00 (一 is U+4E00)
  if (odd >= pairs / 10 && even * 10 <= odd) return 'utf16le';
  if (even >= pairs / 10 && odd * 10 <= even) return 'utf16be';
  return null;
}

/** Line numbers of one kind: how many, and the first few (for the message). */
interface LineSet {
  count: number;
  first: number[];
}

export interface EncodingScan {
  /** lines with non-ASCII text that is valid UTF-8 holding at least one 3- or 4-byte character (CJK) */
  utf8Lines: LineSet;
  /** lines with bytes that are not valid UTF-8 */
  otherLines: LineSet;
}

const note = (set: LineSet, line: number) => {
  set.count++;
  if (set.first.length < 5) set.first.push(line);
};

/**
 * One pass over the file's bytes, line by line (0x0A never occurs inside a GBK or UTF-8
 * character), checking each line as UTF-8 (Unicode's table of well-formed byte sequences).
 * Constant memory whatever the length of a line. A line counts as UTF-8 when it holds a 3- or
 * 4-byte character — the length of every CJK character in UTF-8 —, or when its only non-ASCII
 * characters are 2-byte Latin letters (U+00C0–U+017F: é ü ñ Å ł) each touching an ASCII letter
 * ("Café", "Müller"). Any 2-byte UTF-8 pair is also a valid GBK character (é is 茅), so that is
 * the only shape told apart: a GBK line whose every character falls in those 190 GBK codes *and*
 * touches a Latin letter ("NIKE女") is taken for UTF-8 too — the refusal names it, and
 * encoding=gbk reads it as GBK.
 */
export async function scanLines(file: ByteSource): Promise<EncodingScan> {
  const scan: EncodingScan = { utf8Lines: { count: 0, first: [] }, otherLines: { count: 0, first: [] } };
  let line = 1;
  let bad = false; // this line has a byte sequence that is not UTF-8
  let wide = false; // this line has a 3- or 4-byte UTF-8 character
  let need = 0; // continuation bytes still expected
  let lo = 0x80; // the range of the next continuation byte (narrower after E0, ED, F0, F4)
  let hi = 0xbf;
  // 2-byte characters of this line: all Latin letters touching an ASCII letter so far (see above)
  let latin = 0;
  let notLatin = false;
  let lead = 0; // the lead byte of the 2-byte character being read
  let prev = 0; // the byte before it, and after a Latin letter whether an ASCII letter must follow
  let wantLetter = false;
  const asciiLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
  const endLine = () => {
    if (need) bad = true;
    if (wantLetter) notLatin = true;
    if (bad) note(scan.otherLines, line);
    else if (wide || (latin && !notLatin)) note(scan.utf8Lines, line);
    line++;
    bad = wide = notLatin = wantLetter = false;
    need = latin = prev = 0;
  };
  for await (const chunk of file.read()) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0a) {
        endLine();
        continue;
      }
      if (wantLetter && b !== 0xc3 && b !== 0xc4 && b !== 0xc5) {
        // a Latin letter followed by neither an ASCII letter nor another Latin letter
        if (!asciiLetter(b)) notLatin = true;
        wantLetter = false;
      }
      if (need) {
        if (b >= lo && b <= hi) {
          need--;
          lo = 0x80;
          hi = 0xbf;
          if (lead) {
            const cp = ((lead & 0x1f) << 6) | (b & 0x3f);
            const touching = asciiLetter(prev);
            if (cp < 0xc0 || cp > 0x17f || cp === 0xd7 || cp === 0xf7) notLatin = true;
            else {
              latin++;
              if (!touching) wantLetter = true;
            }
            // a run of Latin letters ("ée") touches a letter when one of its ends does
            prev = touching ? 0x61 : 0;
            lead = 0;
          }
          continue;
        }
        bad = true;
        need = 0;
        lead = 0;
        lo = 0x80;
        hi = 0xbf;
        // the byte starts something new: checked below
      }
      if (b < 0x80) {
        prev = b;
        continue;
      }
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
        lead = b;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        wide = true;
        if (b === 0xe0) lo = 0xa0;
        else if (b === 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        wide = true;
        if (b === 0xf0) lo = 0x90;
        else if (b === 0xf4) hi = 0x8f;
      } else bad = true;
    }
  }
  endLine();
  return scan;
}

function mixedEncoding(scan: EncodingScan): DomainException {
  const list = (s: LineSet) => `${s.first.join(', ')}${s.count > s.first.length ? ` … (${formatCount(s.count)} lines)` : ''}`;
  const zh = (s: LineSet) => `第 ${s.first.join('、')}${s.count > s.first.length ? ' 等' : ''} 行`;
  return new DomainException(
    ExcelError.IMPORT_ENCODING,
    `the file mixes encodings: line(s) ${list(scan.utf8Lines)} are UTF-8, line(s) ${list(scan.otherLines)} are not (GBK?); save the whole file in one encoding (UTF-8) and upload it again, or name the encoding with encoding=… / 文件混用了编码：${zh(scan.utf8Lines)}为 UTF-8，${zh(scan.otherLines)}不是（可能是 GBK），请整个文件另存为同一编码（UTF-8）后重新上传`,
    [{ field: 'file', message: 'mixed encodings: UTF-8 and GBK' }],
    { utf8Lines: scan.utf8Lines.first, otherLines: scan.otherLines.first },
  );
}

/**
 * The non-empty rows of the first worksheet, or of the text file, in order. More than
 * `maxEmptyRows` empty rows in a row stop the read with IMPORT_TOO_MANY_EMPTY_ROWS: a sheet of a
 * million empty rows (a zip bomb's favourite) costs a bounded scan, not minutes.
 */
export async function* readSheetRows(src: SheetSource): AsyncGenerator<RawRow> {
  const limits = src.limits ?? DEFAULT_IMPORT_LIMITS;
  const rows = src.format === 'xlsx' ? readXlsxRows(src.file, limits, src.sharedStringsKept) : readText(src);
  let empty = 0;
  let lastFull = 0;
  for await (const r of rows) {
    if (isBlank(r.cells)) {
      if (++empty > limits.maxEmptyRows) {
        throw overLimit(
          'IMPORT_TOO_MANY_EMPTY_ROWS',
          'IMPORT_MAX_EMPTY_ROWS',
          limits.maxEmptyRows,
          `more than ${formatCount(limits.maxEmptyRows)} empty rows in a row after row ${lastFull} (IMPORT_MAX_EMPTY_ROWS); delete the empty rows / 第 ${lastFull} 行之后空行过多，请删除空行`,
        );
      }
      continue;
    }
    empty = 0;
    lastFull = r.row;
    yield r;
  }
}

function isBlank(cells: unknown[]): boolean {
  for (const c of cells) if (!(c === null || c === undefined || (typeof c === 'string' && c.trim() === ''))) return false;
  return true;
}

/** a text line (record) longer than this is not a sheet row */
const MAX_LINE_CHARS = 1_000_000;

const ICONV_NAME: Record<SheetEncoding, string> = { utf8: 'utf8', gbk: 'gbk', gb18030: 'gb18030', utf16le: 'utf16le', utf16be: 'utf16be' };

async function* readText(src: SheetSource): AsyncGenerator<RawRow> {
  // errors of any stage (a missing file included) reach the parser, and so this loop
  const bytes = await openSheetFile(src.file);
  const parser = parse({ delimiter: src.delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_LINE_CHARS });
  pipeline(bytes.read(), iconv.decodeStream(ICONV_NAME[src.encoding ?? 'utf8'], { stripBOM: true }), parser, () => undefined);
  let n = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      n++;
      for (let i = 0; i < record.length; i++) if (record[i].length > MAX_CELL_CHARS) throw cellTooLong(`line ${n}, column ${i + 1},`);
      yield { row: n, cells: record };
    }
  } catch (e) {
    if (e instanceof DomainException) throw e;
    const err = e as Error & { code?: string };
    if (err?.code === 'CSV_MAX_RECORD_SIZE') {
      throw overLimit(
        'IMPORT_CELL_TOO_LONG',
        'MAX_LINE_CHARS',
        MAX_LINE_CHARS,
        `line ${n + 1} is longer than ${formatCount(MAX_LINE_CHARS)} characters (or a quote is never closed) / 第 ${n + 1} 行过长（或引号未闭合）`,
      );
    }
    if (err?.code === 'ENOENT') throw corrupt('the uploaded file is no longer there / 上传的文件已不存在');
    throw corrupt(`line ${n + 1} cannot be read (${err?.message ?? e}) / 第 ${n + 1} 行无法读取`);
  } finally {
    parser.destroy();
  }
}
