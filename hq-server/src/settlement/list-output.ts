import { type StreamableFile } from '@nestjs/common';
import { answer, dec, type ReportColumn, type ReportFormatDto, type Row, tidyRow } from '@chain-erp/shared';

export interface ListTable<R extends object = Row, T extends object = Row> {
  title: string;
  /** what the Excel export shows (and how JSON numbers are tidied) */
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
 * A list or report answer: JSON keeps every field of the rows (ids the console links with), money
 * with two decimals and quantities exact; `format=xlsx` is the shared report export (Chinese and
 * English headers, every row, a 合计 row).
 */
export function listAnswer<R extends object, T extends object = Row>(q: ReportFormatDto, table: ListTable<R, T>): ListPage<R, T> | StreamableFile {
  if (q.format === 'xlsx') return answer(q, table as unknown as ListTable);
  const kinds = new Map(table.columns.map((c) => [c.key, c.kind]));
  const tidy = (r: R): R => {
    const out: Row = { ...(r as Row) };
    for (const [k, v] of Object.entries(out)) {
      const kind = kinds.get(k);
      if (v === null || v === undefined || !kind) continue;
      if (kind === 'money' || kind === 'percent') out[k] = dec(v as string).toFixed(2);
      else if (kind === 'qty') out[k] = dec(v as string).toString();
    }
    return out as R;
  };
  return { items: table.items.map(tidy), total: table.total, ...(table.totals ? { totals: tidyRow(table.totals as Row, table.columns) as T } : {}) };
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
