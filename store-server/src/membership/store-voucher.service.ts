import {
  DomainException,
  MemberError,
  RequestContext,
  TransactionalConnection,
  VoucherBalanceDto,
  VoucherChangeDto,
  VoucherRedeemDto,
  VoucherRefundDto,
  VoucherReversalDto,
  VoucherSellDto,
} from '@chain-erp/shared';
import { Injectable, Logger } from '@nestjs/common';
import { MemberCenterClient } from './member-center.client';
import { derivedEventId, MemberOutboxWriter, MemberStream } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';

const VOUCHER_REVERSAL_STREAM = MemberStream.VOUCHER_REVERSAL;

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
  ) {}

  async redeem(ctx: RequestContext, dto: VoucherRedeemDto): Promise<VoucherChangeDto> {
    try {
      return await this.client.redeemVoucher(ctx, dto);
    } catch (e) {
      throw offlineExplained(e);
    }
  }

  async refund(ctx: RequestContext, dto: VoucherRefundDto): Promise<VoucherChangeDto> {
    try {
      return await this.client.refundVoucher(ctx, dto);
    } catch (e) {
      throw offlineExplained(e);
    }
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
