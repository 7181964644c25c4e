import { ApiProperty } from '@nestjs/swagger';
import { ApiDecimal, ApiEnum, ApiMoney, ApiQty } from '../common/http/api-contract';
import { PROMOTION_KIND_VALUES, type PromotionKind } from './promotion.rules';

/** Response bodies of promotion-report.service.ts (the OpenAPI contract, docs/api.md). */

/** A row of 促销分析: one promotion over the period's sales lines it took part in (no 合计 row: a line in two promotions counts in both). */
export class PromotionReportRow {
  @ApiProperty({ type: String, description: 'the promotion id as the sale line recorded it' })
  promotionId!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiEnum(PROMOTION_KIND_VALUES)
  kind!: PromotionKind;

  @ApiProperty({ type: 'integer', description: 'receipts with a line of the promotion' })
  baskets!: number;

  @ApiQty()
  qty!: string;

  @ApiMoney({ description: 'what the lines sold for' })
  sales!: string;

  @ApiMoney({ description: 'the discount the promotion gave' })
  discount!: string;

  @ApiMoney({ description: 'cost of the lines with a recorded cost' })
  cost!: string;

  @ApiMoney()
  margin!: string;

  @ApiDecimal(2, { nullable: true, description: 'margin ÷ sales with a cost × 100 (null without them)' })
  marginPercent!: string | null;

  @ApiMoney({ description: 'refunded of those lines since' })
  refunded!: string;
}
