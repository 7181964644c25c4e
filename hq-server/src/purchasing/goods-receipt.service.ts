import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  CommonError,
  createOnce,
  dec,
  Dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  FieldError,
  isIsoDate,
  notFound,
  Page,
  paginate,
  RequestContext,
  StockMovement,
  StockService,
  Supplier,
  TransactionalConnection,
  Warehouse,
} from '@chain-erp/shared';
import { GoodsReceipt, GoodsReceiptLine } from './goods-receipt.entity';
import { documentTotals, lineAmounts, receivableLimit } from '@chain-erp/shared';
import { PurchaseOrder, PurchaseOrderLine } from './purchase-order.entity';
import { applyDocFilters, PurchaseOrderService, RECEIVABLE } from './purchase-order.service';
import { CorrectGoodsReceiptDto, GoodsReceiptQueryDto, PostOptionsDto, SaveGoodsReceiptDto } from './purchasing.dto';
import { PurchasingError } from './purchasing.errors';
import { PurchasingRepository } from './purchasing.repository';
import { PurchasingSettingsService } from './purchasing-settings.service';
import { lineField, ProductRow, PurchasingSupport, requireReason } from './purchasing-support.service';
import { SupplierSettlementService } from '../settlement/supplier-settlement.service';

export const RECEIPT_DOC_TYPE = 'purchase_receipt';
export const GOODS_RECEIPT_SORT = defineSort(
  { number: 'gr.number', businessDate: 'gr.businessDate', totalAmount: 'gr.totalAmount', postedAt: 'gr.postedAt', createdAt: 'gr.createdAt' },
  '-createdAt',
);

/** What a draft line holds before pricing. */
interface DraftLine {
  orderLineId: string | null;
  productId: string;
  orderedQty: string | null;
  quantity: string;
  unitPrice: string;
  taxRate: string;
  batchNo: string | null;
  expiryDate: string | null;
  note: string | null;
}

/**
 * 验收入库: a draft prefilled from an approved order (or, with a permission, without one), then
 * posted: stock comes in through StockService at the line's net cost, the order's received
 * quantities and status move, all in one transaction under the order's row lock (so concurrent
 * receipts of one order never over-receive). Corrections are receipts of kind `correction`.
 */
@Injectable()
export class GoodsReceiptService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly orders: PurchaseOrderService,
    private readonly support: PurchasingSupport,
    private readonly settings: PurchasingSettingsService,
    private readonly payables: SupplierSettlementService,
    private readonly sql: PurchasingRepository,
  ) {}

  async list(ctx: RequestContext, q: GoodsReceiptQueryDto): Promise<Page<GoodsReceipt>> {
    const qb = this.connection
      .repo(ctx, GoodsReceipt)
      .createQueryBuilder('gr')
      .leftJoinAndMapOne('gr.supplier', Supplier, 's', 's.id = gr.supplier_id')
      .leftJoinAndMapOne('gr.warehouse', Warehouse, 'w', 'w.id = gr.warehouse_id')
      .leftJoinAndMapOne('gr.order', PurchaseOrder, 'po', 'po.id = gr.order_id')
      .leftJoinAndMapOne('gr.reverses', GoodsReceipt, 'orig', 'orig.id = gr.reverses_id');
    applyDocFilters(ctx, qb, 'gr', 'business_date', q);
    if (q.status) qb.andWhere('gr.status = :status', { status: q.status });
    if (q.kind) qb.andWhere('gr.kind = :kind', { kind: q.kind });
    if (q.orderId) qb.andWhere('gr.order_id = :orderId', { orderId: q.orderId });
    return paginate(qb, q, GOODS_RECEIPT_SORT);
  }

  /** 更正记录: every correction with the receipt it corrects, who, when and why. */
  async correctionLog(ctx: RequestContext, q: GoodsReceiptQueryDto): Promise<Page<GoodsReceipt>> {
    return this.list(ctx, Object.assign(Object.create(Object.getPrototypeOf(q)), q, { kind: 'correction' }));
  }

  async get(ctx: RequestContext, id: string): Promise<GoodsReceipt> {
    const r = await this.connection
      .repo(ctx, GoodsReceipt)
      .createQueryBuilder('gr')
      .leftJoinAndMapOne('gr.supplier', Supplier, 's', 's.id = gr.supplier_id')
      .leftJoinAndMapOne('gr.warehouse', Warehouse, 'w', 'w.id = gr.warehouse_id')
      .leftJoinAndMapOne('gr.order', PurchaseOrder, 'po', 'po.id = gr.order_id')
      .leftJoinAndMapOne('gr.reverses', GoodsReceipt, 'orig', 'orig.id = gr.reverses_id')
      .where('gr.id = :id', { id })
      .getOne();
    if (!r) throw notFound('goods receipt');
    assertInScope(ctx, r.orgUnitId, 'goods receipt');
    const lines = await this.sql.receiptLines(ctx, id);
    for (const l of lines)
      for (const k of ['orderedQty', 'quantity', 'unitPrice', 'taxRate', 'amount', 'taxAmount', 'unitCost']) if (l[k] !== null) l[k] = dec(l[k] as string).toString();
    const corrections = await this.connection.repo(ctx, GoodsReceipt).find({
      where: { reversesId: id },
      order: { createdAt: 'ASC' },
      select: { id: true, number: true, status: true, businessDate: true, reason: true, totalQty: true, totalAmount: true, postedAt: true },
    });
    return Object.assign(r, { lines, corrections });
  }

  /** Creates a draft (and posts it when `post` is set). A retry with the same idempotency key returns the first receipt. */
  async create(ctx: RequestContext, dto: SaveGoodsReceiptDto): Promise<GoodsReceipt> {
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_goods_receipt_idempotency', find: (key) => this.byKey(ctx, key, dto.orderId ?? null) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const draft = await this.prepare(tx, dto);
        const receipt = this.connection.repo(tx, GoodsReceipt).create({
          ...draft.header,
          number: await this.numbers.next(tx, 'GR', this.support.site(tx), draft.header.businessDate),
          kind: 'receipt',
          orgUnitId: tx.user!.orgUnitId,
          status: 'draft',
          createdBy: tx.userId,
          idempotencyKey: dto.idempotencyKey ?? null,
        });
        await this.connection.repo(tx, GoodsReceipt).save(receipt);
        await this.writeLines(tx, receipt, draft.lines);
        await this.checkDeliveryNote(tx, receipt);
        await this.audit.record(tx, { entityType: 'goods_receipt', entityId: receipt.id, action: 'create', after: receipt, reason: receipt.lateReason });
        if (dto.post) await this.postLocked(tx, receipt);
        return this.get(tx, receipt.id);
      }),
    );
  }

  /** Replaces a draft's header and lines. */
  async update(ctx: RequestContext, id: string, dto: SaveGoodsReceiptDto): Promise<GoodsReceipt> {
    if (dto.post || dto.idempotencyKey) {
      throw new DomainException(CommonError.VALIDATION_FAILED, 'post with POST /goods-receipts/{id}/post / 请使用审核接口过账', [
        { field: dto.post ? 'post' : 'idempotencyKey', message: 'not allowed on update' },
      ]);
    }
    return this.connection.withTransaction(ctx, async (tx) => {
      const receipt = await this.lock(tx, id);
      this.assertDraft(receipt);
      const before = { ...receipt };
      const draft = await this.prepare(tx, dto);
      Object.assign(receipt, draft.header);
      await this.connection.repo(tx, GoodsReceipt).save(receipt);
      await this.connection.repo(tx, GoodsReceiptLine).delete({ receiptId: id });
      await this.writeLines(tx, receipt, draft.lines);
      await this.checkDeliveryNote(tx, receipt);
      await this.audit.record(tx, { entityType: 'goods_receipt', entityId: id, action: 'update', before, after: receipt });
      return this.get(tx, id);
    });
  }

  /** 审核入库. Posting twice with the same key returns the posted receipt; with another key it is a 409. */
  async post(ctx: RequestContext, id: string, options: PostOptionsDto): Promise<GoodsReceipt> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const receipt = await this.lock(tx, id);
      if (receipt.status === 'posted' && options.idempotencyKey && receipt.idempotencyKey === options.idempotencyKey) return this.get(tx, id);
      this.assertDraft(receipt);
      if (options.idempotencyKey && receipt.idempotencyKey !== options.idempotencyKey) {
        const other = await this.connection.repo(tx, GoodsReceipt).findOne({ where: { idempotencyKey: options.idempotencyKey } });
        if (other)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key belongs to another document / 幂等键已被其他单据使用', [
            { field: 'idempotencyKey', message: `used by ${other.number}` },
          ]);
        receipt.idempotencyKey = options.idempotencyKey;
      }
      if (options.confirmDuplicateNote) receipt.duplicateNoteConfirmed = true;
      await this.checkDeliveryNote(tx, receipt);
      await this.postLocked(tx, receipt);
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string): Promise<GoodsReceipt> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const receipt = await this.lock(tx, id);
      this.assertDraft(receipt);
      const before = { ...receipt };
      Object.assign(receipt, { status: 'cancelled', cancelledBy: tx.userId, cancelledAt: new Date() });
      await this.connection.repo(tx, GoodsReceipt).save(receipt);
      await this.audit.record(tx, { entityType: 'goods_receipt', entityId: id, action: 'cancel', before, after: receipt });
      return this.get(tx, id);
    });
  }

  /**
   * 更正: a posted receipt is never edited. This makes and posts a correcting receipt that takes
   * back all or some of its quantities (stock out of the same batches, order quantities reduced),
   * linked to the original. Never more than what still stands (received − corrected − returned).
   */
  async correct(ctx: RequestContext, id: string, dto: CorrectGoodsReceiptDto): Promise<GoodsReceipt> {
    const reason = requireReason(dto.reason);
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_goods_receipt_idempotency', find: (key) => this.byKey(ctx, key, null, id) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const original = await this.lock(tx, id);
        if (original.status !== 'posted' || original.kind !== 'receipt') {
          throw new DomainException(CommonError.ILLEGAL_TRANSITION, 'only a posted receipt can be corrected / 只能更正已审核的验收单', undefined, {
            status: original.status,
            kind: original.kind,
          });
        }
        const d = this.support.businessDate(tx, { date: dto.businessDate, lateEntry: dto.lateEntry, lateReason: dto.lateReason }, 'businessDate');
        if (d.date < original.businessDate)
          throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'a correction cannot be dated before the receipt / 更正日期不能早于原单日期', [
            { field: 'businessDate', message: `on or after ${original.businessDate}` },
          ]);
        const standing = await this.standing(tx, id);
        const wanted = dto.lines ?? standing.filter((l) => l.remaining.gt(0)).map((l) => ({ lineNo: l.lineNo, quantity: l.remaining.toString() }));
        if (!wanted.length) throw new DomainException(PurchasingError.PURCHASE_CORRECTION_EXCEEDS, 'nothing left to correct / 没有可更正的数量');
        const fields: FieldError[] = [];
        const seen = new Set<number>();
        const lines: DraftLine[] = [];
        const reverses: string[] = [];
        wanted.forEach((w, i) => {
          const s = standing.find((l) => l.lineNo === w.lineNo);
          if (!s || seen.has(w.lineNo)) return fields.push({ field: `lines.${i}.lineNo`, message: s ? 'the same line twice' : 'no such line on the receipt' });
          seen.add(w.lineNo);
          if (dec(w.quantity).greaterThan(s.remaining)) return fields.push({ field: `lines.${i}.quantity`, message: `at most ${s.remaining.toString()} can still be taken back` });
          reverses.push(s.line.id);
          const o = s.line;
          lines.push({
            orderLineId: o.orderLineId,
            productId: o.productId,
            orderedQty: null,
            quantity: dec(w.quantity).negated().toString(),
            unitPrice: o.unitPrice,
            taxRate: o.taxRate,
            batchNo: o.batchNo,
            expiryDate: o.expiryDate,
            note: null,
          });
        });
        if (fields.length) throw new DomainException(PurchasingError.PURCHASE_CORRECTION_EXCEEDS, 'more than the receipt still holds / 更正数量超过可更正数量', fields);
        const correction = this.connection.repo(tx, GoodsReceipt).create({
          number: await this.numbers.next(tx, 'GRC', this.support.site(tx), d.date),
          kind: 'correction',
          orgUnitId: original.orgUnitId,
          supplierId: original.supplierId,
          warehouseId: original.warehouseId,
          orderId: original.orderId,
          reversesId: original.id,
          status: 'draft',
          deliveryNoteNo: original.deliveryNoteNo,
          businessDate: d.date,
          lateEntry: d.lateEntry,
          lateReason: d.lateReason,
          reason,
          createdBy: tx.userId,
          idempotencyKey: dto.idempotencyKey ?? null,
        });
        await this.connection.repo(tx, GoodsReceipt).save(correction);
        await this.writeLines(tx, correction, lines, reverses);
        await this.audit.record(tx, { entityType: 'goods_receipt', entityId: correction.id, action: 'create', after: correction, reason });
        await this.audit.record(tx, { entityType: 'goods_receipt', entityId: original.id, action: 'correct', after: { correction: correction.number }, reason });
        await this.postLocked(tx, correction);
        return this.get(tx, correction.id);
      }),
    );
  }

  /** Per line of a posted receipt: what still stands after corrections and returns. */
  async standing(ctx: RequestContext, receiptId: string): Promise<Array<{ lineNo: number; line: GoodsReceiptLine; remaining: Dec }>> {
    const lines = await this.connection.repo(ctx, GoodsReceiptLine).find({ where: { receiptId }, order: { lineNo: 'ASC' } });
    const taken = await this.sql.receiptLinesTaken(
      ctx,
      lines.map((l) => l.id),
    );
    return lines.map((line) => ({
      lineNo: line.lineNo,
      line,
      remaining: taken.filter((t) => t.line_id === line.id).reduce((left, t) => left.minus(t.qty), dec(line.quantity)),
    }));
  }

  /** Locks a receipt row (scope-checked) in the caller's transaction. */
  async lock(ctx: RequestContext, id: string): Promise<GoodsReceipt> {
    const r = await this.connection.repo(ctx, GoodsReceipt).createQueryBuilder('gr').setLock('pessimistic_write').where('gr.id = :id', { id }).getOne();
    if (!r) throw notFound('goods receipt');
    assertInScope(ctx, r.orgUnitId, 'goods receipt');
    return r;
  }

  private assertDraft(r: GoodsReceipt): void {
    if (r.status === 'posted')
      throw new DomainException(CommonError.DOCUMENT_POSTED, `receipt ${r.number} is posted and can no longer change / 验收单已审核`, undefined, { status: r.status });
    if (r.status !== 'draft')
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, `receipt ${r.number} is ${r.status} / 单据状态不允许此操作`, undefined, { status: r.status });
  }

  /** The document a key produced (same order/original expected), or a 422 when the key was used for something else. */
  private async byKey(ctx: RequestContext, key: string, orderId: string | null, reversesId?: string): Promise<GoodsReceipt | null> {
    const r = await this.connection.repo(ctx, GoodsReceipt).findOne({ where: { idempotencyKey: key } });
    if (!r) return null;
    const same = reversesId ? r.reversesId === reversesId : r.kind === 'receipt' && r.orderId === orderId;
    if (!same || r.createdBy !== ctx.userId) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for another request / 幂等键已用于其他请求', [
        { field: 'idempotencyKey', message: 'already used' },
      ]);
    }
    return this.get(ctx, r.id);
  }

  /** Validates the input and builds the draft's header and lines (from the order's outstanding lines when none are given). */
  private async prepare(tx: RequestContext, dto: SaveGoodsReceiptDto): Promise<{ header: Partial<GoodsReceipt> & { businessDate: string }; lines: DraftLine[] }> {
    const d = this.support.businessDate(tx, { date: dto.businessDate, lateEntry: dto.lateEntry, lateReason: dto.lateReason }, 'businessDate');
    const header = {
      businessDate: d.date,
      lateEntry: d.lateEntry,
      lateReason: d.lateReason,
      deliveryNoteNo: dto.deliveryNoteNo?.trim() || null,
      duplicateNoteConfirmed: !!dto.confirmDuplicateNote,
      remark: dto.remark?.trim() || null,
    };
    if (dto.orderId) {
      const order = await this.connection.repo(tx, PurchaseOrder).findOne({ where: { id: dto.orderId } });
      if (!order || (tx.storeId && order.orgUnitId !== tx.storeId))
        throw new DomainException(CommonError.NOT_FOUND, 'purchase order not found / 采购订单不存在', [{ field: 'orderId', message: 'not found' }]);
      this.assertReceivable(order);
      if (dto.supplierId && dto.supplierId !== order.supplierId)
        throw new DomainException(PurchasingError.PURCHASE_ORDER_LINE_MISMATCH, "not the order's supplier / 供应商与订单不符", [
          { field: 'supplierId', message: "must be the order's supplier" },
        ]);
      const warehouseId = dto.warehouseId ?? order.warehouseId;
      await this.support.warehouse(tx, warehouseId);
      if (d.date < order.orderDate)
        throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'a receipt cannot be dated before its order / 收货日期不能早于订单日期', [
          { field: 'businessDate', message: `on or after ${order.orderDate}` },
        ]);
      const orderLines = await this.connection.repo(tx, PurchaseOrderLine).find({ where: { orderId: order.id }, order: { lineNo: 'ASC' } });
      const outstanding = (l: PurchaseOrderLine) => Dec.max(dec(l.quantity).minus(l.receivedQty), 0);
      let lines: DraftLine[];
      if (!dto.lines) {
        lines = orderLines.filter((l) => outstanding(l).gt(0)).map((l) => this.fromOrderLine(l, outstanding(l).toString()));
        if (!lines.length)
          throw new DomainException(PurchasingError.PURCHASE_NOTHING_OUTSTANDING, 'everything on the order has been received / 订单已全部收货', undefined, { orderId: order.id });
      } else {
        const fields: FieldError[] = [];
        lines = dto.lines.map((l, i) => {
          const ol = orderLines.find((o) => (l.orderLineId ? o.id === l.orderLineId : o.productId === l.productId));
          if (!ol || (l.productId && ol.productId !== l.productId)) {
            fields.push({ field: `lines.${i}.${l.orderLineId ? 'orderLineId' : 'productId'}`, message: 'not on this order' });
            return null as never;
          }
          return {
            ...this.fromOrderLine(ol, dec(l.quantity).toString()),
            unitPrice: l.unitPrice ?? ol.unitPrice,
            taxRate: l.taxRate ?? ol.taxRate,
            batchNo: l.batchNo?.trim() || null,
            expiryDate: l.expiryDate ?? null,
            note: l.note?.trim() || null,
          };
        });
        if (fields.length) throw new DomainException(PurchasingError.PURCHASE_ORDER_LINE_MISMATCH, 'line not on the order / 商品不在订单中', fields);
      }
      await this.checkLines(tx, order.supplierId, lines, false);
      return { header: { ...header, orderId: order.id, supplierId: order.supplierId, warehouseId }, lines };
    }
    if (!tx.can('purchase.receipt.without-order')) {
      throw new DomainException(
        PurchasingError.PURCHASE_RECEIPT_WITHOUT_ORDER_FORBIDDEN,
        'receiving without an order needs purchase.receipt.without-order / 无订单收货需要授权',
        [{ field: 'orderId', message: 'required' }],
        { permission: ['purchase.receipt.without-order'] },
      );
    }
    const missing: FieldError[] = [];
    if (!dto.supplierId) missing.push({ field: 'supplierId', message: 'required without an order' });
    if (!dto.warehouseId) missing.push({ field: 'warehouseId', message: 'required without an order' });
    if (!dto.lines) missing.push({ field: 'lines', message: 'required without an order' });
    (dto.lines ?? []).forEach((l, i) => {
      if (!l.productId) missing.push({ field: `lines.${i}.productId`, message: 'required without an order' });
      if (l.orderLineId) missing.push({ field: `lines.${i}.orderLineId`, message: 'no order given' });
    });
    if (missing.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'incomplete receipt / 验收单信息不完整', missing);
    await this.support.supplier(tx, dto.supplierId!);
    await this.support.warehouse(tx, dto.warehouseId!);
    const ids = dto.lines!.map((l) => l.productId!);
    const last = await this.support.lastPrices(tx, dto.supplierId!, ids);
    const products = await this.support.products(tx, ids, lineField('productId'));
    const lines: DraftLine[] = dto.lines!.map((l) => ({
      orderLineId: null,
      productId: l.productId!,
      orderedQty: null,
      quantity: dec(l.quantity).toString(),
      unitPrice: l.unitPrice ?? last.get(l.productId!) ?? products.get(l.productId!)!.purchasePrice,
      taxRate: l.taxRate ?? products.get(l.productId!)!.taxRate,
      batchNo: l.batchNo?.trim() || null,
      expiryDate: l.expiryDate ?? null,
      note: l.note?.trim() || null,
    }));
    await this.checkLines(tx, dto.supplierId!, lines, false);
    return { header: { ...header, orderId: null, supplierId: dto.supplierId!, warehouseId: dto.warehouseId! }, lines };
  }

  private fromOrderLine(l: PurchaseOrderLine, quantity: string): DraftLine {
    return {
      orderLineId: l.id,
      productId: l.productId,
      orderedQty: Dec.max(dec(l.quantity).minus(l.receivedQty), 0).toString(),
      quantity,
      unitPrice: l.unitPrice,
      taxRate: l.taxRate,
      batchNo: null,
      expiryDate: null,
      note: null,
    };
  }

  private assertReceivable(order: PurchaseOrder): void {
    if (!RECEIVABLE.includes(order.status)) {
      throw new DomainException(
        PurchasingError.PURCHASE_ORDER_NOT_RECEIVABLE,
        `order ${order.number} is ${order.status}: only approved orders can be received / 订单未审核或已结案，不能收货`,
        [{ field: 'orderId', message: `order is ${order.status}` }],
        {
          status: order.status,
        },
      );
    }
  }

  /**
   * Product rules of receipt lines: known, the supplier's, batch number and expiry for
   * batch-managed products (`complete` = at posting; drafts may leave them to fill in), none for others.
   */
  private async checkLines(tx: RequestContext, supplierId: string, lines: DraftLine[], complete: boolean): Promise<Map<string, ProductRow>> {
    const ids = lines.map((l) => l.productId);
    const products = await this.support.products(tx, ids, lineField('productId'));
    if (lines.some((l) => !l.orderLineId)) {
      const free = lines.map((l, i) => [l, i] as const).filter(([l]) => !l.orderLineId);
      this.support.assertPurchasable(
        supplierId,
        free.map(([l]) => l.productId),
        products,
        (j) => `lines.${free[j][1]}.productId`,
      );
    }
    const fields: FieldError[] = [];
    const notManaged: FieldError[] = [];
    lines.forEach((l, i) => {
      const p = products.get(l.productId)!;
      if (l.expiryDate && !isIsoDate(l.expiryDate)) fields.push({ field: `lines.${i}.expiryDate`, message: 'not a real date' });
      if (p.batchManaged) {
        if (complete && !l.batchNo) fields.push({ field: `lines.${i}.batchNo`, message: `${p.code} is batch-managed: batch number required` });
        if (complete && !l.expiryDate) fields.push({ field: `lines.${i}.expiryDate`, message: `${p.code} is batch-managed: expiry date required` });
      } else if (l.batchNo || l.expiryDate) {
        notManaged.push({ field: `lines.${i}.${l.batchNo ? 'batchNo' : 'expiryDate'}`, message: `${p.code} is not batch-managed` });
      }
    });
    if (notManaged.length) throw new DomainException(PurchasingError.PURCHASE_BATCH_NOT_MANAGED, 'product is not batch-managed / 商品未启用批次管理', notManaged);
    if (fields.length) throw new DomainException(PurchasingError.PURCHASE_BATCH_REQUIRED, 'batch number and expiry date are required / 批次商品必须填写批号和有效期', fields);
    return products;
  }

  /** 送货单号 seen before for this supplier → 409 unless the user confirmed it. */
  private async checkDeliveryNote(tx: RequestContext, r: GoodsReceipt): Promise<void> {
    if (!r.deliveryNoteNo || r.kind !== 'receipt' || r.duplicateNoteConfirmed) return;
    const others = await this.sql.deliveryNoteReceipts(tx, r.supplierId, r.deliveryNoteNo, r.id);
    if (others.length) {
      throw new DomainException(
        PurchasingError.PURCHASE_DUPLICATE_DELIVERY_NOTE,
        `delivery note ${r.deliveryNoteNo} of this supplier was already received (${others.join(', ')}); confirm to go on / 该供应商送货单号已收货，请确认`,
        [{ field: 'deliveryNoteNo', message: 'already used; send confirmDuplicateNote: true to go on' }],
        { receipts: others },
      );
    }
  }

  private async writeLines(tx: RequestContext, receipt: GoodsReceipt, lines: DraftLine[], reverses: string[] = []): Promise<void> {
    const rows = lines.map((l, i) => {
      const a = lineAmounts(l);
      return this.connection.repo(tx, GoodsReceiptLine).create({
        ...l,
        receiptId: receipt.id,
        lineNo: i + 1,
        reversesLineId: reverses[i] ?? null,
        unitPrice: dec(l.unitPrice).toString(),
        taxRate: dec(l.taxRate).toString(),
        amount: a.amount.toString(),
        taxAmount: a.taxAmount.toString(),
        unitCost: a.unitCost.toString(),
      });
    });
    await this.connection.repo(tx, GoodsReceiptLine).insert(rows);
    const t = documentTotals(rows);
    Object.assign(receipt, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toString(), totalTax: t.totalTax.toString() });
    await this.connection.repo(tx, GoodsReceipt).update({ id: receipt.id }, { totalQty: receipt.totalQty, totalAmount: receipt.totalAmount, totalTax: receipt.totalTax });
  }

  /** Posts a locked draft: order checks under the order's lock, stock through StockService, status. */
  private async postLocked(tx: RequestContext, receipt: GoodsReceipt): Promise<void> {
    const lines = await this.connection.repo(tx, GoodsReceiptLine).find({ where: { receiptId: receipt.id }, order: { lineNo: 'ASC' } });
    if (receipt.kind === 'receipt') await this.checkLines(tx, receipt.supplierId, lines, true);
    if (receipt.orderId) {
      const order = await this.orders.lock(tx, receipt.orderId);
      if (receipt.kind === 'receipt') this.assertReceivable(order);
      const orderLines = await this.connection.repo(tx, PurchaseOrderLine).find({ where: { orderId: order.id } });
      const deltas = new Map<string, string>();
      for (const l of lines)
        if (l.orderLineId)
          deltas.set(
            l.orderLineId,
            dec(deltas.get(l.orderLineId) ?? 0)
              .plus(l.quantity)
              .toString(),
          );
      if (receipt.kind === 'receipt') {
        const { overReceiptTolerancePercent: tol } = await this.settings.get(tx);
        const over: FieldError[] = [];
        for (const ol of orderLines) {
          const d = deltas.get(ol.id);
          if (!d) continue;
          const limit = receivableLimit(ol.quantity, ol.receivedQty, tol);
          if (dec(d).greaterThan(limit)) {
            const i = lines.findIndex((l) => l.orderLineId === ol.id);
            over.push({
              field: `lines.${i}.quantity`,
              message: `ordered ${dec(ol.quantity)}, received ${dec(ol.receivedQty)}, at most ${Dec.max(limit, 0)} more within ${tol}% tolerance`,
            });
          }
        }
        if (over.length && !tx.can('purchase.receipt.over-tolerance')) {
          throw new DomainException(PurchasingError.PURCHASE_OVER_TOLERANCE, 'more than ordered beyond the tolerance / 超过订单允许的超收比例', over, {
            tolerancePercent: tol,
            permission: ['purchase.receipt.over-tolerance'],
          });
        }
      }
      await this.orders.applyReceived(tx, order, deltas);
    }
    const movements: StockMovement[] = lines.map((l) => ({
      warehouseId: receipt.warehouseId,
      productId: l.productId,
      quantity: l.quantity,
      batchNo: l.batchNo,
      expiryDate: l.expiryDate,
      unitCost: dec(l.quantity).gt(0) ? l.unitCost : null,
      docType: RECEIPT_DOC_TYPE,
      docId: receipt.id,
      docNo: receipt.number,
      docLine: l.lineNo,
      businessDate: receipt.businessDate,
      reason: receipt.kind === 'correction' ? 'purchase_correction' : receipt.lateEntry ? 'late_entry' : null,
    }));
    // taking goods back never drives stock negative, whatever the org's selling switch says
    await this.stock.post(tx, movements, receipt.kind === 'correction' ? { allowNegative: false } : {});
    const before = { status: receipt.status };
    Object.assign(receipt, { status: 'posted', postedBy: tx.userId, postedAt: new Date() });
    await this.connection.repo(tx, GoodsReceipt).save(receipt);
    // 应付: what the supplier is owed for it (经销 suppliers), in the same transaction
    await this.payables.onGoodsReceiptPosted(tx, receipt);
    await this.audit.record(tx, {
      entityType: 'goods_receipt',
      entityId: receipt.id,
      action: 'post',
      before,
      after: { status: 'posted', idempotencyKey: receipt.idempotencyKey },
      reason: receipt.reason ?? receipt.lateReason,
    });
  }
}
