import { Injectable } from '@nestjs/common';
import {
  addDays,
  AuditLog,
  AuditService,
  CommonError,
  dec,
  DocumentNumberService,
  DomainException,
  localToday,
  notFound,
  RequestContext,
  StatusMachine,
  TransactionalConnection,
} from '@chain-erp/shared';
import { LedgerService } from './ledger.service';
import { listAnswer, withMoney } from './list-output';
import { CreateSalesSettlementDto, SalesSettlementQueryDto } from './settlement.dto';
import { SalesSettlementStatus, SupplierSalesSettlement, SupplierSalesSettlementLine } from './settlement.entity';
import { SettlementError } from './settlement.errors';
import type { SupplierSettlementLine } from './settlement.responses';
import { SettlementRepository } from './settlement.repository';
import { SettlementDocumentsRepository, type SupplierTerms } from './settlement-documents.repository';
import { assertHq, pastOrToday, period, requireReason } from './settlement-support';
import { concessionLines, consignmentLines, settlementTotals } from './supplier-sales.calculator';

export const SALES_SETTLEMENT_FLOW = new StatusMachine<SalesSettlementStatus>({ draft: ['posted', 'cancelled'], posted: [], cancelled: [] }, 'consignment settlement');

/** What a posted goods receipt or purchase return tells the ledger (the purchasing documents' own fields). */
export interface PurchaseDocFacts {
  id: string;
  number: string;
  supplierId: string;
  businessDate: string;
  /** tax-inclusive total; negative on a correction */
  totalAmount: string;
  kind?: 'receipt' | 'correction';
  /** a correction: the receipt it corrects */
  reversesId?: string | null;
  /** a return: the receipt it was made from */
  receiptId?: string | null;
  lateEntry?: boolean;
}

const MODE_ZH = { purchase: '经销', consignment: '代销', concession: '联营' } as const;

/**
 * 应付 (payables) of suppliers. 经销 suppliers: each posted goods receipt is owed (received quantity ×
 * price), corrections and returns owe less — booked in the purchasing document's own transaction.
 * 代销 / 联营 suppliers: nothing is owed on receipt; 代销/联营结算单 settle the period's sales.
 */
@Injectable()
export class SupplierSettlementService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly repo: SettlementRepository,
    private readonly docs: SettlementDocumentsRepository,
  ) {}

  async terms(ctx: RequestContext, supplierId: string, field = 'supplierId'): Promise<SupplierTerms> {
    const s = await this.docs.supplierTerms(ctx, supplierId);
    if (!s) throw new DomainException(SettlementError.SETTLEMENT_UNKNOWN_PARTY, 'unknown supplier / 供应商不存在', [{ field, message: 'unknown supplier' }]);
    return s;
  }

  /** Called by GoodsReceiptService inside the posting transaction. */
  async onGoodsReceiptPosted(tx: RequestContext, r: PurchaseDocFacts): Promise<void> {
    const s = await this.terms(tx, r.supplierId);
    const original = r.kind === 'correction' && r.reversesId ? await this.ledger.itemOfDoc(tx, 'goods_receipt', r.reversesId) : undefined;
    // a correction follows its receipt (owed or not); a receipt follows the supplier's mode
    if (r.kind === 'correction' ? !original : s.settlementMode !== 'purchase') return;
    const item = await this.ledger.post(tx, {
      partyType: 'supplier',
      partyId: r.supplierId,
      docType: r.kind === 'correction' ? 'goods_receipt_correction' : 'goods_receipt',
      docId: r.id,
      docNo: r.number,
      docDate: r.businessDate,
      dueDate: addDays(r.businessDate, s.paymentTermsDays ?? 0),
      amount: r.totalAmount,
      description: `${r.kind === 'correction' ? '验收更正' : '验收入库'} ${r.number}${r.lateEntry ? ' (遗失补录)' : ''}`,
      meta: { mode: s.settlementMode },
    });
    if (item && original) await this.ledger.allocateUpTo(tx, item.id, original.id, { type: 'correction', id: r.id });
  }

  /** Called by PurchaseReturnService inside the posting transaction: the supplier owes the goods back (a debit note, 红字应付). */
  async onPurchaseReturnPosted(tx: RequestContext, r: PurchaseDocFacts): Promise<void> {
    const s = await this.terms(tx, r.supplierId);
    const original = r.receiptId ? await this.ledger.itemOfDoc(tx, 'goods_receipt', r.receiptId) : undefined;
    if (r.receiptId ? !original : s.settlementMode !== 'purchase') return;
    const item = await this.ledger.post(tx, {
      partyType: 'supplier',
      partyId: r.supplierId,
      docType: 'purchase_return',
      docId: r.id,
      docNo: r.number,
      docDate: r.businessDate,
      amount: dec(r.totalAmount).neg().toFixed(2),
      description: `采购退货 ${r.number}${r.lateEntry ? ' (遗失补录)' : ''}`,
      meta: { mode: s.settlementMode },
    });
    if (item && original) await this.ledger.allocateUpTo(tx, item.id, original.id, { type: 'return', id: r.id });
  }

  // ---- 代销 / 联营结算单 ----

  async list(ctx: RequestContext, q: SalesSettlementQueryDto) {
    const page = await this.repo.supplierSettlements(ctx, q);
    return listAnswer(q, {
      title: '代销联营结算单 consignment settlements',
      columns: [
        { key: 'number', zh: '结算单号', en: 'number' },
        { key: 'supplierCode', zh: '供应商编码', en: 'supplier code' },
        { key: 'supplierName', zh: '供应商', en: 'supplier' },
        { key: 'mode', zh: '结算方式', en: 'mode' },
        { key: 'periodFrom', zh: '起始日期', en: 'from' },
        { key: 'periodTo', zh: '截止日期', en: 'to' },
        { key: 'status', zh: '状态', en: 'status' },
        { key: 'totalQty', zh: '销售数量', en: 'quantity sold', kind: 'qty' },
        { key: 'salesAmount', zh: '销售金额', en: 'sales', kind: 'money' },
        { key: 'commissionAmount', zh: '扣点金额', en: 'commission', kind: 'money' },
        { key: 'payableAmount', zh: '应付金额', en: 'payable', kind: 'money' },
      ],
      ...page,
    });
  }

  async get(ctx: RequestContext, id: string) {
    if (ctx.storeId) throw notFound('consignment settlement');
    const c = await this.connection.repo(ctx, SupplierSalesSettlement).findOne({ where: { id } });
    if (!c) throw notFound('consignment settlement');
    const s = await this.terms(ctx, c.supplierId);
    const rows = await this.docs.supplierSettlementLines(ctx, id);
    const lines: SupplierSettlementLine[] = rows.map((l) => ({
      ...l,
      quantity: dec(l.quantity).toString(),
      unitPrice: l.unitPrice === null ? null : dec(l.unitPrice).toString(),
      salesAmount: dec(l.salesAmount).toFixed(2),
      commissionAmount: dec(l.commissionAmount).toFixed(2),
      payableAmount: dec(l.payableAmount).toFixed(2),
    }));
    return { ...withMoney(c, ['salesAmount', 'commissionAmount', 'payableAmount']), supplier: { id: s.id, code: s.code, name: s.name }, lines };
  }

  /**
   * A draft settlement of the supplier's sales in the period: the stores' sales and refunds HQ has
   * received (by business day) and HQ's own wholesale deliveries and returns of its products. A
   * period already settled can only be settled again exactly (what was sold there since).
   */
  async create(ctx: RequestContext, dto: CreateSalesSettlementDto) {
    assertHq(ctx);
    const { from, to } = period(dto.from, dto.to);
    pastOrToday(to, 'to');
    return this.connection.withTransaction(ctx, async (tx) => {
      const s = await this.terms(tx, dto.supplierId);
      if (s.settlementMode === 'purchase') {
        throw new DomainException(
          SettlementError.SETTLEMENT_MODE_MISMATCH,
          `${s.code} is a 经销 (purchase) supplier: payables come from its goods receipts / 经销供应商按验收入库结算`,
          [{ field: 'supplierId', message: 'not a consignment or concession supplier' }],
          { settlementMode: s.settlementMode },
        );
      }
      if (s.settlementMode === 'concession' && s.commissionRate === null) {
        throw new DomainException(SettlementError.SETTLEMENT_MODE_MISMATCH, `${s.code} has no commission rate / 联营供应商未设置扣点`, [
          { field: 'supplierId', message: 'commission rate missing' },
        ]);
      }
      await this.ledger.lockParty(tx, 'supplier', s.id);
      const draft = await this.connection.repo(tx, SupplierSalesSettlement).findOne({ where: { supplierId: s.id, status: 'draft' } });
      if (draft)
        throw new DomainException(SettlementError.SETTLEMENT_DRAFT_EXISTS, `post or cancel draft ${draft.number} first / 请先处理未审核的结算单 ${draft.number}`, [
          { field: 'supplierId', message: `draft ${draft.number}` },
        ]);
      const overlapping = await this.docs.overlappingSettlements(tx, s.id, from, to);
      const odd = overlapping.find((o) => o.periodFrom !== from || o.periodTo !== to);
      if (odd) {
        throw new DomainException(
          SettlementError.SETTLEMENT_PERIOD_OVERLAP,
          `${odd.number} settled ${odd.periodFrom}–${odd.periodTo}: settle that exact period again, or a period after it / 期间与已结算单据重叠`,
          [{ field: 'from', message: `overlaps ${odd.number}` }],
          { settlement: odd.number },
        );
      }
      const sold = await this.docs.supplierSold(tx, s.id, from, to);
      const settled = overlapping.length
        ? await this.docs.settledLines(
            tx,
            overlapping.map((o) => o.id),
          )
        : [];
      const lines =
        s.settlementMode === 'consignment'
          ? consignmentLines(sold, await this.docs.consignmentPrices(tx, s.id, [...new Set([...sold, ...settled].map((r) => r.productId))]), settled)
          : concessionLines(sold, s.commissionRate!, settled);
      if (!lines.length) {
        throw new DomainException(SettlementError.SETTLEMENT_NOTHING_TO_SETTLE, `no sales of ${s.code}'s products to settle from ${from} to ${to} / 该期间没有需要结算的销售`, [
          { field: 'to', message: 'no unsettled sales in the period' },
        ]);
      }
      const t = settlementTotals(lines);
      const repo = this.connection.repo(tx, SupplierSalesSettlement);
      const c = repo.create({
        number: await this.numbers.next(tx, 'CSS', tx.user!.orgUnitCode, localToday()),
        supplierId: s.id,
        mode: s.settlementMode,
        periodFrom: from,
        periodTo: to,
        status: 'draft',
        commissionRate: s.settlementMode === 'concession' ? s.commissionRate : null,
        totalQty: t.totalQty.toString(),
        salesAmount: t.salesAmount.toFixed(2),
        commissionAmount: t.commissionAmount.toFixed(2),
        payableAmount: t.payableAmount.toFixed(2),
        remark: dto.remark?.trim() || null,
        createdBy: tx.userId,
      });
      await repo.save(c);
      await this.connection.repo(tx, SupplierSalesSettlementLine).insert(
        lines.map((l, i) => ({
          settlementId: c.id,
          lineNo: i + 1,
          productId: l.productId,
          storeId: l.storeId,
          quantity: l.quantity.toString(),
          salesAmount: l.salesAmount.toFixed(2),
          unitPrice: l.unitPrice?.toString() ?? null,
          commissionAmount: l.commissionAmount.toFixed(2),
          payableAmount: l.payableAmount.toFixed(2),
        })),
      );
      await this.audit.record(tx, { entityType: 'supplier_sales_settlement', entityId: c.id, action: 'create', after: { ...c, supplement: overlapping.map((o) => o.number) } });
      return this.get(tx, c.id);
    });
  }

  /** 审核: the payable is booked (due from the period's last day plus the supplier's terms). */
  async post(ctx: RequestContext, id: string) {
    assertHq(ctx);
    return this.connection.withTransaction(ctx, async (tx) => {
      const c = await this.lock(tx, id);
      SALES_SETTLEMENT_FLOW.assertTransition(c.status, 'posted');
      const s = await this.terms(tx, c.supplierId);
      await this.ledger.lockParty(tx, 'supplier', c.supplierId);
      Object.assign(c, { status: 'posted', postedBy: tx.userId, postedAt: new Date() });
      await this.connection.repo(tx, SupplierSalesSettlement).save(c);
      await this.ledger.post(tx, {
        partyType: 'supplier',
        partyId: c.supplierId,
        docType: 'supplier_sales_settlement',
        docId: c.id,
        docNo: c.number,
        docDate: c.periodTo,
        dueDate: addDays(c.periodTo, s.paymentTermsDays ?? 0),
        amount: c.payableAmount,
        description: `${MODE_ZH[c.mode]}结算 ${c.periodFrom}~${c.periodTo}`,
        meta: { mode: c.mode, salesAmount: c.salesAmount, commissionAmount: c.commissionAmount, commissionRate: c.commissionRate },
      });
      await this.audit.record(tx, { entityType: 'supplier_sales_settlement', entityId: id, action: 'post', before: { status: 'draft' }, after: { status: 'posted' } });
      return this.get(tx, id);
    });
  }

  async cancel(ctx: RequestContext, id: string, reason: string) {
    assertHq(ctx);
    const why = requireReason(reason);
    return this.connection.withTransaction(ctx, async (tx) => {
      const c = await this.lock(tx, id);
      if (c.status === 'posted') throw new DomainException(CommonError.DOCUMENT_POSTED, `${c.number} is posted / 结算单已审核`, undefined, { status: c.status });
      SALES_SETTLEMENT_FLOW.assertTransition(c.status, 'cancelled');
      Object.assign(c, { status: 'cancelled', cancelledBy: tx.userId, cancelledAt: new Date() });
      await this.connection.repo(tx, SupplierSalesSettlement).save(c);
      await this.audit.record(tx, {
        entityType: 'supplier_sales_settlement',
        entityId: id,
        action: 'cancel',
        before: { status: 'draft' },
        after: { status: 'cancelled' },
        reason: why,
      });
      return this.get(tx, id);
    });
  }

  async auditTrail(ctx: RequestContext, id: string): Promise<AuditLog[]> {
    await this.get(ctx, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'supplier_sales_settlement', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  private async lock(ctx: RequestContext, id: string): Promise<SupplierSalesSettlement> {
    const c = await this.connection.repo(ctx, SupplierSalesSettlement).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
    if (!c) throw notFound('consignment settlement');
    return c;
  }
}
