import { IsPlainText } from '@chain-erp/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { moneyPattern, PageQueryDto, PROMOTION_KINDS, PromotionKind } from '@chain-erp/shared';

const MONEY = moneyPattern('zeroOrMore');
const MONEY_MSG = 'an amount ≥ 0 with at most 2 decimals, e.g. "9.90"';

export class PriceChangeLineDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') productId: string;
  @ApiPropertyOptional({ example: '3.20', description: 'new retail price (零售价); absent: unchanged' }) @IsOptional() @Matches(MONEY, { message: MONEY_MSG }) retailPrice?: string;
  @ApiPropertyOptional({ example: '2.90', description: 'new member price (会员价)' }) @IsOptional() @Matches(MONEY, { message: MONEY_MSG }) memberPrice?: string;
  @ApiPropertyOptional({ example: '2.60', description: 'new wholesale price (批发价)' }) @IsOptional() @Matches(MONEY, { message: MONEY_MSG }) wholesalePrice?: string;
}

export class SavePriceChangeDto {
  @ApiPropertyOptional({ type: [String], description: 'stores it applies to; absent or null: every store' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  storeIds?: string[] | null;
  @ApiProperty({ example: '2026-12-08T08:00:00+08:00', description: 'when the new prices take effect' }) @IsISO8601({ strict: true }) effectiveFrom: string;
  @ApiPropertyOptional({ description: 'when they end (the prices before come back); absent: until changed again' }) @IsOptional() @IsISO8601({ strict: true }) effectiveTo?:
    string | null;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) reason?: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: 'the approved document this one corrects' }) @IsOptional() @IsUUID('4') correctsId?: string | null;
  @ApiProperty({ type: [PriceChangeLineDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => PriceChangeLineDto)
  lines: PriceChangeLineDto[];
  @ApiPropertyOptional({ description: 'row version last read (updates); a stale one gets 409 VERSION_CONFLICT' }) @IsOptional() @IsInt() expectedVersion?: number;
}

export class PriceChangeQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'approved', 'cancelled'] }) @IsOptional() @IsIn(['draft', 'approved', 'cancelled']) status?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'documents with a line for this product' }) @IsOptional() @IsUUID('4') productId?: string;
}

export class PricingReasonDto {
  @ApiProperty({ minLength: 1, maxLength: 500 }) @IsString() @IsPlainText({ multiline: true }) @MinLength(1) @MaxLength(500) reason: string;
}

export class SavePromotionDto {
  @ApiProperty({ maxLength: 100, example: '周末可乐第二件半价' }) @IsString() @IsPlainText() @MinLength(1) @MaxLength(100) name: string;
  @ApiProperty({ enum: Object.keys(PROMOTION_KINDS) }) @IsIn(Object.keys(PROMOTION_KINDS)) kind: PromotionKind;
  @ApiPropertyOptional({ description: 'higher applies first (default 0)' }) @IsOptional() @IsInt() @Min(-1000) @Max(1000) priority?: number;
  @ApiPropertyOptional({ description: 'combines with other stackable promotions on the same lines (default true); false: exclusive' })
  @IsOptional()
  @IsBoolean()
  stackable?: boolean;
  @ApiProperty({ description: 'kind-specific rules (docs/promotions.md)', example: { scope: { productIds: ['…'] }, n: 2, percent: '50' } }) @IsObject() rules: Record<
    string,
    unknown
  >;
  @ApiPropertyOptional({ type: [String], description: 'stores; absent or null: every store' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @IsUUID('4', { each: true })
  storeIds?: string[] | null;
  @ApiProperty({ example: '2026-12-12T00:00:00+08:00' }) @IsISO8601({ strict: true }) startsAt: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, example: '2026-12-14T00:00:00+08:00' }) @IsOptional() @IsISO8601({ strict: true }) endsAt?:
    string | null;
  @ApiPropertyOptional({ type: [Number], description: 'ISO weekdays 1 (Mon) – 7 (Sun); absent: every day' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  daysOfWeek?: number[] | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '17:00', description: 'local time; with timeTo; from > to runs over midnight' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/)
  timeFrom?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '21:00' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) timeTo?: string | null;
  @ApiPropertyOptional({ description: 'only with a member card' }) @IsOptional() @IsBoolean() membersOnly?: boolean;
  @ApiPropertyOptional({ type: [String], description: 'only cards of these types' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUUID('4', { each: true }) cardTypeIds?:
    string[] | null;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @IsPlainText({ multiline: true }) @MaxLength(500) note?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsInt() expectedVersion?: number;
}

export class PromotionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['draft', 'approved', 'stopped', 'cancelled'] }) @IsOptional() @IsIn(['draft', 'approved', 'stopped', 'cancelled']) status?: string;
  @ApiPropertyOptional({ enum: Object.keys(PROMOTION_KINDS) }) @IsOptional() @IsIn(Object.keys(PROMOTION_KINDS)) kind?: string;
  @ApiPropertyOptional({ description: 'in force at this moment (ISO time)' }) @IsOptional() @IsISO8601({ strict: true }) activeAt?: string;
}

export class StopPromotionDto extends PricingReasonDto {
  @ApiPropertyOptional({ description: 'when it stops (default now; not in the past)' }) @IsOptional() @IsISO8601({ strict: true }) at?: string;
}
