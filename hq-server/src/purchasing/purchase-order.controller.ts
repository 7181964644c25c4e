import { PurchaseOrder } from './purchase-order.entity';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { ClosePurchaseOrderDto, PurchaseOrderQueryDto, ReasonDto, SavePurchaseOrderDto } from './purchasing.dto';
import { PURCHASE_ORDER_SORT, PurchaseOrderService } from './purchase-order.service';
import { PURCHASE_ORDER_READ } from './purchasing.routes';

@ApiTags('采购管理')
@Controller('purchase-orders')
export class PurchaseOrderController {
  constructor(private readonly orders: PurchaseOrderService) {}

  @Get()
  @RequirePermission('purchase.read')
  @ApiOperation({ summary: 'List purchase orders (late entries flagged `lateEntry`)' })
  @ApiPagedResponse(PurchaseOrder)
  @ApiSort(PURCHASE_ORDER_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: PurchaseOrderQueryDto) {
    return this.orders.list(ctx, q);
  }

  @PURCHASE_ORDER_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.get(ctx, id);
  }

  @PURCHASE_ORDER_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.auditTrail(ctx, id);
  }

  @Post()
  @RequirePermission('purchase.order.write')
  @ApiOperation({ summary: "Create a draft order; prices default to the supplier's last price, else the product's purchase price" })
  @ApiCreatedResponse({ type: PurchaseOrder })
  @ApiErrors(
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_DUPLICATE_PRODUCT',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_PRODUCT_NOT_PURCHASABLE',
    'PURCHASE_PRODUCT_OTHER_SUPPLIER',
    'PURCHASE_SUPPLIER_DISABLED',
    'PURCHASE_UNKNOWN_PRODUCT',
    'PURCHASE_UNKNOWN_SUPPLIER',
    'PURCHASE_UNKNOWN_WAREHOUSE',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: SavePurchaseOrderDto) {
    return this.orders.create(ctx, dto);
  }

  @Put(':id')
  @RequirePermission('purchase.order.write')
  @ApiOperation({ summary: 'Replace header and lines of a draft order' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'NOT_FOUND',
    'PERMISSION_DENIED',
    'PURCHASE_DATE_INVALID',
    'PURCHASE_DUPLICATE_PRODUCT',
    'PURCHASE_LATE_ENTRY_REQUIRED',
    'PURCHASE_PRODUCT_NOT_PURCHASABLE',
    'PURCHASE_PRODUCT_OTHER_SUPPLIER',
    'PURCHASE_SUPPLIER_DISABLED',
    'PURCHASE_UNKNOWN_PRODUCT',
    'PURCHASE_UNKNOWN_SUPPLIER',
    'PURCHASE_UNKNOWN_WAREHOUSE',
    'VERSION_CONFLICT',
  )
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SavePurchaseOrderDto) {
    return this.orders.update(ctx, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequirePermission('purchase.order.write')
  @ApiOperation({ summary: 'Submit for approval (提交审核); fixes how many approval levels the total needs' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PURCHASE_NO_LINES')
  submit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.submit(ctx, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('purchase.order.approve', 'purchase.order.approve.high')
  @ApiOperation({ summary: 'Approve one level (审核); never one’s own order; levels above the first need purchase.order.approve.high' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PURCHASE_APPROVAL_LEVEL_PERMISSION', 'PURCHASE_APPROVER_ALREADY_APPROVED', 'PURCHASE_SELF_APPROVAL')
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.approve(ctx, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('purchase.order.approve', 'purchase.order.approve.high')
  @ApiOperation({ summary: 'Send a submitted order back to draft with a reason (驳回)' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PURCHASE_SELF_APPROVAL')
  reject(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.orders.reject(ctx, id, dto.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('purchase.order.write')
  @ApiOperation({ summary: 'Cancel an order that has no receipts (作废)' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PURCHASE_ORDER_HAS_RECEIPTS')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.orders.cancel(ctx, id, dto.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('purchase.order.write')
  @ApiOperation({ summary: 'Close the order (结案); closing short (not fully received) needs a reason' })
  @ApiOkResponse({ type: PurchaseOrder })
  @ApiErrors('CONFLICT', 'ILLEGAL_TRANSITION', 'NOT_FOUND')
  close(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ClosePurchaseOrderDto) {
    return this.orders.close(ctx, id, dto.reason);
  }
}
