import { Injectable } from '@nestjs/common';
import {
  APPROVAL_FLOW,
  ApprovalStatus,
  assertInScope,
  AuditLog,
  AuditService,
  dec,
  defineSort,
  deriveShippingStatus,
  DomainException,
  notFound,
  Page,
  paginate,
  ReplenishmentApproval,
  ReplenishmentApprovalLine,
  ReplenishmentError,
  RequestContext,
  RequestPushBody,
  RequestWithdrawBody,
  scopeQuery,
  TransactionalConnection,
} from '@chain-erp/shared';
import { ApprovalQueryDto, ApproveDto } from './replenishment.dto';
import { type ApprovalLineRow, RequestApprovalRepository } from './request-approval.repository';

export const APPROVAL_SORT = defineSort({ submittedAt: 'a.submittedAt', requestNo: 'a.requestNo', status: 'a.status', wantedBy: 'a.wantedBy' }, '-submittedAt');

/** States in which the goods may still be shipped. */
export const SHIPPABLE: ApprovalStatus[] = ['approved', 'partially_approved', 'partially_shipped'];

/**
 * 要货确认 at HQ: the requests stores pushed, decided here (approve whole, approve with cuts, reject,
 * cancel what is left), and kept in step with what is shipped and received. Every row written here
 * is pulled back by its store (replenishment.approval streams), so the store sees the same state.
 */
@Injectable()
export class RequestApprovalService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly audit: AuditService,
    private readonly repo: RequestApprovalRepository,
  ) {}

  /** Push handler: a store's submitted request becomes an approval waiting for HQ. Idempotent by id. */
  async receive(ctx: RequestContext, id: string, storeId: string, b: RequestPushBody): Promise<void> {
    if (!(await this.repo.isStoreWarehouse(ctx, b.warehouseId, storeId)))
      throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_WAREHOUSE, 'the request names a warehouse of another store / 仓库不属于该门店');
    if (!(await this.repo.insert(ctx, id, storeId, b))) return;
    await this.audit.record(ctx, { entityType: 'replenishment_request', entityId: id, action: 'submit', after: { storeId, number: b.number, by: b.submittedBy } });
  }

  /** Push handler: the store withdraws; taken only while HQ has not decided (HQ's state wins and syncs back). */
  async withdraw(ctx: RequestContext, storeId: string, b: RequestWithdrawBody): Promise<void> {
    if ((await this.repo.lockStatus(ctx, b.requestId, storeId)) !== 'submitted') return;
    await this.repo.withdraw(ctx, b.requestId, b.by, `门店撤回 withdrawn by the store: ${b.reason}`.slice(0, 500));
    await this.audit.record(ctx, { entityType: 'replenishment_request', entityId: b.requestId, action: 'withdraw', reason: b.reason });
  }

  async list(ctx: RequestContext, q: ApprovalQueryDto): Promise<Page<ReplenishmentApproval>> {
    const qb = this.connection.repo(ctx, ReplenishmentApproval).createQueryBuilder('a');
    scopeQuery(ctx, qb, 'a.store_id', q.storeId);
    if (q.status) qb.andWhere('a.status = :status', { status: q.status });
    if (q.from) qb.andWhere(`a.submitted_at >= :from::date`, { from: q.from });
    if (q.to) qb.andWhere(`a.submitted_at < :to::date + 1`, { to: q.to });
    if (q.productId) qb.andWhere(`EXISTS (SELECT 1 FROM replenishment_approval_line l WHERE l.request_id = a.id AND l.product_id = :pid)`, { pid: q.productId });
    return paginate(qb, q, APPROVAL_SORT);
  }

  /** One request with its lines, the shipments serving it and their settlements. */
  async get(ctx: RequestContext, id: string) {
    const a = await this.connection.repo(ctx, ReplenishmentApproval).findOne({ where: { id } });
    if (!a) throw notFound('replenishment request');
    assertInScope(ctx, a.storeId, 'replenishment request');
    const lines = await this.repo.lines(ctx, id);
    const shipments = await this.repo.shipments(ctx, id);
    return { ...a, lines: lines.map(normaliseQty), shipments };
  }

  async approve(ctx: RequestContext, id: string, dto: ApproveDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const a = await this.lock(tx, id);
      const lines = await this.lines(tx, id);
      const byId = new Map(lines.map((l) => [l.id, l]));
      const given = new Map<string, { qty: string; reason?: string }>();
      (dto.lines ?? []).forEach((g, i) => {
        const l = byId.get(g.lineId);
        if (!l || given.has(g.lineId))
          throw new DomainException(ReplenishmentError.REPLENISHMENT_UNKNOWN_LINE, 'not a line of this request, or named twice / 不是该申请的明细', [
            { field: `lines.${i}.lineId`, message: 'unknown or repeated line' },
          ]);
        if (dec(g.approvedQty).gt(l.requestedQty)) {
          throw new DomainException(ReplenishmentError.REPLENISHMENT_APPROVED_ABOVE_REQUESTED, 'cannot approve more than requested / 确认数量不能超过申请数量', [
            { field: `lines.${i}.approvedQty`, message: `at most ${dec(l.requestedQty)}` },
          ]);
        }
        if (dec(g.approvedQty).lt(l.requestedQty) && !g.reason && !dto.reason) {
          throw new DomainException(ReplenishmentError.REPLENISHMENT_REASON_REQUIRED, 'a cut needs a reason / 砍量需要填写原因', [
            { field: `lines.${i}.reason`, message: 'required for a cut' },
          ]);
        }
        given.set(g.lineId, { qty: dec(g.approvedQty).toString(), reason: g.reason ?? dto.reason });
      });
      let cut = false;
      let total = dec(0);
      for (const l of lines) {
        const g = given.get(l.id);
        const qty = g?.qty ?? l.requestedQty;
        if (dec(qty).lt(l.requestedQty)) cut = true;
        total = total.plus(qty);
        l.approvedQty = qty;
        l.cutReason = dec(qty).lt(l.requestedQty) ? g!.reason!.slice(0, 200) : null;
      }
      if (total.isZero())
        throw new DomainException(ReplenishmentError.REPLENISHMENT_REASON_REQUIRED, 'nothing approved: reject the request instead / 全部为零，请驳回申请', [
          { field: 'lines', message: 'all zero' },
        ]);
      const to: ApprovalStatus = cut ? 'partially_approved' : 'approved';
      APPROVAL_FLOW.assertTransition(a.status, to);
      await this.connection.repo(tx, ReplenishmentApprovalLine).save(lines);
      await this.decide(tx, a, to, cut ? (dto.reason ?? null) : null);
      return this.get(tx, id);
    });
  }

  async reject(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const a = await this.lock(tx, id);
      APPROVAL_FLOW.assertTransition(a.status, 'rejected');
      await this.decide(tx, a, 'rejected', reason);
      return this.get(tx, id);
    });
  }

  /**
   * Cancels what is approved and not shipped (or an undecided request as a whole), with a reason.
   * What is already shipped stays, so the request goes on to shipped/received.
   */
  async cancelRemainder(ctx: RequestContext, id: string, reason: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const a = await this.lock(tx, id);
      if (a.status === 'submitted') {
        await this.decide(tx, a, 'cancelled', reason);
        return this.get(tx, id);
      }
      if (!SHIPPABLE.includes(a.status)) APPROVAL_FLOW.assertTransition(a.status, 'cancelled');
      await this.unshipped(tx, id);
      const lines = await this.lines(tx, id);
      for (const l of lines) l.cancelledQty = dec(l.cancelledQty).plus(rest(l)).toString();
      await this.connection.repo(tx, ReplenishmentApprovalLine).save(lines);
      const before = a.status;
      a.status = deriveShippingStatus(this.decision(a), lines.map(qtyOf), await this.openShipments(tx, id));
      a.decisionReason = reason;
      await this.connection.repo(tx, ReplenishmentApproval).save(a);
      await this.audit.record(tx, {
        entityType: 'replenishment_request',
        entityId: id,
        action: 'cancel_remainder',
        before: { status: before },
        after: { status: a.status },
        reason,
      });
      return this.get(tx, id);
    });
  }

  /** 结案: after everything is received; earlier only with a reason, which cancels what is left to ship. */
  async close(ctx: RequestContext, id: string, reason?: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const a = await this.lock(tx, id);
      APPROVAL_FLOW.assertTransition(a.status, 'closed');
      if ((await this.openShipments(tx, id)) > 0) {
        throw new DomainException(ReplenishmentError.REPLENISHMENT_REQUEST_NOT_SHIPPABLE, 'goods are on the way: close after the store received them / 有在途调拨，收货后才能结案');
      }
      await this.unshipped(tx, id);
      const lines = await this.lines(tx, id);
      if (lines.some((l) => rest(l).gt(0))) {
        if (!reason)
          throw new DomainException(ReplenishmentError.REPLENISHMENT_REASON_REQUIRED, 'something is still to ship: give a reason to close / 仍有未发数量，结案需填写原因', [
            { field: 'reason', message: 'required' },
          ]);
        for (const l of lines) l.cancelledQty = dec(l.cancelledQty).plus(rest(l)).toString();
        await this.connection.repo(tx, ReplenishmentApprovalLine).save(lines);
      }
      const before = a.status;
      Object.assign(a, { status: 'closed', closedAt: new Date(), closedBy: tx.user!.username });
      await this.connection.repo(tx, ReplenishmentApproval).save(a);
      await this.audit.record(tx, {
        entityType: 'replenishment_request',
        entityId: id,
        action: 'close',
        before: { status: before },
        after: { status: 'closed' },
        reason: reason ?? null,
      });
      return this.get(tx, id);
    });
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'replenishment_request', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /**
   * Called by the shipment (posting) and the settlement (receipt) in their transactions: adds shipped
   * or received quantities to request lines and moves the request on. A shipment beyond what is
   * approved and not yet shipped or cancelled is refused.
   */
  async applyMovement(ctx: RequestContext, requestId: string, kind: 'shipped' | 'received', deltas: Map<string, string>): Promise<void> {
    const a = await this.lock(ctx, requestId);
    const lines = await this.lines(ctx, requestId);
    for (const l of lines) {
      const d = deltas.get(l.id);
      if (!d) continue;
      if (kind === 'shipped') {
        if (!SHIPPABLE.includes(a.status) || dec(d).gt(rest(l))) {
          throw new DomainException(
            ReplenishmentError.REPLENISHMENT_SHIP_ABOVE_APPROVED,
            `request ${a.requestNo} line ${l.lineNo}: only ${rest(l)} approved and not shipped / 超过已确认未发数量`,
            undefined,
            {
              requestId,
              lineId: l.id,
              status: a.status,
              open: rest(l).toString(),
              asked: d,
            },
          );
        }
        l.shippedQty = dec(l.shippedQty).plus(d).toString();
      } else {
        l.receivedQty = dec(l.receivedQty).plus(d).toString();
      }
    }
    await this.connection.repo(ctx, ReplenishmentApprovalLine).save(lines);
    if (a.status === 'closed' || a.status === 'cancelled') return;
    const next = deriveShippingStatus(this.decision(a), lines.map(qtyOf), await this.openShipments(ctx, requestId));
    if (next !== a.status) {
      APPROVAL_FLOW.assertTransition(a.status, next);
      const before = a.status;
      a.status = next;
      await this.connection.repo(ctx, ReplenishmentApproval).save(a);
      await this.audit.record(ctx, {
        entityType: 'replenishment_request',
        entityId: requestId,
        action: kind === 'shipped' ? 'ship' : 'receive',
        before: { status: before },
        after: { status: next },
      });
    }
  }

  async lock(ctx: RequestContext, id: string): Promise<ReplenishmentApproval> {
    const a = await this.connection.repo(ctx, ReplenishmentApproval).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
    if (!a) throw notFound('replenishment request');
    assertInScope(ctx, a.storeId, 'replenishment request');
    return a;
  }

  lines(ctx: RequestContext, requestId: string): Promise<ReplenishmentApprovalLine[]> {
    return this.connection.repo(ctx, ReplenishmentApprovalLine).find({ where: { requestId }, order: { lineNo: 'ASC' } });
  }

  /** Shipments of the request that are posted and not yet received (goods on the road). */
  openShipments(ctx: RequestContext, requestId: string): Promise<number> {
    return this.repo.postedShipmentCount(ctx, requestId);
  }

  /** A draft shipment still holding the request would ship cancelled goods: it must go first. */
  private async unshipped(ctx: RequestContext, requestId: string): Promise<void> {
    const drafts = await this.repo.draftShipmentNumbers(ctx, requestId);
    if (drafts.length) {
      throw new DomainException(ReplenishmentError.REPLENISHMENT_REQUEST_NOT_SHIPPABLE, 'post or cancel its draft shipments first / 请先处理未过账的调拨出库单', undefined, {
        shipments: drafts,
      });
    }
  }

  /** The decision only matters while nothing is shipped, i.e. while the status still is the decision. */
  private decision(a: ReplenishmentApproval): 'approved' | 'partially_approved' {
    return a.status === 'partially_approved' ? 'partially_approved' : 'approved';
  }

  private async decide(ctx: RequestContext, a: ReplenishmentApproval, to: ApprovalStatus, reason: string | null): Promise<void> {
    const before = a.status;
    Object.assign(a, { status: to, decidedAt: new Date(), decidedBy: ctx.user!.username, decisionReason: reason });
    await this.connection.repo(ctx, ReplenishmentApproval).save(a);
    await this.audit.record(ctx, { entityType: 'replenishment_request', entityId: a.id, action: to, before: { status: before }, after: { status: to }, reason });
  }
}

const qtyOf = (l: ReplenishmentApprovalLine) => ({ approved: l.approvedQty, shipped: l.shippedQty, cancelled: l.cancelledQty });
/** approved, not shipped, not cancelled */
export const rest = (l: ReplenishmentApprovalLine) => {
  const r = dec(l.approvedQty ?? 0)
    .minus(l.shippedQty)
    .minus(l.cancelledQty);
  return r.lt(0) ? dec(0) : r;
};
const normaliseQty = (l: ApprovalLineRow): ApprovalLineRow => {
  for (const k of ['requestedQty', 'suggestedQty', 'approvedQty', 'shippedQty', 'receivedQty', 'cancelledQty', 'toShipQty'] as const) {
    const v = l[k];
    if (v != null) l[k] = dec(v).toString();
  }
  return l;
};
