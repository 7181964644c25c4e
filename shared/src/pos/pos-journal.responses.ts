import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of pos-journal.controller.ts (the OpenAPI contract, docs/api.md). */

export class PosJournalListItem {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  discount!: string;

  @ApiProperty({ enum: ['sale', 'refund', 'top-up'] })
  kind!: 'sale' | 'refund' | 'top-up';

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String })
  docNo!: string;

  @ApiProperty({ type: String, format: 'date' })
  businessDate!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: Date;

  @ApiProperty({ type: String })
  tillCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  cashierId!: string;

  @ApiProperty({ type: String })
  cashierName!: string;

  @ApiProperty({ type: String, nullable: true })
  memberRef!: string | null;

  @ApiProperty({ type: String, nullable: true })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  originalNo!: string | null;

  @ApiProperty({ type: String, nullable: true })
  payments!: string | null;
}

export class PosJournalListTotalResponse {
  @ApiProperty({ type: 'integer' })
  salesCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  salesTotal!: string;

  @ApiProperty({ type: 'integer' })
  refundsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  refundsTotal!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  net!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  discount!: string;

  @ApiProperty({ type: 'integer' })
  topUpsCount!: number;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  topUpsTotal!: string;

  @ApiProperty({ type: String })
  takings!: string;
}

export class PosJournalListByMethodResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  paymentMethodId!: string;

  @ApiProperty({ type: String })
  methodCode!: string;

  @ApiProperty({ type: String })
  methodName!: string;

  @ApiProperty({ type: String })
  sales!: string;

  @ApiProperty({ type: String })
  refunds!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  net!: string;

  @ApiProperty({ type: String })
  topUps!: string;

  @ApiProperty({ type: String })
  takings!: string;
}

export class PosJournalListResponse {
  @ApiProperty({ type: () => PosJournalListItem, isArray: true })
  items!: PosJournalListItem[];

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: () => PosJournalListTotalResponse })
  totals!: PosJournalListTotalResponse;

  @ApiProperty({ type: () => PosJournalListByMethodResponse, isArray: true })
  byMethod!: PosJournalListByMethodResponse[];
}
