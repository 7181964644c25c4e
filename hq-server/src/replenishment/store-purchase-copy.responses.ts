import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of store-purchase-copy.service.ts (the OpenAPI contract, docs/api.md). */

export class HqStorePurchaseSetAllowedResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: Boolean })
  allowStorePurchasing!: boolean;
}
