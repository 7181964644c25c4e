import { RequestContext, VoucherOfflineRedemptionRecord, VoucherReversalRecord } from '@chain-erp/shared';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PushHandlerRegistry } from '../transfer/push-handlers';
import { VoucherLedgerService } from './voucher-ledger.service';

/**
 * `voucher.reversal`: a till's redemption it could not undo online, undone here (idempotent by sale and number).
 * `voucher.redemption`: a voucher a store redeemed offline against its replica, booked here once.
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
      process: async (ctx: RequestContext, r) => {
        await this.ledger.redeemOffline(ctx, r.storeId, r.body);
      },
    });
  }
}
