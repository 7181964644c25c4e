import { StockLimit, StockReason } from './stock.entity';
import { Warehouse } from './warehouse.entity';
import {
  AlertHistoryRow,
  AlertRow,
  StockCountResponse,
  InventorySettingsResponse,
  StockAlertsRecordResponse,
  StockQueriesStockCardResponse,
  StockQueriesValuationResponse,
  StockRow,
} from './inventory.responses';
import { ApiErrors, ApiFileResponse, ApiPagedResponse, ApiSort } from '../common/http/api-contract';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query, StreamableFile, Type, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx } from '../common/http/decorators';
import { RequirePermission } from '../identity/require-permission';
import { ParseId } from '../common/http/parse-id.pipe';
import { documentReadRoutes } from '../documents/document-routes';
import { RequestContext } from '../common/request-context';
import type { PermissionCode } from '../identity/permissions';
import {
  AlertQueryDto,
  CountEntryDto,
  CountFileDto,
  CountQueryDto,
  CreateReasonDto,
  CreateStockDocumentDto,
  CreateWarehouseDto,
  OpenCountDto,
  PostCountDto,
  ReverseStockDocumentDto,
  SetStockLimitDto,
  StockCardQueryDto,
  StockDocumentQueryDto,
  StockQueryDto,
  UpdateInventorySettingsDto,
  UpdateReasonDto,
  UpdateStockDocumentDto,
  UpdateWarehouseDto,
  ValuationQueryDto,
  WarehouseQueryDto,
} from './inventory.dto';
import { InventorySettingsService } from './inventory-settings.service';
import { StockCount, StockDocument, StockDocumentType } from './stock-document.entity';
import { STOCK_DOCUMENT_KINDS, STOCK_DOCUMENT_SORT, StockDocumentService } from './stock-document.service';
import { ALERT_SORT, StockAlertService } from './stock-alert.service';
import { STOCK_COUNT_SORT, StockCountService } from './stock-count.service';
import { STOCK_SORT, StockQueryService } from './stock-query.service';
import { StockReasonService } from './stock-reason.service';
import { WAREHOUSE_SORT, WarehouseService } from './warehouse.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_UPLOAD = 5 * 1024 * 1024;

// ── warehouses ──────────────────────────────────────────────────────────────

@ApiTags('库存管理')
@Controller('inventory/warehouses')
export class WarehousesReadController {
  constructor(protected readonly warehouses: WarehouseService) {}

  @Get()
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'List warehouses (a store user sees its own)' })
  @ApiPagedResponse(Warehouse)
  @ApiSort(WAREHOUSE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: WarehouseQueryDto) {
    return this.warehouses.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'One warehouse' })
  @ApiOkResponse({ type: Warehouse })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.warehouses.get(ctx, id);
  }
}

/** At HQ: warehouses of every org unit are created and changed here (stores receive them by sync). */
@ApiTags('库存管理')
@Controller('inventory/warehouses')
export class WarehousesController extends WarehousesReadController {
  @Post()
  @RequirePermission('inventory.warehouse.write')
  @ApiOperation({ summary: 'Create a warehouse for HQ or a store (kind in_transit: the store’s goods-in-transit location)' })
  @ApiCreatedResponse({ type: Warehouse })
  @ApiErrors('STOCK_WAREHOUSE_CODE_TAKEN', 'STOCK_WAREHOUSE_IN_TRANSIT_EXISTS', 'VALIDATION_FAILED')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateWarehouseDto) {
    return this.warehouses.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('inventory.warehouse.write')
  @ApiOperation({ summary: 'Rename, disable or re-enable a warehouse' })
  @ApiOkResponse({ type: Warehouse })
  @ApiErrors('NOT_FOUND', 'STOCK_WAREHOUSE_HAS_STOCK')
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: UpdateWarehouseDto) {
    return this.warehouses.update(ctx, id, dto);
  }

  @Post(':id/disable')
  @HttpCode(200)
  @RequirePermission('inventory.warehouse.write')
  @ApiOperation({ summary: 'Disable a warehouse (refused while it holds stock)' })
  @ApiOkResponse({ type: Warehouse })
  @ApiErrors('NOT_FOUND', 'STOCK_WAREHOUSE_HAS_STOCK')
  disable(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.warehouses.disable(ctx, id);
  }
}

// ── settings and reasons ────────────────────────────────────────────────────

@ApiTags('库存管理')
@Controller('inventory/settings')
export class InventorySettingsReadController {
  constructor(protected readonly settings: InventorySettingsService) {}

  @Get(':orgUnitId')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Negative-stock switch and near-expiry window of an org unit' })
  @ApiOkResponse({ type: InventorySettingsResponse })
  get(@Ctx() ctx: RequestContext, @Param('orgUnitId', ParseId) orgUnitId: string) {
    return this.settings.get(ctx, orgUnitId);
  }
}

@ApiTags('库存管理')
@Controller('inventory/settings')
export class InventorySettingsController extends InventorySettingsReadController {
  @Put(':orgUnitId')
  @RequirePermission('inventory.settings')
  @ApiOperation({ summary: 'Set an org unit’s inventory settings (HQ decides; stores receive them by sync)' })
  @ApiOkResponse({ type: InventorySettingsResponse })
  @ApiErrors('NOT_FOUND', 'PERMISSION_DENIED')
  update(@Ctx() ctx: RequestContext, @Param('orgUnitId', ParseId) orgUnitId: string, @Body() dto: UpdateInventorySettingsDto) {
    return this.settings.update(ctx, orgUnitId, dto);
  }
}

@ApiTags('库存管理')
@Controller('inventory/reasons')
export class StockReasonsReadController {
  constructor(protected readonly reasons: StockReasonService) {}

  @Get()
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Reason codes of adjustments and other receipts/issues' })
  @ApiOkResponse({ type: StockReason, isArray: true })
  list(@Ctx() ctx: RequestContext) {
    return this.reasons.list(ctx);
  }
}

@ApiTags('库存管理')
@Controller('inventory/reasons')
export class StockReasonsController extends StockReasonsReadController {
  @Post()
  @RequirePermission('inventory.settings')
  @ApiOperation({ summary: 'Add a reason code' })
  @ApiCreatedResponse({ type: StockReason })
  @ApiErrors('DUPLICATE')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateReasonDto) {
    return this.reasons.create(ctx, dto);
  }

  @Patch(':code')
  @RequirePermission('inventory.settings')
  @ApiOperation({ summary: 'Rename, re-direct or deactivate a reason code' })
  @ApiOkResponse({ type: StockReason })
  @ApiErrors('NOT_FOUND')
  update(@Ctx() ctx: RequestContext, @Param('code') code: string, @Body() dto: UpdateReasonDto) {
    return this.reasons.update(ctx, code, dto);
  }
}

// ── adjustments, other receipts, other issues ───────────────────────────────

/** Inventory documents are read with inventory.read; a read can only miss its document. */
const INVENTORY_READ = { permission: 'inventory.read', errors: ['NOT_FOUND'] } as const;

/**
 * The three simple stock documents share one service and one route shape; only the path, the
 * labels and the permissions differ, so their controllers are made from one definition.
 */
function stockDocumentController(type: StockDocumentType, path: string, className: string, write: PermissionCode): Type {
  const kind = STOCK_DOCUMENT_KINDS[type];
  const READ = documentReadRoutes({ ...INVENTORY_READ, get: { type: StockDocument, summary: `One ${kind.label} with lines` } });
  @ApiTags('库存管理')
  @Controller(`inventory/${path}`)
  class StockDocumentController {
    constructor(readonly docs: StockDocumentService) {}

    @Get()
    @RequirePermission('inventory.read')
    @ApiOperation({ summary: `List ${kind.label} documents (scoped)` })
    @ApiPagedResponse(StockDocument)
    @ApiSort(STOCK_DOCUMENT_SORT)
    list(@Ctx() ctx: RequestContext, @Query() q: StockDocumentQueryDto) {
      return this.docs.list(ctx, type, q);
    }

    @READ.get
    get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.docs.get(ctx, type, id);
    }

    @Post()
    @RequirePermission(write)
    @ApiOperation({ summary: `Create a draft ${kind.label}` })
    @ApiCreatedResponse({ type: StockDocument })
    @ApiErrors(
      'NOT_FOUND',
      'STOCK_UNKNOWN_PRODUCT',
      'STOCK_UNKNOWN_REASON',
      'STOCK_UNKNOWN_WAREHOUSE',
      'STOCK_WAREHOUSE_DISABLED',
      'STOCK_WAREHOUSE_NOT_LOCAL',
      'VALIDATION_FAILED',
    )
    create(@Ctx() ctx: RequestContext, @Body() dto: CreateStockDocumentDto) {
      return this.docs.create(ctx, type, dto);
    }

    @Patch(':id')
    @RequirePermission(write)
    @ApiOperation({ summary: 'Change a draft (posted documents never change: 409 DOCUMENT_POSTED)' })
    @ApiOkResponse({ type: StockDocument })
    @ApiErrors('DOCUMENT_POSTED', 'NOT_FOUND', 'STOCK_UNKNOWN_PRODUCT', 'STOCK_UNKNOWN_REASON', 'VALIDATION_FAILED')
    update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: UpdateStockDocumentDto) {
      return this.docs.update(ctx, type, id, dto);
    }

    @Post(':id/submit')
    @HttpCode(200)
    @RequirePermission(write)
    @ApiOperation({ summary: 'Submit for approval' })
    @ApiOkResponse({ type: StockDocument })
    @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
    submit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.docs.submit(ctx, type, id);
    }

    @Post(':id/reopen')
    @HttpCode(200)
    @RequirePermission(write, kind.post)
    @ApiOperation({ summary: 'Send a submitted document back to draft (退回)' })
    @ApiOkResponse({ type: StockDocument })
    @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
    reopen(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.docs.reopen(ctx, type, id);
    }

    @Post(':id/post')
    @HttpCode(200)
    @RequirePermission(kind.post)
    @ApiOperation({ summary: 'Approve and post (审核): stock moves; 409 STOCK_INSUFFICIENT names the line and what is available' })
    @ApiOkResponse({ type: StockDocument })
    @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'STOCK_UNKNOWN_WAREHOUSE', 'STOCK_WAREHOUSE_DISABLED', 'STOCK_WAREHOUSE_NOT_LOCAL')
    post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.docs.post(ctx, type, id);
    }

    @Post(':id/cancel')
    @HttpCode(200)
    @RequirePermission(write)
    @ApiOperation({ summary: 'Cancel a draft or submitted document' })
    @ApiOkResponse({ type: StockDocument })
    @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
    cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.docs.cancel(ctx, type, id);
    }

    @Post(':id/reverse')
    @HttpCode(201)
    @RequirePermission(kind.post)
    @ApiOperation({ summary: 'Reverse a posted document (冲销): a new posted document undoing it, pointing at it' })
    @ApiCreatedResponse({ type: StockDocument })
    @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'STOCK_DOCUMENT_ALREADY_REVERSED')
    reverse(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReverseStockDocumentDto) {
      return this.docs.reverse(ctx, type, id, dto.remark);
    }
  }
  Object.defineProperty(StockDocumentController, 'name', { value: className });
  return StockDocumentController;
}

export const StockAdjustmentsController = stockDocumentController('adjustment', 'adjustments', 'StockAdjustmentsController', 'inventory.adjust');
export const OtherReceiptsController = stockDocumentController('other_receipt', 'other-receipts', 'OtherReceiptsController', 'inventory.other');
export const OtherIssuesController = stockDocumentController('other_issue', 'other-issues', 'OtherIssuesController', 'inventory.other');

// ── stock counts ────────────────────────────────────────────────────────────

const COUNT_READ = documentReadRoutes({
  ...INVENTORY_READ,
  get: { type: StockCountResponse, summary: 'A count with its lines: book at snapshot, counted, expected and variance (review)' },
});

@ApiTags('库存管理')
@Controller('inventory/counts')
export class StockCountsController {
  constructor(private readonly counts: StockCountService) {}

  @Get()
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'List stock counts (scoped)' })
  @ApiPagedResponse(StockCount)
  @ApiSort(STOCK_COUNT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: CountQueryDto) {
    return this.counts.list(ctx, q);
  }

  @COUNT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.counts.get(ctx, id);
  }

  @Post()
  @RequirePermission('inventory.count')
  @ApiOperation({ summary: 'Open a count of a warehouse, whole or one category: snapshots the book quantities' })
  @ApiCreatedResponse({ type: StockCountResponse })
  @ApiErrors('NOT_FOUND', 'STOCK_COUNT_OPEN', 'STOCK_UNKNOWN_WAREHOUSE', 'STOCK_WAREHOUSE_DISABLED', 'STOCK_WAREHOUSE_NOT_LOCAL', 'VALIDATION_FAILED')
  open(@Ctx() ctx: RequestContext, @Body() dto: OpenCountDto) {
    return this.counts.open(ctx, dto);
  }

  @Put(':id/lines')
  @RequirePermission('inventory.count')
  @ApiOperation({ summary: 'Enter counted quantities (by product id, barcode or code)' })
  @ApiOkResponse({ type: StockCountResponse })
  @ApiErrors('DOCUMENT_POSTED', 'NOT_FOUND', 'STOCK_COUNT_PRODUCT_OUTSIDE', 'STOCK_UNKNOWN_PRODUCT')
  enter(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: CountEntryDto) {
    return this.counts.enter(ctx, id, dto.lines);
  }

  @Post(':id/import')
  @HttpCode(200)
  @RequirePermission('inventory.count')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_UPLOAD, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CountFileDto })
  @ApiOperation({ summary: 'Enter counted quantities from .xlsx (条码/barcode or 商品编码/code, 数量/qty) or a scanner .txt (barcode,qty); all rows or none' })
  @ApiOkResponse({ type: StockCountResponse })
  @ApiErrors('DOCUMENT_POSTED', 'NOT_FOUND', 'STOCK_COUNT_PRODUCT_OUTSIDE', 'STOCK_UNKNOWN_PRODUCT', 'VALIDATION_FAILED')
  import(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @UploadedFile() file?: { buffer?: Buffer; originalname?: string }) {
    return this.counts.importFile(ctx, id, file);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('inventory.count.post')
  @ApiOperation({ summary: 'Post the variances as stock movements; uncounted products kept or set to zero' })
  @ApiOkResponse({ type: StockCountResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'STOCK_UNKNOWN_PRODUCT', 'STOCK_UNKNOWN_WAREHOUSE', 'STOCK_WAREHOUSE_DISABLED', 'STOCK_WAREHOUSE_NOT_LOCAL')
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostCountDto) {
    return this.counts.post(ctx, id, dto.uncounted);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('inventory.count')
  @ApiOperation({ summary: 'Cancel an open count (no stock moves)' })
  @ApiOkResponse({ type: StockCountResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.counts.cancel(ctx, id);
  }
}

// ── queries ─────────────────────────────────────────────────────────────────

@ApiTags('库存管理')
@Controller('inventory')
export class StockQueriesController {
  constructor(private readonly queries: StockQueryService) {}

  @Get('stock')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Stock on hand by warehouse, category, product, batch; below-min / above-max filters' })
  @ApiPagedResponse(StockRow)
  @ApiSort(STOCK_SORT)
  stock(@Ctx() ctx: RequestContext, @Query() q: StockQueryDto) {
    return this.queries.stock(ctx, q);
  }

  @Get('stock/export')
  @RequirePermission('inventory.read')
  @ApiFileResponse(XLSX, 'the rows as a spreadsheet')
  @ApiOperation({ summary: 'Stock on hand as .xlsx (same filters)' })
  @ApiSort(STOCK_SORT)
  exportStock(@Ctx() ctx: RequestContext, @Query() q: StockQueryDto): Promise<StreamableFile> {
    return this.queries.exportStock(ctx, q);
  }

  @Get('stock-card')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Stock card (库存明细账): ledger of one product in one warehouse with opening and closing balances' })
  @ApiOkResponse({ type: StockQueriesStockCardResponse })
  @ApiErrors('NOT_FOUND', 'VALIDATION_FAILED')
  stockCard(@Ctx() ctx: RequestContext, @Query() q: StockCardQueryDto) {
    return this.queries.stockCard(ctx, q);
  }

  @Get('stock-card/export')
  @RequirePermission('inventory.read')
  @ApiFileResponse(XLSX, 'the rows as a spreadsheet')
  @ApiOperation({ summary: 'Stock card as .xlsx' })
  @ApiErrors('NOT_FOUND', 'VALIDATION_FAILED')
  exportStockCard(@Ctx() ctx: RequestContext, @Query() q: StockCardQueryDto): Promise<StreamableFile> {
    return this.queries.exportStockCard(ctx, q);
  }

  @Get('valuation')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Stock value at moving-average cost by warehouse and category' })
  @ApiOkResponse({ type: StockQueriesValuationResponse })
  valuation(@Ctx() ctx: RequestContext, @Query() q: ValuationQueryDto) {
    return this.queries.valuation(ctx, q);
  }

  @Get('valuation/export')
  @RequirePermission('inventory.read')
  @ApiFileResponse(XLSX, 'the rows as a spreadsheet')
  @ApiOperation({ summary: 'Valuation as .xlsx' })
  exportValuation(@Ctx() ctx: RequestContext, @Query() q: ValuationQueryDto): Promise<StreamableFile> {
    return this.queries.exportValuation(ctx, q);
  }
}

// ── alerts ──────────────────────────────────────────────────────────────────

@ApiTags('库存管理')
@Controller('inventory')
export class StockAlertsController {
  constructor(private readonly alerts: StockAlertService) {}

  @Get('alerts/current')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Low-stock, overstock and near-expiry items as of now (scoped)' })
  @ApiPagedResponse(AlertRow)
  @ApiSort(ALERT_SORT)
  current(@Ctx() ctx: RequestContext, @Query() q: AlertQueryDto) {
    return this.alerts.current(ctx, q);
  }

  @Get('alerts')
  @RequirePermission('inventory.read')
  @ApiOperation({ summary: 'Alerts recorded by the daily job (default: the latest day), filtered by store' })
  @ApiPagedResponse(AlertHistoryRow)
  @ApiSort(ALERT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: AlertQueryDto) {
    return this.alerts.list(ctx, q);
  }

  @Post('alerts/record')
  @HttpCode(200)
  @RequirePermission('inventory.settings')
  @ApiOperation({ summary: 'Record today’s alerts now (the daily job does the same)' })
  @ApiOkResponse({ type: StockAlertsRecordResponse })
  record(@Ctx() ctx: RequestContext) {
    return this.alerts.record(ctx);
  }

  @Put('limits')
  @RequirePermission('inventory.settings')
  @ApiOperation({ summary: 'Set min/max of a product in a warehouse (null → the product default)' })
  @ApiOkResponse({ type: StockLimit })
  @ApiErrors('NOT_FOUND', 'STOCK_UNKNOWN_PRODUCT')
  setLimit(@Ctx() ctx: RequestContext, @Body() dto: SetStockLimitDto) {
    return this.alerts.setLimit(ctx, dto);
  }
}
