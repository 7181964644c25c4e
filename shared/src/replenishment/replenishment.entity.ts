import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { COST_COLUMN, QTY_COLUMN } from '../common/money';
import { STORE_PURCHASE_ENTITIES } from './store-purchase.entity';
import { EnumTextColumn } from '../common/enum-text-column';
import { ApiProperty } from '@nestjs/swagger';
import { ApiQty } from '../common/http/api-contract';

/**
 * 要货 (replenishment) tables that exist in both databases. Who writes which one decides the
 * direction it travels (docs/replenishment.md §"How the documents travel"):
 *   HQ-born, pulled by the store (replicas there): replenishment_approval(+_line), transfer_shipment(+_line), transfer_settlement
 *   store-born, pushed to HQ (copies there): transfer_receipt(+_line)
 * The store's own drafts of requests live in store-server (replenishment_request), never at HQ.
 * Ids are the ids given where the record was born: an approval has its request's id, an approval
 * line its request line's id, so both sides name the same thing the same way.
 */

/** The lifecycle both sides show for a request once it has reached HQ. */
export const APPROVAL_STATUS_VALUES = ['submitted', 'approved', 'partially_approved', 'rejected', 'cancelled', 'partially_shipped', 'shipped', 'received', 'closed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUS_VALUES)[number];

/** 要货确认: HQ's record of a store's request and of what HQ decided, shipped and got back. */
@Entity('replenishment_approval')
export class ReplenishmentApproval {
  /** = the store's request id */
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  /** the store's receiving warehouse */
  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  /** the store's request number (REQ-S001-…) */
  @Index({ unique: true })
  @Column({ name: 'request_no', type: 'varchar', length: 64 })
  requestNo: string;

  @Index()
  @EnumTextColumn(APPROVAL_STATUS_VALUES, { length: 20 })
  status: ApprovalStatus;

  @Column({ name: 'wanted_by', type: 'date', nullable: true })
  wantedBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64 })
  submittedBy: string;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  /** rejection, cut or cancellation reason */
  @Column({ name: 'decision_reason', type: 'varchar', length: 500, nullable: true })
  decisionReason: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'closed_by', type: 'varchar', length: 64, nullable: true })
  closedBy: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('replenishment_approval_line')
@Check('chk_replenishment_approval_line_qty', 'requested_qty > 0 AND (approved_qty IS NULL OR approved_qty >= 0) AND shipped_qty >= 0 AND received_qty >= 0 AND cancelled_qty >= 0')
export class ReplenishmentApprovalLine {
  /** = the store's request line id */
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'requested_qty', ...QTY_COLUMN })
  requestedQty: string;

  @Column({ name: 'suggested_qty', ...QTY_COLUMN, nullable: true })
  suggestedQty: string | null;

  /** null until HQ decides */
  @Column({ name: 'approved_qty', ...QTY_COLUMN, nullable: true })
  approvedQty: string | null;

  @Column({ name: 'shipped_qty', ...QTY_COLUMN, default: 0 })
  shippedQty: string;

  /** what the store took into stock (after shortages and damages, with overs) */
  @Column({ name: 'received_qty', ...QTY_COLUMN, default: 0 })
  receivedQty: string;

  /** approved but no longer to be shipped (cancelled with a reason) */
  @Column({ name: 'cancelled_qty', ...QTY_COLUMN, default: 0 })
  cancelledQty: string;

  @Column({ name: 'cut_reason', type: 'varchar', length: 200, nullable: true })
  cutReason: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}

export const SHIPMENT_STATUS_VALUES = ['draft', 'posted', 'received', 'cancelled'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUS_VALUES)[number];

/** A batch that travelled with a shipment line (batch-managed products). */
export interface ShippedBatch {
  batchNo: string;
  expiryDate: string | null;
  quantity: string;
}

/** One batch of a line that moved goods (a shipment's, a wholesale delivery's or return's). */
export class ShippedBatchView implements ShippedBatch {
  @ApiProperty({ type: String })
  batchNo!: string;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  expiryDate!: string | null;

  @ApiQty()
  quantity!: string;
}

/** 调拨出库. Stores see it from posting on (status posted/received). */
@Entity('transfer_shipment')
export class TransferShipment {
  @PrimaryColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  /** HQ warehouse the goods leave */
  @Column({ name: 'from_warehouse_id', type: 'uuid' })
  fromWarehouseId: string;

  /** the store's in-transit location in HQ's books */
  @Column({ name: 'transit_warehouse_id', type: 'uuid' })
  transitWarehouseId: string;

  /** the store warehouse the goods go to */
  @Column({ name: 'to_warehouse_id', type: 'uuid' })
  toWarehouseId: string;

  @Index()
  @EnumTextColumn(SHIPMENT_STATUS_VALUES, { length: 12 })
  status: ShipmentStatus;

  @Column({ name: 'ship_date', type: 'date' })
  shipDate: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'posted_by', type: 'varchar', length: 64, nullable: true })
  postedBy: string | null;

  @Column({ name: 'receipt_id', type: 'uuid', nullable: true })
  receiptId: string | null;

  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('transfer_shipment_line')
@Check('chk_transfer_shipment_line_qty', 'quantity > 0')
export class TransferShipmentLine {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** the request (and its line) this line serves; null for a shipment HQ started itself */
  @Index()
  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @Column({ name: 'request_line_id', type: 'uuid', nullable: true })
  requestLineId: string | null;

  @Column(QTY_COLUMN)
  quantity: string;

  /** HQ's cost per unit at posting: the store takes the goods in at this cost */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost: string | null;

  @Column({ ...COST_COLUMN, nullable: true })
  amount: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  @ApiProperty({ type: () => ShippedBatchView, isArray: true })
  batches: ShippedBatch[];

  /** set at posting: stores see lines of posted shipments only */
  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'received_qty', ...QTY_COLUMN, nullable: true })
  receivedQty: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}

export const RECEIPT_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type ReceiptStatus = (typeof RECEIPT_STATUS_VALUES)[number];
export const VARIANCE_REASONS = ['short', 'over', 'damaged'] as const;
export type VarianceReason = (typeof VARIANCE_REASONS)[number];

/** 调拨入库: the store's count of a shipment. Born at the store, a copy kept at HQ. */
@Entity('transfer_receipt')
@Index('uq_transfer_receipt_shipment_posted', ['shipmentId'], { unique: true, where: `status = 'posted'` })
export class TransferReceipt {
  @PrimaryColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Index()
  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @EnumTextColumn(RECEIPT_STATUS_VALUES, { length: 12 })
  status: ReceiptStatus;

  @Column({ name: 'receive_date', type: 'date' })
  receiveDate: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @Column({ name: 'posted_by', type: 'varchar', length: 64, nullable: true })
  postedBy: string | null;

  /** HQ: when the settlement ran */
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** received = shipped − short − damaged + over; a line is either short or over, never both. */
@Entity('transfer_receipt_line')
@Check(
  'chk_transfer_receipt_line_qty',
  'received_qty >= 0 AND short_qty >= 0 AND damaged_qty >= 0 AND over_qty >= 0 AND received_qty = shipped_qty - short_qty - damaged_qty + over_qty AND (short_qty = 0 OR over_qty = 0)',
)
export class TransferReceiptLine {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'receipt_id', type: 'uuid' })
  receiptId: string;

  @Column({ name: 'shipment_line_id', type: 'uuid' })
  shipmentLineId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'shipped_qty', ...QTY_COLUMN })
  shippedQty: string;

  @Column({ name: 'received_qty', ...QTY_COLUMN })
  receivedQty: string;

  @Column({ name: 'short_qty', ...QTY_COLUMN, default: 0 })
  shortQty: string;

  @Column({ name: 'damaged_qty', ...QTY_COLUMN, default: 0 })
  damagedQty: string;

  @Column({ name: 'over_qty', ...QTY_COLUMN, default: 0 })
  overQty: string;

  /** the shipment's unit cost: what the store's stock is charged */
  @Column({ name: 'unit_cost', ...COST_COLUMN })
  unitCost: string;

  @Column({ name: 'variance_note', type: 'varchar', length: 200, nullable: true })
  varianceNote: string | null;
}

export const SETTLEMENT_TREATMENTS = ['write_off', 'carrier_claim', 'charge_shipment'] as const;
export type SettlementTreatment = (typeof SETTLEMENT_TREATMENTS)[number];

/** HQ's settlement of one variance of a receipt line (pulled by the store, so both sides show it). */
@Entity('transfer_settlement')
export class TransferSettlement {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Index()
  @Column({ name: 'receipt_id', type: 'uuid' })
  receiptId: string;

  @Column({ name: 'shipment_id', type: 'uuid' })
  shipmentId: string;

  @Column({ name: 'shipment_line_id', type: 'uuid' })
  shipmentLineId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @EnumTextColumn(VARIANCE_REASONS, { length: 12 })
  kind: VarianceReason;

  @Column({ type: 'varchar', length: 16 })
  treatment: SettlementTreatment;

  /** the ledger reason code HQ wrote */
  @Column({ name: 'stock_reason', type: 'varchar', length: 32 })
  stockReason: string;

  @Column(QTY_COLUMN)
  quantity: string;

  @Column({ name: 'unit_cost', ...COST_COLUMN })
  unitCost: string;

  @Column(COST_COLUMN)
  amount: string;

  @Column({ name: 'settled_at', type: 'timestamptz', default: () => 'now()' })
  settledAt: Date;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;
}

export const REPLENISHMENT_ENTITIES = [
  ReplenishmentApproval,
  ReplenishmentApprovalLine,
  TransferShipment,
  TransferShipmentLine,
  TransferReceipt,
  TransferReceiptLine,
  TransferSettlement,
  ...STORE_PURCHASE_ENTITIES,
];
