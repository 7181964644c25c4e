import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of reports.controllers.ts (the OpenAPI contract, docs/api.md). */

export class SalesReportsSalesResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  totals?: Record<string, unknown>;
}
