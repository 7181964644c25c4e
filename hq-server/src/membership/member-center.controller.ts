import { LookupResultResponse, ReplaceResultResponse } from './member-center.responses';
import { ApiErrors, CardView, Ctx, IssueResult, IssueCardDto, LookupQueryDto, ReplaceCardDto, ReportLostDto, RequestContext, RequirePermission } from '@chain-erp/shared';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActingStoreQuery, CallerStore, MemberCenterAccess } from './member-center-caller';
import { MemberCenterService } from './member-center.service';

/**
 * 会员中心 over HTTP: HQ staff (JWT) and store servers (signed with their transfer key) — look-ups,
 * card issue and card service. Nothing here creates or takes money or points (a replacement only
 * moves a member's balances to their new card): stored value travels on the signed store channel
 * (`MemberChannelController`), points with the pushed sales, and HQ's manual changes are
 * adjustments (`/api/member-adjustments`).
 */
@ApiTags('会员管理')
@Controller('member-center')
@MemberCenterAccess()
export class MemberCenterController {
  constructor(private readonly center: MemberCenterService) {}

  @Get('lookup')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Look up a card (cardNo) or a member (mobile): member, card type, points and stored value' })
  @ApiOkResponse({ type: LookupResultResponse })
  @ApiErrors('MEMBER_NOT_FOUND')
  lookup(@Ctx() ctx: RequestContext, @CallerStore() storeId: string | null, @Query() q: LookupQueryDto) {
    return this.center.lookup(ctx, storeId, q);
  }

  @Post('issue')
  @HttpCode(200)
  @RequirePermission('member.card.issue')
  @ActingStoreQuery()
  @ApiOperation({ summary: '发卡: issue a blank card of the store to a member (idempotent by issueId)' })
  @ApiOkResponse({ type: IssueResult })
  @ApiErrors('IDEMPOTENCY_MISMATCH')
  issue(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: IssueCardDto) {
    return this.center.issueCard(ctx, storeId, dto);
  }

  @Post('cards/report-lost')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ActingStoreQuery()
  @ApiOperation({ summary: '挂失: block a card' })
  @ApiOkResponse({ type: CardView })
  reportLost(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: ReportLostDto) {
    return this.center.reportLost(ctx, storeId, dto);
  }

  @Post('cards/replace')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ActingStoreQuery()
  @ApiOperation({ summary: '补卡: move a lost card’s balances to a blank card of the store (idempotent by replaceId)' })
  @ApiOkResponse({ type: ReplaceResultResponse })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'MEMBER_CARD_NOT_REPLACEABLE',
    'MEMBER_CARD_TYPE_NOT_FOUND',
    'MEMBER_INSUFFICIENT_BALANCE',
    'MEMBER_INSUFFICIENT_POINTS',
    'MEMBER_STORED_VALUE_NOT_ALLOWED',
    'VALIDATION_FAILED',
  )
  replace(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: ReplaceCardDto) {
    return this.center.replaceCard(ctx, storeId, dto);
  }
}
