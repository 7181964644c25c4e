import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiSort,
  CreateVoucherBatchDto,
  Ctx,
  ParseId,
  RequestContext,
  RequirePermission,
  VoucherBatchDto,
  VoucherBatchPageDto,
  VoucherBatchQueryDto,
  VoucherChangeDto,
  VoucherDetailDto,
  VoucherPageDto,
  VoucherQueryDto,
  VoucherRedeemDto,
  VoucherRefundDto,
  VoucherReversalDto,
  CreateVoucherVoidDto,
  VoucherBalanceDto,
  VoucherBalanceQueryDto,
  VoucherSellDto,
  VoucherVoidDto,
} from '@chain-erp/shared';
import { TransferCaller } from '../transfer/transfer-auth.service';
import { Caller, TransferSigned } from '../transfer/transfer-signature.guard';
import { SignedStoreCtx } from '../membership/member-center-caller';
import { VOUCHER_BATCH_SORT, VOUCHER_SORT, VoucherBatchService } from './voucher-batch.service';
import { VoucherLedgerService } from './voucher-ledger.service';
import { VoucherNumberPipe } from './voucher-number.pipe';
import { VoucherVoidService } from './voucher-void.service';

@ApiTags('价格促销')
@Controller('vouchers')
export class VoucherController {
  constructor(
    private readonly batches: VoucherBatchService,
    private readonly voids: VoucherVoidService,
  ) {}

  @Get('batches')
  @RequirePermission('voucher.read')
  @ApiOperation({ summary: 'Voucher and gift-card batches with issued / redeemed / outstanding value' })
  @ApiOkResponse({ type: VoucherBatchPageDto })
  @ApiSort(VOUCHER_BATCH_SORT)
  list(@Ctx() ctx: RequestContext, @Query() q: VoucherBatchQueryDto): Promise<VoucherBatchPageDto> {
    return this.batches.list(ctx, q);
  }

  @Get('batches/:id')
  @RequirePermission('voucher.read')
  @ApiOperation({ summary: 'One batch (代金券/礼品卡批次): its rules and issued / redeemed / outstanding value' })
  @ApiOkResponse({ type: VoucherBatchDto })
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<VoucherBatchDto> {
    return this.batches.get(ctx, id);
  }

  @Post('batches')
  @RequirePermission('voucher.issue')
  @ApiOperation({ summary: 'Issue a batch (the issue document, VB-HQ-… / GC-HQ-…): random numbers, each loaded with its face value' })
  @ApiCreatedResponse({ type: VoucherBatchDto })
  create(@Ctx() ctx: RequestContext, @Body() dto: CreateVoucherBatchDto): Promise<VoucherBatchDto> {
    return this.batches.create(ctx, dto);
  }

  @Get()
  @RequirePermission('voucher.read')
  @ApiOperation({ summary: 'Vouchers / gift cards (by batch, state, exact number)' })
  @ApiOkResponse({ type: VoucherPageDto })
  @ApiSort(VOUCHER_SORT)
  vouchers(@Ctx() ctx: RequestContext, @Query() q: VoucherQueryDto): Promise<VoucherPageDto> {
    return this.batches.vouchers(ctx, q);
  }

  @Post('voids')
  @RequirePermission('voucher.issue')
  @ApiOperation({ summary: '作废: void an unused batch or one unused number (VV-HQ-…, with a reason; a redeemed or sold number is refused)' })
  @ApiCreatedResponse({ type: VoucherVoidDto })
  void(@Ctx() ctx: RequestContext, @Body() dto: CreateVoucherVoidDto): Promise<VoucherVoidDto> {
    return this.voids.create(ctx, dto);
  }

  @Get('by-number/:number')
  @RequirePermission('voucher.read')
  @ApiOperation({ summary: '查询: one voucher or gift card by number, with its balance and ledger' })
  @ApiParam({ name: 'number', description: '16 digits' })
  @ApiOkResponse({ type: VoucherDetailDto })
  lookup(@Ctx() ctx: RequestContext, @Param('number', VoucherNumberPipe) number: string): Promise<VoucherDetailDto> {
    return this.batches.lookup(ctx, number);
  }
}

/**
 * The signed store channel of vouchers and gift cards: a store server redeems, undoes or gives back
 * for one of its documents (a sale, a refund), signed with its transfer key like the stored-value
 * channel — no user token moves value here.
 */
@ApiTags('价格促销')
@Controller('transfer/v1/vouchers')
export class VoucherChannelController {
  constructor(private readonly ledger: VoucherLedgerService) {}

  @Post('redeem')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'A sale’s voucher or gift-card tender (idempotent by the sale’s id and the number)' })
  @ApiOkResponse({ type: VoucherChangeDto })
  redeem(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: VoucherRedeemDto): Promise<VoucherChangeDto> {
    return this.ledger.redeem(ctx, caller.storeId, dto);
  }

  @Post('reverse')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo a redemption whose sale did not commit at the store (once; the sale id is dead for that number afterwards)' })
  @ApiOkResponse({ type: VoucherChangeDto })
  reverse(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: VoucherReversalDto): Promise<VoucherChangeDto> {
    return this.ledger.reverse(ctx, caller.storeId, dto);
  }

  @Post('sell')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '礼品卡售卡: a till sells a gift card, its face value is loaded (idempotent by the document’s id and the number)' })
  @ApiOkResponse({ type: VoucherChangeDto })
  sell(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: VoucherSellDto): Promise<VoucherChangeDto> {
    return this.ledger.sell(ctx, caller.storeId, dto);
  }

  @Post('balance')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '余额查询: what a number can pay at the calling store now, or why not; whether the store may sell it' })
  @ApiOkResponse({ type: VoucherBalanceDto })
  balance(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: VoucherBalanceQueryDto): Promise<VoucherBalanceDto> {
    return this.ledger.balance(ctx, caller.storeId, dto.number);
  }

  @Post('refund')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '退货: give back onto the voucher or gift card that paid the sale (at most what it paid, once per refund)' })
  @ApiOkResponse({ type: VoucherChangeDto })
  refund(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: VoucherRefundDto): Promise<VoucherChangeDto> {
    return this.ledger.refund(ctx, caller.storeId, dto);
  }
}
