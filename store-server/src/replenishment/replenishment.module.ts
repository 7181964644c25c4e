import { Module } from '@nestjs/common';
import { StoreTransferModule } from '../transfer/store-transfer.module';
import { ReplenishmentRequestController, TransferReceiptController } from './replenishment.controllers';
import { ReplenishmentRequestService } from './replenishment-request.service';
import { TransferReceiptService } from './transfer-receipt.service';

/** 要货 at the store: requests (with suggestions) and transfer receipts. */
@Module({
  imports: [StoreTransferModule],
  controllers: [ReplenishmentRequestController, TransferReceiptController],
  providers: [ReplenishmentRequestService, TransferReceiptService],
})
export class StoreReplenishmentModule {}
