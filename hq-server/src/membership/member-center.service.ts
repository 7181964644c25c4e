import {
  BalanceChangeResult,
  CardIssueService,
  cardNotFound,
  cardView,
  CardView,
  cardVisibleTo,
  CommonError,
  dec,
  DomainException,
  EarnPointsDto,
  IssueCardDto,
  IssueResult,
  LookupQueryDto,
  Member,
  MemberCard,
  MemberCardEvent,
  MemberCardType,
  MemberError,
  MemberLedgerService,
  RedeemPointsDto,
  ReplaceCardDto,
  ReportLostDto,
  RequestContext,
  StoredValuePaymentDto,
  PointsRefundDto,
  StoredValueRefundDto,
  StoredValueReversalDto,
  TopUpDto,
  TopUpReversalDto,
  TransactionalConnection,
  writeCardEvents,
  assertIssuable,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';

export interface LookupResult {
  member: Member | null;
  cards: CardView[];
}

export interface ReplaceResult {
  replaceId: string;
  lostCard: CardView;
  newCard: CardView;
  replayed: boolean;
}

/**
 * 会员中心: what a store asks HQ about chain cards — look-ups, issue, points, stored value, lost
 * cards. Every method takes the calling store's org unit id (null: HQ acting for itself, look-ups
 * only) and applies the same scope: chain cards for every store, a 本店卡 only for its owner.
 * Every change carries its UUID from the till, so a store may resend it until it hears an answer.
 *
 * Balances move only with a document the ledger checks: stored value through the signed store
 * channel (`MemberChannelController`: a sale's payment, a refund of it, a top-up and its reversal),
 * points with the pushed sale and refund (`MemberPushHandlers`), and HQ's own manual adjustments
 * (`MemberAdjustmentService`). No staff endpoint moves a balance.
 */
@Injectable()
export class MemberCenterService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: MemberLedgerService,
    private readonly issuer: CardIssueService,
  ) {}

  async lookup(ctx: RequestContext, storeId: string | null, q: LookupQueryDto): Promise<LookupResult> {
    if (q.cardNo) {
      const card = await this.connection.repo(ctx, MemberCard).findOneBy({ cardNo: q.cardNo });
      if (!card || !cardVisibleTo(card, storeId)) throw cardNotFound(q.cardNo);
      const member = card.memberId ? await this.connection.repo(ctx, Member).findOneBy({ id: card.memberId }) : null;
      return { member, cards: await this.views(ctx, [card]) };
    }
    const member = await this.connection.repo(ctx, Member).findOneBy({ mobile: q.mobile! });
    const cards = member
      ? (await this.connection.repo(ctx, MemberCard).find({ where: { memberId: member.id }, order: { issuedAt: 'DESC' } })).filter((c) => cardVisibleTo(c, storeId))
      : [];
    // a member known only through another store's 本店卡 is not this store's business
    if (!member || !cards.length)
      throw new DomainException(MemberError.MEMBER_NOT_FOUND, 'no member with this mobile / 未找到该手机号的会员', [{ field: 'mobile', message: 'not found' }]);
    return { member, cards: await this.views(ctx, cards) };
  }

  issueCard(ctx: RequestContext, storeId: string, dto: IssueCardDto, issuedAt?: Date): Promise<IssueResult> {
    return this.issuer.issue(ctx, storeId, dto, issuedAt);
  }

  earnPoints(ctx: RequestContext, storeId: string, dto: EarnPointsDto): Promise<BalanceChangeResult> {
    return this.ledger.earnPoints(ctx, storeId, dto);
  }

  redeemPoints(ctx: RequestContext, storeId: string, dto: RedeemPointsDto): Promise<BalanceChangeResult> {
    return this.ledger.redeemPoints(ctx, storeId, dto);
  }

  topUp(ctx: RequestContext, storeId: string, dto: TopUpDto): Promise<BalanceChangeResult> {
    return this.ledger.topUp(ctx, storeId, dto);
  }

  payWithStoredValue(ctx: RequestContext, storeId: string, dto: StoredValuePaymentDto): Promise<BalanceChangeResult> {
    return this.ledger.payWithStoredValue(ctx, storeId, dto);
  }

  /** A payment whose sale failed at the store, undone (at most once; the payment id is dead afterwards). */
  reverseStoredValue(ctx: RequestContext, storeId: string, dto: StoredValueReversalDto): Promise<BalanceChangeResult> {
    return this.ledger.reverseStoredValuePayment(ctx, storeId, dto);
  }

  /** Points a returned sale gives back, idempotent by the refund id. */
  refundPoints(ctx: RequestContext, storeId: string, dto: PointsRefundDto): Promise<BalanceChangeResult> {
    return this.ledger.refundPoints(ctx, storeId, dto);
  }

  /** Money back on the card for a returned sale: at most what that sale charged to it, once per refund. */
  refundStoredValue(ctx: RequestContext, storeId: string, dto: StoredValueRefundDto): Promise<BalanceChangeResult> {
    return this.ledger.refundStoredValue(ctx, storeId, dto);
  }

  /** 充值冲正: a whole top-up of this store taken back off its card, once. */
  reverseTopUp(ctx: RequestContext, storeId: string, dto: TopUpReversalDto): Promise<BalanceChangeResult> {
    return this.ledger.reverseTopUp(ctx, storeId, dto);
  }

  /** 挂失: blocks the card for points and payments at once; reporting it again changes nothing. */
  async reportLost(ctx: RequestContext, storeId: string, dto: ReportLostDto): Promise<CardView> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const card = await this.ledger.lockCard(tx, dto.cardNo);
      if (!card || !cardVisibleTo(card, storeId)) throw cardNotFound(dto.cardNo);
      if (card.state !== 'lost') {
        await writeCardEvents(this.connection, tx, [{ card, action: 'lost', to: 'lost', storeId, reason: dto.reason }]);
        card.state = 'lost';
        await this.connection.repo(tx, MemberCard).save(card);
      }
      return (await this.views(tx, [card]))[0];
    });
  }

  /**
   * 补卡: the lost (or still issued) card is blocked for good and a blank card of the calling store
   * is issued to the same member with both balances, in one transaction. Idempotent by replaceId.
   */
  async replaceCard(ctx: RequestContext, storeId: string, dto: ReplaceCardDto): Promise<ReplaceResult> {
    if (dto.lostCardNo === dto.newCardNo) {
      throw new DomainException(CommonError.VALIDATION_FAILED, 'the new card must differ from the lost one / 新卡不能与旧卡相同', [
        { field: 'newCardNo', message: 'same as lostCardNo' },
      ]);
    }
    return this.connection.withTransaction(ctx, async (tx) => {
      // both rows locked in card-number order: two replacements touching the same cards cannot deadlock
      const locked = await this.connection.repo(tx, MemberCard).find({
        where: { cardNo: In([dto.lostCardNo, dto.newCardNo]) },
        order: { cardNo: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      const lost = locked.find((c) => c.cardNo === dto.lostCardNo);
      const fresh = locked.find((c) => c.cardNo === dto.newCardNo);
      if (!lost || !cardVisibleTo(lost, storeId)) throw cardNotFound(dto.lostCardNo);
      if (!fresh || !cardVisibleTo(fresh, storeId)) throw cardNotFound(dto.newCardNo);
      const prior = await this.connection.repo(tx, MemberCardEvent).findOneBy({ refId: dto.replaceId, action: 'replace' });
      if (prior) {
        if (prior.cardId !== lost.id || lost.replacedByCardId !== fresh.id) {
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `replacement ${dto.replaceId} was for other cards / 该补卡编号已用于其他卡`, undefined, {
            replaceId: dto.replaceId,
          });
        }
        return { replaceId: dto.replaceId, lostCard: (await this.views(tx, [lost]))[0], newCard: (await this.views(tx, [fresh]))[0], replayed: true };
      }
      if (lost.state !== 'issued' && lost.state !== 'lost') {
        throw new DomainException(MemberError.MEMBER_CARD_NOT_REPLACEABLE, `card ${lost.cardNo} is ${lost.state} and cannot be replaced / 该卡不能补卡`, undefined, {
          state: lost.state,
        });
      }
      if (fresh.scope !== lost.scope) {
        throw new DomainException(MemberError.MEMBER_CARD_NOT_REPLACEABLE, 'a chain card is replaced by a chain card, a 本店卡 by a 本店卡 / 新旧卡类别不一致', [
          { field: 'newCardNo', message: `must be a ${lost.scope} card` },
        ]);
      }
      assertIssuable(fresh, storeId);
      const freshType = await this.ledger.cardType(tx, fresh.cardTypeId);
      if (dec(lost.storedValueBalance).gt(0) && !freshType.storedValueAllowed) {
        throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, 'the new card’s type takes no stored value / 新卡类型不允许储值', [
          { field: 'newCardNo', message: 'type takes no stored value' },
        ]);
      }
      await writeCardEvents(this.connection, tx, [
        { card: lost, action: 'replace', to: 'replaced', storeId, reason: dto.reason, refId: dto.replaceId },
        { card: fresh, action: 'issue', to: 'issued', storeId, reason: `replaces ${lost.cardNo}`, refId: dto.replaceId },
      ]);
      for (const account of ['points', 'stored_value'] as const) {
        const amount = account === 'points' ? lost.pointsBalance : lost.storedValueBalance;
        if (dec(amount).isZero()) continue;
        const common = { account, refId: dto.replaceId, amount, storeId };
        await this.ledger.post(tx, lost, { ...common, kind: 'move_out', delta: dec(amount).negated() });
        await this.ledger.post(tx, fresh, { ...common, kind: 'move_in', delta: dec(amount) });
      }
      // the replacement keeps the old expiry: a lost card is no way to extend validity
      const repo = this.connection.repo(tx, MemberCard);
      await repo.update({ id: lost.id }, { state: 'replaced', replacedByCardId: fresh.id });
      await repo.update({ id: fresh.id }, { state: 'issued', memberId: lost.memberId, issuedAt: new Date(), issuedStoreId: storeId, expiresAt: lost.expiresAt });
      const [lostNow, freshNow] = await Promise.all([repo.findOneByOrFail({ id: lost.id }), repo.findOneByOrFail({ id: fresh.id })]);
      return { replaceId: dto.replaceId, lostCard: (await this.views(tx, [lostNow]))[0], newCard: (await this.views(tx, [freshNow]))[0], replayed: false };
    });
  }

  private async views(ctx: RequestContext, cards: MemberCard[]): Promise<CardView[]> {
    const types = await this.connection.repo(ctx, MemberCardType).findBy({ id: In([...new Set(cards.map((c) => c.cardTypeId))]) });
    const byId = new Map(types.map((t) => [t.id, t]));
    return cards.map((c) => cardView(c, byId.get(c.cardTypeId)));
  }
}
