import { Injectable } from '@nestjs/common';
import { dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { TransactionalConnection } from '../common/transactional-connection';
import { addDays, localToday } from '../inventory/inventory.util';
import { StockQueryService } from '../inventory/stock-query.service';
import { answer, checkDate, exportReport, orderBy, pageSql, ReportColumn, Row, scopeSql, Sql } from './report-output';
import { SlowMoversQueryDto, StockMovementQueryDto, WarehouseSummaryQueryDto } from './reports.dto';
import { defineSort, sortRows, type SortSpec } from '../common/pagination';
import type { StockMovementRow, StockMovementTotals, WarehouseStockRow, WarehouseStockTotals } from './reports.responses';

const WAREHOUSE_COLUMNS: ReportColumn[] = [
  { key: 'warehouseCode', zh: '仓库编码', en: 'warehouse code' },
  { key: 'warehouseName', zh: '仓库名称', en: 'warehouse' },
  { key: 'products', zh: '商品数', en: 'products', kind: 'int' },
  { key: 'qty', zh: '库存数量', en: 'quantity on hand', kind: 'qty' },
  { key: 'value', zh: '库存金额', en: 'stock value', kind: 'money' },
];

/** sorted in memory: the keys are the rows' fields */
export const WAREHOUSE_SUMMARY_SORT = defineSort(
  { warehouseCode: 'warehouseCode', warehouseName: 'warehouseName', products: 'products', qty: 'qty', value: 'value' },
  'warehouseCode',
);

const MOVEMENT_COLUMNS: ReportColumn[] = [
  { key: 'warehouseCode', zh: '仓库编码', en: 'warehouse code' },
  { key: 'productCode', zh: '商品编码', en: 'product code' },
  { key: 'productName', zh: '商品名称', en: 'product name' },
  { key: 'onHand', zh: '库存数量', en: 'on hand', kind: 'qty' },
  { key: 'value', zh: '库存金额', en: 'stock value', kind: 'money' },
  { key: 'sold', zh: '期间净销量', en: 'net sold in window', kind: 'qty' },
  { key: 'avgDailySold', zh: '日均销量', en: 'average daily sales', kind: 'qty' },
  { key: 'daysOfCover', zh: '可售天数', en: 'days of cover', kind: 'qty' },
  { key: 'lastSold', zh: '最近销售日', en: 'last sold (in window)' },
];

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
 * 库存报表: stock value per warehouse (a roll-up of inventory's valuation, not a second copy of it),
 * slow movers and days of cover (stock ÷ average daily net sales over the last N days). Stock is
 * this server's: a store's own warehouses, or HQ's (store stock lives in the store databases).
 */
@Injectable()
export class StockReportsService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly stock: StockQueryService,
  ) {}

  /** 库存金额汇总 per warehouse: inventory's valuation (warehouse × category) summed per warehouse. */
  async warehouses(ctx: RequestContext, q: WarehouseSummaryQueryDto) {
    const { items } = await this.stock.valuation(ctx, { storeId: q.storeId, warehouseId: q.warehouseId });
    const byWarehouse = new Map<string, Row & { products: number; qty: string; value: string }>();
    for (const r of items) {
      const w = byWarehouse.get(r.warehouseId) ?? {
        warehouseId: r.warehouseId,
        warehouseCode: r.warehouseCode,
        warehouseName: r.warehouseName,
        products: 0,
        qty: '0',
        value: '0',
      };
      w.products += r.products;
      w.qty = dec(w.qty).plus(r.qty).toString();
      w.value = dec(w.value).plus(r.value).toString();
      byWarehouse.set(r.warehouseId, w);
    }
    const rows = sortRows([...byWarehouse.values()], q.sort, WAREHOUSE_SUMMARY_SORT);
    const totals = {
      products: rows.reduce((s, r) => s + r.products, 0),
      qty: rows.reduce((s, r) => s.plus(r.qty), dec(0)).toString(),
      value: rows.reduce((s, r) => s.plus(r.value), dec(0)).toString(),
    };
    const size = q.pageSize ?? 50;
    const page = q.format === 'xlsx' ? rows : rows.slice(((q.page ?? 1) - 1) * size, (q.page ?? 1) * size);
    return answer<WarehouseStockRow, WarehouseStockTotals>(q, { title: '库存金额汇总 stock by warehouse', columns: WAREHOUSE_COLUMNS, items: page, total: rows.length, totals });
  }

  /** 滞销商品: products in stock whose net sales over the window are at most `maxSold` (default: none). */
  slowMovers(ctx: RequestContext, q: SlowMoversQueryDto) {
    return this.movement(ctx, q, q.maxSold ?? 0, SLOW_MOVER_SORT, '滞销商品 slow movers');
  }

  /** 库存可售天数: on hand ÷ average daily net sales; null where nothing sold (no demand to cover). */
  daysOfCover(ctx: RequestContext, q: StockMovementQueryDto) {
    return this.movement(ctx, q, null, DAYS_OF_COVER_SORT, '库存可售天数 days of cover');
  }

  private async movement(ctx: RequestContext, q: StockMovementQueryDto, maxSold: number | null, sort: SortSpec, title: string) {
    const days = q.days ?? 30;
    const to = q.asOf ? checkDate(q.asOf, 'asOf') : localToday();
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
    const g = `WITH n AS (
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
         WHERE ${where.join(' AND ')})`;
    const rows = `SELECT "warehouseCode", "productCode", "productName", on_hand::text AS "onHand", value::text AS value, sold::text AS sold,
                         avg_daily::text AS "avgDailySold", days_of_cover::text AS "daysOfCover", "lastSold"
                  FROM g ORDER BY ${orderBy(q.sort, sort)} ${pageSql(q)}`;
    const totals = `SELECT coalesce(sum(on_hand), 0)::text AS "onHand", coalesce(sum(value), 0)::text AS value, coalesce(sum(sold), 0)::text AS sold FROM g`;
    if (q.format === 'xlsx') {
      return exportReport(this.connection.dataSource, { title, columns: MOVEMENT_COLUMNS, sql: `${g} ${rows}`, totalsSql: `${g} ${totals}`, params: sql.params });
    }
    // net sales per warehouse × product in the window: sold lines minus refunded lines, aggregated first
    const [row] = await queryRows<{ n: number; items: Row[] | null; totals: Row }>(
      this.connection.manager(ctx),
      `${g}
       SELECT (SELECT count(*)::int FROM g) AS n, (SELECT json_agg(x) FROM (${rows}) x) AS items, (SELECT row_to_json(t) FROM (${totals}) t) AS totals`,
      sql.params,
    );
    return answer<StockMovementRow, StockMovementTotals>(q, { title, columns: MOVEMENT_COLUMNS, items: row.items ?? [], total: row.n, totals: row.totals });
  }
}
