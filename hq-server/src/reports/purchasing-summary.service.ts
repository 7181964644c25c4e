import { Injectable } from '@nestjs/common';
import { checkPeriod, ReportPeriodDto, ReportRepository, RequestContext } from '@chain-erp/shared';
import type { PurchasingSummaryRow, PurchasingSummaryTotals } from './hq-reports.responses';
import { PURCHASING_SUMMARY_COLUMNS, purchasingSummarySql } from './purchasing-summary.repository';

/**
 * 采购汇总 (one page per period): per supplier, what was ordered (orders dated in the period, incl.
 * tax), received and returned (posted documents dated in the period, corrections included — the
 * purchasing reports' own fact table), and what is still open on the period's orders. Detail:
 * /api/purchasing/reports/*. HQ only: purchase documents live in HQ's database.
 */
@Injectable()
export class PurchasingSummaryService {
  constructor(private readonly reports: ReportRepository) {}

  summary(ctx: RequestContext, q: ReportPeriodDto) {
    checkPeriod(q);
    return this.reports.answer<PurchasingSummaryRow, PurchasingSummaryTotals>(ctx, q, '采购汇总 purchasing summary', PURCHASING_SUMMARY_COLUMNS, purchasingSummarySql(ctx, q));
  }
}
