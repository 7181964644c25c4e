import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RestoreGateGuard } from './restore-gate.guard';
import { StoreRestoreRepository } from './store-restore.repository';
import { StoreRestoreService } from './store-restore.service';
import { LocalSignatureGuard } from './local-signature.guard';
import { StockAlertOutbox } from './stock-alert.outbox';
import { StoreApplyRepository } from './store-apply.repository';
import { StoreApplyService } from './store-apply.service';
import { StoreOutboxRepository } from './store-outbox.repository';
import { StoreOutboxService } from './store-outbox.service';
import { StoreSetupRepository } from './store-setup.repository';
import { StoreSetupService } from './store-setup.service';
import { StoreSyncService } from './store-sync.service';
import { LocalTransferController, SetupController, SyncController } from './store-transfer.controller';
import { GIVE_WAY, TillActivity } from './till-activity';

/** Store side of the transfer protocol: setup, the sync engine's in-process port, the outbox. */
@Module({
  controllers: [SetupController, SyncController, LocalTransferController],
  providers: [
    StockAlertOutbox,
    StoreApplyRepository,
    StoreApplyService,
    StoreOutboxRepository,
    StoreOutboxService,
    StoreRestoreRepository,
    StoreRestoreService,
    StoreSetupRepository,
    StoreSetupService,
    StoreSyncService,
    { provide: TillActivity, useFactory: () => new TillActivity(GIVE_WAY) },
    LocalSignatureGuard,
    { provide: APP_GUARD, useClass: RestoreGateGuard },
  ],
  exports: [StoreOutboxService, StoreRestoreService, StoreSyncService, StoreSetupService, TillActivity],
})
export class StoreTransferModule {}
