import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { ApiSchemaModels, CodeNameRef } from '../common/http/api-contract';

/** Response bodies of price-history.service.ts (the OpenAPI contract, docs/api.md). */

export class PriceHistoryHistoryProductResponse extends CodeNameRef {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  retailPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  wholesalePrice!: string | null;
}

export class PriceHistoryHistoryItem {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  retailPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  wholesalePrice!: string | null;

  @ApiProperty({ type: String })
  state!: string;
}

/** Where a current price comes from: an approved price change (its number), else the store's own price or the product's. */
export class PriceSourceChangeResponse {
  @ApiProperty({ type: String, description: 'the 调价单 number whose schedule gives the price' })
  priceChange!: string;
}

/** The prices a store sells at, at one moment, with where each comes from. */
@ApiSchemaModels(PriceSourceChangeResponse)
export class PriceHistoryCurrentResponse {
  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  retailPrice!: string | null;

  @ApiProperty({
    oneOf: [{ type: 'string', enum: ['store', 'product'] }, { $ref: getSchemaPath(PriceSourceChangeResponse) }],
    description: 'a price change, the store’s own price (`store`) or the product’s (`product`)',
  })
  retailSource!: 'store' | 'product' | PriceSourceChangeResponse;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({
    oneOf: [{ type: 'string', enum: ['store', 'product'] }, { $ref: getSchemaPath(PriceSourceChangeResponse) }],
    description: 'a price change, the store’s own price (`store`) or the product’s (`product`)',
  })
  memberSource!: 'store' | 'product' | PriceSourceChangeResponse;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  wholesalePrice!: string | null;

  @ApiProperty({
    oneOf: [{ type: 'string', enum: ['product'] }, { $ref: getSchemaPath(PriceSourceChangeResponse) }],
    description: 'a price change or the product’s (`product`)',
  })
  wholesaleSource!: 'product' | PriceSourceChangeResponse;
}

export class PriceHistoryHistoryResponse {
  @ApiProperty({ type: () => PriceHistoryHistoryProductResponse })
  product!: PriceHistoryHistoryProductResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: () => PriceHistoryCurrentResponse, nullable: true, description: 'the store’s prices at `at` (null without a store)' })
  current!: PriceHistoryCurrentResponse | null;

  @ApiProperty({ type: () => PriceHistoryHistoryItem, isArray: true })
  items!: PriceHistoryHistoryItem[];
}
