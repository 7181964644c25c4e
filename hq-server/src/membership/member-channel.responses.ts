import { ApiEnum, LEDGER_KIND_VALUES, type LedgerKind } from '@chain-erp/shared';
import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of member-channel.controller.ts (the OpenAPI contract, docs/api.md). */

export class BalanceChangeResultResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  entryId!: string;

  @ApiProperty({ type: String })
  cardNo!: string;

  @ApiProperty({ enum: ['points', 'stored_value'] })
  account!: 'points' | 'stored_value';

  @ApiEnum(LEDGER_KIND_VALUES)
  kind!: LedgerKind;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ type: String })
  delta!: string;

  @ApiProperty({ type: String })
  balanceBefore!: string;

  @ApiProperty({ type: String })
  balanceAfter!: string;

  @ApiProperty({ type: Boolean })
  replayed!: boolean;
}
