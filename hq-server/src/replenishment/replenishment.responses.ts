import { ApiProperty } from '@nestjs/swagger';
import { ApiDateTime, ApiDecimal, ApiId, ApiQty, ProductLineRow, RequestShipmentRef, ShippedBatchView, TransferShipmentWithSettlements } from '@chain-erp/shared';

/** Response bodies of replenishment.controllers.ts (the OpenAPI contract, docs/api.md). */

/** A request line as HQ shows it (quantities as exact text; product null if HQ does not know it). */
export class RequestApprovalLine extends ProductLineRow {
  @ApiQty()
  requestedQty!: string;

  @ApiQty({ nullable: true })
  suggestedQty!: string | null;

  @ApiQty({ nullable: true })
  approvedQty!: string | null;

  @ApiQty()
  shippedQty!: string;

  @ApiQty()
  receivedQty!: string;

  @ApiQty()
  cancelledQty!: string;

  @ApiQty({ description: 'approved, not yet shipped nor cancelled' })
  toShipQty!: string;

  @ApiProperty({ type: String, nullable: true })
  cutReason!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}

/** A transfer shipment serving the request, and the store's receipt of it. */
export class RequestApprovalShipment extends RequestShipmentRef {
  @ApiId({ nullable: true })
  receiptId!: string | null;

  @ApiDateTime({ nullable: true })
  receivedAt!: Date | null;
}

export class RequestApprovalGetResponse {
  @ApiProperty({ type: () => RequestApprovalLine, isArray: true })
  lines!: RequestApprovalLine[];

  @ApiProperty({ type: () => RequestApprovalShipment, isArray: true })
  shipments!: RequestApprovalShipment[];

  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  warehouseId!: string;

  @ApiProperty({ type: String })
  requestNo!: string;

  @ApiProperty({ enum: ['rejected', 'approved', 'cancelled', 'submitted', 'partially_approved', 'partially_shipped', 'shipped', 'received', 'closed'] })
  status!: 'rejected' | 'approved' | 'cancelled' | 'submitted' | 'partially_approved' | 'partially_shipped' | 'shipped' | 'received' | 'closed';

  @ApiProperty({ type: String, nullable: true })
  wantedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  submittedAt!: Date;

  @ApiProperty({ type: String })
  submittedBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decidedBy!: string | null;

  @ApiProperty({ type: String, nullable: true })
  decisionReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: Date | null;

  @ApiProperty({ type: String, nullable: true })
  closedBy!: string | null;

  @ApiProperty({ type: 'integer' })
  rowVersion!: number;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: Date;
}

export class AllocationProposeItemLine {
  @ApiProperty({ type: String, format: 'uuid' })
  requestId!: string;

  @ApiProperty({ type: String })
  requestNo!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  storeId!: string;

  @ApiProperty({ type: String })
  storeCode!: string;

  @ApiProperty({ type: String, format: 'uuid' })
  lineId!: string;

  @ApiProperty({ type: String })
  requested!: string;

  @ApiProperty({ type: String })
  proposed!: string;
}

export class AllocationProposeItem {
  @ApiProperty({ type: String, format: 'uuid' })
  productId!: string;

  @ApiProperty({ type: String })
  productCode!: string;

  @ApiProperty({ type: String })
  productName!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  onHand!: string;

  @ApiProperty({ type: String })
  committed!: string;

  @ApiProperty({ type: String, format: 'decimal', pattern: '^-?\\d+(\\.\\d+)?$' })
  available!: string;

  @ApiProperty({ type: String })
  requested!: string;

  @ApiProperty({ type: Boolean })
  short!: boolean;

  @ApiProperty({ type: () => AllocationProposeItemLine, isArray: true })
  lines!: AllocationProposeItemLine[];
}

/** A line of HQ's transfer shipment, with its product's and request's names. */
export class TransferShipmentLineRow extends ProductLineRow {
  @ApiId({ nullable: true })
  requestId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestNo!: string | null;

  @ApiId({ nullable: true })
  requestLineId!: string | null;

  @ApiQty()
  quantity!: string;

  @ApiDecimal(6, { nullable: true })
  unitCost!: string | null;

  @ApiDecimal(6, { nullable: true })
  amount!: string | null;

  @ApiProperty({ type: () => ShippedBatchView, isArray: true })
  batches!: ShippedBatchView[];

  @ApiQty({ nullable: true })
  receivedQty!: string | null;
}

export class TransferShipmentGetResponse extends TransferShipmentWithSettlements {
  @ApiProperty({ type: () => TransferShipmentLineRow, isArray: true })
  lines!: TransferShipmentLineRow[];
}
