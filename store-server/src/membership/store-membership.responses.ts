import { ApiProperty } from '@nestjs/swagger';
import { Member } from '@chain-erp/shared';

/** Response bodies of store-membership.controller.ts (the OpenAPI contract, docs/api.md). */

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
