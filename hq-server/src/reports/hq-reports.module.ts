import { PurchasingSummaryRow, PurchasingSummaryTotals } from './hq-reports.responses';
import { Controller, Get, Module, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiJsonOrFileResponse, ApiSort, Ctx, ListOf, ReportPeriodDto, ReportsModule, RequestContext, RequirePermission, XLSX_MIME } from '@chain-erp/shared';
import { PURCHASING_SUMMARY_SORT } from './purchasing-summary.repository';
import { PurchasingSummaryService } from './purchasing-summary.service';

@ApiTags('报表')
@Controller('reports/purchasing')
export class PurchasingSummaryController {
  constructor(private readonly reports: PurchasingSummaryService) {}

  @Get('summary')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '采购汇总: ordered, received, returned and open by supplier for a period (detail: /api/purchasing/reports/*)' })
  @ApiJsonOrFileResponse(ListOf(PurchasingSummaryRow, PurchasingSummaryTotals))
  @ApiSort(PURCHASING_SUMMARY_SORT)
  summary(@Ctx() ctx: RequestContext, @Query() q: ReportPeriodDto) {
    return this.reports.summary(ctx, q);
  }
}

/** HQ: the shared reports plus the purchasing summary (purchase documents live only at HQ). */
@Module({
  imports: [ReportsModule],
  controllers: [PurchasingSummaryController],
  providers: [PurchasingSummaryService],
})
export class HqReportsModule {}
