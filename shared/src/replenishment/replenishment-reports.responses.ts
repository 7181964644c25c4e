import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of replenishment-reports.ts (the OpenAPI contract, docs/api.md). */

export class ReplenishmentReportsFillRateResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;

  @ApiProperty({ type: 'integer' })
  total!: number;
}
