import { Injectable } from '@nestjs/common';
import { defineSort, orderBy, pageSql, queryRows, ReportFormatDto, RequestContext, Row, type SortSpec, Sql, TransactionalConnection } from '@chain-erp/shared';

/** A list or report over one FROM: the SELECT list names the output columns, sorting refers to them. */
export interface ListSpec {
  sql: Sql;
  select: string;
  from: string;
  where: string[];
  /** API sort names → SQL over the output columns (alias `f`), and the default order */
  sort: SortSpec;
  /** a SELECT list over `f` for the totals of everything selected */
  totals?: string;
}

/** The settlement module's list and report SQL: one statement per page, count and totals included. */
@Injectable()
export class SettlementRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** One page of a list (its rows as `R`, the columns `spec.select` names), the count and the 合计 row. */
  async list<R extends object = Row, T extends object = Row>(ctx: RequestContext, q: ReportFormatDto, spec: ListSpec): Promise<{ items: R[]; total: number; totals?: T }> {
    const where = spec.where.length ? `WHERE ${spec.where.join(' AND ')}` : '';
    const [r] = await queryRows<{ n: number; items: R[] | null; totals: T | null }>(
      this.connection.manager(ctx),
      `WITH f AS (SELECT ${spec.select} FROM ${spec.from} ${where})
       SELECT (SELECT count(*)::int FROM f) AS n,
              (SELECT json_agg(x) FROM (SELECT * FROM f ORDER BY ${orderBy(q.sort, spec.sort)} ${pageSql(q)}) x) AS items,
              ${spec.totals ? `(SELECT row_to_json(t) FROM (SELECT ${spec.totals} FROM f) t)` : 'NULL::json'} AS totals`,
      spec.sql.params,
    );
    return { items: r.items ?? [], total: r.n, ...(r.totals ? { totals: r.totals } : {}) };
  }
}

/** A list's sort over its text and numeric output columns (alias `f`). */
export function listSort(text: string[], numeric: string[], defaultSort: string): SortSpec {
  return defineSort({ ...Object.fromEntries(text.map((k) => [k, `f."${k}"`])), ...Object.fromEntries(numeric.map((k) => [k, `f."${k}"::numeric`])) }, defaultSort);
}
