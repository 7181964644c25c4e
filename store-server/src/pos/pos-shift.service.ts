import { Injectable } from '@nestjs/common';
import {
  CommonError,
  dec,
  Dec,
  DocumentNumberService,
  DomainException,
  isUniqueViolation,
  localToday,
  money,
  type PaymentMethodType,
  payloadHash,
  PosError,
  PosShiftReport,
  RequestContext,
  shiftReportToDoc,
  ShiftTender,
  TransactionalConnection,
} from '@chain-erp/shared';
import { randomUUID } from 'node:crypto';
import { HandoverDto, OpenShiftDto, ShiftQueryDto } from './pos.dto';
import { PosOutboxWriter } from './pos-outbox.writer';
import { PosSettingsRepository } from './pos-settings.repository';
import { requireStore } from './pos-settings.service';
import { PosShiftRepository } from './pos-shift.repository';
import { PosShift } from './pos-store.entity';

export { SHIFT_SORT } from './pos-shift.repository';

interface TenderTotals {
  paymentMethodId: string;
  methodCode: string;
  methodName: string;
  methodType: PaymentMethodType;
  sales: Dec;
  refunds: Dec;
  /** top-ups less top-ups given back (充值 − 冲正) */
  topUps: Dec;
  /** gift cards sold (礼品卡售卡): stored value, not goods takings */
  giftCards: Dec;
}

/**
 * 开始营业 / 交班: a till's shift, its expected takings per tender, the handover count and report.
 * What a tender should hold: the float (cash) + sales − refunds + top-ups (充值 less 冲正) + gift cards sold (礼品卡售卡).
 */
@Injectable()
export class PosShiftService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly outbox: PosOutboxWriter,
    private readonly repo: PosShiftRepository,
    private readonly settingsRepo: PosSettingsRepository,
  ) {}

  async open(ctx: RequestContext, dto: OpenShiftDto) {
    const storeId = requireStore(ctx);
    const id = dto.id ?? randomUUID();
    const repo = this.connection.repo(ctx, PosShift);
    const again = await repo.findOneBy({ id });
    if (again) {
      if (again.storeId !== storeId || again.tillCode !== dto.tillCode || again.cashierId !== ctx.userId || !dec(again.openingFloat).equals(dto.openingFloat)) {
        throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this shift id was used for another shift / 班次编号已被使用');
      }
      return this.view(ctx, again);
    }
    try {
      const shift = await this.connection.withTransaction(ctx, async (tx) => {
        const now = new Date();
        const row: PosShift = {
          id,
          storeId,
          shiftNo: await this.numbers.next(tx, 'SHIFT', tx.user!.orgUnitCode.slice(0, 16), now),
          tillCode: dto.tillCode.toUpperCase(),
          cashierId: tx.userId!,
          cashierName: tx.user!.username,
          status: 'open',
          openingFloat: money(dto.openingFloat).toFixed(2),
          businessDate: localToday(now),
          openedAt: now,
          closedAt: null,
          closedBy: null,
        };
        await this.connection.repo(tx, PosShift).insert(row);
        return row;
      });
      return this.view(ctx, shift);
    } catch (e) {
      if (isUniqueViolation(e, 'uq_pos_shift_open_till')) {
        throw new DomainException(PosError.POS_TILL_SHIFT_OPEN, `till ${dto.tillCode} already has an open shift / 该收银机已有未交班的班次`, [
          { field: 'tillCode', message: 'shift open' },
        ]);
      }
      throw e;
    }
  }

  async get(ctx: RequestContext, id: string) {
    return this.view(ctx, await this.find(ctx, id));
  }

  /** The open shift of a till (the till asks at start-up whether to resume). */
  async current(ctx: RequestContext, tillCode: string) {
    const storeId = requireStore(ctx);
    const shift = await this.connection.repo(ctx, PosShift).findOneBy({ storeId, tillCode: tillCode.toUpperCase(), status: 'open' });
    if (!shift) throw new DomainException(PosError.POS_SHIFT_NOT_FOUND, `no open shift on till ${tillCode} / 该收银机没有未交班的班次`);
    return this.view(ctx, shift);
  }

  async list(ctx: RequestContext, q: ShiftQueryDto) {
    const storeId = requireStore(ctx);
    return this.repo.list(ctx, storeId, q);
  }

  /** A shift of this store, locked when inside a transaction that will change what it holds. */
  async find(ctx: RequestContext, id: string, lock?: 'pessimistic_read' | 'pessimistic_write'): Promise<PosShift> {
    const storeId = requireStore(ctx);
    const shift = await this.connection.repo(ctx, PosShift).findOne({ where: { id }, lock: lock ? { mode: lock } : undefined });
    if (!shift || shift.storeId !== storeId) throw new DomainException(PosError.POS_SHIFT_NOT_FOUND, 'shift not found / 班次不存在');
    return shift;
  }

  /** For a sale or refund: the shift must be open and the caller's (a shared lock holds the handover off). */
  async lockOpen(ctx: RequestContext, id: string): Promise<PosShift> {
    const shift = await this.connection.repo(ctx, PosShift).findOne({ where: { id }, lock: { mode: 'pessimistic_read' } });
    return assertSellable(ctx, shift);
  }

  /**
   * 交班: the cashier's count against what the system expects per tender; closes the shift and
   * writes the shift report (pushed to HQ) in one transaction. Another cashier may only close it
   * with the reconciliation permission.
   */
  async handover(ctx: RequestContext, id: string, dto: HandoverDto) {
    const ids = dto.counts.map((c) => c.paymentMethodId);
    if (new Set(ids).size !== ids.length)
      throw new DomainException(CommonError.VALIDATION_FAILED, 'a payment method is counted twice / 付款方式重复', [{ field: 'counts', message: 'duplicate payment method' }]);
    const report = await this.connection.withTransaction(ctx, async (tx) => {
      const shift = await this.find(tx, id, 'pessimistic_write');
      if (shift.status !== 'open') throw new DomainException(PosError.POS_SHIFT_NOT_OPEN, 'the shift is already handed over / 班次已交班');
      if (shift.cashierId !== tx.userId && !tx.can('pos.reconcile'))
        throw new DomainException(PosError.POS_SHIFT_OF_ANOTHER_CASHIER, 'only the cashier or a supervisor can hand this shift over / 只能由本人或主管交班');
      const summary = await this.summary(tx, shift);
      const counted = new Map(dto.counts.map((c) => [c.paymentMethodId, money(c.amount)]));
      const methods = await this.settingsRepo.methodsByIds(tx, ids);
      const unknown = dto.counts
        .map((c, i) => (methods.some((m) => m.id === c.paymentMethodId) ? null : { field: `counts.${i}.paymentMethodId`, message: 'unknown payment method' }))
        .filter((f) => !!f);
      if (unknown.length) throw new DomainException(PosError.POS_UNKNOWN_PAYMENT_METHOD, 'unknown payment method / 付款方式不存在', unknown);
      for (const m of methods) {
        if (!summary.tenders.some((t) => t.paymentMethodId === m.id)) summary.tenders.push(tenderRow(noTakings(m), dec(0)));
      }
      const cash = summary.tenders.filter((t) => t.methodType === 'cash');
      if (cash.some((t) => !counted.has(t.paymentMethodId))) {
        throw new DomainException(CommonError.VALIDATION_FAILED, 'count the cash before handing over / 请清点现金', [
          { field: 'counts', message: `cash count required for ${cash.map((c) => c.methodCode).join(', ')}` },
        ]);
      }
      let difference = dec(0);
      for (const t of summary.tenders) {
        const c = counted.get(t.paymentMethodId);
        if (c === undefined) continue;
        t.counted = c.toFixed(2);
        const d = c.minus(t.expected);
        t.difference = d.toFixed(2);
        difference = difference.plus(d);
      }
      const now = new Date();
      const row: PosShiftReport = {
        id: shift.id,
        storeId: shift.storeId,
        storeCode: tx.user!.orgUnitCode,
        shiftNo: shift.shiftNo,
        tillCode: shift.tillCode,
        cashierId: shift.cashierId,
        cashierName: shift.cashierName,
        businessDate: shift.businessDate,
        openedAt: shift.openedAt,
        closedAt: now,
        openingFloat: shift.openingFloat,
        salesCount: summary.salesCount,
        salesTotal: summary.salesTotal,
        refundsCount: summary.refundsCount,
        refundsTotal: summary.refundsTotal,
        topUpsCount: summary.topUpsCount,
        topUpsTotal: summary.topUpsTotal,
        expectedTotal: summary.tenders.reduce((a, t) => a.plus(t.expected), dec(0)).toFixed(2),
        differenceTotal: difference.toFixed(2),
        tenders: summary.tenders,
        note: dto.note ?? null,
        payloadHash: '',
        createdAt: now,
      };
      const doc = shiftReportToDoc(row);
      row.payloadHash = payloadHash(doc);
      await this.connection.repo(tx, PosShiftReport).insert(row);
      await this.connection.repo(tx, PosShift).update({ id: shift.id }, { status: 'closed', closedAt: now, closedBy: tx.userId });
      await this.outbox.enqueue(tx, 'pos.shift-report', row.id, doc);
      return doc;
    });
    return report;
  }

  async report(ctx: RequestContext, id: string) {
    const shift = await this.find(ctx, id);
    const row = await this.connection.repo(ctx, PosShiftReport).findOneBy({ id: shift.id });
    if (!row) throw new DomainException(PosError.POS_SHIFT_NOT_OPEN, 'the shift is not handed over yet / 班次尚未交班');
    return shiftReportToDoc(row);
  }

  /** What a shift took per payment method (sales, refunds, top-ups), and what should be in the drawer. */
  async summary(ctx: RequestContext, shift: PosShift) {
    const rows = await this.repo.takings(ctx, shift.id);
    const counts = await this.repo.counts(ctx, shift.id);
    const byMethod = new Map<string, TenderTotals>();
    for (const r of rows) {
      const t = byMethod.get(r.payment_method_id) ?? noTakings({ id: r.payment_method_id, code: r.method_code, name: r.method_name, type: r.method_type });
      if (r.kind === 'sale') t.sales = t.sales.plus(r.amount);
      else if (r.kind === 'refund') t.refunds = t.refunds.plus(r.amount);
      else if (r.kind === 'top_up') t.topUps = t.topUps.plus(r.amount);
      else t.giftCards = t.giftCards.plus(r.amount);
      byMethod.set(r.payment_method_id, t);
    }
    // the float sits in the drawer with the cash: it goes to the cash method (the store's first one when no cash was taken)
    const floatAmount = dec(shift.openingFloat);
    let cashMethod = [...byMethod.values()].find((t) => t.methodType === 'cash');
    if (!cashMethod && floatAmount.gt(0)) {
      const c = await this.repo.cashMethod(ctx);
      if (c) byMethod.set(c.id, (cashMethod = noTakings({ ...c, type: 'cash' })));
    }
    const tenders = [...byMethod.values()].sort((a, b) => a.methodCode.localeCompare(b.methodCode)).map((t) => tenderRow(t, t === cashMethod ? floatAmount : dec(0)));
    return {
      salesCount: counts.sales,
      salesTotal: dec(counts.sales_total).toFixed(2),
      refundsCount: counts.refunds,
      refundsTotal: dec(counts.refunds_total).toFixed(2),
      topUpsCount: counts.top_ups,
      topUpsTotal: dec(counts.top_ups_total).toFixed(2),
      giftCardSalesCount: counts.gift_cards,
      giftCardSalesTotal: dec(counts.gift_cards_total).toFixed(2),
      tenders,
    };
  }

  private async view(ctx: RequestContext, shift: PosShift) {
    const summary = await this.summary(ctx, shift);
    return { ...shift, openingFloat: dec(shift.openingFloat).toFixed(2), ...summary };
  }
}

function noTakings(m: { id: string; code: string; name: string; type: PaymentMethodType }): TenderTotals {
  return { paymentMethodId: m.id, methodCode: m.code, methodName: m.name, methodType: m.type, sales: dec(0), refunds: dec(0), topUps: dec(0), giftCards: dec(0) };
}

function tenderRow(t: TenderTotals, float: Dec): ShiftTender {
  return {
    paymentMethodId: t.paymentMethodId,
    methodCode: t.methodCode,
    methodName: t.methodName,
    methodType: t.methodType,
    float: float.toFixed(2),
    sales: t.sales.toFixed(2),
    refunds: t.refunds.toFixed(2),
    topUps: t.topUps.toFixed(2),
    giftCards: t.giftCards.toFixed(2),
    expected: float.plus(t.sales).minus(t.refunds).plus(t.topUps).plus(t.giftCards).toFixed(2),
    counted: null,
    difference: null,
  };
}

/** A shift a sale or refund may use: this store's, open, and the caller's own. */
export function assertSellable<S extends Pick<PosShift, 'storeId' | 'status' | 'shiftNo' | 'cashierId'>>(ctx: RequestContext, shift: S | null): S {
  if (!shift || shift.storeId !== requireStore(ctx)) throw new DomainException(PosError.POS_SHIFT_NOT_FOUND, 'shift not found / 班次不存在');
  if (shift.status !== 'open') throw new DomainException(PosError.POS_SHIFT_NOT_OPEN, `shift ${shift.shiftNo} is closed / 班次已交班`, [{ field: 'shiftId', message: 'closed' }]);
  if (shift.cashierId !== ctx.userId)
    throw new DomainException(PosError.POS_SHIFT_OF_ANOTHER_CASHIER, 'this shift belongs to another cashier / 不是本人的班次', [{ field: 'shiftId', message: 'another cashier' }]);
  return shift;
}
