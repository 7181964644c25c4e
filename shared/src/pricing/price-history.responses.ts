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

/** A line of an approved 调价单 that sets the product's price (chain-wide or for one store), newest first. */
export class PriceHistoryHistoryItem {
  @ApiProperty({ type: String, description: 'the 调价单 number' })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  priceChangeId!: string;

  @ApiProperty({ type: 'integer' })
  lineNo!: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null: every store' })
  storeId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  effectiveFrom!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  effectiveTo!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  approvedAt!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  retailPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  wholesalePrice!: string | null;

  @ApiProperty({ enum: ['scheduled', 'started', 'ended'], description: 'at `at`: not started yet, in force, or ended' })
  state!: 'scheduled' | 'started' | 'ended';
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
