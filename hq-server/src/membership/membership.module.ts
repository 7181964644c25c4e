import { CardIssueService, MemberLedgerService } from '@chain-erp/shared';
import { Module } from '@nestjs/common';
import { CardBatchService } from './card-batch.service';
import { CardTypeService } from './card-type.service';
import { CardBatchController, CardController, CardTypeController } from './card.controller';
import { CardService } from './card.service';
import { MemberAdjustmentController } from './member-adjustment.controller';
import { MemberAdjustmentService } from './member-adjustment.service';
import { MemberCenterCaller } from './member-center-caller';
import { MemberChannelController } from './member-channel.controller';
import { MemberCenterController } from './member-center.controller';
import { MemberCenterService } from './member-center.service';
import { MemberPushHandlers } from './member-push.handler';
import { HqTransferModule } from '../transfer/hq-transfer.module';

/**
 * HQ membership: card types, card batches (制卡), the card ledger, the member center (会员中心) —
 * which stores reach signed with their transfer key (look-ups, the stored-value channel) and
 * through the push streams — and manual balance adjustments (调整单).
 */
@Module({
  imports: [HqTransferModule],
  controllers: [CardTypeController, CardBatchController, CardController, MemberCenterController, MemberChannelController, MemberAdjustmentController],
  providers: [
    CardTypeService,
    CardBatchService,
    CardService,
    MemberLedgerService,
    CardIssueService,
    MemberCenterService,
    MemberCenterCaller,
    MemberPushHandlers,
    MemberAdjustmentService,
  ],
  exports: [MemberCenterService, MemberCenterCaller],
})
export class MembershipModule {}
