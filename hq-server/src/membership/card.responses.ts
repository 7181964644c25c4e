import { ApiProperty } from '@nestjs/swagger';
import { describeEntity, MemberCardEvent } from '@chain-erp/shared';

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

export class PickResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ enum: ['discount', 'member_price'] })
  pricing!: 'discount' | 'member_price';

  @ApiProperty({ type: String, nullable: true })
  discountRate!: string | null;

  @ApiProperty({ type: String })
  pointsRate!: string;

  @ApiProperty({ type: Boolean })
  storedValueAllowed!: boolean;
}

export class CardResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  cardNo!: string;

  @ApiProperty({ enum: ['chain', 'store'] })
  scope!: 'chain' | 'store';

  @ApiProperty({ enum: ['made', 'assigned', 'issued', 'lost', 'replaced', 'void'] })
  state!: 'made' | 'assigned' | 'issued' | 'lost' | 'replaced' | 'void';

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  ownerStoreId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  memberId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  issuedAt!: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: Date | null;

  @ApiProperty({ type: Boolean })
  expired!: boolean;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  pointsBalance!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  storedValueBalance!: string;

  @ApiProperty({ type: () => PickResponse, nullable: true })
  cardType!: PickResponse | null;
}

/** One card with its history (开卡, 挂失, 换卡, 作废 …). */
export class CardWithEventsResponse extends CardResponse {
  @ApiProperty({ type: () => describeEntity(MemberCardEvent), isArray: true })
  events!: MemberCardEvent[];
}
