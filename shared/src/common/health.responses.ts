import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of health.ts (the OpenAPI contract, docs/api.md). */

export class HealthCheckResultResponse {
  @ApiProperty({ enum: ['error', 'ok', 'shutting_down'] })
  status!: 'error' | 'ok' | 'shutting_down';

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  error?: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true })
  details!: Record<string, unknown>;
}
