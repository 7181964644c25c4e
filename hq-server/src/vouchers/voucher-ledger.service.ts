import { Injectable } from '@nestjs/common';
import {
  CommonError,
  dec,
  Dec,
  DomainException,
  pgErrorOf,
  RequestContext,
  TransactionalConnection,
  Voucher,
  VoucherChangeDto,
  VoucherError,
  VoucherLedgerEntry,
  VoucherLedgerKind,
  VoucherRedeemDto,
  VoucherRefundDto,
  VoucherReversalDto,
  VoucherBalanceDto,
  VoucherSellDto,
  VoucherState,
  assertInForce,
  assertRedeemable,
  assertTenderFits,
  refusalOf,
  VoucherException,
  VoucherOfflineRedemptionRecord,
} from '@chain-erp/shared';
import { VoucherRepository } from './voucher.repository';

/**
 * The value of vouchers and gift cards, held at HQ (docs/promotions.md "Vouchers and gift cards"):
 * one locked voucher row, one ledger row per change, in one transaction — the same shape as the
 * member center's stored value (MemberLedgerService). Every change names the store's document (the
 * sale, the refund), so a retry is answered with the first result and never applied twice, and two
 * tills redeeming one number queue on the row lock: the second sees it used.
 */
@Injectable()
export class VoucherLedgerService {
  constructor(
    private readonly connection: TransactionalConnection,
    private readonly repository: VoucherRepository,
  ) {}

  /**
   * A sale's tender: a voucher pays at most its face value and is used up by that one sale (what it
   * does not pay is forfeited — 不找零); a gift card pays down its balance. Refused: unknown, void,
   * not valid at the calling store, outside its validity, a voucher used or below its minimum spend,
   * a gift card short of balance, a sale id whose redemption was undone.
   */
  redeem(ctx: RequestContext, storeId: string, dto: VoucherRedeemDto, now = new Date()): Promise<VoucherChangeDto> {
    return this.apply(ctx, dto.number, 'redeem', dto.saleId, dto.amount, async (v, tx) => {
      if (await this.prior(tx, v.id, 'reversal', dto.saleId))
        throw new DomainException(
          VoucherError.VOUCHER_REDEMPTION_REVERSED,
          `the redemption for sale ${dto.saleId} was undone; start a new sale / 该券支付已撤销，请重新收银`,
          undefined,
          { saleId: dto.saleId },
        );
      assertRedeemable(v, storeId, now);
      assertTenderFits(v, dto.amount, dto.saleTotal);
      return { delta: v.kind === 'voucher' ? dec(v.balance).negated() : dec(dto.amount).negated(), storeId, docNo: dto.receiptNo ?? null, originalRefId: null };
    });
  }

  /**
   * A voucher a store redeemed against its replica while HQ was away (push stream
   * `voucher.redemption`), booked once — keyed like an online redemption by the voucher and the sale,
   * so a repeated push, or the online charge of the same sale that did land after all, books nothing
   * more. The goods have left the shop: it is never refused. A rule it broke at HQ's truth — above
   * all the voucher already used (at another store, or online: a double redemption) — is booked
   * with what is left (nothing, for a used voucher) and kept in `voucher_exception` for follow-up.
   */
  redeemOffline(ctx: RequestContext, storeId: string, r: VoucherOfflineRedemptionRecord): Promise<VoucherChangeDto> {
    return this.apply(ctx, r.number, 'redeem', r.saleId, r.amount, async (v, tx) => {
      const broken = refusalOf(() => {
        assertRedeemable(v, storeId, new Date(r.queuedAt));
        assertTenderFits(v, r.amount, r.saleTotal);
      });
      if (broken) {
        const other = broken.code === VoucherError.VOUCHER_ALREADY_USED ? await this.lastRedemption(tx, v.id) : null;
        await this.connection.repo(tx, VoucherException).insert({
          kind: broken.code === VoucherError.VOUCHER_ALREADY_USED ? 'double_redemption' : 'offline_rule',
          voucherId: v.id,
          saleId: r.saleId,
          receiptNo: r.receiptNo ?? null,
          storeId,
          redeemedAt: new Date(r.queuedAt),
          amount: dec(r.amount).toFixed(2),
          reason: broken.code,
          otherSaleId: other?.refId ?? null,
          otherStoreId: other?.storeId ?? null,
        });
      }
      // never below zero: a used voucher gives nothing more (the ledger row shows the claim, delta 0)
      const delta = v.kind === 'voucher' ? dec(v.balance) : Dec.min(dec(r.amount), dec(v.balance));
      return { delta: delta.negated(), storeId, docNo: r.receiptNo ?? null, originalRefId: null, offline: true };
    });
  }

  private lastRedemption(tx: RequestContext, voucherId: string): Promise<VoucherLedgerEntry | null> {
    return this.connection.repo(tx, VoucherLedgerEntry).findOne({ where: { voucherId, kind: 'redeem' }, order: { at: 'DESC', id: 'DESC' } });
  }

  /**
   * Undoes a sale's redemption that did not commit at its store (kind `reversal`, once per sale and
   * number): the whole change comes back. With nothing to undo yet it writes a zero row, so a
   * redemption still in flight is refused when it lands (VOUCHER_REDEMPTION_REVERSED).
   */
  async reverse(ctx: RequestContext, storeId: string, dto: VoucherReversalDto): Promise<VoucherChangeDto> {
    return this.underLock(ctx, dto.number, async (locked) => {
      // the till's undo names its document: a gift card sold by it (礼品卡售卡) becomes unsold again —
      // decided under the row lock, so a sale still open at HQ is waited for and seen
      if (await this.soldBy(locked, dto.number, dto.saleId)) return this.unsell(locked, storeId, dto);
      return this.redeemReversal(locked, storeId, dto);
    });
  }

  private redeemReversal(ctx: RequestContext, storeId: string, dto: VoucherReversalDto): Promise<VoucherChangeDto> {
    return this.apply(ctx, dto.number, 'reversal', dto.saleId, null, async (v, tx) => {
      const redeemed = await this.prior(tx, v.id, 'redeem', dto.saleId);
      if (redeemed && redeemed.storeId !== storeId) throw notPaid(v.number, dto.saleId);
      if (redeemed && (await this.givenBack(tx, v.id, dto.saleId)).gt(0))
        throw new DomainException(VoucherError.VOUCHER_REFUND_NOT_PAID, `sale ${dto.saleId} was refunded; its redemption is not undone / 该销售已退货，不能撤销`, undefined, {
          saleId: dto.saleId,
        });
      return { delta: redeemed ? dec(redeemed.delta).negated() : dec(0), amount: redeemed ? dec(redeemed.amount) : dec(0), storeId, docNo: null, originalRefId: null };
    });
  }

  /**
   * 退货: what a refund gives back onto the voucher or gift card that paid the sale — never more than
   * it paid that sale at the calling store less earlier refunds. The voucher is usable again for
   * that amount, within its original validity.
   */
  refund(ctx: RequestContext, storeId: string, dto: VoucherRefundDto): Promise<VoucherChangeDto> {
    return this.apply(ctx, dto.number, 'refund', dto.refundId, dto.amount, async (v, tx) => {
      const paid = await this.prior(tx, v.id, 'redeem', dto.saleId);
      if (!paid || paid.storeId !== storeId) throw notPaid(v.number, dto.saleId);
      if (await this.prior(tx, v.id, 'reversal', dto.saleId))
        throw new DomainException(VoucherError.VOUCHER_REDEMPTION_REVERSED, `the redemption for sale ${dto.saleId} was undone / 该券支付已撤销`, undefined, { saleId: dto.saleId });
      // what it paid at HQ: a double offline redemption claimed an amount but took nothing (delta 0)
      const left = Dec.min(dec(paid.amount), dec(paid.delta).negated()).minus(await this.givenBack(tx, v.id, dto.saleId));
      if (dec(dto.amount).gt(left)) {
        throw new DomainException(
          VoucherError.VOUCHER_REFUND_EXCEEDS_PAYMENT,
          `at most ${left.toFixed(2)} can go back onto ${v.number} / 退回金额超过原支付`,
          [{ field: 'amount', message: `at most ${left.toFixed(2)}` }],
          { paid: dec(paid.amount).toFixed(2), left: left.toFixed(2) },
        );
      }
      return { delta: dec(dto.amount), storeId, docNo: dto.refundNo ?? null, originalRefId: dto.saleId };
    });
  }

  /**
   * 礼品卡售卡: a till sells a gift card of a batch sold at the till — its face value is loaded
   * (ledger kind `sell`) and it can pay from now on. Refused: not such a card (VOUCHER_NOT_FOR_SALE),
   * sold before (VOUCHER_ALREADY_SOLD), void, not valid at the store or outside its validity, an
   * amount other than its face value (VOUCHER_SALE_AMOUNT_MISMATCH), a document id undone before.
   */
  async sell(ctx: RequestContext, storeId: string, dto: VoucherSellDto, now = new Date()): Promise<VoucherChangeDto> {
    const undone = () =>
      new DomainException(VoucherError.VOUCHER_REDEMPTION_REVERSED, `the card sale ${dto.saleId} was undone; start a new one / 该售卡已撤销，请重新售卡`, undefined, {
        saleId: dto.saleId,
      });
    return this.underLock(ctx, dto.number, async (locked) => {
      // a retry of a sale undone since must not replay the first answer (the card holds nothing of it): checked under the lock
      if (await this.undoneSale(locked, dto.number, dto.saleId)) throw undone();
      return this.apply(locked, dto.number, 'sell', dto.saleId, dto.amount, async (v, tx) => {
        await this.assertSellable(tx, v, storeId, now);
        if (!dec(dto.amount).eq(v.faceValue))
          throw new DomainException(
            VoucherError.VOUCHER_SALE_AMOUNT_MISMATCH,
            `${v.number} is sold at its face value ${dec(v.faceValue).toFixed(2)} / 礼品卡按面值 ${dec(v.faceValue).toFixed(2)} 出售`,
            [{ field: 'amount', message: `exactly ${dec(v.faceValue).toFixed(2)}` }],
            { faceValue: dec(v.faceValue).toFixed(2) },
          );
        return { delta: dec(dto.amount), storeId, docNo: dto.saleNo ?? null, originalRefId: null, state: 'active' };
      });
    });
  }

  /** A card sale that did not commit at its store: the value comes off again and the card is unsold. */
  private unsell(ctx: RequestContext, storeId: string, dto: VoucherReversalDto): Promise<VoucherChangeDto> {
    return this.apply(ctx, dto.number, 'sell_reversal', dto.saleId, null, async (v, tx) => {
      const sold = (await this.prior(tx, v.id, 'sell', dto.saleId))!;
      if (sold.storeId !== storeId) throw notPaid(v.number, dto.saleId);
      if (dec(v.balance).lt(sold.delta))
        throw new DomainException(VoucherError.VOUCHER_INSUFFICIENT_BALANCE, `${v.number} was spent; its sale is not undone / 礼品卡已消费，不能撤销售卡`, undefined, {
          balance: dec(v.balance).toFixed(2),
        });
      return { delta: dec(sold.delta).negated(), amount: dec(sold.amount), storeId, docNo: null, originalRefId: null, state: 'unsold' };
    });
  }

  /**
   * 余额查询 for a store: what the number can pay there now, or why not (the code a tender would
   * get), and whether the store may sell it. No ledger: other stores' documents are not a store's.
   */
  async balance(ctx: RequestContext, storeId: string, number: string, now = new Date()): Promise<VoucherBalanceDto> {
    const v = await this.connection.repo(ctx, Voucher).findOneBy({ number });
    if (!v) throw new DomainException(VoucherError.VOUCHER_NOT_FOUND, `no voucher or gift card ${number} / 券号不存在`, [{ field: 'number', message: 'not found' }]);
    const payRefusal = refusalOf(() => assertRedeemable(v, storeId, now));
    const sellable = await this.assertSellable(ctx, v, storeId, now).then(
      () => true,
      (e: unknown) => {
        if (e instanceof DomainException) return false;
        throw e;
      },
    );
    return {
      number: v.number,
      kind: v.kind,
      state: v.state,
      faceValue: dec(v.faceValue).toFixed(2),
      percent: v.percent === null ? null : dec(v.percent).toFixed(2),
      minSpend: dec(v.minSpend).toFixed(2),
      balance: dec(v.balance).toFixed(2),
      validFrom: v.validFrom,
      validTo: v.validTo,
      usable: !payRefusal,
      sellable,
      refusalCode: payRefusal?.code ?? null,
      refusalMessage: payRefusal?.message ?? null,
    };
  }

  private async assertSellable(tx: RequestContext, v: Voucher, storeId: string, now: Date): Promise<void> {
    if (v.kind !== 'gift_card' || !(await this.repository.soldAtTill(tx, v.batchId)))
      throw new DomainException(VoucherError.VOUCHER_NOT_FOR_SALE, `${v.number} is not a gift card sold at the till / 该券不是门店出售的礼品卡`, [
        { field: 'number', message: 'not sold at the till' },
      ]);
    assertInForce(v, storeId, now);
    if (v.state !== 'unsold')
      throw new DomainException(VoucherError.VOUCHER_ALREADY_SOLD, `${v.number} was already sold / 该礼品卡已售出`, [{ field: 'number', message: 'already sold' }]);
  }

  /** `fn` in a transaction that holds the voucher's row first (a change still open on it is waited for, then seen). */
  private underLock<T>(ctx: RequestContext, number: string, fn: (tx: RequestContext) => Promise<T>): Promise<T> {
    return this.connection.withTransaction(ctx, async (tx) => {
      await this.repository.lockNumber(tx, number);
      return fn(tx);
    });
  }

  private soldBy(ctx: RequestContext, number: string, saleId: string): Promise<boolean> {
    return this.hasRow(ctx, number, saleId, ['sell']);
  }

  private undoneSale(ctx: RequestContext, number: string, saleId: string): Promise<boolean> {
    return this.hasRow(ctx, number, saleId, ['sell_reversal', 'reversal']);
  }

  private hasRow(ctx: RequestContext, number: string, refId: string, kinds: VoucherLedgerKind[]): Promise<boolean> {
    return this.repository.hasRow(ctx, number, refId, kinds);
  }

  private async apply(
    ctx: RequestContext,
    number: string,
    kind: VoucherLedgerKind,
    refId: string,
    amount: string | null,
    decide: (
      v: Voucher,
      tx: RequestContext,
    ) => Promise<{ delta: Dec; amount?: Dec; storeId: string; docNo: string | null; originalRefId: string | null; offline?: boolean; state?: VoucherState }>,
  ): Promise<VoucherChangeDto> {
    try {
      return await this.connection.withTransaction(ctx, async (tx) => {
        const v = await this.connection.repo(tx, Voucher).findOne({ where: { number }, lock: { mode: 'pessimistic_write' } });
        if (!v) throw new DomainException(VoucherError.VOUCHER_NOT_FOUND, `no voucher or gift card ${number} / 券号不存在`, [{ field: 'number', message: 'not found' }]);
        // checked after the lock: a retry racing its original waits for it, then finds its row
        const prior = await this.prior(tx, v.id, kind, refId);
        if (prior) return replay(prior, v, amount);
        const d = await decide(v, tx);
        const after = dec(v.balance).plus(d.delta);
        const state = v.state === 'void' ? 'void' : (d.state ?? (after.gt(0) ? 'active' : 'redeemed'));
        await this.repository.setBalance(tx, v.id, after.toFixed(2), state);
        const repo = this.connection.repo(tx, VoucherLedgerEntry);
        const row = await repo.save(
          repo.create({
            voucherId: v.id,
            kind,
            refId,
            docNo: d.docNo,
            originalRefId: d.originalRefId,
            amount: (d.amount ?? dec(amount ?? 0)).toFixed(2),
            delta: d.delta.toFixed(2),
            balanceAfter: after.toFixed(2),
            storeId: d.storeId,
            username: tx.user?.username ?? null,
            offline: d.offline ?? false,
          }),
        );
        return resultOf(row, v, false);
      });
    } catch (e) {
      // the same request twice at once on a fresh row: the unique index decides, the loser replays
      if (pgErrorOf(e).constraint === 'uq_voucher_ledger_ref' && !ctx.inTransaction) {
        const v = await this.connection.repo(ctx, Voucher).findOneBy({ number });
        const prior = v && (await this.prior(ctx, v.id, kind, refId));
        if (v && prior) return replay(prior, v, amount);
      }
      throw e;
    }
  }

  private prior(tx: RequestContext, voucherId: string, kind: VoucherLedgerKind, refId: string): Promise<VoucherLedgerEntry | null> {
    return this.connection.repo(tx, VoucherLedgerEntry).findOneBy({ voucherId, kind, refId });
  }

  private async givenBack(tx: RequestContext, voucherId: string, saleId: string): Promise<Dec> {
    return dec(await this.repository.givenBack(tx, voucherId, saleId));
  }
}

function notPaid(number: string, saleId: string): DomainException {
  return new DomainException(VoucherError.VOUCHER_REFUND_NOT_PAID, `${number} paid nothing of sale ${saleId} at this store / 该券未支付此销售单`, [
    { field: 'saleId', message: 'not paid with this number at this store' },
  ]);
}

function replay(prior: VoucherLedgerEntry, v: Voucher, amount: string | null): VoucherChangeDto {
  if (amount !== null && !dec(prior.amount).eq(amount)) {
    throw new DomainException(CommonError.IDEMPOTENCY_MISMATCH, `${prior.refId} was already used for another ${prior.kind} of ${v.number} / 该单据已用于另一笔券业务`, undefined, {
      refId: prior.refId,
      originalAmount: prior.amount,
    });
  }
  return resultOf(prior, v, true);
}

function resultOf(row: VoucherLedgerEntry, v: Voucher, replayed: boolean): VoucherChangeDto {
  return {
    entryId: row.id,
    number: v.number,
    voucherKind: v.kind,
    kind: row.kind,
    amount: dec(row.amount).toFixed(2),
    delta: dec(row.delta).toFixed(2),
    balanceAfter: dec(row.balanceAfter).toFixed(2),
    replayed,
  };
}
