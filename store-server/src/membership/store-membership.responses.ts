import { ApiProperty, OmitType } from '@nestjs/swagger';
import { CardView, Member } from '@chain-erp/shared';

/** Response bodies of store-membership.controller.ts (the OpenAPI contract, docs/api.md). */

/** A card as the store's counter sees it: a chain card's balances unknown (null) while HQ is unreachable. */
export class StoreLookupCard extends OmitType(CardView, ['pointsBalance', 'storedValueBalance'] as const) {
  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  pointsBalance!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  storedValueBalance!: string | null;

  @ApiProperty({ type: Boolean, description: 'false: a chain card looked up offline, its balances not known here' })
  balancesKnown!: boolean;
}

export class StoreLookupResponse {
  @ApiProperty({ type: () => Member, nullable: true })
  member!: Member | null;

  @ApiProperty({ type: () => StoreLookupCard, isArray: true })
  cards!: StoreLookupCard[];

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
