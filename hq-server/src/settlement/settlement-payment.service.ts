import { Injectable } from '@nestjs/common';
import {
  assertInScope,
  AuditLog,
  AuditService,
  CommonError,
  dec,
  DocumentNumberService,
  DomainException,
  createOnce,
  localToday,
  notFound,
  PermissionCode,
  RequestContext,
  TransactionalConnection,
} from '@chain-erp/shared';
import { CreatePaymentDto, PaymentQueryDto, PostPaymentDto } from './settlement.dto';
import { PaymentKind, PartyType, SettlementPayment } from './settlement.entity';
import { SettlementError } from './settlement.errors';
import { LedgerService } from './ledger.service';
import { SettlementRepository } from './settlement.repository';
import { allocationChoice, assertHq, pastOrToday, requireReason } from './settlement-support';
import { listAnswer, withMoney } from './list-output';
import type { PaymentAllocationRow } from './settlement.responses';

export interface PaymentKindDef {
  partyType: PartyType;
  prefix: string;
  zh: string;
  write: PermissionCode;
  /** kinds that are approved (posted) by a second user; the others post when recorded */
  approve: PermissionCode | null;
}

export const PAYMENT_KINDS: Record<PaymentKind, PaymentKindDef> = {
  customer_receipt: { partyType: 'customer', prefix: 'RCV', zh: '收款单', write: 'settlement.receipt.write', approve: null },
  store_payment: { partyType: 'store', prefix: 'STP', zh: '门店缴款单', write: 'settlement.receipt.write', approve: null },
  supplier_payment: { partyType: 'supplier', prefix: 'PAY', zh: '付款单', write: 'settlement.payment.write', approve: 'settlement.payment.approve' },
};

const COLUMNS = [
  { key: 'number', zh: '单号', en: 'number' },
  { key: 'paidOn', zh: '收付日期', en: 'paid on' },
  { key: 'entryDate', zh: '入账日期', en: 'entered' },
  { key: 'partyCode', zh: '往来单位编码', en: 'party code' },
  { key: 'partyName', zh: '往来单位', en: 'party' },
  { key: 'method', zh: '方式', en: 'method' },
  { key: 'reference', zh: '流水号', en: 'reference' },
  { key: 'status', zh: '状态', en: 'status' },
  { key: 'amount', zh: '金额', en: 'amount', kind: 'money' as const },
  { key: 'allocatedAmount', zh: '已核销', en: 'allocated', kind: 'money' as const },
  { key: 'unallocatedAmount', zh: '未核销(预收/预付)', en: 'unallocated (advance)', kind: 'money' as const },
  { key: 'reversesNumber', zh: '冲销原单', en: 'reverses' },
  { key: 'remark', zh: '备注', en: 'remark' },
];

/**
 * 收款单 (customers), 门店缴款单 (stores), 付款单 (suppliers): money in or out, booked as a credit
 * item in the party's ledger and matched to what it settles. Receipts post when recorded; supplier
 * payments are approved by a second user. A posted payment is never edited: 冲销 writes a reversing
 * payment that undoes its allocations and cancels it out.
 */
@Injectable()
export class SettlementPaymentService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
    private readonly ledger: LedgerService,
    private readonly repo: SettlementRepository,
  ) {}

  async list(ctx: RequestContext, kind: PaymentKind, q: PaymentQueryDto) {
    const k = PAYMENT_KINDS[kind];
    const page = await this.repo.payments(ctx, kind, k.partyType, q);
    return listAnswer(q, { title: `${k.zh} ${kind}`, columns: COLUMNS, ...page });
  }

  /** One payment with its ledger item (what is still unallocated) and its allocations. */
  async get(ctx: RequestContext, kind: PaymentKind, id: string) {
    const p = await this.connection.repo(ctx, SettlementPayment).findOne({ where: { id, kind } });
    if (!p) throw notFound(PAYMENT_KINDS[kind].zh);
    assertInScope(ctx, p.storeId, PAYMENT_KINDS[kind].zh);
    const party = await this.ledger.party(ctx, p.partyType, p.partyId);
    const item = await this.ledger.itemOfDoc(ctx, p.reversesId ? `${kind}_reversal` : kind, p.id);
    const allocations: PaymentAllocationRow[] = item ? await this.ledger.itemAllocations(ctx, item.id) : [];
    const reversedBy = await this.connection.repo(ctx, SettlementPayment).findOne({ where: { reversesId: id }, select: { id: true, number: true } });
    return {
      ...withMoney(p, ['amount']),
      party: { id: party.id, code: party.code, name: party.name },
      itemId: item?.id ?? null,
      unallocatedAmount: item && !p.reversesId ? dec(item.allocated).minus(item.amount).toFixed(2) : '0.00',
      allocations,
      reversedBy: reversedBy ?? null,
    };
  }

  async create(ctx: RequestContext, kind: PaymentKind, dto: CreatePaymentDto) {
    assertHq(ctx);
    const k = PAYMENT_KINDS[kind];
    const plan = allocationChoice(dto);
    return createOnce(ctx, { key: dto.idempotencyKey, constraint: 'uq_settlement_payment_idempotency', find: (key) => this.byKey(ctx, kind, key) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        await this.ledger.party(tx, k.partyType, dto.partyId, 'partyId', { active: true });
        const paidOn = pastOrToday(dto.paidOn ?? localToday(), 'paidOn');
        const repo = this.connection.repo(tx, SettlementPayment);
        const p = repo.create({
          number: await this.numbers.next(tx, k.prefix, tx.user!.orgUnitCode, localToday()),
          kind,
          partyType: k.partyType,
          partyId: dto.partyId,
          storeId: k.partyType === 'store' ? dto.partyId : null,
          status: 'draft',
          amount: dec(dto.amount).toFixed(2),
          method: dto.method,
          reference: dto.reference?.trim() || null,
          paidOn,
          entryDate: null,
          reversesId: null,
          reason: null,
          remark: dto.remark?.trim() || null,
          plannedAllocations: plan,
          idempotencyKey: dto.idempotencyKey ?? null,
          createdBy: tx.userId,
        });
        await repo.save(p);
        await this.audit.record(tx, { entityType: 'settlement_payment', entityId: p.id, action: 'create', after: p });
        if (!k.approve) await this.postLocked(tx, p);
        return this.get(tx, kind, p.id);
      }),
    );
  }

  /** 审核: a supplier payment is posted by someone other than who wrote it; its allocations are checked again now. */
  async post(ctx: RequestContext, kind: PaymentKind, id: string, dto: PostPaymentDto) {
    assertHq(ctx);
    const k = PAYMENT_KINDS[kind];
    const plan = allocationChoice(dto);
    return this.connection.withTransaction(ctx, async (tx) => {
      const p = await this.lock(tx, kind, id);
      if (!k.approve) throw new DomainException(CommonError.ILLEGAL_TRANSITION, `a ${k.zh} is posted when recorded / ${k.zh}保存即入账`, undefined, { status: p.status });
      this.assertDraft(p);
      if (p.createdBy === tx.userId) throw new DomainException(SettlementError.SETTLEMENT_SELF_APPROVAL, 'you cannot approve a payment you wrote / 不能审核自己编制的付款单');
      if (plan) p.plannedAllocations = plan;
      await this.postLocked(tx, p);
      return this.get(tx, kind, id);
    });
  }

  async cancel(ctx: RequestContext, kind: PaymentKind, id: string, reason: string) {
    assertHq(ctx);
    const why = requireReason(reason);
    return this.connection.withTransaction(ctx, async (tx) => {
      const p = await this.lock(tx, kind, id);
      this.assertDraft(p);
      const before = { status: p.status };
      Object.assign(p, { status: 'cancelled', cancelledBy: tx.userId, cancelledAt: new Date(), reason: why });
      await this.connection.repo(tx, SettlementPayment).save(p);
      await this.audit.record(tx, { entityType: 'settlement_payment', entityId: id, action: 'cancel', before, after: { status: 'cancelled' }, reason: why });
      return this.get(tx, kind, id);
    });
  }

  /**
   * 冲销: a reversing payment (same amount, pointing at the original) takes back every allocation of
   * the original — the documents it paid are open again — and is matched against the original, so
   * both leave the balance as if neither had been.
   */
  async reverse(ctx: RequestContext, kind: PaymentKind, id: string, reason: string) {
    assertHq(ctx);
    const k = PAYMENT_KINDS[kind];
    const why = requireReason(reason);
    if (k.approve && !ctx.can(k.approve)) {
      throw new DomainException(CommonError.PERMISSION_DENIED, `reversing a ${k.zh} needs ${k.approve} / 冲销需要审核权限`, undefined, { permission: [k.approve] });
    }
    return this.connection.withTransaction(ctx, async (tx) => {
      const original = await this.lock(tx, kind, id);
      if (original.status !== 'posted' || original.reversesId) {
        throw new DomainException(CommonError.ILLEGAL_TRANSITION, 'only a posted payment can be reversed / 只能冲销已入账的单据', undefined, { status: original.status });
      }
      await this.ledger.lockParty(tx, original.partyType, original.partyId);
      if (await this.connection.repo(tx, SettlementPayment).count({ where: { reversesId: id } })) {
        throw new DomainException(SettlementError.SETTLEMENT_ALREADY_REVERSED, `${original.number} was already reversed / 该单据已冲销`);
      }
      const today = localToday();
      const repo = this.connection.repo(tx, SettlementPayment);
      const r = repo.create({
        number: await this.numbers.next(tx, k.prefix, tx.user!.orgUnitCode, today),
        kind,
        partyType: original.partyType,
        partyId: original.partyId,
        storeId: original.storeId,
        status: 'posted',
        amount: original.amount,
        method: original.method,
        reference: original.reference,
        paidOn: today,
        entryDate: today,
        reversesId: original.id,
        reason: why,
        remark: null,
        plannedAllocations: null,
        idempotencyKey: null,
        createdBy: tx.userId,
        postedBy: tx.userId,
        postedAt: new Date(),
      });
      await repo.save(r);
      const originalItem = (await this.ledger.itemOfDoc(tx, kind, original.id))!;
      const reversal = (await this.ledger.post(tx, {
        partyType: r.partyType,
        partyId: r.partyId,
        docType: `${kind}_reversal`,
        docId: r.id,
        docNo: r.number,
        docDate: today,
        amount: r.amount,
        description: `冲销 ${original.number} reverses ${original.number}`,
      }))!;
      for (const a of await this.ledger.standingAllocations(tx, originalItem.id)) await this.ledger.reverseAllocation(tx, a.id, why, { type: 'reversal', id: r.id });
      await this.ledger.allocate(tx, originalItem.id, [{ itemId: reversal.id, amount: r.amount }], { type: 'reversal', id: r.id });
      await this.audit.record(tx, { entityType: 'settlement_payment', entityId: r.id, action: 'create', after: r, reason: why });
      await this.audit.record(tx, { entityType: 'settlement_payment', entityId: original.id, action: 'reverse', after: { reversedBy: r.number }, reason: why });
      return this.get(tx, kind, r.id);
    });
  }

  async auditTrail(ctx: RequestContext, kind: PaymentKind, id: string): Promise<AuditLog[]> {
    await this.get(ctx, kind, id);
    return this.connection.repo(ctx, AuditLog).find({ where: { entityType: 'settlement_payment', entityId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  private async postLocked(tx: RequestContext, p: SettlementPayment): Promise<void> {
    const k = PAYMENT_KINDS[p.kind];
    const before = { status: p.status };
    Object.assign(p, { status: 'posted', entryDate: localToday(), postedBy: tx.userId, postedAt: new Date() });
    await this.connection.repo(tx, SettlementPayment).save(p);
    const item = (await this.ledger.post(tx, {
      partyType: p.partyType,
      partyId: p.partyId,
      docType: p.kind,
      docId: p.id,
      docNo: p.number,
      docDate: p.paidOn,
      amount: dec(p.amount).neg().toFixed(2),
      description: [`${k.zh} ${p.method}`, p.reference].filter(Boolean).join(' '),
    }))!;
    if (p.plannedAllocations) await this.ledger.allocate(tx, item.id, p.plannedAllocations, { type: 'payment', id: p.id });
    await this.audit.record(tx, { entityType: 'settlement_payment', entityId: p.id, action: 'post', before, after: { status: 'posted', allocations: p.plannedAllocations } });
  }

  private async lock(ctx: RequestContext, kind: PaymentKind, id: string): Promise<SettlementPayment> {
    const p = await this.connection.repo(ctx, SettlementPayment).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id AND p.kind = :kind', { id, kind }).getOne();
    if (!p) throw notFound(PAYMENT_KINDS[kind].zh);
    assertInScope(ctx, p.storeId, PAYMENT_KINDS[kind].zh);
    return p;
  }

  private assertDraft(p: SettlementPayment): void {
    if (p.status === 'posted')
      throw new DomainException(CommonError.DOCUMENT_POSTED, `${p.number} is posted and can no longer change / 单据已入账`, undefined, { status: p.status });
    if (p.status !== 'draft') throw new DomainException(CommonError.ILLEGAL_TRANSITION, `${p.number} is ${p.status} / 单据状态不允许此操作`, undefined, { status: p.status });
  }

  private async byKey(ctx: RequestContext, kind: PaymentKind, key: string) {
    const p = await this.connection.repo(ctx, SettlementPayment).findOne({ where: { idempotencyKey: key } });
    if (!p) return null;
    if (p.kind !== kind || p.createdBy !== ctx.userId) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this idempotency key was used for another request / 幂等键已用于其他请求', [
        { field: 'idempotencyKey', message: 'already used' },
      ]);
    }
    return this.get(ctx, kind, p.id);
  }
}
