import { IsPlainText } from '@chain-erp/shared';
import { CARD_PRICINGS, CardPricing, CodeField, PageQueryDto } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

const RATE = /^(0\.\d{1,4}|1(\.0{1,4})?)$/;
const POINTS_RATE = /^\d{1,6}(\.\d{1,4})?$/;

export class CreateCardTypeDto {
  @CodeField(32, { example: 'GOLD' })
  code: string;

  @ApiProperty({ example: '金卡' })
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: CARD_PRICINGS, description: 'discount: discountRate × retail price; member_price: the product’s member price' })
  @IsIn(CARD_PRICINGS)
  pricing: CardPricing;

  @ApiPropertyOptional({ type: String, example: '0.95', description: 'price factor for discount pricing, 0 < rate ≤ 1 (4 decimals)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(RATE, { message: 'a discount rate is a decimal in (0, 1], e.g. "0.95"' })
  discountRate?: string;

  @ApiProperty({ type: String, example: '1', description: 'points earned per currency unit of a sale' })
  @IsString()
  @IsPlainText()
  @Matches(POINTS_RATE, { message: 'a points rate is a non-negative decimal with at most 4 decimals' })
  pointsRate: string;

  @ApiProperty({ description: 'whether cards of this type hold stored value (储值)' })
  @IsBoolean()
  storedValueAllowed: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 600, description: 'months from issue until the card expires; absent = never' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  validityMonths?: number;
}

export class UpdateCardTypeDto {
  @ApiPropertyOptional({ example: '金卡' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: CARD_PRICINGS })
  @IsOptional()
  @IsIn(CARD_PRICINGS)
  pricing?: CardPricing;

  @ApiPropertyOptional({ type: String, example: '0.95', nullable: true, description: 'null clears it (member_price pricing)' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(RATE, { message: 'a discount rate is a decimal in (0, 1], e.g. "0.95"' })
  discountRate?: string | null;

  @ApiPropertyOptional({ type: String, example: '1' })
  @IsOptional()
  @IsString()
  @IsPlainText()
  @Matches(POINTS_RATE, { message: 'a points rate is a non-negative decimal with at most 4 decimals' })
  pointsRate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  storedValueAllowed?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 600 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  validityMonths?: number;

  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ description: 'row version read before editing; a stale one is a 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  expectedVersion?: number;
}

export class CardTypeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';
}
