import { Injectable } from '@nestjs/common';
import {
  addDays,
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  Dec,
  dec,
  documentTotals,
  DocumentNumberService,
  DomainException,
  FieldError,
  createOnce,
  lineAmounts,
  localToday,
  notFound,
  RequestContext,
  StockService,
  TransactionalConnection,
} from '@chain-erp/shared';
import { LedgerService } from '../settlement/ledger.service';
import { listAnswer, withMoney } from '../settlement/list-output';
import { DELIVERABLE, ORDER_STATUS_ZH, WholesaleOrderService } from './wholesale-order.service';
import { WholesaleRepository } from './wholesale.repository';
import { customerSummary, lineField, WholesaleSupport } from './wholesale-support.service';
import { type WholesaleDeliveryGetResponse, type WholesaleDeliveryRow, type WholesaleDeliveryTotals } from './wholesale.responses';
import { CreateDeliveryDto, PostDocumentDto, WholesaleDocQueryDto } from './wholesale.dto';
import { WholesaleDelivery, WholesaleDeliveryLine, WholesaleOrder, WholesaleOrderLine } from './wholesale.entity';
import { WholesaleError } from './wholesale.errors';

export const DELIVERY_DOC_TYPE = 'wholesale_delivery' as const;

/** Header and line rows of a wholesale document read for display (shared by deliveries and returns). */
export const DOC_STATUS_ZH: Record<string, string> = { draft: '草稿', posted: '已审核', cancelled: '已作废' };

/**
 * 批发出库: a draft from an approved order (everything outstanding, or the lines given: partial
 * deliveries), posted in one transaction under the order's lock — stock leaves the HQ warehouse
 * through StockService (batches first expiry first out, at the moving average, cost kept on the
 * lines), the order's delivered quantities move (never beyond what was ordered), and the
 * receivable (应收) is booked, due after the customer's payment terms.
 */
@Injectable()
export class WholesaleDeliveryService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly orders: WholesaleOrderService,
    private readonly support: WholesaleSupport,
    private readonly ledger: LedgerService,
    private readonly repo: WholesaleRepository,
  ) {}

  async list(ctx: RequestContext, q: WholesaleDocQueryDto) {
    const page = await this.repo.deliveries(ctx, q);
    return listAnswer<WholesaleDeliveryRow, WholesaleDeliveryTotals>(q, {
      title: '批发出库 wholesale deliveries',
      columns: [
        { key: 'number', zh: '出库单号', en: 'number' },
        { key: 'businessDate', zh: '出库日期', en: 'date' },
        { key: 'orderNumber', zh: '订单号', en: 'order' },
        { key: 'customerCode', zh: '客户编码', en: 'customer code' },
        { key: 'customerName', zh: '客户', en: 'customer' },
        { key: 'warehouseName', zh: '仓库', en: 'warehouse' },
        { key: 'statusZh', zh: '状态', en: 'status' },
        { key: 'totalQty', zh: '数量', en: 'quantity', kind: 'qty' },
        { key: 'totalAmount', zh: '金额(含税)', en: 'amount incl. tax', kind: 'money' },
        { key: 'totalCost', zh: '成本', en: 'cost', kind: 'money' },
        { key: 'dueDate', zh: '到期日', en: 'due' },
      ],
      ...page,
      items: page.items.map((r) => ({ ...r, statusZh: DOC_STATUS_ZH[r.status] })),
    });
  }

  async get(ctx: RequestContext, id: string): Promise<WholesaleDeliveryGetResponse> {
    const d = await this.connection.repo(ctx, WholesaleDelivery).findOne({ where: { id } });
    if (!d) throw notFound('wholesale delivery');
    assertInScope(ctx, d.orgUnitId, 'wholesale delivery');
    const customer = await this.support.customer(ctx, d.customerId);
    const order = (await this.repo.orderRef(ctx, d.orderId))!;
    const warehouse = (await this.repo.warehouseRef(ctx, d.warehouseId))!;
    const rows = await this.repo.deliveryLines(ctx, id);
    const item = await this.ledger.itemOfDoc(ctx, DELIVERY_DOC_TYPE, id);
    return {
      ...withMoney(d, ['totalAmount', 'totalTax']),
      // the order always exists (a delivery is made from one)
      order: { ...order, statusZh: ORDER_STATUS_ZH[order.status] },
      customer: customerSummary(customer),
      warehouse,
      lines: rows,
      receivable: item ? { itemId: item.id, amount: dec(item.amount).toFixed(2), open: dec(item.open).toFixed(2), dueDate: item.dueDate } : null,
    };
  }

  /** A draft (posted at once with `post`). A retry with the same idempotency key returns the first delivery. */
  async create(ctx: RequestContext, dto: CreateDeliveryDto) {
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_wholesale_delivery_idempotency', find: (key) => this.byKey(ctx, key) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const order = await this.orders.lock(tx, dto.orderId).catch((e: unknown) => {
          if (e instanceof DomainException && e.code === CommonError.NOT_FOUND)
            throw new DomainException(CommonError.NOT_FOUND, 'wholesale order not found / 批发订单不存在', [{ field: 'orderId', message: 'not found' }]);
          throw e;
        });
        this.assertDeliverable(order);
        const warehouseId = dto.warehouseId ?? order.warehouseId;
        await this.support.warehouse(tx, warehouseId);
        const orderLines = await this.connection.repo(tx, WholesaleOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } });
        const outstanding = (l: WholesaleOrderLine) => Dec.max(dec(l.quantity).minus(l.deliveredQty), 0);
        const wanted = dto.lines ?? orderLines.filter((l) => outstanding(l).gt(0)).map((l) => ({ orderLineId: l.id, quantity: outstanding(l).toString(), batchNo: undefined }));
        if (!wanted.length)
          throw new DomainException(WholesaleError.WHOLESALE_NOTHING_OUTSTANDING, 'everything on the order has been delivered / 订单已全部出库', undefined, { orderId: order.id });
        const fields: FieldError[] = [];
        const seen = new Set<string>();
        const picked = wanted.map((w, i) => {
          const ol = orderLines.find((l) => l.id === w.orderLineId);
          if (!ol || seen.has(ol.id)) fields.push({ field: `lines.${i}.orderLineId`, message: ol ? 'the same order line twice' : 'not a line of this order' });
          else seen.add(ol.id);
          return { ol: ol!, w };
        });
        if (fields.length) throw new DomainException(WholesaleError.WHOLESALE_ORDER_LINE_MISMATCH, 'line not on the order / 明细不在订单中', fields);
        this.assertWithinOrder(picked.map((p) => ({ ol: p.ol, quantity: p.w.quantity })));
        const products = await this.support.products(
          tx,
          picked.map((p) => p.ol.productId),
          lineField('orderLineId'),
        );
        const notManaged = picked.flatMap((p, i) =>
          p.w.batchNo && !products.get(p.ol.productId)!.batchManaged
            ? [{ field: `lines.${i}.batchNo`, message: `${products.get(p.ol.productId)!.code} is not batch-managed` }]
            : [],
        );
        if (notManaged.length) throw new DomainException(WholesaleError.WHOLESALE_BATCH_NOT_MANAGED, 'product is not batch-managed / 商品未启用批次管理', notManaged);
        const today = localToday();
        const repo = this.connection.repo(tx, WholesaleDelivery);
        const d = repo.create({
          number: await this.numbers.next(tx, 'WSD', this.support.site(tx), today),
          orgUnitId: tx.user!.orgUnitId,
          orderId: order.id,
          customerId: order.customerId,
          warehouseId,
          status: 'draft',
          businessDate: today,
          remark: dto.remark?.trim() || null,
          createdBy: tx.userId,
          idempotencyKey: dto.idempotencyKey ?? null,
        });
        await repo.save(d);
        const rows = picked.map((p, i) => {
          const a = lineAmounts({ quantity: p.w.quantity, unitPrice: p.ol.unitPrice, taxRate: p.ol.taxRate });
          return this.connection.repo(tx, WholesaleDeliveryLine).create({
            deliveryId: d.id,
            lineNo: i + 1,
            orderLineId: p.ol.id,
            productId: p.ol.productId,
            quantity: dec(p.w.quantity).toString(),
            unitPrice: p.ol.unitPrice,
            taxRate: p.ol.taxRate,
            amount: a.amount.toFixed(2),
            taxAmount: a.taxAmount.toFixed(2),
            batchNo: p.w.batchNo?.trim() || null,
            batches: [],
            returnedQty: '0',
          });
        });
        await this.connection.repo(tx, WholesaleDeliveryLine).insert(rows);
        const t = documentTotals(rows);
        Object.assign(d, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toFixed(2), totalTax: t.totalTax.toFixed(2) });
        await repo.update({ id: d.id }, { totalQty: d.totalQty, totalAmount: d.totalAmount, totalTax: d.totalTax });
        await this.audit.record(tx, { entityType: 'wholesale_delivery', entityId: d.id, action: 'create', after: d });
        if (dto.post) await this.postLocked(tx, d);
        return this.get(tx, d.id);
      }),
    );
  }

  /** 审核出库. Posting again with the same key returns the posted delivery. */
  async post(ctx: RequestContext, id: string, options: PostDocumentDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const d = await this.lock(tx, id);
      if (d.status === 'posted' && options.idempotencyKey && d.idempotencyKey === options.idempotencyKey) return this.get(tx, id);
      this.assertDraft(d);
      if (options.idempotencyKey && d.idempotencyKey !== options.idempotencyKey) {
        const other = await this.connection.repo(tx, WholesaleDelivery).findOne({ where: { idempotencyKey: options.idempotencyKey } });
        if (other)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key belongs to another document / 幂等键已被其他单据使用', [
            { field: 'idempotencyKey', message: `used by ${other.number}` },
          ]);
        d.idempotencyKey = options.idempotencyKey;
      }
      await this.postLocked(tx, d);
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const d = await this.lock(tx, id);
      this.assertDraft(d);
      Object.assign(d, { status: 'cancelled', cancelledBy: tx.userId, cancelledAt: new Date() });
      await this.connection.repo(tx, WholesaleDelivery).save(d);
      await this.audit.record(tx, { entityType: 'wholesale_delivery', entityId: id, action: 'cancel', before: { status: 'draft' }, after: { status: 'cancelled' } });
      return this.get(tx, id);
    });
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'wholesale_delivery', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  async lock(ctx: RequestContext, id: string): Promise<WholesaleDelivery> {
    const d = await this.connection.repo(ctx, WholesaleDelivery).createQueryBuilder('d').setLock('pessimistic_write').where('d.id = :id', { id }).getOne();
    if (!d) throw notFound('wholesale delivery');
    assertInScope(ctx, d.orgUnitId, 'wholesale delivery');
    return d;
  }

  private async postLocked(tx: RequestContext, d: WholesaleDelivery): Promise<void> {
    const order = await this.orders.lock(tx, d.orderId);
    this.assertDeliverable(order);
    const lines = await this.connection.repo(tx, WholesaleDeliveryLine).find({ where: { deliveryId: d.id }, order: { lineNo: 'ASC' } });
    const orderLines = await this.connection.repo(tx, WholesaleOrderLine).find({ where: { orderId: order.id } });
    // under the order's lock: no other delivery of the order can post in between
    this.assertWithinOrder(lines.map((l) => ({ ol: orderLines.find((o) => o.id === l.orderLineId)!, quantity: l.quantity })));
    const customer = await this.support.customer(tx, d.customerId);
    const credit = await this.orders.recheckCreditForDelivery(tx, order, customer);
    const results = await this.stock.post(
      tx,
      lines.map((l) => ({
        warehouseId: d.warehouseId,
        productId: l.productId,
        quantity: dec(l.quantity).neg().toString(),
        batchNo: l.batchNo,
        docType: DELIVERY_DOC_TYPE,
        docId: d.id,
        docNo: d.number,
        docLine: l.lineNo,
        businessDate: d.businessDate,
        reason: null,
      })),
      // wholesale never sells what the warehouse does not hold, whatever the selling switch says
      { allowNegative: false },
    );
    let totalCost = dec(0);
    for (const [i, l] of lines.entries()) {
      const r = results[i];
      const cost = dec(r.amount).neg();
      totalCost = totalCost.plus(cost);
      await this.connection.repo(tx, WholesaleDeliveryLine).update(
        { id: l.id },
        {
          unitCost: r.unitCost,
          costAmount: cost.toString(),
          batches: r.batches.map((b) => ({ batchNo: b.batchNo, expiryDate: b.expiryDate, quantity: dec(b.quantity).neg().toString() })),
        },
      );
    }
    const deltas = new Map<string, string>();
    for (const l of lines)
      deltas.set(
        l.orderLineId,
        dec(deltas.get(l.orderLineId) ?? 0)
          .plus(l.quantity)
          .toString(),
      );
    await this.orders.applyDelivered(tx, order, deltas);
    const dueDate = addDays(d.businessDate, customer.paymentTermsDays ?? 0);
    Object.assign(d, { status: 'posted', postedBy: tx.userId, postedAt: new Date(), dueDate, totalCost: totalCost.toString() });
    await this.connection.repo(tx, WholesaleDelivery).save(d);
    await this.ledger.post(tx, {
      partyType: 'customer',
      partyId: d.customerId,
      docType: DELIVERY_DOC_TYPE,
      docId: d.id,
      docNo: d.number,
      docDate: d.businessDate,
      dueDate,
      amount: d.totalAmount,
      description: `批发出库 ${d.number}（订单 ${order.number}）`,
    });
    await this.audit.record(tx, {
      entityType: 'wholesale_delivery',
      entityId: d.id,
      action: credit.exceeded ? 'post_over_credit' : 'post',
      before: { status: 'draft' },
      after: { status: 'posted', dueDate, totalCost: d.totalCost },
      reason: credit.exceeded ? credit.reason : null,
    });
  }

  /** Never more than is still outstanding on an order line (the whole document at once). */
  private assertWithinOrder(parts: Array<{ ol: WholesaleOrderLine; quantity: string }>): void {
    const want = new Map<string, ReturnType<typeof dec>>();
    const fields: FieldError[] = [];
    parts.forEach((p, i) => {
      const sum = (want.get(p.ol.id) ?? dec(0)).plus(p.quantity);
      want.set(p.ol.id, sum);
      const left = Dec.max(dec(p.ol.quantity).minus(p.ol.deliveredQty), 0);
      if (sum.gt(left)) fields.push({ field: `lines.${i}.quantity`, message: `ordered ${dec(p.ol.quantity)}, delivered ${dec(p.ol.deliveredQty)}: at most ${left} more` });
    });
    if (fields.length) throw new DomainException(WholesaleError.WHOLESALE_OVER_DELIVERY, 'more than the order still has outstanding / 出库数量超过订单未交数量', fields);
  }

  private assertDeliverable(order: WholesaleOrder): void {
    if (!DELIVERABLE.includes(order.status)) {
      throw new DomainException(
        WholesaleError.WHOLESALE_ORDER_NOT_DELIVERABLE,
        `order ${order.number} is ${order.status}: only approved orders are delivered / 订单未审核或已结案，不能出库`,
        [{ field: 'orderId', message: `order is ${order.status}` }],
        { status: order.status },
      );
    }
  }

  private assertDraft(d: WholesaleDelivery): void {
    if (d.status === 'posted')
      throw new DomainException(CommonError.DOCUMENT_POSTED, `delivery ${d.number} is posted and can no longer change / 出库单已审核`, undefined, { status: d.status });
    if (d.status !== 'draft')
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, `delivery ${d.number} is ${d.status} / 单据状态不允许此操作`, undefined, { status: d.status });
  }

  private async byKey(ctx: RequestContext, key: string) {
    const d = await this.connection.repo(ctx, WholesaleDelivery).findOne({ where: { idempotencyKey: key } });
    if (!d) return null;
    if (d.createdBy !== ctx.userId)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for another request / 幂等键已用于其他请求', [
        { field: 'idempotencyKey', message: 'already used' },
      ]);
    return this.get(ctx, d.id);
  }
}
