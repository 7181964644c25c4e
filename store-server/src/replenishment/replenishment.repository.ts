import { Injectable } from '@nestjs/common';
import { queryRows, type RequestContext, type RequestShipmentRef, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { RequestHqDecision, RequestLineView } from './replenishment.responses';

const SQL = sqlStatements(
  'replenishment.store',
  {
    // 建议要货量: sold ($2 doc types, last $3 days), on hand, on the way, on order, min/max of a warehouse ($1); $4 products (null: those sold or with a limit)
    suggestion: `WITH sold AS (
         SELECT product_id, greatest(-sum(delta), 0) AS qty FROM stock_ledger
          WHERE warehouse_id = $1 AND doc_type = ANY($2) AND business_date > current_date - $3::int GROUP BY product_id),
       transit AS (
         SELECT l.product_id, sum(l.quantity) AS qty FROM transfer_shipment s JOIN transfer_shipment_line l ON l.shipment_id = s.id
          WHERE s.to_warehouse_id = $1 AND s.status = 'posted'
            AND NOT EXISTS (SELECT 1 FROM transfer_receipt r WHERE r.shipment_id = s.id AND r.status = 'posted') GROUP BY l.product_id),
       ordered AS (
         SELECT product_id, sum(qty) AS qty FROM (
           SELECT l.product_id, CASE WHEN a.status = 'submitted' THEN l.requested_qty ELSE greatest(coalesce(l.approved_qty, 0) - l.shipped_qty - l.cancelled_qty, 0) END AS qty
             FROM replenishment_approval a JOIN replenishment_approval_line l ON l.request_id = a.id
            WHERE a.warehouse_id = $1 AND a.status IN ('submitted', 'approved', 'partially_approved', 'partially_shipped')
           UNION ALL
           SELECT l.product_id, l.quantity FROM replenishment_request r JOIN replenishment_request_line l ON l.request_id = r.id
            WHERE r.warehouse_id = $1 AND r.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM replenishment_approval a WHERE a.id = r.id)) o GROUP BY product_id),
       lim AS (SELECT product_id, min_qty, max_qty FROM stock_limit WHERE warehouse_id = $1)
       SELECT p.id AS "productId", p.code AS "productCode", p.name AS "productName", coalesce(u.code, u.name) AS unit,
              coalesce(sold.qty, 0)::text AS "soldQty", coalesce(b.qty, 0)::text AS "onHand", coalesce(transit.qty, 0)::text AS "inTransit",
              coalesce(ordered.qty, 0)::text AS "onOrder", coalesce(lim.min_qty, p.min_stock)::text AS "minQty", coalesce(lim.max_qty, p.max_stock)::text AS "maxQty"
         FROM product p LEFT JOIN unit u ON u.id = p.unit_id
         LEFT JOIN sold ON sold.product_id = p.id LEFT JOIN transit ON transit.product_id = p.id LEFT JOIN ordered ON ordered.product_id = p.id
         LEFT JOIN lim ON lim.product_id = p.id LEFT JOIN stock_balance b ON b.product_id = p.id AND b.warehouse_id = $1
        WHERE p.status = 'active' AND (CASE WHEN $4::uuid[] IS NULL THEN (sold.qty IS NOT NULL OR coalesce(lim.min_qty, p.min_stock, lim.max_qty, p.max_stock) IS NOT NULL) ELSE p.id = ANY($4) END)
        ORDER BY p.code`,
    hqDecision: `SELECT status, decided_by AS "decidedBy", decided_at AS "decidedAt", decision_reason AS "decisionReason", closed_at AS "closedAt", closed_by AS "closedBy" FROM replenishment_approval WHERE id = $1`,
    requestLines: `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName", l.quantity::text, l.suggested_qty::text AS "suggestedQty", l.note,
              al.approved_qty::text AS "approvedQty", al.shipped_qty::text AS "shippedQty", al.received_qty::text AS "receivedQty", al.cancelled_qty::text AS "cancelledQty", al.cut_reason AS "cutReason"
         FROM replenishment_request_line l LEFT JOIN product p ON p.id = l.product_id LEFT JOIN replenishment_approval_line al ON al.id = l.id
        WHERE l.request_id = $1 ORDER BY l.line_no`,
    requestShipments: `SELECT DISTINCT s.id, s.number, s.status, s.posted_at AS "postedAt" FROM transfer_shipment s JOIN transfer_shipment_line l ON l.shipment_id = s.id WHERE l.request_id = $1 ORDER BY s.number`,
    hqStatus: `SELECT status FROM replenishment_approval WHERE id = $1`,
    storeWarehouse: `SELECT id FROM warehouse WHERE org_unit_id = $1 AND kind = 'normal' AND status = 'active' AND ($2::uuid IS NULL OR id = $2) ORDER BY code LIMIT 1`,
    // 调拨收货
    postedReceipts: `SELECT shipment_id, id, number FROM transfer_receipt WHERE status = 'posted' AND shipment_id = ANY($1::uuid[])`,
    postedReceiptOf: `SELECT number FROM transfer_receipt WHERE shipment_id = $1 AND status = 'posted'`,
  },
  ['store'],
);

/** A product's figures for the suggestion (quantities as exact text; min/max null when none is set). */
export interface SuggestionSqlRow {
  productId: string;
  productCode: string;
  productName: string;
  unit: string | null;
  soldQty: string;
  onHand: string;
  inTransit: string;
  onOrder: string;
  minQty: string | null;
  maxQty: string | null;
}

/** The SQL of the store's 要货申请 and 调拨收货 (ReplenishmentRequestService, TransferReceiptService). */
@Injectable()
export class StoreReplenishmentRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  suggestion(ctx: RequestContext, warehouseId: string, docTypes: string[], days: number, productIds: string[] | null): Promise<SuggestionSqlRow[]> {
    return queryRows<SuggestionSqlRow>(this.connection.manager(ctx), SQL.suggestion, [warehouseId, docTypes, days, productIds]);
  }

  /** HQ's decision on the request, as its copy here holds it (undefined: none arrived yet). */
  async hqDecision(ctx: RequestContext, id: string): Promise<RequestHqDecision | undefined> {
    const [a] = await queryRows<RequestHqDecision>(this.connection.manager(ctx), SQL.hqDecision, [id]);
    return a;
  }

  requestLines(ctx: RequestContext, requestId: string): Promise<RequestLineView[]> {
    return queryRows<RequestLineView>(this.connection.manager(ctx), SQL.requestLines, [requestId]);
  }

  requestShipments(ctx: RequestContext, requestId: string): Promise<RequestShipmentRef[]> {
    return queryRows<RequestShipmentRef>(this.connection.manager(ctx), SQL.requestShipments, [requestId]);
  }

  async hqStatus(ctx: RequestContext, id: string): Promise<string | undefined> {
    const [a] = await queryRows<{ status: string }>(this.connection.manager(ctx), SQL.hqStatus, [id]);
    return a?.status;
  }

  /** The store's first normal, active warehouse (or the one named, if it is such). */
  async storeWarehouse(ctx: RequestContext, storeId: string, id: string | null): Promise<string | undefined> {
    const [w] = await queryRows<{ id: string }>(this.connection.manager(ctx), SQL.storeWarehouse, [storeId, id]);
    return w?.id;
  }

  postedReceipts(ctx: RequestContext, shipmentIds: string[]): Promise<Array<{ shipment_id: string; id: string; number: string }>> {
    return queryRows<{ shipment_id: string; id: string; number: string }>(this.connection.manager(ctx), SQL.postedReceipts, [shipmentIds]);
  }

  async hasPostedReceipt(ctx: RequestContext, shipmentId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.postedReceiptOf, [shipmentId])).length > 0;
  }
}
