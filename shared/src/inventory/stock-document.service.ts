import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { CommonError, DomainException, FieldError, notFound } from '../common/errors';
import { dec } from '../common/money';
import { defineSort, Page, paginate } from '../common/pagination';
import { RequestContext } from '../common/request-context';
import { assertInScope, scopeQuery } from '../common/scope';
import { TransactionalConnection } from '../common/transactional-connection';
import { AuditService } from '../documents/audit.service';
import { DocumentNumberService } from '../documents/document-number.service';
import { StatusMachine } from '../documents/status-machine';
import type { PermissionCode } from '../identity/permissions';
import { assertExpectedVersion } from '../identity/org-unit.service';
import { CreateStockDocumentDto, StockDocumentLineDto, StockDocumentQueryDto, UpdateStockDocumentDto } from './inventory.dto';
import { InventoryError } from './inventory.errors';
import { localToday } from './inventory.util';
import { StockDocument, StockDocumentLine, StockDocumentStatus, StockDocumentType } from './stock-document.entity';
import { StockReason } from './stock.entity';
import { StockMovement, StockService } from './stock.service';
import { WarehouseService } from './warehouse.service';
import { InventoryLookupRepository } from './inventory-lookup.repository';

export const STOCK_DOCUMENT_SORT = defineSort({ number: 'd.number', businessDate: 'd.businessDate', createdAt: 'd.createdAt', status: 'd.status' }, '-createdAt');

export interface StockDocumentKind {
  prefix: string;
  label: string;
  /** quantities the user enters: signed (adjustments) or always positive, made + or − by the type */
  sign: 'signed' | 1 | -1;
  /** the permission that posts (审核) it */
  post: PermissionCode;
}

export const STOCK_DOCUMENT_KINDS: Record<StockDocumentType, StockDocumentKind> = {
  adjustment: { prefix: 'ADJ', label: '库存调整 stock adjustment', sign: 'signed', post: 'inventory.adjust.approve' },
  other_receipt: { prefix: 'ORC', label: '其他入库 other receipt', sign: 1, post: 'inventory.other' },
  other_issue: { prefix: 'OIS', label: '其他出库 other issue', sign: -1, post: 'inventory.other' },
};

const FLOW = new StatusMachine<StockDocumentStatus>(
  { draft: ['submitted', 'posted', 'cancelled'], submitted: ['draft', 'posted', 'cancelled'], posted: [], cancelled: [] },
  'stock document',
);

/**
 * 库存调整/报损, 其他入库, 其他出库: draft → submitted → posted (stock moves, the document freezes),
 * or cancelled. A posted document is corrected by a reversing document pointing at it.
 */
@Injectable()
export class StockDocumentService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly stock: StockService,
    private readonly warehouses: WarehouseService,
    private readonly lookup: InventoryLookupRepository,
  ) {}

  async list(ctx: RequestContext, type: StockDocumentType, q: StockDocumentQueryDto): Promise<Page<StockDocument>> {
    const qb = this.connection.repo(ctx, StockDocument).createQueryBuilder('d').where('d.type = :type', { type });
    scopeQuery(ctx, qb, 'd.org_unit_id', q.storeId);
    if (q.warehouseId) qb.andWhere('d.warehouse_id = :w', { w: q.warehouseId });
    if (q.status) qb.andWhere('d.status = :st', { st: q.status });
    if (q.from) qb.andWhere('d.business_date >= :from', { from: q.from });
    if (q.to) qb.andWhere('d.business_date <= :to', { to: q.to });
    return paginate(qb, q, STOCK_DOCUMENT_SORT);
  }

  async get(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    const doc = await this.connection.repo(ctx, StockDocument).findOneBy({ id, type });
    if (!doc) throw notFound('stock document', id);
    assertInScope(ctx, doc.orgUnitId, 'stock document');
    doc.lines = await this.connection.repo(ctx, StockDocumentLine).find({ where: { documentId: id }, order: { lineNo: 'ASC' } });
    return doc;
  }

  async create(ctx: RequestContext, type: StockDocumentType, dto: CreateStockDocumentDto): Promise<StockDocument> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const wh = await this.warehouses.getForDocument(tx, dto.warehouseId);
      const lines = await this.checkLines(tx, type, dto.lines);
      const businessDate = checkBusinessDate(dto.businessDate);
      const repo = this.connection.repo(tx, StockDocument);
      const doc = await repo.save(
        repo.create({
          number: await this.numbers.next(tx, STOCK_DOCUMENT_KINDS[type].prefix, tx.user!.orgUnitCode, businessDate),
          type,
          warehouseId: wh.id,
          orgUnitId: wh.orgUnitId,
          status: 'draft',
          businessDate,
          remark: dto.remark ?? null,
          reversesId: null,
          createdBy: tx.userId,
        }),
      );
      await this.saveLines(tx, doc.id, lines);
      await this.audit.record(tx, { entityType: 'stock_document', entityId: doc.id, action: 'create', after: { ...doc, lines } });
      return this.get(tx, type, doc.id);
    });
  }

  async update(ctx: RequestContext, type: StockDocumentType, id: string, dto: UpdateStockDocumentDto): Promise<StockDocument> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, type, id);
      FLOW.assertEditable(doc.status, ['draft']);
      assertExpectedVersion(doc.rowVersion, dto.expectedVersion);
      const before = await this.get(tx, type, id);
      if (dto.businessDate !== undefined) doc.businessDate = checkBusinessDate(dto.businessDate);
      if (dto.remark !== undefined) doc.remark = dto.remark;
      if (dto.lines) {
        const lines = await this.checkLines(tx, type, dto.lines);
        await this.connection.repo(tx, StockDocumentLine).delete({ documentId: id });
        await this.saveLines(tx, id, lines);
      }
      doc.updatedAt = new Date(); // bumps the row version even when only lines changed
      await this.connection.repo(tx, StockDocument).save(doc);
      const after = await this.get(tx, type, id);
      await this.audit.record(tx, { entityType: 'stock_document', entityId: id, action: 'update', before, after });
      return after;
    });
  }

  submit(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    return this.transition(ctx, type, id, 'submitted', (d) => Object.assign(d, { submittedBy: ctx.userId, submittedAt: new Date() }));
  }

  /** 退回: a submitted document goes back to draft for changes. */
  reopen(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    return this.transition(ctx, type, id, 'draft', (d) => Object.assign(d, { submittedBy: null, submittedAt: null }));
  }

  cancel(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    return this.transition(ctx, type, id, 'cancelled', (d) => Object.assign(d, { cancelledBy: ctx.userId, cancelledAt: new Date() }));
  }

  /** 审核过账: moves the stock and freezes the document, in one transaction. */
  async post(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, type, id);
      FLOW.assertTransition(doc.status, 'posted');
      await this.warehouses.getForDocument(tx, doc.warehouseId);
      const lines = await this.connection.repo(tx, StockDocumentLine).find({ where: { documentId: id }, order: { lineNo: 'ASC' } });
      const movements: StockMovement[] = lines.map((l) => ({
        warehouseId: doc.warehouseId,
        productId: l.productId,
        quantity: l.quantity,
        batchNo: l.batchNo,
        expiryDate: l.expiryDate,
        unitCost: l.unitCost,
        docType: type,
        docId: doc.id,
        docNo: doc.number,
        docLine: l.lineNo,
        businessDate: doc.businessDate,
        reason: l.reasonCode,
      }));
      const results = await this.postMovements(tx, movements);
      await this.finishPosting(
        tx,
        doc,
        lines,
        results.map((r) => r.unitCost),
      );
      return this.get(tx, type, id);
    });
  }

  /**
   * 冲销: a new posted document with every movement of the original undone — the same batches,
   * and stock that went out comes back at the cost it left with.
   */
  async reverse(ctx: RequestContext, type: StockDocumentType, id: string, remark: string): Promise<StockDocument> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const original = await this.lock(tx, type, id);
      if (original.status !== 'posted') {
        throw new DomainException(CommonError.ILLEGAL_TRANSITION, 'only a posted document can be reversed / 只有已审核单据可以冲销', undefined, { status: original.status });
      }
      if (await this.connection.repo(tx, StockDocument).exists({ where: { reversesId: id } })) {
        throw new DomainException(InventoryError.STOCK_DOCUMENT_ALREADY_REVERSED, 'the document was already reversed / 单据已冲销', undefined, { documentId: id });
      }
      const originalLines = await this.connection.repo(tx, StockDocumentLine).find({ where: { documentId: id }, order: { lineNo: 'ASC' } });
      const repo = this.connection.repo(tx, StockDocument);
      const today = localToday();
      const doc = await repo.save(
        repo.create({
          number: await this.numbers.next(tx, STOCK_DOCUMENT_KINDS[type].prefix, tx.user!.orgUnitCode, today),
          type,
          warehouseId: original.warehouseId,
          orgUnitId: original.orgUnitId,
          status: 'draft',
          businessDate: today,
          remark: `冲销 ${original.number}: ${remark}`,
          reversesId: id,
          createdBy: tx.userId,
        }),
      );
      const lines = originalLines.map((l) => ({ ...l, documentId: doc.id, quantity: dec(l.quantity).negated().toString(), unitCost: null, postedCost: null }));
      await this.connection.repo(tx, StockDocumentLine).insert(lines);
      const ledger = await this.stock.ledgerOf(tx, type, id);
      const reason = new Map(originalLines.map((l) => [l.lineNo, l.reasonCode]));
      const results = await this.postMovements(
        tx,
        ledger.map((row) => ({
          warehouseId: row.warehouseId,
          productId: row.productId,
          quantity: dec(row.delta).negated().toString(),
          batchNo: row.batchNo,
          expiryDate: row.expiryDate,
          unitCost: dec(row.delta).lt(0) ? row.unitCost : null,
          docType: type,
          docId: doc.id,
          docNo: doc.number,
          docLine: row.docLine,
          businessDate: today,
          reason: reason.get(row.docLine ?? -1) ?? null,
        })),
      );
      const costByLine = new Map<number, string>();
      ledger.forEach((row, i) => costByLine.set(row.docLine ?? -1, results[i].unitCost));
      await this.finishPosting(
        tx,
        doc,
        lines,
        lines.map((l) => costByLine.get(l.lineNo) ?? null),
      );
      await this.audit.record(tx, { entityType: 'stock_document', entityId: id, action: 'reverse', reason: remark, after: { reversedBy: doc.id, number: doc.number } });
      return this.get(tx, type, doc.id);
    });
  }

  /** Shortages name the document line, not the internal movement index. */
  private async postMovements(ctx: RequestContext, movements: StockMovement[]) {
    try {
      return await this.stock.post(ctx, movements);
    } catch (e) {
      if (e instanceof DomainException && e.fields) {
        const fields = e.fields.map((f) => {
          const m = /^movements\.(\d+)\.(.*)$/.exec(f.field);
          return m ? { ...f, field: `lines.${(movements[Number(m[1])].docLine ?? 1) - 1}.${m[2] === 'quantity' ? 'quantity' : m[2]}` } : f;
        });
        throw new DomainException(e.code, e.message, fields, e.details);
      }
      throw e;
    }
  }

  private async finishPosting(ctx: RequestContext, doc: StockDocument, lines: StockDocumentLine[], costs: Array<string | null>): Promise<void> {
    const lineRepo = this.connection.repo(ctx, StockDocumentLine);
    for (let i = 0; i < lines.length; i++) await lineRepo.update({ documentId: doc.id, lineNo: lines[i].lineNo }, { postedCost: costs[i] });
    const before = { status: doc.status };
    Object.assign(doc, { status: 'posted', postedBy: ctx.userId, postedAt: new Date() });
    await this.connection.repo(ctx, StockDocument).save(doc);
    await this.audit.record(ctx, { entityType: 'stock_document', entityId: doc.id, action: 'post', before, after: { status: doc.status } });
  }

  private async transition(ctx: RequestContext, type: StockDocumentType, id: string, to: StockDocumentStatus, apply: (d: StockDocument) => void): Promise<StockDocument> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const doc = await this.lock(tx, type, id);
      FLOW.assertTransition(doc.status, to);
      const before = { status: doc.status };
      doc.status = to;
      apply(doc);
      await this.connection.repo(tx, StockDocument).save(doc);
      await this.audit.record(tx, {
        entityType: 'stock_document',
        entityId: id,
        action: to === 'draft' ? 'reopen' : to === 'submitted' ? 'submit' : 'cancel',
        before,
        after: { status: to },
      });
      return this.get(tx, type, id);
    });
  }

  private async lock(ctx: RequestContext, type: StockDocumentType, id: string): Promise<StockDocument> {
    const doc = await this.connection.repo(ctx, StockDocument).findOne({ where: { id, type }, lock: { mode: 'pessimistic_write' } });
    if (!doc) throw notFound('stock document', id);
    assertInScope(ctx, doc.orgUnitId, 'stock document');
    return doc;
  }

  /** Products exist, reasons exist, are active and fit the sign, quantities fit the document type, batch rules hold. */
  private async checkLines(
    ctx: RequestContext,
    type: StockDocumentType,
    dtos: StockDocumentLineDto[],
  ): Promise<Array<Omit<StockDocumentLine, 'documentId' | 'lineNo' | 'postedCost'>>> {
    const kind = STOCK_DOCUMENT_KINDS[type];
    const products = new Map(
      (
        await this.lookup.batchManaged(
          ctx,
          dtos.map((l) => l.productId),
        )
      ).map((p) => [p.id, p]),
    );
    const reasons = new Map((await this.connection.repo(ctx, StockReason).findBy({ code: In(dtos.map((l) => l.reasonCode)) })).map((r) => [r.code, r]));
    const fields: FieldError[] = [];
    const lines = dtos.map((l, i) => {
      const at = (f: string, message: string) => fields.push({ field: `lines.${i}.${f}`, message });
      const entered = dec(l.quantity);
      if (entered.isZero()) at('quantity', 'must not be 0');
      if (kind.sign !== 'signed' && entered.lt(0)) at('quantity', 'must be positive');
      const qty = kind.sign === 'signed' ? entered : entered.abs().times(kind.sign);
      const product = products.get(l.productId);
      if (!product) at('productId', 'unknown product');
      else if (!product.batch_managed && l.batchNo) at('batchNo', 'product is not batch-managed');
      else if (product.batch_managed && qty.gt(0) && !l.batchNo) at('batchNo', 'required for batch-managed products');
      const reason = reasons.get(l.reasonCode);
      if (!reason || !reason.active) at('reasonCode', 'unknown or inactive reason');
      else if ((reason.direction === 'in' && qty.lt(0)) || (reason.direction === 'out' && qty.gt(0)))
        at('reasonCode', `reason ${reason.code} is for ${reason.direction === 'in' ? 'increases' : 'decreases'} only`);
      if (l.unitCost !== undefined && qty.lt(0)) at('unitCost', 'outbound lines leave at the average cost');
      return {
        productId: l.productId,
        quantity: qty.toString(),
        unitCost: l.unitCost ?? null,
        batchNo: l.batchNo ?? null,
        expiryDate: l.expiryDate ?? null,
        reasonCode: l.reasonCode,
        note: l.note ?? null,
      };
    });
    if (fields.length) {
      const code = fields.some((f) => f.message === 'unknown product')
        ? InventoryError.STOCK_UNKNOWN_PRODUCT
        : fields.some((f) => f.field.endsWith('reasonCode'))
          ? InventoryError.STOCK_UNKNOWN_REASON
          : CommonError.VALIDATION_FAILED;
      throw new DomainException(
        code,
        `invalid lines / 明细有误: ${fields
          .map((f) => f.field)
          .slice(0, 5)
          .join(', ')}`,
        fields,
      );
    }
    return lines;
  }

  private async saveLines(ctx: RequestContext, documentId: string, lines: Array<Omit<StockDocumentLine, 'documentId' | 'lineNo' | 'postedCost'>>): Promise<void> {
    await this.connection.repo(ctx, StockDocumentLine).insert(lines.map((l, i) => ({ ...l, documentId, lineNo: i + 1, postedCost: null })));
  }
}

function checkBusinessDate(date: string | undefined): string {
  const today = localToday();
  if (date && date > today)
    throw new DomainException(CommonError.VALIDATION_FAILED, 'the business date cannot be in the future / 业务日期不能晚于今天', [
      { field: 'businessDate', message: 'in the future' },
    ]);
  return date ?? today;
}
