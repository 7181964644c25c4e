import { Injectable } from '@nestjs/common';
import {
  Clock,
  CommonError,
  createOnce,
  Dec,
  dec,
  DocumentNumberService,
  DomainException,
  FieldError,
  localToday,
  MemberError,
  money,
  payloadHash,
  PosError,
  PosRefund,
  PosRefundDoc,
  PosRefundLine,
  PosRefundPayment,
  PosSale,
  PosSaleLine,
  PosSalePayment,
  qty,
  refundToDoc,
  tillView,
  RequestContext,
  StockService,
  TransactionalConnection,
} from '@chain-erp/shared';
import { allocate, refundLineAmount, splitOverNumbers } from './pos.calculator';
import { CreateRefundDto } from './pos.dto';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosPricingService } from './pos-pricing.service';
import { PosPromotionService } from './pos-promotion.service';
import { PosRefundRepository } from './pos-refund.repository';
import { isInstrument, SALE_DOC_TYPE, PosSaleService } from './pos-sale.service';
import { PosSettingsService, requireStore } from './pos-settings.service';
import { PosShiftService } from './pos-shift.service';
import { StoreMemberService } from '../membership/store-member.service';
import { StoreVoucherService } from '../membership/store-voucher.service';

export const REFUND_DOC_TYPE = 'POS_REFUND';

/** against a sale: the points a refund of multiplied points takes back (null: the money decides) */
type PromotedParts = RefundPart[] & { points?: { amount: Dec; before: Dec } | null };

interface RefundPart {
  saleLineId: string | null;
  productId: string;
  productCode: string;
  productName: string;
  quantity: Dec;
  amount: Dec;
  unitCost: string | null;
}

/**
 * 退货: a new document against a sale (part or all of its lines, never more than sold minus
 * already refunded), or without a receipt under the stronger permission. Stock comes back in at
 * the cost it left with; money goes back by the original tenders or cash. One transaction, one
 * outbox row; idempotent by the till's UUID like a sale.
 */
@Injectable()
export class PosRefundService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly settings: PosSettingsService,
    private readonly shifts: PosShiftService,
    private readonly sales: PosSaleService,
    private readonly pricing: PosPricingService,
    private readonly stock: StockService,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
    private readonly members: StoreMemberService,
    private readonly vouchers: StoreVoucherService,
    private readonly promotions: PosPromotionService,
    private readonly clock: Clock,
    private readonly repo: PosRefundRepository,
  ) {}

  async create(ctx: RequestContext, dto: CreateRefundDto): Promise<PosRefundDoc> {
    const storeId = requireStore(ctx);
    const hash = payloadHash(dto);
    // a retry answers its first refund; the same refund sent twice at once: the second answers like a retry
    return createOnce(ctx, { key: dto.id, find: (id) => this.replay(ctx, storeId, id, hash) }, () =>
      this.connection.withTransaction(ctx, (tx) => this.post(tx, storeId, dto, hash)),
    );
  }

  async get(ctx: RequestContext, id: string): Promise<PosRefundDoc> {
    const storeId = requireStore(ctx);
    const refund = await this.connection.repo(ctx, PosRefund).findOneBy({ id });
    if (!refund || refund.storeId !== storeId) throw new DomainException(CommonError.NOT_FOUND, 'refund not found / 退货单不存在');
    return this.load(ctx, refund);
  }

  private async replay(ctx: RequestContext, storeId: string, id: string, hash: string): Promise<PosRefundDoc | null> {
    const refund = await this.connection.repo(ctx, PosRefund).findOneBy({ id });
    if (!refund) return null;
    if (refund.storeId !== storeId || refund.payloadHash !== hash)
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this refund id was already used for a different refund / 该退货单号已被使用', [
        { field: 'id', message: 'used by another refund' },
      ]);
    return this.load(ctx, refund);
  }

  private async load(ctx: RequestContext, refund: PosRefund): Promise<PosRefundDoc> {
    const [lines, payments] = await Promise.all([
      this.connection.repo(ctx, PosRefundLine).find({ where: { refundId: refund.id }, order: { lineNo: 'ASC' } }),
      this.connection.repo(ctx, PosRefundPayment).find({ where: { refundId: refund.id }, order: { lineNo: 'ASC' } }),
    ]);
    return tillView(refundToDoc(refund, lines, payments));
  }

  private async post(tx: RequestContext, storeId: string, dto: CreateRefundDto, hash: string): Promise<PosRefundDoc> {
    const shift = await this.shifts.lockOpen(tx, dto.shiftId);
    const settings = await this.settings.effective(tx, storeId);
    const sale = await this.lockSale(tx, storeId, dto);
    const now = this.clock.now();
    const parts = sale ? await this.againstSale(tx, sale, dto) : await this.withoutReceipt(tx, storeId, dto, settings, now);
    const total = parts.reduce((a, p) => a.plus(p.amount), dec(0));
    const methods = await this.settings.paymentMethods(tx, storeId, settings);
    const payments = await this.tenders(tx, sale, dto, total, methods);
    const warehouseId = sale?.warehouseId ?? (await this.sales.warehouseOf(tx, storeId, settings));
    const refundNo = (await this.numbers.next(tx, 'RFD', shift.tillCode, now)).replace(/^RFD-/, `RFD-${tx.user!.orgUnitCode}-`);
    const moved = await this.stock.post(
      tx,
      parts.map((p, i) => ({
        warehouseId,
        productId: p.productId,
        quantity: p.quantity,
        unitCost: p.unitCost,
        docType: REFUND_DOC_TYPE,
        docId: dto.id,
        docNo: refundNo,
        docLine: i + 1,
        businessDate: localToday(now),
        reason: 'refund',
      })),
    );
    const refund: PosRefund = {
      id: dto.id,
      storeId,
      storeCode: tx.user!.orgUnitCode,
      refundNo,
      saleId: sale?.id ?? null,
      saleReceiptNo: sale?.receiptNo ?? null,
      shiftId: shift.id,
      tillCode: shift.tillCode,
      cashierId: tx.userId!,
      cashierName: tx.user!.username,
      warehouseId,
      businessDate: localToday(now),
      refundedAt: now,
      reason: dto.reason.trim(),
      withoutReceipt: !sale,
      totalAmount: total.toFixed(2),
      payloadHash: hash,
      createdAt: now,
    };
    const lines = parts.map(
      (p, i) =>
        ({
          refundId: refund.id,
          lineNo: i + 1,
          saleLineId: p.saleLineId,
          productId: p.productId,
          productCode: p.productCode,
          productName: p.productName,
          quantity: p.quantity.toString(),
          amount: p.amount.toFixed(2),
          unitCost: moved[i].unitCost,
        }) as PosRefundLine,
    );
    const pays = payments.map(
      (p, i) =>
        ({
          refundId: refund.id,
          lineNo: i + 1,
          paymentMethodId: p.id,
          methodCode: p.code,
          methodName: p.name,
          methodType: p.type,
          amount: p.amount.toFixed(2),
        }) as PosRefundPayment,
    );
    const refundedBefore = sale ? await this.refundedSoFar(tx, sale.id) : dec(0);
    await this.connection.repo(tx, PosRefund).insert(refund);
    await this.connection.repo(tx, PosRefundLine).insert(lines);
    if (pays.length) await this.connection.repo(tx, PosRefundPayment).insert(pays);
    const doc = refundToDoc(refund, lines, pays);
    await this.outbox.enqueue(tx, 'pos.refund', refund.id, doc);
    await this.backToCard(tx, sale, refund, pays);
    await this.backToVouchers(tx, sale, refund, pays);
    // the points the returned goods earned go back too (a share of the sale's, see pointsToTakeBack)
    // (multiplied points, 积分倍数: the returned quantities' share of the points base instead of the money)
    const points = sale?.memberRef ? ((parts as PromotedParts).points ?? { amount: total, before: refundedBefore }) : null;
    if (sale?.memberRef && points!.amount.gt(0)) {
      await this.members.refundPointsForRefund(tx, {
        refundId: dto.id,
        saleId: sale.id,
        cardNo: sale.memberRef,
        amount: points!.amount.toFixed(2),
        refundedBefore: points!.before.toFixed(2),
      });
    }
    return tillView(doc);
  }

  /**
   * Stored value goes back to the card that paid (the sale's member card), last in the transaction
   * so that everything else is already checked: a 本店卡 in the local ledger, a chain card online at
   * HQ (idempotent by the refund's id, so a retry after a failed commit credits once). Either ledger
   * checks it against the sale: never more than the sale charged to the card. HQ away: refused; the
   * cashier may give the money back in cash instead.
   */
  private async backToCard(tx: RequestContext, sale: PosSale | null, refund: PosRefund, pays: PosRefundPayment[]): Promise<void> {
    const stored = pays.filter((p) => p.methodType === 'stored_value');
    if (!stored.length) return;
    if (!sale?.memberRef)
      throw new DomainException(PosError.POS_REFUND_TENDER_INVALID, 'stored value goes back only to the card of the sale / 储值只能退回原卡', [
        { field: 'payments', message: 'no member card on the sale' },
      ]);
    const amount = stored.reduce((a, p) => a.plus(p.amount), dec(0)).toFixed(2);
    try {
      await this.members.refundStoredValue(tx, { refundId: refund.id, saleId: sale.id, refundNo: refund.refundNo, cardNo: sale.memberRef, amount });
    } catch (e) {
      if (e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE) {
        throw new DomainException(
          e.code,
          'the member center cannot be reached: refund the stored value later, or in cash / 会员中心无法连接，请稍后退回储值卡或改退现金',
          [{ field: 'payments', message: 'stored value needs HQ online' }],
          { ...e.details, alternative: 'cash', amount },
        );
      }
      throw e;
    }
  }

  /**
   * 代金券 / 礼品卡: what a refund gives back by a voucher or gift-card method goes back onto the
   * numbers that paid the sale (filled in the sale's order, at most what each paid), online at HQ
   * as the last steps of the refund's transaction (idempotent by the refund's id and the number, so
   * a retry after a failed commit gives back once). HQ away: refused — the cashier may refund in cash —
   * unless it is a voucher allocated to this store whose whole use by the sale goes back: given back
   * here and pushed (StoreVoucherService.refund).
   */
  private async backToVouchers(tx: RequestContext, sale: PosSale | null, refund: PosRefund, pays: PosRefundPayment[]): Promise<void> {
    const back = pays.filter((p) => isInstrument(p.methodType));
    if (!back.length || !sale) return;
    const paid = await this.connection.repo(tx, PosSalePayment).find({ where: { saleId: sale.id }, order: { lineNo: 'ASC' } });
    for (const p of back) {
      const before = await this.repo.refundedByMethodBefore(tx, sale.id, p.paymentMethodId, refund.id);
      const numbers = paid.filter((s) => s.paymentMethodId === p.paymentMethodId && s.reference).map((s) => ({ number: s.reference!, amount: s.amount }));
      for (const part of splitOverNumbers(numbers, before, p.amount)) {
        try {
          await this.vouchers.refund(tx, { refundId: refund.id, saleId: sale.id, refundNo: refund.refundNo, number: part.number, amount: part.amount.toFixed(2) }, sale.storeId);
        } catch (e) {
          if (e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE)
            throw new DomainException(e.code, e.message, e.fields, { ...e.details, alternative: 'cash', amount: p.amount });
          throw e;
        }
      }
    }
  }

  /** What earlier refunds of a sale gave back (the sale is locked, so no refund of it runs meanwhile). */
  private async refundedSoFar(tx: RequestContext, saleId: string): Promise<Dec> {
    return dec(await this.repo.refundedTotal(tx, saleId));
  }

  /** The original sale, locked so that two refunds of it queue and never exceed what was sold. */
  private async lockSale(tx: RequestContext, storeId: string, dto: CreateRefundDto): Promise<PosSale | null> {
    if (!dto.saleId && !dto.receiptNo) {
      if (!tx.can('pos.refund.no-receipt'))
        throw new DomainException(PosError.POS_REFUND_NO_RECEIPT_FORBIDDEN, 'a refund without a receipt needs a supervisor / 无小票退货需要授权', [
          { field: 'saleId', message: 'needs pos.refund.no-receipt' },
        ]);
      return null;
    }
    const sale = await this.connection
      .repo(tx, PosSale)
      .findOne({ where: dto.saleId ? { id: dto.saleId, storeId } : { receiptNo: dto.receiptNo, storeId }, lock: { mode: 'pessimistic_write' } });
    if (!sale)
      throw new DomainException(PosError.POS_SALE_NOT_FOUND, 'original sale not found / 原销售单不存在', [{ field: dto.saleId ? 'saleId' : 'receiptNo', message: 'not found' }]);
    if (dto.saleId && dto.receiptNo && dto.receiptNo !== sale.receiptNo)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'saleId and receiptNo name different sales / 单号不一致', [{ field: 'receiptNo', message: 'another sale' }]);
    return sale;
  }

  private async againstSale(tx: RequestContext, sale: PosSale, dto: CreateRefundDto): Promise<RefundPart[]> {
    // in the sale's order: the promotion engine breaks ties between identical lines by it
    const saleLines = await this.connection.repo(tx, PosSaleLine).find({ where: { saleId: sale.id }, order: { lineNo: 'ASC' } });
    const byNo = new Map(saleLines.map((l) => [l.lineNo, l]));
    const done = await this.repo.refundedByLine(tx, sale.id);
    const already = new Map(done.map((d) => [d.sale_line_id, { quantity: dec(d.quantity), amount: dec(d.amount) }]));
    const refundedQty = new Map(done.map((d) => [d.sale_line_id, dec(d.quantity)]));
    const costs = await this.stock.ledgerOf(tx, SALE_DOC_TYPE, sale.id);
    const fields: FieldError[] = [];
    const parts: RefundPart[] = [];
    dto.lines.forEach((l, i) => {
      const line = l.saleLineNo ? byNo.get(l.saleLineNo) : undefined;
      if (!line || line.voided || l.barcode || l.productId || l.price) {
        fields.push({ field: `lines.${i}.saleLineNo`, message: 'give a line of the original sale' });
        return;
      }
      const q = qty(l.quantity);
      const prior = already.get(line.id) ?? { quantity: dec(0), amount: dec(0) };
      const left = dec(line.quantity).minus(prior.quantity);
      if (q.isZero() || q.greaterThan(left)) {
        fields.push({ field: `lines.${i}.quantity`, message: `at most ${left.toString()} can be refunded` });
        return;
      }
      const amount = refundLineAmount({ quantity: dec(line.quantity), amount: dec(line.amount) }, prior, q);
      already.set(line.id, { quantity: prior.quantity.plus(q), amount: prior.amount.plus(amount) });
      parts.push({
        saleLineId: line.id,
        productId: line.productId,
        productCode: line.productCode,
        productName: line.productName,
        quantity: q,
        amount,
        unitCost: costs.find((c) => c.docLine === line.lineNo)?.unitCost ?? null,
      });
    });
    if (fields.some((f) => f.field.endsWith('saleLineNo'))) throw new DomainException(PosError.POS_REFUND_LINE_UNKNOWN, 'not a line of the original sale / 不是原单商品', fields);
    if (fields.length) throw new DomainException(PosError.POS_REFUND_EXCEEDS_SOLD, 'more than sold minus already refunded / 退货数量超过可退数量', fields);
    // a promoted sale: what the kept items no longer earn comes off (docs/promotions.md)
    await this.promotions.refund(tx, sale, saleLines, refundedQty, parts);
    return Object.assign(parts, { points: this.promotions.pointsRefund(saleLines, refundedQty, parts) });
  }

  private async withoutReceipt(
    tx: RequestContext,
    storeId: string,
    dto: CreateRefundDto,
    settings: Awaited<ReturnType<PosSettingsService['effective']>>,
    now: Date,
  ): Promise<RefundPart[]> {
    if (dto.lines.some((l) => l.saleLineNo))
      throw new DomainException(CommonError.VALIDATION_FAILED, 'sale lines need the original sale / 原单商品行需要原单号', [
        { field: 'saleId', message: 'required with saleLineNo' },
      ]);
    const priced = await this.pricing.priceLines(
      tx,
      storeId,
      now,
      dto.lines.map((l) => ({ barcode: l.barcode, productId: l.productId, quantity: l.quantity, price: l.price })),
      { ...settings, checkout: { ...settings.checkout, memberRequiredForMemberPrice: true } },
      null,
    );
    return priced.map((p) => ({
      saleLineId: null,
      productId: p.item.productId,
      productCode: p.item.code,
      productName: p.item.name,
      quantity: p.quantity,
      amount: p.fixedAmount ?? money(p.quantity.times(p.unitPrice)),
      unitCost: null,
    }));
  }

  /**
   * Money back: as the till says (each method cash or one the customer paid with, never more than
   * it paid less earlier refunds), or by default spread over the original tenders; cash without a receipt.
   */
  private async tenders(tx: RequestContext, sale: PosSale | null, dto: CreateRefundDto, total: Dec, methods: Array<{ id: string; code: string; name: string; type: string }>) {
    const cash = methods.find((m) => m.type === 'cash');
    const capacity = new Map<string, { method: { id: string; code: string; name: string; type: string }; left: Dec }>();
    if (sale) {
      const paid = await this.connection.repo(tx, PosSalePayment).find({ where: { saleId: sale.id }, order: { lineNo: 'ASC' } });
      const back = await this.repo.refundedByMethod(tx, sale.id);
      for (const p of paid) {
        const c = capacity.get(p.paymentMethodId) ?? { method: { id: p.paymentMethodId, code: p.methodCode, name: p.methodName, type: p.methodType }, left: dec(0) };
        c.left = c.left.plus(p.amount);
        capacity.set(p.paymentMethodId, c);
      }
      for (const b of back) {
        const c = capacity.get(b.payment_method_id);
        if (c) c.left = c.left.minus(b.amount);
      }
    }
    if (dto.payments?.length) {
      const fields: FieldError[] = [];
      const out = dto.payments.map((p, i) => {
        const orig = capacity.get(p.paymentMethodId);
        const method = orig?.method ?? methods.find((m) => m.id === p.paymentMethodId);
        if (!method || (!orig && method.type !== 'cash')) fields.push({ field: `payments.${i}.paymentMethodId`, message: 'only cash or a tender of the original sale' });
        else if (orig && method.type !== 'cash' && money(p.amount).greaterThan(orig.left))
          fields.push({ field: `payments.${i}.amount`, message: `at most ${orig.left.toFixed(2)} back by ${method.name}` });
        return { ...(method ?? { id: p.paymentMethodId, code: '', name: '', type: '' }), amount: money(p.amount) };
      });
      const sum = out.reduce((a, p) => a.plus(p.amount), dec(0));
      if (!sum.equals(total)) fields.push({ field: 'payments', message: `must add up to ${total.toFixed(2)}` });
      // a voucher's (代金券) value is never paid out: with one on the sale, what goes back in money is at most what the sale paid in money
      const vouchers = [...capacity.values()].filter((c) => c.method.type === 'voucher');
      if (vouchers.length) {
        const moneyRoom = [...capacity.values()].filter((c) => c.method.type !== 'voucher').reduce((a, c) => a.plus(Dec.max(c.left, 0)), dec(0));
        const moneyBack = out.filter((p) => p.type !== 'voucher').reduce((a, p) => a.plus(p.amount), dec(0));
        if (moneyBack.gt(moneyRoom))
          fields.push({ field: 'payments', message: `a voucher is not paid out: at most ${moneyRoom.toFixed(2)} back in money, the rest onto the voucher` });
      }
      if (fields.length) throw new DomainException(PosError.POS_REFUND_TENDER_INVALID, 'the money back does not match / 退款方式或金额有误', fields, { total: total.toFixed(2) });
      return out.filter((p) => !p.amount.isZero());
    }
    const open = [...capacity.values()].filter((c) => c.left.gt(0));
    const room = open.reduce((a, c) => a.plus(c.left), dec(0));
    if (!open.length || room.lessThan(total)) {
      if (!cash) throw new DomainException(PosError.POS_REFUND_TENDER_INVALID, 'no cash payment method to refund with / 没有可用的现金付款方式');
      return [{ ...cash, amount: total }];
    }
    const shares = allocate(
      total,
      open.map((c) => c.left),
    );
    return open.map((c, i) => ({ ...c.method, amount: shares[i] })).filter((p) => !p.amount.isZero());
  }
}
