import * as ExcelJS from 'exceljs';
import { type Writable } from 'node:stream';
import { xmlSafe } from '../common/text';
import { type SheetColumn, type SheetSchema, type ParsedValue } from './sheet-schema';
import { readSheetRows, type SheetSource } from './sheet-reader';

/**
 * Writing `.xlsx` with exceljs' streaming writer (rows are flushed as they are committed, so an
 * export of 100,000 rows does not sit in memory): exports, templates and annotated workbooks.
 */
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const ERROR_COLUMN_HEADER = '错误 / errors';

const KIND_LABEL: Record<SheetColumn['kind'], string> = {
  text: '文本 text',
  code: '编码 code (A-Z 0-9 _ . -)',
  decimal: '数字 number',
  int: '整数 whole number',
  bool: '是/否 yes/no',
  enum: '可选值 one of',
  date: '日期 date YYYY-MM-DD',
  list: '列表 list, separated by ; or ,',
};

export class XlsxStreamWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;

  constructor(stream: Writable) {
    // shared strings would keep every distinct text in memory; inline strings stream
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  }

  /**
   * A worksheet whose `addRow` writes text as XML can carry it (`xmlSafe`): a value stored before
   * input was checked never makes a workbook Excel — or our import — refuses.
   */
  sheet(name: string): ExcelJS.Worksheet {
    const ws = this.workbook.addWorksheet(xmlSafe(name));
    const addRow = ws.addRow.bind(ws);
    ws.addRow = ((values: unknown, style?: string) => addRow(Array.isArray(values) ? values.map(safeCell) : values, style)) as typeof ws.addRow;
    return ws;
  }

  async commit(): Promise<void> {
    await this.workbook.commit();
  }
}

/** A cell value with its text made XML-safe (strings, and the text inside rich text / hyperlinks). */
export function safeCell<T>(v: T): T {
  if (typeof v === 'string') return xmlSafe(v) as T;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown };
    if (Array.isArray(o.richText)) return { ...o, richText: o.richText.map((r) => ({ ...r, text: xmlSafe(String(r.text)) })) } as T;
    if (typeof o.text === 'string') return { ...o, text: xmlSafe(o.text) } as T;
  }
  return v;
}

/** The two header rows every sheet of ours has: Chinese (required ones starred), then English. */
export function writeHeaderRows(ws: ExcelJS.Worksheet, columns: SheetColumn[], extra: string[] = []): void {
  const zh = ws.addRow([...columns.map((c) => (c.required ? `${c.zh}*` : c.zh)), ...extra]);
  zh.font = { bold: true };
  zh.commit();
  const en = ws.addRow([...columns.map((c) => c.key), ...extra.map(() => '')]);
  en.font = { italic: true, color: { argb: 'FF666666' } };
  en.commit();
  ws.columns = [...columns, ...extra].map(() => ({ width: 16 }));
}

/** A parsed/stored value as a cell that reads back to the same value. */
export function toCell(col: SheetColumn, v: ParsedValue | undefined): string | number | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.join(';');
  if (typeof v === 'boolean') return v ? '是' : '否';
  // decimals are written as text: Excel shows them, and re-import reads them exactly
  if (col.kind === 'int') return Number(v);
  return String(v);
}

/** The empty template: data sheet with both header rows, and an instructions sheet per column. */
export async function writeTemplate(schema: SheetSchema, stream: Writable): Promise<void> {
  const w = new XlsxStreamWriter(stream);
  const data = w.sheet(`${schema.zhName} ${schema.name}`);
  writeHeaderRows(data, schema.columns);
  data.commit();
  const help = w.sheet('说明 instructions');
  const head = help.addRow(['中文表头 Chinese header', 'English header', '必填 required', '类型 type', '示例 example', '说明 notes']);
  head.font = { bold: true };
  head.commit();
  for (const c of schema.columns) {
    const kind = c.kind === 'enum' ? `${KIND_LABEL.enum}: ${Object.keys(c.values ?? {}).join(', ')}` : KIND_LABEL[c.kind];
    const limits = [
      c.maxLength ? `≤ ${c.maxLength} 字符 chars` : '',
      c.min !== undefined ? `≥ ${c.min}` : '',
      c.max !== undefined ? `≤ ${c.max}` : '',
      c.kind === 'decimal' ? `${c.scale ?? 2} 位小数 decimals` : '',
    ]
      .filter(Boolean)
      .join(', ');
    help.addRow([c.zh, c.key, c.required ? '是 yes' : '否 no', kind, c.example ?? '', [c.note, limits].filter(Boolean).join('; ')]).commit();
  }
  help.addRow([]).commit();
  const notes = [
    '第 1 行中文表头、第 2 行英文表头；任一行即可识别，两行都保留也可以。Row 1 has Chinese headers, row 2 English ones; either is enough, both may stay.',
    '只读取第一个工作表。Only the first worksheet is read.',
    '按编码更新或新增；不接受公式。Rows are matched by code (update or insert); formulas are refused, paste values.',
    '表头上方可以有标题行（前 20 行内）。Title rows above the header are fine (the header must be within the first 20 rows).',
    '也可上传 .csv 或 .txt（逗号或制表符分隔，UTF-8、GBK 或 UTF-16）。.csv/.txt (comma or tab separated, UTF-8, GBK or UTF-16) are accepted too.',
    '数字用“.”作小数点，逗号只作千位分隔（1,234.50）。Numbers use "." for the decimal point; a comma only separates thousands (1,234.50).',
    '编码列请设为文本格式（日期格式的单元格会被拒绝）。Format code columns as text (a cell formatted as a date is refused).',
  ];
  for (const n of notes) help.addRow([n]).commit();
  help.commit();
  await w.commit();
}

/**
 * The clerk's own file back, with an error column: every row as it was uploaded (values only), at
 * its original row number — so the row numbers of the error list and of a re-upload match — and,
 * where a row failed, what is wrong with it. `failedOnly` keeps the header (and title rows above
 * it) and the failed rows, still at their own row numbers.
 */
export async function writeAnnotated(
  src: SheetSource,
  header: { headerRow: number; headerRows: number },
  errorsByRow: Map<number, string>,
  stream: Writable,
  options: { failedOnly?: boolean } = {},
): Promise<void> {
  const w = new XlsxStreamWriter(stream);
  const ws = w.sheet('errors 错误');
  let width = 0;
  // cells one by one: exceljs reads an array whose first element is missing as starting at column 0
  const put = (rowNo: number, cells: unknown[], extra: string | null) => {
    const row = ws.getRow(rowNo);
    for (let i = 0; i < cells.length; i++) {
      const v = plainCell(cells[i]);
      if (v !== null && v !== undefined) row.getCell(i + 1).value = safeCell(v) as ExcelJS.CellValue;
    }
    // the error column right of the header, or of a row wider than it
    const at = Math.max(width, cells.length) + 1;
    if (extra !== null) {
      row.getCell(at).value = xmlSafe(extra);
      if (rowNo > header.headerRows) row.getCell(at).font = { color: { argb: 'FFC00000' } };
    }
    return row;
  };
  for await (const { row, cells } of readSheetRows(src)) {
    if (row <= header.headerRows) {
      if (row >= header.headerRow) width = Math.max(width, cells.length);
      const r = put(row, cells, row === header.headerRow ? ERROR_COLUMN_HEADER : null);
      if (row >= header.headerRow) r.font = { bold: true };
      r.commit();
      continue;
    }
    const error = errorsByRow.get(row);
    if (options.failedOnly && !error) continue;
    put(row, cells, error ?? null).commit();
  }
  ws.commit();
  await w.commit();
}

/** Values only: formulas become their cached result text so the clerk sees what was there. */
function plainCell(v: unknown): unknown {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { formula?: string; result?: unknown; richText?: Array<{ text: string }>; text?: unknown; error?: unknown };
    if (o.formula !== undefined) return `=${o.formula}`;
    if (Array.isArray(o.richText)) return o.richText.map((t) => t.text).join('');
    if (o.text !== undefined) return String(o.text);
    if (o.error !== undefined) return String(o.error);
    return null;
  }
  return v ?? null;
}
