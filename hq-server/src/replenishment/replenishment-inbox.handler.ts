import { Injectable, OnModuleInit } from '@nestjs/common';
import { ReceiptPushBody, REPLENISHMENT_STREAMS, RequestPushBody, RequestWithdrawBody, StorePurchasePushBody } from '@chain-erp/shared';
import { PushHandlerRegistry } from '../transfer/push-handlers';
import { RequestApprovalService } from './request-approval.service';
import { StorePurchaseCopyService } from './store-purchase-copy.service';
import { TransferSettlementService } from './transfer-settlement.service';

/** The replenishment push streams at HQ: requests, withdrawals, receipts and store purchases from the stores. */
@Injectable()
export class ReplenishmentInboxHandler implements OnModuleInit {
  constructor(
    private readonly registry: PushHandlerRegistry,
    private readonly approvals: RequestApprovalService,
    private readonly settlement: TransferSettlementService,
    private readonly storePurchases: StorePurchaseCopyService,
  ) {}

  onModuleInit(): void {
    this.registry.register<RequestPushBody>({
      stream: REPLENISHMENT_STREAMS.request,
      dto: RequestPushBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.approvals.receive(ctx, r.id, r.storeId, r.body),
    });
    this.registry.register<RequestWithdrawBody>({
      stream: REPLENISHMENT_STREAMS.withdraw,
      dto: RequestWithdrawBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.approvals.withdraw(ctx, r.storeId, r.body),
    });
    this.registry.register<ReceiptPushBody>({
      stream: REPLENISHMENT_STREAMS.receipt,
      dto: ReceiptPushBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.settlement.settle(ctx, r.id, r.storeId, r.body),
    });
    this.registry.register<StorePurchasePushBody>({
      stream: REPLENISHMENT_STREAMS.storePurchase,
      dto: StorePurchasePushBody,
      storeCodeOf: (b) => b.storeCode,
      process: (ctx, r) => this.storePurchases.receive(ctx, r.id, r.storeId, r.body),
    });
  }
}
