import { ApiProperty } from '@nestjs/swagger';
import { PosShiftReportDoc } from '@chain-erp/shared';

/** Response bodies of pos-inbox.module.ts (the OpenAPI contract, docs/api.md). */

export class PosShiftReportsListResponse {
  @ApiProperty({ type: () => PosShiftReportDoc, isArray: true })
  items!: PosShiftReportDoc[];

  @ApiProperty({ type: 'integer' })
  total!: number;
}
