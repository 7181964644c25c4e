import { ApiProperty } from '@nestjs/swagger';
import { StorePurchaseLine } from '@chain-erp/shared';

/** Response bodies of store-purchase-copy.service.ts (the OpenAPI contract, docs/api.md). */

export class HqStorePurchaseSetAllowedResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: Boolean })
  allowStorePurchasing!: boolean;
}

export class HqStorePurchaseGetResponse {
  @ApiProperty({ type: () => StorePurchaseLine, isArray: true })
  lines!: StorePurchaseLine[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ enum: ['order', 'receipt'] })
  kind!: 'order' | 'receipt';

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  supplierId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  orderId!: string | null;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, format: 'date' })
  docDate!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalTax!: string;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}
