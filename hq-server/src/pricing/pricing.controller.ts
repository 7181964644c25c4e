import { PriceChange } from './price-change.entity';
import { PriceChangeGetResponse } from './pricing.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, ParseId, Promotion, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PRICE_CHANGE_SORT, PriceChangeService } from './price-change.service';
import { PriceChangeQueryDto, PricingReasonDto, PromotionQueryDto, SavePriceChangeDto, SavePromotionDto, StopPromotionDto } from './pricing.dto';
import { PROMOTION_SORT, PromotionAdminService } from './promotion-admin.service';

@ApiTags('价格促销')
@Controller('pricing/price-changes')
export class PriceChangeController {
  constructor(private readonly changes: PriceChangeService) {}

  @Get()
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'List price changes' })
  @ApiPagedResponse(PriceChange)
  @ApiSort(PRICE_CHANGE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: PriceChangeQueryDto) {
    return this.changes.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'One price change with its lines' })
  @ApiOkResponse({ type: PriceChangeGetResponse })
  @ApiErrors('PRICE_CHANGE_NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.changes.get(ctx, id);
  }

  @Post()
  @RequirePermission('pricing.price-change.write')
  @ApiOperation({ summary: 'Create a draft price change (numbered PC-HQ-…)' })
  @ApiCreatedResponse({ type: PriceChangeGetResponse })
  @ApiErrors('PRICE_CHANGE_NOT_FOUND', 'PRICING_UNKNOWN_REFERENCE', 'VALIDATION_FAILED')
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePriceChangeDto) {
    return this.changes.create(ctx, dto);
  }

  @Put(':id')
  @RequirePermission('pricing.price-change.write')
  @ApiOperation({ summary: 'Replace a draft (header and lines)' })
  @ApiOkResponse({ type: PriceChangeGetResponse })
  @ApiErrors('DOCUMENT_POSTED', 'PRICE_CHANGE_NOT_FOUND', 'PRICING_UNKNOWN_REFERENCE', 'VALIDATION_FAILED', 'VERSION_CONFLICT')
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SavePriceChangeDto) {
    return this.changes.update(ctx, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('pricing.price-change.approve')
  @ApiOperation({ summary: 'Approve: immutable from now on; the stores concerned receive it by sync and apply it at its time' })
  @ApiOkResponse({ type: PriceChangeGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'PRICE_CHANGE_NOT_FOUND', 'PRICE_CHANGE_NO_LINES', 'PRICING_UNKNOWN_REFERENCE')
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.changes.approve(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('pricing.price-change.write')
  @ApiOperation({ summary: 'Cancel a draft' })
  @ApiOkResponse({ type: PriceChangeGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'PRICE_CHANGE_NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PricingReasonDto) {
    return this.changes.cancel(ctx, id, dto.reason);
  }
}

@ApiTags('价格促销')
@Controller('pricing/promotions')
export class PromotionController {
  constructor(private readonly promotions: PromotionAdminService) {}

  @Get()
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'List promotions (activeAt: those in force at a moment)' })
  @ApiPagedResponse(Promotion)
  @ApiSort(PROMOTION_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: PromotionQueryDto) {
    return this.promotions.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('pricing.read')
  @ApiOperation({ summary: 'One promotion' })
  @ApiOkResponse({ type: Promotion })
  @ApiErrors('PROMOTION_NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.promotions.get(ctx, id);
  }

  @Post()
  @RequirePermission('pricing.promotion.write')
  @ApiOperation({ summary: 'Create a draft promotion (numbered PM-HQ-…); rules are checked for the kind' })
  @ApiCreatedResponse({ type: Promotion })
  @ApiErrors('PRICING_UNKNOWN_REFERENCE', 'PROMOTION_NOT_FOUND', 'VALIDATION_FAILED')
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePromotionDto) {
    return this.promotions.create(ctx, dto);
  }

  @Put(':id')
  @RequirePermission('pricing.promotion.write')
  @ApiOperation({ summary: 'Replace a draft' })
  @ApiOkResponse({ type: Promotion })
  @ApiErrors('DOCUMENT_POSTED', 'PRICING_UNKNOWN_REFERENCE', 'PROMOTION_NOT_FOUND', 'VALIDATION_FAILED', 'VERSION_CONFLICT')
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SavePromotionDto) {
    return this.promotions.update(ctx, id, dto);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('pricing.promotion.approve')
  @ApiOperation({ summary: 'Approve (activate): in force in its period at its stores, which receive it by sync' })
  @ApiOkResponse({ type: Promotion })
  @ApiErrors('ILLEGAL_TRANSITION', 'PRICING_UNKNOWN_REFERENCE', 'PROMOTION_NOT_FOUND')
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.promotions.approve(ctx, id);
  }

  @Post(':id/stop')
  @HttpCode(200)
  @RequirePermission('pricing.promotion.approve')
  @ApiOperation({ summary: 'Stop an approved promotion (now or at a later moment), with a reason' })
  @ApiOkResponse({ type: Promotion })
  @ApiErrors('ILLEGAL_TRANSITION', 'PROMOTION_NOT_FOUND', 'VALIDATION_FAILED')
  stop(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: StopPromotionDto) {
    return this.promotions.stop(ctx, id, dto.reason, dto.at);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('pricing.promotion.write')
  @ApiOperation({ summary: 'Cancel a draft' })
  @ApiOkResponse({ type: Promotion })
  @ApiErrors('ILLEGAL_TRANSITION', 'PROMOTION_NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PricingReasonDto) {
    return this.promotions.cancel(ctx, id, dto.reason);
  }
}
