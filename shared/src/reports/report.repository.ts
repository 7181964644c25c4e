import { Injectable, type StreamableFile } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { type StatementSchema, sqlStatements, type StatementTexts } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';
import { defineSort, type SortSpec } from '../common/pagination';
import { answer, exportReport, type ReportColumn, type ReportPage, type Row } from './report-output';
import { type ReportFormatDto } from './reports.dto';

/**
 * A report's SQL, composed from its filters (a report-output `Sql`'s numbered parameters): `with`
 * defines `g` (`WITH … g AS (…)`), the report's rows and, where it has one, its 合计 row.
 */
export interface ReportSql {
  with: string;
  /** the page's (or the export's) rows over g, ordered and limited */
  rows: string;
  /** how many rows the filter selects (the 合计 row not counted) */
  count: string;
  /** one row: the measures over everything the filter selects; absent: no totals row */
  totals?: string;
  params: unknown[];
}

/** A report page as one statement: the count, the page's rows (JSON) and the totals row. */
function pageSql(r: ReportSql): string {
  return `${r.with}
       SELECT (${r.count}) AS n,
              (SELECT json_agg(x) FROM (${r.rows}) x) AS items${r.totals ? `,\n              (SELECT row_to_json(t) FROM (${r.totals}) t) AS totals` : ''}`;
}

/** The statements a report runs: its page, its export's rows and its export's totals. */
function texts(name: string, r: ReportSql): Array<[string, string]> {
  return [[`${name}.page`, pageSql(r)], [`${name}.export`, `${r.with} ${r.rows}`], ...(r.totals ? [[`${name}.exportTotals`, `${r.with} ${r.totals}`] as [string, string]] : [])];
}

/**
 * A report's statements in its filter combinations, for `sqlStatements(owner, reportTexts(…))` (the
 * test prepares them): each composed as the report composes it for a caller of HQ and for a store's.
 */
export function reportTexts(combinations: (ctx: RequestContext) => Record<string, ReportSql>): () => StatementTexts {
  return () => Object.fromEntries(DECLARATION_CALLERS.flatMap(([who, ctx]) => Object.entries(combinations(ctx)).flatMap(([name, r]) => texts(`${who}.${name}`, r))));
}

/**
 * A composed report: `compose` builds its SQL from what the caller asks (`A`: the period and
 * filters, the grouping, the page); `declare` names the asks whose texts the statement check
 * prepares — every filter combination the report composes, so a renamed column fails the suite.
 * Answers `compose`.
 */
export function composedReport<A>(
  owner: string,
  compose: (ctx: RequestContext, ask: A) => ReportSql,
  declare: Record<string, A>,
  schemas?: StatementSchema[],
): (ctx: RequestContext, ask: A) => ReportSql {
  sqlStatements(
    owner,
    reportTexts((ctx) => Object.fromEntries(Object.entries(declare).map(([name, ask]) => [name, compose(ctx, ask)]))),
    schemas,
  );
  return compose;
}

/** A report's sort over its output columns (of `g`): numbers of every kind but text compared as numbers. */
export function columnSort(columns: ReportColumn[], defaultSort: string): SortSpec {
  return defineSort(Object.fromEntries(columns.map((c) => [c.key, c.kind && c.kind !== 'text' ? `"${c.key}"::numeric` : `"${c.key}"`])), defaultSort);
}

/** One way to group a composed report: its SELECT terms and GROUP BY, the joins they need, its columns. */
export interface ReportGrouping {
  /** a property of the line (product, category), not of the document: documents must then be counted distinct */
  perLine?: boolean;
  select: string;
  group: string;
  join?: string;
  columns: ReportColumn[];
  /** sort key → output column: the grouping sorts by its first column */
  sort: Record<string, string>;
}

export function grouping(columns: ReportColumn[], sql: { select: string; group: string; join?: string; perLine?: boolean }): ReportGrouping {
  return { ...sql, columns, sort: { [columns[0].key]: `"${columns[0].key}"` } };
}

/** Any id (statements are prepared, never run). */
export const DECLARATION_ID = '00000000-0000-0000-0000-000000000000';
/** Any period, for the same reason. */
export const DECLARATION_PERIOD = { from: '2026-01-01', to: '2026-01-31' };

/** Who a report is composed for: HQ (every store, or one asked for) and a store user (its own store only). */
const DECLARATION_CALLERS: Array<[string, RequestContext]> = [
  ['hq', new RequestContext(null)],
  ['store', new RequestContext({ id: DECLARATION_ID, username: 'store', orgUnitId: DECLARATION_ID, orgUnitCode: 'S', orgKind: 'store', permissions: [] })],
];

/** A page of a report as its statement answers it. */
export interface ReportPageRow {
  n: number;
  items: Row[];
  totals?: Row;
}

/** Runs the reports' composed SQL (ReportSql): a page in one statement, an export by cursor. */
@Injectable()
export class ReportRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async page(ctx: RequestContext, r: ReportSql): Promise<ReportPageRow> {
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals?: Row | null }>(this.connection.manager(ctx), pageSql(r), r.params);
    return { n: row.n, items: row.items ?? [], ...(row.totals ? { totals: row.totals } : {}) };
  }

  /** The report as asked: its JSON page (rows and 合计 shaped by its columns), or its .xlsx (format=xlsx). */
  async answer<R extends object = Row, T extends object = R>(
    ctx: RequestContext,
    q: ReportFormatDto,
    title: string,
    columns: ReportColumn[],
    r: ReportSql,
  ): Promise<ReportPage<R, T> | StreamableFile> {
    if (q.format === 'xlsx') return this.export(title, columns, r);
    const page = await this.page(ctx, r);
    return answer<R, T>(q, { title, columns, items: page.items, total: page.n, totals: page.totals });
  }

  /** The .xlsx of the report, its rows read by cursor as it is written (exportReport). */
  export(title: string, columns: ReportColumn[], r: ReportSql): Promise<StreamableFile> {
    return exportReport(this.connection.dataSource, { title, columns, sql: `${r.with} ${r.rows}`, ...(r.totals ? { totalsSql: `${r.with} ${r.totals}` } : {}), params: r.params });
  }
}
