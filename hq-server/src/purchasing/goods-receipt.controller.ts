import { GoodsReceipt } from './goods-receipt.entity';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { CorrectGoodsReceiptDto, GoodsReceiptQueryDto, PostOptionsDto, SaveGoodsReceiptDto } from './purchasing.dto';
import { GOODS_RECEIPT_SORT, GoodsReceiptService } from './goods-receipt.service';
import { GOODS_RECEIPT_READ } from './purchasing.routes';

@ApiTags('采购管理')
@Controller('goods-receipts')
export class GoodsReceiptController {
  constructor(private readonly receipts: GoodsReceiptService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'List receipts and corrections (late entries flagged `lateEntry`)' })
  @ApiPagedResponse(GoodsReceipt)
  @ApiSort(GOODS_RECEIPT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: GoodsReceiptQueryDto) {
    return this.receipts.list(ctx, q);
  }

  @GOODS_RECEIPT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.get(ctx, id);
  }

  @Post()
  @RequirePermission('purchase.receipt.write')
  @ApiOperation({ summary: 'Create a receipt (draft, or posted with `post: true`); from an order without lines → its outstanding quantities' })
  @ApiCreatedResponse({ type: GoodsReceipt })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_BATCH_NOT_MANAGED',
    'PURCHASE_BATCH_REQUIRED',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_DUPLICATE_DELIVERY_NOTE',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_NOTHING_OUTSTANDING',
    'PURCHASE_ORDER_LINE_MISMATCH',
    'PURCHASE_ORDER_NOT_RECEIVABLE',
    'PURCHASE_OVER_TOLERANCE',
    'PURCHASE_RECEIPT_WITHOUT_ORDER_FORBIDDEN',
    'PURCHASE_SUPPLIER_DISABLED',
    'PURCHASE_UNKNOWN_PRODUCT',
    'PURCHASE_UNKNOWN_SUPPLIER',
    'PURCHASE_UNKNOWN_WAREHOUSE',
    'VALIDATION_FAILED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: SaveGoodsReceiptDto) {
    return this.receipts.create(ctx, dto);
  }

  @Put(':id')
  @RequirePermission('purchase.receipt.write')
  @ApiOperation({ summary: 'Replace a draft receipt (actual quantities, batches, expiry dates)' })
  @ApiOkResponse({ type: GoodsReceipt })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_BATCH_NOT_MANAGED',
    'PURCHASE_BATCH_REQUIRED',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_DUPLICATE_DELIVERY_NOTE',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_NOTHING_OUTSTANDING',
    'PURCHASE_ORDER_LINE_MISMATCH',
    'PURCHASE_ORDER_NOT_RECEIVABLE',
    'PURCHASE_RECEIPT_WITHOUT_ORDER_FORBIDDEN',
    'PURCHASE_SUPPLIER_DISABLED',
    'PURCHASE_UNKNOWN_PRODUCT',
    'PURCHASE_UNKNOWN_SUPPLIER',
    'PURCHASE_UNKNOWN_WAREHOUSE',
    'VALIDATION_FAILED',
  )
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SaveGoodsReceiptDto) {
    return this.receipts.update(ctx, id, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('purchase.receipt.write')
  @ApiOperation({ summary: 'Post the receipt (审核入库): stock in at line cost, order quantities updated; a retry with the same idempotency key returns the first result' })
  @ApiOkResponse({ type: GoodsReceipt })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'IDEMPOTENCY_MISMATCH',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'PURCHASE_BATCH_NOT_MANAGED',
    'PURCHASE_BATCH_REQUIRED',
    'PURCHASE_DUPLICATE_DELIVERY_NOTE',
    'PURCHASE_ORDER_NOT_RECEIVABLE',
    'PURCHASE_OVER_TOLERANCE',
  )
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostOptionsDto) {
    return this.receipts.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('purchase.receipt.write')
  @ApiOperation({ summary: 'Cancel a draft receipt' })
  @ApiOkResponse({ type: GoodsReceipt })
  @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.receipts.cancel(ctx, id);
  }

  @Post(':id/corrections')
  @RequirePermission('purchase.receipt.write')
  @ApiOperation({ summary: 'Correct a posted receipt (更正): a new posted receipt taking back all or some lines, linked to the original' })
  @ApiCreatedResponse({ type: GoodsReceipt })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_BATCH_NOT_MANAGED',
    'PURCHASE_BATCH_REQUIRED',
    'PURCHASE_CORRECTION_EXCEEDS',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_ORDER_NOT_RECEIVABLE',
    'PURCHASE_OVER_TOLERANCE',
  )
  correct(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: CorrectGoodsReceiptDto) {
    return this.receipts.correct(ctx, id, dto);
  }
}

@ApiTags('采购管理')
@Controller('purchasing/correction-log')
export class CorrectionLogController {
  constructor(private readonly receipts: GoodsReceiptService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'Correction log (更正记录): corrections with the receipt they correct, reason, who and when' })
  @ApiPagedResponse(GoodsReceipt)
  @ApiSort(GOODS_RECEIPT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: GoodsReceiptQueryDto) {
    return this.receipts.correctionLog(ctx, q);
  }
}
