import { IsPlainText } from '../common/text';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ExpectedVersionField, OptionalEnumField, OptionalUuidField, StackedDecorators } from '../common/http/dto-fields';
import { PageQueryDto } from '../common/pagination';
import { CodeField, DateField, QtyField } from '../common/validation/fields';

const COST = /^\d{1,9}(\.\d{1,6})?$/;
/** numbers are accepted and read as their decimal text; anything else fails the pattern */
const asDecimalText = () => Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));
/** query-string booleans: only "true"/"false" */
const asBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));
const RemarkField = () => StackedDecorators(ApiPropertyOptional(), IsOptional(), IsString(), MaxLength(500), IsPlainText({ multiline: true }));

// ── warehouses ──────────────────────────────────────────────────────────────

export class WarehouseQueryDto extends PageQueryDto {
  @OptionalUuidField('owning org unit (HQ users; a store user always sees its own)')
  orgUnitId?: string;

  @OptionalEnumField(['normal', 'in_transit'])
  kind?: 'normal' | 'in_transit';

  @OptionalEnumField(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ description: 'part of code or name' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;
}

export class CreateWarehouseDto {
  @CodeField(32, { example: 'WH-S001', description: '仓库编码, unique in the chain' })
  code: string;

  @ApiProperty({ example: '一号店仓库' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'owning org unit (HQ or a store)' })
  @IsUUID()
  orgUnitId: string;

  @ApiPropertyOptional({ enum: ['normal', 'in_transit'], default: 'normal', description: 'in_transit: goods shipped to the org unit, not yet received (one per org unit)' })
  @IsOptional()
  @IsIn(['normal', 'in_transit'])
  kind?: 'normal' | 'in_transit';
}

export class UpdateWarehouseDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: ['active', 'disabled'], description: 'a warehouse holding stock cannot be disabled' })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ExpectedVersionField()
  expectedVersion?: number;
}

export class UpdateInventorySettingsDto {
  @ApiPropertyOptional({ description: '零库存销售: allow stock below zero (库存不够不允许销售 when false)' })
  @IsOptional()
  @IsBoolean()
  allowNegativeStock?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 3650, description: 'near-expiry alert window in days' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3650)
  nearExpiryDays?: number;
}

// ── reasons ─────────────────────────────────────────────────────────────────

export class CreateReasonDto {
  @ApiProperty({ example: 'damaged' })
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'code: lower-case letters, digits and _' })
  code: string;

  @ApiProperty({ example: '损坏' })
  @IsString()
  @IsPlainText()
  @Length(1, 60)
  name: string;

  @ApiPropertyOptional({ enum: ['in', 'out', 'both'], default: 'both' })
  @IsOptional()
  @IsIn(['in', 'out', 'both'])
  direction?: 'in' | 'out' | 'both';

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9999)
  sortOrder?: number;
}

export class UpdateReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 60)
  name?: string;

  @OptionalEnumField(['in', 'out', 'both'])
  direction?: 'in' | 'out' | 'both';

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(9999)
  sortOrder?: number;
}

// ── adjustments, other receipts / issues ────────────────────────────────────

export class StockDocumentLineDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @QtyField({
    sign: 'nonZero',
    example: '-2',
    description: 'decimal text, up to 3 decimals, never 0. Adjustments: signed (+ found, − lost/damaged); other receipts/issues: positive',
  })
  quantity: string;

  @ApiProperty({ example: 'damaged', description: 'reason code from GET /inventory/reasons' })
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  reasonCode: string;

  @ApiPropertyOptional({ example: '12.5', description: 'inbound unit cost; absent → current average cost' })
  @IsOptional()
  @asDecimalText()
  @IsString()
  @IsPlainText()
  @Matches(COST, { message: 'unitCost must be a non-negative number with at most 6 decimals' })
  unitCost?: string;

  @ApiPropertyOptional({ description: 'batch number (batch-managed products: required inbound; outbound FEFO when absent)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 40)
  batchNo?: string;

  @DateField({ example: '2027-01-31', description: 'expiry date of a new batch', optional: true })
  expiryDate?: string;

  @ApiPropertyOptional({ description: 'free text' })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @MaxLength(200)
  note?: string;
}

export class CreateStockDocumentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warehouseId: string;

  @DateField({ example: '2026-11-20', description: 'business date (default today; earlier = late entry)', optional: true })
  businessDate?: string;

  @RemarkField()
  remark?: string;

  @ApiProperty({ type: [StockDocumentLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StockDocumentLineDto)
  lines: StockDocumentLineDto[];
}

export class UpdateStockDocumentDto {
  @DateField({ example: '2026-11-20', optional: true })
  businessDate?: string;

  @RemarkField()
  remark?: string;

  @ApiPropertyOptional({ type: [StockDocumentLineDto], description: 'replaces all lines' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => StockDocumentLineDto)
  lines?: StockDocumentLineDto[];

  @ExpectedVersionField()
  expectedVersion?: number;
}

export class ReverseStockDocumentDto {
  @ApiProperty({ description: 'why the document is reversed (冲销原因)' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 500)
  remark: string;
}

export class StockDocumentQueryDto extends PageQueryDto {
  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('store (HQ users)')
  storeId?: string;

  @OptionalEnumField(['draft', 'submitted', 'posted', 'cancelled'])
  status?: string;

  @DateField({ example: '2026-11-01', optional: true })
  from?: string;

  @DateField({ example: '2026-11-30', optional: true })
  to?: string;
}

// ── stock counts ────────────────────────────────────────────────────────────

export class OpenCountDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warehouseId: string;

  @OptionalUuidField('count one category subtree only (default: the whole warehouse)')
  categoryId?: string;

  @RemarkField()
  remark?: string;
}

export class CountEntryLineDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one of productId, barcode, productCode' })
  @ValidateIf((o: CountEntryLineDto) => !o.barcode && !o.productCode)
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ description: '条码' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  barcode?: string;

  @ApiPropertyOptional({ description: '商品编码' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 32)
  productCode?: string;

  @QtyField({ sign: 'zeroOrMore', example: '12', description: 'counted quantity (≥ 0, up to 3 decimals); replaces an earlier count of the product' })
  quantity: string;
}

export class CountEntryDto {
  @ApiProperty({ type: [CountEntryLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CountEntryLineDto)
  lines: CountEntryLineDto[];
}

export class CountFileDto {
  @ApiProperty({ type: 'string', format: 'binary', description: '.xlsx (columns 条码/barcode or 商品编码/code, 数量/qty) or scanner .txt (barcode,qty per line)' })
  @IsOptional()
  file?: unknown;
}

export class PostCountDto {
  @ApiProperty({ enum: ['keep', 'zero'], description: 'products of the count nobody counted: keep their stock, or set it to zero' })
  @IsIn(['keep', 'zero'])
  uncounted: 'keep' | 'zero';
}

export class CountQueryDto extends PageQueryDto {
  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('store (HQ users)')
  storeId?: string;

  @OptionalEnumField(['counting', 'posted', 'cancelled'])
  status?: string;
}

// ── queries ─────────────────────────────────────────────────────────────────

export class StockQueryDto extends PageQueryDto {
  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('store (HQ users; a store user always sees its own)')
  storeId?: string;

  @OptionalUuidField('category and its sub-categories')
  categoryId?: string;

  @OptionalUuidField()
  productId?: string;

  @ApiPropertyOptional({ description: 'part of product code or name' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;

  @ApiPropertyOptional({ description: 'one row per batch (batch-managed products)' })
  @IsOptional()
  @asBool()
  @IsBoolean()
  byBatch?: boolean;

  @ApiPropertyOptional({ description: 'only this batch number' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 40)
  batchNo?: string;

  @ApiPropertyOptional({ description: 'only rows below their minimum' })
  @IsOptional()
  @asBool()
  @IsBoolean()
  belowMin?: boolean;

  @ApiPropertyOptional({ description: 'only rows above their maximum' })
  @IsOptional()
  @asBool()
  @IsBoolean()
  aboveMax?: boolean;

  @ApiPropertyOptional({ description: 'include rows with zero quantity (default false)' })
  @IsOptional()
  @asBool()
  @IsBoolean()
  includeZero?: boolean;
}

export class StockCardQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warehouseId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @DateField({ example: '2026-11-01', description: 'first business date (inclusive)' })
  from: string;

  @DateField({ example: '2026-11-30', description: 'last business date (inclusive)' })
  to: string;
}

export class ValuationQueryDto {
  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('store (HQ users)')
  storeId?: string;

  @OptionalUuidField('category subtree')
  categoryId?: string;
}

export class AlertQueryDto extends PageQueryDto {
  @OptionalUuidField()
  warehouseId?: string;

  @OptionalUuidField('store (HQ users)')
  storeId?: string;

  @OptionalEnumField(['low_stock', 'overstock', 'near_expiry', 'expired'])
  kind?: string;

  @DateField({ example: '2026-11-20', description: 'recorded alerts of this day (default: the latest day recorded)', optional: true })
  date?: string;
}

export class SetStockLimitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  warehouseId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @QtyField({ sign: 'zeroOrMore', example: '10', description: 'minimum (null → the product default)', optional: true, nullable: true })
  minQty?: string | null;

  @QtyField({ sign: 'zeroOrMore', example: '100', description: 'maximum (null → the product default)', optional: true, nullable: true })
  maxQty?: string | null;
}
