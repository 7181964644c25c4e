import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { CommonError, DomainException } from '../common/errors';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { writeCardEvents } from './card-events';
import { cardView, CardView, expiryOf } from './member-calc';
import { IssueCardDto } from './member-center.dto';
import { cardNotFound, MemberLedgerService } from './member-ledger.service';
import { pgErrorOf } from '../common/sql';
import { Member, MemberCard, MemberCardEvent } from './membership.entity';
import { MemberError } from './membership.errors';

/** What 发卡 answers, at HQ's member center and at a store. */
export class IssueResult {
  @ApiProperty({ type: String, format: 'uuid' })
  issueId!: string;

  @ApiProperty({ type: () => CardView })
  card!: CardView;

  @ApiProperty({ type: () => Member })
  member!: Member;

  /** true when this answered a retry of an issue already done */
  @ApiProperty({ type: Boolean, description: 'true when this answered a retry of an issue already done' })
  replayed!: boolean;
}

/**
 * 发卡: a blank card of the calling store goes to a member. The same rules run at HQ's member
 * center and at a store on its replica (so a card issued offline obeys what HQ would check), in the
 * caller's transaction, idempotent by the issue's UUID.
 */
@Injectable()
export class CardIssueService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: MemberLedgerService,
  ) {}

  async issue(ctx: RequestContext, storeId: string, dto: IssueCardDto, issuedAt = new Date()): Promise<IssueResult> {
    try {
      return await this.connection.withTransaction(ctx, (tx) => this.issueIn(tx, storeId, dto, issuedAt));
    } catch (e) {
      // a retry racing its original: the unique issue index lets one through, the other replays
      if (pgErrorOf(e).constraint === 'uq_member_card_event_ref' && !ctx.inTransaction) {
        return this.connection.withTransaction(ctx, async (tx) => (await this.replay(tx, dto)) ?? Promise.reject(e instanceof Error ? e : new Error(String(e))));
      }
      throw e;
    }
  }

  private async issueIn(tx: RequestContext, storeId: string, dto: IssueCardDto, issuedAt: Date): Promise<IssueResult> {
    const card = await this.ledger.lockCard(tx, dto.cardNo);
    // another store's 本店卡 is not even acknowledged
    if (!card || (card.scope === 'store' && card.ownerStoreId !== storeId)) throw cardNotFound(dto.cardNo);
    const prior = await this.replay(tx, dto);
    if (prior) return prior;
    assertIssuable(card, storeId);
    const member = await this.memberFor(tx, storeId, dto);
    const type = await this.ledger.cardType(tx, card.cardTypeId);
    await writeCardEvents(this.connection, tx, [{ card, action: 'issue', to: 'issued', storeId, refId: dto.issueId }]);
    Object.assign(card, { state: 'issued', memberId: member.id, issuedAt, issuedStoreId: storeId, expiresAt: expiryOf(issuedAt, type.validityMonths) });
    const saved = await this.connection.repo(tx, MemberCard).save(card);
    return { issueId: dto.issueId, card: cardView(saved, type), member, replayed: false };
  }

  /** The earlier result of this issue id, or a 422 if the id was used for something else. */
  private async replay(tx: RequestContext, dto: IssueCardDto): Promise<IssueResult | null> {
    const event = await this.connection.repo(tx, MemberCardEvent).findOneBy({ refId: dto.issueId, action: 'issue' });
    if (!event) return null;
    const card = await this.connection.repo(tx, MemberCard).findOneByOrFail({ id: event.cardId });
    const member = card.memberId ? await this.connection.repo(tx, Member).findOneBy({ id: card.memberId }) : null;
    if (card.cardNo !== dto.cardNo || !member || member.mobile !== dto.member.mobile) {
      throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `issue ${dto.issueId} was used for another card / 该发卡编号已用于另一张卡`, undefined, {
        issueId: dto.issueId,
        cardNo: card.cardNo,
      });
    }
    return { issueId: dto.issueId, card: cardView(card, await this.ledger.cardType(tx, card.cardTypeId)), member, replayed: true };
  }

  /** A new member, or the existing one when the caller names it; a mobile number belongs to one member. */
  private async memberFor(tx: RequestContext, storeId: string, dto: IssueCardDto): Promise<Member> {
    const repo = this.connection.repo(tx, Member);
    const byMobile = await repo.findOne({ where: { mobile: dto.member.mobile }, lock: { mode: 'pessimistic_write' } });
    if (byMobile) {
      if (dto.memberId === byMobile.id) return byMobile;
      throw new DomainException(
        MemberError.MEMBER_MOBILE_TAKEN,
        `mobile ${dto.member.mobile} belongs to another member / 手机号已被其他会员使用`,
        [{ field: 'member.mobile', message: 'in use' }],
        {
          memberId: byMobile.id,
        },
      );
    }
    if (dto.memberId && (await repo.existsBy({ id: dto.memberId }))) {
      // an existing member who changes mobile is a member edit, not part of an issue
      throw new DomainException(MemberError.MEMBER_MOBILE_TAKEN, 'the member has another mobile number / 会员手机号不一致', [
        { field: 'member.mobile', message: 'differs from the member’s' },
      ]);
    }
    return repo.save(
      repo.create({
        ...(dto.memberId ? { id: dto.memberId } : {}),
        name: dto.member.name,
        mobile: dto.member.mobile,
        birthday: dto.member.birthday ?? null,
        idNumber: dto.member.idNumber ?? null,
        homeStoreId: storeId,
      }),
    );
  }
}

/** Only a blank card held by the issuing store can be issued. */
export function assertIssuable(card: MemberCard, storeId: string): void {
  if (card.state === 'void') throw new DomainException(MemberError.MEMBER_CARD_VOID, `card ${card.cardNo} is void / 卡已作废`, undefined, { cardNo: card.cardNo });
  if (['issued', 'lost', 'replaced'].includes(card.state)) {
    throw new DomainException(MemberError.MEMBER_CARD_ALREADY_ISSUED, `card ${card.cardNo} is already issued / 卡已发出`, undefined, { cardNo: card.cardNo, state: card.state });
  }
  if (card.state !== 'assigned' || card.ownerStoreId !== storeId) {
    throw new DomainException(MemberError.MEMBER_CARD_NOT_OWNED, `card ${card.cardNo} is not held by this store / 该卡不属于本店`, undefined, { cardNo: card.cardNo });
  }
}
