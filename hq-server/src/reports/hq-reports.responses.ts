import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of hq-reports.module.ts (the OpenAPI contract, docs/api.md). */

export class PurchasingSummarySummaryResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  totals?: Record<string, unknown>;
}
