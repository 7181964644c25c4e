import { Injectable } from '@nestjs/common';
import { qtyText } from '../common/money';
import { queryChunks, type QueryChunks } from '../common/pg-cursor';
import { type RequestContext } from '../common/request-context';
import { queryRows } from '../common/sql';
import { sqlStatements } from '../common/sql-statements';
import { TransactionalConnection } from '../common/transactional-connection';
import { REPORT_EXPORT_LIMIT } from '../reports/report-output';

const STORE = `JOIN org_unit o ON o.id = x.store_id`;
/** The store filter: a store user is pinned to its own store whatever it asks for. */
const SCOPE = `($1::uuid IS NULL OR x.store_id = $1) AND ($2::uuid IS NULL OR x.product_id = $2)`;

/** Each report's rows, unordered (paging and `sort` wrap them), decimals as the API shows them; parameters: store, product, from, to. */
const REPORT_SQL = {
  // fillRate
  fillRate: `SELECT o.code AS "storeCode", p.code AS "productCode", p.name AS "productName", ${qtyText('sum(x.requested_qty)')} AS requested, ${qtyText('sum(coalesce(x.approved_qty, 0))')} AS approved,
                 ${qtyText('sum(x.shipped_qty)')} AS shipped, ${qtyText('sum(x.received_qty)')} AS received, ${qtyText('round(100 * sum(x.received_qty) / nullif(sum(x.requested_qty), 0), 2)')} AS "fillRate"
            FROM replenishment_approval_line x JOIN replenishment_approval a ON a.id = x.request_id ${STORE} JOIN product p ON p.id = x.product_id
           WHERE ${SCOPE} AND ($3::date IS NULL OR a.submitted_at >= $3::date) AND ($4::date IS NULL OR a.submitted_at < $4::date + 1)
           GROUP BY o.code, p.code, p.name`,
  // inTransit
  inTransit: `SELECT o.code AS "storeCode", s.number AS "shipmentNo", s.ship_date::text AS "shipDate", p.code AS "productCode", p.name AS "productName", ${qtyText('x.quantity')} AS quantity,
                 ${qtyText('x.unit_cost')} AS "unitCost", ${qtyText('x.amount')} AS amount, (current_date - s.ship_date)::int AS days, x.line_no AS "lineNo"
            FROM transfer_shipment_line x JOIN transfer_shipment s ON s.id = x.shipment_id ${STORE} JOIN product p ON p.id = x.product_id
           WHERE ${SCOPE} AND s.status = 'posted' AND NOT EXISTS (SELECT 1 FROM transfer_receipt r WHERE r.shipment_id = s.id AND r.status = 'posted')
             AND ($3::date IS NULL OR s.ship_date >= $3::date) AND ($4::date IS NULL OR s.ship_date <= $4::date)`,
  // openRequests
  openRequests: `SELECT o.code AS "storeCode", x.request_no AS "requestNo", x.status, x.submitted_at AS "submittedAt", x.wanted_by::text AS "wantedBy",
                 (current_date - x.submitted_at::date)::int AS "ageDays",
                 CASE WHEN current_date - x.submitted_at::date <= 2 THEN '0-2' WHEN current_date - x.submitted_at::date <= 7 THEN '3-7' WHEN current_date - x.submitted_at::date <= 30 THEN '8-30' ELSE '>30' END AS "ageBucket",
                 trim_scale((SELECT sum(CASE WHEN x.status = 'submitted' THEN l.requested_qty ELSE greatest(coalesce(l.approved_qty, 0) - l.received_qty - l.cancelled_qty, 0) END) FROM replenishment_approval_line l WHERE l.request_id = x.id))::text AS "openQty"
            FROM replenishment_approval x ${STORE}
           WHERE ($1::uuid IS NULL OR x.store_id = $1) AND ($2::uuid IS NULL OR EXISTS (SELECT 1 FROM replenishment_approval_line l WHERE l.request_id = x.id AND l.product_id = $2))
             AND x.status IN ('submitted', 'approved', 'partially_approved', 'partially_shipped', 'shipped')
             AND ($3::date IS NULL OR x.submitted_at >= $3::date) AND ($4::date IS NULL OR x.submitted_at < $4::date + 1)`,
  // variances
  variances: `SELECT o.code AS "storeCode", x.receipt_no AS "receiptNo", x.receive_date::text AS "receiveDate", p.code AS "productCode", p.name AS "productName", v.reason, ${qtyText('v.qty')} AS quantity,
                 ${qtyText('round(v.qty * x.unit_cost, 2)')} AS value, st.treatment, x.line_no AS "lineNo"
            FROM (SELECT l.*, r.store_id, r.number AS receipt_no, r.receive_date FROM transfer_receipt_line l JOIN transfer_receipt r ON r.id = l.receipt_id AND r.status = 'posted') x
            JOIN LATERAL (VALUES ('short', x.short_qty), ('damaged', x.damaged_qty), ('over', x.over_qty)) AS v(reason, qty) ON v.qty > 0
            ${STORE} JOIN product p ON p.id = x.product_id
            LEFT JOIN transfer_settlement st ON st.receipt_id = x.receipt_id AND st.shipment_line_id = x.shipment_line_id AND st.kind = v.reason
           WHERE ${SCOPE} AND ($3::date IS NULL OR x.receive_date >= $3::date) AND ($4::date IS NULL OR x.receive_date <= $4::date)`,
};

export type ReplenishmentReportName = keyof typeof REPORT_SQL;

/** The reports' filter: the store (the caller's own for a store user), a product, a date range. */
export interface ReplenishmentReportFilter {
  storeId: string | null;
  productId: string | null;
  from: string | null;
  to: string | null;
}

type Row = Record<string, unknown>;

const pageSql = (name: ReplenishmentReportName, order: string) => `SELECT r.* FROM (${REPORT_SQL[name]}) r ORDER BY ${order} LIMIT $5 OFFSET $6`;
const exportSql = (name: ReplenishmentReportName, order: string) => `SELECT r.* FROM (${REPORT_SQL[name]}) r ORDER BY ${order} LIMIT ${REPORT_EXPORT_LIMIT}`;
const countSql = (name: ReplenishmentReportName) => `SELECT count(*)::int AS n FROM (${REPORT_SQL[name]}) r`;
const params = (f: ReplenishmentReportFilter) => [f.storeId, f.productId, f.from, f.to];

// The page and the export wrap a report's rows in the order a caller asks (its sort's columns only):
// the test prepares each report's rows, count and page in one order.
sqlStatements('replenishment.reports', () =>
  Object.fromEntries(
    (Object.keys(REPORT_SQL) as ReplenishmentReportName[]).flatMap((n) => [
      [`${n}.page`, pageSql(n, '1')],
      [`${n}.export`, exportSql(n, '1')],
      [`${n}.count`, countSql(n)],
    ]),
  ),
);

/** The SQL of 要货报表 (ReplenishmentReportsService): each report's page, count and export. */
@Injectable()
export class ReplenishmentReportsRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  /** `order`: built from the report's sort columns only. */
  page(ctx: RequestContext, name: ReplenishmentReportName, order: string, f: ReplenishmentReportFilter, limit: number, offset: number): Promise<Row[]> {
    return queryRows<Row>(this.connection.manager(ctx), pageSql(name, order), [...params(f), limit, offset]);
  }

  async count(ctx: RequestContext, name: ReplenishmentReportName, f: ReplenishmentReportFilter): Promise<number> {
    const [{ n }] = await queryRows<{ n: number }>(this.connection.manager(ctx), countSql(name), params(f));
    return n;
  }

  /** All of it (up to REPORT_EXPORT_LIMIT rows) from a cursor. */
  exportRows(name: ReplenishmentReportName, order: string, f: ReplenishmentReportFilter): Promise<QueryChunks<Row>> {
    return queryChunks<Row>(this.connection.dataSource, exportSql(name, order), params(f));
  }
}
