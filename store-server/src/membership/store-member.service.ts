import {
  assertUsable,
  BalanceChangeResult,
  cardNotFound,
  cardView,
  CommonError,
  DomainException,
  EarnPointsDto,
  LookupQueryDto,
  Member,
  MemberCard,
  MemberCardType,
  MemberError,
  MemberLedgerService,
  PointsRefundDto,
  RequestContext,
  StoredValuePaymentDto,
  StoredValueRefundDto,
  StoredValueReversalDto,
  TopUpDto,
  TopUpReversalDto,
  TransactionalConnection,
} from '@chain-erp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { In } from 'typeorm';
import { MemberCenterClient } from './member-center.client';
import { derivedEventId, MemberOutboxWriter, MemberStream } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';
import type { StoreLookupCard } from './store-membership.responses';

export interface StoreLookup {
  member: Member | null;
  cards: StoreLookupCard[];
  /** false: HQ could not be reached and this is what the store knows locally (no chain balances) */
  online: boolean;
}

/** A card presented at the till, checked usable: how it prices and what it may pay. */
export interface SaleCard {
  cardNo: string;
  /** 'store': a 本店卡, balances here; 'chain': balances at HQ's member center */
  scope: 'chain' | 'store';
  pricing: 'discount' | 'member_price';
  discountRate: string | null;
  pointsRate: string;
  storedValueAllowed: boolean;
  /** for promotions limited to card types */
  cardTypeId: string;
}

/**
 * Cards at the till. A 本店卡 lives entirely in this store (balances in the local ledger); a chain
 * card's balances live at HQ's member center. Offline, stored value of chain cards is refused and
 * points are queued for HQ — never guessed. Every balance change here belongs to a document of the
 * till (a sale, a refund, a top-up or its reversal) and is written in, or for, that document.
 */
@Injectable()
export class StoreMemberService {
  private readonly log = new Logger('StoreMember');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly ledger: MemberLedgerService,
    private readonly client: MemberCenterClient,
    private readonly settings: MemberSettingsService,
    private readonly outbox: MemberOutboxWriter,
  ) {}

  async lookup(ctx: RequestContext, q: LookupQueryDto): Promise<StoreLookup> {
    const storeId = await this.settings.storeId(ctx);
    // the same rule as HQ's member center: a store acts for itself only
    if (q.storeId !== undefined && q.storeId !== storeId) {
      throw new DomainException(CommonError.OUT_OF_SCOPE, 'a store acts only for itself / 门店只能为本店操作', [{ field: 'storeId', message: 'not your store' }]);
    }
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

  /**
   * 充值 for a top-up document, inside its transaction: a 本店卡 in the local ledger, a chain card
   * online at HQ's member center (signed channel; idempotent by the document's id) — refused with
   * 503 MEMBER_CENTER_UNREACHABLE when HQ cannot be reached, never guessed.
   */
  async topUp(ctx: RequestContext, card: Pick<SaleCard, 'scope'>, dto: TopUpDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return card.scope === 'store' ? this.ledger.topUp(ctx, storeId, dto) : this.client.topUp(ctx, dto);
  }

  /** 充值冲正 for a reversal document: the whole top-up off the card, locally or at HQ (online only). */
  async reverseTopUp(ctx: RequestContext, card: Pick<SaleCard, 'scope'>, dto: TopUpReversalDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return card.scope === 'store' ? this.ledger.reverseTopUp(ctx, storeId, dto) : this.client.reverseTopUp(ctx, dto);
  }

  /** For the POS: a stored-value tender. A chain card needs HQ online; the answer is HQ's. */
  async payWithStoredValue(ctx: RequestContext, dto: StoredValuePaymentDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) ? this.ledger.payWithStoredValue(ctx, storeId, dto) : this.client.payWithStoredValue(ctx, dto);
  }

  /**
   * The card a customer presents at the till: this store's replica first (so member prices work
   * offline), else the member center. It must be issued and not expired (MEMBER_CARD_NOT_ISSUED,
   * _BLOCKED, _VOID, _EXPIRED); unknown → MEMBER_CARD_NOT_FOUND; not held here and HQ away → 503.
   */
  async saleCard(ctx: RequestContext, cardNo: string): Promise<SaleCard> {
    const storeId = await this.settings.storeId(ctx);
    const local = await this.connection.repo(ctx, MemberCard).findOneBy({ cardNo });
    let card: Pick<MemberCard, 'cardNo' | 'scope' | 'state' | 'expiresAt' | 'ownerStoreId'>;
    let type: Pick<MemberCardType, 'id' | 'pricing' | 'discountRate' | 'pointsRate' | 'storedValueAllowed'> | null;
    if (local && (local.scope === 'chain' || local.ownerStoreId === storeId)) {
      card = local;
      type = await this.connection.repo(ctx, MemberCardType).findOneBy({ id: local.cardTypeId });
    } else {
      const remote = (await this.client.lookup(ctx, { cardNo })).cards.find((c) => c.cardNo === cardNo);
      if (!remote) throw cardNotFound(cardNo);
      card = { ...remote, expiresAt: remote.expiresAt ? new Date(remote.expiresAt) : null };
      type = remote.cardType;
    }
    assertUsable(card as MemberCard);
    if (!type) throw new DomainException(MemberError.MEMBER_CARD_TYPE_NOT_FOUND, 'card type not found / 卡类型不存在');
    return {
      cardNo,
      scope: card.scope,
      pricing: type.pricing,
      discountRate: type.discountRate,
      pointsRate: type.pointsRate,
      storedValueAllowed: type.storedValueAllowed,
      cardTypeId: type.id,
    };
  }

  /**
   * Points for a sale, inside the sale's transaction: a 本店卡 earns in the local ledger; a chain
   * card's points are queued (stream member.points, id derived from the sale) and posted by the
   * sync exactly once — never an HTTP call while the sale holds its stock locks.
   */
  async earnForSale(tx: RequestContext, card: SaleCard, dto: EarnPointsDto): Promise<void> {
    const storeId = await this.settings.storeId(tx);
    if (card.scope === 'store') {
      await this.ledger.earnPoints(tx, storeId, dto);
      return;
    }
    await this.outbox.write(tx, {
      id: derivedEventId(MemberStream.POINTS, dto.saleId),
      stream: MemberStream.POINTS,
      body: { ...dto, storeId, queuedAt: new Date().toISOString() },
    });
  }

  /**
   * Points a refund takes back, inside the refund's transaction: a 本店卡 in the local ledger; a
   * chain card's queued for HQ (stream member.points-refund, id derived from the refund) behind the
   * sale's own points, so HQ always has the earn row when the refund arrives.
   */
  async refundPointsForRefund(tx: RequestContext, dto: PointsRefundDto): Promise<void> {
    const storeId = await this.settings.storeId(tx);
    if (await this.isOwnStoreCard(tx, storeId, dto.cardNo)) {
      await this.ledger.refundPoints(tx, storeId, dto);
      return;
    }
    await this.outbox.write(tx, {
      id: derivedEventId(MemberStream.POINTS_REFUND, dto.refundId),
      stream: MemberStream.POINTS_REFUND,
      body: { ...dto, storeId, queuedAt: new Date().toISOString() },
    });
  }

  /**
   * Undoes a chain card's stored-value change (a sale's payment, a top-up) after its document failed
   * to commit. HQ away: the reversal is queued (stream member.sv-reversal) for the sync to deliver,
   * and logged — until it arrives the money stays changed at HQ (docs/pos.md, "the remaining window").
   */
  async reverseStoredValue(ctx: RequestContext, dto: StoredValueReversalDto): Promise<'reversed' | 'queued'> {
    try {
      await this.client.reverseStoredValue(ctx, dto);
      return 'reversed';
    } catch (e) {
      const storeId = await this.settings.storeId(ctx);
      this.log.error({ paymentId: dto.paymentId, cardNo: dto.cardNo, err: (e as Error).message }, 'stored-value reversal not confirmed by HQ; queued');
      await this.connection.withTransaction(ctx, (tx) =>
        this.outbox.write(tx, {
          id: derivedEventId(MemberStream.SV_REVERSAL, dto.paymentId),
          stream: MemberStream.SV_REVERSAL,
          body: { ...dto, storeId, queuedAt: new Date().toISOString() },
        }),
      );
      return 'queued';
    }
  }

  /**
   * Money back on a card for a returned sale (at most what the sale charged to it, once per refund):
   * 本店卡 locally (in the caller's transaction), a chain card online only.
   */
  async refundStoredValue(ctx: RequestContext, dto: StoredValueRefundDto): Promise<BalanceChangeResult> {
    const storeId = await this.settings.storeId(ctx);
    return (await this.isOwnStoreCard(ctx, storeId, dto.cardNo)) ? this.ledger.refundStoredValue(ctx, storeId, dto) : this.client.refundStoredValue(ctx, dto);
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

/** Connection errors that mean the request never reached HQ (anything else — a timeout, a lost answer — may have landed). */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether a failed call to the member center may still have changed the card: HQ refused it (a
 * 4xx domain code), had no address, or was never reached → no; a timeout or an answer lost on the
 * way back → maybe, so the caller undoes it (an undo that finds nothing writes a zero row and the
 * late change is refused).
 */
export function mayHaveLanded(e: unknown): boolean {
  if (!(e instanceof DomainException)) return true;
  if (e.code === MemberError.MEMBER_CENTER_NOT_CONFIGURED) return false;
  if (e.code === MemberError.MEMBER_CENTER_UNREACHABLE) return !NOT_SENT.has(String(e.details?.error ?? ''));
  // HQ refused the store's signature: nothing was applied
  if (e.code === MemberError.MEMBER_CENTER_REJECTED && (e.details?.status === 401 || e.details?.status === 403)) return false;
  return e.status >= 500;
}
