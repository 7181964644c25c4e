import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiDate, ApiDecimal, ApiMoney, ApiQty } from '../common/http/api-contract';

/** Response bodies of reports.controllers.ts (the OpenAPI contract, docs/api.md). */

const GROUP = (by: string) => ({ description: `present when grouped by ${by} (null in the 合计 row)`, nullable: true });

/**
 * The grouping columns of a sales report row (`groupBy`: one or two of store, product, category,
 * cashier, hour, day): a row has the columns of its grouping only; the 合计 row has them null.
 */
export class SalesGroupColumns {
  @ApiPropertyOptional({ type: String, ...GROUP('store') })
  storeCode?: string | null;

  @ApiPropertyOptional({ type: String, ...GROUP('product') })
  productCode?: string | null;

  @ApiPropertyOptional({ type: String, ...GROUP('product') })
  productName?: string | null;

  @ApiPropertyOptional({ type: String, ...GROUP('category (null: products without a category)') })
  categoryCode?: string | null;

  @ApiPropertyOptional({ type: String, ...GROUP('category (未分类: products without one)') })
  categoryName?: string | null;

  @ApiPropertyOptional({ type: String, ...GROUP('cashier') })
  cashierName?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 23, ...GROUP('hour (the local hour of the sale)') })
  hour?: number | null;

  @ApiDate({ ...GROUP('day (the business day)'), optional: true })
  day?: string | null;
}

/** A row of 销售分析 (and its 合计 row): net sales, refunds deducted. */
export class SalesReportRow extends SalesGroupColumns {
  @ApiQty({ description: 'net quantity' })
  qty!: string;

  @ApiMoney({ description: 'net sales' })
  amount!: string;

  @ApiMoney()
  discount!: string;

  @ApiProperty({ type: 'integer' })
  receipts!: number;

  @ApiProperty({ type: 'integer' })
  refunds!: number;

  @ApiMoney({ nullable: true, description: 'amount ÷ receipts (null without receipts)' })
  avgBasket!: string | null;
}

/** A row of 毛利 (and its 合计 row): cost and margin over the sales with a recorded cost. */
export class GrossMarginReportRow extends SalesGroupColumns {
  @ApiQty({ description: 'net quantity' })
  qty!: string;

  @ApiMoney({ description: 'net sales' })
  amount!: string;

  @ApiMoney({ description: 'net sales with a recorded cost' })
  costedAmount!: string;

  @ApiMoney({ description: 'cost of sales (moving average)' })
  cost!: string;

  @ApiMoney()
  margin!: string;

  @ApiDecimal(2, { nullable: true, description: 'margin ÷ costed sales × 100 (null without costed sales)' })
  marginPercent!: string | null;

  @ApiMoney({ description: 'net sales without a recorded cost (left out of cost and margin)' })
  uncostedAmount!: string;
}

/** A row of 会员消费 (and its 合计 row). */
export class MemberSalesReportRow extends SalesGroupColumns {
  @ApiProperty({ type: 'integer' })
  receipts!: number;

  @ApiProperty({ type: 'integer' })
  memberReceipts!: number;

  @ApiMoney({ description: 'net sales' })
  amount!: string;

  @ApiMoney({ description: 'net sales with a member card' })
  memberAmount!: string;

  @ApiDecimal(2, { nullable: true, description: 'member share of net sales, % (null without sales)' })
  memberShare!: string | null;
}

/** The amounts of 库存金额汇总: a warehouse's row and the 合计 row. */
export class WarehouseStockTotals {
  @ApiProperty({ type: 'integer', description: 'products in stock' })
  products!: number;

  @ApiQty({ description: 'quantity on hand' })
  qty!: string;

  @ApiMoney({ description: 'at moving-average cost' })
  value!: string;
}

/** A warehouse's row of 库存金额汇总. */
export class WarehouseStockRow extends WarehouseStockTotals {
  @ApiProperty({ type: String })
  warehouseCode!: string;

  @ApiProperty({ type: String })
  warehouseName!: string;
}

/** The amounts of 滞销商品 and 库存可售天数: a product's row and the 合计 row. */
export class StockMovementTotals {
  @ApiQty()
  onHand!: string;

  @ApiMoney({ description: 'stock value at moving-average cost' })
  value!: string;

  @ApiQty({ description: 'net sold over the window (refunds deducted)' })
  sold!: string;
}

/** A warehouse × product row of 滞销商品 and 库存可售天数. */
export class StockMovementRow extends StockMovementTotals {
  @ApiProperty({ type: String })
  warehouseCode!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiQty({ description: 'sold ÷ days of the window' })
  avgDailySold!: string;

  @ApiQty({ nullable: true, description: 'on hand ÷ average daily sales (null: nothing sold, no demand to cover)' })
  daysOfCover!: string | null;

  @ApiDate({ nullable: true, description: 'last business day it sold in the window' })
  lastSold!: string | null;
}

/** The amounts of 会员负债: a card type × store row and the 合计 row. */
class MemberLiabilityAmounts {
  @ApiProperty({ type: 'integer', description: 'cards with a balance' })
  cards!: number;

  @ApiMoney({ description: 'outstanding points' })
  points!: string;

  @ApiMoney({ description: 'stored value' })
  storedValue!: string;
}

/** A card type × owner store row of 会员负债. */
export class MemberLiabilityRow extends MemberLiabilityAmounts {
  @ApiProperty({ type: String })
  cardTypeCode!: string;

  @ApiProperty({ type: String })
  cardTypeName!: string;

  @ApiProperty({ type: String, description: "the card's owner store (HQ: not yet with a store)" })
  storeCode!: string;
}

/** The 合计 row: the sums, its row columns null. */
export class MemberLiabilityTotals extends MemberLiabilityAmounts {
  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  cardTypeCode!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  cardTypeName!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'null in the 合计 row' })
  storeCode!: string | null;
}
