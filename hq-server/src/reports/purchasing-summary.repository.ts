import {
  columnSort,
  composedReport,
  DECLARATION_ID,
  DECLARATION_PERIOD,
  orderBy,
  pageSql,
  type ReportColumn,
  type ReportPeriodDto,
  type ReportSql,
  type RequestContext,
  scopeSql,
  Sql,
} from '@chain-erp/shared';
import { PURCHASE_FACTS } from '../purchasing/purchasing-reports.service';

/** 采购汇总's columns: the Excel export's and the JSON rows' (PurchasingSummaryRow). */
export const PURCHASING_SUMMARY_COLUMNS: ReportColumn[] = [
  { key: 'supplierCode', zh: '供应商编码', en: 'supplier code' },
  { key: 'supplierName', zh: '供应商', en: 'supplier' },
  { key: 'orders', zh: '订单数', en: 'orders', kind: 'int' },
  { key: 'orderedAmount', zh: '订货金额', en: 'ordered', kind: 'money' },
  { key: 'receivedAmount', zh: '收货金额', en: 'received', kind: 'money' },
  { key: 'returnedAmount', zh: '退货金额', en: 'returned', kind: 'money' },
  { key: 'netAmount', zh: '净采购金额', en: 'net purchases', kind: 'money' },
  { key: 'openAmount', zh: '未到金额', en: 'open (not yet received)', kind: 'money' },
];

export const PURCHASING_SUMMARY_SORT = columnSort(PURCHASING_SUMMARY_COLUMNS, '-netAmount,supplierCode');

/** Orders that count as placed: approved or further, never drafts, submissions awaiting approval or cancelled ones. */
const PLACED = "('approved', 'partially_received', 'received', 'closed')";

function composeSummary(ctx: RequestContext, q: ReportPeriodDto): ReportSql {
  const sql = new Sql();
  const from = sql.p(q.from);
  const to = sql.p(q.to);
  const scope = (col: string) =>
    scopeSql(ctx, sql, col, q.storeId)
      .map((c) => ` AND ${c}`)
      .join('');
  return {
    with: `WITH o AS (
         SELECT po.supplier_id, count(DISTINCT po.id) AS orders, sum(l.amount) AS ordered,
                sum(CASE WHEN po.status IN ('approved', 'partially_received') AND l.quantity > l.received_qty THEN round((l.quantity - l.received_qty) * l.unit_price, 2) ELSE 0 END) AS open
         FROM purchase_order po JOIN purchase_order_line l ON l.order_id = po.id
         WHERE po.status IN ${PLACED} AND po.order_date BETWEEN ${from}::date AND ${to}::date${scope('po.org_unit_id')}
         GROUP BY po.supplier_id),
       r AS (
         SELECT f.supplier_id, sum(f.amount + f.ret_amount) AS received, sum(f.ret_amount) AS returned, sum(f.amount) AS net
         FROM ${PURCHASE_FACTS} f WHERE f.business_date BETWEEN ${from}::date AND ${to}::date${scope('f.org_unit_id')}
         GROUP BY f.supplier_id),
       g AS (
         SELECT s.code AS "supplierCode", s.name AS "supplierName", coalesce(sum(o.orders), 0)::int AS orders, coalesce(sum(o.ordered), 0)::text AS "orderedAmount",
                coalesce(sum(r.received), 0)::text AS "receivedAmount", coalesce(sum(r.returned), 0)::text AS "returnedAmount", coalesce(sum(r.net), 0)::text AS "netAmount",
                coalesce(sum(o.open), 0)::text AS "openAmount", GROUPING(s.id) = 1 AS grand_total
         FROM o FULL JOIN r ON r.supplier_id = o.supplier_id JOIN supplier s ON s.id = coalesce(o.supplier_id, r.supplier_id)
         GROUP BY GROUPING SETS ((s.id, s.code, s.name), ()))`,
    rows: `SELECT * FROM g WHERE NOT grand_total ORDER BY ${orderBy(q.sort, PURCHASING_SUMMARY_SORT)} ${pageSql(q)}`,
    count: 'SELECT count(*)::int FROM g WHERE NOT grand_total',
    totals: 'SELECT * FROM g WHERE grand_total',
    params: sql.params,
  };
}

/**
 * The SQL of 采购汇总 (PurchasingSummaryService), per supplier with a 合计 row; HQ's schema only
 * (purchase documents live in HQ's database). Declared for every store and one store's, page and export.
 */
export const purchasingSummarySql = composedReport(
  'reports.purchasing-summary',
  composeSummary,
  { all: DECLARATION_PERIOD, store: { ...DECLARATION_PERIOD, storeId: DECLARATION_ID, format: 'xlsx' } },
  ['hq'],
);
