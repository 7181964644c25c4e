import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  Dec,
  dec,
  documentTotals,
  DocumentNumberService,
  DomainException,
  isIsoDate,
  lineAmounts,
  localToday,
  notFound,
  RequestContext,
  StatusMachine,
  TransactionalConnection,
} from '@chain-erp/shared';
import { LedgerService } from '../settlement/ledger.service';
import { listAnswer, withMoney } from '../settlement/list-output';
import { creditCheck, undeliveredValue } from './credit.calculator';
import { WholesalePriceService } from './wholesale-price.service';
import { WholesaleRepository } from './wholesale.repository';
import { CustomerRow, customerSummary, lineField, requireReason, WholesaleSupport } from './wholesale-support.service';
import { type WholesaleOrderGetResponse, type WholesaleOrderRow, type WholesaleQtyAmountTotals } from './wholesale.responses';
import { SaveWholesaleOrderDto, WholesaleOrderLineDto, WholesaleOrderQueryDto } from './wholesale.dto';
import { WholesaleOrder, WholesaleOrderLine, WholesaleOrderStatus } from './wholesale.entity';
import { WholesaleError } from './wholesale.errors';

export const WHOLESALE_ORDER_FLOW = new StatusMachine<WholesaleOrderStatus>(
  {
    draft: ['submitted', 'cancelled'],
    submitted: ['approved', 'draft', 'cancelled'],
    approved: ['partially_delivered', 'delivered', 'closed', 'cancelled'],
    partially_delivered: ['partially_delivered', 'delivered', 'closed'],
    delivered: ['closed'],
    closed: [],
    cancelled: [],
  },
  'wholesale order',
);

/** Orders goods may be delivered against. */
export const DELIVERABLE: WholesaleOrderStatus[] = ['approved', 'partially_delivered'];

export const ORDER_STATUS_ZH: Record<WholesaleOrderStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  approved: '已审核',
  partially_delivered: '部分出库',
  delivered: '已出库',
  closed: '已结案',
  cancelled: '已作废',
};

/**
 * 批发订单: draft → submitted → approved (credit check) → partially delivered → delivered → closed;
 * or cancelled. Lines are priced by WholesalePriceService; delivered quantities are written by
 * WholesaleDeliveryService under the order's lock.
 */
@Injectable()
export class WholesaleOrderService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly support: WholesaleSupport,
    private readonly prices: WholesalePriceService,
    private readonly ledger: LedgerService,
    private readonly repo: WholesaleRepository,
  ) {}

  async list(ctx: RequestContext, q: WholesaleOrderQueryDto) {
    const page = await this.repo.orders(ctx, q);
    return listAnswer<WholesaleOrderRow, WholesaleQtyAmountTotals>(q, {
      title: '批发订单 wholesale orders',
      columns: [
        { key: 'number', zh: '订单号', en: 'number' },
        { key: 'orderDate', zh: '订单日期', en: 'order date' },
        { key: 'customerCode', zh: '客户编码', en: 'customer code' },
        { key: 'customerName', zh: '客户', en: 'customer' },
        { key: 'warehouseName', zh: '发货仓库', en: 'warehouse' },
        { key: 'expectedDate', zh: '交货日期', en: 'wanted by' },
        { key: 'statusZh', zh: '状态', en: 'status' },
        { key: 'totalQty', zh: '数量', en: 'quantity', kind: 'qty' },
        { key: 'totalAmount', zh: '金额(含税)', en: 'amount incl. tax', kind: 'money' },
      ],
      ...page,
      items: page.items.map((r) => ({ ...r, statusZh: ORDER_STATUS_ZH[r.status] })),
    });
  }

  /** One order with lines (delivered and outstanding), customer, warehouse and the credit check. */
  async get(ctx: RequestContext, id: string): Promise<WholesaleOrderGetResponse> {
    const o = await this.connection.repo(ctx, WholesaleOrder).findOne({ where: { id } });
    if (!o) throw notFound('wholesale order');
    assertInScope(ctx, o.orgUnitId, 'wholesale order');
    const customer = await this.support.customer(ctx, o.customerId);
    const warehouse = (await this.repo.warehouseRef(ctx, o.warehouseId))!;
    const rows = await this.repo.orderLines(ctx, id);
    return {
      ...withMoney(o, ['totalAmount', 'totalTax', 'creditLimit', 'creditBalance', 'creditOpenOrders', 'creditExposure']),
      customer: customerSummary(customer),
      warehouse,
      lines: rows,
    };
  }

  async create(ctx: RequestContext, dto: SaveWholesaleOrderDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const { customer, header } = await this.header(tx, dto);
      const repo = this.connection.repo(tx, WholesaleOrder);
      const today = localToday();
      const order = repo.create({
        ...header,
        number: await this.numbers.next(tx, 'WSO', this.support.site(tx), today),
        orgUnitId: tx.user!.orgUnitId,
        orderDate: today,
        status: 'draft',
        createdBy: tx.userId,
      });
      await repo.save(order);
      await this.writeLines(tx, order, customer, dto.lines);
      await this.audit.record(tx, { entityType: 'wholesale_order', entityId: order.id, action: 'create', after: order });
      return this.get(tx, order.id);
    });
  }

  /** Replaces header and lines of a draft (lines are priced again). */
  async update(ctx: RequestContext, id: string, dto: SaveWholesaleOrderDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      WHOLESALE_ORDER_FLOW.assertEditable(order.status, ['draft']);
      if (dto.expectedVersion !== undefined && dto.expectedVersion !== order.rowVersion) {
        throw new DomainException(CommonError.VERSION_CONFLICT, 'the order was changed meanwhile, reload it / 订单已被他人修改，请刷新', [
          { field: 'expectedVersion', message: `current version is ${order.rowVersion}` },
        ]);
      }
      const before = { ...order };
      const { customer, header } = await this.header(tx, dto);
      Object.assign(order, header);
      await this.connection.repo(tx, WholesaleOrder).save(order);
      await this.connection.repo(tx, WholesaleOrderLine).delete({ orderId: id });
      await this.writeLines(tx, order, customer, dto.lines);
      await this.audit.record(tx, { entityType: 'wholesale_order', entityId: id, action: 'update', before, after: order });
      return this.get(tx, id);
    });
  }

  async submit(ctx: RequestContext, id: string) {
    return this.transition(ctx, id, 'submitted', async (tx, order) => {
      const count = await this.connection.repo(tx, WholesaleOrderLine).count({ where: { orderId: id } });
      if (!count) throw new DomainException(WholesaleError.WHOLESALE_NO_LINES, 'the order has no lines / 订单没有商品明细', [{ field: 'lines', message: 'at least one line' }]);
      await this.support.customer(tx, order.customerId, { active: true });
      Object.assign(order, { submittedBy: tx.userId, submittedAt: new Date() });
    });
  }

  /**
   * 审核 with the credit check (信用检查): exposure = the customer's balance + its other approved
   * orders not yet delivered + this order. Beyond the credit limit only a user with
   * wholesale.order.approve.credit approves; the figures and who approved beyond it stay on the order.
   * Checks of one customer queue on its ledger lock, so two orders cannot both squeeze under the limit.
   */
  async approve(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      WHOLESALE_ORDER_FLOW.assertTransition(order.status, 'approved');
      if (order.createdBy === tx.userId || order.submittedBy === tx.userId) {
        throw new DomainException(WholesaleError.WHOLESALE_SELF_APPROVAL, 'you cannot approve your own order / 不能审核自己编制的订单');
      }
      const customer = await this.support.customer(tx, order.customerId, { active: true });
      await this.ledger.lockParty(tx, 'customer', customer.id);
      const credit = await this.creditFacts(tx, customer, order.id);
      const check = creditCheck({ limit: customer.creditLimit, balance: credit.balance, openOrders: credit.openOrders, orderAmount: order.totalAmount });
      const figures = {
        creditLimit: dec(customer.creditLimit).toFixed(2),
        creditBalance: dec(credit.balance).toFixed(2),
        creditOpenOrders: credit.openOrders.toFixed(2),
        creditExposure: check.exposure.toFixed(2),
        creditExceeded: check.exceeded,
      };
      if (check.exceeded && !tx.can('wholesale.order.approve.credit')) {
        throw new DomainException(
          WholesaleError.WHOLESALE_CREDIT_LIMIT_EXCEEDED,
          `customer ${customer.code} would owe ${figures.creditExposure}, above the credit limit ${figures.creditLimit}: approval needs wholesale.order.approve.credit / 超出客户信用额度，需要超信用额度审批`,
          undefined,
          { ...figures, orderAmount: dec(order.totalAmount).toFixed(2), excess: check.excess.toFixed(2), permission: ['wholesale.order.approve.credit'] },
        );
      }
      const before = { status: order.status };
      Object.assign(order, figures, { status: 'approved', approvedBy: tx.userId, approvedAt: new Date(), creditApprovedBy: check.exceeded ? tx.userId : null });
      await this.connection.repo(tx, WholesaleOrder).save(order);
      await this.audit.record(tx, {
        entityType: 'wholesale_order',
        entityId: id,
        action: check.exceeded ? 'approve_over_credit' : 'approve',
        before,
        after: { status: 'approved', ...figures },
        reason: check.exceeded ? `credit limit ${figures.creditLimit} exceeded by ${check.excess.toFixed(2)} / 超信用额度审批` : null,
      });
      return this.get(tx, id);
    });
  }

  /** Sends a submitted order back to draft (驳回). */
  async reject(ctx: RequestContext, id: string, reason: string) {
    const why = requireReason(reason);
    return this.transition(
      ctx,
      id,
      'draft',
      async (tx, order) => {
        if (order.createdBy === tx.userId)
          throw new DomainException(WholesaleError.WHOLESALE_SELF_APPROVAL, 'you cannot reject your own order; cancel it instead / 不能驳回自己的订单');
        Object.assign(order, { submittedBy: null, submittedAt: null });
      },
      why,
    );
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    const why = requireReason(reason);
    return this.transition(
      ctx,
      id,
      'cancelled',
      async (tx, order) => {
        if (await this.repo.orderHasDeliveries(tx, id))
          throw new DomainException(WholesaleError.WHOLESALE_ORDER_HAS_DELIVERIES, 'the order has deliveries: close it instead / 订单已有出库，只能结案', undefined, {
            orderId: id,
          });
        Object.assign(order, { cancelledBy: tx.userId, cancelledAt: new Date() });
      },
      why,
    );
  }

  /** 结案: no more deliveries; closing before everything went out (短交) needs a reason. */
  async close(ctx: RequestContext, id: string, reason?: string) {
    let why: string | null = reason?.trim() || null;
    return this.transition(
      ctx,
      id,
      'closed',
      async (tx, order) => {
        if (order.status !== 'delivered') why = requireReason(reason);
        const drafts = await this.repo.orderDraftDeliveries(tx, id);
        if (drafts.length)
          throw new DomainException(CommonError.CONFLICT, 'post or cancel its draft deliveries first / 请先处理未审核的出库单', undefined, {
            deliveries: drafts,
          });
        Object.assign(order, { closedBy: tx.userId, closedAt: new Date(), closeReason: why });
      },
      () => why,
    );
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'wholesale_order', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** 信用状况: limit, balance, approved orders not yet delivered and what is still available. */
  async credit(ctx: RequestContext, customerId: string) {
    if (ctx.storeId) throw notFound('customer');
    const customer = await this.support.customer(ctx, customerId);
    const f = await this.creditFacts(ctx, customer, null);
    const check = creditCheck({ limit: customer.creditLimit, balance: f.balance, openOrders: f.openOrders, orderAmount: 0 });
    return {
      customer: { id: customer.id, code: customer.code, name: customer.name, priceLevel: customer.priceLevel, paymentTermsDays: customer.paymentTermsDays },
      creditLimit: dec(customer.creditLimit).toFixed(2),
      balance: dec(f.balance).toFixed(2),
      openOrders: f.openOrders.toFixed(2),
      available: check.available.toFixed(2),
    };
  }

  async lock(ctx: RequestContext, id: string): Promise<WholesaleOrder> {
    const o = await this.connection.repo(ctx, WholesaleOrder).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
    if (!o) throw notFound('wholesale order');
    assertInScope(ctx, o.orgUnitId, 'wholesale order');
    return o;
  }

  /** Adds delivered quantities to the order's lines and moves its status. The caller holds the order's lock. */
  async applyDelivered(ctx: RequestContext, order: WholesaleOrder, deltas: Map<string, string>): Promise<void> {
    const repo = this.connection.repo(ctx, WholesaleOrderLine);
    const lines = await repo.find({ where: { orderId: order.id } });
    for (const l of lines) {
      const d = deltas.get(l.id);
      if (!d) continue;
      l.deliveredQty = dec(l.deliveredQty).plus(d).toString();
      await repo.update({ id: l.id }, { deliveredQty: l.deliveredQty });
    }
    const next: WholesaleOrderStatus = lines.every((l) => dec(l.deliveredQty).gte(l.quantity)) ? 'delivered' : 'partially_delivered';
    if (next !== order.status) {
      WHOLESALE_ORDER_FLOW.assertTransition(order.status, next);
      const before = { status: order.status };
      order.status = next;
      await this.connection.repo(ctx, WholesaleOrder).update({ id: order.id }, { status: next });
      await this.audit.record(ctx, { entityType: 'wholesale_order', entityId: order.id, action: 'deliver', before, after: { status: next } });
    }
  }

  /**
   * 出库信用复核: a delivery is posted only while the customer is still within what was approved —
   * the credit limit, or the highest exposure an approver accepted beyond it on the customer's open
   * orders. Between approval and delivery the limit may have been lowered or a payment reversed;
   * then only a user with wholesale.order.approve.credit posts it, and that stays in the audit
   * trail. Called under the order's lock; takes the customer's ledger lock (the order of approve).
   */
  async recheckCreditForDelivery(tx: RequestContext, order: WholesaleOrder, customer: CustomerRow): Promise<{ exceeded: false } | { exceeded: true; reason: string }> {
    await this.ledger.lockParty(tx, 'customer', customer.id);
    const credit = await this.creditFacts(tx, customer, order.id);
    const lines = await this.connection.repo(tx, WholesaleOrderLine).find({ where: { orderId: order.id } });
    const accepted = await this.repo.acceptedExposure(tx, customer.id);
    const allowed = Dec.max(dec(customer.creditLimit), dec(accepted ?? 0));
    const check = creditCheck({ limit: allowed, balance: credit.balance, openOrders: credit.openOrders, orderAmount: undeliveredValue(lines) });
    if (!check.exceeded) return { exceeded: false };
    const figures = {
      creditLimit: dec(customer.creditLimit).toFixed(2),
      creditAccepted: allowed.toFixed(2),
      creditBalance: dec(credit.balance).toFixed(2),
      creditOpenOrders: credit.openOrders.toFixed(2),
      creditExposure: check.exposure.toFixed(2),
      excess: check.excess.toFixed(2),
    };
    if (!tx.can('wholesale.order.approve.credit')) {
      throw new DomainException(
        WholesaleError.WHOLESALE_CREDIT_LIMIT_EXCEEDED,
        `customer ${customer.code} now owes more than was approved (${figures.creditExposure} > ${figures.creditAccepted}): posting the delivery needs wholesale.order.approve.credit / 客户欠款已超出审核时的信用额度，出库需要超信用额度审批`,
        undefined,
        { ...figures, orderId: order.id, permission: ['wholesale.order.approve.credit'] },
      );
    }
    return { exceeded: true, reason: `credit ${figures.creditAccepted} exceeded by ${figures.excess} at delivery / 出库超信用额度` };
  }

  private async creditFacts(ctx: RequestContext, customer: CustomerRow, excludeOrderId: string | null) {
    const balance = await this.ledger.balance(ctx, 'customer', customer.id);
    const open = await this.repo.openOrderLines(ctx, customer.id, excludeOrderId);
    return { balance, openOrders: undeliveredValue(open) };
  }

  private async transition(
    ctx: RequestContext,
    id: string,
    to: WholesaleOrderStatus,
    apply: (tx: RequestContext, o: WholesaleOrder) => Promise<void>,
    reason?: string | (() => string | null),
  ) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const order = await this.lock(tx, id);
      WHOLESALE_ORDER_FLOW.assertTransition(order.status, to);
      const before = { status: order.status };
      await apply(tx, order);
      order.status = to;
      await this.connection.repo(tx, WholesaleOrder).save(order);
      const why = typeof reason === 'function' ? reason() : reason;
      await this.audit.record(tx, {
        entityType: 'wholesale_order',
        entityId: id,
        action: { draft: 'reject', submitted: 'submit', cancelled: 'cancel', closed: 'close' }[to as string] ?? to,
        before,
        after: { status: to },
        reason: why ?? null,
      });
      return this.get(tx, id);
    });
  }

  private async header(tx: RequestContext, dto: SaveWholesaleOrderDto) {
    const customer = await this.support.customer(tx, dto.customerId, { active: true });
    await this.support.warehouse(tx, dto.warehouseId);
    if (dto.expectedDate && (!isIsoDate(dto.expectedDate) || dto.expectedDate < localToday())) {
      throw new DomainException(WholesaleError.WHOLESALE_DATE_INVALID, 'the wanted date must be a real date, today or later / 交货日期无效', [
        { field: 'expectedDate', message: 'a real date, not in the past' },
      ]);
    }
    return {
      customer,
      header: {
        customerId: customer.id,
        warehouseId: dto.warehouseId,
        expectedDate: dto.expectedDate ?? null,
        remark: dto.remark?.trim() || null,
        priceLevel: customer.priceLevel,
      },
    };
  }

  /** Prices and writes lines (one line per product); totals on the header. A price other than the rules' needs wholesale.price.write. */
  private async writeLines(tx: RequestContext, order: WholesaleOrder, customer: CustomerRow, input: WholesaleOrderLineDto[]): Promise<void> {
    const seen = new Map<string, number>();
    input.forEach((l, i) => {
      if (seen.has(l.productId))
        throw new DomainException(WholesaleError.WHOLESALE_DUPLICATE_PRODUCT, 'the same product twice: merge the lines / 商品重复，请合并数量', [
          { field: `lines.${i}.productId`, message: `same as line ${seen.get(l.productId)! + 1}` },
        ]);
      seen.set(l.productId, i);
    });
    const products = await this.support.products(
      tx,
      input.map((l) => l.productId),
      lineField('productId'),
      { saleable: true },
    );
    const resolved = await this.prices.resolve(
      tx,
      customer,
      input.map((l) => l.productId),
      localToday(),
    );
    const manual = input.flatMap((l, i) => (l.unitPrice !== undefined && !dec(l.unitPrice).eq(resolved.get(l.productId)!.price) ? [i] : []));
    if (manual.length && !tx.can('wholesale.price.write')) {
      throw new DomainException(
        WholesaleError.WHOLESALE_PRICE_OVERRIDE_FORBIDDEN,
        'a price other than the customer’s price needs wholesale.price.write / 修改批发价格需要授权',
        manual.map((i) => ({ field: `lines.${i}.unitPrice`, message: `the customer's price is ${resolved.get(input[i].productId)!.price}` })),
        { permission: ['wholesale.price.write'] },
      );
    }
    const rows = input.map((l, i) => {
      const r = resolved.get(l.productId)!;
      const unitPrice = manual.includes(i) ? l.unitPrice! : r.price;
      const taxRate = products.get(l.productId)!.taxRate;
      const a = lineAmounts({ quantity: l.quantity, unitPrice, taxRate });
      return this.connection.repo(tx, WholesaleOrderLine).create({
        orderId: order.id,
        lineNo: i + 1,
        productId: l.productId,
        quantity: dec(l.quantity).toString(),
        unitPrice: dec(unitPrice).toString(),
        listPrice: r.price,
        priceSource: manual.includes(i) ? 'manual' : r.source,
        taxRate: dec(taxRate).toString(),
        amount: a.amount.toFixed(2),
        taxAmount: a.taxAmount.toFixed(2),
        deliveredQty: '0',
        note: l.note?.trim() || null,
      });
    });
    if (rows.length) await this.connection.repo(tx, WholesaleOrderLine).insert(rows);
    const t = documentTotals(rows);
    Object.assign(order, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toFixed(2), totalTax: t.totalTax.toFixed(2) });
    await this.connection.repo(tx, WholesaleOrder).update({ id: order.id }, { totalQty: order.totalQty, totalAmount: order.totalAmount, totalTax: order.totalTax });
  }
}
