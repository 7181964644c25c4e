import { ApiProperty } from '@nestjs/swagger';
import { CodeNameRef } from '../common/http/api-contract';

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

export class PriceHistoryHistoryResponse {
  @ApiProperty({ type: () => PriceHistoryHistoryProductResponse })
  product!: PriceHistoryHistoryProductResponse;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  current!: Record<string, unknown> | null;

  @ApiProperty({ type: () => PriceHistoryHistoryItem, isArray: true })
  items!: PriceHistoryHistoryItem[];
}
