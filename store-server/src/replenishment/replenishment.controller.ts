import {
  ReplenishmentRequestGetResponse,
  ReplenishmentRequestRow,
  SuggestionLine,
  TransferReceiptGetResponse,
  TransferReceiptShipmentResponse,
  TransferReceiptShipmentsResponse,
} from './replenishment.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, documentReadRoutes, ParseId, RequestContext, RequirePermission, TransferReceipt } from '@chain-erp/shared';
import { CreateReceiptDto, ReasonDto, ReceiptLinesDto, RequestQueryDto, SaveRequestDto, StoreShipmentQueryDto, SuggestionQueryDto } from './replenishment.dto';
import { REQUEST_SORT } from './replenishment-request.repository';
import { ReplenishmentRequestService } from './replenishment-request.service';
import { INCOMING_SHIPMENT_SORT, TRANSFER_RECEIPT_SORT, TransferReceiptService } from './transfer-receipt.service';

/** The store's replenishment documents are read with replenishment.read; an unknown id is a 404. */
const STORE_DOCUMENT_READ = { permission: 'replenishment.read', errors: ['NOT_FOUND'] } as const;
const REQUEST_READ = documentReadRoutes({
  ...STORE_DOCUMENT_READ,
  get: {
    type: ReplenishmentRequestGetResponse,
    path: 'requests/:id',
    summary: 'One request: lines with suggested, requested, approved, shipped, received; HQ’s decision; shipments',
  },
});
const SHIPMENT_READ = documentReadRoutes({
  ...STORE_DOCUMENT_READ,
  get: { type: TransferReceiptShipmentResponse, path: 'transfer-shipments/:id', summary: 'One shipment with lines, costs, batches and HQ’s settlement of the variances' },
});
const RECEIPT_READ = documentReadRoutes({
  ...STORE_DOCUMENT_READ,
  get: { type: TransferReceiptGetResponse, path: 'transfer-receipts/:id', summary: 'One receipt with shipped, received, short, damaged and over per line' },
});

@ApiTags('连锁管理')
@Controller('replenishment')
export class ReplenishmentRequestController {
  constructor(private readonly requests: ReplenishmentRequestService) {}

  @Get('suggestions')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: '建议要货量: velocity of the last N days, stock, in transit, on order, min/max, lead time' })
  @ApiOkResponse({ type: SuggestionLine, isArray: true })
  @ApiErrors('REPLENISHMENT_UNKNOWN_WAREHOUSE')
  suggest(@Ctx() ctx: RequestContext, @Query() q: SuggestionQueryDto) {
    return this.requests.suggest(ctx, q);
  }

  @Get('requests')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'This store’s requests, with the status HQ gave them' })
  @ApiPagedResponse(ReplenishmentRequestRow)
  @ApiSort(REQUEST_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: RequestQueryDto) {
    return this.requests.list(ctx, q);
  }

  @REQUEST_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.requests.get(ctx, id);
  }

  @Post('requests')
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Draft request; lines without a quantity take the suggested one (fromSuggestions fills every suggested product)' })
  @ApiCreatedResponse({ type: ReplenishmentRequestGetResponse })
  @ApiErrors('NOT_FOUND', 'REPLENISHMENT_BAD_DATE', 'REPLENISHMENT_DUPLICATE_PRODUCT', 'REPLENISHMENT_NO_LINES', 'REPLENISHMENT_UNKNOWN_PRODUCT', 'REPLENISHMENT_UNKNOWN_WAREHOUSE')
  create(@Ctx() ctx: RequestContext, @Body() dto: SaveRequestDto) {
    return this.requests.create(ctx, dto);
  }

  @Put('requests/:id')
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Replace a draft’s header and lines' })
  @ApiOkResponse({ type: ReplenishmentRequestGetResponse })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'NOT_FOUND',
    'REPLENISHMENT_BAD_DATE',
    'REPLENISHMENT_DUPLICATE_PRODUCT',
    'REPLENISHMENT_NO_LINES',
    'REPLENISHMENT_UNKNOWN_PRODUCT',
    'REPLENISHMENT_UNKNOWN_WAREHOUSE',
  )
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SaveRequestDto) {
    return this.requests.update(ctx, id, dto);
  }

  @Post('requests/:id/submit')
  @HttpCode(200)
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Submit to HQ (sent with the next sync)' })
  @ApiOkResponse({ type: ReplenishmentRequestGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'REPLENISHMENT_NO_LINES')
  submit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.requests.submit(ctx, id);
  }

  @Post('requests/:id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Cancel a draft, or withdraw a submitted request HQ has not decided yet' })
  @ApiOkResponse({ type: ReplenishmentRequestGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.requests.cancel(ctx, id, dto.reason);
  }
}

@ApiTags('连锁管理')
@Controller()
export class TransferReceiptController {
  constructor(private readonly receipts: TransferReceiptService) {}

  @Get('transfer-shipments')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Shipments from HQ to this store (inTransit until received here)' })
  @ApiOkResponse({ type: TransferReceiptShipmentsResponse })
  @ApiSort(INCOMING_SHIPMENT_SORT)
  shipments(@Ctx() ctx: RequestContext, @Query() q: StoreShipmentQueryDto) {
    return this.receipts.shipments(ctx, q);
  }

  @SHIPMENT_READ.get
  shipment(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.shipment(ctx, id);
  }

  @Get('transfer-receipts')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'This store’s transfer receipts' })
  @ApiPagedResponse(TransferReceipt)
  @ApiSort(TRANSFER_RECEIPT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: StoreShipmentQueryDto) {
    return this.receipts.list(ctx, q);
  }

  @RECEIPT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.get(ctx, id);
  }

  @Post('transfer-receipts')
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Draft receipt of a shipment, prefilled with the shipped quantities' })
  @ApiCreatedResponse({ type: TransferReceiptGetResponse })
  @ApiErrors('NOT_FOUND', 'REPLENISHMENT_ALREADY_RECEIVED', 'REPLENISHMENT_SHIPMENT_NOT_RECEIVABLE', 'REPLENISHMENT_UNKNOWN_LINE', 'REPLENISHMENT_VARIANCE_MISMATCH')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateReceiptDto) {
    return this.receipts.create(ctx, dto);
  }

  @Put('transfer-receipts/:id/lines')
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Actual quantities per line; every difference with its reason (short, damaged, over)' })
  @ApiOkResponse({ type: TransferReceiptGetResponse })
  @ApiErrors('DOCUMENT_POSTED', 'NOT_FOUND', 'REPLENISHMENT_UNKNOWN_LINE', 'REPLENISHMENT_VARIANCE_MISMATCH')
  setLines(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReceiptLinesDto) {
    return this.receipts.setLines(ctx, id, dto.lines);
  }

  @Post('transfer-receipts/:id/post')
  @HttpCode(200)
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Post: stock in at the shipment’s cost; the receipt goes to HQ with the next sync' })
  @ApiOkResponse({ type: TransferReceiptGetResponse })
  @ApiErrors(
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'REPLENISHMENT_ALREADY_RECEIVED',
    'REPLENISHMENT_SHIPMENT_NOT_RECEIVABLE',
    'STOCK_UNKNOWN_PRODUCT',
    'STOCK_UNKNOWN_WAREHOUSE',
    'STOCK_WAREHOUSE_DISABLED',
  )
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.post(ctx, id);
  }

  @Post('transfer-receipts/:id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Cancel a draft receipt' })
  @ApiOkResponse({ type: TransferReceiptGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.receipts.cancel(ctx, id, dto.reason);
  }
}
