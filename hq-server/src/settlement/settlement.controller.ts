import { PaymentGetResponse, StatementGetResponse, StatementPreviewResponse, StoreSettlementTermsResponse, SupplierSettlementGetResponse } from './settlement.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonOrFileResponse, Ctx, documentReadRoutes, ParseId, RequestContext, RequirePermission, XLSX_MIME } from '@chain-erp/shared';
import { AllocationService } from './allocation.service';
import {
  AgeingQueryDto,
  AllocateDto,
  BalanceQueryDto,
  ConfirmStatementDto,
  CreatePaymentDto,
  CreateSalesSettlementDto,
  CreateStatementDto,
  DocumentFormatDto,
  DueQueryDto,
  ItemQueryDto,
  PaidReportDto,
  PartyRefDto,
  PaymentQueryDto,
  PostPaymentDto,
  ReasonDto,
  SalesSettlementQueryDto,
  StatementPreviewDto,
  StatementQueryDto,
  StoredValueQueryDto,
  StoredValueSettlementDto,
  StoreTermsDto,
} from './settlement.dto';
import { PaymentKind, SettlementAllocation, StoredValueSettlement } from './settlement.entity';
import { PAYMENT_KINDS, SettlementPaymentService } from './settlement-payment.service';
import { SettlementReportsService } from './settlement-reports.service';
import { StatementService } from './statement.service';
import { StoreSettlementService } from './store-settlement.service';
import { SupplierSettlementService } from './supplier-settlement.service';
import { ApiSettlementList, SETTLEMENT_LISTS } from './settlement.lists';

/** Settlement documents are read with settlement.read; a read names the party, so its checks can answer. */
const PARTY_DOCUMENT_READ = { permission: 'settlement.read', errors: ['NOT_FOUND', 'SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY'] } as const;

const STATEMENT_READ = documentReadRoutes({
  ...PARTY_DOCUMENT_READ,
  get: { type: StatementGetResponse, summary: 'One statement with its frozen lines' },
  audit: 'Audit trail of the statement',
  document: {
    summary: 'The statement as printable HTML (default) or Excel, to send to the party',
    mediaTypes: [XLSX_MIME, 'text/html'],
    description: 'the statement as a spreadsheet or a printable page',
  },
});

const SUPPLIER_SETTLEMENT_READ = documentReadRoutes({
  permission: 'settlement.read',
  errors: ['NOT_FOUND', 'SETTLEMENT_UNKNOWN_PARTY'],
  get: { type: SupplierSettlementGetResponse, summary: 'One settlement with its lines per product and store' },
  audit: 'Audit trail of the settlement',
});

/** 收款单 / 门店缴款单 / 付款单 share one service and one route shape; the path, labels and permissions differ. */
function paymentController(kind: PaymentKind, path: string, className: string): Type {
  const k = PAYMENT_KINDS[kind];
  const approve = k.approve ?? k.write;
  const READ = documentReadRoutes({
    ...PARTY_DOCUMENT_READ,
    get: { type: PaymentGetResponse, summary: `One ${k.zh} with its allocations (核销明细) and what is still unallocated` },
    audit: 'Audit trail: who created, posted, reversed it, when and why',
  });
  @ApiTags('结算')
  @Controller(`settlement/${path}`)
  class PaymentController {
    constructor(readonly payments: SettlementPaymentService) {}

    @Get()
    @RequirePermission('settlement.read')
    @ApiProduces('application/json', XLSX_MIME)
    @ApiOperation({ summary: `List ${k.zh} (paged; format=xlsx exports; totals of posted amounts)` })
    @ApiSettlementList(SETTLEMENT_LISTS.payments)
    list(@Ctx() ctx: RequestContext, @Query() q: PaymentQueryDto) {
      return this.payments.list(ctx, kind, q);
    }

    @READ.get
    get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.payments.get(ctx, kind, id);
    }

    @READ.audit
    audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
      return this.payments.auditTrail(ctx, kind, id);
    }

    @Post()
    @RequirePermission(k.write)
    @ApiOperation({
      summary: k.approve
        ? `Write a draft ${k.zh} (allocations are checked again when it is approved)`
        : `Record a ${k.zh}: posted at once, allocated as given (or oldest first); what is left stays as the party's credit (预收)`,
    })
    @ApiCreatedResponse({ type: PaymentGetResponse })
    @ApiErrors(
      'IDEMPOTENCY_MISMATCH',
      'NOT_FOUND',
      'SETTLEMENT_ITEM_OVER_ALLOCATED',
      'SETTLEMENT_NOT_A_CREDIT',
      'SETTLEMENT_OVER_ALLOCATION',
      'SETTLEMENT_PARTY_DISABLED',
      'SETTLEMENT_UNKNOWN_PARTY',
    )
    create(@Ctx() ctx: RequestContext, @Body() dto: CreatePaymentDto) {
      return this.payments.create(ctx, kind, dto);
    }

    @Post(':id/post')
    @HttpCode(200)
    @RequirePermission(approve)
    @ApiOperation({ summary: `Approve and post (审核) a draft ${k.zh}; never one's own; allocations may be given now` })
    @ApiOkResponse({ type: PaymentGetResponse })
    @ApiErrors(
      'DOCUMENT_POSTED',
      'ILLEGAL_TRANSITION',
      'NOT_FOUND',
      'SETTLEMENT_ITEM_OVER_ALLOCATED',
      'SETTLEMENT_NOT_A_CREDIT',
      'SETTLEMENT_OVER_ALLOCATION',
      'SETTLEMENT_PARTY_DISABLED',
      'SETTLEMENT_SELF_APPROVAL',
      'SETTLEMENT_UNKNOWN_PARTY',
    )
    post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: PostPaymentDto) {
      return this.payments.post(ctx, kind, id, dto);
    }

    @Post(':id/cancel')
    @HttpCode(200)
    @RequirePermission(k.write)
    @ApiOperation({ summary: 'Cancel a draft (作废), with a reason' })
    @ApiOkResponse({ type: PaymentGetResponse })
    @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY')
    cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
      return this.payments.cancel(ctx, kind, id, dto.reason);
    }

    @Post(':id/reverse')
    @RequirePermission(approve)
    @ApiOperation({ summary: `Reverse a posted ${k.zh} (冲销): a new posted document takes back its allocations and cancels it out` })
    @ApiCreatedResponse({ type: PaymentGetResponse })
    @ApiErrors(
      'ILLEGAL_TRANSITION',
      'NOT_FOUND',
      'PERMISSION_DENIED',
      'SETTLEMENT_ALREADY_REVERSED',
      'SETTLEMENT_ITEM_OVER_ALLOCATED',
      'SETTLEMENT_NOT_A_CREDIT',
      'SETTLEMENT_OVER_ALLOCATION',
      'SETTLEMENT_PARTY_DISABLED',
      'SETTLEMENT_UNKNOWN_PARTY',
    )
    reverse(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
      return this.payments.reverse(ctx, kind, id, dto.reason);
    }
  }
  Object.defineProperty(PaymentController, 'name', { value: className });
  return PaymentController;
}

export const CustomerReceiptController = paymentController('customer_receipt', 'customer-receipts', 'CustomerReceiptController');
export const StorePaymentController = paymentController('store_payment', 'store-payments', 'StorePaymentController');
export const SupplierPaymentController = paymentController('supplier_payment', 'supplier-payments', 'SupplierPaymentController');

@ApiTags('结算')
@Controller('settlement')
export class LedgerController {
  constructor(
    private readonly reports: SettlementReportsService,
    private readonly allocations: AllocationService,
  ) {}

  @Get('items')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '应收/应付明细: the items of customers, suppliers or stores with what is still open (format=xlsx exports)' })
  @ApiSettlementList(SETTLEMENT_LISTS.items)
  items(@Ctx() ctx: RequestContext, @Query() q: ItemQueryDto) {
    return this.reports.items(ctx, q);
  }

  @Get('balances')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '应收/应付汇总 (e.g. payables by supplier): balance, overdue, due within N days, unapplied payments' })
  @ApiSettlementList(SETTLEMENT_LISTS.balances)
  balances(@Ctx() ctx: RequestContext, @Query() q: BalanceQueryDto) {
    return this.reports.balances(ctx, q);
  }

  @Get('ageing')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '账龄 ageing as of a day: 0–30, 31–60, 61–90, 90+ (basis=due: days past due, not yet due apart); total = balance' })
  @ApiSettlementList(SETTLEMENT_LISTS.ageing)
  ageing(@Ctx() ctx: RequestContext, @Query() q: AgeingQueryDto) {
    return this.reports.ageing(ctx, q);
  }

  @Get('due')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '到期清单: open items due by asOf + dueDays (default 7: due this week), overdue first' })
  @ApiSettlementList(SETTLEMENT_LISTS.due)
  due(@Ctx() ctx: RequestContext, @Query() q: DueQueryDto) {
    return this.reports.due(ctx, q);
  }

  @Get('reports/paid')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '已付款 / 已收款: money paid or received per party in a period, reversals subtracted' })
  @ApiSettlementList(SETTLEMENT_LISTS.paid)
  paid(@Ctx() ctx: RequestContext, @Query() q: PaidReportDto) {
    return this.reports.paid(ctx, q);
  }

  @Post('allocations')
  @RequirePermission('settlement.allocate')
  @ApiOperation({ summary: '核销: spend an unallocated payment, advance or credit note on open items (explicit or oldest first), all or none' })
  @ApiCreatedResponse({ type: SettlementAllocation, isArray: true })
  @ApiErrors('SETTLEMENT_ITEM_OVER_ALLOCATED', 'SETTLEMENT_NOTHING_TO_ALLOCATE', 'SETTLEMENT_NOT_A_CREDIT', 'SETTLEMENT_OVER_ALLOCATION')
  allocate(@Ctx() ctx: RequestContext, @Body() dto: AllocateDto) {
    return this.allocations.allocate(ctx, dto);
  }

  @Post('allocations/auto')
  @RequirePermission('settlement.allocate')
  @ApiOperation({ summary: '自动核销 a party: every open credit on its open items, oldest first' })
  @ApiCreatedResponse({ type: SettlementAllocation, isArray: true })
  @ApiErrors(
    'SETTLEMENT_ITEM_OVER_ALLOCATED',
    'SETTLEMENT_NOTHING_TO_ALLOCATE',
    'SETTLEMENT_NOT_A_CREDIT',
    'SETTLEMENT_OVER_ALLOCATION',
    'SETTLEMENT_PARTY_DISABLED',
    'SETTLEMENT_UNKNOWN_PARTY',
  )
  allocateParty(@Ctx() ctx: RequestContext, @Body() dto: PartyRefDto) {
    return this.allocations.allocateParty(ctx, dto);
  }

  @Post('allocations/:id/reverse')
  @RequirePermission('settlement.allocate')
  @ApiOperation({ summary: 'Take a wrong allocation back (反核销): a row of the opposite sign, both items open again' })
  @ApiCreatedResponse({ type: SettlementAllocation })
  @ApiErrors('NOT_FOUND', 'SETTLEMENT_ALREADY_REVERSED')
  reverseAllocation(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.allocations.reverse(ctx, id, dto.reason);
  }
}

@ApiTags('结算')
@Controller('settlement/statements')
export class StatementController {
  constructor(private readonly statements: StatementService) {}

  @Get('preview')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME, 'text/html')
  @ApiOperation({ summary: 'A party’s statement of any period as it stands (by entry day: a past period always reads the same); xlsx or printable html' })
  @ApiJsonOrFileResponse(StatementPreviewResponse)
  @ApiErrors('SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY')
  preview(@Ctx() ctx: RequestContext, @Query() q: StatementPreviewDto) {
    return this.statements.preview(ctx, q);
  }

  @Get()
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: 'Statement documents (a store sees its own)' })
  @ApiSettlementList(SETTLEMENT_LISTS.statements)
  list(@Ctx() ctx: RequestContext, @Query() q: StatementQueryDto) {
    return this.statements.list(ctx, q);
  }

  @STATEMENT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.statements.get(ctx, id);
  }

  @STATEMENT_READ.document
  document(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: DocumentFormatDto) {
    return this.statements.document(ctx, id, q.format);
  }

  @STATEMENT_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.statements.auditTrail(ctx, id);
  }

  @Post()
  @RequirePermission('settlement.statement.write')
  @ApiOperation({ summary: 'Make a statement (draft): every item not on an earlier statement entered up to `to`; 409 SETTLEMENT_STATEMENT_EMPTY when there is nothing to state' })
  @ApiCreatedResponse({ type: StatementGetResponse })
  @ApiErrors('NOT_FOUND', 'SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_STATEMENT_EMPTY', 'SETTLEMENT_STATEMENT_OVERLAP', 'SETTLEMENT_UNKNOWN_PARTY')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateStatementDto) {
    return this.statements.create(ctx, dto);
  }

  @Post(':id/send')
  @HttpCode(200)
  @RequirePermission('settlement.statement.write')
  @ApiOperation({ summary: 'Mark as sent to the party (已发送)' })
  @ApiOkResponse({ type: StatementGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  send(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.statements.send(ctx, id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @RequirePermission('settlement.statement.write', 'settlement.store.confirm')
  @ApiOperation({ summary: 'The party confirms (已确认): HQ records a customer’s or supplier’s answer; a store confirms its own' })
  @ApiOkResponse({ type: StatementGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PERMISSION_DENIED')
  confirm(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ConfirmStatementDto) {
    return this.statements.confirm(ctx, id, dto);
  }

  @Post(':id/dispute')
  @HttpCode(200)
  @RequirePermission('settlement.statement.write', 'settlement.store.confirm')
  @ApiOperation({ summary: 'The party disputes (有异议), with a reason' })
  @ApiOkResponse({ type: StatementGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'PERMISSION_DENIED')
  dispute(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.statements.dispute(ctx, id, dto.reason);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('settlement.statement.write')
  @ApiOperation({ summary: 'Cancel the party’s latest statement (作废); its items go on the next one' })
  @ApiOkResponse({ type: StatementGetResponse })
  @ApiErrors('CONFLICT', 'ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.statements.cancel(ctx, id, dto.reason);
  }
}

@ApiTags('结算')
@Controller('settlement/supplier-settlements')
export class SupplierSettlementController {
  constructor(private readonly settlements: SupplierSettlementService) {}

  @Get()
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '代销/联营结算单 list' })
  @ApiSettlementList(SETTLEMENT_LISTS.supplierSettlements)
  list(@Ctx() ctx: RequestContext, @Query() q: SalesSettlementQueryDto) {
    return this.settlements.list(ctx, q);
  }

  @SUPPLIER_SETTLEMENT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.settlements.get(ctx, id);
  }

  @SUPPLIER_SETTLEMENT_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.settlements.auditTrail(ctx, id);
  }

  @Post()
  @RequirePermission('settlement.supplier.write')
  @ApiOperation({ summary: "Draft a settlement of a consignment (代销: net quantity sold × price) or concession (联营: sales − commission) supplier's sales of a period" })
  @ApiCreatedResponse({ type: SupplierSettlementGetResponse })
  @ApiErrors('NOT_FOUND', 'SETTLEMENT_DRAFT_EXISTS', 'SETTLEMENT_MODE_MISMATCH', 'SETTLEMENT_NOTHING_TO_SETTLE', 'SETTLEMENT_PERIOD_OVERLAP', 'SETTLEMENT_UNKNOWN_PARTY')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateSalesSettlementDto) {
    return this.settlements.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('settlement.supplier.write')
  @ApiOperation({ summary: 'Post (审核): the payable is booked' })
  @ApiOkResponse({ type: SupplierSettlementGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'SETTLEMENT_UNKNOWN_PARTY')
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.settlements.post(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('settlement.supplier.write')
  @ApiOperation({ summary: 'Cancel a draft (作废), with a reason' })
  @ApiOkResponse({ type: SupplierSettlementGetResponse })
  @ApiErrors('DOCUMENT_POSTED', 'ILLEGAL_TRANSITION', 'NOT_FOUND', 'SETTLEMENT_UNKNOWN_PARTY')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.settlements.cancel(ctx, id, dto.reason);
  }
}

@ApiTags('结算')
@Controller('settlement')
export class StoreSettlementController {
  constructor(private readonly stores: StoreSettlementService) {}

  @Get('store-terms')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '门店结算条件 of every store: markup on HQ cost, payment terms' })
  @ApiSettlementList(SETTLEMENT_LISTS.storeTerms)
  termsList(@Ctx() ctx: RequestContext, @Query() q: StoredValueQueryDto) {
    return this.stores.termsList(ctx, q);
  }

  @Get('store-terms/:storeId')
  @RequirePermission('settlement.read')
  @ApiOperation({ summary: "One store's terms" })
  @ApiOkResponse({ type: StoreSettlementTermsResponse })
  @ApiErrors('SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY')
  terms(@Ctx() ctx: RequestContext, @Param('storeId', ParseId) storeId: string) {
    return this.stores.terms(ctx, storeId);
  }

  @Put('store-terms/:storeId')
  @RequirePermission('settlement.settings')
  @ApiOperation({ summary: "Set a store's markup (transfer price = cost × (1 + markup%)) and payment terms; shipments posted from now on use them" })
  @ApiOkResponse({ type: StoreSettlementTermsResponse })
  @ApiErrors('SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY')
  saveTerms(@Ctx() ctx: RequestContext, @Param('storeId', ParseId) storeId: string, @Body() dto: StoreTermsDto) {
    return this.stores.saveTerms(ctx, storeId, dto);
  }

  @Get('stored-value-settlements')
  @RequirePermission('settlement.read')
  @ApiProduces('application/json', XLSX_MIME)
  @ApiOperation({ summary: '储值结算单 list (a store sees its own)' })
  @ApiSettlementList(SETTLEMENT_LISTS.storedValueSettlements)
  storedValueList(@Ctx() ctx: RequestContext, @Query() q: StoredValueQueryDto) {
    return this.stores.storedValueList(ctx, q);
  }

  @Get('stored-value-settlements/:id')
  @RequirePermission('settlement.read')
  @ApiOperation({ summary: 'One stored-value settlement' })
  @ApiOkResponse({ type: StoredValueSettlement })
  @ApiErrors('NOT_FOUND')
  storedValueGet(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.stores.storedValueGet(ctx, id);
  }

  @Post('stored-value-settlements')
  @RequirePermission('settlement.store.write')
  @ApiOperation({
    summary: 'Settle chain stored value per store (top-ups and money back on cards owed by the store, stored value spent there owed by HQ), everything not yet settled up to `to`',
  })
  @ApiCreatedResponse({ type: StoredValueSettlement, isArray: true })
  @ApiErrors('SETTLEMENT_NOTHING_TO_SETTLE', 'SETTLEMENT_PARTY_DISABLED', 'SETTLEMENT_UNKNOWN_PARTY')
  settleStoredValue(@Ctx() ctx: RequestContext, @Body() dto: StoredValueSettlementDto) {
    return this.stores.settleStoredValue(ctx, dto);
  }
}
