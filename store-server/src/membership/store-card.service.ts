import {
  CardIssueService,
  DomainException,
  IssueCardDto,
  IssueResult,
  MemberCard,
  MemberCardType,
  MemberError,
  Page,
  RequestContext,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MemberOutboxWriter, MemberStream } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';
import { StoreCardQueryDto } from './store-membership.dto';
import { StoreMembershipRepository } from './store-membership.repository';

export { STORE_CARD_SORT } from './store-membership.repository';

/**
 * 发卡 at the till: the blank card (a replica row pulled from HQ) becomes issued here at once, with
 * the local member, and the issue is queued for HQ in the same transaction. HQ's member center runs
 * the same rules again when the event arrives, idempotent by the issue id.
 */
@Injectable()
export class StoreCardService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly issuer: CardIssueService,
    private readonly settings: MemberSettingsService,
    private readonly outbox: MemberOutboxWriter,
    private readonly repo: StoreMembershipRepository,
  ) {}

  async issue(ctx: RequestContext, dto: IssueCardDto): Promise<IssueResult> {
    const storeId = await this.settings.storeId(ctx);
    const { cardMode } = await this.settings.get(ctx);
    const issuedAt = new Date();
    return this.connection.withTransaction(ctx, async (tx) => {
      const card = await this.connection.repo(tx, MemberCard).findOneBy({ cardNo: dto.cardNo });
      if (card && cardMode !== 'both' && card.scope !== cardMode) {
        throw new DomainException(MemberError.MEMBER_CARD_MODE_MISMATCH, `this store issues ${cardMode} cards only (会员设置) / 本店不发此类卡`, [
          { field: 'cardNo', message: `a ${card.scope} card` },
        ]);
      }
      // the member is born here: its id travels with the event so HQ keeps it
      const result = await this.issuer.issue(tx, storeId, { ...dto, memberId: dto.memberId ?? randomUUID() }, issuedAt);
      if (!result.replayed) {
        await this.outbox.write(tx, {
          id: dto.issueId,
          stream: MemberStream.CARD_ISSUE,
          body: { issueId: dto.issueId, storeId, cardNo: dto.cardNo, memberId: result.member.id, member: dto.member, issuedAt: issuedAt.toISOString() },
        });
      }
      return result;
    });
  }

  async list(ctx: RequestContext, q: StoreCardQueryDto): Promise<Page<MemberCard>> {
    const storeId = await this.settings.storeId(ctx);
    return this.repo.cards(ctx, storeId, q);
  }

  listTypes(ctx: RequestContext): Promise<MemberCardType[]> {
    return this.connection.repo(ctx, MemberCardType).find({ where: { status: 'active' }, order: { code: 'ASC' } });
  }
}
