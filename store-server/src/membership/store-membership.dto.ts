import { IsPlainText } from '@chain-erp/shared';
import { CARD_SCOPES, CARD_STATES, CardScope, CardState, PageQueryDto } from '@chain-erp/shared';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

export class StoreCardQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CARD_STATES, description: 'assigned = blank cards ready to issue' })
  @IsOptional()
  @IsIn(CARD_STATES)
  state?: CardState;

  @ApiPropertyOptional({ enum: CARD_SCOPES })
  @IsOptional()
  @IsIn(CARD_SCOPES)
  scope?: CardScope;

  @ApiPropertyOptional({ description: 'card numbers starting with this' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(/^[A-Z0-9]{1,40}$/, { message: 'capital letters and digits' })
  cardNo?: string;
}
