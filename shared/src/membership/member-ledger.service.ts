import { Injectable } from '@nestjs/common';
import { CommonError, DomainException } from '../common/errors';
import { dec, Dec } from '../common/money';
import { RequestContext } from '../common/request-context';
import { TransactionalConnection } from '../common/transactional-connection';
import { pgErrorOf } from '../common/sql';
import { BalanceChangeResult, EarnPointsDto, PointsRefundDto, RedeemPointsDto, StoredValuePaymentDto, StoredValueRefundDto, StoredValueReversalDto, TopUpDto } from './member-center.dto';
import { cardVisibleTo, pointsFor, pointsToTakeBack } from './member-calc';
import { LedgerAccount, LedgerKind, MemberCard, MemberCardType, MemberLedgerEntry } from './membership.entities';
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
  /** refuses the change (card state, type rules); runs on the locked card */
  check(card: MemberCard, type: MemberCardType): void;
  /** the signed change of the balance */
  delta(card: MemberCard, type: MemberCardType): Dec;
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

  earnPoints(ctx: RequestContext, storeId: string | null, dto: EarnPointsDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'points',
      kind: 'earn',
      refId: dto.saleId,
      amount: dto.amount,
      check: (card) => assertUsable(card),
      delta: (_card, type) => pointsFor(dto.amount, type.pointsRate),
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
      check: () => undefined,
      delta: (card) => {
        // only from the card that earned them (a card replaced since moved its points with it)
        const due = earned && earned.cardId === card.id ? pointsToTakeBack(earned.delta, earned.amount, dto.refundedBefore, dto.amount) : dec(0);
        return Dec.min(due, dec(card.pointsBalance)).negated();
      },
    });
  }

  topUp(ctx: RequestContext, storeId: string | null, dto: TopUpDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'top_up',
      refId: dto.topUpId,
      amount: dto.amount,
      tenderCode: dto.tenderCode,
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

  /** Money back on the card for a returned sale (退货), idempotent by the refund's id. */
  refundStoredValue(ctx: RequestContext, storeId: string | null, dto: StoredValueRefundDto): Promise<BalanceChangeResult> {
    return this.apply(ctx, {
      storeId,
      cardNo: dto.cardNo,
      account: 'stored_value',
      kind: 'refund',
      refId: dto.refundId,
      amount: dto.amount,
      check: (card, type) => {
        assertUsable(card);
        assertStoredValueAllowed(type);
      },
      delta: () => dec(dto.amount),
    });
  }

  /**
   * Undoes a stored-value payment whose sale did not commit at the store. Keyed by the payment id
   * (kind `reversal`), so it applies once. Without a payment (the charge never arrived, or arrives
   * later) it still writes a zero row: a payment id once reversed is refused for good
   * (MEMBER_PAYMENT_REVERSED), so a charge in flight cannot land after its reversal.
   */
  async reverseStoredValuePayment(ctx: RequestContext, storeId: string | null, dto: StoredValueReversalDto): Promise<BalanceChangeResult> {
    return this.connection.withTransaction(ctx, async (tx) => {
      const card = await this.lockCard(tx, dto.cardNo);
      if (!card || !cardVisibleTo(card, storeId)) throw cardNotFound(dto.cardNo);
      const done = await this.findPrior(tx, { refId: dto.paymentId, kind: 'reversal', account: 'stored_value' });
      if (done) {
        if (done.cardId !== card.id) throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `payment ${dto.paymentId} was on another card / 该支付不属于此卡`, undefined, { refId: dto.paymentId });
        return resultOf(done, card.cardNo, true);
      }
      const payment = await this.findPrior(tx, { refId: dto.paymentId, kind: 'payment', account: 'stored_value' });
      if (payment && payment.cardId !== card.id) throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `payment ${dto.paymentId} was on another card / 该支付不属于此卡`, undefined, { refId: dto.paymentId });
      const amount = payment ? dec(payment.amount) : dec(0);
      const row = await this.post(tx, card, { account: 'stored_value', kind: 'reversal', refId: dto.paymentId, amount: amount.toString(), delta: amount, storeId });
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
    entry: { account: LedgerAccount; kind: LedgerKind; refId: string; amount: string; delta: Dec; storeId: string | null; tenderCode?: string },
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
    await this.connection
      .manager(tx)
      .query(`UPDATE member_card SET ${column} = $2, row_version = row_version + 1, updated_at = now() WHERE id = $1`, [card.id, after.toString()]);
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
      }),
    );
  }

  private async apply(ctx: RequestContext, change: BalanceChange): Promise<BalanceChangeResult> {
    try {
      return await this.connection.withTransaction(ctx, async (tx) => {
        const card = await this.lockCard(tx, change.cardNo);
        if (!card || !cardVisibleTo(card, change.storeId)) throw cardNotFound(change.cardNo);
        if (change.kind === 'payment' && (await this.findPrior(tx, { refId: change.refId, kind: 'reversal', account: change.account }))) {
          throw new DomainException(MemberError.MEMBER_PAYMENT_REVERSED, `payment ${change.refId} was reversed; start a new sale / 该支付已撤销，请重新收银`, undefined, { refId: change.refId });
        }
        // checked after the lock: a retry racing its original waits for it, then finds its row
        const prior = await this.findPrior(tx, change);
        if (prior) return replay(prior, card, change);
        const type = await this.cardType(tx, card.cardTypeId);
        change.check(card, type);
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
}

function replay(prior: MemberLedgerEntry, card: MemberCard, change: BalanceChange): BalanceChangeResult {
  if (prior.cardId !== card.id || !dec(prior.amount).eq(change.amount)) {
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
