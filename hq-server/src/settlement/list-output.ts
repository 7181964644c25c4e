import { type StreamableFile } from '@nestjs/common';
import { dec, type ReportColumn, type ReportFormatDto, type Row, tableFile } from '@chain-erp/shared';

export interface ListTable<R extends object = Row, T extends object = Row> {
  title: string;
  /** what the Excel export shows */
  columns: ReportColumn[];
  items: R[];
  total: number;
  totals?: T;
}

/** A list's JSON answer: rows of its row class (responses.ts), the total and the 合计 row. */
export interface ListPage<R extends object = Row, T extends object = Row> {
  items: R[];
  total: number;
  totals?: T;
}

/**
 * A list or report answer. The list's SQL formats its numbers (money with two decimals, quantities
 * without trailing zeros), so both answers take the rows as they came: JSON, or `format=xlsx`, the
 * shared report export (Chinese and English headers, every row, a 合计 row; numbers as number cells).
 */
export function listAnswer<R extends object, T extends object = Row>(q: ReportFormatDto, table: ListTable<R, T>): ListPage<R, T> | StreamableFile {
  if (q.format === 'xlsx') return tableFile(table as unknown as ListTable);
  return { items: table.items, total: table.total, ...(table.totals ? { totals: table.totals } : {}) };
}

/** A document as the API shows it: the money fields with two decimals (entities keep them normalised, "12.5"). */
export function withMoney<T extends object>(row: T, keys: Array<keyof T>): T {
  const out = { ...row };
  for (const k of keys) {
    const v = out[k];
    if (v !== null && v !== undefined) (out as Record<keyof T, unknown>)[k] = dec(v as unknown as string).toFixed(2);
  }
  return out;
}
