import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of purchasing-settings.controller.ts (the OpenAPI contract, docs/api.md). */

export class PurchasingSettingsResponse {
  @ApiProperty({ type: [String] })
  approvalThresholds!: string[];

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  overReceiptTolerancePercent!: string;
}
