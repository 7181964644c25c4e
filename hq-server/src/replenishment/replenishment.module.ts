import { Module } from '@nestjs/common';
import { HqTransferModule } from '../transfer/hq-transfer.module';
import { SettlementModule } from '../settlement/settlement.module';
import { AllocationService } from './allocation.service';
import { AllocationController, RequestApprovalController, TransferShipmentController } from './replenishment.controller';
import { ReplenishmentInboxHandler } from './replenishment-inbox.handler';
import { ReplenishmentRepository } from './replenishment.repository';
import { RequestApprovalRepository } from './request-approval.repository';
import { RequestApprovalService } from './request-approval.service';
import { TransferSettlementService } from './transfer-settlement.service';
import { TransferShipmentService } from './transfer-shipment.service';
import { HqStorePurchaseController, StorePurchaseCopyService } from './store-purchase-copy.service';

/** 要货 at HQ: approval and allocation, shipments, settlement of the stores' receipts. */
@Module({
  imports: [HqTransferModule, SettlementModule],
  controllers: [RequestApprovalController, AllocationController, TransferShipmentController, HqStorePurchaseController],
  providers: [
    RequestApprovalService,
    RequestApprovalRepository,
    ReplenishmentRepository,
    AllocationService,
    TransferShipmentService,
    TransferSettlementService,
    ReplenishmentInboxHandler,
    StorePurchaseCopyService,
  ],
})
export class ReplenishmentModule {}
