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
      // the inbox orders a push's records by id: a voucher used, given back and used again at the store
      // must be booked in the store's order, which `queuedAt` (the sale's or the refund's moment) is
      processBatch: async (ctx: RequestContext, records) => {
        const ordered = [...records].sort((a, b) => Date.parse(a.body.queuedAt) - Date.parse(b.body.queuedAt));
        for (const r of ordered) await this.offline(ctx, r.storeId, r.body);
      },
    });
  }

  /** A give-back at the store is booked as an online voucher refund is (once by the refund and the number); a use, as an offline redemption. */
  private async offline(ctx: RequestContext, storeId: string, b: VoucherOfflineRedemptionRecord): Promise<void> {
    if (b.refundId) await this.ledger.refund(ctx, storeId, { refundId: b.refundId, saleId: b.saleId, number: b.number, amount: b.amount, refundNo: b.receiptNo });
    else await this.ledger.redeemOffline(ctx, storeId, b);
  }
}
