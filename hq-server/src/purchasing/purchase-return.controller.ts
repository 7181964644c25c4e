import { PurchaseReturn } from './purchase-return.entity';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { PostOptionsDto, PurchaseReturnQueryDto, SavePurchaseReturnDto } from './purchasing.dto';
import { PURCHASE_RETURN_SORT, PurchaseReturnService } from './purchase-return.service';
import { PURCHASE_RETURN_READ } from './purchasing.routes';

@ApiTags('采购管理')
@Controller('purchase-returns')
export class PurchaseReturnController {
  constructor(private readonly returns: PurchaseReturnService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'List purchase returns' })
  @ApiPagedResponse(PurchaseReturn)
  @ApiSort(PURCHASE_RETURN_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: PurchaseReturnQueryDto) {
    return this.returns.list(ctx, q);
  }

  @PURCHASE_RETURN_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.get(ctx, id);
  }

  @Post()
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Create a return to the supplier, from a receipt or free (draft, or posted with `post: true`)' })
  @ApiCreatedResponse({ type: PurchaseReturn })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_BATCH_NOT_MANAGED',
    'PURCHASE_BATCH_REQUIRED',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_ORDER_LINE_MISMATCH',
    'PURCHASE_PRODUCT_NOT_PURCHASABLE',
    'PURCHASE_PRODUCT_OTHER_SUPPLIER',
    'PURCHASE_RETURN_EXCEEDS_RECEIPT',
    'PURCHASE_SUPPLIER_DISABLED',
    'PURCHASE_UNKNOWN_PRODUCT',
    'PURCHASE_UNKNOWN_SUPPLIER',
    'PURCHASE_UNKNOWN_WAREHOUSE',
    'VALIDATION_FAILED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePurchaseReturnDto) {
    return this.returns.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Post the return: stock goes out, never more than the batch holds' })
  @ApiOkResponse({ type: PurchaseReturn })
  @ApiErrors('DOCUMENT_POSTED', 'IDEMPOTENCY_MISMATCH', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'PURCHASE_RETURN_EXCEEDS_RECEIPT')
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostOptionsDto) {
    return this.returns.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('purchase.return.write')
  @ApiOperation({ summary: 'Cancel a draft return' })
  @ApiOkResponse({ type: PurchaseReturn })
  @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.cancel(ctx, id);
  }
}
