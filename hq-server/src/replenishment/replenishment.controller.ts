import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { AllocationService } from './allocation.service';
import { AllocationQueryDto, ApprovalQueryDto, ApproveDto, CreateShipmentDto, OptionalReasonDto, ReasonDto, SettlementSettingsDto, ShipmentQueryDto } from './replenishment.dto';
import { RequestApprovalService } from './request-approval.service';
import { TransferSettlementService } from './transfer-settlement.service';
import { TransferShipmentService } from './transfer-shipment.service';

@ApiTags('replenishment: approval (要货确认)')
@Controller('replenishment/requests')
export class RequestApprovalController {
  constructor(private readonly approvals: RequestApprovalService) {}

  @Get()
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Incoming requests of every store (filters: store, status, submitted date, product)' })
  list(@Ctx() ctx: RequestContext, @Query() q: ApprovalQueryDto) {
    return this.approvals.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'One request: lines with requested / approved / shipped / received / cancelled, and its shipments' })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.approvals.get(ctx, id);
  }

  @Get(':id/audit')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Audit trail: every step, who, when, why' })
  audit(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.approvals.auditTrail(ctx, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Approve whole, or with cut quantities per line (a cut needs a reason)' })
  approve(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ApproveDto) {
    return this.approvals.approve(ctx, id, dto);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Reject a submitted request with a reason' })
  reject(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.approvals.reject(ctx, id, dto.reason);
  }

  @Post(':id/cancel-remainder')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: 'Cancel what is approved and not shipped (or an undecided request), with a reason' })
  cancelRemainder(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.approvals.cancelRemainder(ctx, id, dto.reason);
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequirePermission('replenishment.approve')
  @ApiOperation({ summary: '结案: close a request once nothing is on the way (a reason when something was still to ship)' })
  close(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: OptionalReasonDto) {
    return this.approvals.close(ctx, id, dto.reason);
  }
}

@ApiTags('replenishment: approval (要货确认)')
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
  propose(@Ctx() ctx: RequestContext, @Body() dto: AllocationQueryDto) {
    return this.allocation.propose(ctx, dto);
  }

  @Get('settings')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'How receipt variances are settled (short / damaged: write-off or carrier claim)' })
  settings(@Ctx() ctx: RequestContext) {
    return this.settlement.settings(ctx);
  }

  @Put('settings')
  @RequirePermission('replenishment.settings')
  @ApiOperation({ summary: 'Change how receipt variances are settled' })
  saveSettings(@Ctx() ctx: RequestContext, @Body() dto: SettlementSettingsDto) {
    return this.settlement.saveSettings(ctx, dto);
  }
}

@ApiTags('replenishment: shipments (调拨出库)')
@Controller('transfer-shipments')
export class TransferShipmentController {
  constructor(private readonly shipments: TransferShipmentService) {}

  @Get()
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'Transfer shipments (filters: store, status, request)' })
  list(@Ctx() ctx: RequestContext, @Query() q: ShipmentQueryDto) {
    return this.shipments.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('replenishment.read')
  @ApiOperation({ summary: 'One shipment with lines, costs, batches and received quantities' })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shipments.get(ctx, id);
  }

  @Post()
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Draft shipment from approved requests of one store (all or part of what is approved), or HQ-initiated' })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateShipmentDto) {
    return this.shipments.create(ctx, dto);
  }

  @Post(':id/post')
  @HttpCode(200)
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Post: HQ stock out, into the store’s in-transit location at HQ cost; the store pulls it' })
  post(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.shipments.post(ctx, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequirePermission('replenishment.ship')
  @ApiOperation({ summary: 'Cancel a draft shipment with a reason' })
  cancel(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: ReasonDto) {
    return this.shipments.cancel(ctx, id, dto.reason);
  }
}
