import { IsPlainText } from '../common/text';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { moneyPattern } from '../common/validation/fields';
import { IsDateString, IsDefined, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';

/**
 * The member center's requests. The same classes validate HQ's HTTP API, the store's own endpoints
 * and the bodies the store queues in its outbox, so a queued event is always one HQ accepts.
 */

const MONEY = moneyPattern('positive');
const CARD_NO = /^[A-Z0-9]{4,40}$/;
const MOBILE = /^\+?\d{6,19}$/;

/** A positive money amount as a string with at most 2 decimals ("12.50"). */
export const IsPositiveMoney = (description: string) =>
  applyDecorators(
    ApiProperty({ type: String, example: '12.50', description: `${description}; a positive decimal string, at most 2 decimals` }),
    IsString(),
    Matches(MONEY, { message: 'must be a positive amount with at most 2 decimals, e.g. "12.50"' }),
  );

const IsCardNo = (description = 'card number (卡号)') =>
  applyDecorators(
    ApiProperty({ example: 'VIP00000012', description, pattern: CARD_NO.source }),
    IsString(),
    Matches(CARD_NO, { message: 'a card number is 4-40 capital letters and digits' }),
  );

const IsIdempotencyKey = (description: string) =>
  applyDecorators(ApiProperty({ format: 'uuid', description: `${description}; the idempotency key: a retry with the same id is applied once` }), IsUUID('4'));

/** A document's human number (receipt, refund, top-up number), kept on the ledger row. */
const IsDocNo = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ example: 'TOPUP-S001-01-20261123-0001', description, maxLength: 64 }),
    IsOptional(),
    IsString(),
    Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'a document number is 1-64 letters, digits or -' }),
  );

export class MemberInputDto {
  @ApiProperty({ example: '张三' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @ApiProperty({ example: '13800138000', description: 'mobile number, unique across the chain' })
  @IsString()
  @IsPlainText()
  @Matches(MOBILE, { message: 'a mobile number is 6-19 digits, optionally with a leading +' })
  mobile: string;

  @ApiPropertyOptional({ example: '1990-05-01', format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Length(10, 10)
  birthday?: string;

  @ApiPropertyOptional({ example: '110101199005010011', description: 'identity document number' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(/^[0-9A-Za-z]{4,32}$/, { message: 'an id number is 4-32 letters and digits' })
  idNumber?: string;
}

export class IssueCardDto {
  @IsIdempotencyKey('the issue’s UUID, born at the till')
  issueId: string;

  @IsCardNo('the blank card handed to the member')
  cardNo: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the member’s id when born at the store, or an existing member getting another card' })
  @IsOptional()
  @IsUUID('4')
  memberId?: string;

  @ApiProperty({ type: MemberInputDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => MemberInputDto)
  member: MemberInputDto;
}

/**
 * Points of a sale (the body of push stream `member.points`). The points are computed from the
 * sale itself where it is applied: it must be a sale of the calling store, with this card, for this
 * amount (its total) — once per sale.
 */
export class EarnPointsDto {
  @IsIdempotencyKey('the sale’s UUID')
  saleId: string;

  @IsCardNo()
  cardNo: string;

  @IsPositiveMoney('the sale’s total (it must be the total of that sale)')
  amount: string;
}

/** Push stream `member.card-issue`: a card the store issued at its till, replayed at HQ's member center. */
export class CardIssueRecord extends IssueCardDto {
  @ApiProperty({ format: 'uuid', description: 'the issuing store; must be the signing store' })
  @IsUUID('4')
  storeId: string;

  @ApiProperty({ format: 'date-time', description: 'when the card was issued at the store (its expiry counts from here)' })
  @IsISO8601({ strict: true })
  issuedAt: string;
}

/** What every queued membership event adds to its request: the store that queued it and when. */
export class QueuedByStore {
  @ApiProperty({ format: 'uuid', description: 'the store that queued it; must be the signing store' })
  @IsUUID('4')
  storeId: string;

  @ApiProperty({ format: 'date-time', description: 'when the store queued it' })
  @IsISO8601({ strict: true })
  queuedAt: string;
}

/** Push stream `member.points`: points of a sale, queued with the sale for HQ. */
export class PointsRecord extends IntersectionType(EarnPointsDto, QueuedByStore) {}

export class RedeemPointsDto {
  @IsIdempotencyKey('the redemption’s UUID')
  redeemId: string;

  @IsCardNo()
  cardNo: string;

  @ApiProperty({ type: String, example: '100', description: 'whole points to take off the card' })
  @IsString()
  @IsPlainText()
  @Matches(/^[1-9]\d{0,12}$/, { message: 'points are a positive whole number' })
  points: string;
}

/** 充值: a top-up document (充值单) of the calling store puts money on a card. */
export class TopUpDto {
  @IsIdempotencyKey('the top-up document’s UUID (充值单)')
  topUpId: string;

  @IsDocNo('the top-up document’s number')
  topUpNo?: string;

  @IsCardNo()
  cardNo: string;

  @IsPositiveMoney('money put on the card')
  amount: string;

  @ApiProperty({ example: 'CASH', description: 'payment method code the customer paid the top-up with' })
  @IsString()
  @IsPlainText()
  @Matches(/^[A-Za-z0-9_-]{1,16}$/, { message: 'a payment method code is 1-16 letters, digits, _ or -' })
  tenderCode: string;
}

/** 充值冲正: a new document of the calling store that takes a whole top-up back off its card. */
export class TopUpReversalDto {
  @IsIdempotencyKey('the reversal document’s UUID (充值冲正单)')
  reversalId: string;

  @IsDocNo('the reversal document’s number')
  reversalNo?: string;

  @ApiProperty({ format: 'uuid', description: 'the top-up reversed (the calling store’s, on this card; at most once)' })
  @IsUUID('4')
  topUpId: string;

  @IsCardNo('the card of the top-up')
  cardNo: string;

  @IsPositiveMoney('the top-up’s amount (a reversal takes the whole top-up back)')
  amount: string;
}

export class StoredValuePaymentDto {
  @IsIdempotencyKey('the sale’s UUID')
  paymentId: string;

  @IsCardNo()
  cardNo: string;

  @IsPositiveMoney('money taken off the card')
  amount: string;
}

export class StoredValueReversalDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'the document whose stored-value change is undone because it did not commit at the store: a sale’s UUID (its payment) or a top-up’s UUID; idempotent: undone at most once, and an id once undone can never be charged or credited',
  })
  @IsUUID('4')
  paymentId: string;

  @IsCardNo()
  cardNo: string;
}

/** Push stream member.sv-reversal: a reversal the store could not deliver online. */
export class StoredValueReversalRecord extends IntersectionType(StoredValueReversalDto, QueuedByStore) {}

/**
 * Money back on the card for a returned sale: never more than that sale charged to that card by
 * the calling store, less what earlier refunds of it gave back; once per refund.
 */
export class StoredValueRefundDto {
  @IsIdempotencyKey('the refund’s UUID (退货单)')
  refundId: string;

  @ApiProperty({ format: 'uuid', description: 'the sale returned: its stored-value payment on this card is what may come back' })
  @IsUUID('4')
  saleId: string;

  @IsDocNo('the refund’s number')
  refundNo?: string;

  @IsCardNo()
  cardNo: string;

  @IsPositiveMoney('money put back on the card')
  amount: string;
}

/**
 * Points taken back for a returned sale (退货), idempotent by the refund's UUID. `refundedBefore`
 * (what earlier refunds of the same sale gave back) lets the member center take each refund's
 * share without knowing the store's refunds: see `pointsToTakeBack`.
 */
export class PointsRefundDto {
  @IsIdempotencyKey('the refund’s UUID (退货单)')
  refundId: string;

  @ApiProperty({ format: 'uuid', description: 'the sale whose points are taken back' })
  @IsUUID('4')
  saleId: string;

  @IsCardNo('the card of the sale')
  cardNo: string;

  @IsPositiveMoney('the money this refund gives back')
  amount: string;

  @ApiProperty({ type: String, example: '0', description: 'the money earlier refunds of the same sale gave back; a decimal string ≥ 0, at most 2 decimals' })
  @IsString()
  @IsPlainText()
  @Matches(moneyPattern('zeroOrMore'), { message: 'must be an amount ≥ 0 with at most 2 decimals, e.g. "0" or "12.50"' })
  refundedBefore: string;
}

/** Push stream `member.points-refund`: points a refund takes back, queued with the refund for HQ. */
export class PointsRefundRecord extends IntersectionType(PointsRefundDto, QueuedByStore) {}

export class ReportLostDto {
  @IsCardNo()
  cardNo: string;

  @ApiProperty({ example: '顾客挂失', description: 'why (kept in the card ledger)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  reason: string;
}

export class ReplaceCardDto {
  @IsIdempotencyKey('the replacement’s UUID')
  replaceId: string;

  @IsCardNo('the lost card')
  lostCardNo: string;

  @IsCardNo('a blank card of this store that takes over the balances')
  newCardNo: string;

  @ApiProperty({ example: '遗失补卡' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  reason: string;
}

export class LookupQueryDto {
  @ApiPropertyOptional({ description: 'card number; give this or mobile' })
  @ValidateIf((o: LookupQueryDto) => o.mobile === undefined)
  @IsString()
  @IsPlainText()
  @Matches(CARD_NO, { message: 'a card number is 4-40 capital letters and digits' })
  cardNo?: string;

  @ApiPropertyOptional({ description: 'member mobile number; give this or cardNo' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(MOBILE, { message: 'a mobile number is 6-19 digits, optionally with a leading +' })
  mobile?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'HQ staff only: the store acted for (a store user always acts for its own store)' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;
}

/** Result of a balance change (and of its replay). */
export interface BalanceChangeResult {
  entryId: string;
  cardNo: string;
  account: 'points' | 'stored_value';
  kind: string;
  amount: string;
  delta: string;
  balanceBefore: string;
  balanceAfter: string;
  /** true when this answered a retry of an already applied request */
  replayed: boolean;
}
