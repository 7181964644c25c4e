import { CardIssueService, ExtraHealthIndicators, MemberLedgerService } from '@chain-erp/shared';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MemberCenterClient } from './member-center.client';
import { MemberCenterHealth } from './member-center.health';
import { MemberOutboxWriter } from './member-outbox.writer';
import { MemberSettingsService } from './member-settings.service';
import { StoreCardService } from './store-card.service';
import { StoreMemberService } from './store-member.service';
import { StoreMembershipController } from './store-membership.controller';

/**
 * Membership at a store: card issue at the till, 会员设置, the member-center client and its health.
 * StoreMemberService is what the POS calls for points and stored-value tenders.
 */
@Module({
  imports: [TerminusModule],
  controllers: [StoreMembershipController],
  providers: [
    MemberLedgerService,
    CardIssueService,
    MemberSettingsService,
    MemberCenterClient,
    MemberOutboxWriter,
    StoreCardService,
    StoreMemberService,
    MemberCenterHealth,
    { provide: ExtraHealthIndicators, useExisting: MemberCenterHealth },
  ],
  exports: [StoreMemberService, StoreCardService, MemberOutboxWriter],
})
export class StoreMembershipModule {}
