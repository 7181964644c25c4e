import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { EnumTextColumn, QTY_COLUMN } from '@chain-erp/shared';

/** The store's own state of a request; once HQ has it, HQ's replenishment_approval row tells the rest. */
export const REQUEST_STATUS_VALUES = ['draft', 'submitted', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUS_VALUES)[number];

/** 要货申请 / 调拨申请, born at the store. Submitting puts it in the outbox (replenishment.request). */
@Entity('replenishment_request')
export class ReplenishmentRequest {
  @PrimaryColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Index()
  @EnumTextColumn(REQUEST_STATUS_VALUES, { length: 12 })
  status: RequestStatus;

  @Column({ name: 'wanted_by', type: 'date', nullable: true })
  wantedBy: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'submitted_by', type: 'varchar', length: 64, nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('replenishment_request_line')
@Check('chk_replenishment_request_line_qty', 'quantity > 0')
export class ReplenishmentRequestLine {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column(QTY_COLUMN)
  quantity: string;

  /** what the calculator proposed when the line was written */
  @Column({ name: 'suggested_qty', ...QTY_COLUMN, nullable: true })
  suggestedQty: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}

export const STORE_REPLENISHMENT_ENTITIES = [ReplenishmentRequest, ReplenishmentRequestLine];
