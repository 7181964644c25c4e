import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type ByteSource, type FileInput, openInput } from '../storage/byte-source';
import { posix } from 'node:path';
import { type Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { DomainException } from '../common/errors';
import { ExcelError } from './excel.errors';
import { EXCEL_MAX_ROWS, formatCount, type ImportLimits, MAX_CELL_CHARS, overLimit } from './import-limits';
import { isDateFormat } from './number-format';

/**
 * Reading the first worksheet of an .xlsx with bounded cost, straight from the zip:
 *
 * - the zip's central directory is read first (yauzl: random access, entry sizes checked against
 *   what is actually inflated), so the number of entries and their unpacked sizes are refused
 *   before anything is unpacked — a 1 MB zip bomb costs a directory read;
 * - shared strings, styles (to know which numbers are dates) and the sheet are parsed with saxes
 *   as streams, no cell longer than Excel's 32,767 characters, no row beyond Excel's last.
 *
 * Cell values as the rest of the import expects them: strings (shared, inline, rich text
 * flattened), numbers, booleans, `Date` for numbers formatted as dates (UTC), `{ error }` and
 * `{ formula, result }`.
 */
export interface XlsxRow {
  row: number;
  cells: unknown[];
}

/** Excel's last column (XFD) */
const EXCEL_MAX_COLUMNS = 16_384;

export function corruptWorkbook(message: string): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_CORRUPT, message, [{ field: 'file', message: 'cannot be read' }]);
}

function notAWorkbook(): DomainException {
  return new DomainException(ExcelError.IMPORT_FILE_TYPE, 'this zip file is not an .xlsx workbook / 不是 .xlsx 工作簿', [{ field: 'file', message: 'use .xlsx, .csv or .txt' }]);
}

export function cellTooLong(where: string): DomainException {
  return overLimit(
    'IMPORT_CELL_TOO_LONG',
    'MAX_CELL_CHARS',
    MAX_CELL_CHARS,
    `${where} holds more than ${formatCount(MAX_CELL_CHARS)} characters, Excel's own limit for a cell / 单元格超过 ${formatCount(MAX_CELL_CHARS)} 个字符（Excel 的上限）`,
  );
}

/** yauzl reads the zip through ranges of a ByteSource (a local file or a stored one alike). */
class ByteSourceReader extends yauzl.RandomAccessReader {
  constructor(private readonly bytes: ByteSource) {
    super();
  }

  override _readStreamForRange(start: number, end: number) {
    return this.bytes.read(start, end);
  }
}

/** The zip, with its directory read and checked against the limits. Close it when done. */
export class XlsxPackage {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, yauzl.Entry>,
  ) {}

  static async open(file: FileInput, limits: ImportLimits): Promise<XlsxPackage> {
    let zip: yauzl.ZipFile;
    try {
      const bytes = await openInput(file);
      zip = await yauzl.fromRandomAccessReaderPromise(new ByteSourceReader(bytes), bytes.size, { autoClose: false, lazyEntries: true, validateEntrySizes: true });
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT' || (e instanceof DomainException && e.code === 'STORED_FILE_MISSING'))
        throw corruptWorkbook('the uploaded file is no longer there / 上传的文件已不存在');
      throw corruptWorkbook(`the workbook is damaged or incomplete (${(e as Error).message}) / 工作簿已损坏或不完整`);
    }
    try {
      if (zip.entryCount > limits.maxZipEntries) {
        throw overLimit(
          'IMPORT_TOO_MANY_ENTRIES',
          'IMPORT_MAX_ZIP_ENTRIES',
          limits.maxZipEntries,
          `the workbook holds ${formatCount(zip.entryCount)} files, more than the limit of ${formatCount(limits.maxZipEntries)} (IMPORT_MAX_ZIP_ENTRIES) / 工作簿内部文件过多`,
        );
      }
      const entries = new Map<string, yauzl.Entry>();
      let total = 0;
      for await (const entry of zip.eachEntry()) {
        total += entry.uncompressedSize;
        if (total > limits.maxUncompressedBytes) {
          throw overLimit(
            'IMPORT_UNCOMPRESSED_TOO_LARGE',
            'IMPORT_MAX_UNCOMPRESSED_MB',
            Math.round(limits.maxUncompressedBytes / 1024 / 1024),
            `the workbook unpacks to more than ${formatCount(Math.round(limits.maxUncompressedBytes / 1024 / 1024))} MB (IMPORT_MAX_UNCOMPRESSED_MB); split it into several files / 工作簿解压后超过上限，请拆分为多个文件`,
            ' MB',
          );
        }
        // OPC part names are case-insensitive
        entries.set(entry.fileName.toLowerCase(), entry);
      }
      return new XlsxPackage(zip, entries);
    } catch (e) {
      zip.close();
      if (e instanceof DomainException) throw e;
      throw corruptWorkbook(`the workbook is damaged (${(e as Error).message}) / 工作簿已损坏`);
    }
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** part names (lower case) */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** An entry's unpacked bytes; yauzl fails the stream if they exceed the size the directory declared. */
  async stream(name: string): Promise<Readable> {
    const entry = this.entries.get(name.toLowerCase());
    if (!entry) throw corruptWorkbook(`the workbook lacks ${name} / 工作簿缺少 ${name}`);
    if (entry.isEncrypted() || !entry.canDecodeFileData()) throw corruptWorkbook(`${name} is encrypted or compressed in an unknown way / 工作簿无法解压`);
    try {
      return await this.zip.openReadStreamPromise(entry);
    } catch (e) {
      throw corruptWorkbook(`${name} cannot be unpacked (${(e as Error).message}) / 工作簿无法解压`);
    }
  }

  close(): void {
    this.zip.close();
  }
}

/**
 * Feeds one entry through a saxes parser; handlers may throw to stop. `stop()` from a handler
 * ends the read early (the rest of the entry is not unpacked).
 */
async function parseEntry(pkg: XlsxPackage, name: string, setup: (parser: SaxesParser, stop: () => void) => void): Promise<void> {
  const stream = await pkg.stream(name);
  const parser = new SaxesParser();
  let error: Error | undefined;
  let stopped = false;
  parser.on('error', (e) => (error ??= e));
  setup(parser, () => (stopped = true));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      if (error) throw error;
      if (stopped) return;
    }
    parser.close();
    if (error) throw error;
  } catch (e) {
    if (e instanceof DomainException) throw e;
    throw corruptWorkbook(`${name} cannot be read (${(e as Error)?.message ?? e}) / 工作簿无法读取`);
  } finally {
    stream.destroy();
  }
}

/**
 * A text of its own. The XML parser's texts are V8 "sliced strings" — views into the chunk of XML
 * they came from (from 13 characters on) — so one barcode kept in an import's duplicate check kept
 * its whole chunk alive: a 100,000-row sheet held most of its ~56 MB of XML (twice that as UTF-16)
 * until the import ended. `(' ' + s).slice(1)` copies the characters into a new flat string.
 */
export function ownString(s: string): string {
  return s.length >= 13 ? (' ' + s).slice(1) : s;
}

const localName = (qname: string) => qname.slice(qname.indexOf(':') + 1);

/** `rId → target part` of a relationships part, targets resolved against the source part's folder. */
async function readRels(pkg: XlsxPackage, relsName: string, baseDir: string): Promise<Array<{ id: string; type: string; target: string }>> {
  if (!pkg.has(relsName)) return [];
  const out: Array<{ id: string; type: string; target: string }> = [];
  await parseEntry(pkg, relsName, (p) =>
    p.on('opentag', (node: SaxesTagPlain) => {
      if (localName(node.name) !== 'Relationship' || node.attributes.TargetMode === 'External') return;
      const target = String(node.attributes.Target ?? '');
      const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(baseDir, target));
      out.push({ id: String(node.attributes.Id ?? ''), type: String(node.attributes.Type ?? ''), target: resolved });
    }),
  );
  return out;
}

interface WorkbookParts {
  sheet: string;
  sharedStrings?: string;
  styles?: string;
  date1904: boolean;
}

/** Where the first worksheet (in the workbook's own order), shared strings and styles are. */
async function locateParts(pkg: XlsxPackage): Promise<WorkbookParts> {
  const root = await readRels(pkg, '_rels/.rels', '');
  const book = root.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  if (!pkg.has(book)) throw notAWorkbook();
  let firstSheetId: string | undefined;
  let found = false;
  let date1904 = false;
  // the rest of the chunk is still parsed after stop(): handlers ignore it
  await parseEntry(pkg, book, (p, stop) =>
    p.on('opentag', (node: SaxesTagPlain) => {
      const name = localName(node.name);
      if (found) return;
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(String(node.attributes.date1904 ?? ''));
      else if (name === 'sheet') {
        found = true;
        const id = Object.entries(node.attributes).find(([k]) => k.includes(':') && localName(k) === 'id');
        firstSheetId = id ? String(id[1]) : undefined;
        stop();
      }
    }),
  );
  const dir = posix.dirname(book);
  const rels = await readRels(pkg, posix.join(dir, '_rels', `${posix.basename(book)}.rels`), dir);
  let sheet = rels.find((r) => r.id === firstSheetId)?.target;
  if (!sheet || !pkg.has(sheet)) {
    // no usable relationship: the lowest-numbered worksheet part
    const prefix = `${dir.toLowerCase()}/worksheets/sheet`;
    const numbered = pkg
      .names()
      .filter((n) => n.startsWith(prefix) && /^\d+\.xml$/.test(n.slice(prefix.length)))
      .sort((a, b) => Number.parseInt(a.slice(prefix.length), 10) - Number.parseInt(b.slice(prefix.length), 10));
    sheet = numbered[0];
  }
  if (!sheet) throw corruptWorkbook('the workbook has no worksheet / 工作簿中没有工作表');
  const part = (suffix: string) => rels.find((r) => r.type.endsWith(suffix) && pkg.has(r.target))?.target;
  return { sheet, sharedStrings: part('/sharedStrings'), styles: part('/styles'), date1904 };
}

/** Per cell style index: is it a date (or time) format? */
async function readDateStyles(pkg: XlsxPackage, name: string | undefined): Promise<boolean[]> {
  if (!name) return [];
  const formats = new Map<number, string>();
  const xfNumFmts: number[] = [];
  let inCellXfs = false;
  let depth = 0;
  let done = false;
  // saxes reports a closetag for self-closing elements too, so depth counts elements inside <cellXfs>
  await parseEntry(pkg, name, (p, stop) => {
    p.on('opentag', (node: SaxesTagPlain) => {
      const n = localName(node.name);
      if (done) return;
      if (inCellXfs) {
        if (depth === 0 && n === 'xf') xfNumFmts.push(Number(node.attributes.numFmtId ?? 0));
        depth++;
      } else if (n === 'numFmt') formats.set(Number(node.attributes.numFmtId), String(node.attributes.formatCode ?? ''));
      else if (n === 'cellXfs') {
        inCellXfs = true;
        depth = 0;
      }
    });
    p.on('closetag', (node: SaxesTagPlain) => {
      if (!inCellXfs) return;
      if (localName(node.name) === 'cellXfs' && depth === 0) {
        inCellXfs = false;
        done = true;
        stop();
      } else depth--;
    });
  });
  return xfNumFmts.map((id) => isDateFormat(id, formats.get(id)));
}

/**
 * A read that kept only the first shared strings (readXlsxRows' `sharedStringsKept`) met a cell
 * beyond them: the caller reads again with the whole table.
 */
export class SharedStringsCut extends Error {
  constructor() {
    super('a cell refers to a shared string beyond the ones kept');
  }
}

/** The shared string table (the first `keep` entries): rich text flattened, phonetic guides left out. */
async function readSharedStrings(pkg: XlsxPackage, name: string | undefined, keep: number): Promise<string[]> {
  if (!name) return [];
  const out: string[] = [];
  let text: string | null = null;
  let inT = false;
  let inPhonetic = false;
  await parseEntry(pkg, name, (p, stop) => {
    p.on('opentag', (node: SaxesTagPlain) => {
      switch (localName(node.name)) {
        case 'si':
          text = '';
          break;
        case 't':
          inT = !inPhonetic;
          break;
        case 'rPh':
          inPhonetic = true;
          break;
      }
    });
    p.on('text', (t) => {
      if (!inT || text === null) return;
      text += t;
      if (text.length > MAX_CELL_CHARS) throw cellTooLong(`shared string #${out.length + 1}`);
    });
    p.on('closetag', (node: SaxesTagPlain) => {
      switch (localName(node.name)) {
        case 'si':
          // the rest of the chunk is still parsed after stop(): nothing more is kept
          if (out.length < keep) out.push(ownString(text ?? ''));
          text = null;
          if (out.length >= keep) stop();
          break;
        case 't':
          inT = false;
          break;
        case 'rPh':
          inPhonetic = false;
          break;
      }
    });
  });
  return out;
}

/** the column number (1-based) of a cell reference such as `AB12`, 0 when there is none */
function columnOf(ref: string | undefined): number {
  if (!ref) return 0;
  let n = 0;
  for (let i = 0; i < ref.length && n <= EXCEL_MAX_COLUMNS; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + c - 64;
    else if (c >= 97 && c <= 122) n = n * 26 + c - 96;
    else break;
  }
  return n;
}

/** An Excel serial day (with its time of day as the fraction) as a UTC Date. */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.round(serial * 86_400_000));
}

const cellName = (row: number, col: number) => {
  let s = '';
  for (let c = col; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return `${s}${row}`;
};

/**
 * The rows of the workbook's first worksheet, in order (empty rows too: the caller counts them).
 * `sharedStringsKept`: only that many shared strings are read (a header check needs the first
 * rows' few — Excel writes the table in order of first use — not a 100,000-product file's
 * 300,000); a cell beyond them throws SharedStringsCut.
 */
export async function* readXlsxRows(file: FileInput, limits: ImportLimits, sharedStringsKept = Infinity): AsyncGenerator<XlsxRow> {
  const pkg = await XlsxPackage.open(file, limits);
  try {
    const parts = await locateParts(pkg);
    const dateStyles = await readDateStyles(pkg, parts.styles);
    const shared = await readSharedStrings(pkg, parts.sharedStrings, sharedStringsKept);
    yield* readWorksheet(pkg, parts.sheet, shared, shared.length >= sharedStringsKept, dateStyles, parts.date1904);
  } finally {
    pkg.close();
  }
}

/** the value of a cell whose shared string was not kept (readXlsxRows' `sharedStringsKept`) */
const NOT_KEPT = Symbol('shared string not kept');

function handOn(r: XlsxRow): XlsxRow {
  if (r.cells.includes(NOT_KEPT)) throw new SharedStringsCut();
  return r;
}

async function* readWorksheet(pkg: XlsxPackage, name: string, shared: string[], cut: boolean, dateStyles: boolean[], date1904: boolean): AsyncGenerator<XlsxRow> {
  const stream = await pkg.stream(name);
  const parser = new SaxesParser();
  const decoder = new TextDecoder('utf-8');
  let ready: XlsxRow[] = [];
  let error: Error | undefined;
  let inData = false;
  let rowNo = 0;
  let cells: unknown[] | null = null;
  let lastCol = 0;
  // the open cell: column, type, style, formula text, value text, and where text goes (0 nowhere, 1 formula, 2 value)
  let inCell = false;
  let col = 0;
  let type: string | undefined;
  let isDate = false;
  let f: string | null = null;
  let v: string | null = null;
  let into = 0;
  let inPhonetic = false;
  parser.on('error', (e) => (error ??= e));
  parser.on('opentag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'sheetData':
        inData = true;
        break;
      case 'row': {
        if (!inData) break;
        const r = node.attributes.r === undefined ? rowNo + 1 : Number.parseInt(node.attributes.r, 10);
        if (!(r > rowNo)) throw corruptWorkbook(`row ${node.attributes.r} is out of order (after row ${rowNo}) / 行号顺序错误`);
        if (r > EXCEL_MAX_ROWS) throw corruptWorkbook(`the sheet has rows beyond row ${formatCount(EXCEL_MAX_ROWS)}, Excel's last / 行数超过 Excel 的上限`);
        rowNo = r;
        cells = [];
        lastCol = 0;
        break;
      }
      case 'c': {
        if (!cells) break;
        inCell = true;
        col = columnOf(node.attributes.r) || lastCol + 1;
        if (col > EXCEL_MAX_COLUMNS) throw corruptWorkbook(`row ${rowNo} has a cell beyond column XFD, Excel's last / 列数超过 Excel 的上限`);
        type = node.attributes.t;
        const s = node.attributes.s;
        isDate = s !== undefined && dateStyles[Number(s)] === true;
        f = v = null;
        into = 0;
        break;
      }
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
    if (into === 2) {
      v += text;
      if (v!.length > MAX_CELL_CHARS) throw cellTooLong(`cell ${cellName(rowNo, col)}`);
    } else if (into === 1) {
      f += text;
      if (f!.length > MAX_CELL_CHARS) throw cellTooLong(`the formula of cell ${cellName(rowNo, col)}`);
    }
  });
  parser.on('closetag', (node: SaxesTagPlain) => {
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
          value = v === null ? { formula: f } : { formula: f, result: type === 'str' ? v : Number.parseFloat(v) };
        } else if (v !== null) {
          switch (type) {
            case 's': {
              const i = Number.parseInt(v, 10);
              // a row parsed ahead of the caller's need may use strings not kept: it fails only if it is handed on
              if (cut && i >= shared.length) {
                value = NOT_KEPT;
                break;
              }
              if (!(i >= 0 && i < shared.length)) throw corruptWorkbook(`cell ${cellName(rowNo, col)} refers to a shared string that does not exist / 工作簿已损坏`);
              value = shared[i];
              break;
            }
            // the XML parser decoded the text once, as Excel does (exceljs decodes it a second
            // time, turning a name's "&amp;" into "&")
            case 'inlineStr':
            case 'str':
              value = ownString(v);
              break;
            case 'e':
              value = { error: v };
              break;
            case 'b':
              value = Number.parseInt(v, 10) !== 0;
              break;
            case 'd': {
              const t = new Date(v);
              value = Number.isNaN(t.getTime()) ? v : t;
              break;
            }
            default: {
              const x = Number.parseFloat(v);
              value = isDate && Number.isFinite(x) ? excelSerialToDate(x, date1904) : x;
            }
          }
        }
        if (value !== undefined && value !== null) cells[col - 1] = value;
        break;
      }
    }
  });
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      if (error) throw error;
      if (ready.length) {
        const rows = ready;
        ready = [];
        for (const r of rows) yield handOn(r);
      }
    }
    parser.close();
    if (error) throw error;
    for (const r of ready) yield handOn(r);
  } catch (e) {
    if (e instanceof DomainException || e instanceof SharedStringsCut) throw e;
    throw corruptWorkbook(`the workbook cannot be read (${(e as Error)?.message ?? e}) / 工作簿无法读取`);
  } finally {
    stream.destroy();
  }
}
