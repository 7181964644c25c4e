import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiJsonOrFileResponse, ApiSort, Ctx, ListOf, RequestContext, RequirePermission, XLSX_MIME } from '@chain-erp/shared';
import {
  VoucherAgeingQueryDto,
  VoucherAgeingReportRow,
  VoucherAgeingReportTotals,
  VoucherBatchReportRow,
  VoucherBatchReportTotals,
  VoucherRedemptionQueryDto,
  VoucherRedemptionReportRow,
  VoucherRedemptionReportTotals,
  VoucherReportQueryDto,
  VoucherStoreReportRow,
  VoucherStoreReportTotals,
} from './voucher-report.dto';
import { VOUCHER_AGEING_REPORT_SORT, VOUCHER_BATCH_REPORT_SORT, VOUCHER_REDEMPTION_REPORT_SORT, VOUCHER_STORE_REPORT_SORT, VoucherReportService } from './voucher-report.service';

/** 代金券/礼品卡报表: JSON pages or the whole report as .xlsx (streamed); a store user sees its own store's documents. */
@ApiTags('报表')
@Controller('reports/vouchers')
export class VoucherReportController {
  constructor(private readonly reports: VoucherReportService) {}

  @Get('batches')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '券批次汇总: issued / redeemed / voided / outstanding per batch (outstanding: HQ, all time)' })
  @ApiJsonOrFileResponse(ListOf(VoucherBatchReportRow, VoucherBatchReportTotals))
  @ApiSort(VOUCHER_BATCH_REPORT_SORT)
  batches(@Ctx() ctx: RequestContext, @Query() q: VoucherReportQueryDto) {
    return this.reports.batches(ctx, q);
  }

  @Get('stores')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '券门店汇总: gift cards sold and value redeemed per store' })
  @ApiJsonOrFileResponse(ListOf(VoucherStoreReportRow, VoucherStoreReportTotals))
  @ApiSort(VOUCHER_STORE_REPORT_SORT)
  stores(@Ctx() ctx: RequestContext, @Query() q: VoucherReportQueryDto) {
    return this.reports.stores(ctx, q);
  }

  @Get('redemptions')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '券核销日报: redemptions per store per day (and what refunds and reversals gave back)' })
  @ApiJsonOrFileResponse(ListOf(VoucherRedemptionReportRow, VoucherRedemptionReportTotals))
  @ApiSort(VOUCHER_REDEMPTION_REPORT_SORT)
  redemptions(@Ctx() ctx: RequestContext, @Query() q: VoucherRedemptionQueryDto) {
    return this.reports.redemptions(ctx, q);
  }

  @Get('ageing')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '券余额账龄: outstanding value by age and by expiry' })
  @ApiJsonOrFileResponse(ListOf(VoucherAgeingReportRow, VoucherAgeingReportTotals))
  @ApiSort(VOUCHER_AGEING_REPORT_SORT)
  ageing(@Ctx() ctx: RequestContext, @Query() q: VoucherAgeingQueryDto) {
    return this.reports.ageing(ctx, q);
  }
}
