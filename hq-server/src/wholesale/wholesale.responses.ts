import { ApiEnum, CodeNameRef } from '@chain-erp/shared';
import { WHOLESALE_ORDER_STATUS_VALUES, type WholesaleOrderStatus } from './wholesale.entity';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Response bodies of wholesale.controllers.ts (the OpenAPI contract, docs/api.md). */

export class WholesaleOrderListResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;

  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  totals?: Record<string, unknown>;
}

export class WholesaleOrderGetCustomerResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  contact!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;
}

export class WholesaleOrderGetResponse {
  @ApiProperty({ type: () => WholesaleOrderGetCustomerResponse })
  customer!: WholesaleOrderGetCustomerResponse;

  @ApiProperty({ type: () => CodeNameRef })
  warehouse!: CodeNameRef;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  lines!: unknown;

  @ApiProperty({ enum: ['draft', 'approved', 'cancelled', 'submitted', 'closed', 'partially_delivered', 'delivered'] })
  status!: 'draft' | 'approved' | 'cancelled' | 'submitted' | 'closed' | 'partially_delivered' | 'delivered';

  @ApiProperty({ type: String, format: 'date' })
  orderDate!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expectedDate!: string | null;

  @ApiProperty({ type: String })
  priceLevel!: string;

  @ApiProperty({ type: String, nullable: true })
  submittedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  approvedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  creditLimit!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  creditBalance!: string | null;

  @ApiProperty({ type: String, nullable: true })
  creditOpenOrders!: string | null;

  @ApiProperty({ type: String, nullable: true })
  creditExposure!: string | null;

  @ApiProperty({ type: Boolean })
  creditExceeded!: boolean;

  @ApiProperty({ type: String, nullable: true })
  creditApprovedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  closedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closeReason!: string | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalTax!: string;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
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

export class WholesaleDeliveryGetCustomerResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

  @ApiProperty({ type: String, nullable: true })
  contact!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;
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

export class WholesaleDeliveryGetResponse {
  @ApiProperty({ type: () => WholesaleDeliveryGetOrderResponse })
  order!: WholesaleDeliveryGetOrderResponse;

  @ApiProperty({ type: () => WholesaleDeliveryGetCustomerResponse })
  customer!: WholesaleDeliveryGetCustomerResponse;

  @ApiProperty({ type: () => CodeNameRef })
  warehouse!: CodeNameRef;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  lines!: unknown;

  @ApiProperty({ type: () => WholesaleDeliveryGetReceivableResponse, nullable: true })
  receivable!: WholesaleDeliveryGetReceivableResponse | null;

  @ApiProperty({ type: String, format: 'uuid' })
  orderId!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  dueDate!: string | null;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, format: 'date' })
  businessDate!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalCost!: string;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalTax!: string;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
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

export class WholesaleReturnGetResponse {
  @ApiProperty({ type: () => WholesaleReturnGetDeliveryResponse })
  delivery!: WholesaleReturnGetDeliveryResponse;

  @ApiProperty({ type: () => CodeNameRef })
  customer!: CodeNameRef;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  lines!: unknown;

  @ApiProperty({ type: () => WholesaleReturnGetCreditResponse, nullable: true })
  credit!: WholesaleReturnGetCreditResponse | null;

  @ApiProperty({ type: String, format: 'uuid' })
  deliveryId!: string;

  @ApiProperty({ type: String })
  reason!: string;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, format: 'date' })
  businessDate!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalCost!: string;

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey!: string | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  orgUnitId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalAmount!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  totalTax!: string;

  @ApiProperty({ type: String, nullable: true })
  remark!: string | null;

  @ApiProperty({ type: String, nullable: true })
  createdBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cancelledBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class WholesalePriceQuoteResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  customerId!: string;

  @ApiProperty({ type: String })
  priceLevel!: string;

  @ApiProperty({ type: String })
  on!: string;

  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  items!: unknown;
}

export class WholesalePriceCreditCustomerResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  code!: string;

  @ApiProperty({ type: String })
  name!: string;

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
