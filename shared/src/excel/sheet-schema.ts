import { Dec } from '../common/money';
import { describeBadCharacter, findBadCharacter } from '../common/text';

/**
 * Sheet schema: what columns an import sheet has, in Chinese and English, and how a raw cell (from
 * exceljs or a CSV/TXT line) becomes a typed value or a row-level error. Pure: no I/O, no database.
 */
export type CellKind = 'text' | 'code' | 'decimal' | 'int' | 'bool' | 'enum' | 'date' | 'list';

export interface SheetColumn {
  /** English header, and the key of the parsed value */
  key: string;
  /** Chinese header */
  zh: string;
  kind: CellKind;
  required?: boolean;
  /** text/code: characters; list: characters of each item */
  maxLength?: number;
  /** decimal/int bounds (inclusive) */
  min?: number;
  max?: number;
  /** decimal: places after the point */
  scale?: number;
  /** enum: accepted spellings (any case) → stored value */
  values?: Record<string, string>;
  /** list: most items */
  maxItems?: number;
  /** other header spellings accepted for the column (a scanner's 商品条码, 实盘数量 …) */
  aliases?: string[];
  /** shown in the template's instructions */
  note?: string;
  example?: string;
}

export interface SheetSchema {
  /** entity key, e.g. `product` */
  name: string;
  /** sheet title users see, e.g. 商品 */
  zhName: string;
  columns: SheetColumn[];
  /** groups of column keys of which the header must hold at least one (条码 or 商品编码) */
  oneOf?: string[][];
}

export type CellErrorCode =
  | 'REQUIRED'
  | 'TOO_LONG'
  | 'NOT_A_NUMBER'
  | 'OUT_OF_RANGE'
  | 'TOO_MANY_DECIMALS'
  | 'NOT_AN_INTEGER'
  | 'NOT_A_BOOLEAN'
  | 'NOT_IN_LIST'
  | 'NOT_A_DATE'
  | 'FORMULA'
  | 'CELL_ERROR'
  | 'BAD_CODE'
  | 'TOO_MANY_ITEMS'
  | 'DUPLICATE_IN_FILE'
  | 'UNKNOWN_REFERENCE'
  | 'CONFLICT'
  | 'CONTROL_CHARACTER'
  | 'ENCODING'
  | 'UNEXPECTED_DATE';

/** One problem in one row, as the clerk sees it: sheet row number, column label, message. */
export interface RowError {
  row: number;
  /** English key of the column, or `*` for the whole row */
  column: string;
  // a CellErrorCode, or a code of the caller's own rule
  code: string;
  message: string;
}

export type ParsedValue = string | number | boolean | string[] | null;

export interface HeaderMap {
  /** cell index (0-based) → column */
  byIndex: Map<number, SheetColumn>;
  /** headers nobody knows (ignored, reported as a warning) */
  unknown: string[];
  /** required columns not in the sheet */
  missing: SheetColumn[];
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const LIST_SPLIT = /[;,，；|、\s]+/;

export function columnLabel(c: SheetColumn): string {
  return `${c.zh} / ${c.key}`;
}

function normaliseHeader(s: string): string {
  return s.replace(/[\s*＊_]/g, '').toLowerCase();
}

/** The spellings a header cell may have: `商品编码`, `code`, `商品编码 / code`, `商品编码(code)`, with or without `*`. */
function headerParts(raw: string): string[] {
  const whole = normaliseHeader(raw);
  const parts = raw
    .split(/[/()（）]/)
    .map(normaliseHeader)
    .filter(Boolean);
  return [whole, ...parts];
}

function headerIndex(schema: SheetSchema): Map<string, SheetColumn> {
  const m = new Map<string, SheetColumn>();
  for (const c of schema.columns) {
    m.set(normaliseHeader(c.key), c);
    m.set(normaliseHeader(c.zh), c);
    m.set(normaliseHeader(columnLabel(c)), c);
    for (const a of c.aliases ?? []) m.set(normaliseHeader(a), c);
  }
  return m;
}

function findColumn(index: Map<string, SheetColumn>, raw: string): SheetColumn | undefined {
  for (const p of headerParts(raw)) {
    const c = index.get(p);
    if (c) return c;
  }
  return undefined;
}

/** Maps a header row to the schema's columns. */
export function mapHeader(schema: SheetSchema, cells: unknown[]): HeaderMap {
  const index = headerIndex(schema);
  const byIndex = new Map<number, SheetColumn>();
  const unknown: string[] = [];
  const seen = new Set<SheetColumn>();
  cells.forEach((cell, i) => {
    const text = cellText(cell).trim();
    if (!text) return;
    const col = findColumn(index, text);
    if (!col || seen.has(col)) unknown.push(text);
    else {
      byIndex.set(i, col);
      seen.add(col);
    }
  });
  const missing = schema.columns.filter((c) => c.required && !seen.has(c));
  for (const group of schema.oneOf ?? []) {
    const cols = schema.columns.filter((c) => group.includes(c.key));
    if (!cols.some((c) => seen.has(c))) missing.push(...cols);
  }
  return { byIndex, unknown, missing };
}

/** The missing columns as a clerk reads them: `商品编码 / code, 条码 / barcode or 商品编码 / productCode` (English, Chinese). */
export function missingLabels(schema: SheetSchema, missing: SheetColumn[]): { en: string; zh: string } {
  const groups: SheetColumn[][] = [];
  for (const c of missing) {
    const group = schema.oneOf?.find((g) => g.includes(c.key));
    const at = group ? groups.find((g) => group.includes(g[0].key)) : undefined;
    if (at) at.push(c);
    else groups.push([c]);
  }
  return { en: groups.map((g) => g.map(columnLabel).join(' or ')).join(', '), zh: groups.map((g) => g.map((c) => c.zh).join('或')).join('、') };
}

/** True when a row repeats the headers (the template's second, English header row). */
export function isHeaderRow(schema: SheetSchema, map: HeaderMap, cells: unknown[]): boolean {
  const index = headerIndex(schema);
  let matched = 0;
  for (const [i, col] of map.byIndex) {
    const text = cellText(cells[i]).trim();
    if (!text) continue;
    if (findColumn(index, text) !== col) return false;
    matched++;
  }
  return matched > 0;
}

/** Plain text of a raw cell (rich text and hyperlinks flattened). */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
  }
  return String(v);
}

/** A date cell as Excel shows it: `2026-01-05`, with the time when it has one. */
export function dateText(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

export function isEmptyRow(cells: unknown[]): boolean {
  return cells.every(isEmpty);
}

type CellResult = { value: ParsedValue } | { error: CellErrorCode; message: string };

const ok = (value: ParsedValue): CellResult => ({ value });
const fail = (error: CellErrorCode, message: string): CellResult => ({ error, message });

/** Refuses what a text cell must never hold (control characters, U+FFFD, broken characters). */
function checkText(s: string): CellResult | null {
  const bad = findBadCharacter(s);
  if (!bad) return null;
  return fail(bad.problem === 'replacement' ? 'ENCODING' : 'CONTROL_CHARACTER', describeBadCharacter(bad));
}

/** Codes, barcodes and numbers typed in full-width (１２３, ＡＢＣ) are the same characters to a clerk: NFKC. */
const nfkc = (s: string) => (/[\uff01-\uff5e\u3000]/.test(s) ? s.normalize('NFKC') : s);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Turns one raw cell into a typed value (decimals as exact strings) or an error. */
export function parseCell(col: SheetColumn, raw: unknown): CellResult {
  if (raw && typeof raw === 'object' && !(raw instanceof Date)) {
    const o = raw as { formula?: unknown; sharedFormula?: unknown; error?: unknown };
    if (o.formula !== undefined || o.sharedFormula !== undefined) return fail('FORMULA', 'formula cells are not accepted, paste values only / 不接受公式，请粘贴为数值');
    if (o.error !== undefined) return fail('CELL_ERROR', `the cell holds an error (${String(o.error)}) / 单元格包含错误值`);
  }
  if (isEmpty(raw)) {
    return col.required ? fail('REQUIRED', 'required / 必填') : ok(col.kind === 'list' ? [] : null);
  }
  // a cell formatted as a date holds a day number; only a date column may take it
  if (raw instanceof Date && col.kind !== 'date') {
    return fail(
      'UNEXPECTED_DATE',
      `the cell is a date (${dateText(raw)}) where ${KIND_WORD[col.kind]} is expected: format the column as text and type the value again / 单元格是日期格式（${dateText(raw)}），请设为文本格式后重新输入`,
    );
  }
  switch (col.kind) {
    case 'text':
    case 'code': {
      let s = (typeof raw === 'number' ? numberText(raw) : cellText(raw)).trim();
      const bad = checkText(s);
      if (bad) return bad;
      if (col.kind === 'code') s = nfkc(s);
      // characters, not UTF-16 units; never more characters than units, so short text needs no count
      if (col.maxLength && s.length > col.maxLength && [...s].length > col.maxLength)
        return fail('TOO_LONG', `longer than ${col.maxLength} characters / 超过 ${col.maxLength} 个字符`);
      if (col.kind === 'code' && !CODE_RE.test(s)) {
        return fail(
          'BAD_CODE',
          CJK.test(s)
            ? `"${s}" is not a code: a code uses letters, digits, _ . - only (a name was given where the code is expected?) / “${s}”不是编码，编码只能包含字母、数字、_ . -（是否填了名称？）`
            : `"${s}": use letters, digits, _ . - only / 只能包含字母、数字、_ . -`,
        );
      }
      return ok(s);
    }
    case 'decimal':
      return parseDecimal(col, raw);
    case 'int': {
      // a whole number cell inside the bounds is the common case
      if (typeof raw === 'number' && Number.isSafeInteger(raw) && (col.min === undefined || raw >= col.min) && (col.max === undefined || raw <= col.max)) return ok(raw + 0);
      const r = parseDecimal({ ...col, scale: 0 }, raw);
      if ('error' in r) return r.error === 'TOO_MANY_DECIMALS' ? fail('NOT_AN_INTEGER', 'must be a whole number / 必须是整数') : r;
      return ok(Number(r.value));
    }
    case 'bool': {
      if (typeof raw === 'boolean') return ok(raw);
      const s = nfkc(cellText(raw).trim()).toLowerCase();
      if (['1', 'y', 'yes', 'true', '是', '有', '√'].includes(s)) return ok(true);
      if (['0', 'n', 'no', 'false', '否', '无', '×'].includes(s)) return ok(false);
      return fail('NOT_A_BOOLEAN', 'use 是/否 or yes/no / 请填写 是 或 否');
    }
    case 'enum': {
      const s = nfkc(cellText(raw).trim()).toLowerCase();
      const hit = Object.entries(col.values ?? {}).find(([k]) => k.toLowerCase() === s);
      if (!hit) return fail('NOT_IN_LIST', `allowed: ${Object.keys(col.values ?? {}).join(', ')} / 不在可选值中`);
      return ok(hit[1]);
    }
    case 'date':
      return parseDate(raw);
    case 'list': {
      const text = typeof raw === 'number' ? numberText(raw) : cellText(raw);
      const bad = checkText(text.replace(/[\t\r\n]/g, ' '));
      if (bad) return bad;
      const items = nfkc(text).split(LIST_SPLIT).filter(Boolean);
      if (col.maxItems && items.length > col.maxItems) return fail('TOO_MANY_ITEMS', `at most ${col.maxItems} items / 最多 ${col.maxItems} 项`);
      for (const item of items) {
        if (col.maxLength && item.length > col.maxLength) return fail('TOO_LONG', `"${item}" is longer than ${col.maxLength} characters / 超长`);
        if (!CODE_RE.test(item)) return fail('BAD_CODE', `"${item}": letters, digits, _ . - only / 格式错误`);
      }
      if (new Set(items).size !== items.length) return fail('DUPLICATE_IN_FILE', 'the same item twice / 重复');
      return ok(items);
    }
  }
}

const KIND_WORD: Record<CellKind, string> = {
  text: 'text',
  code: 'a code',
  decimal: 'a number',
  int: 'a whole number',
  bool: 'yes/no',
  enum: 'one of the listed values',
  date: 'a date',
  list: 'a list of codes',
};

/** Excel keeps 15 significant digits; printing through them removes binary noise (0.1+0.2). */
function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : new Dec(n.toPrecision(15)).toString();
}

const PLAIN_DECIMAL = /^(\d{1,15})(?:\.(\d{0,6}))?$/;

/**
 * The decimal.js result of parseDecimal without decimal.js, for the common cell: a plain
 * non-negative number of at most 15 integer digits and 6 places, clearly inside the bounds.
 * Undefined when the general path must decide.
 */
function plainDecimal(col: SheetColumn, s: string): CellResult | undefined {
  const m = PLAIN_DECIMAL.exec(s);
  if (!m) return undefined;
  const int = m[1].replace(/^0+(?=\d)/, '');
  let frac = m[2] ?? '';
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--;
  if (end !== frac.length) frac = frac.slice(0, end);
  if (col.min !== undefined && col.min > 0) return undefined;
  if (col.max !== undefined && !(Number(int) + 1 <= col.max)) return undefined;
  const scale = col.scale ?? 2;
  if (frac.length > scale) return fail('TOO_MANY_DECIMALS', scale === 0 ? 'must be a whole number / 必须是整数' : `at most ${scale} decimal places / 最多 ${scale} 位小数`);
  return ok(frac ? `${int}.${frac}` : int);
}

function parseDecimal(col: SheetColumn, raw: unknown): CellResult {
  if (typeof raw === 'string' || (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0)) {
    const fast = plainDecimal(col, typeof raw === 'number' ? String(raw) : raw.trim());
    if (fast) return fast;
  }
  let d: InstanceType<typeof Dec>;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return fail('NOT_A_NUMBER', 'not a number / 不是数字');
    d = new Dec(numberText(raw));
  } else {
    let s = nfkc(cellText(raw).trim()).replace(/^[¥￥]\s*/, '');
    if (s.includes(',')) {
      // a comma is a thousands separator only in whole groups of three ("1,234.50"); "12,50" is a
      // European decimal comma, and guessing either way may store 100× the price
      if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) {
        const example = /^[+-]?\d+,\d{1,2}$/.test(s) ? ` (${s.replace(',', '.')}?)` : '';
        return fail('NOT_A_NUMBER', `"${s}": write the decimal point as "."${example}; a comma may only separate thousands (1,234.50) / 小数点请用“.”，逗号只能作千位分隔符`);
      }
      s = s.replace(/,/g, '');
    }
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return fail('NOT_A_NUMBER', `"${s.length > 40 ? `${s.slice(0, 40)}…` : s}" is not a number / 不是数字`);
    d = new Dec(s);
  }
  if (col.min !== undefined && d.lt(col.min))
    return fail('OUT_OF_RANGE', col.min === 0 ? 'must not be negative / 不能为负数' : `must be at least ${col.min} / 不能小于 ${col.min}`);
  if (col.max !== undefined && d.gt(col.max)) return fail('OUT_OF_RANGE', `must be at most ${col.max} / 不能大于 ${col.max}`);
  const scale = col.scale ?? 2;
  if (d.decimalPlaces() > scale) return fail('TOO_MANY_DECIMALS', scale === 0 ? 'must be a whole number / 必须是整数' : `at most ${scale} decimal places / 最多 ${scale} 位小数`);
  return ok(d.toString());
}

function parseDate(raw: unknown): CellResult {
  let y: number, m: number, d: number;
  if (raw instanceof Date) {
    y = raw.getUTCFullYear();
    m = raw.getUTCMonth() + 1;
    d = raw.getUTCDate();
  } else if (typeof raw === 'number') {
    // an Excel serial day (the streaming reader reads cells without styles)
    if (!Number.isInteger(raw) || raw < 1 || raw > 2958465) return fail('NOT_A_DATE', 'not a date / 不是日期');
    const t = new Date(Date.UTC(1899, 11, 30) + raw * 86_400_000);
    return ok(t.toISOString().slice(0, 10));
  } else {
    const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(nfkc(cellText(raw).trim()));
    if (!match) return fail('NOT_A_DATE', 'use YYYY-MM-DD / 日期格式应为 YYYY-MM-DD');
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d || y < 1900 || y > 9999) return fail('NOT_A_DATE', 'no such date / 日期不存在');
  return ok(t.toISOString().slice(0, 10));
}

export interface ParsedRow {
  row: number;
  values: Record<string, ParsedValue>;
  errors: RowError[];
}

/** Parses the mapped cells of one data row. Columns absent from the sheet are absent from `values`. */
export function parseRow(map: HeaderMap, cells: unknown[], row: number): ParsedRow {
  const values: Record<string, ParsedValue> = {};
  const errors: RowError[] = [];
  for (const [i, col] of map.byIndex) {
    const r = parseCell(col, cells[i]);
    if ('error' in r) errors.push({ row, column: col.key, code: r.error, message: `${columnLabel(col)}: ${r.message}` });
    else values[col.key] = r.value;
  }
  return { row, values, errors };
}
