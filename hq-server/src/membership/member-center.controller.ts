import {
  Ctx,
  EarnPointsDto,
  IssueCardDto,
  LookupQueryDto,
  RedeemPointsDto,
  ReplaceCardDto,
  ReportLostDto,
  RequestContext,
  RequirePermission,
  StoredValuePaymentDto,
  StoredValueRefundDto,
  StoredValueReversalDto,
  TopUpDto,
} from '@chain-erp/shared';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActingStoreQuery, CallerStore, MemberCenterAccess } from './member-center-caller';
import { MemberCenterService } from './member-center.service';

/** 会员中心 over HTTP: HQ staff (JWT) and store servers (signed with their transfer key). */
@ApiTags('member-center')
@Controller('member-center')
@MemberCenterAccess()
export class MemberCenterController {
  constructor(private readonly center: MemberCenterService) {}

  @Get('lookup')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Look up a card (cardNo) or a member (mobile): member, card type, points and stored value' })
  lookup(@Ctx() ctx: RequestContext, @CallerStore() storeId: string | null, @Query() q: LookupQueryDto) {
    return this.center.lookup(ctx, storeId, q);
  }

  @Post('issue')
  @HttpCode(200)
  @RequirePermission('member.card.issue')
  @ActingStoreQuery()
  @ApiOperation({ summary: '发卡: issue a blank card of the store to a member (idempotent by issueId)' })
  issue(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: IssueCardDto) {
    return this.center.issueCard(ctx, storeId, dto);
  }

  @Post('points/earn')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: 'Points for a sale (idempotent by saleId)' })
  earn(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: EarnPointsDto) {
    return this.center.earnPoints(ctx, storeId, dto);
  }

  @Post('points/redeem')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: 'Take points off a card (idempotent by redeemId, never below zero)' })
  redeem(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: RedeemPointsDto) {
    return this.center.redeemPoints(ctx, storeId, dto);
  }

  @Post('stored-value/top-up')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: '充值: put money on a card (idempotent by topUpId)' })
  topUp(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: TopUpDto) {
    return this.center.topUp(ctx, storeId, dto);
  }

  @Post('stored-value/pay')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: 'Pay with stored value (idempotent by paymentId, never below zero)' })
  pay(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: StoredValuePaymentDto) {
    return this.center.payWithStoredValue(ctx, storeId, dto);
  }

  @Post('stored-value/reverse')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: 'Undo a stored-value payment whose sale did not commit (once per paymentId; the id cannot be charged afterwards)' })
  reverse(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: StoredValueReversalDto) {
    return this.center.reverseStoredValue(ctx, storeId, dto);
  }

  @Post('stored-value/refund')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ActingStoreQuery()
  @ApiOperation({ summary: '退货退回储值: money back on the card for a returned sale (idempotent by refundId)' })
  refund(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: StoredValueRefundDto) {
    return this.center.refundStoredValue(ctx, storeId, dto);
  }

  @Post('cards/report-lost')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ActingStoreQuery()
  @ApiOperation({ summary: '挂失: block a card' })
  reportLost(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: ReportLostDto) {
    return this.center.reportLost(ctx, storeId, dto);
  }

  @Post('cards/replace')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ActingStoreQuery()
  @ApiOperation({ summary: '补卡: move a lost card’s balances to a blank card of the store (idempotent by replaceId)' })
  replace(@Ctx() ctx: RequestContext, @CallerStore('required') storeId: string, @Body() dto: ReplaceCardDto) {
    return this.center.replaceCard(ctx, storeId, dto);
  }
}
