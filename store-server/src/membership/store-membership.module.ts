import { CardIssueService, ExtraHealthIndicators, MemberLedgerService } from '@chain-erp/shared';
import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StoreTransferModule } from '../transfer/store-transfer.module';
import { MemberCenterAuth, MemberCenterClient } from './member-center.client';
import { MemberCenterHealth } from './member-center.health';
import { SetupHqAddress, TransferSignedMemberCenterAuth } from './member-center.signer';
import { MemberOutboxWriter } from './member-outbox.writer';
import { HqAddress, MemberSettingsService } from './member-settings.service';
import { StoreCardService } from './store-card.service';
import { StoreVoucherService } from './store-voucher.service';
import { StoreMembershipRepository } from './store-membership.repository';
import { StoreVoucherRepository } from './store-voucher.repository';
import { StoreMemberService } from './store-member.service';
import { StoreMembershipController } from './store-membership.controller';

/**
 * Membership at a store: card issue at the till, 会员设置, the member-center client and its health.
 * StoreMemberService is what the POS calls for points and stored-value tenders. HQ's member center
 * is reached at the address and with the key of 门店系统初始化 (the transfer link).
 */
@Module({
  imports: [TerminusModule, StoreTransferModule],
  controllers: [StoreMembershipController],
  providers: [
    MemberLedgerService,
    CardIssueService,
    MemberSettingsService,
    MemberCenterClient,
    MemberOutboxWriter,
    StoreCardService,
    StoreMemberService,
    StoreVoucherService,
    StoreVoucherRepository,
    StoreMembershipRepository,
    MemberCenterHealth,
    { provide: ExtraHealthIndicators, useExisting: MemberCenterHealth },
    { provide: MemberCenterAuth, useClass: TransferSignedMemberCenterAuth },
    { provide: HqAddress, useClass: SetupHqAddress },
  ],
  exports: [StoreMemberService, StoreVoucherService, StoreCardService, MemberOutboxWriter],
})
export class StoreMembershipModule {}
