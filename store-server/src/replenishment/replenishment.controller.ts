import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { CreateReceiptDto, ReasonDto, ReceiptLinesDto, RequestQueryDto, SaveRequestDto, StoreShipmentQueryDto, SuggestionQueryDto } from './replenishment.dto';
import { ReplenishmentRequestService } from './replenishment-request.service';
import { TransferReceiptService } from './transfer-receipt.service';

@ApiTags('replenishment: requests (要货申请)')
@Controller('replenishment')
export class ReplenishmentRequestController {
  constructor(private readonly requests: ReplenishmentRequestService) {}

  @Get('suggestions')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: '建议要货量: velocity of the last N days, stock, in transit, on order, min/max, lead time' })
  suggest(@Ctx() ctx: RequestContext, @Query() q: SuggestionQueryDto) {
    return this.requests.suggest(ctx, q);
  }

  @Get('requests')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'This store’s requests, with the status HQ gave them' })
  list(@Ctx() ctx: RequestContext, @Query() q: RequestQueryDto) {
    return this.requests.list(ctx, q);
  }

  @Get('requests/:id')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'One request: lines with suggested, requested, approved, shipped, received; HQ’s decision; shipments' })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.requests.get(ctx, id);
  }

  @Post('requests')
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Draft request; lines without a quantity take the suggested one (fromSuggestions fills every suggested product)' })
  create(@Ctx() ctx: RequestContext, @Body() dto: SaveRequestDto) {
    return this.requests.create(ctx, dto);
  }

  @Put('requests/:id')
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Replace a draft’s header and lines' })
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SaveRequestDto) {
    return this.requests.update(ctx, id, dto);
  }

  @Post('requests/:id/submit')
  @HttpCode(200)
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Submit to HQ (sent with the next sync)' })
  submit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.requests.submit(ctx, id);
  }

  @Post('requests/:id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.request.write')
  @ApiOperation({ summary: 'Cancel a draft, or withdraw a submitted request HQ has not decided yet' })
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.requests.cancel(ctx, id, dto.reason);
  }
}

@ApiTags('replenishment: receipts (调拨入库)')
@Controller()
export class TransferReceiptController {
  constructor(private readonly receipts: TransferReceiptService) {}

  @Get('transfer-shipments')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Shipments from HQ to this store (inTransit until received here)' })
  shipments(@Ctx() ctx: RequestContext, @Query() q: StoreShipmentQueryDto) {
    return this.receipts.shipments(ctx, q);
  }

  @Get('transfer-shipments/:id')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'One shipment with lines, costs, batches and HQ’s settlement of the variances' })
  shipment(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.shipment(ctx, id);
  }

  @Get('transfer-receipts')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'This store’s transfer receipts' })
  list(@Ctx() ctx: RequestContext, @Query() q: StoreShipmentQueryDto) {
    return this.receipts.list(ctx, q);
  }

  @Get('transfer-receipts/:id')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'One receipt with shipped, received, short, damaged and over per line' })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.get(ctx, id);
  }

  @Post('transfer-receipts')
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Draft receipt of a shipment, prefilled with the shipped quantities' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateReceiptDto) {
    return this.receipts.create(ctx, dto);
  }

  @Put('transfer-receipts/:id/lines')
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Actual quantities per line; every difference with its reason (short, damaged, over)' })
  setLines(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReceiptLinesDto) {
    return this.receipts.setLines(ctx, id, dto.lines);
  }

  @Post('transfer-receipts/:id/post')
  @HttpCode(200)
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Post: stock in at the shipment’s cost; the receipt goes to HQ with the next sync' })
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.post(ctx, id);
  }

  @Post('transfer-receipts/:id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.receive')
  @ApiOperation({ summary: 'Cancel a draft receipt' })
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.receipts.cancel(ctx, id, dto.reason);
  }
}
