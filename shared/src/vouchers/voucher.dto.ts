import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsPlainText } from '../common/text';
import { IsPositiveMoney, QueuedByStore } from '../membership/member-center.dto';
import { VOUCHER_KINDS, VOUCHER_LEDGER_KINDS, VOUCHER_STATES, VoucherKind, VoucherLedgerKind, VoucherState } from './voucher.entity';

/** 16 digits, the last a Luhn check digit (VoucherNumbers) */
export const VOUCHER_NO = /^\d{16}$/;
const MONEY_OR_ZERO = /^\d{1,13}(\.\d{1,2})?$/;
/** above 0, below 100, at most 2 decimals */
const PERCENT = /^(?!0+(\.0+)?$)\d{1,2}(\.\d{1,2})?$/;

const IsVoucherNo = () => [
  ApiProperty({ example: '6214830012345678', description: '代金券/礼品卡号: 16 digits', pattern: VOUCHER_NO.source }),
  IsString(),
  Matches(VOUCHER_NO, { message: 'a voucher or gift-card number is 16 digits' }),
];
const apply =
  (ds: PropertyDecorator[]): PropertyDecorator =>
  (t, k) =>
    ds.forEach((d) => d(t, k));

// ---- HQ: batches (the issue document) ----

export class CreateVoucherBatchDto {
  @ApiProperty({ format: 'uuid', description: 'the batch’s id, made by the client: a retry with the same id answers the first batch' })
  @IsUUID('4')
  id: string;

  @ApiProperty({ enum: VOUCHER_KINDS, description: 'voucher 代金券 (used once) or gift_card 礼品卡 (a balance)' })
  @IsIn(VOUCHER_KINDS)
  kind: VoucherKind;

  @ApiProperty({ example: '双十二满100用20元券' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @IsPositiveMoney('face value of each (面值); with `percent`: the most one pays (最高抵扣)')
  faceValue: string;

  @ApiPropertyOptional({
    example: '10',
    description: '折扣券 (vouchers only): it pays at most this percent of the sale total (after promotions and discounts), and at most `faceValue`; absent = a face-value voucher',
  })
  @IsOptional()
  @IsString()
  @Matches(PERCENT, { message: 'must be a percentage above 0 and below 100 with at most 2 decimals, e.g. "10"' })
  percent?: string;

  @ApiPropertyOptional({ example: '100.00', description: 'vouchers: the sale total (before vouchers) needed to use one; gift cards: none' })
  @IsOptional()
  @IsString()
  @Matches(MONEY_OR_ZERO, { message: 'must be an amount with at most 2 decimals' })
  minSpend?: string;

  @ApiProperty({ minimum: 1, maximum: 10000, description: 'how many numbers to issue' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity: number;

  @ApiProperty({ example: '2026-12-12T00:00:00+08:00' })
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiProperty({ example: '2027-01-01T00:00:00+08:00', description: 'valid until, exclusive' })
  @IsISO8601({ strict: true })
  validTo: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'stores where it is valid; absent or null = every store' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  storeIds?: string[] | null;

  @ApiPropertyOptional({
    description:
      'vouchers only (absent = false): allocate to its stores (`storeIds`, or every store) — replicated to them and redeemable there against the replica while HQ cannot be reached (a double use is reported at HQ)',
  })
  @IsOptional()
  @IsBoolean()
  offlineRedeemable?: boolean;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(0, 200)
  note?: string;

  @ApiPropertyOptional({
    description:
      '礼品卡售卡 (gift cards only): the cards are made without value (state unsold) and get their face value when a till sells them; default false: the batch loads the value',
  })
  @IsOptional()
  @IsBoolean()
  soldAtTill?: boolean;
}

export class VoucherBatchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: VOUCHER_KINDS })
  @IsOptional()
  @IsIn(VOUCHER_KINDS)
  kind?: VoucherKind;
}

export class VoucherQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all')
  batchId?: string;

  @ApiPropertyOptional({ enum: VOUCHER_STATES })
  @IsOptional()
  @IsIn(VOUCHER_STATES)
  state?: VoucherState;

  @ApiPropertyOptional({ description: 'exact number' })
  @IsOptional()
  @IsString()
  @Matches(VOUCHER_NO, { message: 'a voucher or gift-card number is 16 digits' })
  number?: string;
}

export class VoucherBatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'VB-HQ-20261207-0001' }) batchNo: string;
  @ApiProperty({ enum: VOUCHER_KINDS }) kind: VoucherKind;
  @ApiProperty() name: string;
  @ApiProperty({ example: '20.00' }) faceValue: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: '折扣券: percent of the sale it pays at most' }) percent: string | null;
  @ApiProperty({ example: '100.00' }) minSpend: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ type: String, format: 'date-time' }) validFrom: Date;
  @ApiProperty({ type: String, format: 'date-time' }) validTo: Date;
  @ApiProperty({ type: [String], nullable: true }) storeIds: string[] | null;
  @ApiProperty({ description: 'allocated to its stores: redeemable there offline' }) offlineRedeemable: boolean;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty({ description: '礼品卡售卡: the cards get their value when a till sells them' }) soldAtTill: boolean;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ example: '400.00', description: 'value issued (face value × quantity; a batch sold at the till: the cards sold so far)' }) issued: string;
  @ApiProperty({ example: '20.00', description: 'value redeemed, net of refunds and reversals' }) redeemed: string;
  @ApiProperty({ example: '0.00', description: 'value taken out of use by void documents' }) voided: string;
  @ApiProperty({ example: '380.00', description: 'value still outstanding (the liability)' }) outstanding: string;
  @ApiProperty({ description: 'numbers with nothing left or used' }) usedCount: number;
}

export class VoucherBatchPageDto {
  @ApiProperty({ type: [VoucherBatchDto] }) items: VoucherBatchDto[];
  @ApiProperty() total: number;
}

export class VoucherDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '6214830012345678' }) number: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ example: 'VB-HQ-20261207-0001' }) batchNo: string;
  @ApiProperty({ enum: VOUCHER_KINDS }) kind: VoucherKind;
  @ApiProperty({ example: '20.00' }) faceValue: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: '折扣券: percent of the sale it pays at most' }) percent: string | null;
  @ApiProperty({ example: '20.00' }) balance: string;
  @ApiProperty({ example: '100.00' }) minSpend: string;
  @ApiProperty({ type: String, format: 'date-time' }) validFrom: Date;
  @ApiProperty({ type: String, format: 'date-time' }) validTo: Date;
  @ApiProperty({ type: [String], nullable: true }) storeIds: string[] | null;
  @ApiProperty({ enum: VOUCHER_STATES }) state: VoucherState;
}

export class VoucherPageDto {
  @ApiProperty({ type: [VoucherDto] }) items: VoucherDto[];
  @ApiProperty() total: number;
}

export class VoucherLedgerRowDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ enum: VOUCHER_LEDGER_KINDS }) kind: VoucherLedgerKind;
  @ApiProperty({ format: 'uuid', description: 'the document: batch, sale or refund' }) refId: string;
  @ApiProperty({ type: String, nullable: true }) docNo: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) originalRefId: string | null;
  @ApiProperty({ example: '20.00' }) amount: string;
  @ApiProperty({ example: '-20.00' }) delta: string;
  @ApiProperty({ example: '0.00' }) balanceAfter: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) storeId: string | null;
  @ApiProperty({ type: String, nullable: true }) storeCode: string | null;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ description: 'redeemed at the store against its replica while HQ was away' }) offline: boolean;
}

export class VoucherDetailDto extends VoucherDto {
  @ApiProperty({ type: [VoucherLedgerRowDto] }) ledger: VoucherLedgerRowDto[];
}

// ---- the signed store channel (a store server for one of its documents) ----

export class VoucherRedeemDto {
  @ApiProperty({ format: 'uuid', description: 'the sale’s UUID: a retry is applied once' })
  @IsUUID('4')
  saleId: string;

  @apply(IsVoucherNo())
  number: string;

  @IsPositiveMoney('what the tender pays')
  amount: string;

  @ApiProperty({ example: '120.00', description: 'the sale total the tender pays into (a voucher’s minimum spend is checked on it)' })
  @IsString()
  @Matches(MONEY_OR_ZERO, { message: 'must be an amount with at most 2 decimals' })
  saleTotal: string;

  @ApiPropertyOptional({ description: 'the sale’s receipt number', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'a document number is 1-64 letters, digits or -' })
  receiptNo?: string;
}

export class VoucherReversalDto {
  @ApiProperty({ format: 'uuid', description: 'the sale whose redemption is undone' })
  @IsUUID('4')
  saleId: string;

  @apply(IsVoucherNo())
  number: string;
}

export class VoucherRefundDto {
  @ApiProperty({ format: 'uuid', description: 'the refund’s UUID: a retry is applied once' })
  @IsUUID('4')
  refundId: string;

  @ApiProperty({ format: 'uuid', description: 'the sale the voucher paid' })
  @IsUUID('4')
  saleId: string;

  @apply(IsVoucherNo())
  number: string;

  @IsPositiveMoney('what goes back onto it')
  amount: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,64}$/, { message: 'a document number is 1-64 letters, digits or -' })
  refundNo?: string;
}

export class VoucherChangeDto {
  @ApiProperty({ format: 'uuid' }) entryId: string;
  @ApiProperty() number: string;
  @ApiProperty({ enum: VOUCHER_KINDS }) voucherKind: VoucherKind;
  @ApiProperty({ enum: VOUCHER_LEDGER_KINDS }) kind: VoucherLedgerKind;
  @ApiProperty({ example: '20.00' }) amount: string;
  @ApiProperty({ example: '-20.00' }) delta: string;
  @ApiProperty({ example: '0.00' }) balanceAfter: string;
  @ApiProperty({ description: 'true when this answered a retry of an already applied request' }) replayed: boolean;
}

/** Push stream `voucher.reversal`: a redemption whose sale failed while HQ could not be told, undone once HQ is reachable. */
export class VoucherReversalRecord extends IntersectionType(VoucherReversalDto, QueuedByStore) {}
