import { type RequestContext } from '../common/request-context';
import { orderBy, pageSql, type ReportColumn, scopeSql, Sql } from '../reports/report-output';
import { columnSort, composedReport, DECLARATION_ID, DECLARATION_PERIOD, type ReportSql } from '../reports/report.repository';
import type { ReportPeriodDto } from '../reports/reports.dto';

/** 促销分析's columns: the Excel export's and the JSON rows' (PromotionReportRow). */
export const COLUMNS: ReportColumn[] = [
  { key: 'promotionId', zh: '促销ID', en: 'promotion id' },
  { key: 'code', zh: '促销编号', en: 'promotion' },
  { key: 'name', zh: '促销名称', en: 'name' },
  { key: 'kind', zh: '类型', en: 'kind' },
  { key: 'baskets', zh: '小票数', en: 'baskets', kind: 'int' },
  { key: 'qty', zh: '数量', en: 'quantity', kind: 'qty' },
  { key: 'sales', zh: '销售额', en: 'sales', kind: 'money' },
  { key: 'discount', zh: '促销优惠', en: 'discount given', kind: 'money' },
  { key: 'cost', zh: '销售成本', en: 'cost of sales', kind: 'money' },
  { key: 'margin', zh: '毛利', en: 'gross margin', kind: 'money' },
  { key: 'marginPercent', zh: '毛利率%', en: 'margin %', kind: 'percent' },
  { key: 'refunded', zh: '退货金额', en: 'refunded', kind: 'money' },
];
export const PROMOTION_REPORT_SORT = columnSort(COLUMNS, '-discount,code');

function composePromotions(ctx: RequestContext, q: ReportPeriodDto): ReportSql {
  const sql = new Sql();
  const where = [...scopeSql(ctx, sql, 's.store_id', q.storeId), `s.business_date BETWEEN ${sql.p(q.from)}::date AND ${sql.p(q.to)}::date`].join(' AND ');
  return {
    with: `WITH pl AS (
       SELECT s.id AS sale_id, l.id AS line_id, l.quantity, l.amount, l.unit_cost, e->>'promotionId' AS pid, e->>'code' AS code, e->>'name' AS name, e->>'kind' AS kind, (e->>'saving')::numeric AS saving
       FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id AND NOT l.voided AND l.promotions IS NOT NULL
       CROSS JOIN LATERAL jsonb_array_elements(l.promotions) e
       WHERE ${where}),
     r AS (SELECT rl.sale_line_id, sum(rl.amount) AS refunded FROM pos_refund_line rl WHERE rl.sale_line_id IN (SELECT line_id FROM pl) GROUP BY 1),
     g AS (SELECT pid AS "promotionId", min(code) AS code, min(name) AS name, min(kind) AS kind, count(DISTINCT sale_id)::int AS baskets, sum(quantity) AS qty,
                  sum(amount) AS sales, sum(saving) AS discount, round(coalesce(sum(quantity * unit_cost), 0), 2) AS cost,
                  coalesce(sum(amount) FILTER (WHERE unit_cost IS NOT NULL), 0) - round(coalesce(sum(quantity * unit_cost), 0), 2) AS margin,
                  round(100 * (coalesce(sum(amount) FILTER (WHERE unit_cost IS NOT NULL), 0) - round(coalesce(sum(quantity * unit_cost), 0), 2)) / nullif(sum(amount) FILTER (WHERE unit_cost IS NOT NULL), 0), 2) AS "marginPercent",
                  coalesce(sum(r.refunded), 0) AS refunded
           FROM pl LEFT JOIN r ON r.sale_line_id = pl.line_id GROUP BY pid)`,
    rows: `SELECT * FROM g ORDER BY ${orderBy(q.sort, PROMOTION_REPORT_SORT)} ${pageSql(q)}`,
    count: 'SELECT count(*)::int FROM g',
    params: sql.params,
  };
}

const PERIOD = DECLARATION_PERIOD;

/** 促销分析's SQL over the period's sales (checked); no totals row: a line in two promotions counts in both. */
export const promotionReportSql = composedReport('reports.promotions', composePromotions, {
  all: PERIOD,
  store: { ...PERIOD, storeId: DECLARATION_ID, format: 'xlsx' },
});
