import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUrl, Length, ValidateIf } from 'class-validator';

export const CARD_MODES = ['chain', 'store', 'both'] as const;
export type CardMode = (typeof CARD_MODES)[number];

/** 会员设置 of this store (the whole document: both fields are always sent). */
export class MemberSettingsDto {
  @ApiProperty({ enum: CARD_MODES, description: 'which cards this store issues: chain cards, its own cards (本店卡), or both' })
  @IsIn(CARD_MODES)
  cardMode: CardMode;

  @ApiProperty({ type: String, nullable: true, example: 'http://hq.example.com:3000', description: 'member-center address; null = the HQ address' })
  @ValidateIf((o: MemberSettingsDto) => o.memberCenterUrl !== null)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @Length(1, 300)
  memberCenterUrl: string | null;
}
