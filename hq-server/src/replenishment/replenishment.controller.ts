import { AllocationProposeItem, RequestApprovalGetResponse, TransferShipmentGetResponse } from './replenishment.responses';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiErrors,
  ApiPagedResponse,
  ApiSort,
  Ctx,
  documentReadRoutes,
  ParseId,
  ReplenishmentApproval,
  RequestContext,
  RequirePermission,
  TransferShipment,
} from '@chain-erp/shared';
import { AllocationService } from './allocation.service';
import { AllocationQueryDto, ApprovalQueryDto, ApproveDto, CreateShipmentDto, OptionalReasonDto, ReasonDto, SettlementSettingsDto, ShipmentQueryDto } from './replenishment.dto';
import { APPROVAL_SORT, RequestApprovalService } from './request-approval.service';
import { TransferSettlementService } from './transfer-settlement.service';
import { SHIPMENT_SORT, TransferShipmentService } from './transfer-shipment.service';

/** Replenishment documents are read with replenishment.read; a read can only miss its document. */
const REPLENISHMENT_READ = { permission: 'replenishment.read', errors: ['NOT_FOUND'] } as const;

const REQUEST_READ = documentReadRoutes({
  ...REPLENISHMENT_READ,
  get: { type: RequestApprovalGetResponse, summary: 'One request: lines with requested / approved / shipped / received / cancelled, and its shipments' },
  audit: 'Audit trail: every step, who, when, why',
});

const SHIPMENT_READ = documentReadRoutes({
  ...REPLENISHMENT_READ,
  get: { type: TransferShipmentGetResponse, summary: 'One shipment with lines, costs, batches and received quantities' },
});

@ApiTags('连锁管理')
@Controller('replenishment/requests')
export class RequestApprovalController {
  constructor(private readonly approvals: RequestApprovalService) {}

  @Get()
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Incoming requests of every store (filters: store, status, submitted date, product)' })
  @ApiPagedResponse(ReplenishmentApproval)
  @ApiSort(APPROVAL_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: ApprovalQueryDto) {
    return this.approvals.list(ctx, q);
  }

  @REQUEST_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.approvals.get(ctx, id);
  }

  @REQUEST_READ.audit
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.approvals.auditTrail(ctx, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Approve whole, or with cut quantities per line (a cut needs a reason)' })
  @ApiOkResponse({ type: RequestApprovalGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'REPLENISHMENT_APPROVED_ABOVE_REQUESTED', 'REPLENISHMENT_REASON_REQUIRED', 'REPLENISHMENT_UNKNOWN_LINE')
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ApproveDto) {
    return this.approvals.approve(ctx, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Reject a submitted request with a reason' })
  @ApiOkResponse({ type: RequestApprovalGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  reject(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.approvals.reject(ctx, id, dto.reason);
  }

  @Post(':id/cancel-remainder')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Cancel what is approved and not shipped (or an undecided request), with a reason' })
  @ApiOkResponse({ type: RequestApprovalGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'REPLENISHMENT_REQUEST_NOT_SHIPPABLE')
  cancelRemainder(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.approvals.cancelRemainder(ctx, id, dto.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: '结案: close a request once nothing is on the way (a reason when something was still to ship)' })
  @ApiOkResponse({ type: RequestApprovalGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'REPLENISHMENT_REASON_REQUIRED', 'REPLENISHMENT_REQUEST_NOT_SHIPPABLE')
  close(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: OptionalReasonDto) {
    return this.approvals.close(ctx, id, dto.reason);
  }
}

@ApiTags('连锁管理')
@Controller('replenishment')
export class AllocationController {
  constructor(
    private readonly allocation: AllocationService,
    private readonly settlement: TransferSettlementService,
  ) {}

  @Post('allocation')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: '缺货分配: proposed fair shares of HQ stock among submitted requests (nothing is written; approve with the edited quantities)' })
  @ApiOkResponse({ type: AllocationProposeItem, isArray: true })
  propose(@Ctx() ctx: RequestContext, @Body() dto: AllocationQueryDto) {
    return this.allocation.propose(ctx, dto);
  }

  @Get('settings')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'How receipt variances are settled (short / damaged: write-off or carrier claim)' })
  @ApiOkResponse({ type: SettlementSettingsDto })
  settings(@Ctx() ctx: RequestContext) {
    return this.settlement.settings(ctx);
  }

  @Put('settings')
  @RequirePermission('replenishment.settings')
  @ApiOperation({ summary: 'Change how receipt variances are settled' })
  @ApiOkResponse({ type: SettlementSettingsDto })
  saveSettings(@Ctx() ctx: RequestContext, @Body() dto: SettlementSettingsDto) {
    return this.settlement.saveSettings(ctx, dto);
  }
}

@ApiTags('连锁管理')
@Controller('transfer-shipments')
export class TransferShipmentController {
  constructor(private readonly shipments: TransferShipmentService) {}

  @Get()
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Transfer shipments (filters: store, status, request)' })
  @ApiPagedResponse(TransferShipment)
  @ApiSort(SHIPMENT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: ShipmentQueryDto) {
    return this.shipments.list(ctx, q);
  }

  @SHIPMENT_READ.get
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shipments.get(ctx, id);
  }

  @Post()
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Draft shipment from approved requests of one store (all or part of what is approved), or HQ-initiated' })
  @ApiCreatedResponse({ type: TransferShipmentGetResponse })
  @ApiErrors(
    'NOT_FOUND',
    'REPLENISHMENT_BAD_DATE',
    'REPLENISHMENT_DUPLICATE_PRODUCT',
    'REPLENISHMENT_NO_LINES',
    'REPLENISHMENT_NO_TRANSIT_WAREHOUSE',
    'REPLENISHMENT_OTHER_STORE',
    'REPLENISHMENT_REQUEST_NOT_SHIPPABLE',
    'REPLENISHMENT_SHIP_ABOVE_APPROVED',
    'REPLENISHMENT_UNKNOWN_LINE',
    'REPLENISHMENT_UNKNOWN_PRODUCT',
    'REPLENISHMENT_UNKNOWN_WAREHOUSE',
    'VALIDATION_FAILED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateShipmentDto) {
    return this.shipments.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Post: HQ stock out, into the store’s in-transit location at HQ cost; the store pulls it' })
  @ApiOkResponse({ type: TransferShipmentGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND', 'REPLENISHMENT_SHIP_ABOVE_APPROVED', 'STOCK_UNKNOWN_PRODUCT', 'STOCK_UNKNOWN_WAREHOUSE', 'STOCK_WAREHOUSE_DISABLED')
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shipments.post(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Cancel a draft shipment with a reason' })
  @ApiOkResponse({ type: TransferShipmentGetResponse })
  @ApiErrors('ILLEGAL_TRANSITION', 'NOT_FOUND')
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.shipments.cancel(ctx, id, dto.reason);
  }
}
