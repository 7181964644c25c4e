import {
  assertInScope,
  AuditService,
  cardNotFound,
  CommonError,
  createOnce,
  dec,
  defineSort,
  DocumentNumberService,
  DomainException,
  MemberError,
  MemberLedgerService,
  notFound,
  Page,
  paginate,
  payloadHash,
  RequestContext,
  scopeQuery,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { CreateMemberAdjustmentDto, MemberAdjustmentQueryDto } from './member-adjustment.dto';
import { MemberAdjustment } from './member-adjustment.entity';
import { assertHq } from './membership.rules';

export const MEMBER_ADJUSTMENT_SORT = defineSort({ createdAt: 'a.createdAt', adjustmentNo: 'a.adjustmentNo', cardNo: 'a.cardNo' }, '-createdAt');

/**
 * 会员余额调整: the one way staff change a card's balance by hand — at HQ, with the member.adjust
 * permission and a reason, as a numbered document whose ledger row (kind `adjustment`) and audit
 * entry commit with it. Only chain cards: a 本店卡's balances live at its store.
 */
@Injectable()
export class MemberAdjustmentService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: MemberLedgerService,
    private readonly numbers: DocumentNumberService,
    private readonly audit: AuditService,
  ) {}

  async create(ctx: RequestContext, dto: CreateMemberAdjustmentDto): Promise<MemberAdjustment> {
    assertHq(ctx, 'balance adjustments');
    const delta = dec(dto.delta);
    if (dto.account === 'points' && !delta.isInteger()) {
      throw new DomainException(MemberError.MEMBER_ADJUSTMENT_INVALID, 'points are adjusted in whole points / 积分调整须为整数', [{ field: 'delta', message: 'whole points' }]);
    }
    const hash = payloadHash({ ...dto, reason: dto.reason.trim() });
    const replay = async (tx: RequestContext) => {
      const prior = await this.connection.repo(tx, MemberAdjustment).findOneBy({ id: dto.id });
      if (prior && prior.payloadHash !== hash)
        throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, 'this adjustment id was used for another adjustment / 该调整单号已被使用', [
          { field: 'id', message: 'used by another adjustment' },
        ]);
      return prior;
    };
    // the same id twice at once on two cards: the ledger's unique key decides, the loser answers like a retry
    return createOnce(ctx, { key: dto.id, checkFirst: false, find: () => replay(ctx) }, () =>
      this.connection.withTransaction(ctx, async (tx) => {
        const card = await this.ledger.lockCard(tx, dto.cardNo);
        if (!card) throw cardNotFound(dto.cardNo);
        // after the card lock: a retry racing its original waits for it, then answers it
        const prior = await replay(tx);
        if (prior) return prior;
        if (card.scope === 'store') {
          throw new DomainException(
            MemberError.MEMBER_CARD_BALANCE_AT_STORE,
            `card ${card.cardNo} is a 本店卡: its balances are kept at its store / 本店卡余额在门店，总部不能调整`,
            [{ field: 'cardNo', message: 'a store card' }],
          );
        }
        if (card.state !== 'issued' && card.state !== 'lost') {
          throw new DomainException(
            MemberError.MEMBER_CARD_NOT_ISSUED,
            `card ${card.cardNo} is ${card.state}: only an issued (or lost) card has balances to adjust / 该卡无可调整余额`,
            [{ field: 'cardNo', message: card.state }],
          );
        }
        if (dto.account === 'stored_value' && delta.gt(0) && !(await this.ledger.cardType(tx, card.cardTypeId)).storedValueAllowed) {
          throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, 'this card’s type takes no stored value / 该卡类型不允许储值', [
            { field: 'cardNo', message: 'type takes no stored value' },
          ]);
        }
        const adjustmentNo = await this.numbers.next(tx, 'MADJ', tx.user!.orgUnitCode, new Date());
        const row = await this.ledger.post(tx, card, {
          account: dto.account,
          kind: 'adjustment',
          refId: dto.id,
          amount: delta.abs().toString(),
          delta,
          storeId: null,
          docNo: adjustmentNo,
        });
        const doc: MemberAdjustment = {
          id: dto.id,
          adjustmentNo,
          cardId: card.id,
          cardNo: card.cardNo,
          memberId: card.memberId,
          storeId: card.ownerStoreId,
          account: dto.account,
          delta: delta.toString(),
          balanceBefore: row.balanceBefore,
          balanceAfter: row.balanceAfter,
          reason: dto.reason.trim(),
          createdBy: tx.userId!,
          createdByName: tx.user!.username,
          payloadHash: hash,
          createdAt: new Date(),
        };
        await this.connection.repo(tx, MemberAdjustment).insert(doc);
        await this.audit.record(tx, {
          entityType: 'member_adjustment',
          entityId: doc.id,
          action: 'create',
          reason: doc.reason,
          after: { adjustmentNo, cardNo: doc.cardNo, account: doc.account, delta: doc.delta, balanceBefore: doc.balanceBefore, balanceAfter: doc.balanceAfter },
        });
        return this.connection.repo(tx, MemberAdjustment).findOneByOrFail({ id: doc.id });
      }),
    );
  }

  async list(ctx: RequestContext, q: MemberAdjustmentQueryDto): Promise<Page<MemberAdjustment>> {
    const qb = this.connection.repo(ctx, MemberAdjustment).createQueryBuilder('a');
    scopeQuery(ctx, qb, 'a.store_id', q.storeId);
    if (q.cardNo) qb.andWhere('a.card_no = :cardNo', { cardNo: q.cardNo });
    return paginate(qb, q, MEMBER_ADJUSTMENT_SORT);
  }

  async get(ctx: RequestContext, id: string): Promise<MemberAdjustment> {
    const row = await this.connection.repo(ctx, MemberAdjustment).findOneBy({ id });
    if (!row) throw notFound('adjustment', id);
    assertInScope(ctx, row.storeId, 'adjustment');
    return row;
  }
}
