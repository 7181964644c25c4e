import { MemberAdjustment } from './member-adjustment.entity';
import { ApiErrors, ApiPagedResponse, ApiSort, Ctx, ParseId, RequestContext, RequirePermission } from '@chain-erp/shared';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateMemberAdjustmentDto, MemberAdjustmentQueryDto } from './member-adjustment.dto';
import { MEMBER_ADJUSTMENT_SORT, MemberAdjustmentService } from './member-adjustment.service';

@ApiTags('会员管理')
@Controller('member-adjustments')
export class MemberAdjustmentController {
  constructor(private readonly adjustments: MemberAdjustmentService) {}

  @Post()
  @RequirePermission('member.adjust')
  @ApiOperation({ summary: '会员余额调整: change a chain card’s points or stored value by hand (HQ only, reason required, audited; idempotent by id)' })
  @ApiCreatedResponse({ type: MemberAdjustment })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'MEMBER_ADJUSTMENT_INVALID',
    'MEMBER_CARD_BALANCE_AT_STORE',
    'MEMBER_CARD_NOT_ISSUED',
    'MEMBER_CARD_TYPE_NOT_FOUND',
    'MEMBER_INSUFFICIENT_BALANCE',
    'MEMBER_INSUFFICIENT_POINTS',
    'MEMBER_STORED_VALUE_NOT_ALLOWED',
  )
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateMemberAdjustmentDto) {
    return this.adjustments.create(ctx, dto);
  }

  @Get()
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Adjustments, newest first (a store user: cards of its store only)' })
  @ApiPagedResponse(MemberAdjustment)
  @ApiSort(MEMBER_ADJUSTMENT_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: MemberAdjustmentQueryDto) {
    return this.adjustments.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'One adjustment' })
  @ApiOkResponse({ type: MemberAdjustment })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.adjustments.get(ctx, id);
  }
}
