import {
  BalanceChangeResult,
  cardView,
  CardView,
  DomainException,
  EarnPointsDto,
  LookupQueryDto,
  Member,
  MemberCard,
  MemberCardType,
  MemberError,
  MemberLedgerService,
  RedeemPointsDto,
  RequestContext,
  StoredValuePaymentDto,
  TopUpDto,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { MemberCenterClient } from './member-center.client';
import { derivedEventId, MemberOutboxWriter, MemberStream } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';

export interface StoreLookup {
  member: Member | null;
  cards: Array<Omit<CardView, 'pointsBalance' | 'storedValueBalance'> & { pointsBalance: string | null; storedValueBalance: string | null; balancesKnown: boolean }>;
  /** false: HQ could not be reached and this is what the store knows locally (no chain balances) */
  online: boolean;
}

export type EarnOutcome = (BalanceChangeResult & { queued: false }) | { queued: true; saleId: string; cardNo: string };

/**
 * Cards at the till. A 本店卡 lives entirely in this store (balances in the local ledger); a chain
 * card's balances live at HQ's member center. Offline, stored value of chain cards is refused and
 * points are queued for HQ — never guessed.
 */
@Injectable()
export class StoreMemberService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: MemberLedgerService,
    private readonly client: MemberCenterClient,
    private readonly settings: MemberSettingsService,
    private readonly outbox: MemberOutboxWriter,
  ) {}

  async lookup(ctx: RequestContext, q: LookupQueryDto): Promise<StoreLookup> {
    const storeId = await this.settings.storeId(ctx);
    const local = await this.localCards(ctx, storeId, q);
    if (local.cards.length && local.cards.every((c) => c.scope === 'store')) return this.localAnswer(ctx, local, true);
    try {
      const remote = await this.client.lookup(ctx, q);
      return { member: remote.member, cards: remote.cards.map((c) => ({ ...c, balancesKnown: true })), online: true };
    } catch (e) {
      // offline, the card type (discount, member price) of a card this store holds is still known
      if (e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE && local.cards.length) return this.localAnswer(ctx, local, false);
      throw e;
    }
  }

  /** Points for a sale; for a chain card queued for HQ (exactly once, by saleId) when HQ is away. */
  async earnPoints(ctx: RequestContext, dto: EarnPointsDto): Promise<EarnOutcome> {
    const storeId = await this.settings.storeId(ctx);
    if (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) return { ...(await this.ledger.earnPoints(ctx, storeId, dto)), queued: false };
    try {
      return { ...(await this.client.earnPoints(ctx, dto)), queued: false };
    } catch (e) {
      if (!(e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE)) throw e;
      await this.connection.withTransaction(ctx, (tx) =>
        this.outbox.write(tx, { id: derivedEventId(MemberStream.POINTS, dto.saleId), stream: MemberStream.POINTS, body: { ...dto, storeId, queuedAt: new Date().toISOString() } }),
      );
      return { queued: true, saleId: dto.saleId, cardNo: dto.cardNo };
    }
  }

  async redeemPoints(ctx: RequestContext, dto: RedeemPointsDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) ? this.ledger.redeemPoints(ctx, storeId, dto) : this.client.redeemPoints(ctx, dto);
  }

  async topUp(ctx: RequestContext, dto: TopUpDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) ? this.ledger.topUp(ctx, storeId, dto) : this.client.topUp(ctx, dto);
  }

  /** For the POS: a stored-value tender. A chain card needs HQ online; the answer is HQ's. */
  async payWithStoredValue(ctx: RequestContext, dto: StoredValuePaymentDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) ? this.ledger.payWithStoredValue(ctx, storeId, dto) : this.client.payWithStoredValue(ctx, dto);
  }

  private async isOwnStoreCard(ctx: RequestContext, storeId: string, cardNo: string): Promise<boolean> {
    const card = await this.connection.repo(ctx, MemberCard).findOneBy({ cardNo });
    return !!card && card.scope === 'store' && card.ownerStoreId === storeId;
  }

  /** Cards of this store's replica matching the query (by number, or the member's by mobile). */
  private async localCards(ctx: RequestContext, storeId: string, q: LookupQueryDto): Promise<{ member: Member | null; cards: MemberCard[] }> {
    const cards = this.connection.repo(ctx, MemberCard);
    if (q.cardNo) {
      const card = await cards.findOneBy({ cardNo: q.cardNo, ownerStoreId: storeId });
      const member = card?.memberId ? await this.connection.repo(ctx, Member).findOneBy({ id: card.memberId }) : null;
      return { member, cards: card ? [card] : [] };
    }
    const member = await this.connection.repo(ctx, Member).findOneBy({ mobile: q.mobile! });
    return { member, cards: member ? await cards.findBy({ memberId: member.id, ownerStoreId: storeId }) : [] };
  }

  private async localAnswer(ctx: RequestContext, local: { member: Member | null; cards: MemberCard[] }, online: boolean): Promise<StoreLookup> {
    const types = await this.connection.repo(ctx, MemberCardType).findBy({ id: In(local.cards.map((c) => c.cardTypeId)) });
    const byId = new Map(types.map((t) => [t.id, t]));
    return {
      member: local.member,
      cards: local.cards.map((c) => {
        const view = cardView(c, byId.get(c.cardTypeId));
        // a chain card's balances here are a stale replica: say unknown rather than show them
        return c.scope === 'store' ? { ...view, balancesKnown: true } : { ...view, pointsBalance: null, storedValueBalance: null, balancesKnown: false };
      }),
      online,
    };
  }
}
