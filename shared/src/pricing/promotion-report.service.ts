import { PromotionReportRow } from './promotion-report.responses';
import { ApiJsonOrFileResponse, ApiSort, ListOf } from '../common/http/api-contract';
import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { checkPeriod } from '../reports/report-output';
import { ReportRepository } from '../reports/report.repository';
import { ReportPeriodDto } from '../reports/reports.dto';
import { COLUMNS, PROMOTION_REPORT_SORT, promotionReportSql } from './promotion-report.repository';

export class PromotionReportQueryDto extends ReportPeriodDto {}

export { PROMOTION_REPORT_SORT } from './promotion-report.repository';

/**
 * 促销分析: per promotion, over the sales of a period (business days), what the lines it took part in
 * sold (their amounts), the discount it gave (its own savings), the cost and margin of those lines
 * (lines with a cost only), the number of baskets, and what was refunded of those lines since. A
 * line in two promotions counts in both, so the rows are not summed into a total. Same code at HQ
 * (every store's pushed sales) and at a store (its own).
 */
@Injectable()
export class PromotionReportService {
  constructor(private readonly reports: ReportRepository) {}

  async report(ctx: RequestContext, q: PromotionReportQueryDto) {
    checkPeriod(q);
    return this.reports.answer<PromotionReportRow>(ctx, q, '促销分析 promotions', COLUMNS, promotionReportSql(ctx, q));
  }
}

@ApiTags('报表')
@Controller('reports')
export class PromotionReportController {
  constructor(private readonly reports: PromotionReportService) {}

  @Get('promotions')
  @RequirePermission('report.read')
  @ApiOperation({ summary: '促销分析: per promotion sales, discount given, cost, margin, baskets, refunded (format=xlsx for Excel)' })
  @ApiJsonOrFileResponse(ListOf(PromotionReportRow))
  @ApiSort(PROMOTION_REPORT_SORT)
  promotions(@Ctx() ctx: RequestContext, @Query() q: PromotionReportQueryDto) {
    return this.reports.report(ctx, q);
  }
}
