import { MemberSettingsResponse, StoreLookupResponse } from './store-membership.responses';
import {
  ApiErrors,
  ApiPagedResponse,
  ApiSort,
  Ctx,
  IssueResult,
  IssueCardDto,
  LookupQueryDto,
  MemberCard,
  MemberCardType,
  RequestContext,
  RequirePermission,
} from '@chain-erp/shared';
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MemberSettingsDto } from './member-settings.dto';
import { MemberSettingsService } from './member-settings.service';
import { STORE_CARD_SORT, StoreCardService } from './store-card.service';
import { StoreMemberService } from './store-member.service';
import { StoreCardQueryDto } from './store-membership.dto';

/**
 * Membership at the store: card types and cards (replicas), issue, look-up, 会员设置. Balances move
 * only with the till's documents: a sale, a refund, a top-up (`/api/pos/top-ups`) and its reversal.
 */
@ApiTags('会员管理')
@Controller('membership')
export class StoreMembershipController {
  constructor(
    private readonly cards: StoreCardService,
    private readonly members: StoreMemberService,
    private readonly settings: MemberSettingsService,
  ) {}

  @Get('card-types')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Card types (replica from HQ)' })
  @ApiOkResponse({ type: MemberCardType, isArray: true })
  cardTypes(@Ctx() ctx: RequestContext) {
    return this.cards.listTypes(ctx);
  }

  @Get('cards')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'This store’s cards (replica from HQ, issued ones updated here)' })
  @ApiPagedResponse(MemberCard)
  @ApiErrors('MEMBER_STORE_NOT_SET_UP')
  @ApiSort(STORE_CARD_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: StoreCardQueryDto) {
    return this.cards.list(ctx, q);
  }

  @Post('cards/issue')
  @HttpCode(200)
  @RequirePermission('member.card.issue')
  @ApiOperation({ summary: '发卡: issue a blank card of this store to a member; works offline, HQ is told through the outbox' })
  @ApiOkResponse({ type: IssueResult })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'MEMBER_CARD_MODE_MISMATCH', 'MEMBER_STORE_NOT_SET_UP')
  issue(@Ctx() ctx: RequestContext, @Body() dto: IssueCardDto) {
    return this.cards.issue(ctx, dto);
  }

  @Get('lookup')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Look up a card or member: online at the member center, this store’s own cards locally (storeId: this store only, another → 403 OUT_OF_SCOPE)' })
  @ApiOkResponse({ type: StoreLookupResponse })
  @ApiErrors('MEMBER_CENTER_NOT_CONFIGURED', 'MEMBER_CENTER_REJECTED', 'MEMBER_CENTER_UNREACHABLE', 'MEMBER_STORE_NOT_SET_UP', 'OUT_OF_SCOPE')
  lookup(@Ctx() ctx: RequestContext, @Query() q: LookupQueryDto) {
    return this.members.lookup(ctx, q);
  }

  @Get('settings')
  @RequirePermission('member.settings')
  @ApiOperation({ summary: '会员设置 of this store' })
  @ApiOkResponse({ type: MemberSettingsResponse })
  @ApiErrors('MEMBER_STORE_NOT_SET_UP')
  getSettings(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @Put('settings')
  @RequirePermission('member.settings')
  @ApiOperation({ summary: 'Change 会员设置: which cards the store issues, member-center address' })
  @ApiOkResponse({ type: MemberSettingsResponse })
  @ApiErrors('MEMBER_STORE_NOT_SET_UP')
  putSettings(@Ctx() ctx: RequestContext, @Body() dto: MemberSettingsDto) {
    return this.settings.update(ctx, dto);
  }
}
