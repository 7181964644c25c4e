import {
  assertRedeemable,
  assertTenderFits,
  DomainException,
  MemberError,
  RequestContext,
  TransactionalConnection,
  VoucherBalanceDto,
  VoucherChangeDto,
  VoucherError,
  voucherNumberHash,
  VoucherOfflineRedemptionRecord,
  VoucherRedeemDto,
  VoucherRefundDto,
  VoucherReversalDto,
  VoucherSellDto,
} from '@chain-erp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { MemberCenterClient } from './member-center.client';
import { derivedEventId, MemberOutboxWriter, MemberStream } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';
import { VoucherReplica } from './store-voucher.entity';
import { StoreVoucherRepository } from './store-voucher.repository';

const VOUCHER_REVERSAL_STREAM = MemberStream.VOUCHER_REVERSAL;

/** A voucher tender of a sale as the till charges it; `offline`: against the store's replica (HQ away). */
export interface VoucherUse {
  number: string;
  amount: string;
  saleTotal: string;
  offline?: boolean;
}

/**
 * What the till does with vouchers and gift cards (代金券 / 礼品卡): their value is held at HQ, so
 * every change goes online on HQ's signed channel — the same client, signature and error mapping
 * as a chain card's stored value — and is refused with 503 MEMBER_CENTER_UNREACHABLE when HQ cannot
 * be reached (design.md §5: refuse rather than guess). A reversal HQ could not be told about is
 * queued (push stream `voucher.reversal`) like a stored-value one.
 */
@Injectable()
export class StoreVoucherService {
  private readonly log = new Logger('StoreVoucher');

  constructor(
    private readonly connection: TransactionalConnection,
    private readonly client: MemberCenterClient,
    private readonly settings: MemberSettingsService,
    private readonly outbox: MemberOutboxWriter,
    private readonly repo: StoreVoucherRepository,
  ) {}

  async redeem(ctx: RequestContext, dto: VoucherRedeemDto): Promise<VoucherChangeDto> {
    try {
      return await this.client.redeemVoucher(ctx, dto);
    } catch (e) {
      throw offlineExplained(e);
    }
  }

  /**
   * A refund gives back onto the voucher at HQ (in the refund's transaction `tx`); a voucher of the
   * replica given back whole is usable here again (its use row marked returned). HQ away: a voucher
   * allocated to this store, whose whole use by the sale is given back, goes back offline — the use
   * row marked returned and a give-back record queued (`voucher.redemption` with `refundId`, after
   * the sale's own record); anything else keeps the 503.
   */
  async refund(tx: RequestContext, dto: VoucherRefundDto, storeId: string, now = new Date()): Promise<VoucherChangeDto | 'offline'> {
    let answer: VoucherChangeDto;
    try {
      answer = await this.client.refundVoucher(tx, dto);
    } catch (e) {
      if (e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE && (await this.giveBackHere(tx, dto, now))) {
        const body: VoucherOfflineRedemptionRecord = {
          saleId: dto.saleId,
          number: dto.number,
          amount: dto.amount,
          // no sale total for a give-back (HQ checks it against what the voucher paid)
          saleTotal: dto.amount,
          receiptNo: dto.refundNo,
          storeId,
          queuedAt: now.toISOString(),
          refundId: dto.refundId,
        };
        await this.outbox.write(tx, {
          id: derivedEventId(MemberStream.VOUCHER_REDEMPTION, `${dto.refundId}:${dto.number}`),
          stream: MemberStream.VOUCHER_REDEMPTION,
          body: { ...body },
        });
        return 'offline';
      }
      throw offlineExplained(e);
    }
    await this.giveBackHere(tx, dto, now);
    return answer;
  }

  /** The sale's use of a replicated voucher here, marked given back when the refund returns all of it. */
  private async giveBackHere(tx: RequestContext, dto: VoucherRefundDto, now: Date): Promise<boolean> {
    const v = await this.repo.replica(tx, voucherNumberHash(dto.number), true);
    return !!v && this.repo.giveBack(tx, v.id, dto.saleId, dto.refundId, now, dto.amount);
  }

  /** 礼品卡售卡: load a sold card's value at HQ (online only, like every change of a voucher's value). */
  async sell(ctx: RequestContext, dto: VoucherSellDto): Promise<VoucherChangeDto> {
    try {
      return await this.client.sellVoucher(ctx, dto);
    } catch (e) {
      throw offlineExplained(e);
    }
  }

  /** 余额查询 at HQ before a tender or a card sale; HQ away → 503 (a balance held at HQ is never guessed). */
  async balance(ctx: RequestContext, number: string): Promise<VoucherBalanceDto> {
    try {
      return await this.client.voucherBalance(ctx, { number });
    } catch (e) {
      throw offlineExplained(e);
    }
  }

  /** Undo a redemption whose sale did not commit; HQ away → queued for the sync, applied once there. */
  async reverse(ctx: RequestContext, dto: VoucherReversalDto): Promise<'reversed' | 'queued'> {
    try {
      await this.client.reverseVoucher(ctx, dto);
      return 'reversed';
    } catch (e) {
      const storeId = await this.settings.storeId(ctx);
      this.log.error({ saleId: dto.saleId, number: dto.number, err: (e as Error).message }, 'voucher reversal not confirmed by HQ; queued');
      await this.connection.withTransaction(ctx, (tx) =>
        this.outbox.write(tx, {
          id: derivedEventId(VOUCHER_REVERSAL_STREAM, `${dto.saleId}:${dto.number}`),
          stream: VOUCHER_REVERSAL_STREAM,
          body: { ...dto, storeId, queuedAt: new Date().toISOString() },
        }),
      );
      return 'queued';
    }
  }

  /**
   * HQ could not be reached for a voucher tender: may the store redeem it against its replica? Only a
   * 代金券 allocated to this store (replicated, `offline_redeemable`), by the same rules as HQ's
   * (validity, store, minimum spend, percent, balance) on what the store last heard from HQ, and not
   * used here before. Anything else keeps HQ's 503 (gift cards, vouchers not allocated); a rule the
   * replica breaks answers its own code (e.g. VOUCHER_ALREADY_USED), nothing written.
   */
  async mayRedeemOffline(ctx: RequestContext, storeId: string, use: VoucherUse, unreachable: unknown, now: Date): Promise<boolean> {
    if (!(unreachable instanceof DomainException && unreachable.code === MemberError.MEMBER_CENTER_UNREACHABLE)) return false;
    return this.usableOffline(ctx, storeId, use, now);
  }

  /** The replica's rules for a voucher of it (false: not in the replica). */
  async usableOffline(ctx: RequestContext, storeId: string, use: VoucherUse, now: Date): Promise<boolean> {
    const v = await this.repo.replica(ctx, voucherNumberHash(use.number), false);
    if (!v) return false;
    this.assertUsable(v, storeId, use, now, await this.repo.usedHere(ctx, v.id));
    return true;
  }

  /**
   * Before HQ is asked to redeem a voucher: one this store redeemed offline whose record has not
   * reached HQ yet is used — HQ still shows it unused and would accept it again, a double redemption
   * the store itself can see. Once the record is sent, HQ's ledger decides (a refund there gives it back).
   * One given back offline whose records are still on their way is free here but not yet at HQ:
   * `'offline'` — it is redeemed against the replica again, so that HQ books use, give-back and use
   * in the store's order (an online charge now would land before them).
   */
  async assertNotPendingHere(ctx: RequestContext, number: string): Promise<'online' | 'offline'> {
    const v = await this.repo.replica(ctx, voucherNumberHash(number), false);
    const use = v && (await this.repo.offlineUse(ctx, v.id));
    if (!use) return 'online';
    const used = await this.repo.unsent(ctx, derivedEventId(MemberStream.VOUCHER_REDEMPTION, `${use.saleId}:${number}`));
    if (!use.returnedBy) {
      if (used) throw usedHere(number);
      return 'online';
    }
    const givenBack = await this.repo.unsent(ctx, derivedEventId(MemberStream.VOUCHER_REDEMPTION, `${use.returnedBy}:${number}`));
    return used || givenBack ? 'offline' : 'online';
  }

  /**
   * In the sale's transaction (its second pass): each voucher tender that is in the replica is noted
   * as used here; one redeemed offline is checked again under the replica row's lock, and its record
   * goes into the outbox for HQ (`voucher.redemption`, id derived from the sale and number: once).
   */
  async recordUses(tx: RequestContext, storeId: string, sale: { id: string; receiptNo: string }, uses: VoucherUse[], now: Date): Promise<void> {
    for (const use of uses) {
      const v = await this.repo.replica(tx, voucherNumberHash(use.number), !!use.offline);
      if (!v) continue;
      if (!use.offline) {
        // HQ charged it: a later offline attempt here is refused without waiting for the pull
        await this.repo.noteUse(tx, { voucherId: v.id, saleId: sale.id, amount: use.amount, offline: false, redeemedAt: now });
        continue;
      }
      this.assertUsable(v, storeId, use, now, await this.repo.usedHere(tx, v.id));
      if (!(await this.repo.noteUse(tx, { voucherId: v.id, saleId: sale.id, amount: use.amount, offline: true, redeemedAt: now }))) throw usedHere(use.number);
      const body: VoucherOfflineRedemptionRecord = {
        saleId: sale.id,
        number: use.number,
        amount: use.amount,
        saleTotal: use.saleTotal,
        receiptNo: sale.receiptNo,
        storeId,
        queuedAt: now.toISOString(),
      };
      await this.outbox.write(tx, { id: derivedEventId(MemberStream.VOUCHER_REDEMPTION, `${sale.id}:${use.number}`), stream: MemberStream.VOUCHER_REDEMPTION, body: { ...body } });
    }
  }

  private assertUsable(v: VoucherReplica, storeId: string, use: VoucherUse, now: Date, used: boolean): void {
    const seen = { ...v, number: use.number };
    assertRedeemable(seen, storeId, now);
    if (used) throw usedHere(use.number);
    assertTenderFits(seen, use.amount, use.saleTotal);
  }
}

function usedHere(number: string): DomainException {
  return new DomainException(VoucherError.VOUCHER_ALREADY_USED, `${number} was already used at this store / 代金券已在本店使用`, [{ field: 'number', message: 'already used' }]);
}

function offlineExplained(e: unknown): Error {
  if (e instanceof DomainException && e.code === MemberError.MEMBER_CENTER_UNREACHABLE) {
    return new DomainException(
      e.code,
      'HQ cannot be reached: vouchers and gift cards are unavailable, take another tender / 总部无法连接，代金券/礼品卡暂不可用，请改用其他付款方式',
      [{ field: 'payments', message: 'vouchers and gift cards need HQ online' }],
      e.details,
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}
