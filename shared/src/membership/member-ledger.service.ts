import { Injectable } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { dec, Dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { pgErrorOf } from '../common/sql';
import { queryRows } from '../common/sql';
import { In } from 'typeorm';
import {
  BalanceChangeResult,
  EarnPointsDto,
  PointsRefundDto,
  RedeemPointsDto,
  StoredValuePaymentDto,
  StoredValueRefundDto,
  StoredValueReversalDto,
  TopUpDto,
  TopUpReversalDto,
} from './member-center.dto';
import { cardVisibleTo, pointsFor, pointsToTakeBack } from './member-calc';
import { LedgerAccount, LedgerKind, MemberCard, MemberCardType, MemberLedgerEntry } from './membership.entity';
import { MemberError } from './membership.errors';

const BALANCE_COLUMN: Record<LedgerAccount, { column: string; field: 'pointsBalance' | 'storedValueBalance' }> = {
  points: { column: 'points_balance', field: 'pointsBalance' },
  stored_value: { column: 'stored_value_balance', field: 'storedValueBalance' },
};

interface BalanceChange {
  /** the calling store; null for HQ acting for itself */
  storeId: string | null;
  cardNo: string;
  account: LedgerAccount;
  kind: LedgerKind;
  refId: string;
  /** what was asked; a retry must ask the same */
  amount: string;
  tenderCode?: string;
  /** the document this change gives back or undoes (a retry must name the same) */
  originalRefId?: string;
  docNo?: string;
  /** refuses the change (card state, type rules, the document behind it); runs on the locked card */
  check(card: MemberCard, type: MemberCardType, tx: RequestContext): void | Promise<void>;
  /** the signed change of the balance */
  delta(card: MemberCard, type: MemberCardType): Dec;
}

/** What a store's sale or refund says, as this side holds it (HQ: the pushed copy; a store: its own). */
interface DocumentRow {
  store_id: string;
  total_amount: string;
  member_ref?: string | null;
  sale_id?: string | null;
}

/**
 * Balances of a card (points and stored value) and their ledger: one locked card row, one ledger row
 * per change, in one transaction. Every change carries a UUID from its origin (sale, top-up), so a
 * retry is answered with the original result and never applied twice. HQ runs this for chain cards;
 * a store runs the same code for its own cards (本店卡), whose balances never leave the store.
 */
@Injectable()
export class MemberLedgerService {
  constructor(private readonly connection: TransactionalConnection) {}

  /**
   * Points of a sale, once per sale: only for a sale this side holds (HQ: pushed before its points;
   * a store: its own, in the sale's transaction) of the calling store, with this card, and computed
   * from its total — a made-up sale id, another store's sale or another amount earns nothing.
   */
  earnPoints(ctx: RequestContext, storeId: string | null, dto: EarnPointsDto): Promise<BalanceChangeResult> {
    let total = dec(0);
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'points',
      kind: 'earn',
      refId: dto.saleId,
      amount: dto.amount,
      check: async (card, _type, tx) => {
        assertUsable(card);
        const sale = await this.document(tx, 'pos_sale', dto.saleId, storeId, 'member_ref');
        if (!sale)
          throw new DomainException(MemberError.MEMBER_POINTS_SALE_UNKNOWN, `no sale ${dto.saleId} of this store earns points / 没有该销售单，不能积分`, [
            { field: 'saleId', message: 'not a sale of this store' },
          ]);
        if (sale.member_ref !== card.cardNo || !dec(sale.total_amount).eq(dto.amount))
          throw documentMismatch('sale', dto.saleId, { cardNo: sale.member_ref, amount: dec(sale.total_amount).toFixed(2) });
        total = dec(sale.total_amount);
      },
      delta: (_card, type) => pointsFor(total, type.pointsRate),
    });
  }

  redeemPoints(ctx: RequestContext, storeId: string | null, dto: RedeemPointsDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'points',
      kind: 'redeem',
      refId: dto.redeemId,
      amount: dto.points,
      check: (card) => assertUsable(card),
      delta: () => dec(dto.points).negated(),
    });
  }

  /**
   * Points back for a returned sale (退货, kind `refund` on the points account), idempotent by the
   * refund's id: the share of the sale's `earn` row this refund undoes (`pointsToTakeBack`). A sale
   * that earned nothing takes nothing back (the row is still written, so a retry replays it). Points
   * the member has already redeemed are not taken below zero: the row's delta is what the card had.
   * A blocked or expired card still gives its points back.
   */
  async refundPoints(ctx: RequestContext, storeId: string | null, dto: PointsRefundDto): Promise<BalanceChangeResult> {
    // an earn row never changes once written, so it can be read before the card is locked
    const earned = await this.findPrior(ctx, { refId: dto.saleId, kind: 'earn', account: 'points' });
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'points',
      kind: 'refund',
      refId: dto.refundId,
      amount: dto.amount,
      // only for a refund of that sale this side holds, for its total
      check: async (_card, _type, tx) => {
        const refund = await this.document(tx, 'pos_refund', dto.refundId, storeId, 'sale_id');
        if (!refund || refund.sale_id !== dto.saleId)
          throw new DomainException(MemberError.MEMBER_POINTS_REFUND_UNKNOWN, `no refund ${dto.refundId} of that sale at this store / 没有该退货单`, [
            { field: 'refundId', message: 'not a refund of this sale' },
          ]);
        if (!dec(refund.total_amount).eq(dto.amount)) throw documentMismatch('refund', dto.refundId, { amount: dec(refund.total_amount).toFixed(2) });
      },
      delta: (card) => {
        // only from the card that earned them (a card replaced since moved its points with it)
        const due = earned && earned.cardId === card.id ? pointsToTakeBack(earned.delta, earned.amount, dto.refundedBefore, dto.amount) : dec(0);
        return Dec.min(due, dec(card.pointsBalance)).negated();
      },
    });
  }

  /** 充值: money on the card for a top-up document of the calling store, once per document. */
  topUp(ctx: RequestContext, storeId: string | null, dto: TopUpDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'top_up',
      refId: dto.topUpId,
      amount: dto.amount,
      tenderCode: dto.tenderCode,
      docNo: dto.topUpNo,
      check: (card, type) => {
        assertUsable(card);
        assertStoredValueAllowed(type);
      },
      delta: () => dec(dto.amount),
    });
  }

  payWithStoredValue(ctx: RequestContext, storeId: string | null, dto: StoredValuePaymentDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'payment',
      refId: dto.paymentId,
      amount: dto.amount,
      check: (card, type) => {
        assertUsable(card);
        assertStoredValueAllowed(type);
      },
      delta: () => dec(dto.amount).negated(),
    });
  }

  /**
   * Money back on the card for a returned sale (退货), idempotent by the refund's id: never more
   * than that sale charged to this card at the calling store, less what its earlier refunds gave
   * back, and nothing for a sale whose payment was undone. The card is locked, so two refunds of one
   * sale queue here and the second sees the first.
   */
  refundStoredValue(ctx: RequestContext, storeId: string | null, dto: StoredValueRefundDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'refund',
      refId: dto.refundId,
      amount: dto.amount,
      originalRefId: dto.saleId,
      docNo: dto.refundNo,
      check: async (card, type, tx) => {
        assertUsable(card);
        assertStoredValueAllowed(type);
        const paid = await this.findPrior(tx, { refId: dto.saleId, kind: 'payment', account: 'stored_value' });
        if (!paid || paid.cardId !== card.id || paid.storeId !== storeId) {
          throw new DomainException(MemberError.MEMBER_REFUND_NOT_PAID, `sale ${dto.saleId} paid nothing with card ${card.cardNo} at this store / 该销售单未用此卡储值支付`, [
            { field: 'saleId', message: 'no stored-value payment of this sale on this card' },
          ]);
        }
        if (await this.findPrior(tx, { refId: dto.saleId, kind: 'reversal', account: 'stored_value' })) {
          throw new DomainException(MemberError.MEMBER_PAYMENT_REVERSED, `the payment of sale ${dto.saleId} was undone / 该支付已撤销`, [
            { field: 'saleId', message: 'payment reversed' },
          ]);
        }
        const before = await this.givenBack(tx, dto.saleId, 'refund');
        const left = dec(paid.amount).minus(before);
        if (dec(dto.amount).gt(left)) {
          throw new DomainException(
            MemberError.MEMBER_REFUND_EXCEEDS_PAYMENT,
            `at most ${left.toFixed(2)} can go back to the card / 退回储值不能超过原支付金额`,
            [{ field: 'amount', message: `at most ${left.toFixed(2)}` }],
            {
              paid: dec(paid.amount).toFixed(2),
              refunded: before.toFixed(2),
              left: left.toFixed(2),
            },
          );
        }
      },
      delta: () => dec(dto.amount),
    });
  }

  /**
   * 充值冲正: a whole top-up of the calling store taken back off its card by a new document, at most
   * once per top-up (uq_member_ledger_top_up_reversal), never below zero — money already spent
   * cannot be given back.
   */
  reverseTopUp(ctx: RequestContext, storeId: string | null, dto: TopUpReversalDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'top_up_reversal',
      refId: dto.reversalId,
      amount: dto.amount,
      originalRefId: dto.topUpId,
      docNo: dto.reversalNo,
      check: async (card, _type, tx) => {
        const top = await this.findPrior(tx, { refId: dto.topUpId, kind: 'top_up', account: 'stored_value' });
        if (!top || top.cardId !== card.id || top.storeId !== storeId) {
          throw new DomainException(MemberError.MEMBER_TOP_UP_NOT_FOUND, `no top-up ${dto.topUpId} of this store on card ${card.cardNo} / 没有该充值单`, [
            { field: 'topUpId', message: 'not a top-up of this store on this card' },
          ]);
        }
        if (!dec(top.amount).eq(dto.amount)) throw documentMismatch('top-up', dto.topUpId, { amount: dec(top.amount).toFixed(2) });
        const undone = await this.connection.repo(tx, MemberLedgerEntry).exists({
          where: [
            { refId: dto.topUpId, kind: 'reversal', account: 'stored_value' },
            { originalRefId: dto.topUpId, kind: 'top_up_reversal' },
          ],
        });
        if (undone) throw topUpReversed(dto.topUpId);
      },
      delta: () => dec(dto.amount).negated(),
    });
  }

  /**
   * Undoes the stored-value change of a document that did not commit at the store: a sale's payment
   * (money back) or a top-up (money off again). Keyed by the document's id (kind `reversal`), so it
   * applies once, and only for the store that made the change. Without a change yet (it never
   * arrived, or arrives later) it still writes a zero row: an id once undone is refused for good
   * (MEMBER_PAYMENT_REVERSED / MEMBER_TOP_UP_REVERSED), so a charge in flight cannot land after its
   * reversal. A payment some refund already gave back, or a top-up already reversed by a document,
   * is not undone again.
   */
  async reverseStoredValuePayment(ctx: RequestContext, storeId: string | null, dto: StoredValueReversalDto): Promise<BalanceChangeResult> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const card = await this.lockCard(tx, dto.cardNo);
      if (!card || !cardVisibleTo(card, storeId)) throw cardNotFound(dto.cardNo);
      const done = await this.findPrior(tx, { refId: dto.paymentId, kind: 'reversal', account: 'stored_value' });
      if (done) {
        if (done.cardId !== card.id)
          throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `payment ${dto.paymentId} was on another card / 该支付不属于此卡`, undefined, { refId: dto.paymentId });
        return resultOf(done, card.cardNo, true);
      }
      const original = await this.connection.repo(tx, MemberLedgerEntry).findOneBy({ refId: dto.paymentId, kind: In(['payment', 'top_up']), account: 'stored_value' });
      if (original && original.cardId !== card.id)
        throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `payment ${dto.paymentId} was on another card / 该支付不属于此卡`, undefined, { refId: dto.paymentId });
      if (original && original.storeId !== storeId) throw documentMismatch(original.kind === 'payment' ? 'sale' : 'top-up', dto.paymentId, { store: 'another store' });
      if (original?.kind === 'payment' && (await this.givenBack(tx, dto.paymentId, 'refund')).gt(0)) {
        throw new DomainException(MemberError.MEMBER_PAYMENT_REFUNDED, `sale ${dto.paymentId} was refunded; its payment is not undone / 该销售已退货，不能撤销支付`, undefined, {
          refId: dto.paymentId,
        });
      }
      if (original?.kind === 'top_up' && (await this.connection.repo(tx, MemberLedgerEntry).existsBy({ originalRefId: dto.paymentId, kind: 'top_up_reversal' })))
        throw topUpReversed(dto.paymentId);
      const amount = original ? dec(original.amount) : dec(0);
      const row = await this.post(tx, card, {
        account: 'stored_value',
        kind: 'reversal',
        refId: dto.paymentId,
        amount: amount.toString(),
        delta: original?.kind === 'top_up' ? amount.negated() : amount,
        storeId,
      });
      return resultOf(row, card.cardNo, false);
    });
  }

  /** The card row, locked until the transaction ends (two tills paying with one card queue here). */
  async lockCard(tx: RequestContext, cardNo: string): Promise<MemberCard | null> {
    return this.connection.repo(tx, MemberCard).findOne({ where: { cardNo }, lock: { mode: 'pessimistic_write' } });
  }

  async cardType(tx: RequestContext, id: string): Promise<MemberCardType> {
    const type = await this.connection.repo(tx, MemberCardType).findOneBy({ id });
    if (!type) throw new DomainException(MemberError.MEMBER_CARD_TYPE_NOT_FOUND, 'card type not found / 卡类型不存在');
    return type;
  }

  /**
   * Writes one ledger row and the new balance on a card the caller has locked. Used by `apply` and
   * by a replacement, which moves balances between two locked cards.
   */
  async post(
    tx: RequestContext,
    card: MemberCard,
    entry: {
      account: LedgerAccount;
      kind: LedgerKind;
      refId: string;
      amount: string;
      delta: Dec;
      storeId: string | null;
      tenderCode?: string;
      originalRefId?: string;
      docNo?: string;
    },
  ): Promise<MemberLedgerEntry> {
    const { column, field } = BALANCE_COLUMN[entry.account];
    const before = dec(card[field]);
    const after = before.plus(entry.delta);
    if (after.isNegative()) {
      const code = entry.account === 'points' ? MemberError.MEMBER_INSUFFICIENT_POINTS : MemberError.MEMBER_INSUFFICIENT_BALANCE;
      throw new DomainException(code, `not enough ${entry.account === 'points' ? 'points' : 'stored value'} on card ${card.cardNo} / 余额不足`, undefined, {
        cardNo: card.cardNo,
        balance: before.toFixed(2),
        requested: entry.delta.negated().toFixed(2),
      });
    }
    // row_version moves with every balance change so a change feed sees it (raw UPDATE skips @VersionColumn)
    await this.connection.manager(tx).query(`UPDATE member_card SET ${column} = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`, [card.id, after.toString()]);
    card[field] = after.toString();
    const repo = this.connection.repo(tx, MemberLedgerEntry);
    return repo.save(
      repo.create({
        cardId: card.id,
        memberId: card.memberId,
        account: entry.account,
        kind: entry.kind,
        refId: entry.refId,
        amount: dec(entry.amount).toString(),
        // normalised like the column transformer reads them back, so a replay answers the same strings
        delta: entry.delta.toString(),
        balanceBefore: before.toString(),
        balanceAfter: after.toString(),
        storeId: entry.storeId,
        userId: tx.userId,
        username: tx.user?.username ?? null,
        tenderCode: entry.tenderCode ?? null,
        originalRefId: entry.originalRefId ?? null,
        docNo: entry.docNo ?? null,
      }),
    );
  }

  private async apply(ctx: RequestContext, change: BalanceChange): Promise<BalanceChangeResult> {
    try {
      return await this.connection.withTransaction(ctx, async (tx) => {
        const card = await this.lockCard(tx, change.cardNo);
        if (!card || !cardVisibleTo(card, change.storeId)) throw cardNotFound(change.cardNo);
        if ((change.kind === 'payment' || change.kind === 'top_up') && (await this.findPrior(tx, { refId: change.refId, kind: 'reversal', account: change.account }))) {
          if (change.kind === 'top_up') throw topUpReversed(change.refId);
          throw new DomainException(MemberError.MEMBER_PAYMENT_REVERSED, `payment ${change.refId} was reversed; start a new sale / 该支付已撤销，请重新收银`, undefined, {
            refId: change.refId,
          });
        }
        // checked after the lock: a retry racing its original waits for it, then finds its row
        const prior = await this.findPrior(tx, change);
        if (prior) return replay(prior, card, change);
        const type = await this.cardType(tx, card.cardTypeId);
        await change.check(card, type, tx);
        const row = await this.post(tx, card, { ...change, delta: change.delta(card, type) });
        return resultOf(row, card.cardNo, false);
      });
    } catch (e) {
      // the same id sent with another card at the same moment: the unique index decides, the loser replays
      if (pgErrorOf(e).constraint === 'uq_member_ledger_ref' && !ctx.inTransaction) {
        const prior = await this.findPrior(ctx, change);
        const card = prior && (await this.connection.repo(ctx, MemberCard).findOneBy({ cardNo: change.cardNo }));
        if (prior && card) return replay(prior, card, change);
      }
      throw e;
    }
  }

  private findPrior(tx: RequestContext, change: Pick<BalanceChange, 'refId' | 'kind' | 'account'>): Promise<MemberLedgerEntry | null> {
    return this.connection.repo(tx, MemberLedgerEntry).findOneBy({ refId: change.refId, kind: change.kind, account: change.account });
  }

  /** Stored value the rows of a kind pointing back at a document gave back so far (e.g. a sale's refunds). */
  private async givenBack(tx: RequestContext, originalRefId: string, kind: LedgerKind): Promise<Dec> {
    const [r] = await queryRows<{ amount: string }>(
      this.connection.manager(tx),
      `SELECT coalesce(sum(amount), 0)::text AS amount FROM member_ledger WHERE original_ref_id = $1 AND account = 'stored_value' AND kind = $2`,
      [originalRefId, kind],
    );
    return dec(r.amount);
  }

  /** A store's sale or refund as this side holds it; null when it is not there or another store's. */
  private async document(tx: RequestContext, table: 'pos_sale' | 'pos_refund', id: string, storeId: string | null, extra: 'member_ref' | 'sale_id'): Promise<DocumentRow | null> {
    const [row] = await queryRows<DocumentRow>(this.connection.manager(tx), `SELECT store_id, total_amount::text, ${extra} FROM ${table} WHERE id = $1`, [id]);
    return row && row.store_id === storeId ? row : null;
  }
}

function replay(prior: MemberLedgerEntry, card: MemberCard, change: BalanceChange): BalanceChangeResult {
  if (prior.cardId !== card.id || !dec(prior.amount).eq(change.amount) || (prior.originalRefId ?? undefined) !== change.originalRefId) {
    throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `${change.refId} was already used for another ${change.kind} / 该编号已用于另一笔业务`, undefined, {
      refId: change.refId,
      kind: change.kind,
      originalAmount: prior.amount,
    });
  }
  return resultOf(prior, card.cardNo, true);
}

function resultOf(row: MemberLedgerEntry, cardNo: string, replayed: boolean): BalanceChangeResult {
  return {
    entryId: row.id,
    cardNo,
    account: row.account,
    kind: row.kind,
    amount: row.amount,
    delta: row.delta,
    balanceBefore: row.balanceBefore,
    balanceAfter: row.balanceAfter,
    replayed,
  };
}

function documentMismatch(what: string, id: string, says: Record<string, unknown>): DomainException {
  return new DomainException(MemberError.MEMBER_DOCUMENT_MISMATCH, `not what ${what} ${id} says / 与单据不符`, undefined, {
    [what === 'top-up' ? 'topUpId' : `${what}Id`]: id,
    ...says,
  });
}

function topUpReversed(topUpId: string): DomainException {
  return new DomainException(MemberError.MEMBER_TOP_UP_REVERSED, `top-up ${topUpId} was already reversed / 该充值已冲正`, undefined, { topUpId });
}

export function cardNotFound(cardNo: string): DomainException {
  return new DomainException(MemberError.MEMBER_CARD_NOT_FOUND, `card ${cardNo} not found / 卡号不存在`, [{ field: 'cardNo', message: 'not found' }]);
}

/** A card takes points and money only while issued and not expired. */
export function assertUsable(card: MemberCard, now = new Date()): void {
  const why: Partial<Record<MemberCard['state'], [string, string]>> = {
    made: [MemberError.MEMBER_CARD_NOT_ISSUED, 'is not issued / 未发卡'],
    assigned: [MemberError.MEMBER_CARD_NOT_ISSUED, 'is not issued / 未发卡'],
    lost: [MemberError.MEMBER_CARD_BLOCKED, 'is reported lost / 已挂失'],
    replaced: [MemberError.MEMBER_CARD_BLOCKED, 'was replaced / 已补卡停用'],
    void: [MemberError.MEMBER_CARD_VOID, 'is void / 已作废'],
  };
  const refusal = why[card.state];
  if (refusal) throw new DomainException(refusal[0], `card ${card.cardNo} ${refusal[1]}`, undefined, { cardNo: card.cardNo, state: card.state });
  if (card.expiresAt && card.expiresAt.getTime() <= now.getTime()) {
    throw new DomainException(MemberError.MEMBER_CARD_EXPIRED, `card ${card.cardNo} expired / 卡已过期`, undefined, { cardNo: card.cardNo, expiresAt: card.expiresAt });
  }
}

function assertStoredValueAllowed(type: MemberCardType): void {
  if (!type.storedValueAllowed) {
    throw new DomainException(MemberError.MEMBER_STORED_VALUE_NOT_ALLOWED, `cards of type ${type.code} take no stored value / 该卡类型不允许储值`);
  }
}
