import { IsPlainText } from '@chain-erp/shared';
import { CARD_SCOPES, CardScope, CHECK_DIGIT_SCHEMES, CheckDigitScheme, PageQueryDto } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';

export class CreateCardBatchDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4')
  cardTypeId: string;

  @ApiProperty({ enum: CARD_SCOPES, description: 'chain: used in every store; store: 本店卡, issued and used at the owning store only' })
  @IsIn(CARD_SCOPES)
  scope: CardScope;

  @ApiPropertyOptional({ example: 'VIP', description: '0-8 capital letters or digits before the number; ranges never overlap within one prefix' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(/^[A-Z0-9]{0,8}$/, { message: 'a prefix is up to 8 capital letters or digits' })
  prefix?: string;

  @ApiProperty({ example: 1, minimum: 0, maximum: 999_999_999_999_999, description: 'first card number' })
  @IsInt()
  @Min(0)
  @Max(999_999_999_999_999)
  startNo: number;

  @ApiProperty({ example: 100, minimum: 1, maximum: 100_000 })
  @IsInt()
  @Min(1)
  @Max(100_000)
  quantity: number;

  @ApiPropertyOptional({ example: 10, minimum: 4, maximum: 15, default: 10, description: 'digits of the number, zero-padded' })
  @IsOptional()
  @IsInt()
  @Min(4)
  @Max(15)
  numberWidth?: number;

  @ApiPropertyOptional({ enum: CHECK_DIGIT_SCHEMES, default: 'none', description: 'luhn appends a check digit that catches typing errors' })
  @IsOptional()
  @IsIn(CHECK_DIGIT_SCHEMES)
  checkDigit?: CheckDigitScheme;

  @ApiPropertyOptional({ format: 'uuid', description: 'the store receiving the blank cards (required for 本店卡); absent = made and kept at HQ' })
  @IsOptional()
  @IsUUID('4')
  ownerStoreId?: string;

  @ApiPropertyOptional({ example: '2026 春季金卡' })
  @IsOptional()
  @IsString()
  @IsPlainText({ multiline: true })
  @Length(1, 200)
  note?: string;
}

export class CardBatchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'owning store (a store user always sees its own)' })
  @IsOptional()
  @IsUUID('4')
  storeId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  cardTypeId?: string;
}
