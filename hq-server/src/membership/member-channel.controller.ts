import { BalanceChangeResultResponse } from './member-channel.responses';
import { ApiErrors, RequestContext, StoredValuePaymentDto, StoredValueRefundDto, StoredValueReversalDto, TopUpDto, TopUpReversalDto } from '@chain-erp/shared';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TransferCaller } from '../transfer/transfer-auth.service';
import { Caller, TransferSigned } from '../transfer/transfer-signature.guard';
import { SignedStoreCtx } from './member-center-caller';
import { MemberCenterService } from './member-center.service';

/**
 * The signed store channel of stored value (储值): a store server charges or credits a chain card
 * for one of its documents — a sale's payment, a refund of that sale, a top-up (充值单) and its
 * reversal — signed with its transfer key like the transfer API (same verification: clock, nonce,
 * lockout, revocation). No user token is taken here: staff never move money by hand but through an
 * adjustment (`/api/member-adjustments`). Each call acts for the signing store only, and the ledger
 * checks it against the document it names (a refund against its sale's payment, a reversal against
 * its top-up).
 */
@ApiTags('会员管理')
@Controller('transfer/v1/member/stored-value')
export class MemberChannelController {
  constructor(private readonly center: MemberCenterService) {}

  @Post('pay')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'A sale’s stored-value tender: take it off the card (idempotent by the sale’s id, never below zero)' })
  @ApiOkResponse({ type: BalanceChangeResultResponse })
  @ApiErrors('MEMBER_PAYMENT_REVERSED')
  pay(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: StoredValuePaymentDto) {
    return this.center.payWithStoredValue(ctx, caller.storeId, dto);
  }

  @Post('reverse')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: 'Undo the stored-value change of a sale or top-up that did not commit at the store (once per id; the id is dead afterwards)' })
  @ApiOkResponse({ type: BalanceChangeResultResponse })
  @ApiErrors('IDEMPOTENCY_MISMATCH', 'MEMBER_INSUFFICIENT_BALANCE', 'MEMBER_INSUFFICIENT_POINTS', 'MEMBER_PAYMENT_REFUNDED')
  reverse(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: StoredValueReversalDto) {
    return this.center.reverseStoredValue(ctx, caller.storeId, dto);
  }

  @Post('refund')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '退货退回储值: money back for a refund of a sale — at most what that sale charged to this card, once per refund' })
  @ApiOkResponse({ type: BalanceChangeResultResponse })
  @ApiErrors('MEMBER_PAYMENT_REVERSED', 'MEMBER_REFUND_EXCEEDS_PAYMENT', 'MEMBER_REFUND_NOT_PAID')
  refund(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: StoredValueRefundDto) {
    return this.center.refundStoredValue(ctx, caller.storeId, dto);
  }

  @Post('top-up')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '充值: money on the card for a top-up document of the store (idempotent by its id)' })
  @ApiOkResponse({ type: BalanceChangeResultResponse })
  @ApiErrors('MEMBER_PAYMENT_REVERSED')
  topUp(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: TopUpDto) {
    return this.center.topUp(ctx, caller.storeId, dto);
  }

  @Post('top-up-reversal')
  @TransferSigned()
  @HttpCode(200)
  @ApiOperation({ summary: '充值冲正: a whole top-up of the store taken back off its card by a new document, once per top-up' })
  @ApiOkResponse({ type: BalanceChangeResultResponse })
  @ApiErrors('MEMBER_PAYMENT_REVERSED', 'MEMBER_TOP_UP_NOT_FOUND')
  reverseTopUp(@SignedStoreCtx() ctx: RequestContext, @Caller() caller: TransferCaller, @Body() dto: TopUpReversalDto) {
    return this.center.reverseTopUp(ctx, caller.storeId, dto);
  }
}
