import { CardIssueService, MemberLedgerService } from '@chain-erp/shared';
import { Module } from '@nestjs/common';
import { CardBatchService } from './card-batch.service';
import { CardTypeService } from './card-type.service';
import { CardBatchController, CardController, CardTypeController } from './card.controller';
import { CardService } from './card.service';
import { MemberCenterCaller } from './member-center-caller';
import { MemberCenterController } from './member-center.controller';
import { MemberCenterService } from './member-center.service';
import { MemberPushHandlers } from './member-push.handlers';
import { HqTransferModule } from '../transfer/hq-transfer.module';

/**
 * HQ membership: card types, card batches (制卡), the card ledger and the member center (会员中心),
 * which stores reach signed with their transfer key and through the push streams.
 */
@Module({
  imports: [HqTransferModule],
  controllers: [CardTypeController, CardBatchController, CardController, MemberCenterController],
  providers: [CardTypeService, CardBatchService, CardService, MemberLedgerService, CardIssueService, MemberCenterService, MemberCenterCaller, MemberPushHandlers],
  exports: [MemberCenterService, MemberCenterCaller],
})
export class MembershipModule {}
