import { Ctx, EarnPointsDto, IssueCardDto, LookupQueryDto, RequestContext, RequirePermission, TopUpDto } from '@chain-erp/shared';
import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { MemberSettingsDto } from './member-settings.dto';
import { MemberSettingsService } from './member-settings.service';
import { StoreCardService } from './store-card.service';
import { StoreMemberService } from './store-member.service';
import { StoreCardQueryDto } from './store-membership.dto';

@ApiTags('membership')
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
  cardTypes(@Ctx() ctx: RequestContext) {
    return this.cards.listTypes(ctx);
  }

  @Get('cards')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'This store’s cards (replica from HQ, issued ones updated here)' })
  list(@Ctx() ctx: RequestContext, @Query() q: StoreCardQueryDto) {
    return this.cards.list(ctx, q);
  }

  @Post('cards/issue')
  @HttpCode(200)
  @RequirePermission('member.card.issue')
  @ApiOperation({ summary: '发卡: issue a blank card of this store to a member; works offline, HQ is told through the outbox' })
  issue(@Ctx() ctx: RequestContext, @Body() dto: IssueCardDto) {
    return this.cards.issue(ctx, dto);
  }

  @Get('lookup')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Look up a card or member: online at the member center, this store’s own cards locally' })
  lookup(@Ctx() ctx: RequestContext, @Query() q: LookupQueryDto) {
    return this.members.lookup(ctx, q);
  }

  @Post('stored-value/top-up')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ApiOperation({ summary: '充值: a chain card needs the member center online (503 MEMBER_CENTER_UNREACHABLE otherwise)' })
  topUp(@Ctx() ctx: RequestContext, @Body() dto: TopUpDto) {
    return this.members.topUp(ctx, dto);
  }

  @Post('points/earn')
  @HttpCode(200)
  @RequirePermission('member.stored-value')
  @ApiOperation({ summary: 'Points for a sale (idempotent by saleId): a chain card at the member center, queued for HQ while it is unreachable (queued: true)' })
  earnPoints(@Ctx() ctx: RequestContext, @Body() dto: EarnPointsDto) {
    return this.members.earnPoints(ctx, dto);
  }

  @Get('settings')
  @RequirePermission('member.settings')
  @ApiOperation({ summary: '会员设置 of this store' })
  getSettings(@Ctx() ctx: RequestContext) {
    return this.settings.get(ctx);
  }

  @Put('settings')
  @RequirePermission('member.settings')
  @ApiOperation({ summary: 'Change 会员设置: which cards the store issues, member-center address' })
  putSettings(@Ctx() ctx: RequestContext, @Body() dto: MemberSettingsDto) {
    return this.settings.update(ctx, dto);
  }
}
