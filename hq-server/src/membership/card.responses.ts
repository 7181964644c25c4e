import { ApiProperty } from '@nestjs/swagger';
import { CardView, describeEntity, MemberCardEvent } from '@chain-erp/shared';

/** Response bodies of card.controller.ts (the OpenAPI contract, docs/api.md). */

export class CardReportRow {
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  storeId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  storeCode!: string | null;

  @ApiProperty({ type: String, nullable: true })
  storeName!: string | null;

  @ApiProperty({ type: String })
  scope!: string;

  @ApiProperty({ type: String })
  state!: string;

  @ApiProperty({ type: 'integer' })
  count!: number;
}

export class CardMoveResponse {
  @ApiProperty({ type: 'number' })
  moved!: number;

  @ApiProperty({ type: String, format: 'uuid' })
  toStoreId!: string;
}

/** One card with its history (开卡, 挂失, 换卡, 作废 …). */
export class CardWithEventsResponse extends CardView {
  @ApiProperty({ type: () => describeEntity(MemberCardEvent), isArray: true })
  events!: MemberCardEvent[];
}
