import {
  GrossMarginReportRow,
  MemberLiabilityRow,
  MemberLiabilityTotals,
  MemberSalesReportRow,
  SalesReportRow,
  StockMovementRow,
  StockMovementTotals,
  WarehouseStockRow,
  WarehouseStockTotals,
} from './reports.responses';
import { ApiJsonOrFileResponse, ApiSort, ListOf } from '../common/http/api-contract';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { RequestContext } from '../common/request-context';
import { XLSX_MIME } from '../excel/sheet-writer';
import { LIABILITY_SORT, MemberReportsService } from './member-reports.service';
import { LiabilityQueryDto, MemberSalesQueryDto, SalesReportQueryDto, SlowMoversQueryDto, StockMovementQueryDto, WarehouseSummaryQueryDto } from './reports.dto';
import { MARGIN_SORT, MEMBER_SALES_SORT, SALES_SORT, SALES_SORT_NOTE, SalesReportsService } from './sales-reports.service';
import { DAYS_OF_COVER_SORT, SLOW_MOVER_SORT, StockReportsService, WAREHOUSE_SUMMARY_SORT } from './stock-reports.service';

/** 销售报表 on both servers: a store its own sales, HQ every store's (filter `storeId`). */
@ApiTags('报表')
@Controller('reports')
export class SalesReportsController {
  constructor(private readonly reports: SalesReportsService) {}

  @Get('sales')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '销售分析: net sales (refunds deducted) by store / product / category / cashier / hour / day — quantity, amount, discount, receipts, average basket' })
  @ApiJsonOrFileResponse(ListOf(SalesReportRow, SalesReportRow))
  @ApiSort(SALES_SORT, SALES_SORT_NOTE)
  sales(@Ctx() ctx: RequestContext, @Query() q: SalesReportQueryDto) {
    return this.reports.sales(ctx, q);
  }

  @Get('gross-margin')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '毛利: net sales at moving-average cost, margin and margin %; sales without a recorded cost shown apart' })
  @ApiJsonOrFileResponse(ListOf(GrossMarginReportRow, GrossMarginReportRow))
  @ApiSort(MARGIN_SORT, SALES_SORT_NOTE)
  margin(@Ctx() ctx: RequestContext, @Query() q: SalesReportQueryDto) {
    return this.reports.margin(ctx, q);
  }

  @Get('member-sales')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '会员消费: receipts and net sales with a member card, and their share, by store or day' })
  @ApiJsonOrFileResponse(ListOf(MemberSalesReportRow, MemberSalesReportRow))
  @ApiSort(MEMBER_SALES_SORT, SALES_SORT_NOTE)
  members(@Ctx() ctx: RequestContext, @Query() q: MemberSalesQueryDto) {
    return this.reports.members(ctx, q);
  }
}

/** 库存报表: this server's warehouses (a store its own). */
@ApiTags('报表')
@Controller('reports/stock')
export class StockReportsController {
  constructor(private readonly reports: StockReportsService) {}

  @Get('warehouses')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '库存金额汇总: products, quantity and value at moving-average cost per warehouse (detail by category: /api/inventory/valuation)' })
  @ApiJsonOrFileResponse(ListOf(WarehouseStockRow, WarehouseStockTotals))
  @ApiSort(WAREHOUSE_SUMMARY_SORT)
  warehouses(@Ctx() ctx: RequestContext, @Query() q: WarehouseSummaryQueryDto) {
    return this.reports.warehouses(ctx, q);
  }

  @Get('slow-movers')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '滞销商品: products in stock with no (or at most `maxSold`) net sales over the last `days` days' })
  @ApiJsonOrFileResponse(ListOf(StockMovementRow, StockMovementTotals))
  @ApiSort(SLOW_MOVER_SORT)
  slowMovers(@Ctx() ctx: RequestContext, @Query() q: SlowMoversQueryDto) {
    return this.reports.slowMovers(ctx, q);
  }

  @Get('days-of-cover')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '库存可售天数: stock on hand ÷ average daily net sales over the last `days` days' })
  @ApiJsonOrFileResponse(ListOf(StockMovementRow, StockMovementTotals))
  @ApiSort(DAYS_OF_COVER_SORT)
  daysOfCover(@Ctx() ctx: RequestContext, @Query() q: StockMovementQueryDto) {
    return this.reports.daysOfCover(ctx, q);
  }
}

/** 会员报表. */
@ApiTags('报表')
@Controller('reports/members')
export class MemberReportsController {
  constructor(private readonly reports: MemberReportsService) {}

  @Get('liability')
  @RequirePermission('report.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '会员负债: outstanding points and stored value by card type and store, now or at the end of `asOf`' })
  @ApiJsonOrFileResponse(ListOf(MemberLiabilityRow, MemberLiabilityTotals))
  @ApiSort(LIABILITY_SORT)
  liability(@Ctx() ctx: RequestContext, @Query() q: LiabilityQueryDto) {
    return this.reports.liability(ctx, q);
  }
}
