import { IsPlainText } from '@chain-erp/shared';
import { PURCHASE_ORDER_STATUS_VALUES, type PurchaseOrderStatus } from './purchase-order.entity';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DateField, ExpectedVersionField, moneyPattern, OptionalEnumField, OptionalUuidField, PageQueryDto, QtyField, StackedDecorators } from '@chain-erp/shared';

/** Decimals travel as strings ("12.5"); a plain JSON number is accepted and read as its text. */
const numberAsText = Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
const PRICE_RE = /^\d{1,9}(\.\d{1,4})?$/;
const MONEY_RE = moneyPattern('zeroOrMore');
const RATE_RE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const KEY_RE = /^[A-Za-z0-9._:-]{8,64}$/;

// The fields the order, receipt and return DTOs share (each written as the decorators were stacked before).
const Field = StackedDecorators;
const RateText = () => Field(numberAsText, IsString(), Matches(RATE_RE, { message: 'must be a percentage 0–100 with at most 2 decimals' }));
const UnitPriceField = (description: string) =>
  Field(
    ApiPropertyOptional({ example: '11.30', description }),
    IsOptional(),
    numberAsText,
    IsString(),
    Matches(PRICE_RE, { message: 'must be a price ≥ 0 with at most 4 decimals' }),
  );
const TaxRateField = (description: string) => Field(ApiPropertyOptional({ example: '13', description }), IsOptional(), RateText());
// notes, remarks and reasons: tab and line breaks allowed, other control characters refused
const TextField = (maxLength: 200 | 500) => Field(ApiPropertyOptional({ maxLength }), IsOptional(), IsString(), MaxLength(maxLength), IsPlainText({ multiline: true }));
const ReasonText = () => Field(IsString(), Length(1, 500), IsPlainText({ multiline: true }));
const IdempotencyKeyField = (description: string, example: string) =>
  Field(ApiPropertyOptional({ description, example }), IsOptional(), IsString(), Matches(KEY_RE, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' }));
/** up to 1000 lines, each validated as `type` */
const LineArray = (type: new () => object, minSize?: number) =>
  Field(
    IsArray(),
    ...(minSize ? [ArrayMinSize(minSize)] : []),
    ArrayMaxSize(1000),
    ValidateNested({ each: true }),
    Type(() => type),
  );

export class PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid', description: 'product (商品)' })
  @IsUUID()
  productId: string;

  @QtyField({ example: '24', description: 'ordered quantity, > 0, up to 3 decimals' })
  quantity: string;

  @UnitPriceField("tax-inclusive unit price (含税单价); default: the supplier's last price, else the product's purchase price")
  unitPrice?: string;

  @TaxRateField("VAT rate in percent; default: the product's tax rate")
  taxRate?: string;

  @TextField(200)
  note?: string;
}

export class LateEntryFields {
  @ApiPropertyOptional({ description: '遗失补录: the document is entered after the fact with a past business date (needs purchase.late-entry and a reason)' })
  @IsOptional()
  @IsBoolean()
  lateEntry?: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'why the document is entered late (required for a late entry)' })
  @IsOptional()
  @ReasonText()
  lateReason?: string;
}

export class SavePurchaseOrderDto extends LateEntryFields {
  @ApiProperty({ format: 'uuid', description: 'supplier (供应商)' })
  @IsUUID()
  supplierId: string;

  @ApiProperty({ format: 'uuid', description: 'receiving HQ warehouse (收货仓库)' })
  @IsUUID()
  warehouseId: string;

  @DateField({ example: '2026-11-23', description: 'order date, default today; a past date only as a late entry', optional: true })
  orderDate?: string;

  @DateField({ example: '2026-11-30', description: 'expected delivery date (预计到货日期)', optional: true })
  expectedDate?: string;

  @TextField(500)
  remark?: string;

  @ApiProperty({ type: [PurchaseOrderLineDto], description: 'lines; may be empty on a draft (fill them by import)' })
  @LineArray(PurchaseOrderLineDto)
  lines: PurchaseOrderLineDto[];

  @ExpectedVersionField('optimistic lock: the rowVersion you edited (updates only)')
  expectedVersion?: number;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500, description: 'reason (原因)' })
  @ReasonText()
  reason: string;
}

export class ClosePurchaseOrderDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'required when the order is closed short (not fully received)' })
  @IsOptional()
  @ReasonText()
  reason?: string;
}

export class PurchaseDocQueryDto extends PageQueryDto {
  @OptionalUuidField()
  supplierId?: string;

  @OptionalUuidField()
  warehouseId?: string;

  @DateField({ example: '2026-11-01', description: 'business date from (inclusive)', optional: true })
  from?: string;

  @DateField({ example: '2026-11-30', description: 'business date to (inclusive)', optional: true })
  to?: string;

  @OptionalEnumField(['true', 'false'], 'only late entries (true) or only regular documents (false)')
  lateEntry?: 'true' | 'false';

  @ApiPropertyOptional({ maxLength: 64, description: 'document number contains' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;

  @OptionalUuidField('HQ only: documents of this org unit (a store only ever sees its own)')
  orgUnitId?: string;
}

export class PurchaseOrderQueryDto extends PurchaseDocQueryDto {
  @OptionalEnumField(PURCHASE_ORDER_STATUS_VALUES)
  status?: PurchaseOrderStatus;
}

export class GoodsReceiptQueryDto extends PurchaseDocQueryDto {
  @OptionalEnumField(['draft', 'posted', 'cancelled'])
  status?: string;

  @OptionalEnumField(['receipt', 'correction'])
  kind?: string;

  @OptionalUuidField()
  orderId?: string;
}

export class PurchaseReturnQueryDto extends PurchaseDocQueryDto {
  @OptionalEnumField(['draft', 'posted', 'cancelled'])
  status?: string;
}

export class GoodsReceiptLineDto {
  @OptionalUuidField('the order line received against (or give productId of a product on the order)')
  orderLineId?: string;

  @OptionalUuidField('product; required without an order')
  productId?: string;

  @QtyField({ example: '20', description: 'actually received quantity (实收数量), > 0' })
  quantity: string;

  @UnitPriceField('tax-inclusive unit price; default: the order line price (or last price / purchase price without an order)')
  unitPrice?: string;

  @TaxRateField('VAT percent; default: order line or product')
  taxRate?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'batch number (批号), required for batch-managed products' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 40)
  @Matches(/^[^\s].*$/, { message: 'must not start with a space' })
  batchNo?: string;

  @DateField({ example: '2027-06-30', description: 'expiry date (有效期至), required for batch-managed products', optional: true })
  expiryDate?: string;

  @TextField(200)
  note?: string;
}

export class PostOptionsDto {
  @IdempotencyKeyField('idempotency key: a retry with the same key returns the first result instead of posting twice', 'gr-7f3a9c1e-01')
  idempotencyKey?: string;

  @ApiPropertyOptional({ description: 'confirm a second receipt with the same supplier delivery-note number' })
  @IsOptional()
  @IsBoolean()
  confirmDuplicateNote?: boolean;
}

export class SaveGoodsReceiptDto extends LateEntryFields {
  @OptionalUuidField('the approved purchase order received against; absent → a receipt without order (needs purchase.receipt.without-order)')
  orderId?: string;

  @OptionalUuidField("supplier; default: the order's")
  supplierId?: string;

  @OptionalUuidField("receiving warehouse; default: the order's")
  warehouseId?: string;

  @DateField({ example: '2026-11-23', description: 'receiving date, default today; a past date only as a late entry', optional: true })
  businessDate?: string;

  @ApiPropertyOptional({ maxLength: 64, description: "supplier's delivery-note number (送货单号)" })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 64)
  deliveryNoteNo?: string;

  @ApiPropertyOptional({ description: 'confirm a second receipt with the same supplier delivery-note number' })
  @IsOptional()
  @IsBoolean()
  confirmDuplicateNote?: boolean;

  @TextField(500)
  remark?: string;

  @ApiPropertyOptional({ type: [GoodsReceiptLineDto], description: 'received lines; absent with an order → every outstanding order line at its outstanding quantity' })
  @IsOptional()
  @LineArray(GoodsReceiptLineDto, 1)
  lines?: GoodsReceiptLineDto[];

  @ApiPropertyOptional({ description: 'post at once (审核入库) instead of saving a draft' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @IdempotencyKeyField('idempotency key of this create(+post): a retry with the same key returns the first receipt', 'gr-7f3a9c1e-01')
  idempotencyKey?: string;
}

export class CorrectionLineDto {
  @ApiProperty({ minimum: 1, description: 'line number of the original receipt' })
  @IsInt()
  @Min(1)
  @Max(100000)
  lineNo: number;

  @QtyField({ example: '2', description: 'quantity to take back, > 0' })
  quantity: string;
}

export class CorrectGoodsReceiptDto extends LateEntryFields {
  @ApiProperty({ maxLength: 500, description: 'why the receipt is corrected (更正原因)' })
  @ReasonText()
  reason: string;

  @ApiPropertyOptional({ type: [CorrectionLineDto], description: 'lines to take back; absent → reverse everything still standing' })
  @IsOptional()
  @LineArray(CorrectionLineDto, 1)
  lines?: CorrectionLineDto[];

  @DateField({ example: '2026-11-23', description: 'business date of the correction, default today', optional: true })
  businessDate?: string;

  @IdempotencyKeyField('idempotency key: a retry returns the first correction', 'grc-7f3a9c1e-01')
  idempotencyKey?: string;
}

export class PurchaseReturnLineDto {
  @OptionalUuidField('the receipt line the goods came in on (returns from a receipt)')
  receiptLineId?: string;

  @OptionalUuidField('product (free returns)')
  productId?: string;

  @QtyField({ example: '3', description: 'quantity sent back, > 0' })
  quantity: string;

  @UnitPriceField('tax-inclusive unit price; default: the receipt line price, else last price / purchase price')
  unitPrice?: string;

  @TaxRateField('VAT percent')
  taxRate?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'batch sent back (required for batch-managed products; default: the receipt line batch)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 40)
  batchNo?: string;

  @TextField(200)
  note?: string;
}

export class SavePurchaseReturnDto extends LateEntryFields {
  @OptionalUuidField('posted receipt the goods came in on; absent → a free return (supplierId, warehouseId and productIds required)')
  receiptId?: string;

  @OptionalUuidField()
  supplierId?: string;

  @OptionalUuidField()
  warehouseId?: string;

  @DateField({ example: '2026-11-23', description: 'return date, default today; a past date only as a late entry', optional: true })
  businessDate?: string;

  @ApiProperty({ maxLength: 500, description: 'why the goods go back (退货原因)' })
  @ReasonText()
  reason: string;

  @ApiProperty({ type: [PurchaseReturnLineDto] })
  @LineArray(PurchaseReturnLineDto, 1)
  lines: PurchaseReturnLineDto[];

  @ApiPropertyOptional({ description: 'post at once (stock goes out now)' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @IdempotencyKeyField('idempotency key of this create(+post)', 'pr-7f3a9c1e-01')
  idempotencyKey?: string;
}

export class PurchasingSettingsDto {
  @ApiProperty({ type: [String], example: ['10000'], description: 'order totals (tax included) above each threshold need one more approver holding purchase.order.approve.high' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @IsPlainText({ each: true })
  @Matches(MONEY_RE, { each: true, message: 'each threshold must be an amount ≥ 0 with at most 2 decimals' })
  approvalThresholds: string[];

  @ApiProperty({ example: '5', description: 'over-receipt tolerance in percent of the ordered quantity (0–100)' })
  @RateText()
  overReceiptTolerancePercent: string;
}

export class ReportQueryDto extends PageQueryDto {
  @DateField({ example: '2026-11-01', optional: true })
  from?: string;

  @DateField({ example: '2026-11-30', optional: true })
  to?: string;

  @OptionalUuidField()
  supplierId?: string;

  @OptionalUuidField()
  productId?: string;

  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('HQ only: one org unit')
  orgUnitId?: string;

  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json', description: 'xlsx → an Excel download of every row (no paging)' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}

export class PurchasesReportQueryDto extends ReportQueryDto {
  @ApiProperty({ enum: ['supplier', 'product', 'category', 'month', 'day'], description: 'group purchases by' })
  @IsIn(['supplier', 'product', 'category', 'month', 'day'])
  groupBy: 'supplier' | 'product' | 'category' | 'month' | 'day';
}

export class FormatQueryDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'xlsx', description: 'xlsx download or printable HTML' })
  @IsOptional()
  @IsIn(['xlsx', 'html'])
  format?: 'xlsx' | 'html';
}
