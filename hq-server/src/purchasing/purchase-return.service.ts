import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditService,
  CommonError,
  createOnce,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  FieldError,
  notFound,
  Page,
  paginate,
  RequestContext,
  StockService,
  Supplier,
  TransactionalConnection,
  Warehouse,
} from '@chain-erp/shared';
import { GoodsReceipt } from './goods-receipt.entity';
import { GoodsReceiptService } from './goods-receipt.service';
import { documentTotals, lineAmounts } from '@chain-erp/shared';
import { applyDocFilters } from './purchase-order.service';
import { PurchaseReturn, PurchaseReturnLine } from './purchase-return.entity';
import { PostOptionsDto, PurchaseReturnQueryDto, SavePurchaseReturnDto } from './purchasing.dto';
import { PurchasingError } from './purchasing.errors';
import { PurchasingRepository } from './purchasing.repository';
import { lineField, PurchasingSupport, requireReason } from './purchasing-support.service';
import { SupplierSettlementService } from '../settlement/supplier-settlement.service';

export const RETURN_DOC_TYPE = 'purchase_return';
export const PURCHASE_RETURN_SORT = defineSort({ number: 'pr.number', businessDate: 'pr.businessDate', totalAmount: 'pr.totalAmount', createdAt: 'pr.createdAt' }, '-createdAt');

type ReturnLineRow = Omit<PurchaseReturnLine, 'id' | 'returnId' | 'lineNo' | 'postedCost'>;

/**
 * 采购退货: goods go back to the supplier, from a posted receipt (prices and batches from it, never
 * more than still stands on it) or free. Posting moves stock out through StockService and never
 * below what the batch holds.
 */
@Injectable()
export class PurchaseReturnService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly receipts: GoodsReceiptService,
    private readonly support: PurchasingSupport,
    private readonly payables: SupplierSettlementService,
    private readonly sql: PurchasingRepository,
  ) {}

  async list(ctx: RequestContext, q: PurchaseReturnQueryDto): Promise<Page<PurchaseReturn>> {
    const qb = this.connection
      .repo(ctx, PurchaseReturn)
      .createQueryBuilder('pr')
      .leftJoinAndMapOne('pr.supplier', Supplier, 's', 's.id = pr.supplier_id')
      .leftJoinAndMapOne('pr.warehouse', Warehouse, 'w', 'w.id = pr.warehouse_id')
      .leftJoinAndMapOne('pr.receipt', GoodsReceipt, 'gr', 'gr.id = pr.receipt_id');
    applyDocFilters(ctx, qb, 'pr', 'business_date', q);
    if (q.status) qb.andWhere('pr.status = :status', { status: q.status });
    return paginate(qb, q, PURCHASE_RETURN_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<PurchaseReturn> {
    const r = await this.connection
      .repo(ctx, PurchaseReturn)
      .createQueryBuilder('pr')
      .leftJoinAndMapOne('pr.supplier', Supplier, 's', 's.id = pr.supplier_id')
      .leftJoinAndMapOne('pr.warehouse', Warehouse, 'w', 'w.id = pr.warehouse_id')
      .leftJoinAndMapOne('pr.receipt', GoodsReceipt, 'gr', 'gr.id = pr.receipt_id')
      .where('pr.id = :id', { id })
      .getOne();
    if (!r) throw notFound('purchase return');
    assertInScope(ctx, r.orgUnitId, 'purchase return');
    const lines = await this.sql.returnLines(ctx, id);
    for (const l of lines) for (const k of ['quantity', 'unitPrice', 'taxRate', 'amount', 'taxAmount', 'postedCost']) if (l[k] !== null) l[k] = dec(l[k] as string).toString();
    return Object.assign(r, { lines });
  }

  async create(ctx: RequestContext, dto: SavePurchaseReturnDto): Promise<PurchaseReturn> {
    const reason = requireReason(dto.reason);
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_purchase_return_idempotency', find: (key) => this.byKey(ctx, key) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const d = this.support.businessDate(tx, { date: dto.businessDate, lateEntry: dto.lateEntry, lateReason: dto.lateReason }, 'businessDate');
        const built = dto.receiptId ? await this.fromReceipt(tx, dto, d.date) : await this.free(tx, dto);
        const ret = this.connection.repo(tx, PurchaseReturn).create({
          ...built.header,
          number: await this.numbers.next(tx, 'PR', this.support.site(tx), d.date),
          orgUnitId: tx.user!.orgUnitId,
          status: 'draft',
          businessDate: d.date,
          lateEntry: d.lateEntry,
          lateReason: d.lateReason,
          reason,
          createdBy: tx.userId,
          idempotencyKey: dto.idempotencyKey ?? null,
        });
        await this.connection.repo(tx, PurchaseReturn).save(ret);
        const rows = built.lines.map((l, i) => this.connection.repo(tx, PurchaseReturnLine).create({ ...l, returnId: ret.id, lineNo: i + 1 }));
        await this.connection.repo(tx, PurchaseReturnLine).insert(rows);
        const t = documentTotals(rows);
        Object.assign(ret, { totalQty: t.totalQty.toString(), totalAmount: t.totalAmount.toString(), totalTax: t.totalTax.toString() });
        await this.connection.repo(tx, PurchaseReturn).save(ret);
        await this.audit.record(tx, { entityType: 'purchase_return', entityId: ret.id, action: 'create', after: ret, reason });
        if (dto.post) await this.postLocked(tx, ret);
        return this.get(tx, ret.id);
      }),
    );
  }

  async post(ctx: RequestContext, id: string, options: PostOptionsDto): Promise<PurchaseReturn> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const ret = await this.lock(tx, id);
      if (ret.status === 'posted' && options.idempotencyKey && ret.idempotencyKey === options.idempotencyKey) return this.get(tx, id);
      this.assertDraft(ret);
      if (options.idempotencyKey && ret.idempotencyKey !== options.idempotencyKey) {
        const other = await this.connection.repo(tx, PurchaseReturn).findOne({ where: { idempotencyKey: options.idempotencyKey } });
        if (other)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key belongs to another document / 幂等键已被其他单据使用', [
            { field: 'idempotencyKey', message: `used by ${other.number}` },
          ]);
        ret.idempotencyKey = options.idempotencyKey;
      }
      await this.postLocked(tx, ret);
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string): Promise<PurchaseReturn> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const ret = await this.lock(tx, id);
      this.assertDraft(ret);
      const before = { ...ret };
      ret.status = 'cancelled';
      await this.connection.repo(tx, PurchaseReturn).save(ret);
      await this.audit.record(tx, { entityType: 'purchase_return', entityId: id, action: 'cancel', before, after: ret });
      return this.get(tx, id);
    });
  }

  private async lock(ctx: RequestContext, id: string): Promise<PurchaseReturn> {
    const r = await this.connection.repo(ctx, PurchaseReturn).createQueryBuilder('pr').setLock('pessimistic_write').where('pr.id = :id', { id }).getOne();
    if (!r) throw notFound('purchase return');
    assertInScope(ctx, r.orgUnitId, 'purchase return');
    return r;
  }

  private assertDraft(r: PurchaseReturn): void {
    if (r.status === 'posted') throw new DomainException(CommonError.DOCUMENT_POSTED, `return ${r.number} is posted / 退货单已审核`, undefined, { status: r.status });
    if (r.status !== 'draft')
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, `return ${r.number} is ${r.status} / 单据状态不允许此操作`, undefined, { status: r.status });
  }

  private async byKey(ctx: RequestContext, key: string): Promise<PurchaseReturn | null> {
    const r = await this.connection.repo(ctx, PurchaseReturn).findOne({ where: { idempotencyKey: key } });
    if (!r) return null;
    if (r.createdBy !== ctx.userId)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for another request / 幂等键已用于其他请求', [
        { field: 'idempotencyKey', message: 'already used' },
      ]);
    return this.get(ctx, r.id);
  }

  private priced(l: Omit<ReturnLineRow, 'amount' | 'taxAmount'>): ReturnLineRow {
    const a = lineAmounts(l);
    return {
      ...l,
      quantity: dec(l.quantity).toString(),
      unitPrice: dec(l.unitPrice).toString(),
      taxRate: dec(l.taxRate).toString(),
      amount: a.amount.toString(),
      taxAmount: a.taxAmount.toString(),
    };
  }

  private async fromReceipt(tx: RequestContext, dto: SavePurchaseReturnDto, date: string) {
    const receipt = await this.receipts.lock(tx, dto.receiptId!);
    if (receipt.status !== 'posted' || receipt.kind !== 'receipt')
      throw new DomainException(CommonError.ILLEGAL_TRANSITION, 'returns are made from posted receipts / 只能从已审核的验收单退货', [
        { field: 'receiptId', message: 'not a posted receipt' },
      ]);
    if (date < receipt.businessDate)
      throw new DomainException(PurchasingError.PURCHASE_DATE_INVALID, 'a return cannot be dated before its receipt / 退货日期不能早于收货日期', [
        { field: 'businessDate', message: `on or after ${receipt.businessDate}` },
      ]);
    if (dto.supplierId && dto.supplierId !== receipt.supplierId)
      throw new DomainException(PurchasingError.PURCHASE_ORDER_LINE_MISMATCH, "not the receipt's supplier / 供应商与验收单不符", [
        { field: 'supplierId', message: "must be the receipt's supplier" },
      ]);
    const standing = await this.receipts.standing(tx, receipt.id);
    const fields: FieldError[] = [];
    const lines: ReturnLineRow[] = [];
    dto.lines.forEach((l, i) => {
      const s = standing.find((x) => x.line.id === l.receiptLineId);
      if (!s) return fields.push({ field: `lines.${i}.receiptLineId`, message: 'not a line of this receipt' });
      if (l.productId && l.productId !== s.line.productId) return fields.push({ field: `lines.${i}.productId`, message: 'not the product of that receipt line' });
      const already = lines.filter((x) => x.receiptLineId === s.line.id).reduce((a, x) => a.plus(x.quantity), dec(0));
      if (already.plus(l.quantity).greaterThan(s.remaining))
        return fields.push({ field: `lines.${i}.quantity`, message: `at most ${s.remaining.minus(already)} of that receipt line can go back` });
      lines.push(
        this.priced({
          receiptLineId: s.line.id,
          productId: s.line.productId,
          quantity: l.quantity,
          unitPrice: l.unitPrice ?? s.line.unitPrice,
          taxRate: l.taxRate ?? s.line.taxRate,
          batchNo: l.batchNo ?? s.line.batchNo,
          note: l.note?.trim() || null,
        }),
      );
    });
    if (fields.length) throw new DomainException(PurchasingError.PURCHASE_RETURN_EXCEEDS_RECEIPT, 'more than the receipt still holds / 退货数量超过验收单可退数量', fields);
    return { header: { supplierId: receipt.supplierId, warehouseId: receipt.warehouseId, receiptId: receipt.id }, lines };
  }

  private async free(tx: RequestContext, dto: SavePurchaseReturnDto) {
    const missing: FieldError[] = [];
    if (!dto.supplierId) missing.push({ field: 'supplierId', message: 'required for a return without receipt' });
    if (!dto.warehouseId) missing.push({ field: 'warehouseId', message: 'required for a return without receipt' });
    dto.lines.forEach((l, i) => {
      if (!l.productId) missing.push({ field: `lines.${i}.productId`, message: 'required for a return without receipt' });
      if (l.receiptLineId) missing.push({ field: `lines.${i}.receiptLineId`, message: 'no receipt given' });
    });
    if (missing.length) throw new DomainException(CommonError.VALIDATION_FAILED, 'incomplete return / 退货单信息不完整', missing);
    await this.support.supplier(tx, dto.supplierId!);
    await this.support.warehouse(tx, dto.warehouseId!);
    const ids = dto.lines.map((l) => l.productId!);
    const products = await this.support.products(tx, ids, lineField('productId'));
    this.support.assertPurchasable(dto.supplierId!, ids, products, lineField('productId'));
    const noBatch = dto.lines.flatMap((l, i) =>
      products.get(l.productId!)!.batchManaged && !l.batchNo ? [{ field: `lines.${i}.batchNo`, message: 'say which batch goes back' }] : [],
    );
    if (noBatch.length) throw new DomainException(PurchasingError.PURCHASE_BATCH_REQUIRED, 'batch-managed products need the batch number / 批次商品必须填写批号', noBatch);
    const notManaged = dto.lines.flatMap((l, i) => (!products.get(l.productId!)!.batchManaged && l.batchNo ? [{ field: `lines.${i}.batchNo`, message: 'not batch-managed' }] : []));
    if (notManaged.length) throw new DomainException(PurchasingError.PURCHASE_BATCH_NOT_MANAGED, 'product is not batch-managed / 商品未启用批次管理', notManaged);
    const last = await this.support.lastPrices(tx, dto.supplierId!, ids);
    const lines = dto.lines.map((l) =>
      this.priced({
        receiptLineId: null,
        productId: l.productId!,
        quantity: l.quantity,
        unitPrice: l.unitPrice ?? last.get(l.productId!) ?? products.get(l.productId!)!.purchasePrice,
        taxRate: l.taxRate ?? products.get(l.productId!)!.taxRate,
        batchNo: l.batchNo ?? null,
        note: l.note?.trim() || null,
      }),
    );
    return { header: { supplierId: dto.supplierId!, warehouseId: dto.warehouseId!, receiptId: null }, lines };
  }

  private async postLocked(tx: RequestContext, ret: PurchaseReturn): Promise<void> {
    const lines = await this.connection.repo(tx, PurchaseReturnLine).find({ where: { returnId: ret.id }, order: { lineNo: 'ASC' } });
    if (ret.receiptId) {
      // under the receipt's lock: what still stands cannot change between the check and the post
      await this.receipts.lock(tx, ret.receiptId);
      const standing = await this.receipts.standing(tx, ret.receiptId);
      const fields: FieldError[] = [];
      lines.forEach((l, i) => {
        const s = standing.find((x) => x.line.id === l.receiptLineId);
        const mine = lines.filter((x) => x.receiptLineId === l.receiptLineId).reduce((a, x) => a.plus(x.quantity), dec(0));
        if (!s || mine.greaterThan(s.remaining)) fields.push({ field: `lines.${i}.quantity`, message: `at most ${s?.remaining ?? 0} can go back` });
      });
      if (fields.length) throw new DomainException(PurchasingError.PURCHASE_RETURN_EXCEEDS_RECEIPT, 'more than the receipt still holds / 退货数量超过验收单可退数量', fields);
    }
    const results = await this.stock.post(
      tx,
      lines.map((l) => ({
        warehouseId: ret.warehouseId,
        productId: l.productId,
        quantity: dec(l.quantity).negated().toString(),
        batchNo: l.batchNo,
        docType: RETURN_DOC_TYPE,
        docId: ret.id,
        docNo: ret.number,
        docLine: l.lineNo,
        businessDate: ret.businessDate,
        reason: 'purchase_return',
      })),
      // never more than the warehouse (and the batch) holds, whatever the selling switch says
      { allowNegative: false },
    );
    for (const [i, l] of lines.entries()) await this.connection.repo(tx, PurchaseReturnLine).update({ id: l.id }, { postedCost: results[i].unitCost });
    const before = { status: ret.status };
    Object.assign(ret, { status: 'posted', postedBy: tx.userId, postedAt: new Date() });
    await this.connection.repo(tx, PurchaseReturn).save(ret);
    // 应付 reduced (a debit note against the receipt), in the same transaction
    await this.payables.onPurchaseReturnPosted(tx, ret);
    await this.audit.record(tx, { entityType: 'purchase_return', entityId: ret.id, action: 'post', before, after: { status: 'posted' }, reason: ret.reason });
  }
}
