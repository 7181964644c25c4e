import { PurchaseOrder } from './purchase-order.entity';
import { Controller, Get, Param, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiFileResponse, ApiJsonOrFileResponse, ApiSort, Ctx, PageOf, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { OpenOrderLineRow, PurchasesReportRow, ReceiptVarianceRow, SupplierPriceHistoryRow } from './purchasing-reports.responses';
import { FormatQueryDto, PurchasesReportQueryDto, ReportQueryDto } from './purchasing.dto';
import { PurchaseOrderSheetService, UploadedSheet } from './purchase-order-sheet.service';
import { OPEN_LINES_SORT, PRICE_HISTORY_SORT, PURCHASES_BY_PERIOD_SORT, PURCHASES_SORT, PurchasingReportsService, RECEIPT_VARIANCE_SORT } from './purchasing-reports.service';
import { PURCHASE_ORDER_READ } from './purchasing.routes';

@ApiTags('报表')
@Controller('purchasing/reports')
export class PurchasingReportsController {
  constructor(private readonly reports: PurchasingReportsService) {}

  @Get('purchases')
  @RequirePermission('purchase.read', 'report.read')
  @ApiOperation({ summary: 'Purchases (net of returns and corrections) by supplier, product, category, month or day; late-entry share shown' })
  @ApiJsonOrFileResponse(PageOf(PurchasesReportRow))
  @ApiSort([PURCHASES_SORT, PURCHASES_BY_PERIOD_SORT], 'default `-netAmount` (by month or day: `code`)')
  purchases(@Ctx() ctx: RequestContext, @Query() q: PurchasesReportQueryDto) {
    return this.reports.purchases(ctx, q);
  }

  @Get('open-lines')
  @RequirePermission('purchase.read', 'report.read')
  @ApiOperation({ summary: 'Open order lines and expected arrivals (未到货), overdue flagged' })
  @ApiJsonOrFileResponse(PageOf(OpenOrderLineRow))
  @ApiSort(OPEN_LINES_SORT)
  openLines(@Ctx() ctx: RequestContext, @Query() q: ReportQueryDto) {
    return this.reports.openLines(ctx, q);
  }

  @Get('receipt-variances')
  @RequirePermission('purchase.read', 'report.read')
  @ApiOperation({ summary: 'Received vs ordered per order line (short / over / exact)' })
  @ApiJsonOrFileResponse(PageOf(ReceiptVarianceRow))
  @ApiSort(RECEIPT_VARIANCE_SORT)
  variances(@Ctx() ctx: RequestContext, @Query() q: ReportQueryDto) {
    return this.reports.receiptVariances(ctx, q);
  }

  @Get('price-history')
  @RequirePermission('purchase.read', 'report.read')
  @ApiOperation({ summary: 'Supplier price history: every receipt price and its change' })
  @ApiJsonOrFileResponse(PageOf(SupplierPriceHistoryRow))
  @ApiSort(PRICE_HISTORY_SORT)
  priceHistory(@Ctx() ctx: RequestContext, @Query() q: ReportQueryDto) {
    return this.reports.priceHistory(ctx, q);
  }
}

@ApiTags('采购管理')
@Controller()
export class PurchaseOrderSheetController {
  constructor(private readonly sheets: PurchaseOrderSheetService) {}

  @Get('purchasing/templates/purchase-order-lines')
  @RequirePermission('purchase.read')
  @ApiFileResponse('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'the lines template')
  @ApiOperation({ summary: 'Excel template of order lines (商品编码, 数量, 含税单价, 税率%, 备注)' })
  template() {
    return this.sheets.template();
  }

  @Post('purchase-orders/:id/lines/import')
  @RequirePermission('purchase.order.write')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 20 * 1024 * 1024, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description: '.xlsx, .csv or .txt (UTF-8 or GBK)' } } } })
  @ApiOperation({ summary: 'Append lines to a draft order from Excel, all or none (row errors reported)' })
  @ApiCreatedResponse({ type: PurchaseOrder })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'IMPORT_FILE_EMPTY',
    'IMPORT_FILE_REQUIRED',
    'IMPORT_HEADER_MISSING',
    'IMPORT_TOO_MANY_ROWS',
    'NOT_FOUND',
    'PURCHASE_DUPLICATE_PRODUCT',
    'PURCHASE_IMPORT_INVALID',
  )
  importLines(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @UploadedFile() file: UploadedSheet | undefined) {
    return this.sheets.importLines(ctx, id, file);
  }

  @PURCHASE_ORDER_READ.document
  document(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: FormatQueryDto) {
    return this.sheets.document(ctx, id, q.format);
  }
}
