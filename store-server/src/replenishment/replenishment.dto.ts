import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DateField, PageQueryDto, QtyField } from '@chain-erp/shared';

const csvToArray = Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value));

export class SuggestionQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'store warehouse (default: the store’s receiving warehouse)' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ default: 28, minimum: 1, maximum: 365, description: 'sales days the velocity is measured over' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  days?: number;
  @ApiPropertyOptional({ default: 2, minimum: 0, maximum: 90, description: 'lead time in days' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(90) leadTimeDays?: number;
  @ApiPropertyOptional({ default: 7, minimum: 0, maximum: 180, description: 'days the request should cover after arrival' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(180)
  coverDays?: number;
  @ApiPropertyOptional({
    default: 'POS_SALE,POS_REFUND',
    description: 'ledger doc types whose movements count as sales, comma separated: out counts as sold, in (a refund) takes it back',
  })
  @IsOptional()
  @csvToArray
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, { each: true })
  docTypes?: string[];
  @ApiPropertyOptional({ description: 'only these products (comma separated ids); they are listed even when nothing is suggested' })
  @IsOptional()
  @csvToArray
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  productIds?: string[];
}

export class RequestLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @QtyField({ example: '12', description: 'quantity asked (> 0); default: the suggested quantity', optional: true })
  quantity?: string;
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(200) note?: string;
}

export class SaveRequestDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'receiving warehouse (default: the store’s)' }) @IsOptional() @IsUUID() warehouseId?: string;
  @DateField({ example: '2026-12-05', description: 'wanted by (要求到货日期)', optional: true }) wantedBy?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) note?: string;
  @ApiPropertyOptional({ description: 'fill the lines with every product the calculator suggests (with the default parameters)' })
  @IsOptional()
  @IsBoolean()
  fromSuggestions?: boolean;
  @ApiPropertyOptional({ type: [RequestLineDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => RequestLineDto)
  lines?: RequestLineDto[];
}

export class RequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['draft', 'submitted', 'cancelled', 'approved', 'partially_approved', 'rejected', 'partially_shipped', 'shipped', 'received', 'closed'],
    description: 'status as both sides show it',
  })
  @IsOptional()
  @IsIn(['draft', 'submitted', 'cancelled', 'approved', 'partially_approved', 'rejected', 'partially_shipped', 'shipped', 'received', 'closed'])
  status?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @IsPlainText({ multiline: true }) @Length(1, 500) reason: string;
}

export class VarianceDto {
  @ApiProperty({ enum: ['short', 'over', 'damaged'], description: '短少 short, 多发 over, 破损 damaged' }) @IsIn(['short', 'over', 'damaged']) reason: 'short' | 'over' | 'damaged';
  @QtyField({ example: '1' }) quantity: string;
}

export class ReceiptLineDto {
  @ApiProperty({ format: 'uuid', description: 'shipment line' }) @IsUUID() shipmentLineId: string;
  @QtyField({ sign: 'zeroOrMore', example: '9', description: 'quantity taken into stock (实收), ≥ 0' })
  receivedQty: string;
  @ApiPropertyOptional({ type: [VarianceDto], description: 'every difference with its reason: received = shipped − short − damaged + over' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @ValidateNested({ each: true })
  @Type(() => VarianceDto)
  variances?: VarianceDto[];
  @ApiPropertyOptional({ maxLength: 200 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(200) note?: string;
}

export class CreateReceiptDto {
  @ApiProperty({ format: 'uuid', description: 'the shipment received (its lines are prefilled)' }) @IsUUID() shipmentId: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) note?: string;
  @ApiPropertyOptional({ type: [ReceiptLineDto], description: 'actual quantities; lines not named are received as shipped' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ReceiptLineDto)
  lines?: ReceiptLineDto[];
}

export class ReceiptLinesDto {
  @ApiProperty({ type: [ReceiptLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ReceiptLineDto)
  lines: ReceiptLineDto[];
}

export class StoreShipmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['posted', 'received'], description: 'posted = on the way' }) @IsOptional() @IsIn(['posted', 'received']) status?: string;
}
