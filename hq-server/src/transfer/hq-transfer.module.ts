import { Module } from '@nestjs/common';
import { ChangeFeedPruner } from './change-feed-pruner.service';
import { ChangeFeedRepository } from './change-feed.repository';
import { InboxRecordsService } from './inbox-records.service';
import { PushHandlerRegistry } from './push-handlers';
import { PushRecordsRepository } from './push-records.repository';
import { StockAlertHandler } from './stock-alert.handler';
import { StoreEventLogHandler } from './store-event-log.handler';
import { StoreOpeningService } from './store-opening.service';
import { StoreTransferController } from './store-transfer.controller';
import { StoreTransferRepository } from './store-transfer.repository';
import { StoreTransferService } from './store-transfer.service';
import { TransferApiController, TransferApiV2Controller } from './transfer-api.controller';
import { TransferApiRepository } from './transfer-api.repository';
import { TransferApiService } from './transfer-api.service';
import { TransferAuthService } from './transfer-auth.service';
import { TransferConflictsService } from './transfer-conflicts.service';
import { TransferInboxRepository } from './transfer-inbox.repository';
import { TransferInboxService } from './transfer-inbox.service';
import { TransferListsRepository } from './transfer-lists.repository';
import { TransferRecoveryRepository } from './transfer-recovery.repository';
import { TransferRecoveryService } from './transfer-recovery.service';
import { TransferSignatureGuard } from './transfer-signature.guard';
import { TransferSourceRepository } from './transfer-source.repository';

/** HQ side of the transfer protocol, the opening wizard and 门店传输管理. */
@Module({
  controllers: [TransferApiController, TransferApiV2Controller, StoreTransferController],
  providers: [
    ChangeFeedPruner,
    ChangeFeedRepository,
    InboxRecordsService,
    PushHandlerRegistry,
    PushRecordsRepository,
    StockAlertHandler,
    StoreEventLogHandler,
    StoreOpeningService,
    StoreTransferRepository,
    StoreTransferService,
    TransferApiRepository,
    TransferApiService,
    TransferAuthService,
    TransferConflictsService,
    TransferInboxRepository,
    TransferInboxService,
    TransferListsRepository,
    TransferRecoveryRepository,
    TransferRecoveryService,
    TransferSignatureGuard,
    TransferSourceRepository,
  ],
  exports: [PushHandlerRegistry, StoreTransferService, TransferAuthService],
})
export class HqTransferModule {}
