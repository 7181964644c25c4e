import { ApiProperty } from '@nestjs/swagger';
import { Member } from '@chain-erp/shared';

/** Response bodies of store-membership.controller.ts (the OpenAPI contract, docs/api.md). */

export class PickResponse3 {
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

export class CardResponse3 {
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

  @ApiProperty({ type: () => PickResponse3, nullable: true })
  cardType!: PickResponse3 | null;
}

export class IssueResultResponse2 {
  @ApiProperty({ type: String, format: 'uuid' })
  issueId!: string;

  @ApiProperty({ type: () => CardResponse3 })
  card!: CardResponse3;

  @ApiProperty({ type: () => Member })
  member!: Member;

  @ApiProperty({ type: Boolean })
  replayed!: boolean;
}

export class StoreLookupResponse {
  @ApiProperty({ type: () => Member, nullable: true })
  member!: Member | null;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  cards!: unknown;

  @ApiProperty({ type: Boolean })
  online!: boolean;
}

export class MemberSettingsResponse {
  @ApiProperty({ enum: ['chain', 'store', 'both'] })
  cardMode!: 'chain' | 'store' | 'both';

  @ApiProperty({ type: String, nullable: true })
  memberCenterUrl!: string | null;

  @ApiProperty({ type: String, nullable: true })
  effectiveMemberCenterUrl!: string | null;
}
