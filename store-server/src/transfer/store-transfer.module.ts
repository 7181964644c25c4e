import { Module } from '@nestjs/common';
import { LocalSignatureGuard } from './local-signature.guard';
import { StockAlertOutbox } from './stock-alert.outbox';
import { StoreApplyService } from './store-apply.service';
import { StoreOutboxService } from './store-outbox.service';
import { StoreSetupService } from './store-setup.service';
import { StoreSyncService } from './store-sync.service';
import { LocalTransferController, SetupController, SyncController } from './store-transfer.controllers';

/** Store side of the transfer protocol: setup, the sync engine's in-process port, the outbox. */
@Module({
  controllers: [SetupController, SyncController, LocalTransferController],
  providers: [StockAlertOutbox, StoreApplyService, StoreOutboxService, StoreSetupService, StoreSyncService, LocalSignatureGuard],
  exports: [StoreOutboxService, StoreSyncService, StoreSetupService],
})
export class StoreTransferModule {}
