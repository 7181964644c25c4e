import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { PAYMENT_METHOD_TYPE_VALUES, type PaymentMethodType } from '../catalog/catalog.entity';
import { describeValidatedClass } from '../common/http/api-contract';
import { IsPlainText } from '../common/text';
import { IsPositiveMoney } from '../membership/member-center.dto';
import { VOUCHER_NO } from './voucher.dto';
import { PosGiftCardSale } from './gift-card-sale.entity';
import { VOUCHER_KINDS, VOUCHER_STATES, VoucherKind, VoucherState } from './voucher.entity';

/**
 * Gift cards sold at the till (礼品卡售卡), the balance look-up and void documents
 * (docs/promotions.md "Vouchers and gift cards").
 */

const NUMBER_MESSAGE = 'a voucher or gift-card number is 16 digits';
const DOC_NO = /^[A-Za-z0-9-]{1,64}$/;
const MONEY = /^\d{1,16}(\.\d{1,2})?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

// ---- the signed store channel ----

/** A till sells a gift card: HQ loads its face value (ledger kind `sell`), idempotent by the document's id. */
export class VoucherSellDto {
  @ApiProperty({ format: 'uuid', description: 'the 礼品卡售卡单’s UUID: a retry is applied once' })
  @IsUUID('4')
  saleId: string;

  @ApiProperty({ example: '6214830012345678', description: 'the gift card’s 16 digits' })
  @IsString()
  @Matches(VOUCHER_NO, { message: NUMBER_MESSAGE })
  number: string;

  @IsPositiveMoney('what the customer pays and the card gets: its face value')
  amount: string;

  @ApiPropertyOptional({ description: 'the document’s number', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Matches(DOC_NO, { message: 'a document number is 1-64 letters, digits or -' })
  saleNo?: string;
}

/** 余额查询 from a till or a store's console: one number, as the calling store may use or sell it. */
export class VoucherBalanceQueryDto {
  @ApiProperty({ example: '6214830012345678' })
  @IsString()
  @Matches(VOUCHER_NO, { message: NUMBER_MESSAGE })
  number: string;
}

export class VoucherBalanceDto {
  @ApiProperty({ example: '6214830012345678' }) number: string;
  @ApiProperty({ enum: VOUCHER_KINDS }) kind: VoucherKind;
  @ApiProperty({ enum: VOUCHER_STATES }) state: VoucherState;
  @ApiProperty({ example: '100.00' }) faceValue: string;
  @ApiProperty({ type: String, nullable: true, example: null, description: '折扣券: percent of the sale it pays at most' }) percent: string | null;
  @ApiProperty({ example: '0.00' }) minSpend: string;
  @ApiProperty({ example: '100.00', description: 'what it can pay now (0 when unsold, used or void)' }) balance: string;
  @ApiProperty({ type: String, format: 'date-time' }) validFrom: Date;
  @ApiProperty({ type: String, format: 'date-time' }) validTo: Date;
  @ApiProperty({ description: 'it can pay at this store now (a tender would pass every rule but the amount)' }) usable: boolean;
  @ApiProperty({ description: 'a gift card this store may sell now (礼品卡售卡)' }) sellable: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'VOUCHER_EXPIRED', description: 'why it cannot pay here: the code a tender would get' }) refusalCode: string | null;
  @ApiProperty({ type: String, nullable: true }) refusalMessage: string | null;
}

// ---- the store's document (push stream `pos.gift-card-sale`) ----

/** What a store pushes to HQ and what the till gets back. */
export class PosGiftCardSaleDoc {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() storeId: string;
  @ApiProperty() @IsString() @MaxLength(32) storeCode: string;
  @ApiProperty({ example: 'GCS-S001-01-20261207-0001' }) @IsString() @MaxLength(64) saleNo: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() shiftId: string;
  @ApiProperty() @IsString() @MaxLength(8) tillCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() cashierId: string;
  @ApiProperty() @IsString() @MaxLength(100) cashierName: string;
  @ApiProperty({ example: '2026-12-07' }) @Matches(DATE) businessDate: string;
  @ApiProperty({ format: 'date-time' }) @IsDateString() soldAt: string;
  @ApiProperty({ example: '6214830012345678' }) @Matches(VOUCHER_NO) cardNo: string;
  @ApiProperty({ example: '100.00' }) @Matches(MONEY) amount: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() paymentMethodId: string;
  @ApiProperty() @IsString() @MaxLength(16) methodCode: string;
  @ApiProperty() @IsString() @MaxLength(60) methodName: string;
  @ApiProperty({ enum: PAYMENT_METHOD_TYPE_VALUES }) @IsIn(PAYMENT_METHOD_TYPE_VALUES) methodType: PaymentMethodType;
  @ApiProperty({ example: '100.00' }) @Matches(MONEY) tendered: string;
  @ApiProperty({ example: '0.00' }) @Matches(MONEY) changeAmount: string;
  @ApiProperty({ type: String, nullable: true }) @IsOptional() @IsString() @MaxLength(64) reference: string | null;
  @ApiProperty({ example: '100.00' }) @Matches(MONEY) balanceAfter: string;
}
describeValidatedClass(PosGiftCardSaleDoc);

export function giftCardSaleToDoc(r: PosGiftCardSale): PosGiftCardSaleDoc {
  return {
    id: r.id,
    storeId: r.storeId,
    storeCode: r.storeCode,
    saleNo: r.saleNo,
    shiftId: r.shiftId,
    tillCode: r.tillCode,
    cashierId: r.cashierId,
    cashierName: r.cashierName,
    businessDate: r.businessDate,
    soldAt: new Date(r.soldAt).toISOString(),
    cardNo: r.cardNo,
    amount: Number(r.amount).toFixed(2),
    paymentMethodId: r.paymentMethodId,
    methodCode: r.methodCode,
    methodName: r.methodName,
    methodType: r.methodType,
    tendered: Number(r.tendered).toFixed(2),
    changeAmount: Number(r.changeAmount).toFixed(2),
    reference: r.reference,
    balanceAfter: Number(r.balanceAfter).toFixed(2),
  };
}

// ---- HQ: void documents ----

export class CreateVoucherVoidDto {
  @ApiProperty({ format: 'uuid', description: 'the void document’s id, made by the client: a retry answers the first document' })
  @IsUUID('4')
  id: string;

  @ApiProperty({ format: 'uuid', description: 'the batch' })
  @IsUUID('all')
  batchId: string;

  @ApiPropertyOptional({ example: '6214830012345678', description: 'one number of the batch; absent = the whole batch' })
  @IsOptional()
  @IsString()
  @Matches(VOUCHER_NO, { message: NUMBER_MESSAGE })
  number?: string;

  @ApiProperty({ example: '印刷错误', maxLength: 200 })
  @IsString()
  @IsPlainText()
  @Length(1, 200)
  reason: string;
}

export class VoucherVoidDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'VV-HQ-20261207-0001' }) voidNo: string;
  @ApiProperty({ format: 'uuid' }) batchId: string;
  @ApiProperty({ example: 'GC-HQ-20261207-0001' }) batchNo: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty() count: number;
  @ApiProperty({ example: '0.00', description: 'the value taken out of use' }) amount: string;
  @ApiProperty() reason: string;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}
