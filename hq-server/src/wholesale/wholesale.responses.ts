import { ApiDate, ApiDateTime, ApiDecimal, ApiEnum, ApiId, ApiInt, ApiMoney, ApiQty, CodeNameRef, describeEntity, ShippedBatchView } from '@chain-erp/shared';
import {
  PRICE_SOURCE_VALUES,
  type PriceSource,
  WHOLESALE_DOC_STATUS_VALUES,
  WHOLESALE_ORDER_STATUS_VALUES,
  type WholesaleDocStatus,
  WholesaleDelivery,
  WholesaleOrder,
  type WholesaleOrderStatus,
  WholesaleReturn,
} from './wholesale.entity';
import { ApiProperty } from '@nestjs/swagger';

/** Response bodies of wholesale.controllers.ts (the OpenAPI contract, docs/api.md). */

/** Columns every wholesale document list shows. */
class WholesaleListRow {
  @ApiId()
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiId()
  customerId!: string;

  @ApiProperty({ type: String })
  customerCode!: string;

  @ApiProperty({ type: String })
  customerName!: string;

  @ApiProperty({ type: String })
  warehouseName!: string;

  @ApiProperty({ type: String, description: 'the status as the console shows it (草稿, 已审核…)' })
  statusZh!: string;

  @ApiQty()
  totalQty!: string;

  @ApiMoney()
  totalAmount!: string;

  @ApiDateTime()
  createdAt!: string;
}

/** A row of the wholesale order list (批发订单). */
export class WholesaleOrderRow extends WholesaleListRow {
  @ApiDate()
  orderDate!: string;

  @ApiDate({ nullable: true })
  expectedDate!: string | null;

  @ApiEnum(WHOLESALE_ORDER_STATUS_VALUES)
  status!: WholesaleOrderStatus;

  @ApiProperty({ type: Boolean })
  creditExceeded!: boolean;
}

/** The 合计 row of the order and return lists. */
export class WholesaleQtyAmountTotals {
  @ApiQty({ nullable: true })
  totalQty!: string | null;

  @ApiMoney({ nullable: true })
  totalAmount!: string | null;
}

/** Columns the delivery and return lists share. */
class WholesaleDocRowBase extends WholesaleListRow {
  @ApiDate()
  businessDate!: string;

  @ApiEnum(WHOLESALE_DOC_STATUS_VALUES)
  status!: WholesaleDocStatus;
}

/** A row of the wholesale delivery list (批发出库). */
export class WholesaleDeliveryRow extends WholesaleDocRowBase {
  @ApiDate({ nullable: true })
  dueDate!: string | null;

  @ApiId()
  orderId!: string;

  @ApiProperty({ type: String })
  orderNumber!: string;

  @ApiMoney()
  totalCost!: string;
}

/** The 合计 row of the delivery list. */
export class WholesaleDeliveryTotals extends WholesaleQtyAmountTotals {
  @ApiMoney({ nullable: true })
  totalCost!: string | null;
}

/** A row of the wholesale return list (批发退货). */
export class WholesaleReturnRow extends WholesaleDocRowBase {
  @ApiId()
  deliveryId!: string;

  @ApiProperty({ type: String })
  deliveryNumber!: string;

  @ApiProperty({ type: String })
  reason!: string;
}

/** A row of the contract price list (客户协议价). */
export class CustomerPriceRow {
  @ApiId()
  id!: string;

  @ApiId()
  customerId!: string;

  @ApiProperty({ type: String })
  customerCode!: string;

  @ApiProperty({ type: String })
  customerName!: string;

  @ApiId()
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiDecimal(4, { description: 'price incl. tax' })
  price!: string;

  @ApiDate()
  validFrom!: string;

  @ApiDate({ nullable: true })
  validTo!: string | null;
}

/** A wholesale document's customer with the contact facts a delivery note prints. */
export class WholesaleCustomerSummary extends CodeNameRef {
  @ApiProperty({ type: String, nullable: true })
  contact!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;
}

/** The columns every wholesale document's line shows (its product by code and name). */
export class WholesaleLineRow {
  @ApiId()
  id!: string;

  @ApiInt()
  lineNo!: number;

  @ApiId()
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String, nullable: true })
  unitName!: string | null;

  @ApiQty()
  quantity!: string;

  @ApiDecimal(4, { description: 'tax-inclusive unit price' })
  unitPrice!: string;

  @ApiDecimal(2)
  taxRate!: string;

  @ApiMoney()
  amount!: string;

  @ApiMoney()
  taxAmount!: string;
}

export class WholesaleOrderLineRow extends WholesaleLineRow {
  @ApiProperty({ type: String, nullable: true })
  specification!: string | null;

  @ApiProperty({ type: Boolean })
  batchManaged!: boolean;

  @ApiDecimal(4)
  listPrice!: string;

  @ApiEnum(PRICE_SOURCE_VALUES)
  priceSource!: PriceSource;

  @ApiQty()
  deliveredQty!: string;

  @ApiQty()
  outstandingQty!: string;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

export class WholesaleDeliveryLineRow extends WholesaleLineRow {
  @ApiId()
  orderLineId!: string;

  @ApiProperty({ type: String, nullable: true })
  specification!: string | null;

  @ApiDecimal(6, { nullable: true })
  unitCost!: string | null;

  @ApiDecimal(6, { nullable: true })
  costAmount!: string | null;

  @ApiProperty({ type: String, nullable: true })
  batchNo!: string | null;

  @ApiProperty({ type: () => ShippedBatchView, isArray: true })
  batches!: ShippedBatchView[];

  @ApiQty()
  returnedQty!: string;

  @ApiProperty({ type: String, description: 'the batch numbers, comma separated (for print)' })
  batchList!: string;
}

export class WholesaleReturnLineRow extends WholesaleLineRow {
  @ApiId()
  deliveryLineId!: string;

  @ApiDecimal(6, { nullable: true })
  unitCost!: string | null;

  @ApiDecimal(6, { nullable: true })
  costAmount!: string | null;

  @ApiProperty({ type: () => ShippedBatchView, isArray: true, description: 'batches taken back' })
  batches!: ShippedBatchView[];
}

export class WholesaleOrderGetResponse extends describeEntity(WholesaleOrder) {
  @ApiProperty({ type: () => WholesaleCustomerSummary })
  customer!: WholesaleCustomerSummary;

  @ApiProperty({ type: () => CodeNameRef })
  warehouse!: CodeNameRef;

  @ApiProperty({ type: () => WholesaleOrderLineRow, isArray: true })
  lines!: WholesaleOrderLineRow[];
}

export class WholesaleDeliveryGetOrderResponse {
  @ApiProperty({ type: String })
  statusZh!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiEnum(WHOLESALE_ORDER_STATUS_VALUES)
  status!: WholesaleOrderStatus;
}

export class WholesaleDeliveryGetReceivableResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  itemId!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ type: String })
  open!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;
}

export class WholesaleDeliveryGetResponse extends describeEntity(WholesaleDelivery) {
  @ApiProperty({ type: () => WholesaleDeliveryGetOrderResponse })
  order!: WholesaleDeliveryGetOrderResponse;

  @ApiProperty({ type: () => WholesaleCustomerSummary })
  customer!: WholesaleCustomerSummary;

  @ApiProperty({ type: () => CodeNameRef })
  warehouse!: CodeNameRef;

  @ApiProperty({ type: () => WholesaleDeliveryLineRow, isArray: true })
  lines!: WholesaleDeliveryLineRow[];

  @ApiProperty({ type: () => WholesaleDeliveryGetReceivableResponse, nullable: true })
  receivable!: WholesaleDeliveryGetReceivableResponse | null;
}

export class WholesaleReturnGetDeliveryResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;
}

export class WholesaleReturnGetCreditResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  itemId!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  amount!: string;

  @ApiProperty({ type: String })
  unapplied!: string;
}

export class WholesaleReturnGetResponse extends describeEntity(WholesaleReturn) {
  @ApiProperty({ type: () => WholesaleReturnGetDeliveryResponse })
  delivery!: WholesaleReturnGetDeliveryResponse;

  @ApiProperty({ type: () => CodeNameRef })
  customer!: CodeNameRef;

  @ApiProperty({ type: () => WholesaleReturnLineRow, isArray: true })
  lines!: WholesaleReturnLineRow[];

  @ApiProperty({ type: () => WholesaleReturnGetCreditResponse, nullable: true })
  credit!: WholesaleReturnGetCreditResponse | null;
}

/** The price a wholesale line would get for one product, and where it comes from. */
export class WholesalePriceQuoteItem {
  @ApiId()
  productId!: string;

  @ApiDecimal(4)
  price!: string;

  @ApiEnum(PRICE_SOURCE_VALUES)
  source!: PriceSource;
}

export class WholesalePriceQuoteResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String })
  priceLevel!: string;

  @ApiProperty({ type: String })
  on!: string;

  @ApiProperty({ type: () => WholesalePriceQuoteItem, isArray: true })
  items!: WholesalePriceQuoteItem[];
}

export class WholesalePriceCreditCustomerResponse extends CodeNameRef {
  @ApiProperty({ type: String })
  priceLevel!: string;

  @ApiProperty({ type: 'integer', nullable: true })
  paymentTermsDays!: number | null;
}

export class WholesalePriceCreditResponse {
  @ApiProperty({ type: () => WholesalePriceCreditCustomerResponse })
  customer!: WholesalePriceCreditCustomerResponse;

  @ApiProperty({ type: String })
  creditLimit!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  balance!: string;

  @ApiProperty({ type: String })
  openOrders!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  available!: string;
}

export class WholesalePriceRemoveResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: Boolean })
  deleted!: unknown;
}
