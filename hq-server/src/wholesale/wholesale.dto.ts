import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import {
  DateOnlyField,
  DecimalTextField,
  ExpectedVersionField,
  IdempotencyKeyField,
  NestedArrayField,
  OptionalEnumField,
  OptionalUuidField,
  ReportFormatDto,
  TextField,
} from '@chain-erp/shared';

export class WholesaleOrderLineDto {
  @ApiProperty({ format: 'uuid', description: 'product (商品)' })
  @IsUUID()
  productId: string;

  @DecimalTextField('qty', { example: '24', description: 'ordered quantity, > 0, up to 3 decimals' })
  quantity: string;

  @DecimalTextField('price', {
    example: '9.50',
    optional: true,
    description:
      "tax-inclusive unit price (含税单价); default: the customer's contract price, else its price level (wholesale, member or retail price). Another price needs wholesale.price.write",
  })
  unitPrice?: string;

  @TextField(200)
  note?: string;
}

export class SaveWholesaleOrderDto {
  @ApiProperty({ format: 'uuid', description: 'customer (客户)' })
  @IsUUID()
  customerId: string;

  @ApiProperty({ format: 'uuid', description: 'HQ warehouse the goods leave from (发货仓库)' })
  @IsUUID()
  warehouseId: string;

  @DateOnlyField({ example: '2026-12-10', description: 'wanted delivery date (交货日期)', optional: true })
  expectedDate?: string;

  @TextField(500)
  remark?: string;

  @NestedArrayField(WholesaleOrderLineDto, { description: 'lines (商品明细); may be empty on a draft' })
  lines: WholesaleOrderLineDto[];

  @ExpectedVersionField('optimistic lock: the rowVersion you edited (updates only)')
  expectedVersion?: number;
}

export class ReasonDto {
  @TextField(500, { required: true, description: 'reason (原因)' })
  reason: string;
}

export class CloseOrderDto {
  @TextField(500, { description: 'required when the order is closed before everything was delivered (短交结案)' })
  reason?: string;
}

export class WholesaleQueryDto extends ReportFormatDto {
  @OptionalUuidField()
  customerId?: string;

  @OptionalUuidField()
  warehouseId?: string;

  @DateOnlyField({ example: '2026-12-01', description: 'document date from (inclusive)', optional: true })
  from?: string;

  @DateOnlyField({ example: '2026-12-31', description: 'document date to (inclusive)', optional: true })
  to?: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'number contains' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @MaxLength(64)
  search?: string;
}

export class WholesaleOrderQueryDto extends WholesaleQueryDto {
  @OptionalEnumField(['draft', 'submitted', 'approved', 'partially_delivered', 'delivered', 'closed', 'cancelled'])
  status?: string;
}

export class WholesaleDocQueryDto extends WholesaleQueryDto {
  @OptionalEnumField(['draft', 'posted', 'cancelled'])
  status?: string;

  @OptionalUuidField('the order (deliveries) or the delivery (returns)')
  sourceId?: string;
}

export class DeliveryLineDto {
  @ApiProperty({ format: 'uuid', description: 'the order line (订单明细) delivered' })
  @IsUUID()
  orderLineId: string;

  @DecimalTextField('qty', { example: '10', description: 'delivered quantity (≤ what is still outstanding on the line)' })
  quantity: string;

  @TextField(40, { description: 'a batch the customer wants (batch-managed products); none = first expiry first out' })
  batchNo?: string;
}

export class CreateDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'an approved wholesale order' })
  @IsUUID()
  orderId: string;

  @OptionalUuidField("the HQ warehouse the goods leave (default: the order's)")
  warehouseId?: string;

  @NestedArrayField(DeliveryLineDto, { optional: true, description: 'what goes this time (partial delivery); default: everything outstanding' })
  lines?: DeliveryLineDto[];

  @TextField(500)
  remark?: string;

  @ApiPropertyOptional({ description: 'post at once (stock leaves, receivable booked)' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

export class PostDocumentDto {
  @IdempotencyKeyField()
  idempotencyKey?: string;
}

export class ReturnLineDto {
  @ApiProperty({ format: 'uuid', description: 'the delivery line (出库明细) the goods came on' })
  @IsUUID()
  deliveryLineId: string;

  @DecimalTextField('qty', { example: '2', description: 'returned quantity (≤ delivered − returned before)' })
  quantity: string;
}

export class CreateReturnDto {
  @ApiProperty({ format: 'uuid', description: 'a posted wholesale delivery' })
  @IsUUID()
  deliveryId: string;

  @OptionalUuidField("the HQ warehouse the goods come back to (default: the delivery's)")
  warehouseId?: string;

  @NestedArrayField(ReturnLineDto, { description: 'returned lines', min: 1 })
  lines: ReturnLineDto[];

  @TextField(500, { required: true, description: 'why the goods come back (退货原因)' })
  reason: string;

  @ApiPropertyOptional({ description: 'post at once (stock back, receivable reduced)' })
  @IsOptional()
  @IsBoolean()
  post?: boolean;

  @IdempotencyKeyField()
  idempotencyKey?: string;
}

export class DocumentFormatDto {
  @ApiPropertyOptional({ enum: ['xlsx', 'html'], default: 'html', description: 'html: printable (打印); xlsx: Excel' })
  @IsOptional()
  @IsIn(['xlsx', 'html'])
  format?: 'xlsx' | 'html';
}

export class CustomerPriceDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId: string;

  @DecimalTextField('price', { example: '8.80', description: 'agreed tax-inclusive price (协议价)' })
  price: string;

  @DateOnlyField({ example: '2026-12-01', description: 'valid from (生效日期)' })
  validFrom: string;

  @DateOnlyField({ example: '2027-06-30', description: 'valid to (失效日期; none = open-ended)', optional: true })
  validTo?: string;
}

export class CustomerPriceQueryDto extends ReportFormatDto {
  @OptionalUuidField()
  customerId?: string;

  @OptionalUuidField()
  productId?: string;

  @DateOnlyField({ example: '2026-12-05', description: 'prices valid on this day', optional: true })
  activeOn?: string;
}

export class PriceQuoteDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId: string;

  @ApiProperty({ type: [String], description: 'product ids to price (comma separated or repeated, ≤ 500)' })
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  productIds: string[];

  @DateOnlyField({ example: '2026-12-05', description: 'price on this day (default today)', optional: true })
  on?: string;
}
