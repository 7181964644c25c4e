import { ApiDecimal, ApiEnum, ApiMoney, ApiQty } from '@chain-erp/shared';
import { ApiProperty } from '@nestjs/swagger';
import { PURCHASE_ORDER_STATUS_VALUES, type PurchaseOrderStatus } from './purchase-order.entity';

/**
 * Rows of the purchasing reports (purchasing-reports.service.ts). The grouping of the purchases
 * report changes what `code` and `name` name (a supplier, product, category, month or day), not
 * the columns: one row class per report.
 */
export class PurchasesReportRow {
  @ApiProperty({ type: String, description: 'the group: supplier, product or category code, or the month/day (YYYY-MM, YYYY-MM-DD)' })
  code!: string;

  @ApiProperty({ type: String, description: 'the group’s name (the period again for month and day)' })
  name!: string;

  @ApiQty()
  receivedQty!: string;

  @ApiQty()
  returnedQty!: string;

  @ApiMoney()
  returnedAmount!: string;

  @ApiQty()
  netQty!: string;

  @ApiMoney({ description: 'tax-inclusive, net of returns' })
  netAmount!: string;

  @ApiMoney()
  netTax!: string;

  @ApiMoney({ description: 'of which entered late (补录)' })
  lateEntryAmount!: string;
}

/** The columns the order-line reports share: the order, its supplier and the product. */
class OrderLineReportRow {
  @ApiProperty({ type: String })
  orderNumber!: string;

  @ApiProperty({ type: String, format: 'date' })
  orderDate!: string;

  @ApiEnum(PURCHASE_ORDER_STATUS_VALUES)
  status!: PurchaseOrderStatus;

  @ApiProperty({ type: Boolean })
  lateEntry!: boolean;

  @ApiProperty({ type: String })
  supplierName!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiQty()
  orderedQty!: string;

  @ApiQty()
  receivedQty!: string;
}

export class OpenOrderLineRow extends OrderLineReportRow {
  @ApiProperty({ type: String, format: 'date', nullable: true })
  expectedDate!: string | null;

  @ApiQty()
  outstandingQty!: string;

  @ApiMoney()
  outstandingAmount!: string;

  @ApiProperty({ type: Boolean })
  overdue!: boolean;
}

export class ReceiptVarianceRow extends OrderLineReportRow {
  @ApiProperty({ type: String, nullable: true })
  closeReason!: string | null;

  @ApiQty({ description: 'received − ordered' })
  varianceQty!: string;

  @ApiDecimal(2)
  variancePercent!: string;

  @ApiEnum(['short', 'over', 'exact'])
  variance!: 'short' | 'over' | 'exact';
}

export class SupplierPriceHistoryRow {
  @ApiProperty({ type: String, format: 'date' })
  date!: string;

  @ApiProperty({ type: String })
  receiptNumber!: string;

  @ApiProperty({ type: String })
  supplierName!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiQty()
  quantity!: string;

  @ApiDecimal(4, { description: 'tax-inclusive' })
  unitPrice!: string;

  @ApiDecimal(4, { nullable: true, description: 'the previous receipt price of this supplier and product' })
  previousPrice!: string | null;

  @ApiDecimal(4, { nullable: true })
  change!: string | null;

  @ApiProperty({ type: Boolean })
  lateEntry!: boolean;
}
