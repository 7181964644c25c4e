import { StreamableFile } from '@nestjs/common';
import { PassThrough } from 'node:stream';
import { type DataSource } from 'typeorm';
import { DomainException } from '../common/errors';
import { dec } from '../common/money';
import { queryChunks } from '../common/pg-cursor';
import { type SortSpec, sortTerms } from '../common/pagination';
import { type RequestContext } from '../common/request-context';
import { isIsoDate, localToday } from '../inventory/inventory.util';
import { XLSX_MIME, XlsxStreamWriter } from '../excel/sheet-writer';
import { attachment, whenWritable } from '../excel/document-output';
import { type ReportFormatDto } from './reports.dto';
import { ReportError } from './reports.errors';

export type Row = Record<string, unknown>;

/** The server's time zone as SQL may quote it (business days are local days: `at AT TIME ZONE '${LOCAL_TZ}'`). */
export const LOCAL_TZ = (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC').replace(/[^A-Za-z0-9_/+-]/g, '');

/** money: 2 decimals; qty/cost: exact, trailing zeros dropped; percent: 2 decimals; int; text */
export type ColumnKind = 'text' | 'money' | 'qty' | 'percent' | 'int';

export interface ReportColumn {
  key: string;
  zh: string;
  en: string;
  kind?: ColumnKind;
}

export interface ReportTable {
  /** file and sheet name */
  title: string;
  columns: ReportColumn[];
  items: Row[];
  total: number;
  /** the same measures over everything the filter selects (not just the page) */
  totals?: Row;
}

/** Largest export: beyond it a report is a data extract, not a report. */
export const REPORT_EXPORT_LIMIT = 100_000;

/** Numbered-parameter SQL fragments; every value a caller sends becomes a parameter. */
export class Sql {
  readonly params: unknown[] = [];
  p(value: unknown): string {
    return `$${this.params.push(value)}`;
  }
}

/**
 * Store scope for raw SQL, the scopeQuery rule: a store user sees only its own store (asking for
 * another one gives nothing, not an error), an HQ user all stores or the one it asks for.
 */
export function scopeSql(ctx: RequestContext, sql: Sql, column: string, requestedStoreId?: string): string[] {
  if (ctx.storeId) return requestedStoreId && requestedStoreId !== ctx.storeId ? ['false'] : [`${column} = ${sql.p(ctx.storeId)}`];
  return requestedStoreId ? [`${column} = ${sql.p(requestedStoreId)}`] : [];
}

export function checkDate(value: string, field: string): string {
  if (!isIsoDate(value)) throw new DomainException(ReportError.REPORT_INVALID_DATE, `${value} is not a date / 日期无效`, [{ field, message: 'not a calendar date (YYYY-MM-DD)' }]);
  return value;
}

export function checkPeriod(q: { from: string; to: string }): void {
  checkDate(q.from, 'from');
  checkDate(q.to, 'to');
  if (q.from > q.to) throw new DomainException(ReportError.REPORT_RANGE_INVERTED, '`from` is after `to` / 起始日期晚于结束日期', [{ field: 'from', message: 'after to' }]);
}

/** ORDER BY from `sort` (API names) over the output columns a report allows. */
export function orderBy(sort: string | undefined, spec: SortSpec): string {
  return sortTerms(sort ?? spec.defaultSort, spec.columns)
    .map(({ column, desc }) => `${column} ${desc ? 'DESC' : 'ASC'} NULLS LAST`)
    .join(', ');
}

/** LIMIT/OFFSET of the page asked for, or the export cap. */
export function pageSql(q: ReportFormatDto): string {
  if (q.format === 'xlsx') return `LIMIT ${REPORT_EXPORT_LIMIT}`;
  const size = q.pageSize ?? 50;
  return `LIMIT ${size} OFFSET ${((q.page ?? 1) - 1) * size}`;
}

function tidy(v: unknown, kind: ColumnKind | undefined): unknown {
  if (v === null || v === undefined) return null;
  switch (kind) {
    case 'money':
    case 'percent':
      return dec(v as string).toFixed(2);
    case 'qty':
      return dec(v as string).toString();
    case 'int':
      return Number(v);
    default:
      return v;
  }
}

export function tidyRow(row: Row, columns: ReportColumn[]): Row {
  const out: Row = {};
  // totals carry only the measures they have
  for (const c of columns) if (c.key in row) out[c.key] = tidy(row[c.key], c.kind);
  return out;
}

/** A report's JSON page: rows of its row class (the report's responses.ts), the total, the 合计 row. */
export interface ReportPage<R extends object = Row, T extends object = R> {
  items: R[];
  total: number;
  totals?: T;
}

/**
 * The JSON page, or the whole report (held in memory: a small one) streamed as .xlsx. The columns
 * shape the rows (their keys only, money with two decimals, quantities exact, counts as numbers):
 * `R` and `T` are the row classes the route declares for them.
 */
export function answer<R extends object = Row, T extends object = R>(q: ReportFormatDto, table: ReportTable): ReportPage<R, T> | StreamableFile {
  const items = table.items.map((r) => tidyRow(r, table.columns));
  const totals = table.totals && tidyRow(table.totals, table.columns);
  if (q.format !== 'xlsx') return { items: items as R[], total: table.total, ...(totals ? { totals: totals as T } : {}) };
  return tableFile({ ...table, items, totals });
}

/** A report held in memory (a small one) as .xlsx, its rows as they are (their SQL formatted their numbers). */
export function tableFile(table: ReportTable): StreamableFile {
  return reportFile(table.title, table.columns, chunksOf(table.items), async () => table.totals);
}

// the one chunk of a report held in memory, as the writer takes chunks
async function* chunksOf(items: Row[]): AsyncGenerator<Row[]> {
  yield items;
}

/** A report's export read from PostgreSQL as it is written: rows by cursor, then the 合计 totals. */
export interface ReportExport {
  title: string;
  columns: ReportColumn[];
  /** the rows in their order (capped at REPORT_EXPORT_LIMIT by the caller's LIMIT) */
  sql: string;
  /** one row of the measures over everything the filter selects; absent: no totals row */
  totalsSql?: string;
  params: unknown[];
}

/**
 * The .xlsx of a report of any size in bounded memory: its rows come from a server-side cursor
 * (queryChunks: the first chunk read before the answer starts, so a bad query is still a 4xx/5xx,
 * not a broken download) and its totals from a second query in the same snapshot once the rows are read.
 */
export async function exportReport(ds: DataSource, x: ReportExport): Promise<StreamableFile> {
  // the totals in the rows' own snapshot: a sale landing during a long download changes neither
  const rows = await queryChunks<Row>(ds, x.sql, x.params, {
    tidy: (r) => tidyRow(r, x.columns),
    ...(x.totalsSql ? { last: { sql: x.totalsSql, params: x.params } } : {}),
  });
  const totals = async () => {
    const row = rows.last?.[0];
    return row && tidyRow(row, x.columns);
  };
  return reportFile(x.title, x.columns, rows, totals, () => rows.close());
}

/** 中文 header row, English header row, the rows, 合计 row; written chunk by chunk as the reader takes them. */
function reportFile(title: string, columns: ReportColumn[], chunks: AsyncIterable<Row[]>, totalsOf: () => Promise<Row | undefined>, abort?: () => Promise<void>): StreamableFile {
  const out = new PassThrough();
  const book = new XlsxStreamWriter(out);
  const ws = book.sheet(title.slice(0, 31));
  const zh = ws.addRow(columns.map((c) => c.zh));
  zh.font = { bold: true };
  zh.commit();
  const en = ws.addRow(columns.map((c) => c.en));
  en.font = { italic: true, color: { argb: 'FF666666' } };
  en.commit();
  ws.columns = columns.map((c) => ({ width: c.kind && c.kind !== 'text' ? 14 : 20 }));
  // numbers as numbers so the sheet can sum them; money already has two decimals
  const cell = (v: unknown, kind?: ColumnKind) => (v === null || v === undefined ? null : kind && kind !== 'text' ? Number(v) : v);
  void (async () => {
    for await (const chunk of chunks) {
      for (const r of chunk) ws.addRow(columns.map((c) => cell(r[c.key], c.kind))).commit();
      // a reader slower than the cursor holds the next chunk back (the sheet is not built in memory)
      await whenWritable(out);
    }
    const totals = await totalsOf();
    if (totals) {
      const t = ws.addRow(columns.map((c, i) => (i === 0 ? '合计 Total' : c.kind && c.kind !== 'text' ? cell(totals[c.key], c.kind) : null)));
      t.font = { bold: true };
      t.commit();
    }
    ws.commit();
    await book.commit();
  })().catch((e) => {
    // a download cut off (or stalled) ends the cursor at once: its connection goes back to the pool
    void abort?.();
    out.destroy(e);
  });
  const ascii = `${title.replace(/[^A-Za-z0-9._-]+/g, '-')}-${localToday()}.xlsx`;
  return new StreamableFile(out, { type: XLSX_MIME, disposition: attachment(`${title}-${localToday()}.xlsx`, ascii) });
}
