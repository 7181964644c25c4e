import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { APPROVAL_STATUS_VALUES, ApprovalStatus, DateField, OptionalEnumField, PageQueryDto, QtyField } from '@chain-erp/shared';

export class ApprovalQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one store' }) @IsOptional() @IsUUID() storeId?: string;
  @OptionalEnumField(APPROVAL_STATUS_VALUES) status?: ApprovalStatus;
  @DateField({ example: '2026-12-01', description: 'submitted on or after', optional: true }) from?: string;
  @DateField({ example: '2026-12-31', description: 'submitted on or before', optional: true }) to?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'requests with a line of this product' }) @IsOptional() @IsUUID() productId?: string;
}

export class ApproveLineDto {
  @ApiProperty({ format: 'uuid', description: 'request line' }) @IsUUID() lineId: string;
  @QtyField({ sign: 'zeroOrMore', example: '8', description: 'approved quantity, 0 … requested (a cut needs a reason)' })
  approvedQty: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'why the line is cut (砍量原因)' })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  reason?: string;
}

export class ApproveDto {
  @ApiPropertyOptional({ type: [ApproveLineDto], description: 'lines approved with other quantities; lines not named are approved whole' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ApproveLineDto)
  lines?: ApproveLineDto[];
  @ApiPropertyOptional({ maxLength: 500, description: 'reason for every cut line without its own reason' })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 500)
  reason?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 500, description: 'reason (原因)' }) @IsString() @IsPlainText({ multiline: true }) @Length(1, 500) reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'reason; required when something is still to ship' })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 500)
  reason?: string;
}

export class StorePriorityDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() storeId: string;
  @ApiProperty({ minimum: 1, maximum: 99, description: '1 is served first' }) @IsInt() @Min(1) @Max(99) priority: number;
}

export class AllocationQueryDto {
  @ApiProperty({ format: 'uuid', description: 'HQ warehouse the goods would leave' }) @IsUUID() warehouseId: string;
  @ApiPropertyOptional({ type: [String], description: 'submitted requests to share among (default: all submitted)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  requestIds?: string[];
  @ApiPropertyOptional({ type: [String], description: 'only these products' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('all', { each: true }) productIds?: string[];
  @ApiPropertyOptional({ type: [StorePriorityDto], description: 'store priorities (stores not named come last)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => StorePriorityDto)
  priorities?: StorePriorityDto[];
}

export class ShipmentLineDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'request line served (shipments from requests)' }) @IsOptional() @IsUUID() requestLineId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'product (HQ-initiated lines)' }) @IsOptional() @IsUUID() productId?: string;
  @QtyField({ example: '5', description: 'quantity to ship, > 0' })
  quantity: string;
}

export class CreateShipmentDto {
  @ApiProperty({ format: 'uuid', description: 'HQ warehouse the goods leave (发货仓库)' }) @IsUUID() fromWarehouseId: string;
  @ApiPropertyOptional({ type: [String], description: 'approved requests of one store to ship (merged into one shipment)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  requestIds?: string[];
  @ApiPropertyOptional({ format: 'uuid', description: 'store (HQ-initiated shipment without a request)' }) @IsOptional() @IsUUID() storeId?: string;
  @ApiPropertyOptional({ type: [ShipmentLineDto], description: 'lines; default: everything approved and not yet shipped of the requests' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => ShipmentLineDto)
  lines?: ShipmentLineDto[];
  @DateField({ example: '2026-12-02', description: 'ship date, default today', optional: true }) shipDate?: string;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) note?: string;
}

export class ShipmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() storeId?: string;
  @ApiPropertyOptional({ enum: ['draft', 'posted', 'received', 'cancelled'] }) @IsOptional() @IsIn(['draft', 'posted', 'received', 'cancelled']) status?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'shipments serving this request' }) @IsOptional() @IsUUID() requestId?: string;
}

export class SettlementSettingsDto {
  @ApiProperty({ enum: ['write_off', 'carrier_claim'], description: '短少: write off, or claim against the carrier' }) @IsIn(['write_off', 'carrier_claim']) shortTreatment:
    'write_off' | 'carrier_claim';
  @ApiProperty({ enum: ['write_off', 'carrier_claim'], description: '破损: write off, or claim against the carrier' }) @IsIn(['write_off', 'carrier_claim']) damagedTreatment:
    'write_off' | 'carrier_claim';
}
