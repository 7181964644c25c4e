import { PosShiftReportsListResponse } from './pos-inbox.responses';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiSort, Ctx, PosJournalController, PosJournalService, RequestContext, RequirePermission } from '@chain-erp/shared';
import { ShiftReportQueryDto } from './pos-inbox.dto';
import { PosInboxService, SHIFT_REPORT_SORT } from './pos-inbox.service';
import { PosPushHandlers } from './pos-push.handler';
import { HqTransferModule } from '../transfer/hq-transfer.module';

@ApiTags('零售收银')
@Controller('pos/shift-reports')
export class PosShiftReportsController {
  constructor(private readonly inbox: PosInboxService) {}

  @Get()
  @RequirePermission('pos.journal.read', 'pos.reconcile')
  @ApiOperation({ summary: '交班报表 pushed by the stores (HQ sees all, filter by store; a store user its own)' })
  @ApiOkResponse({ type: PosShiftReportsListResponse })
  @ApiSort(SHIFT_REPORT_SORT)
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
