import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  notFound,
  Page,
  paginate,
  RequestContext,
  scopeQuery,
  StatusMachine,
  Supplier,
  TransactionalConnection,
  Warehouse,
} from '@chain-erp/shared';
import { SelectQueryBuilder } from 'typeorm';
import { documentTotals, lineAmounts, requiredApprovals } from '@chain-erp/shared';
import { PurchaseOrder, PurchaseOrderApproval, PurchaseOrderLine, PurchaseOrderStatus } from './purchase-order.entity';
import { PurchaseDocQueryDto, PurchaseOrderLineDto, PurchaseOrderQueryDto, SavePurchaseOrderDto } from './purchasing.dto';
import { PurchasingError } from './purchasing.errors';
import { PurchasingRepository } from './purchasing.repository';
import { PurchasingSettingsService } from './purchasing-settings.service';
import { lineField, PurchasingSupport, requireReason } from './purchasing-support.service';

export const PURCHASE_ORDER_FLOW = new StatusMachine<PurchaseOrderStatus>(
  {
    draft: ['submitted', 'cancelled'],
    submitted: ['approved', 'draft', 'cancelled'],
    approved: ['partially_received', 'received', 'closed', 'cancelled'],
    partially_received: ['partially_received', 'received', 'approved', 'closed'],
    received: ['partially_received', 'approved', 'closed'],
    closed: [],
    cancelled: [],
  },
  'purchase order',
);

/** Orders receipts may be posted against. */
export const RECEIVABLE: PurchaseOrderStatus[] = ['approved', 'partially_received', 'received'];

export const PURCHASE_ORDER_SORT = defineSort(
  { number: 'po.number', orderDate: 'po.orderDate', expectedDate: 'po.expectedDate', totalAmount: 'po.totalAmount', status: 'po.status', createdAt: 'po.createdAt' },
  '-createdAt',
);

/** Filters shared by the document lists (supplier, warehouse, dates, late entries, number, scope). */
export function applyDocFilters<T extends object>(
  ctx: RequestContext,
  qb: SelectQueryBuilder<T & { id: string }>,
  alias: string,
  dateColumn: string,
  q: PurchaseDocQueryDto,
): void {
  scopeQuery(ctx, qb, `${alias}.org_unit_id`, q.orgUnitId);
  if (q.supplierId) qb.andWhere(`${alias}.supplier_id = :supplierId`, { supplierId: q.supplierId });
  if (q.warehouseId) qb.andWhere(`${alias}.warehouse_id = :warehouseId`, { warehouseId: q.warehouseId });
  if (q.from) qb.andWhere(`${alias}.${dateColumn} >= :from`, { from: q.from });
  if (q.to) qb.andWhere(`${alias}.${dateColumn} <= :to`, { to: q.to });
  if (q.lateEntry) qb.andWhere(`${alias}.late_entry = :late`, { late: q.lateEntry === 'true' });
  if (q.search) qb.andWhere(`${alias}.number ILIKE :search`, { search: `%${q.search.replace(/[\\%_]/g, (c) => '\\' + c)}%` });
}

/**
 * 采购订单: draft → submitted → approved (one level, or more above the thresholds, each by a
 * different user who is not the author) → partially received → received → closed; or cancelled.
 * Received quantities are written by GoodsReceiptService through `applyReceived` under the order's lock.
 */
@Injectable()
export class PurchaseOrderService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly support: PurchasingSupport,
    private readonly settings: PurchasingSettingsService,
    private readonly sql: PurchasingRepository,
  ) {}

  async list(ctx: RequestContext, q: PurchaseOrderQueryDto): Promise<Page<PurchaseOrder>> {
    const qb = this.connection
      .repo(ctx, PurchaseOrder)
      .createQueryBuilder('po')
      .leftJoinAndMapOne('po.supplier', Supplier, 's', 's.id = po.supplier_id')
      .leftJoinAndMapOne('po.warehouse', Warehouse, 'w', 'w.id = po.warehouse_id');
    applyDocFilters(ctx, qb, 'po', 'order_date', q);
    if (q.status) qb.andWhere('po.status = :status', { status: q.status });
    return paginate(qb, q, PURCHASE_ORDER_SORT);
  }

  /** One order with lines, approvals, supplier, warehouse and product names; another store's order is a 404. */
  async get(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    const order = await this.connection
      .repo(ctx, PurchaseOrder)
      .createQueryBuilder('po')
      .leftJoinAndMapOne('po.supplier', Supplier, 's', 's.id = po.supplier_id')
      .leftJoinAndMapOne('po.warehouse', Warehouse, 'w', 'w.id = po.warehouse_id')
      .where('po.id = :id', { id })
      .getOne();
    if (!order) throw notFound('purchase order');
    assertInScope(ctx, order.orgUnitId, 'purchase order');
    const lines = await this.sql.orderLines(ctx, id);
    const approvals = await this.connection.repo(ctx, PurchaseOrderApproval).find({ where: { orderId: id }, order: { level: 'ASC' } });
    return Object.assign(order, { lines, approvals });
  }

  async create(ctx: RequestContext, dto: SavePurchaseOrderDto): Promise<PurchaseOrder> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const header = await this.header(tx, dto);
      const order = this.connection.repo(tx, PurchaseOrder).create({
        ...header,
        number: await this.numbers.next(tx, 'PO', this.support.site(tx), header.orderDate),
        orgUnitId: tx.user!.orgUnitId,
        status: 'draft',
        createdBy: tx.userId,
      });
      await this.connection.repo(tx, PurchaseOrder).save(order);
      await this.writeLines(tx, order, dto.lines);
      await this.audit.record(tx, { entityType: 'purchase_order', entityId: order.id, action: 'create', after: order, reason: order.lateReason });
      return this.get(tx, order.id);
    });
  }

  /** Replaces header and lines of a draft (posted/approved orders are never edited). */
  async update(ctx: RequestContext, id: string, dto: SavePurchaseOrderDto): Promise<PurchaseOrder> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      PURCHASE_ORDER_FLOW.assertEditable(order.status, ['draft']);
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== order.rowVersion) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the order was changed meanwhile, reload it / 订单已被他人修改，请刷新', [
          { field: 'expectedVersion', message: `current version is ${order.rowVersion}` },
        ]);
      }
      const before = { ...order };
      Object.assign(order, await this.header(tx, dto));
      await this.connection.repo(tx, PurchaseOrder).save(order);
      await this.connection.repo(tx, PurchaseOrderLine).delete({ orderId: id });
      await this.writeLines(tx, order, dto.lines);
      await this.audit.record(tx, { entityType: 'purchase_order', entityId: id, action: 'update', before, after: order });
      return this.get(tx, id);
    });
  }

  /** Appends lines (e.g. from an Excel import) to a draft, all or none. */
  async appendLines(ctx: RequestContext, id: string, lines: PurchaseOrderLineDto[]): Promise<PurchaseOrder> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      PURCHASE_ORDER_FLOW.assertEditable(order.status, ['draft']);
      const existing = await this.connection.repo(tx, PurchaseOrderLine).find({ where: { orderId: id }, order: { lineNo: 'ASC' } });
      const all = [...existing.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice, taxRate: l.taxRate, note: l.note ?? undefined })), ...lines];
      await this.connection.repo(tx, PurchaseOrderLine).delete({ orderId: id });
      await this.writeLines(tx, order, all);
      await this.audit.record(tx, { entityType: 'purchase_order', entityId: id, action: 'import_lines', after: { lines: lines.length } });
      return this.get(tx, id);
    });
  }

  async submit(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    return this.transition(ctx, id, 'submitted', async (tx, order) => {
      const count = await this.connection.repo(tx, PurchaseOrderLine).count({ where: { orderId: id } });
      if (!count) throw new DomainException(PurchasingError.PURCHASE_NO_LINES, 'the order has no lines / 订单没有商品明细', [{ field: 'lines', message: 'at least one line' }]);
      const settings = await this.settings.get(tx);
      order.requiredApprovals = requiredApprovals(order.totalAmount, settings.approvalThresholds);
      order.submittedBy = tx.userId;
      order.submittedAt = new Date();
    });
  }

  /**
   * One approval step. The author never approves their own order; each level is a different user;
   * levels above the first need purchase.order.approve.high. The last level approves the order.
   */
  async approve(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      PURCHASE_ORDER_FLOW.assertTransition(order.status, 'approved');
      if (order.createdBy === tx.userId || order.submittedBy === tx.userId) {
        throw new DomainException(PurchasingError.PURCHASE_SELF_APPROVAL, 'you cannot approve your own order / 不能审核自己编制的订单');
      }
      const approvals = await this.connection.repo(tx, PurchaseOrderApproval).find({ where: { orderId: id } });
      if (approvals.some((a) => a.userId === tx.userId)) {
        throw new DomainException(
          PurchasingError.PURCHASE_APPROVER_ALREADY_APPROVED,
          'you already approved this order; another approver is needed / 您已审核过该订单，需要其他审核人',
        );
      }
      const level = approvals.length + 1;
      if (level >= 2 && !tx.can('purchase.order.approve.high')) {
        throw new DomainException(
          PurchasingError.PURCHASE_APPROVAL_LEVEL_PERMISSION,
          `level ${level} of this order needs purchase.order.approve.high / 大额订单需要高级审核权限`,
          undefined,
          { level, requiredApprovals: order.requiredApprovals, permission: ['purchase.order.approve.high'] },
        );
      }
      await this.connection.repo(tx, PurchaseOrderApproval).insert({ orderId: id, level, userId: tx.userId!, username: tx.user!.username });
      const before = { ...order };
      if (level >= order.requiredApprovals) {
        order.status = 'approved';
        order.approvedBy = tx.userId;
        order.approvedAt = new Date();
        await this.connection.repo(tx, PurchaseOrder).save(order);
      }
      await this.audit.record(tx, {
        entityType: 'purchase_order',
        entityId: id,
        action: level >= order.requiredApprovals ? 'approve' : `approve_level_${level}`,
        before,
        after: { ...order, approvalLevel: level },
      });
      return this.get(tx, id);
    });
  }

  /** Sends a submitted order back to its author as a draft; approvals given so far lapse. */
  async reject(ctx: RequestContext, id: string, reason: string): Promise<PurchaseOrder> {
    return this.transition(
      ctx,
      id,
      'draft',
      async (tx, order) => {
        if (order.createdBy === tx.userId)
          throw new DomainException(PurchasingError.PURCHASE_SELF_APPROVAL, 'you cannot reject your own order; cancel it instead / 不能驳回自己的订单');
        await this.connection.repo(tx, PurchaseOrderApproval).delete({ orderId: id });
        order.submittedBy = null;
        order.submittedAt = null;
      },
      requireReason(reason),
    );
  }

  async cancel(ctx: RequestContext, id: string, reason: string): Promise<PurchaseOrder> {
    return this.transition(
      ctx,
      id,
      'cancelled',
      async (tx, order) => {
        if (await this.sql.orderHasReceipts(tx, id))
          throw new DomainException(PurchasingError.PURCHASE_ORDER_HAS_RECEIPTS, 'the order has receipts: close it instead / 订单已有收货，只能结案', undefined, { orderId: id });
        order.cancelledBy = tx.userId;
        order.cancelledAt = new Date();
      },
      requireReason(reason),
    );
  }

  /** 结案: no more receipts. Closing an order that is not fully received (short) needs a reason. */
  async close(ctx: RequestContext, id: string, reason?: string): Promise<PurchaseOrder> {
    let why: string | null = reason?.trim() || null;
    return this.transition(
      ctx,
      id,
      'closed',
      async (tx, order) => {
        if (order.status !== 'received') why = requireReason(reason);
        const drafts = await this.sql.lockOrderDrafts(tx, id);
        if (drafts.length) throw new DomainException(CommonError.CONFLICT, 'post or cancel its draft receipts first / 请先处理未审核的验收单', undefined, { receipts: drafts });
        order.closedBy = tx.userId;
        order.closedAt = new Date();
        order.closeReason = why;
      },
      () => why,
    );
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'purchase_order', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Locks an order (in the caller's transaction) and checks scope. */
  async lock(ctx: RequestContext, id: string): Promise<PurchaseOrder> {
    const order = await this.connection.repo(ctx, PurchaseOrder).createQueryBuilder('po').setLock('pessimistic_write').where('po.id = :id', { id }).getOne();
    if (!order) throw notFound('purchase order');
    assertInScope(ctx, order.orgUnitId, 'purchase order');
    return order;
  }

  /**
   * Adds received quantities (negative for corrections) to the order's lines and moves the order
   * to partially received / received (or back). The caller holds the order's lock.
   */
  async applyReceived(ctx: RequestContext, order: PurchaseOrder, deltas: Map<string, string>): Promise<PurchaseOrderLine[]> {
    const repo = this.connection.repo(ctx, PurchaseOrderLine);
    const lines = await repo.find({ where: { orderId: order.id } });
    for (const l of lines) {
      const d = deltas.get(l.id);
      if (!d) continue;
      l.receivedQty = dec(l.receivedQty).plus(d).toString();
      await repo.update({ id: l.id }, { receivedQty: l.receivedQty });
    }
    if (order.status === 'closed' || order.status === 'cancelled') return lines;
    const next: PurchaseOrderStatus = lines.every((l) => dec(l.receivedQty).gte(l.quantity))
      ? 'received'
      : lines.some((l) => dec(l.receivedQty).gt(0))
        ? 'partially_received'
        : 'approved';
    if (next !== order.status) {
      PURCHASE_ORDER_FLOW.assertTransition(order.status, next);
      const before = { status: order.status };
      order.status = next;
      await this.connection.repo(ctx, PurchaseOrder).update({ id: order.id }, { status: next });
      await this.audit.record(ctx, { entityType: 'purchase_order', entityId: order.id, action: 'receive', before, after: { status: next } });
    }
    return lines;
  }

  private async transition(
    ctx: RequestContext,
    id: string,
    to: PurchaseOrderStatus,
    apply: (tx: RequestContext, order: PurchaseOrder) => Promise<void>,
    reason?: string | (() => string | null),
  ): Promise<PurchaseOrder> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      PURCHASE_ORDER_FLOW.assertTransition(order.status, to);
      const before = { ...order };
      await apply(tx, order);
      order.status = to;
      await this.connection.repo(tx, PurchaseOrder).save(order);
      const why = typeof reason === 'function' ? reason() : reason;
      await this.audit.record(tx, {
        entityType: 'purchase_order',
        entityId: id,
        action: to === 'draft' ? 'reject' : to === 'submitted' ? 'submit' : to === 'cancelled' ? 'cancel' : 'close',
        before,
        after: order,
        reason: why ?? null,
      });
      return this.get(tx, id);
    });
  }

  private async header(tx: RequestContext, dto: SavePurchaseOrderDto) {
    await this.support.supplier(tx, dto.supplierId);
    await this.support.warehouse(tx, dto.warehouseId);
    const d = this.support.businessDate(tx, { date: dto.orderDate, lateEntry: dto.lateEntry, lateReason: dto.lateReason }, 'orderDate');
    if (dto.expectedDate && (!/^\d{4}-\d{2}-\d{2}$/.test(dto.expectedDate) || Number.isNaN(Date.parse(dto.expectedDate)) || dto.expectedDate < d.date)) {
      throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'the expected date must be a real date on or after the order date / 预计到货日期不能早于订单日期', [
        { field: 'expectedDate', message: 'on or after orderDate' },
      ]);
    }
    return {
      supplierId: dto.supplierId,
      warehouseId: dto.warehouseId,
      orderDate: d.date,
      lateEntry: d.lateEntry,
      lateReason: d.lateReason,
      expectedDate: dto.expectedDate ?? null,
      remark: dto.remark?.trim() || null,
    };
  }

  /** Prices and writes lines; totals on the header. */
  private async writeLines(tx: RequestContext, order: PurchaseOrder, input: PurchaseOrderLineDto[]): Promise<void> {
    const ids = input.map((l) => l.productId);
    const seen = new Map<string, number>();
    ids.forEach((id, i) => {
      if (seen.has(id))
        throw new DomainException(PurchasingError.PURCHASE_DUPLICATE_PRODUCT, 'the same product twice: merge the lines / 商品重复，请合并数量', [
          { field: `lines.${i}.productId`, message: `same as line ${seen.get(id)! + 1}` },
        ]);
      seen.set(id, i);
    });
    const products = await this.support.products(tx, ids, lineField('productId'));
    this.support.assertPurchasable(order.supplierId, ids, products, lineField('productId'));
    const last = await this.support.lastPrices(
      tx,
      order.supplierId,
      ids.filter((id, i) => input[i].unitPrice === undefined),
    );
    const rows = input.map((l, i) => {
      const p = products.get(l.productId)!;
      const unitPrice = l.unitPrice ?? last.get(l.productId) ?? p.purchasePrice;
      const taxRate = l.taxRate ?? p.taxRate;
      const a = lineAmounts({ quantity: l.quantity, unitPrice, taxRate });
      return this.connection.repo(tx, PurchaseOrderLine).create({
        orderId: order.id,
        lineNo: i + 1,
        productId: l.productId,
        quantity: dec(l.quantity).toString(),
        unitPrice: dec(unitPrice).toString(),
        taxRate: dec(taxRate).toString(),
        amount: a.amount.toString(),
        taxAmount: a.taxAmount.toString(),
        receivedQty: '0',
        note: l.note?.trim() || null,
      });
    });
    if (rows.length) await this.connection.repo(tx, PurchaseOrderLine).insert(rows);
    const t = documentTotals(rows);
    await this.connection
      .repo(tx, PurchaseOrder)
      .update({ id: order.id }, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toString(), totalTax: t.totalTax.toString() });
    Object.assign(order, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toString(), totalTax: t.totalTax.toString() });
  }
}
