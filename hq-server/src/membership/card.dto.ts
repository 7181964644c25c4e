import { IsPlainText } from '@chain-erp/shared';
import { CARD_SCOPES, CARD_STATES, CardScope, CardState, PageQueryDto } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';

const CARD_NO = /^[A-Z0-9]{4,40}$/;
const CARD_NO_MESSAGE = 'a card number is 4-40 capital letters and digits';

/** 卡流水: one card's balance changes, paged (newest first unless `sort=at`). */
export class CardLedgerQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['points', 'stored_value'], description: 'one account only (积分 or 储值)' })
  @IsOptional()
  @IsIn(['points', 'stored_value'])
  account?: 'points' | 'stored_value';
}

export class CardQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'holding store (a store user always sees its own)' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;

  @ApiPropertyOptional({ enum: CARD_STATES })
  @IsOptional()
  @IsIn(CARD_STATES)
  state?: CardState;

  @ApiPropertyOptional({ enum: CARD_SCOPES })
  @IsOptional()
  @IsIn(CARD_SCOPES)
  scope?: CardScope;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  cardTypeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  batchId?: string;

  @ApiPropertyOptional({ description: 'card numbers starting with this' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(/^[A-Z0-9]{1,40}$/, { message: 'capital letters and digits' })
  cardNo?: string;
}

export class CardReportQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'one store (a store user always sees its own)' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;
}

export class MoveCardsDto {
  @ApiPropertyOptional({ type: [String], description: 'the cards to move; or give fromCardNo and toCardNo', maxItems: 10_000 })
  @ValidateIf((o: MoveCardsDto) => o.fromCardNo === undefined && o.toCardNo === undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @Matches(CARD_NO, { each: true, message: CARD_NO_MESSAGE })
  cardNos?: string[];

  @ApiPropertyOptional({ description: 'first card of a run within one batch' })
  @ValidateIf((o: MoveCardsDto) => o.cardNos === undefined)
  @IsString()
  @IsPlainText()
  @Matches(CARD_NO, { message: CARD_NO_MESSAGE })
  fromCardNo?: string;

  @ApiPropertyOptional({ description: 'last card of the run (same batch as fromCardNo)' })
  @ValidateIf((o: MoveCardsDto) => o.cardNos === undefined)
  @IsString()
  @IsPlainText()
  @Matches(CARD_NO, { message: CARD_NO_MESSAGE })
  toCardNo?: string;

  @ApiProperty({ format: 'uuid', description: 'the store receiving the blank cards' })
  @IsUUID('4')
  toStoreId: string;

  @ApiProperty({ example: '二号店空卡不足' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  reason: string;
}

export class VoidCardDto {
  @ApiProperty({ example: '卡面损坏' })
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  reason: string;
}
