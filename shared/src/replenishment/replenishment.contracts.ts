import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

/**
 * Bodies of the replenishment push streams (store → HQ). The store builds them in the document's
 * own transaction; HQ validates them before storing (docs/transfer.md §3). Quantities are exact
 * decimal text.
 */
export const PUSH_QTY_RE = /^\d{1,9}(\.\d{1,3})?$/;
const COST_RE = /^\d{1,12}(\.\d{1,6})?$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export const REPLENISHMENT_STREAMS = {
  request: 'replenishment.request',
  withdraw: 'replenishment.request-withdraw',
  receipt: 'replenishment.receipt',
  storePurchase: 'store-purchase.document',
} as const;

export class RequestPushLine {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10_000) lineNo: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty({ example: '12' }) @IsString() @Matches(PUSH_QTY_RE) quantity: string;
  @ApiPropertyOptional({ example: '12' }) @IsOptional() @IsString() @Matches(PUSH_QTY_RE) suggestedQty?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) note?: string;
}

/** 要货申请 as submitted by a store. */
export class RequestPushBody {
  @ApiProperty() @IsString() @Length(1, 16) storeCode: string;
  @ApiProperty() @IsString() @Length(1, 64) number: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() warehouseId: string;
  @ApiPropertyOptional() @IsOptional() @Matches(DATE_RE) wantedBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiProperty() @IsISO8601({ strict: true }) submittedAt: string;
  @ApiProperty() @IsString() @Length(1, 64) submittedBy: string;
  @ApiProperty({ type: [RequestPushLine] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => RequestPushLine) lines: RequestPushLine[];
}

/** The store withdraws a submitted request (HQ takes it only while undecided). */
export class RequestWithdrawBody {
  @ApiProperty() @IsString() @Length(1, 16) storeCode: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() requestId: string;
  @ApiProperty() @IsString() @Length(1, 500) reason: string;
  @ApiProperty() @IsString() @Length(1, 64) by: string;
}

export class ReceiptPushLine {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10_000) lineNo: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() shipmentLineId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) shippedQty: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) receivedQty: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) shortQty: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) damagedQty: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) overQty: string;
  @ApiProperty() @IsString() @Matches(COST_RE) unitCost: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) varianceNote?: string;
}

/** 调拨入库 as posted by a store. */
export class ReceiptPushBody {
  @ApiProperty() @IsString() @Length(1, 16) storeCode: string;
  @ApiProperty() @IsString() @Length(1, 64) number: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() shipmentId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() warehouseId: string;
  @ApiProperty() @Matches(DATE_RE) receiveDate: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) note?: string;
  @ApiProperty() @IsString() @Length(1, 64) createdBy: string;
  @ApiProperty() @IsISO8601({ strict: true }) postedAt: string;
  @ApiProperty() @IsString() @Length(1, 64) postedBy: string;
  @ApiProperty({ type: [ReceiptPushLine] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => ReceiptPushLine) lines: ReceiptPushLine[];
}

export class StorePurchasePushLine {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) @Max(10_000) lineNo: number;
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @ApiProperty() @IsString() @Matches(PUSH_QTY_RE) quantity: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,9}(\.\d{1,4})?$/) unitPrice: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,3}(\.\d{1,2})?$/) taxRate: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,12}(\.\d{1,2})?$/) amount: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,12}(\.\d{1,2})?$/) taxAmount: string;
  @ApiProperty() @IsString() @Matches(COST_RE) unitCost: string;
}

/** 门店自行采购: a posted store purchase order or goods receipt, for HQ's reports. */
export class StorePurchasePushBody {
  @ApiProperty() @IsString() @Length(1, 16) storeCode: string;
  @ApiProperty() @IsString() @Length(1, 64) number: string;
  @ApiProperty({ enum: ['order', 'receipt'] }) @IsIn(['order', 'receipt']) kind: 'order' | 'receipt';
  @ApiProperty({ format: 'uuid' }) @IsUUID() supplierId: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() warehouseId: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() orderId?: string;
  @ApiProperty() @Matches(DATE_RE) docDate: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,12}(\.\d{1,2})?$/) totalAmount: string;
  @ApiProperty() @IsString() @Matches(/^\d{1,12}(\.\d{1,2})?$/) totalTax: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) remark?: string;
  @ApiProperty() @IsString() @Length(1, 64) createdBy: string;
  @ApiProperty() @IsString() @Length(1, 64) postedBy: string;
  @ApiProperty() @IsISO8601({ strict: true }) postedAt: string;
  @ApiProperty({ type: [StorePurchasePushLine] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StorePurchasePushLine)
  lines: StorePurchasePushLine[];
}
