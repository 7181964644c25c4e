import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, Length, ValidateNested } from 'class-validator';
import { PageQueryDto, QtyField } from '@chain-erp/shared';

const numberAsText = Transform(({ value }) => (typeof value === 'number' && Number.isFinite(value) ? String(value) : value));

export class StorePurchaseLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() productId: string;
  @QtyField({ example: '12' })
  quantity: string;
  @ApiPropertyOptional({ example: '3.50', description: 'tax-inclusive unit price (含税单价); default: the product’s purchase price' })
  @IsOptional()
  @numberAsText
  @IsString()
  @IsPlainText()
  @Matches(/^\d{1,9}(\.\d{1,4})?$/, { message: 'must be a price ≥ 0 with at most 4 decimals' })
  unitPrice?: string;
  @ApiPropertyOptional({ example: '13', description: 'VAT percent; default: the product’s tax rate' })
  @IsOptional()
  @numberAsText
  @IsString()
  @IsPlainText()
  @Matches(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, { message: 'must be a percentage 0–100' })
  taxRate?: string;
}

export class CreateStorePurchaseDto {
  @ApiProperty({ enum: ['order', 'receipt'], description: 'order = 采购订单, receipt = 验收入库 (moves stock when posted)' }) @IsIn(['order', 'receipt']) kind: 'order' | 'receipt';
  @ApiProperty({ format: 'uuid', description: 'a supplier in this store’s data scope' }) @IsUUID() supplierId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'receiving warehouse (default: the store’s)' }) @IsOptional() @IsUUID() warehouseId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'receipt against a posted order of this store' }) @IsOptional() @IsUUID() orderId?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) remark?: string;
  @ApiProperty({ type: [StorePurchaseLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StorePurchaseLineDto)
  lines: StorePurchaseLineDto[];
}

export class StorePurchaseQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['order', 'receipt'] }) @IsOptional() @IsIn(['order', 'receipt']) kind?: 'order' | 'receipt';
  @ApiPropertyOptional({ format: 'uuid', description: 'HQ: one store' }) @IsOptional() @IsUUID() storeId?: string;
}

export class StorePurchaseCancelDto {
  @ApiProperty({ maxLength: 500 }) @IsString() @IsPlainText({ multiline: true }) @Length(1, 500) reason: string;
}
