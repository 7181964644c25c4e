import { Injectable } from '@nestjs/common';
import { type ApprovalStatus, queryRows, type RequestContext, type RequestPushBody, sqlStatements, TransactionalConnection } from '@chain-erp/shared';
import type { RequestApprovalLine, RequestApprovalShipment } from './replenishment.responses';

const SQL = sqlStatements(
  'replenishment.request-approval',
  {
    storeWarehouse: `SELECT 1 FROM warehouse WHERE id = $1 AND org_unit_id = $2`,
    insert: `INSERT INTO replenishment_approval (id, store_id, warehouse_id, request_no, status, wanted_by, note, submitted_at, submitted_by, row_version)
       VALUES ($1, $2, $3, $4, 'submitted', $5, $6, $7, $8, 1) ON CONFLICT (id) DO NOTHING RETURNING id`,
    insertLines: `INSERT INTO replenishment_approval_line (id, request_id, store_id, line_no, product_id, requested_qty, suggested_qty, note, row_version)
       SELECT l.id, $1, $2, l."lineNo", l."productId", l.quantity::numeric, l."suggestedQty"::numeric, l.note, 1
         FROM jsonb_to_recordset($3::jsonb) AS l(id uuid, "lineNo" int, "productId" uuid, quantity text, "suggestedQty" text, note text)`,
    lockStatus: `SELECT status FROM replenishment_approval WHERE id = $1 AND store_id = $2 FOR UPDATE`,
    withdraw: `UPDATE replenishment_approval SET status = 'cancelled', decided_at = now(), decided_by = $2, decision_reason = $3, row_version = row_version + 1 WHERE id = $1`,
    lines: `SELECT l.id, l.line_no AS "lineNo", l.product_id AS "productId", p.code AS "productCode", p.name AS "productName",
              l.requested_qty::text AS "requestedQty", l.suggested_qty::text AS "suggestedQty", l.approved_qty::text AS "approvedQty",
              l.shipped_qty::text AS "shippedQty", l.received_qty::text AS "receivedQty", l.cancelled_qty::text AS "cancelledQty",
              greatest(coalesce(l.approved_qty, 0) - l.shipped_qty - l.cancelled_qty, 0)::text AS "toShipQty", l.cut_reason AS "cutReason", l.note
         FROM replenishment_approval_line l LEFT JOIN product p ON p.id = l.product_id WHERE l.request_id = $1 ORDER BY l.line_no`,
    shipments: `SELECT DISTINCT s.id, s.number, s.status, s.posted_at AS "postedAt", s.receipt_id AS "receiptId", s.received_at AS "receivedAt"
         FROM transfer_shipment s JOIN transfer_shipment_line sl ON sl.shipment_id = s.id WHERE sl.request_id = $1 ORDER BY s.number`,
    postedShipments: `SELECT count(DISTINCT s.id)::int AS n FROM transfer_shipment s JOIN transfer_shipment_line sl ON sl.shipment_id = s.id WHERE sl.request_id = $1 AND s.status = 'posted'`,
    draftShipments: `SELECT DISTINCT s.number FROM transfer_shipment s JOIN transfer_shipment_line sl ON sl.shipment_id = s.id WHERE sl.request_id = $1 AND s.status = 'draft'`,
  },
  ['hq'],
);

/** A request line and a shipment serving it, as HQ shows them (the answer's shapes). */
export type ApprovalLineRow = RequestApprovalLine;
export type ApprovalShipmentRow = RequestApprovalShipment;

/** The SQL of 要货确认 at HQ (RequestApprovalService): a pushed request's rows, its lines and the shipments serving it. */
@Injectable()
export class RequestApprovalRepository {
  constructor(private readonly connection: TransactionalConnection) {}

  async isStoreWarehouse(ctx: RequestContext, warehouseId: string, storeId: string): Promise<boolean> {
    return (await queryRows(this.connection.manager(ctx), SQL.storeWarehouse, [warehouseId, storeId])).length > 0;
  }

  /** The request and its lines as the store sent them; false when the id is known already (a resend). */
  async insert(ctx: RequestContext, id: string, storeId: string, b: RequestPushBody): Promise<boolean> {
    const m = this.connection.manager(ctx);
    const inserted = await queryRows(m, SQL.insert, [id, storeId, b.warehouseId, b.number, b.wantedBy ?? null, b.note ?? null, b.submittedAt, b.submittedBy]);
    if (!inserted.length) return false;
    await m.query(SQL.insertLines, [id, storeId, JSON.stringify(b.lines)]);
    return true;
  }

  /** The request's status, its row locked for the rest of the transaction (undefined: not this store's). */
  async lockStatus(ctx: RequestContext, id: string, storeId: string): Promise<ApprovalStatus | undefined> {
    const [a] = await queryRows<{ status: ApprovalStatus }>(this.connection.manager(ctx), SQL.lockStatus, [id, storeId]);
    return a?.status;
  }

  async withdraw(ctx: RequestContext, id: string, by: string, reason: string): Promise<void> {
    await this.connection.manager(ctx).query(SQL.withdraw, [id, by, reason]);
  }

  lines(ctx: RequestContext, requestId: string): Promise<ApprovalLineRow[]> {
    return queryRows<ApprovalLineRow>(this.connection.manager(ctx), SQL.lines, [requestId]);
  }

  shipments(ctx: RequestContext, requestId: string): Promise<ApprovalShipmentRow[]> {
    return queryRows<ApprovalShipmentRow>(this.connection.manager(ctx), SQL.shipments, [requestId]);
  }

  async postedShipmentCount(ctx: RequestContext, requestId: string): Promise<number> {
    const [r] = await queryRows<{ n: number }>(this.connection.manager(ctx), SQL.postedShipments, [requestId]);
    return r.n;
  }

  async draftShipmentNumbers(ctx: RequestContext, requestId: string): Promise<string[]> {
    return (await queryRows<{ number: string }>(this.connection.manager(ctx), SQL.draftShipments, [requestId])).map((r) => r.number);
  }
}
