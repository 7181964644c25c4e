import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@chain-erp/shared';

/** Decimals travel as strings ("12.5"); a plain JSON number is accepted and read as its text. */
const numberAsText = Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
/** positive, ≤ 999,999,999, at most 3 decimals */
export const QTY_RE = /^(?!0+(\.0+)?$)\d{1,9}(\.\d{1,3})?$/;
const PRICE_RE = /^\d{1,9}(\.\d{1,4})?$/;
const MONEY_RE = /^\d{1,12}(\.\d{1,2})?$/;
const RATE_RE = /^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const KEY_RE = /^[A-Za-z0-9._:-]{8,64}$/;

const QtyField = () => [numberAsText, IsString({ message: 'must be a decimal string like "12.5"' }), Matches(QTY_RE, { message: 'must be a positive quantity with at most 3 decimals' })];
const applyAll = (decorators: PropertyDecorator[]): PropertyDecorator => (target, key) => decorators.forEach((d) => d(target, key));

export class PurchaseOrderLineDto {
  @ApiProperty({ format: 'uuid', description: 'product (商品)' })
  @IsUUID()
  productId: string;

  @ApiProperty({ example: '24', description: 'ordered quantity, > 0, up to 3 decimals' })
  @applyAll(QtyField())
  quantity: string;

  @ApiPropertyOptional({ example: '11.30', description: "tax-inclusive unit price (含税单价); default: the supplier's last price, else the product's purchase price" })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(PRICE_RE, { message: 'must be a price ≥ 0 with at most 4 decimals' })
  unitPrice?: string;

  @ApiPropertyOptional({ example: '13', description: "VAT rate in percent; default: the product's tax rate" })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(RATE_RE, { message: 'must be a percentage 0–100 with at most 2 decimals' })
  taxRate?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class LateEntryFields {
  @ApiPropertyOptional({ description: '遗失补录: the document is entered after the fact with a past business date (needs purchase.late-entry and a reason)' })
  @IsOptional()
  @IsBoolean()
  lateEntry?: boolean;

  @ApiPropertyOptional({ maxLength: 500, description: 'why the document is entered late (required for a late entry)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  lateReason?: string;
}

export class SavePurchaseOrderDto extends LateEntryFields {
  @ApiProperty({ format: 'uuid', description: 'supplier (供应商)' })
  @IsUUID()
  supplierId: string;

  @ApiProperty({ format: 'uuid', description: 'receiving HQ warehouse (收货仓库)' })
  @IsUUID()
  warehouseId: string;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'order date, default today; a past date only as a late entry' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  orderDate?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'expected delivery date (预计到货日期)' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  expectedDate?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  remark?: string;

  @ApiProperty({ type: [PurchaseOrderLineDto], description: 'lines; may be empty on a draft (fill them by import)' })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineDto)
  lines: PurchaseOrderLineDto[];

  @ApiPropertyOptional({ description: 'optimistic lock: the rowVersion you edited (updates only)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500, description: 'reason (原因)' })
  @IsString()
  @Length(1, 500)
  reason: string;
}

export class ClosePurchaseOrderDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'required when the order is closed short (not fully received)' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

const PO_STATUSES = ['draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled'];

export class PurchaseDocQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @ApiPropertyOptional({ example: '2026-11-01', description: 'business date from (inclusive)' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'business date to (inclusive)' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only late entries (true) or only regular documents (false)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  lateEntry?: 'true' | 'false';

  @ApiPropertyOptional({ maxLength: 64, description: 'document number contains' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  search?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'HQ only: documents of this org unit (a store only ever sees its own)' })
  @IsOptional()
  @IsUUID()
  orgUnitId?: string;
}

export class PurchaseOrderQueryDto extends PurchaseDocQueryDto {
  @ApiPropertyOptional({ enum: PO_STATUSES })
  @IsOptional()
  @IsIn(PO_STATUSES)
  status?: string;
}

export class GoodsReceiptQueryDto extends PurchaseDocQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'posted', 'cancelled'] })
  @IsOptional()
  @IsIn(['draft', 'posted', 'cancelled'])
  status?: string;

  @ApiPropertyOptional({ enum: ['receipt', 'correction'] })
  @IsOptional()
  @IsIn(['receipt', 'correction'])
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

export class PurchaseReturnQueryDto extends PurchaseDocQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'posted', 'cancelled'] })
  @IsOptional()
  @IsIn(['draft', 'posted', 'cancelled'])
  status?: string;
}

export class GoodsReceiptLineDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the order line received against (or give productId of a product on the order)' })
  @IsOptional()
  @IsUUID()
  orderLineId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'product; required without an order' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiProperty({ example: '20', description: 'actually received quantity (实收数量), > 0' })
  @applyAll(QtyField())
  quantity: string;

  @ApiPropertyOptional({ example: '11.30', description: 'tax-inclusive unit price; default: the order line price (or last price / purchase price without an order)' })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(PRICE_RE, { message: 'must be a price ≥ 0 with at most 4 decimals' })
  unitPrice?: string;

  @ApiPropertyOptional({ example: '13', description: 'VAT percent; default: order line or product' })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(RATE_RE, { message: 'must be a percentage 0–100 with at most 2 decimals' })
  taxRate?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'batch number (批号), required for batch-managed products' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @Matches(/^[^\s].*$/, { message: 'must not start with a space' })
  batchNo?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'expiry date (有效期至), required for batch-managed products' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  expiryDate?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class PostOptionsDto {
  @ApiPropertyOptional({ description: 'idempotency key: a retry with the same key returns the first result instead of posting twice', example: 'gr-7f3a9c1e-01' })
  @IsOptional()
  @IsString()
  @Matches(KEY_RE, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string;

  @ApiPropertyOptional({ description: 'confirm a second receipt with the same supplier delivery-note number' })
  @IsOptional()
  @IsBoolean()
  confirmDuplicateNote?: boolean;
}

export class SaveGoodsReceiptDto extends LateEntryFields {
  @ApiPropertyOptional({ format: 'uuid', description: 'the approved purchase order received against; absent → a receipt without order (needs purchase.receipt.without-order)' })
  @IsOptional()
  @IsUUID()
  orderId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "supplier; default: the order's" })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "receiving warehouse; default: the order's" })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'receiving date, default today; a past date only as a late entry' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  businessDate?: string;

  @ApiPropertyOptional({ maxLength: 64, description: "supplier's delivery-note number (送货单号)" })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  deliveryNoteNo?: string;

  @ApiPropertyOptional({ description: 'confirm a second receipt with the same supplier delivery-note number' })
  @IsOptional()
  @IsBoolean()
  confirmDuplicateNote?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  remark?: string;

  @ApiPropertyOptional({ type: [GoodsReceiptLineDto], description: 'received lines; absent with an order → every outstanding order line at its outstanding quantity' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => GoodsReceiptLineDto)
  lines?: GoodsReceiptLineDto[];

  @ApiPropertyOptional({ description: 'post at once (审核入库) instead of saving a draft' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @ApiPropertyOptional({ description: 'idempotency key of this create(+post): a retry with the same key returns the first receipt', example: 'gr-7f3a9c1e-01' })
  @IsOptional()
  @IsString()
  @Matches(KEY_RE, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string;
}

export class CorrectionLineDto {
  @ApiProperty({ minimum: 1, description: 'line number of the original receipt' })
  @IsInt()
  @Min(1)
  @Max(100000)
  lineNo: number;

  @ApiProperty({ example: '2', description: 'quantity to take back, > 0' })
  @applyAll(QtyField())
  quantity: string;
}

export class CorrectGoodsReceiptDto extends LateEntryFields {
  @ApiProperty({ maxLength: 500, description: 'why the receipt is corrected (更正原因)' })
  @IsString()
  @Length(1, 500)
  reason: string;

  @ApiPropertyOptional({ type: [CorrectionLineDto], description: 'lines to take back; absent → reverse everything still standing' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CorrectionLineDto)
  lines?: CorrectionLineDto[];

  @ApiPropertyOptional({ example: '2026-11-23', description: 'business date of the correction, default today' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  businessDate?: string;

  @ApiPropertyOptional({ description: 'idempotency key: a retry returns the first correction', example: 'grc-7f3a9c1e-01' })
  @IsOptional()
  @IsString()
  @Matches(KEY_RE, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string;
}

export class PurchaseReturnLineDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'the receipt line the goods came in on (returns from a receipt)' })
  @IsOptional()
  @IsUUID()
  receiptLineId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'product (free returns)' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiProperty({ example: '3', description: 'quantity sent back, > 0' })
  @applyAll(QtyField())
  quantity: string;

  @ApiPropertyOptional({ example: '11.30', description: 'tax-inclusive unit price; default: the receipt line price, else last price / purchase price' })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(PRICE_RE, { message: 'must be a price ≥ 0 with at most 4 decimals' })
  unitPrice?: string;

  @ApiPropertyOptional({ example: '13', description: 'VAT percent' })
  @IsOptional()
  @numberAsText
  @IsString()
  @Matches(RATE_RE, { message: 'must be a percentage 0–100 with at most 2 decimals' })
  taxRate?: string;

  @ApiPropertyOptional({ maxLength: 40, description: 'batch sent back (required for batch-managed products; default: the receipt line batch)' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  batchNo?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class SavePurchaseReturnDto extends LateEntryFields {
  @ApiPropertyOptional({ format: 'uuid', description: 'posted receipt the goods came in on; absent → a free return (supplierId, warehouseId and productIds required)' })
  @IsOptional()
  @IsUUID()
  receiptId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @ApiPropertyOptional({ example: '2026-11-23', description: 'return date, default today; a past date only as a late entry' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  businessDate?: string;

  @ApiProperty({ maxLength: 500, description: 'why the goods go back (退货原因)' })
  @IsString()
  @Length(1, 500)
  reason: string;

  @ApiProperty({ type: [PurchaseReturnLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => PurchaseReturnLineDto)
  lines: PurchaseReturnLineDto[];

  @ApiPropertyOptional({ description: 'post at once (stock goes out now)' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @ApiPropertyOptional({ description: 'idempotency key of this create(+post)', example: 'pr-7f3a9c1e-01' })
  @IsOptional()
  @IsString()
  @Matches(KEY_RE, { message: 'must be 8–64 characters of A-Z a-z 0-9 . _ : -' })
  idempotencyKey?: string;
}

export class PurchasingSettingsDto {
  @ApiProperty({ type: [String], example: ['10000'], description: 'order totals (tax included) above each threshold need one more approver holding purchase.order.approve.high' })
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @Matches(MONEY_RE, { each: true, message: 'each threshold must be an amount ≥ 0 with at most 2 decimals' })
  approvalThresholds: string[];

  @ApiProperty({ example: '5', description: 'over-receipt tolerance in percent of the ordered quantity (0–100)' })
  @numberAsText
  @IsString()
  @Matches(RATE_RE, { message: 'must be a percentage 0–100 with at most 2 decimals' })
  overReceiptTolerancePercent: string;
}

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @Matches(DATE_RE, { message: 'must be YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  supplierId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'HQ only: one org unit' })
  @IsOptional()
  @IsUUID()
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
