import { Injectable } from '@nestjs/common';
import { allocate, dec, isWeighedUnit, queryRows, RequestContext, TransactionalConnection } from '@chain-erp/shared';
import { AllocationQueryDto } from './replenishment.dto';

interface ClaimRow {
  line_id: string;
  request_id: string;
  request_no: string;
  store_id: string;
  store_code: string;
  product_id: string;
  product_code: string;
  product_name: string;
  unit: string | null;
  requested: string;
}

/**
 * 缺货分配 proposal: for the products of submitted requests, what the HQ warehouse has (on hand less
 * what is approved and not yet shipped) against what the stores ask; where it cannot cover them all,
 * the fair share of each line (allocation.calculator). Nothing is written: the user edits the
 * proposal and approves each request with the quantities it ends up with.
 */
@Injectable()
export class AllocationService {
  constructor(private readonly connection: TransactionalConnection) {}

  async propose(ctx: RequestContext, q: AllocationQueryDto) {
    const m = this.connection.manager(ctx);
    const claims = await queryRows<ClaimRow>(
      m,
      `SELECT l.id AS line_id, a.id AS request_id, a.request_no, a.store_id, o.code AS store_code, l.product_id, p.code AS product_code, p.name AS product_name,
              coalesce(u.code, u.name) AS unit, l.requested_qty::text AS requested
         FROM replenishment_approval a JOIN replenishment_approval_line l ON l.request_id = a.id
         JOIN org_unit o ON o.id = a.store_id JOIN product p ON p.id = l.product_id LEFT JOIN unit u ON u.id = p.unit_id
        WHERE a.status = 'submitted' AND ($1::uuid[] IS NULL OR a.id = ANY($1)) AND ($2::uuid[] IS NULL OR l.product_id = ANY($2))
        ORDER BY p.code, a.submitted_at, l.id`,
      [q.requestIds ?? null, q.productIds ?? null],
    );
    const productIds = [...new Set(claims.map((c) => c.product_id))];
    const stock = await queryRows<{ product_id: string; on_hand: string; committed: string }>(
      m,
      `SELECT p.id AS product_id, coalesce(b.qty, 0)::text AS on_hand,
              coalesce((SELECT sum(greatest(coalesce(l.approved_qty, 0) - l.shipped_qty - l.cancelled_qty, 0)) FROM replenishment_approval_line l
                          JOIN replenishment_approval a ON a.id = l.request_id
                         WHERE l.product_id = p.id AND a.status IN ('approved', 'partially_approved', 'partially_shipped')), 0)::text AS committed
         FROM unnest($1::uuid[]) AS p(id) LEFT JOIN stock_balance b ON b.product_id = p.id AND b.warehouse_id = $2`,
      [productIds, q.warehouseId],
    );
    const byProduct = new Map(stock.map((s) => [s.product_id, s]));
    const priority = new Map((q.priorities ?? []).map((p) => [p.storeId, p.priority]));
    return productIds.map((pid) => {
      const rows = claims.filter((c) => c.product_id === pid);
      const s = byProduct.get(pid)!;
      const free = dec(s.on_hand).minus(s.committed);
      const available = free.gt(0) ? free : dec(0);
      const requested = rows.reduce((t, r) => t.plus(r.requested), dec(0));
      const shares = allocate(
        available,
        rows.map((r) => ({ key: r.line_id, requested: r.requested, priority: priority.get(r.store_id) ?? null })),
        { wholeUnits: !isWeighedUnit(rows[0].unit) },
      );
      return {
        productId: pid,
        productCode: rows[0].product_code,
        productName: rows[0].product_name,
        onHand: dec(s.on_hand).toString(),
        committed: dec(s.committed).toString(),
        available: available.toString(),
        requested: requested.toString(),
        short: requested.gt(available),
        lines: rows.map((r, i) => ({
          requestId: r.request_id,
          requestNo: r.request_no,
          storeId: r.store_id,
          storeCode: r.store_code,
          lineId: r.line_id,
          requested: dec(r.requested).toString(),
          proposed: shares[i].allocated,
        })),
      };
    });
  }
}
