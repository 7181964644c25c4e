import { Module } from '@nestjs/common';
import { StoreTransferModule } from '../transfer/store-transfer.module';
import { ReplenishmentRequestController, TransferReceiptController } from './replenishment.controller';
import { ReplenishmentRequestRepository } from './replenishment-request.repository';
import { ReplenishmentRequestService } from './replenishment-request.service';
import { TransferReceiptService } from './transfer-receipt.service';
import { StorePurchaseController } from '../purchasing/store-purchase.controller';
import { StorePurchaseService } from '../purchasing/store-purchase.service';
import { StoreReplenishmentRepository } from './replenishment.repository';

/** 要货 at the store: requests (with suggestions), transfer receipts, and 门店自行采购 where HQ allows it. */
@Module({
  imports: [StoreTransferModule],
  controllers: [ReplenishmentRequestController, TransferReceiptController, StorePurchaseController],
  providers: [ReplenishmentRequestRepository, ReplenishmentRequestService, TransferReceiptService, StorePurchaseService, StoreReplenishmentRepository],
})
export class StoreReplenishmentModule {}
