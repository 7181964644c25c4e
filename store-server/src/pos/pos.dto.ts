import { DateField, IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MoneyField, PageQueryDto } from '@chain-erp/shared';

/** Decimal strings on the wire: money 2 places, quantities 3, percentages 2. */
export const MONEY_RE = /^\d{1,12}(\.\d{1,2})?$/;
export const QTY_RE = /^\d{1,9}(\.\d{1,3})?$/;
export const PERCENT_RE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const TILL_RE = /^[A-Za-z0-9]{1,4}$/;
const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

export class OpenShiftDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the till’s id for the shift (retrying an open with the same id returns the same shift)' })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ example: '01', description: 'till (收银机) code, 1–4 letters or digits' })
  @Matches(TILL_RE, { message: 'tillCode: 1–4 letters or digits' })
  tillCode: string;

  @ApiProperty({ example: '200.00', description: '备用金: cash in the drawer at the start' })
  @Matches(MONEY_RE, { message: 'openingFloat: amount with up to 2 decimals' })
  openingFloat: string;
}

export class TenderCountDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  paymentMethodId: string;

  @ApiProperty({ example: '1234.50', description: 'what the cashier counted' })
  @Matches(MONEY_RE, { message: 'amount with up to 2 decimals' })
  amount: string;
}

export class HandoverDto {
  @ApiProperty({ type: [TenderCountDto], description: '交班点钞: counted amount per payment method; cash is required, others optional' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TenderCountDto)
  counts: TenderCountDto[];

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @MaxLength(500)
  note?: string;
}

export class ShiftQueryDto extends PageQueryDto {
  @DateField({ optional: true }) date?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(TILL_RE) tillCode?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}

export class ReconciliationQueryDto {
  @DateField({ description: 'business day' })
  date: string;
}

export class SaleLineDto {
  @ApiPropertyOptional({ example: '6901234567892', description: 'scanned barcode (a weighed-goods label carries weight or price)' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{1,32}$/)
  barcode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ example: 'P0001', description: 'product code typed at the till' })
  @IsOptional()
  @Matches(CODE_RE)
  productCode?: string;

  @ApiPropertyOptional({ example: '2', description: 'quantity (3 decimals for weighed goods; default 1, or the label’s weight)' })
  @IsOptional()
  @Matches(QTY_RE, { message: 'quantity: positive number with up to 3 decimals' })
  quantity?: string;

  @ApiPropertyOptional({ example: '9.90', description: '改价: unit price other than the catalog one (setting + pos.price.override)' })
  @IsOptional()
  @Matches(MONEY_RE)
  price?: string;

  @ApiPropertyOptional({ example: '10', description: 'line discount in percent' })
  @IsOptional()
  @Matches(PERCENT_RE)
  discountPercent?: string;

  @ApiPropertyOptional({ example: '1.00', description: 'line discount as an amount' })
  @IsOptional()
  @Matches(MONEY_RE)
  discountAmount?: string;

  @ApiPropertyOptional({ description: 'voided at the till before completion (kept in the journal; needs pos.void-line when the setting says so)' })
  @IsOptional()
  @IsBoolean()
  voided?: boolean;
}

export class SalePaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  paymentMethodId: string;

  @ApiProperty({ example: '100.00', description: 'amount tendered (cash may exceed what is due: change is given)' })
  @Matches(MONEY_RE)
  amount: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'card authorisation, mobile transaction or voucher number' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  reference?: string;
}

export class CreateSaleDto {
  @ApiProperty({ format: 'uuid', description: 'the sale’s id, made by the till: a retry with the same id returns the first result' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the open shift of this till' })
  @IsUUID()
  shiftId: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'member card number presented (member prices apply)' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{1,40}$/)
  memberRef?: string;

  @ApiProperty({ type: [SaleLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SaleLineDto)
  lines: SaleLineDto[];

  @ApiPropertyOptional({ example: '5', description: 'whole-sale discount in percent' })
  @IsOptional()
  @Matches(PERCENT_RE)
  discountPercent?: string;

  @ApiPropertyOptional({ example: '2.00', description: 'whole-sale discount as an amount' })
  @IsOptional()
  @Matches(MONEY_RE)
  discountAmount?: string;

  @ApiProperty({ type: [SalePaymentDto], description: 'tenders; several allowed (cash with change, card, mobile, voucher)' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => SalePaymentDto)
  payments: SalePaymentDto[];
}

export class RefundLineDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, description: 'line number on the original sale’s receipt (with a receipt)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  saleLineNo?: number;

  @ApiPropertyOptional({ description: 'without a receipt: the product’s barcode' })
  @IsOptional()
  @Matches(/^[0-9A-Za-z-]{1,32}$/)
  barcode?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'without a receipt: the product' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiProperty({ example: '1' })
  @Matches(QTY_RE)
  quantity: string;

  @ApiPropertyOptional({ example: '9.90', description: 'without a receipt: unit price paid back (default: today’s price)' })
  @IsOptional()
  @Matches(MONEY_RE)
  price?: string;
}

export class RefundPaymentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  paymentMethodId: string;

  @ApiProperty({ example: '9.90' })
  @Matches(MONEY_RE)
  amount: string;
}

export class CreateRefundDto {
  @ApiProperty({ format: 'uuid', description: 'the refund’s id, made by the till (idempotent like a sale)' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the open shift the money leaves from' })
  @IsUUID()
  shiftId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the original sale' })
  @IsOptional()
  @IsUUID()
  saleId?: string;

  @ApiPropertyOptional({ description: 'or its receipt number (scanned from the receipt)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,64}$/)
  receiptNo?: string;

  @ApiProperty({ example: '质量问题', minLength: 2, maxLength: 200, description: '退货原因 (required)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @MinLength(2)
  @MaxLength(200)
  reason: string;

  @ApiProperty({ type: [RefundLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  lines: RefundLineDto[];

  @ApiPropertyOptional({ type: [RefundPaymentDto], description: 'how the money goes back: original tenders or cash (default: the original tenders)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RefundPaymentDto)
  payments?: RefundPaymentDto[];
}

/** The one money tender of a till document that sells value (充值单, 礼品卡售卡单). */
export class MoneyTenderDto {
  @ApiProperty({
    format: 'uuid',
    description: 'how the customer pays: a payment method of the store that is money (not stored value; for a gift card also not a voucher or gift card)',
  })
  @IsUUID()
  paymentMethodId: string;

  @ApiPropertyOptional({ example: '100.00', description: 'what the customer hands over (default: the amount); more only with a method that gives change (cash)' })
  @IsOptional()
  @Matches(MONEY_RE)
  tendered?: string;

  @ApiPropertyOptional({ example: 'AUTH 123456', description: 'card authorisation or mobile transaction number' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  reference?: string;
}

export class CreateTopUpDto extends MoneyTenderDto {
  @ApiProperty({ format: 'uuid', description: 'the top-up’s id, made by the till: a retry with the same id answers the first top-up and credits the card once' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the open shift the money goes into' })
  @IsUUID()
  shiftId: string;

  @ApiProperty({ example: 'VIP00000012', description: 'the member card topped up (its type must take stored value)' })
  @Matches(/^[A-Z0-9]{4,40}$/, { message: 'a card number is 4-40 capital letters and digits' })
  cardNo: string;

  @MoneyField({ example: '100.00', description: 'money put on the card' })
  amount: string;
}

export class ReverseTopUpDto {
  @ApiProperty({ format: 'uuid', description: 'the reversal document’s own id, made by the till (idempotent)' })
  @IsUUID()
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the open shift the money leaves from' })
  @IsUUID()
  shiftId: string;

  @ApiProperty({ example: '充错卡', minLength: 2, maxLength: 200, description: '冲正原因 (required)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @MinLength(2)
  @MaxLength(200)
  reason: string;
}

export class LookupQueryDto {
  @ApiProperty({ description: 'barcode, product code or part of the name', maxLength: 60 })
  @IsString()
  @IsPlainText()
  @MinLength(1)
  @MaxLength(60)
  q: string;
}

export class CatalogBucketsQueryDto {
  @ApiProperty({ type: String, example: '0,17,63', description: 'the buckets wanted, comma-separated (0–63), at most 64' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((x) => (/^\d{1,2}$/.test(x.trim()) ? Number(x) : NaN)) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(64)
  @IsInt({ each: true, message: 'each bucket is a whole number 0–63' })
  @Min(0, { each: true })
  @Max(63, { each: true })
  buckets: number[];
}

export class ReceiptQueryDto {
  @ApiPropertyOptional({ enum: ['text', 'json'], default: 'json' })
  @IsOptional()
  @IsIn(['text', 'json'])
  format?: 'text' | 'json';
}

export class OpenDrawerDto {
  @ApiProperty({ format: 'uuid', description: 'the open shift' })
  @IsUUID()
  shiftId: string;

  @ApiProperty({ example: '换零钱', minLength: 2, maxLength: 100, description: 'why the drawer is opened' })
  @IsString()
  @IsPlainText({ multiline: true })
  @MinLength(2)
  @MaxLength(100)
  reason: string;
}

export class TillParamDto {
  @ApiProperty({ example: '01' })
  @Matches(TILL_RE)
  tillCode: string;
}

export class ReceiptParamDto {
  @ApiProperty({ example: 'SALE-S001-01-20261123-0001' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/)
  receiptNo: string;
}

export class TopUpNoParamDto {
  @ApiProperty({ example: 'TOPUP-S001-01-20261207-0001' })
  @Matches(/^[A-Za-z0-9-]{1,64}$/)
  topUpNo: string;
}

/** 价格试算: the basket as the till holds it, priced like a sale (member prices, promotions, discounts, rounding) without selling. */
export class QuoteSaleDto extends OmitType(CreateSaleDto, ['id', 'payments'] as const) {}

/** The permissions a manager may lend at the till (授权). */
export const APPROVABLE = [
  'pos.void-line',
  'pos.discount.override',
  'pos.price.override',
  'pos.refund',
  'pos.refund.no-receipt',
  'pos.reprint',
  'pos.open-drawer',
  'member.top-up.reverse',
] as const;

export class CreateApprovalDto {
  @ApiProperty({ example: 's001-admin', description: 'the approving manager’s username' })
  @IsString()
  @IsPlainText()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ description: 'the approving manager’s password' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: APPROVABLE, description: 'the permission lent for the next action' })
  @IsIn([...APPROVABLE])
  permission: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'what it is for (audit trail)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(200)
  reason?: string;
}
