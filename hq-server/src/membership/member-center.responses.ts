import { ApiProperty } from '@nestjs/swagger';
import { CardView, Member } from '@chain-erp/shared';

/** Response bodies of member-center.controller.ts (the OpenAPI contract, docs/api.md). */

export class LookupResultResponse {
  @ApiProperty({ type: () => Member, nullable: true })
  member!: Member | null;

  @ApiProperty({ type: () => CardView, isArray: true })
  cards!: CardView[];
}

export class ReplaceResultResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  replaceId!: string;

  @ApiProperty({ type: () => CardView })
  lostCard!: CardView;

  @ApiProperty({ type: () => CardView })
  newCard!: CardView;

  @ApiProperty({ type: Boolean })
  replayed!: boolean;
}
