import { RequestContext, VoucherOfflineRedemptionRecord, VoucherReversalRecord } from '@chain-erp/shared';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PushHandlerRegistry } from '../transfer/push-handlers';
import { VoucherLedgerService } from './voucher-ledger.service';

/**
 * `voucher.reversal`: a till's redemption it could not undo online, undone here (idempotent by sale and number).
 * `voucher.redemption`: a voucher a store redeemed offline against its replica, or gave back offline by a refund, booked here once.
 */
@Injectable()
export class VoucherPushHandlers implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly ledger: VoucherLedgerService,
  ) {}

  onModuleInit(): void {
    this.registry.register<VoucherReversalRecord>({
      stream: 'voucher.reversal',
      dto: VoucherReversalRecord,
      storeIdOf: (b) => b.storeId,
      process: async (ctx: RequestContext, r) => {
        await this.ledger.reverse(ctx, r.storeId, { saleId: r.body.saleId, number: r.body.number });
      },
    });
    this.registry.register<VoucherOfflineRedemptionRecord>({
      stream: 'voucher.redemption',
      dto: VoucherOfflineRedemptionRecord,
      storeIdOf: (b) => b.storeId,
      process: (ctx: RequestContext, r) => this.offline(ctx, r.storeId, r.body),
      // a voucher used, given back and used again at the store is booked in the store's order: the
      // inbox reads a store's records by their outbox position (transfer-inbox.repository.ts)
    });
  }

  /** A give-back at the store is booked as an online voucher refund is (once by the refund and the number); a use, as an offline redemption. */
  private async offline(ctx: RequestContext, storeId: string, b: VoucherOfflineRedemptionRecord): Promise<void> {
    if (b.refundId) await this.ledger.refund(ctx, storeId, { refundId: b.refundId, saleId: b.saleId, number: b.number, amount: b.amount, refundNo: b.receiptNo });
    else await this.ledger.redeemOffline(ctx, storeId, b);
  }
}
