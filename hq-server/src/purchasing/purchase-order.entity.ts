import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { EnumTextColumn, QTY_COLUMN } from '@chain-erp/shared';
import { PurchaseDocumentColumns, PurchaseLineColumns } from './purchase-document.entity';

export { PRICE_COLUMN, TAX_RATE_COLUMN } from './purchase-document.entity';

/** 采购订单 lifecycle; partially_received/received follow the posted receipts. */
export const PURCHASE_ORDER_STATUS_VALUES = ['draft', 'submitted', 'approved', 'partially_received', 'received', 'closed', 'cancelled'] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUS_VALUES)[number];

/**
 * 采购订单. Prices are tax-inclusive (含税单价), as Chinese suppliers quote them; the line's
 * tax and net amounts are derived by purchase-amounts.calculator. `org_unit_id` is the issuing
 * org (HQ) and drives the scope rules.
 */
@Entity('purchase_order')
export class PurchaseOrder extends PurchaseDocumentColumns {
  @Index()
  @EnumTextColumn(PURCHASE_ORDER_STATUS_VALUES, { length: 20, default: 'draft' })
  status: PurchaseOrderStatus;

  /** the day the order belongs to (earlier than the entry day for a late entry) */
  @Index() // period reports (purchasing summary)
  @Column({ name: 'order_date', type: 'date' })
  orderDate: string;

  @Column({ name: 'expected_date', type: 'date', nullable: true })
  expectedDate: string | null;

  /** approvals this order needs (1 + thresholds it exceeds), fixed at submission */
  @Column({ name: 'required_approvals', type: 'int', default: 1 })
  requiredApprovals: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'approved_by', type: 'uuid', nullable: true })
  approvedBy: string | null;

  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true })
  approvedAt: Date | null;

  @Column({ name: 'closed_by', type: 'uuid', nullable: true })
  closedBy: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 500, nullable: true })
  closeReason: string | null;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  lines?: PurchaseOrderLine[];
  approvals?: PurchaseOrderApproval[];
}

@Entity('purchase_order_line')
@Unique('uq_purchase_order_line_no', ['orderId', 'lineNo'])
@Check('chk_purchase_order_line_qty', 'quantity > 0 AND received_qty >= 0 AND unit_price >= 0')
export class PurchaseOrderLine extends PurchaseLineColumns {
  @Index()
  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  /** Σ posted receipt quantities (corrections subtract) */
  @Column({ name: 'received_qty', ...QTY_COLUMN, default: 0 })
  receivedQty: string;
}

/** One approval step of an order (level 1, then 2 … for orders above the thresholds). */
@Entity('purchase_order_approval')
@Unique('uq_purchase_order_approval_level', ['orderId', 'level'])
@Unique('uq_purchase_order_approval_user', ['orderId', 'userId'])
export class PurchaseOrderApproval {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ type: 'int' })
  level: number;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  username: string;

  @CreateDateColumn({ name: 'approved_at', type: 'timestamptz' })
  approvedAt: Date;
}
