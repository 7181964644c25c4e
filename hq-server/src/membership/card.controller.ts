import { MemberCardBatch } from './card-batch.entity';
import { CardMoveResponse, CardReportRow, CardWithEventsResponse } from './card.responses';
import {
  ApiErrors,
  ApiPagedResponse,
  ApiSort,
  CardView,
  Ctx,
  MemberCard,
  MemberCardType,
  MemberLedgerEntry,
  ORG_UNIT_SORT,
  OrgUnit,
  OrgUnitService,
  ParseId,
  RequestContext,
  RequirePermission,
  StoreListQueryDto,
} from '@chain-erp/shared';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CardBatchQueryDto, CreateCardBatchDto } from './card-batch.dto';
import { CARD_BATCH_SORT, CardBatchService } from './card-batch.service';
import { CardTypeQueryDto, CreateCardTypeDto, UpdateCardTypeDto } from './card-type.dto';
import { CARD_TYPE_SORT, CardTypeService } from './card-type.service';
import { CardLedgerQueryDto, CardQueryDto, CardReportQueryDto, MoveCardsDto, VoidCardDto } from './card.dto';
import { CARD_LEDGER_SORT, CARD_SORT, CardService } from './card.service';

@ApiTags('会员管理')
@Controller('member-card-types')
export class CardTypeController {
  constructor(private readonly types: CardTypeService) {}

  @Get()
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'List card types (卡类型)' })
  @ApiPagedResponse(MemberCardType)
  @ApiSort(CARD_TYPE_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: CardTypeQueryDto) {
    return this.types.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'One card type (卡类型)' })
  @ApiOkResponse({ type: MemberCardType })
  @ApiErrors('MEMBER_CARD_TYPE_NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.types.get(ctx, id);
  }

  @Post()
  @RequirePermission('member.settings')
  @ApiOperation({ summary: 'Create a card type: pricing, points rate, stored value, validity' })
  @ApiCreatedResponse({ type: MemberCardType })
  @ApiErrors('MEMBER_CARD_TYPE_CODE_TAKEN')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCardTypeDto) {
    return this.types.create(ctx, dto);
  }

  @Patch(':id')
  @RequirePermission('member.settings')
  @ApiOperation({ summary: 'Change a card type (or disable it)' })
  @ApiOkResponse({ type: MemberCardType })
  @ApiErrors('MEMBER_CARD_TYPE_NOT_FOUND')
  update(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: UpdateCardTypeDto) {
    return this.types.update(ctx, id, dto);
  }
}

@ApiTags('会员管理')
@Controller('member-card-batches')
export class CardBatchController {
  constructor(private readonly batches: CardBatchService) {}

  @Get()
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'List card batches (制卡), scoped to the owning store' })
  @ApiPagedResponse(MemberCardBatch)
  @ApiSort(CARD_BATCH_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: CardBatchQueryDto) {
    return this.batches.list(ctx, q);
  }

  @Get(':id')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'One card batch (制卡批次) with its counts' })
  @ApiOkResponse({ type: MemberCardBatch })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.batches.get(ctx, id);
  }

  @Post()
  @RequirePermission('member.card-batch.write')
  @ApiOperation({ summary: '制卡: make a run of blank cards; overlapping numbers are refused by the database' })
  @ApiCreatedResponse({ type: MemberCardBatch })
  @ApiErrors('MEMBER_BATCH_INVALID', 'MEMBER_BATCH_RANGE_OVERLAP', 'MEMBER_CARD_NUMBER_TAKEN', 'MEMBER_CARD_TYPE_DISABLED', 'MEMBER_CARD_TYPE_NOT_FOUND')
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateCardBatchDto) {
    return this.batches.create(ctx, dto);
  }
}

@ApiTags('会员管理')
@Controller('member-cards')
export class CardController {
  constructor(
    private readonly cards: CardService,
    private readonly orgs: OrgUnitService,
  ) {}

  @Get()
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'The card ledger (卡台账), scoped to the holding store' })
  @ApiPagedResponse(MemberCard)
  @ApiSort(CARD_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: CardQueryDto) {
    return this.cards.list(ctx, q);
  }

  @Get('report')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'Cards by store, scope and state' })
  @ApiOkResponse({ type: CardReportRow, isArray: true })
  report(@Ctx() ctx: RequestContext, @Query() q: CardReportQueryDto) {
    return this.cards.report(ctx, q);
  }

  @Get('stores')
  @RequirePermission('member.read')
  @ApiOperation({ summary: "The chain's stores, for card staff without 机构 rights: 制卡 for a store, 调拨到门店, the acting store of 补卡, store names in card lists" })
  @ApiPagedResponse(OrgUnit)
  @ApiSort(ORG_UNIT_SORT)
  stores(@Ctx() ctx: RequestContext, @Query() q: StoreListQueryDto) {
    return this.orgs.listStores(ctx, q);
  }

  @Get(':id')
  @RequirePermission('member.read')
  @ApiOperation({ summary: 'One card with its events' })
  @ApiOkResponse({ type: CardWithEventsResponse })
  @ApiErrors('NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string) {
    return this.cards.get(ctx, id);
  }

  @Get(':id/ledger')
  @RequirePermission('member.read')
  @ApiOperation({ summary: '卡流水: every points and stored-value change of one card with its document, newest first' })
  @ApiPagedResponse(MemberLedgerEntry)
  @ApiSort(CARD_LEDGER_SORT)
  @ApiErrors('NOT_FOUND')
  ledger(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Query() q: CardLedgerQueryDto) {
    return this.cards.ledger(ctx, id, q);
  }

  @Post('move')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ApiOperation({ summary: 'Move blank cards to a store (all or none)' })
  @ApiOkResponse({ type: CardMoveResponse })
  @ApiErrors('MEMBER_CARD_NOT_FOUND', 'MEMBER_CARD_NOT_MOVABLE')
  move(@Ctx() ctx: RequestContext, @Body() dto: MoveCardsDto) {
    return this.cards.move(ctx, dto);
  }

  @Post(':id/void')
  @HttpCode(200)
  @RequirePermission('member.card.manage')
  @ApiOperation({ summary: '作废 a blank card' })
  @ApiOkResponse({ type: CardView })
  @ApiErrors('NOT_FOUND')
  void(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string, @Body() dto: VoidCardDto) {
    return this.cards.void(ctx, id, dto);
  }
}
