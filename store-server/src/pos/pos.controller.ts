import { PosShift } from './pos-store.entity';
import {
  PosApprovalResponse,
  PosPrintResponse,
  PosQuoteResponse,
  PosPermissionResponse,
  PosReconciliationDayResponse,
  PosSettingsGetResponse,
  PosShiftOpenResponse,
  PosCatalogBucketsResponse,
  PosCatalogDigestResponse,
  PosTillLookupItem,
  PosTillNegativeStockItem,
  PosTillPaymentMethodsItem,
  ReceiptResponse,
} from './pos.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiJsonOrTextResponse,
  ApiPagedResponse,
  ApiSort,
  Ctx,
  documentReadRoutes,
  ParseId,
  PosRefundDoc,
  PosSaleDoc,
  PosShiftReportDoc,
  PosTopUpDoc,
  RequestContext,
  RequirePermission,
} from '@chain-erp/shared';
import type { Response } from 'express';
import {
  CreateApprovalDto,
  QuoteSaleDto,
  CreateRefundDto,
  CreateSaleDto,
  CatalogBucketsQueryDto,
  CreateTopUpDto,
  HandoverDto,
  LookupQueryDto,
  OpenDrawerDto,
  OpenShiftDto,
  ReceiptParamDto,
  TopUpNoParamDto,
  ReceiptQueryDto,
  ReconciliationQueryDto,
  ReverseTopUpDto,
  ShiftQueryDto,
  TillParamDto,
} from './pos.dto';
import { PosApprovalService } from './pos-approval.service';
import { PosPrinterService } from './printer/pos-printer.service';
import { PosReceiptService } from './pos-receipt.service';
import { PosRefundService } from './pos-refund.service';
import { PosSaleService } from './pos-sale.service';
import { ReceiptPreviewDto, ReceiptSettingsDto, UpdatePosSettingsDto } from './pos-settings.dto';
import { PosSettingsService } from './pos-settings.service';
import { PosShiftService, SHIFT_SORT } from './pos-shift.service';
import { PosTillService } from './pos-till.service';
import { PosTopUpService } from './pos-top-up.service';

@ApiTags('零售收银')
@Controller('pos/settings')
export class PosSettingsController {
  constructor(
    private readonly settings: PosSettingsService,
    private readonly receipts: PosReceiptService,
  ) {}

  @Get()
  @RequirePermission('pos.sell', 'pos.settings')
  @ApiOperation({ summary: '收银设置: effective settings the till reads (checkout, receipt, peripherals, keyboard, payment methods)' })
  @ApiOkResponse({ type: PosSettingsGetResponse })
  get(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @Put()
  @RequirePermission('pos.settings')
  @ApiOperation({ summary: 'Replace some sections of this store’s own settings (over HQ’s defaults)' })
  @ApiOkResponse({ type: PosSettingsGetResponse })
  @ApiErrors('POS_SETTINGS_INVALID', 'VALIDATION_FAILED')
  update(@Ctx() ctx: RequestContext, @Body() dto: UpdatePosSettingsDto) {
    return this.settings.update(ctx, dto);
  }

  @Post('receipt-preview')
  @HttpCode(200)
  @RequirePermission('pos.settings')
  @ApiOperation({ summary: '小票设置 preview: a sample sale printed with these receipt settings (nothing is saved)' })
  @ApiOkResponse({ type: ReceiptPreviewDto })
  receiptPreview(@Ctx() ctx: RequestContext, @Body() dto: ReceiptSettingsDto): Promise<ReceiptPreviewDto> {
    return this.receipts.preview(ctx, dto);
  }

  @Get('permissions')
  @RequirePermission('pos.settings')
  @ApiOperation({ summary: '收银员权限: POS permission codes and the store roles holding them (roles are managed at HQ)' })
  @ApiOkResponse({ type: PosPermissionResponse, isArray: true })
  permissions(@Ctx() ctx: RequestContext) {
    return this.settings.permissions(ctx);
  }
}

@ApiTags('零售收银')
@Controller('pos')
export class PosTillController {
  constructor(
    private readonly till: PosTillService,
    private readonly approvals: PosApprovalService,
  ) {}

  @Post('approvals')
  @HttpCode(200)
  @RequirePermission('pos.sell')
  @ApiOperation({
    summary: '授权: a manager signs in on the till for one permission; the answer’s token goes in header X-Pos-Approval of the next request (bound to this sign-in, 120 s)',
  })
  @ApiOkResponse({ type: PosApprovalResponse })
  approve(@Ctx() ctx: RequestContext, @Body() dto: CreateApprovalDto) {
    return this.approvals.approve(ctx, dto);
  }

  @Get('payment-methods')
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: 'Payment methods enabled at this store, in till order' })
  @ApiOkResponse({ type: PosTillPaymentMethodsItem, isArray: true })
  paymentMethods(@Ctx() ctx: RequestContext) {
    return this.till.paymentMethods(ctx);
  }

  @Get('products/catalog/digest')
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: 'The till’s catalog cache: a digest per bucket of products (a refresh fetches the buckets whose digest changed)' })
  @ApiOkResponse({ type: PosCatalogDigestResponse })
  catalogDigest(@Ctx() ctx: RequestContext) {
    return this.till.catalogDigest(ctx);
  }

  @Get('products/catalog')
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: 'The till’s catalog cache: the products of some buckets (barcodes, reference prices), with the buckets’ digests' })
  @ApiOkResponse({ type: PosCatalogBucketsResponse })
  @ApiErrors('VALIDATION_FAILED')
  catalogBuckets(@Ctx() ctx: RequestContext, @Query() q: CatalogBucketsQueryDto) {
    return this.till.catalogBuckets(ctx, q.buckets);
  }

  @Get('products/lookup')
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: 'Find a product by barcode (incl. weighed labels), code or name, with price and stock' })
  @ApiOkResponse({ type: PosTillLookupItem, isArray: true })
  lookup(@Ctx() ctx: RequestContext, @Query() q: LookupQueryDto) {
    return this.till.lookup(ctx, q.q);
  }

  @Post('drawer/open')
  @HttpCode(204)
  @RequirePermission('pos.open-drawer')
  @ApiOperation({ summary: '开钱箱 without a sale (recorded in the audit trail)' })
  @ApiNoContentResponse({ description: 'done; no body' })
  openDrawer(@Ctx() ctx: RequestContext, @Body() dto: OpenDrawerDto) {
    return this.till.openDrawer(ctx, dto);
  }

  @Get('negative-stock')
  @RequirePermission('pos.reconcile', 'inventory.read')
  @ApiOperation({ summary: 'Lines sold into negative stock, for follow-up' })
  @ApiOkResponse({ type: PosTillNegativeStockItem, isArray: true })
  negativeStock(@Ctx() ctx: RequestContext) {
    return this.till.negativeStock(ctx);
  }
}

@ApiTags('零售收银')
@Controller('pos/shifts')
export class PosShiftController {
  constructor(private readonly shifts: PosShiftService) {}

  @Post()
  @RequirePermission('pos.shift')
  @ApiOperation({ summary: '开始营业: open a shift on a till with an opening float' })
  @ApiCreatedResponse({ type: PosShiftOpenResponse })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'POS_TILL_SHIFT_OPEN')
  open(@Ctx() ctx: RequestContext, @Body() dto: OpenShiftDto) {
    return this.shifts.open(ctx, dto);
  }

  @Get()
  @RequirePermission('pos.shift', 'pos.reconcile')
  @ApiOperation({ summary: 'Shifts of this store' })
  @ApiPagedResponse(PosShift)
  @ApiSort(SHIFT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: ShiftQueryDto) {
    return this.shifts.list(ctx, q);
  }

  @Get('current/:tillCode')
  @RequirePermission('pos.shift', 'pos.sell')
  @ApiOperation({ summary: 'The open shift of a till, with its takings so far' })
  @ApiOkResponse({ type: PosShiftOpenResponse })
  @ApiErrors('POS_SHIFT_NOT_FOUND')
  current(@Ctx() ctx: RequestContext, @Param() p: TillParamDto) {
    return this.shifts.current(ctx, p.tillCode);
  }

  @Get(':id')
  @RequirePermission('pos.shift', 'pos.reconcile')
  @ApiOperation({ summary: 'A shift with expected takings per payment method' })
  @ApiOkResponse({ type: PosShiftOpenResponse })
  @ApiErrors('POS_SHIFT_NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shifts.get(ctx, id);
  }

  @Post(':id/handover')
  @HttpCode(200)
  @RequirePermission('pos.shift')
  @ApiOperation({ summary: '交班: counted vs expected per tender, difference; closes the shift and writes the shift report' })
  @ApiOkResponse({ type: PosShiftReportDoc })
  @ApiErrors('POS_SHIFT_NOT_FOUND', 'POS_SHIFT_NOT_OPEN', 'POS_SHIFT_OF_ANOTHER_CASHIER', 'POS_UNKNOWN_PAYMENT_METHOD', 'VALIDATION_FAILED')
  handover(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: HandoverDto) {
    return this.shifts.handover(ctx, id, dto);
  }

  @Get(':id/report')
  @RequirePermission('pos.shift', 'pos.reconcile')
  @ApiOperation({ summary: 'The shift report of a handed-over shift' })
  @ApiOkResponse({ type: PosShiftReportDoc })
  @ApiErrors('POS_SHIFT_NOT_FOUND', 'POS_SHIFT_NOT_OPEN')
  report(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shifts.report(ctx, id);
  }
}

@ApiTags('零售收银')
@Controller('pos/reconciliation')
export class PosReconciliationController {
  constructor(private readonly till: PosTillService) {}

  @Get()
  @RequirePermission('pos.reconcile')
  @ApiOperation({ summary: '收银对账: each shift of a day and the day, per payment method — expected, counted, difference' })
  @ApiOkResponse({ type: PosReconciliationDayResponse })
  @ApiErrors('POS_SHIFT_NOT_FOUND')
  day(@Ctx() ctx: RequestContext, @Query() q: ReconciliationQueryDto) {
    return this.till.reconciliation(ctx, q.date);
  }
}

/** The till's documents: read by the cashier who makes them or by the journal's reader (pos.journal.read). */
const SALE_READ = documentReadRoutes({ permission: ['pos.sell', 'pos.journal.read'], errors: ['POS_SALE_NOT_FOUND'], get: { type: PosSaleDoc, summary: 'A sale' } });
const REFUND_READ = documentReadRoutes({ permission: ['pos.refund', 'pos.journal.read'], errors: ['NOT_FOUND'], get: { type: PosRefundDoc, summary: 'A refund' } });
const TOP_UP_READ = documentReadRoutes({
  permission: ['member.stored-value', 'pos.journal.read'],
  errors: ['POS_TOP_UP_NOT_FOUND'],
  get: { type: PosTopUpDoc, summary: 'A top-up or top-up reversal' },
});

@ApiTags('零售收银')
@Controller('pos/sales')
export class PosSaleController {
  constructor(
    private readonly sales: PosSaleService,
    private readonly receipts: PosReceiptService,
    private readonly printer: PosPrinterService,
  ) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: '商品销售: complete a sale (lines, payments) in one transaction; idempotent by the till’s id' })
  @ApiOkResponse({ type: PosSaleDoc })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'MEMBER_CARD_TYPE_NOT_FOUND', 'MEMBER_STORE_NOT_SET_UP', 'POS_TENDER_OVERPAID', 'POS_TENDER_SHORT')
  complete(@Ctx() ctx: RequestContext, @Body() dto: CreateSaleDto) {
    return this.sales.complete(ctx, dto);
  }

  @Post('quote')
  @HttpCode(200)
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: '价格试算: price the basket like a sale now (member prices, promotions per line, discounts, rounding, permissions) without selling' })
  @ApiOkResponse({ type: PosQuoteResponse })
  quote(@Ctx() ctx: RequestContext, @Body() dto: QuoteSaleDto) {
    return this.sales.quote(ctx, dto);
  }

  @Post(':id/print')
  @HttpCode(200)
  @RequirePermission('pos.sell', 'pos.reprint')
  @ApiOperation({ summary: '打印小票 on the network receipt printer of 外设设置 (ESC/POS, TCP 9100), kicking the cash drawer; a second print is a reprint' })
  @ApiOkResponse({ type: PosPrintResponse })
  print(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.printer.printSale(ctx, id);
  }

  @Get('by-receipt/:receiptNo')
  @RequirePermission('pos.sell', 'pos.refund', 'pos.journal.read')
  @ApiOperation({ summary: 'A sale by its receipt number (scanned from the receipt)' })
  @ApiOkResponse({ type: PosSaleDoc })
  @ApiErrors('POS_SALE_NOT_FOUND')
  byReceipt(@Ctx() ctx: RequestContext, @Param() p: ReceiptParamDto) {
    return this.sales.byReceiptNo(ctx, p.receiptNo);
  }

  @SALE_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.sales.get(ctx, id);
  }

  @Get(':id/receipt')
  @RequirePermission('pos.sell', 'pos.reprint')
  @ApiJsonOrTextResponse(ReceiptResponse, 'format=json (default): receipt content; format=text: fixed-width text')
  @ApiOperation({ summary: '小票: the receipt as JSON or fixed-width text (a second print is a reprint: pos.reprint)' })
  @ApiErrors('PERMISSION_DENIED', 'POS_SALE_NOT_FOUND')
  async receipt(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ReceiptQueryDto, @Res({ passthrough: true }) res: Response) {
    const r = await this.receipts.sale(ctx, id, q.format ?? 'json');
    if (typeof r === 'string') res.type('text/plain; charset=utf-8');
    return r;
  }
}

@ApiTags('零售收银')
@Controller('pos/refunds')
export class PosRefundController {
  constructor(
    private readonly refunds: PosRefundService,
    private readonly receipts: PosReceiptService,
    private readonly printer: PosPrinterService,
  ) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('pos.refund')
  @ApiOperation({ summary: '退货: refund lines of a sale (or without a receipt: pos.refund.no-receipt); reason required; idempotent by id' })
  @ApiOkResponse({ type: PosRefundDoc })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'MEMBER_CENTER_UNREACHABLE',
    'POS_REFUND_EXCEEDS_SOLD',
    'POS_REFUND_LINE_UNKNOWN',
    'POS_REFUND_NO_RECEIPT_FORBIDDEN',
    'POS_REFUND_TENDER_INVALID',
    'POS_SALE_NOT_FOUND',
    'VALIDATION_FAILED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateRefundDto) {
    return this.refunds.create(ctx, dto);
  }

  @REFUND_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.refunds.get(ctx, id);
  }

  @Post(':id/print')
  @HttpCode(200)
  @RequirePermission('pos.refund', 'pos.reprint')
  @ApiOperation({ summary: 'Print the refund slip on the network receipt printer (ESC/POS), opening the drawer' })
  @ApiOkResponse({ type: PosPrintResponse })
  print(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.printer.printRefund(ctx, id);
  }

  @Get(':id/receipt')
  @RequirePermission('pos.refund', 'pos.reprint')
  @ApiJsonOrTextResponse(ReceiptResponse, 'format=json (default): the slip content; format=text: fixed-width text')
  @ApiOperation({ summary: 'The refund slip as JSON or fixed-width text' })
  @ApiErrors('NOT_FOUND', 'PERMISSION_DENIED')
  async receipt(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ReceiptQueryDto, @Res({ passthrough: true }) res: Response) {
    const r = await this.receipts.refund(ctx, id, q.format ?? 'json');
    if (typeof r === 'string') res.type('text/plain; charset=utf-8');
    return r;
  }
}

@ApiTags('零售收银')
@Controller('pos/top-ups')
export class PosTopUpController {
  constructor(
    private readonly topUps: PosTopUpService,
    private readonly receipts: PosReceiptService,
  ) {}

  @Post()
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ApiOperation({ summary: '充值: a top-up document of the open shift — money onto a member card (a chain card needs HQ online); idempotent by the till’s id' })
  @ApiOkResponse({ type: PosTopUpDoc })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'MEMBER_CARD_TYPE_NOT_FOUND',
    'MEMBER_STORED_VALUE_NOT_ALLOWED',
    'MEMBER_STORE_NOT_SET_UP',
    'POS_PAYMENT_METHOD_DISABLED',
    'POS_TENDER_OVERPAID',
    'POS_TENDER_SHORT',
    'POS_TOP_UP_TENDER_INVALID',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateTopUpDto) {
    return this.topUps.create(ctx, dto);
  }

  @Get('by-no/:topUpNo')
  @RequirePermission('member.stored-value', 'pos.journal.read')
  @ApiOperation({ summary: 'A top-up or top-up reversal by its number (from the slip; the till reverses by it)' })
  @ApiOkResponse({ type: PosTopUpDoc })
  @ApiErrors('POS_TOP_UP_NOT_FOUND')
  byNo(@Ctx() ctx: RequestContext, @Param() p: TopUpNoParamDto) {
    return this.topUps.byNo(ctx, p.topUpNo);
  }

  @TOP_UP_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.topUps.get(ctx, id);
  }

  @Post(':id/reverse')
  @HttpCode(200)
  @RequirePermission('member.top-up.reverse')
  @ApiOperation({ summary: '充值冲正: give a whole top-up back by a new document (reason required, once per top-up; idempotent by the new document’s id)' })
  @ApiOkResponse({ type: PosTopUpDoc })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'MEMBER_STORE_NOT_SET_UP', 'MEMBER_TOP_UP_NOT_FOUND', 'MEMBER_TOP_UP_REVERSED', 'POS_TOP_UP_NOT_FOUND')
  reverse(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReverseTopUpDto) {
    return this.topUps.reverse(ctx, id, dto);
  }

  @Get(':id/receipt')
  @RequirePermission('member.stored-value', 'pos.reprint')
  @ApiJsonOrTextResponse(ReceiptResponse, 'format=json (default): the slip content; format=text: fixed-width text')
  @ApiOperation({ summary: 'The top-up slip as JSON or fixed-width text (a second print is a reprint: pos.reprint)' })
  @ApiErrors('PERMISSION_DENIED', 'POS_TOP_UP_NOT_FOUND')
  async receipt(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: ReceiptQueryDto, @Res({ passthrough: true }) res: Response) {
    const r = await this.receipts.topUp(ctx, id, q.format ?? 'json');
    if (typeof r === 'string') res.type('text/plain; charset=utf-8');
    return r;
  }
}
