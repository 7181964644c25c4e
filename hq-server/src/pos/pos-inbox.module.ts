import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, PosJournalController, PosJournalService, RequestContext, RequirePermission } from '@chain-erp/shared';
import { ShiftReportQueryDto } from './pos-inbox.dto';
import { PosInboxService } from './pos-inbox.service';
import { PosPushHandlers } from './pos-push.handler';
import { HqTransferModule } from '../transfer/hq-transfer.module';

@ApiTags('pos-journal')
@Controller('pos/shift-reports')
export class PosShiftReportsController {
  constructor(private readonly inbox: PosInboxService) {}

  @Get()
  @RequirePermission('pos.journal.read', 'pos.reconcile')
  @ApiOperation({ summary: '交班报表 pushed by the stores (HQ sees all, filter by store; a store user its own)' })
  list(@Ctx() ctx: RequestContext, @Query() q: ShiftReportQueryDto) {
    return this.inbox.shiftReports(ctx, q);
  }
}

/**
 * HQ side of POS: the inbox the push streams pos.sale / pos.refund / pos.shift-report call
 * (PosInboxService, registered as push handlers) and the cashier journal over the copies.
 */
@Module({
  imports: [HqTransferModule],
  controllers: [PosJournalController, PosShiftReportsController],
  providers: [PosInboxService, PosJournalService, PosPushHandlers],
  exports: [PosInboxService],
})
export class PosInboxModule {}
