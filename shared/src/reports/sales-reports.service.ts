import { Injectable } from '@nestjs/common';
import { RequestContext } from '../common/request-context';
import { checkPeriod } from './report-output';
import { ReportRepository } from './report.repository';
import { MemberSalesQueryDto, ReportPeriodDto, SalesDimension, SalesReportQueryDto } from './reports.dto';
import { DIMENSIONS, type FactFilter, MARGIN_MEASURES, type Measure, MEMBER_MEASURES, SALES_MEASURES, salesSql } from './sales-reports.repository';
import type { GrossMarginReportRow, MemberSalesReportRow, SalesReportRow } from './reports.responses';

export { MARGIN_SORT, MEMBER_SALES_SORT, SALES_SORT, SALES_SORT_NOTE, salesFact } from './sales-reports.repository';

/**
 * 销售分析: sales by store / product / category / cashier / hour / day, gross margin, and member
 * sales — one fact (sold lines and refunded lines, refunds negative, dated on their own business day)
 * aggregated in PostgreSQL. Same code at a store (its own sales) and at HQ (every store's copies).
 */
@Injectable()
export class SalesReportsService {
  constructor(private readonly reports: ReportRepository) {}

  sales(ctx: RequestContext, q: SalesReportQueryDto) {
    return this.report<SalesReportRow>(ctx, q, dimensionsOf(q.groupBy), SALES_MEASURES, q, '销售分析 sales');
  }

  /**
   * 毛利: net sales at the moving-average cost each line left (or came back) at. Lines without a cost
   * (pushed by a store version that did not send it) are not guessed: they are left out of cost and
   * margin and shown as `uncostedAmount`, so the margin % is over costed sales only.
   */
  margin(ctx: RequestContext, q: SalesReportQueryDto) {
    return this.report<GrossMarginReportRow>(ctx, q, dimensionsOf(q.groupBy), MARGIN_MEASURES, q, '毛利 gross margin');
  }

  /** 会员消费: receipts and net sales with a member card, and their share of all sales. */
  members(ctx: RequestContext, q: MemberSalesQueryDto) {
    return this.report<MemberSalesReportRow>(ctx, q, [q.groupBy ?? 'store'], MEMBER_MEASURES, {}, '会员消费 member sales', true);
  }

  private async report<R extends object>(ctx: RequestContext, q: ReportPeriodDto, dims: SalesDimension[], measures: Measure[], filter: FactFilter, title: string, member = false) {
    checkPeriod(q);
    const columns = [...dims.flatMap((d) => DIMENSIONS[d].columns), ...measures];
    return this.reports.answer<R>(ctx, q, title, columns, salesSql(ctx, { q, dims, measures, filter, member }));
  }
}

function dimensionsOf(groupBy: string): SalesDimension[] {
  return [...new Set(groupBy.split(','))] as SalesDimension[];
}
