import { Injectable } from '@nestjs/common';
import { checkDate, checkPeriod, defineSort, DomainException, orderBy, pageSql, ReportColumn, ReportError, RequestContext, SortSpec } from '@chain-erp/shared';
import { listAnswer } from '../settlement/list-output';
import {
  type VoucherAgeingQueryDto,
  type VoucherAgeingReportRow,
  type VoucherAgeingReportTotals,
  type VoucherBatchReportRow,
  type VoucherBatchReportTotals,
  type VoucherRedemptionQueryDto,
  type VoucherRedemptionReportRow,
  type VoucherRedemptionReportTotals,
  type VoucherReportQueryDto,
  type VoucherStoreReportRow,
  type VoucherStoreReportTotals,
} from './voucher-report.dto';
import { AGEING_COLUMNS, BATCH_COLUMNS, REDEMPTION_COLUMNS, STORE_COLUMNS, VoucherLedgerFilter, VoucherReportPaging, VoucherReportRepository } from './voucher-report.repository';

const sortOf = (columns: ReportColumn[], dflt: string) => defineSort(Object.fromEntries(columns.map((c) => [c.key, c.kind ? `"${c.key}"::numeric` : `"${c.key}"`])), dflt);
export const VOUCHER_BATCH_REPORT_SORT = sortOf(BATCH_COLUMNS, 'batchNo');
export const VOUCHER_STORE_REPORT_SORT = sortOf(STORE_COLUMNS, 'storeCode');
export const VOUCHER_REDEMPTION_REPORT_SORT = sortOf(REDEMPTION_COLUMNS, 'day,storeCode');
export const VOUCHER_AGEING_REPORT_SORT = defineSort({ ageBucket: 'bucket_order' }, 'ageBucket');

/**
 * 代金券 / 礼品卡 reports (docs/promotions.md "Reports"), all from HQ's voucher ledger — every change of
 * value is a row of a document, so the figures add up: per batch issued − redeemed − voided =
 * outstanding (the vouchers' balances). A store user sees only its own store's documents: the rows
 * its tills wrote (cards sold, redemptions); the chain's liability (outstanding, ageing of cards
 * loaded at HQ) is HQ's and shows only what its own tills sold.
 */
@Injectable()
export class VoucherReportService {
  constructor(private readonly repository: VoucherReportRepository) {}

  /** 券批次汇总: per batch. Unscoped and without a period it is the liability: outstanding = Σ balances (else null). */
  async batches(ctx: RequestContext, q: VoucherReportQueryDto) {
    const filter = this.ledgerFilter(q);
    // outstanding is the liability only over every document of all time; a period or a store has movements, not a balance
    const whole = !q.from && !ctx.storeId && !q.storeId;
    const row = await this.repository.summary<VoucherBatchReportRow, VoucherBatchReportTotals>(ctx, 'batch', filter, whole, paging(q, VOUCHER_BATCH_REPORT_SORT));
    return listAnswer<VoucherBatchReportRow, VoucherBatchReportTotals>(q, {
      title: '券批次汇总 voucher batches',
      columns: BATCH_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** 门店汇总: per store, gift cards sold at its tills and what its tills redeemed (net of refunds and reversals). */
  async stores(ctx: RequestContext, q: VoucherReportQueryDto) {
    const row = await this.repository.summary<VoucherStoreReportRow, VoucherStoreReportTotals>(ctx, 'store', this.ledgerFilter(q), false, paging(q, VOUCHER_STORE_REPORT_SORT));
    return listAnswer<VoucherStoreReportRow, VoucherStoreReportTotals>(q, {
      title: '券门店汇总 vouchers by store',
      columns: STORE_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** 核销日报: per store and local day, redemptions and what refunds and reversals gave back. */
  async redemptions(ctx: RequestContext, q: VoucherRedemptionQueryDto) {
    checkPeriod(q);
    const row = await this.repository.redemptions(ctx, this.ledgerFilter(q), paging(q, VOUCHER_REDEMPTION_REPORT_SORT));
    return listAnswer<VoucherRedemptionReportRow, VoucherRedemptionReportTotals>(q, {
      title: '券核销日报 redemptions by day',
      columns: REDEMPTION_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /**
   * 余额账龄: the numbers holding value now, by the age of that value (days since the batch loaded it
   * or a till sold it) and how soon they expire. A store user: the cards its own tills sold.
   */
  async ageing(ctx: RequestContext, q: VoucherAgeingQueryDto) {
    const row = await this.repository.ageing(ctx, { kind: q.kind, storeId: q.storeId }, paging(q, VOUCHER_AGEING_REPORT_SORT));
    return listAnswer<VoucherAgeingReportRow, VoucherAgeingReportTotals>(q, {
      title: '券余额账龄 liability ageing',
      columns: AGEING_COLUMNS,
      items: row.items ?? [],
      total: row.n,
      totals: row.totals ?? undefined,
    });
  }

  /** The ledger rows asked for: the kind, a period (both ends, valid) and the store asked for (the repository scopes it). */
  private ledgerFilter(q: { kind?: string; from?: string; to?: string; storeId?: string }): VoucherLedgerFilter {
    if ((q.from === undefined) !== (q.to === undefined))
      throw new DomainException(ReportError.REPORT_INVALID_DATE, 'give both from and to, or neither / 起止日期须同时填写', [
        { field: q.from ? 'to' : 'from', message: 'required with the other' },
      ]);
    if (q.from && q.to) checkPeriod({ from: checkDate(q.from, 'from'), to: checkDate(q.to, 'to') });
    return { kind: q.kind, from: q.from, to: q.to, storeId: q.storeId };
  }
}

function paging(q: VoucherReportQueryDto | VoucherAgeingQueryDto, spec: SortSpec): VoucherReportPaging {
  return { order: orderBy(q.sort, spec), limit: pageSql(q) };
}
