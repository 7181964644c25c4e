import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  codeNameRef,
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
  ShippedBatch,
  StockMovement,
  StockService,
  TransactionalConnection,
} from '@chain-erp/shared';
import { LedgerService } from '../settlement/ledger.service';
import { listAnswer, withMoney } from '../settlement/list-output';
import { returnBatches } from './return-batches.calculator';
import { DELIVERY_DOC_TYPE, DOC_STATUS_ZH, WholesaleDeliveryService } from './wholesale-delivery.service';
import { WholesaleRepository } from './wholesale.repository';
import { requireReason, WholesaleSupport } from './wholesale-support.service';
import { type WholesaleQtyAmountTotals, type WholesaleReturnGetResponse, type WholesaleReturnRow } from './wholesale.responses';
import { CreateReturnDto, PostDocumentDto, WholesaleDocQueryDto } from './wholesale.dto';
import { WholesaleDelivery, WholesaleDeliveryLine, WholesaleReturn, WholesaleReturnLine } from './wholesale.entity';
import { WholesaleError } from './wholesale.errors';

export const RETURN_DOC_TYPE = 'wholesale_return';

/**
 * 批发退货: goods come back from a posted delivery — never more than was delivered and not yet
 * returned. Posting takes them back into stock through StockService at the cost they left with
 * and into the batches they left from, and credits the customer (红字应收): the credit settles the
 * delivery's receivable as far as it is open; the rest stays the customer's credit.
 */
@Injectable()
export class WholesaleReturnService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly deliveries: WholesaleDeliveryService,
    private readonly support: WholesaleSupport,
    private readonly ledger: LedgerService,
    private readonly repo: WholesaleRepository,
  ) {}

  async list(ctx: RequestContext, q: WholesaleDocQueryDto) {
    const page = await this.repo.returns(ctx, q);
    return listAnswer<WholesaleReturnRow, WholesaleQtyAmountTotals>(q, {
      title: '批发退货 wholesale returns',
      columns: [
        { key: 'number', zh: '退货单号', en: 'number' },
        { key: 'businessDate', zh: '退货日期', en: 'date' },
        { key: 'deliveryNumber', zh: '出库单号', en: 'delivery' },
        { key: 'customerCode', zh: '客户编码', en: 'customer code' },
        { key: 'customerName', zh: '客户', en: 'customer' },
        { key: 'warehouseName', zh: '仓库', en: 'warehouse' },
        { key: 'statusZh', zh: '状态', en: 'status' },
        { key: 'totalQty', zh: '数量', en: 'quantity', kind: 'qty' },
        { key: 'totalAmount', zh: '金额(含税)', en: 'amount incl. tax', kind: 'money' },
        { key: 'reason', zh: '原因', en: 'reason' },
      ],
      ...page,
      items: page.items.map((r) => ({ ...r, statusZh: DOC_STATUS_ZH[r.status] })),
    });
  }

  async get(ctx: RequestContext, id: string): Promise<WholesaleReturnGetResponse> {
    const r = await this.connection.repo(ctx, WholesaleReturn).findOne({ where: { id } });
    if (!r) throw notFound('wholesale return');
    assertInScope(ctx, r.orgUnitId, 'wholesale return');
    const customer = await this.support.customer(ctx, r.customerId);
    const delivery = (await this.repo.deliveryRef(ctx, r.deliveryId))!;
    const rows = await this.repo.returnLines(ctx, id);
    const item = await this.ledger.itemOfDoc(ctx, RETURN_DOC_TYPE, id);
    return {
      ...withMoney(r, ['totalAmount', 'totalTax']),
      delivery,
      customer: codeNameRef(customer),
      lines: rows,
      credit: item ? { itemId: item.id, amount: dec(item.amount).toFixed(2), unapplied: dec(item.open).toFixed(2) } : null,
    };
  }

  async create(ctx: RequestContext, dto: CreateReturnDto) {
    const reason = requireReason(dto.reason);
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_wholesale_return_idempotency', find: (key) => this.byKey(ctx, key) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const delivery = await this.deliveries.lock(tx, dto.deliveryId).catch((e: unknown) => {
          if (e instanceof DomainException && e.code === CommonError.NOT_FOUND)
            throw new DomainException(CommonError.NOT_FOUND, 'wholesale delivery not found / 批发出库单不存在', [{ field: 'deliveryId', message: 'not found' }]);
          throw e;
        });
        if (delivery.status !== 'posted') {
          throw new DomainException(WholesaleError.WHOLESALE_DELIVERY_NOT_RETURNABLE, 'returns are made from posted deliveries / 只能从已审核的出库单退货', [
            { field: 'deliveryId', message: `delivery is ${delivery.status}` },
          ]);
        }
        const warehouseId = dto.warehouseId ?? delivery.warehouseId;
        await this.support.warehouse(tx, warehouseId);
        const dlines = await this.connection.repo(tx, WholesaleDeliveryLine).find({ where: { deliveryId: delivery.id } });
        const fields: FieldError[] = [];
        const picked = dto.lines.map((l, i) => {
          const dl = dlines.find((x) => x.id === l.deliveryLineId);
          if (!dl) fields.push({ field: `lines.${i}.deliveryLineId`, message: 'not a line of this delivery' });
          return { dl: dl!, quantity: l.quantity };
        });
        if (fields.length) throw new DomainException(WholesaleError.WHOLESALE_ORDER_LINE_MISMATCH, 'line not on the delivery / 明细不在出库单中', fields);
        this.assertWithinDelivery(picked);
        const today = localToday();
        const repo = this.connection.repo(tx, WholesaleReturn);
        const r = repo.create({
          number: await this.numbers.next(tx, 'WSR', this.support.site(tx), today),
          orgUnitId: tx.user!.orgUnitId,
          deliveryId: delivery.id,
          customerId: delivery.customerId,
          warehouseId,
          status: 'draft',
          businessDate: today,
          reason,
          createdBy: tx.userId,
          idempotencyKey: dto.idempotencyKey ?? null,
        });
        await repo.save(r);
        const rows = picked.map((p, i) => {
          const a = lineAmounts({ quantity: p.quantity, unitPrice: p.dl.unitPrice, taxRate: p.dl.taxRate });
          return this.connection.repo(tx, WholesaleReturnLine).create({
            returnId: r.id,
            lineNo: i + 1,
            deliveryLineId: p.dl.id,
            productId: p.dl.productId,
            quantity: dec(p.quantity).toString(),
            unitPrice: p.dl.unitPrice,
            taxRate: p.dl.taxRate,
            amount: a.amount.toFixed(2),
            taxAmount: a.taxAmount.toFixed(2),
            unitCost: p.dl.unitCost,
            costAmount: null,
            batches: [],
          });
        });
        await this.connection.repo(tx, WholesaleReturnLine).insert(rows);
        const t = documentTotals(rows);
        Object.assign(r, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toFixed(2), totalTax: t.totalTax.toFixed(2) });
        await repo.update({ id: r.id }, { totalQty: r.totalQty, totalAmount: r.totalAmount, totalTax: r.totalTax });
        await this.audit.record(tx, { entityType: 'wholesale_return', entityId: r.id, action: 'create', after: r, reason });
        if (dto.post) await this.postLocked(tx, r, delivery);
        return this.get(tx, r.id);
      }),
    );
  }

  async post(ctx: RequestContext, id: string, options: PostDocumentDto) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      if (r.status === 'posted' && options.idempotencyKey && r.idempotencyKey === options.idempotencyKey) return this.get(tx, id);
      this.assertDraft(r);
      if (options.idempotencyKey && r.idempotencyKey !== options.idempotencyKey) {
        const other = await this.connection.repo(tx, WholesaleReturn).findOne({ where: { idempotencyKey: options.idempotencyKey } });
        if (other)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key belongs to another document / 幂等键已被其他单据使用', [
            { field: 'idempotencyKey', message: `used by ${other.number}` },
          ]);
        r.idempotencyKey = options.idempotencyKey;
      }
      await this.postLocked(tx, r, await this.deliveries.lock(tx, r.deliveryId));
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string) {
    return this.connection.withTransaction(ctx, async (tx) => {
      const r = await this.lock(tx, id);
      this.assertDraft(r);
      Object.assign(r, { status: 'cancelled', cancelledBy: tx.userId, cancelledAt: new Date() });
      await this.connection.repo(tx, WholesaleReturn).save(r);
      await this.audit.record(tx, { entityType: 'wholesale_return', entityId: id, action: 'cancel', before: { status: 'draft' }, after: { status: 'cancelled' } });
      return this.get(tx, id);
    });
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'wholesale_return', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  /** Posts under the delivery's lock: what may still come back cannot change between the check and the stock movement. */
  private async postLocked(tx: RequestContext, r: WholesaleReturn, delivery: WholesaleDelivery): Promise<void> {
    const lines = await this.connection.repo(tx, WholesaleReturnLine).find({ where: { returnId: r.id }, order: { lineNo: 'ASC' } });
    const dlines = await this.connection.repo(tx, WholesaleDeliveryLine).find({ where: { deliveryId: delivery.id } });
    const byId = new Map(dlines.map((d) => [d.id, d]));
    this.assertWithinDelivery(lines.map((l) => ({ dl: byId.get(l.deliveryLineId)!, quantity: l.quantity })));
    const earlier = await this.repo.returnedBatches(
      tx,
      dlines.map((d) => d.id),
    );
    const movements: StockMovement[] = [];
    const owner: number[] = [];
    const chosen: ShippedBatch[][] = [];
    lines.forEach((l, i) => {
      const dl = byId.get(l.deliveryLineId)!;
      const before = [...earlier.filter((e) => e.deliveryLineId === dl.id).flatMap((e) => e.batches), ...chosen.filter((_c, j) => lines[j].deliveryLineId === dl.id).flat()];
      const batches = returnBatches(dl.batches, before, l.quantity);
      chosen.push(batches);
      const common = {
        warehouseId: r.warehouseId,
        productId: l.productId,
        unitCost: dl.unitCost,
        docType: RETURN_DOC_TYPE,
        docId: r.id,
        docNo: r.number,
        docLine: l.lineNo,
        businessDate: r.businessDate,
        reason: 'wholesale_return',
      };
      const pieces = batches.length ? batches.map((b) => ({ quantity: b.quantity, batchNo: b.batchNo, expiryDate: b.expiryDate })) : [{ quantity: l.quantity }];
      for (const p of pieces) {
        movements.push({ ...common, ...p });
        owner.push(i);
      }
    });
    const results = await this.stock.post(tx, movements);
    const costs = lines.map(() => dec(0));
    results.forEach((res, k) => (costs[owner[k]] = costs[owner[k]].plus(res.amount)));
    for (const [i, l] of lines.entries()) {
      await this.connection.repo(tx, WholesaleReturnLine).update({ id: l.id }, { batches: chosen[i], costAmount: costs[i].toString() });
      await this.repo.addReturnedQty(tx, l.deliveryLineId, l.quantity);
    }
    Object.assign(r, { status: 'posted', postedBy: tx.userId, postedAt: new Date(), totalCost: costs.reduce((t, c) => t.plus(c), dec(0)).toString() });
    await this.connection.repo(tx, WholesaleReturn).save(r);
    const credit = await this.ledger.post(tx, {
      partyType: 'customer',
      partyId: r.customerId,
      docType: RETURN_DOC_TYPE,
      docId: r.id,
      docNo: r.number,
      docDate: r.businessDate,
      amount: dec(r.totalAmount).neg().toFixed(2),
      description: `批发退货 ${r.number}（出库 ${delivery.number}）`,
    });
    const owed = await this.ledger.itemOfDoc(tx, DELIVERY_DOC_TYPE, delivery.id);
    if (credit && owed) await this.ledger.allocateUpTo(tx, credit.id, owed.id, { type: 'return', id: r.id });
    await this.audit.record(tx, { entityType: 'wholesale_return', entityId: r.id, action: 'post', before: { status: 'draft' }, after: { status: 'posted' }, reason: r.reason });
  }

  /** Never more than delivered and not yet returned, per delivery line over the whole document. */
  private assertWithinDelivery(parts: Array<{ dl: WholesaleDeliveryLine; quantity: string }>): void {
    const want = new Map<string, ReturnType<typeof dec>>();
    const fields: FieldError[] = [];
    parts.forEach((p, i) => {
      const sum = (want.get(p.dl.id) ?? dec(0)).plus(p.quantity);
      want.set(p.dl.id, sum);
      const left = dec(p.dl.quantity).minus(p.dl.returnedQty);
      if (sum.gt(left))
        fields.push({ field: `lines.${i}.quantity`, message: `delivered ${dec(p.dl.quantity)}, returned ${dec(p.dl.returnedQty)}: at most ${left} more can come back` });
    });
    if (fields.length) throw new DomainException(WholesaleError.WHOLESALE_RETURN_EXCEEDS_DELIVERY, 'more than was delivered and not yet returned / 退货数量超过可退数量', fields);
  }

  private async lock(ctx: RequestContext, id: string): Promise<WholesaleReturn> {
    const r = await this.connection.repo(ctx, WholesaleReturn).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!r) throw notFound('wholesale return');
    assertInScope(ctx, r.orgUnitId, 'wholesale return');
    return r;
  }

  private assertDraft(r: WholesaleReturn): void {
    if (r.status === 'posted') throw new DomainException(CommonError.DOCUMENT_POSTED, `return ${r.number} is posted / 退货单已审核`, undefined, { status: r.status });
    if (r.status !== 'draft')
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, `return ${r.number} is ${r.status} / 单据状态不允许此操作`, undefined, { status: r.status });
  }

  private async byKey(ctx: RequestContext, key: string) {
    const r = await this.connection.repo(ctx, WholesaleReturn).findOne({ where: { idempotencyKey: key } });
    if (!r) return null;
    if (r.createdBy !== ctx.userId)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for another request / 幂等键已用于其他请求', [
        { field: 'idempotencyKey', message: 'already used' },
      ]);
    return this.get(ctx, r.id);
  }
}
