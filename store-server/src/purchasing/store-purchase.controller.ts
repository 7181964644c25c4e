import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, documentReadRoutes, ParseId, RequestContext, RequirePermission, StorePurchase, StorePurchaseView } from '@chain-erp/shared';
import { CreateStorePurchaseDto, StorePurchaseCancelDto, StorePurchaseQueryDto } from './store-purchase.dto';
import { STORE_PURCHASE_SORT, StorePurchaseService } from './store-purchase.service';

/** A store reads its purchases with store-purchase.read, only where HQ allows store purchasing. */
const STORE_PURCHASE_READ = documentReadRoutes({
  permission: 'store-purchase.read',
  errors: ['NOT_FOUND', 'STORE_PURCHASING_NOT_ALLOWED'],
  get: { type: StorePurchaseView, summary: 'One store purchase document with lines' },
});

@ApiTags('采购管理')
@Controller('store-purchases')
export class StorePurchaseController {
  constructor(private readonly purchases: StorePurchaseService) {}

  @Get()
  @RequirePermission('store-purchase.read')
  @ApiOperation({ summary: 'This store’s purchase orders and goods receipts (403 STORE_PURCHASING_NOT_ALLOWED where HQ does not allow it)' })
  @ApiPagedResponse(StorePurchase)
  @ApiErrors('STORE_PURCHASING_NOT_ALLOWED')
  @ApiSort(STORE_PURCHASE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: StorePurchaseQueryDto) {
    return this.purchases.list(ctx, q);
  }

  @STORE_PURCHASE_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.purchases.get(ctx, id);
  }

  @Post()
  @RequirePermission('store-purchase.write')
  @ApiOperation({ summary: 'Draft purchase order or goods receipt from a supplier in scope (prices tax-inclusive, amounts as in HQ purchasing)' })
  @ApiCreatedResponse({ type: StorePurchaseView })
  @ApiErrors(
    'NOT_FOUND',
    'REPLENISHMENT_UNKNOWN_PRODUCT',
    'REPLENISHMENT_UNKNOWN_WAREHOUSE',
    'STORE_PURCHASE_UNKNOWN_ORDER',
    'STORE_PURCHASE_UNKNOWN_SUPPLIER',
    'STORE_PURCHASING_NOT_ALLOWED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateStorePurchaseDto) {
    return this.purchases.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('store-purchase.write')
  @ApiOperation({ summary: 'Post (a receipt moves stock at net cost); sent to HQ with the next sync' })
  @ApiOkResponse({ type: StorePurchaseView })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'STOCK_UNKNOWN_PRODUCT', 'STOCK_UNKNOWN_WAREHOUSE', 'STOCK_WAREHOUSE_DISABLED', 'STORE_PURCHASING_NOT_ALLOWED')
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.purchases.post(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('store-purchase.write')
  @ApiOperation({ summary: 'Cancel a draft' })
  @ApiOkResponse({ type: StorePurchaseView })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'STORE_PURCHASING_NOT_ALLOWED')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: StorePurchaseCancelDto) {
    return this.purchases.cancel(ctx, id, dto.reason);
  }
}
