import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const SALES_DIMENSIONS = ['store', 'product', 'category', 'cashier', 'hour', 'day'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];
const GROUP_BY = new RegExp(`^(${SALES_DIMENSIONS.join('|')})(,(${SALES_DIMENSIONS.join('|')}))?$`);

/** Every report: JSON page (default) or the whole report as .xlsx with Chinese and English header rows. */
export class ReportFormatDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'xlsx'], default: 'json', description: 'xlsx: every row as an Excel download (中文 + English headers, totals row)' })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';

  @ApiPropertyOptional({ format: 'uuid', description: 'one store (HQ users; a store user always sees only its own store)' })
  @IsOptional()
  @IsUUID()
  storeId?: string;
}

/** A period of business days, both ends included. */
export class ReportPeriodDto extends ReportFormatDto {
  @ApiProperty({ example: '2026-11-01', description: 'first business day (YYYY-MM-DD)' })
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: '2026-11-30', description: 'last business day (YYYY-MM-DD), not before `from`' })
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to: string;
}

/** 销售报表 / 毛利报表 filters. */
export class SalesReportQueryDto extends ReportPeriodDto {
  @ApiProperty({ example: 'store,day', description: `one or two of ${SALES_DIMENSIONS.join(', ')} (comma separated); hour is the local hour of the sale` })
  @Matches(GROUP_BY, { message: `groupBy must be one or two of ${SALES_DIMENSIONS.join(', ')}` })
  groupBy: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'category and its subcategories' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'sales and refunds rung up by this cashier' })
  @IsOptional()
  @IsUUID()
  cashierId?: string;
}

/** 会员消费 filters. */
export class MemberSalesQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: ['store', 'day'], default: 'store' })
  @IsOptional()
  @IsIn(['store', 'day'])
  groupBy?: 'store' | 'day';
}

/** 滞销商品 / 库存可售天数 filters. */
export class StockMovementQueryDto extends ReportFormatDto {
  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 366, description: 'sales window: the last N business days up to `asOf`' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(366)
  days?: number;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'last day of the window (default today)' })
  @IsOptional()
  @Matches(DATE, { message: 'asOf must be YYYY-MM-DD' })
  asOf?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'category and its subcategories' })
  @IsOptional()
  @IsUUID()
  categoryId?: string;
}

export class SlowMoversQueryDto extends StockMovementQueryDto {
  @ApiPropertyOptional({ default: 0, minimum: 0, description: 'slow = net quantity sold in the window at most this (0: no sales at all)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  maxSold?: number;
}

export class WarehouseSummaryQueryDto extends ReportFormatDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  warehouseId?: string;
}

export class LiabilityQueryDto extends ReportFormatDto {
  @ApiPropertyOptional({ example: '2026-11-30', description: 'balances at the end of this day, from the member ledger (default: now, from the cards)' })
  @IsOptional()
  @Matches(DATE, { message: 'asOf must be YYYY-MM-DD' })
  asOf?: string;
}
