import { CustomerPrice } from './wholesale.entity';
import {
  CustomerPriceRow,
  WholesaleDeliveryGetResponse,
  WholesaleDeliveryRow,
  WholesaleDeliveryTotals,
  WholesaleQtyAmountTotals,
  WholesaleReturnRow,
  WholesaleOrderRow,
  WholesaleOrderGetResponse,
  WholesalePriceCreditResponse,
  WholesalePriceQuoteResponse,
  WholesalePriceRemoveResponse,
  WholesaleReturnGetResponse,
} from './wholesale.responses';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonOrFileResponse, ApiSort, ListOf, Ctx, documentReadRoutes, ParseId, RequestContext, RequirePermission, XLSX_MIME } from '@chain-erp/shared';
import { CustomerPriceService } from './customer-price.service';
import { WholesaleDeliveryService } from './wholesale-delivery.service';
import { WholesaleDocumentsService } from './wholesale-documents.service';
import { WholesaleOrderService } from './wholesale-order.service';
import { WholesaleReturnService } from './wholesale-return.service';
import { CUSTOMER_PRICE_SORT, WHOLESALE_DELIVERY_SORT, WHOLESALE_ORDER_SORT, WHOLESALE_RETURN_SORT } from './wholesale.repository';
import {
  CloseOrderDto,
  CreateDeliveryDto,
  CreateReturnDto,
  CustomerPriceDto,
  CustomerPriceQueryDto,
  DocumentFormatDto,
  PostDocumentDto,
  PriceQuoteDto,
  ReasonDto,
  SaveWholesaleOrderDto,
  WholesaleDocQueryDto,
  WholesaleOrderQueryDto,
} from './wholesale.dto';

/** Wholesale documents are read with wholesale.read; a read names the customer, so its checks can answer. */
const WHOLESALE_READ = { permission: 'wholesale.read', errors: ['NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_UNKNOWN_CUSTOMER'] } as const;
const ORDER_READ = documentReadRoutes({
  ...WHOLESALE_READ,
  get: { type: WholesaleOrderGetResponse, summary: 'One order with lines (delivered, outstanding), price sources and the credit check' },
  audit: 'Audit trail: every transition, who, when, why (approval beyond the credit limit included)',
  document: { summary: 'The order as a printable HTML document (default, 打印) or Excel' },
});

const DELIVERY_READ = documentReadRoutes({
  ...WHOLESALE_READ,
  get: { type: WholesaleDeliveryGetResponse, summary: 'One delivery: lines with cost and batches, and its receivable (what is still open)' },
  audit: 'Audit trail of the delivery',
  document: { summary: 'The delivery note (送货单) as printable HTML (default) or Excel' },
});

const RETURN_READ = documentReadRoutes({
  ...WHOLESALE_READ,
  get: { type: WholesaleReturnGetResponse, summary: 'One return with its lines and credit' },
  audit: 'Audit trail of the return',
  document: { summary: 'The return as printable HTML (default) or Excel' },
});

@ApiTags('批发')
@Controller('wholesale/orders')
export class WholesaleOrderController {
  constructor(
    private readonly orders: WholesaleOrderService,
    private readonly documents: WholesaleDocumentsService,
  ) {}

  @Get()
  @RequirePermission('wholesale.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: 'List wholesale orders (paged, sorted, filtered; format=xlsx exports)' })
  @ApiJsonOrFileResponse(ListOf(WholesaleOrderRow, WholesaleQtyAmountTotals))
  @ApiSort(WHOLESALE_ORDER_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: WholesaleOrderQueryDto) {
    return this.orders.list(ctx, q);
  }

  @ORDER_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.get(ctx, id);
  }

  @ORDER_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.auditTrail(ctx, id);
  }

  @ORDER_READ.document
  document(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: DocumentFormatDto) {
    return this.documents.order(ctx, id, q.format);
  }

  @Post()
  @RequirePermission('wholesale.order.write')
  @ApiOperation({ summary: "Create a draft order; prices from the customer's contract price, else its price level" })
  @ApiCreatedResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors(
    'NOT_FOUND',
    'WHOLESALE_CUSTOMER_DISABLED',
    'WHOLESALE_DATE_INVALID',
    'WHOLESALE_DUPLICATE_PRODUCT',
    'WHOLESALE_PRICE_OVERRIDE_FORBIDDEN',
    'WHOLESALE_PRODUCT_NOT_SALEABLE',
    'WHOLESALE_UNKNOWN_CUSTOMER',
    'WHOLESALE_UNKNOWN_PRODUCT',
    'WHOLESALE_UNKNOWN_WAREHOUSE',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: SaveWholesaleOrderDto) {
    return this.orders.create(ctx, dto);
  }

  @Put(':id')
  @RequirePermission('wholesale.order.write')
  @ApiOperation({ summary: 'Replace header and lines of a draft order' })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'NOT_FOUND',
    'VERSION_CONFLICT',
    'WHOLESALE_CUSTOMER_DISABLED',
    'WHOLESALE_DATE_INVALID',
    'WHOLESALE_DUPLICATE_PRODUCT',
    'WHOLESALE_PRICE_OVERRIDE_FORBIDDEN',
    'WHOLESALE_PRODUCT_NOT_SALEABLE',
    'WHOLESALE_UNKNOWN_CUSTOMER',
    'WHOLESALE_UNKNOWN_PRODUCT',
    'WHOLESALE_UNKNOWN_WAREHOUSE',
  )
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: SaveWholesaleOrderDto) {
    return this.orders.update(ctx, id, dto);
  }

  @Post(':id/submit')
  @HttpCode(200)
  @RequirePermission('wholesale.order.write')
  @ApiOperation({ summary: 'Submit for approval (提交审核)' })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_NO_LINES', 'WHOLESALE_UNKNOWN_CUSTOMER')
  submit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.submit(ctx, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('wholesale.order.approve', 'wholesale.order.approve.credit')
  @ApiOperation({
    summary: 'Approve (审核) with the credit check; beyond the credit limit 409 WHOLESALE_CREDIT_LIMIT_EXCEEDED unless the approver has wholesale.order.approve.credit',
  })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_CREDIT_LIMIT_EXCEEDED', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_SELF_APPROVAL', 'WHOLESALE_UNKNOWN_CUSTOMER')
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.approve(ctx, id);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('wholesale.order.approve', 'wholesale.order.approve.credit')
  @ApiOperation({ summary: 'Send a submitted order back to draft with a reason (驳回)' })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_SELF_APPROVAL')
  reject(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.orders.reject(ctx, id, dto.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('wholesale.order.write')
  @ApiOperation({ summary: 'Cancel an order without deliveries (作废)' })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_ORDER_HAS_DELIVERIES')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.orders.cancel(ctx, id, dto.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('wholesale.order.write')
  @ApiOperation({ summary: 'Close the order (结案); closing before everything was delivered needs a reason' })
  @ApiOkResponse({ type: WholesaleOrderGetResponse })
  @ApiErrors('CONFLICT', 'ILLEGAL_TRANSITION', 'NOT_FOUND')
  close(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: CloseOrderDto) {
    return this.orders.close(ctx, id, dto.reason);
  }
}

@ApiTags('批发')
@Controller('wholesale/deliveries')
export class WholesaleDeliveryController {
  constructor(
    private readonly deliveries: WholesaleDeliveryService,
    private readonly documents: WholesaleDocumentsService,
  ) {}

  @Get()
  @RequirePermission('wholesale.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: 'List deliveries (sourceId = the order)' })
  @ApiJsonOrFileResponse(ListOf(WholesaleDeliveryRow, WholesaleDeliveryTotals))
  @ApiSort(WHOLESALE_DELIVERY_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: WholesaleDocQueryDto) {
    return this.deliveries.list(ctx, q);
  }

  @DELIVERY_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.deliveries.get(ctx, id);
  }

  @DELIVERY_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.deliveries.auditTrail(ctx, id);
  }

  @DELIVERY_READ.document
  document(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: DocumentFormatDto) {
    return this.documents.delivery(ctx, id, q.format);
  }

  @Post()
  @RequirePermission('wholesale.delivery.write')
  @ApiOperation({ summary: 'Draft a delivery from an approved order (everything outstanding, or the lines given); post=true posts it at once' })
  @ApiCreatedResponse({ type: WholesaleDeliveryGetResponse })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'NOT_FOUND',
    'WHOLESALE_BATCH_NOT_MANAGED',
    'WHOLESALE_CREDIT_LIMIT_EXCEEDED',
    'WHOLESALE_CUSTOMER_DISABLED',
    'WHOLESALE_NOTHING_OUTSTANDING',
    'WHOLESALE_ORDER_LINE_MISMATCH',
    'WHOLESALE_ORDER_NOT_DELIVERABLE',
    'WHOLESALE_OVER_DELIVERY',
    'WHOLESALE_PRODUCT_NOT_SALEABLE',
    'WHOLESALE_UNKNOWN_CUSTOMER',
    'WHOLESALE_UNKNOWN_PRODUCT',
    'WHOLESALE_UNKNOWN_WAREHOUSE',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateDeliveryDto) {
    return this.deliveries.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('wholesale.delivery.write')
  @ApiOperation({ summary: 'Post (审核出库): stock leaves (FEFO batches, moving-average cost), the order moves, the receivable (应收) is booked' })
  @ApiOkResponse({ type: WholesaleDeliveryGetResponse })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'IDEMPOTENCY_MISMATCH',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'WHOLESALE_CREDIT_LIMIT_EXCEEDED',
    'WHOLESALE_CUSTOMER_DISABLED',
    'WHOLESALE_ORDER_NOT_DELIVERABLE',
    'WHOLESALE_OVER_DELIVERY',
    'WHOLESALE_UNKNOWN_CUSTOMER',
  )
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostDocumentDto) {
    return this.deliveries.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('wholesale.delivery.write')
  @ApiOperation({ summary: 'Cancel a draft delivery' })
  @ApiOkResponse({ type: WholesaleDeliveryGetResponse })
  @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_UNKNOWN_CUSTOMER')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.deliveries.cancel(ctx, id);
  }
}

@ApiTags('批发')
@Controller('wholesale/returns')
export class WholesaleReturnController {
  constructor(
    private readonly returns: WholesaleReturnService,
    private readonly documents: WholesaleDocumentsService,
  ) {}

  @Get()
  @RequirePermission('wholesale.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: 'List returns (sourceId = the delivery)' })
  @ApiJsonOrFileResponse(ListOf(WholesaleReturnRow, WholesaleQtyAmountTotals))
  @ApiSort(WHOLESALE_RETURN_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: WholesaleDocQueryDto) {
    return this.returns.list(ctx, q);
  }

  @RETURN_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.get(ctx, id);
  }

  @RETURN_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.auditTrail(ctx, id);
  }

  @RETURN_READ.document
  document(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: DocumentFormatDto) {
    return this.documents.return(ctx, id, q.format);
  }

  @Post()
  @RequirePermission('wholesale.return.write')
  @ApiOperation({ summary: 'Draft a return from a posted delivery (never more than delivered and not yet returned); post=true posts it at once' })
  @ApiCreatedResponse({ type: WholesaleReturnGetResponse })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'NOT_FOUND',
    'WHOLESALE_DELIVERY_NOT_RETURNABLE',
    'WHOLESALE_ORDER_LINE_MISMATCH',
    'WHOLESALE_RETURN_EXCEEDS_DELIVERY',
    'WHOLESALE_UNKNOWN_WAREHOUSE',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateReturnDto) {
    return this.returns.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('wholesale.return.write')
  @ApiOperation({ summary: 'Post: stock back at the cost and into the batches it left from; the customer is credited (红字应收)' })
  @ApiOkResponse({ type: WholesaleReturnGetResponse })
  @ApiErrors(
    'DOCUMENT_POSTED',
    'IDEMPOTENCY_MISMATCH',
    'ILLEGAL_TRANSITION',
    'NOT_FOUND',
    'WHOLESALE_CUSTOMER_DISABLED',
    'WHOLESALE_RETURN_EXCEEDS_DELIVERY',
    'WHOLESALE_UNKNOWN_CUSTOMER',
  )
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostDocumentDto) {
    return this.returns.post(ctx, id, dto);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('wholesale.return.write')
  @ApiOperation({ summary: 'Cancel a draft return' })
  @ApiOkResponse({ type: WholesaleReturnGetResponse })
  @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_UNKNOWN_CUSTOMER')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.returns.cancel(ctx, id);
  }
}

@ApiTags('批发')
@Controller('wholesale')
export class WholesalePriceController {
  constructor(
    private readonly prices: CustomerPriceService,
    private readonly orders: WholesaleOrderService,
  ) {}

  @Get('prices')
  @RequirePermission('wholesale.read')
  @ApiOperation({ summary: 'The prices a customer gets on a day, with their source (contract, wholesale, member, retail)' })
  @ApiOkResponse({ type: WholesalePriceQuoteResponse })
  @ApiErrors('NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_DATE_INVALID', 'WHOLESALE_PRODUCT_NOT_SALEABLE', 'WHOLESALE_UNKNOWN_CUSTOMER', 'WHOLESALE_UNKNOWN_PRODUCT')
  quote(@Ctx() ctx: RequestContext, @Query() q: PriceQuoteDto) {
    return this.prices.quote(ctx, q);
  }

  @Get('customers/:id/credit')
  @RequirePermission('wholesale.read')
  @ApiOperation({ summary: '信用状况: credit limit, balance, approved orders not yet delivered, available' })
  @ApiOkResponse({ type: WholesalePriceCreditResponse })
  @ApiErrors('NOT_FOUND', 'WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_UNKNOWN_CUSTOMER')
  credit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.orders.credit(ctx, id);
  }

  @Get('contract-prices')
  @RequirePermission('wholesale.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '客户协议价 list (format=xlsx exports)' })
  @ApiJsonOrFileResponse(ListOf(CustomerPriceRow))
  @ApiSort(CUSTOMER_PRICE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: CustomerPriceQueryDto) {
    return this.prices.list(ctx, q);
  }

  @Put('contract-prices')
  @RequirePermission('wholesale.price.write')
  @ApiOperation({ summary: 'Set a contract price from a day on (created, or changed when one starts that day)' })
  @ApiOkResponse({ type: CustomerPrice })
  @ApiErrors('WHOLESALE_CUSTOMER_DISABLED', 'WHOLESALE_DATE_INVALID', 'WHOLESALE_PRODUCT_NOT_SALEABLE', 'WHOLESALE_UNKNOWN_CUSTOMER', 'WHOLESALE_UNKNOWN_PRODUCT')
  save(@Ctx() ctx: RequestContext, @Body() dto: CustomerPriceDto) {
    return this.prices.save(ctx, dto);
  }

  @Delete('contract-prices/:id')
  @RequirePermission('wholesale.price.write')
  @ApiOperation({ summary: 'Remove a contract price (orders keep the prices they were given)' })
  @ApiOkResponse({ type: WholesalePriceRemoveResponse })
  @ApiErrors('NOT_FOUND')
  remove(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.prices.remove(ctx, id);
  }
}
