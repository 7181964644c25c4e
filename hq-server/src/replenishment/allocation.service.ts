import { Injectable } from '@nestjs/common';
import { allocate, dec, isWeighedUnit, RequestContext } from '@chain-erp/shared';
import { AllocationQueryDto } from './replenishment.dto';
import { ReplenishmentRepository } from './replenishment.repository';

/**
 * 缺货分配 proposal: for the products of submitted requests, what the HQ warehouse has (on hand less
 * what is approved and not yet shipped) against what the stores ask; where it cannot cover them all,
 * the fair share of each line (allocation.calculator). Nothing is written: the user edits the
 * proposal and approves each request with the quantities it ends up with.
 */
@Injectable()
export class AllocationService {
  constructor(private readonly repo: ReplenishmentRepository) {}

  async propose(ctx: RequestContext, q: AllocationQueryDto) {
    const claims = await this.repo.claims(ctx, q.requestIds ?? null, q.productIds ?? null);
    const productIds = [...new Set(claims.map((c) => c.product_id))];
    const stock = await this.repo.allocatable(ctx, productIds, q.warehouseId);
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
