import { Injectable } from '@nestjs/common';
import { answer, checkPeriod, ReportPeriodDto, RequestContext } from '@chain-erp/shared';
import type { PurchasingSummaryRow, PurchasingSummaryTotals } from './hq-reports.responses';
import { PURCHASING_SUMMARY_COLUMNS, PurchasingSummaryRepository } from './purchasing-summary.repository';

/**
 * 采购汇总 (one page per period): per supplier, what was ordered (orders dated in the period, incl.
 * tax), received and returned (posted documents dated in the period, corrections included — the
 * purchasing reports' own fact table), and what is still open on the period's orders. Detail:
 * /api/purchasing/reports/*. HQ only: purchase documents live in HQ's database.
 */
@Injectable()
export class PurchasingSummaryService {
  constructor(private readonly repo: PurchasingSummaryRepository) {}

  async summary(ctx: RequestContext, q: ReportPeriodDto) {
    checkPeriod(q);
    const row = await this.repo.summary(ctx, q);
    return answer<PurchasingSummaryRow, PurchasingSummaryTotals>(q, {
      title: '采购汇总 purchasing summary',
      columns: PURCHASING_SUMMARY_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }
}
