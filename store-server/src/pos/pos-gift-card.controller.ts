import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, Ctx, ParseId, PosGiftCardSaleDoc, RequestContext, RequirePermission, VoucherBalanceDto } from '@chain-erp/shared';
import { CreateGiftCardSaleDto, VoucherNumberParamDto } from './pos-gift-card.dto';
import { PosGiftCardService } from './pos-gift-card.service';

@ApiTags('零售收银')
@Controller('pos')
export class PosGiftCardController {
  constructor(private readonly giftCards: PosGiftCardService) {}

  @Post('gift-card-sales')
  @HttpCode(200)
  @RequirePermission('pos.sell')
  @ApiOperation({ summary: '礼品卡售卡: sell a gift card of the open shift for money — its face value is loaded at HQ (HQ must be online); idempotent by the till’s id' })
  @ApiOkResponse({ type: PosGiftCardSaleDoc })
  @ApiErrors(
    'IDEMPOTENCY_MISMATCH',
    'MEMBER_CENTER_UNREACHABLE',
    'POS_PAYMENT_METHOD_DISABLED',
    'POS_TENDER_OVERPAID',
    'POS_TENDER_SHORT',
    'POS_TOP_UP_TENDER_INVALID',
    'VOUCHER_NOT_FOUND',
    'VOUCHER_NOT_FOR_SALE',
    'VOUCHER_ALREADY_SOLD',
    'VOUCHER_SALE_AMOUNT_MISMATCH',
  )
  sell(@Ctx() ctx: RequestContext, @Body() dto: CreateGiftCardSaleDto): Promise<PosGiftCardSaleDoc> {
    return this.giftCards.sell(ctx, dto);
  }

  @Get('gift-card-sales/:id')
  @RequirePermission('pos.sell', 'pos.journal.read')
  @ApiOperation({ summary: 'A gift-card sale document (礼品卡售卡单)' })
  @ApiOkResponse({ type: PosGiftCardSaleDoc })
  @ApiErrors('POS_GIFT_CARD_SALE_NOT_FOUND')
  get(@Ctx() ctx: RequestContext, @Param('id', ParseId) id: string): Promise<PosGiftCardSaleDoc> {
    return this.giftCards.get(ctx, id);
  }

  @Get('vouchers/:number')
  @RequirePermission('pos.sell', 'pos.journal.read')
  @ApiOperation({ summary: '余额查询: a voucher’s or gift card’s balance and whether it can pay (or be sold) here now — asked of HQ, 503 when HQ is away' })
  @ApiOkResponse({ type: VoucherBalanceDto })
  @ApiErrors('MEMBER_CENTER_UNREACHABLE', 'VOUCHER_NOT_FOUND')
  balance(@Ctx() ctx: RequestContext, @Param() p: VoucherNumberParamDto): Promise<VoucherBalanceDto> {
    return this.giftCards.balance(ctx, p.number);
  }
}
