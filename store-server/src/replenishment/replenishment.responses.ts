import { REQUEST_STATUS_VALUES, type RequestStatus } from './replenishment-request.entity';
import { ApiProperty } from '@nestjs/swagger';
import {
  ApiDate,
  ApiDateTime,
  ApiEnum,
  ApiQty,
  ProductLineRow,
  APPROVAL_STATUS_VALUES,
  type ApprovalStatus,
  RequestShipmentRef,
  TransferReceiptLine,
  TransferShipmentLine,
  TransferShipmentWithSettlements,
} from '@chain-erp/shared';

/** Response bodies of replenishment.controllers.ts (the OpenAPI contract, docs/api.md). */

export class SuggestionLine {
  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  soldQty!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  onHand!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  inTransit!: string;

  @ApiProperty({ type: String })
  onOrder!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  minQty!: string | null;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$', nullable: true })
  maxQty!: string | null;

  @ApiProperty({ type: String })
  dailyVelocity!: string;

  @ApiProperty({ type: String })
  reorderPoint!: string;

  @ApiProperty({ type: String })
  orderUpTo!: string;

  @ApiProperty({ type: String })
  suggested!: string;
}

/** A request's status as the store shows it: HQ's approval status once HQ has it, else the local one. */
const REQUEST_OR_APPROVAL_STATUS_VALUES = [...new Set<string>([...REQUEST_STATUS_VALUES, ...APPROVAL_STATUS_VALUES])];

/** A row of the store's request list: the request and, once HQ has it, HQ's status and decision. */
export class ReplenishmentRequestRow {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiDate({ nullable: true })
  wantedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiDateTime({ nullable: true })
  submittedAt!: Date | null;

  @ApiDateTime()
  createdAt!: Date;

  @ApiEnum(REQUEST_OR_APPROVAL_STATUS_VALUES, { description: "HQ's status once HQ has the request, else the store's" })
  status!: RequestStatus | ApprovalStatus;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiDateTime({ nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;
}

/** What HQ decided on the request (its copy of HQ's approval row). */
export class RequestHqDecision {
  @ApiEnum(APPROVAL_STATUS_VALUES)
  status!: ApprovalStatus;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiDateTime({ nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;

  @ApiDateTime({ nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closedBy!: string | null;
}

/** A request line with HQ's quantities beside it (null until HQ has the request). */
export class RequestLineView extends ProductLineRow {
  @ApiQty()
  quantity!: string;

  @ApiQty({ nullable: true })
  suggestedQty!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiQty({ nullable: true })
  approvedQty!: string | null;

  @ApiQty({ nullable: true })
  shippedQty!: string | null;

  @ApiQty({ nullable: true })
  receivedQty!: string | null;

  @ApiQty({ nullable: true })
  cancelledQty!: string | null;

  @ApiProperty({ type: String, nullable: true })
  cutReason!: string | null;
}

export class ReplenishmentRequestGetResponse {
  @ApiProperty({ enum: ['draft', 'cancelled', 'submitted'] })
  localStatus!: 'draft' | 'cancelled' | 'submitted';

  @ApiEnum(REQUEST_OR_APPROVAL_STATUS_VALUES)
  status!: RequestStatus | ApprovalStatus;

  @ApiProperty({ type: () => RequestHqDecision, nullable: true, description: "HQ's copy of the request; null until HQ has it" })
  hq!: RequestHqDecision | null;

  @ApiProperty({ type: () => RequestLineView, isArray: true })
  lines!: RequestLineView[];

  @ApiProperty({ type: () => RequestShipmentRef, isArray: true })
  shipments!: RequestShipmentRef[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String, nullable: true })
  wantedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiProperty({ type: String, nullable: true })
  submittedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class TransferReceiptShipmentsItemLocalReceiptResponse {
  @ApiProperty({ type: String })
  shipment_id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;
}

export class TransferReceiptShipmentsItem {
  @ApiProperty({ type: Boolean })
  inTransit!: boolean;

  @ApiProperty({ type: () => TransferReceiptShipmentsItemLocalReceiptResponse, nullable: true })
  localReceipt!: TransferReceiptShipmentsItemLocalReceiptResponse | null;

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  fromWarehouseId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  transitWarehouseId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  toWarehouseId!: string;

  @ApiProperty({ enum: ['draft', 'cancelled', 'received', 'posted'] })
  status!: 'draft' | 'cancelled' | 'received' | 'posted';

  @ApiProperty({ type: String, format: 'date' })
  shipDate!: string;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  receiptId!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  receivedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class TransferReceiptShipmentsResponse {
  @ApiProperty({ type: 'integer' })
  total!: number;

  @ApiProperty({ type: () => TransferReceiptShipmentsItem, isArray: true })
  items!: TransferReceiptShipmentsItem[];
}

export class TransferReceiptShipmentResponse extends TransferShipmentWithSettlements {
  @ApiProperty({ type: () => TransferShipmentLine, isArray: true })
  lines!: TransferShipmentLine[];
}

export class TransferReceiptGetResponse {
  @ApiProperty({ type: () => TransferReceiptLine, isArray: true })
  lines!: TransferReceiptLine[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String })
  number!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  shipmentId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ enum: ['draft', 'cancelled', 'posted'] })
  status!: 'draft' | 'cancelled' | 'posted';

  @ApiProperty({ type: String, format: 'date' })
  receiveDate!: string;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  postedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  postedBy!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  settledAt!: Date | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}
