import { type RequestContext } from '../common/request-context';
import { addDays } from '../inventory/inventory.util';
import { orderBy, pageSql, scopeSql, Sql } from './report-output';
import { sqlStatements } from '../common/sql-statements';
import { DECLARATION_ID, reportTexts, type ReportSql } from './report.repository';
import type { StockMovementQueryDto } from './reports.dto';
import { defineSort, type SortSpec } from '../common/pagination';

const MOVEMENT_SORT_COLUMNS = {
  value: 'value',
  onHand: 'on_hand',
  sold: 'sold',
  daysOfCover: 'days_of_cover',
  productCode: '"productCode"',
  warehouseCode: '"warehouseCode"',
};
export const SLOW_MOVER_SORT = defineSort(MOVEMENT_SORT_COLUMNS, '-value,warehouseCode,productCode');
export const DAYS_OF_COVER_SORT = defineSort(MOVEMENT_SORT_COLUMNS, '-daysOfCover,warehouseCode,productCode');

/**
 * 滞销商品 and 库存可售天数's SQL: stock on hand against net sales over the `days` up to `to` (a
 * checked date); `maxSold`: only products that sold at most that many (slow movers).
 */
export function movementSql(ctx: RequestContext, q: StockMovementQueryDto, to: string, maxSold: number | null, sort: SortSpec): ReportSql {
  const days = q.days ?? 30;
  const from = addDays(to, 1 - days);
  const sql = new Sql();
  const where = [...scopeSql(ctx, sql, 'w.org_unit_id', q.storeId), 'b.qty > 0'];
  if (q.warehouseId) where.push(`b.warehouse_id = ${sql.p(q.warehouseId)}`);
  if (q.categoryId) where.push(`${sql.p(q.categoryId)}::uuid = ANY(c.path)`);
  if (maxSold !== null) where.push(`coalesce(n.sold, 0) <= ${sql.p(maxSold)}`);
  const period = `BETWEEN ${sql.p(from)}::date AND ${sql.p(to)}::date`;
  const storeScope = (alias: string) =>
    scopeSql(ctx, sql, `${alias}.store_id`, q.storeId)
      .map((c) => ` AND ${c}`)
      .join('');
  // net sales per warehouse × product in the window: sold lines minus refunded lines, aggregated first
  return {
    with: `WITH n AS (
         SELECT warehouse_id, product_id, sum(qty) AS sold, max(day) AS last_sold FROM (
           SELECT s.warehouse_id, l.product_id, l.quantity AS qty, s.business_date AS day FROM pos_sale s JOIN pos_sale_line l ON l.sale_id = s.id AND NOT l.voided
           WHERE s.business_date ${period}${storeScope('s')}
           UNION ALL
           SELECT r.warehouse_id, l.product_id, -l.quantity, NULL FROM pos_refund r JOIN pos_refund_line l ON l.refund_id = r.id
           WHERE r.business_date ${period}${storeScope('r')}) x
         GROUP BY warehouse_id, product_id),
       g AS (
         SELECT w.code AS "warehouseCode", p.code AS "productCode", p.name AS "productName", b.qty AS on_hand, b.value,
                coalesce(n.sold, 0) AS sold, round(coalesce(n.sold, 0) / ${days}, 3) AS avg_daily,
                CASE WHEN n.sold > 0 THEN round(b.qty * ${days} / n.sold, 1) END AS days_of_cover, to_char(n.last_sold, 'YYYY-MM-DD') AS "lastSold"
         FROM stock_balance b JOIN warehouse w ON w.id = b.warehouse_id JOIN product p ON p.id = b.product_id LEFT JOIN category c ON c.id = p.category_id
              LEFT JOIN n ON n.warehouse_id = b.warehouse_id AND n.product_id = b.product_id
         WHERE ${where.join(' AND ')})`,
    rows: `SELECT "warehouseCode", "productCode", "productName", on_hand::text AS "onHand", value::text AS value, sold::text AS sold,
                         avg_daily::text AS "avgDailySold", days_of_cover::text AS "daysOfCover", "lastSold"
                  FROM g ORDER BY ${orderBy(q.sort, sort)} ${pageSql(q)}`,
    count: 'SELECT count(*)::int FROM g',
    totals: `SELECT coalesce(sum(on_hand), 0)::text AS "onHand", coalesce(sum(value), 0)::text AS value, coalesce(sum(sold), 0)::text AS sold FROM g`,
    params: sql.params,
  };
}

sqlStatements(
  'reports.stock-movement',
  reportTexts((ctx) => ({
    daysOfCover: movementSql(ctx, {}, '2026-01-31', null, DAYS_OF_COVER_SORT),
    slowMovers: movementSql(ctx, { storeId: DECLARATION_ID, warehouseId: DECLARATION_ID, categoryId: DECLARATION_ID, days: 7, format: 'xlsx' }, '2026-01-31', 0, SLOW_MOVER_SORT),
  })),
);
