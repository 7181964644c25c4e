import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of pricing.controllers.ts (the OpenAPI contract, docs/api.md). */

export class PriceChangeGetLine {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  listRetailPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  retailPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  memberPrice!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  wholesalePrice!: string | null;
}

export class PriceChangeGetResponse {
  @ApiProperty({ type: () => PriceChangeGetLine, isArray: true })
  lines!: PriceChangeGetLine[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ enum: ['draft', 'approved', 'cancelled'] })
  status!: 'draft' | 'approved' | 'cancelled';

  @ApiProperty({ type: [String], nullable: true })
  storeIds!: unknown;

  @ApiProperty({ type: String, format: 'date-time' })
  effectiveFrom!: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  effectiveTo!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  correctsId!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiProperty({ type: String, nullable: true })
  approvedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}
