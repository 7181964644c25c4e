import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { decimalTransformer, MONEY_COLUMN, QTY_COLUMN } from '@chain-erp/shared';

/** 采购订单 lifecycle; partially_received/received follow the posted receipts. */
export type PurchaseOrderStatus = 'draft' | 'submitted' | 'approved' | 'partially_received' | 'received' | 'closed' | 'cancelled';

/** Tax rate column (percent, e.g. 13.00) — same shape as product.tax_rate. */
export const TAX_RATE_COLUMN = { type: 'numeric', precision: 5, scale: 2, transformer: decimalTransformer } as const;
/** Unit prices keep 4 places like product.purchase_price (suppliers quote 0.0125 per piece). */
export const PRICE_COLUMN = { ...MONEY_COLUMN, scale: 4 } as const;

/**
 * 采购订单. Prices are tax-inclusive (含税单价), as Chinese suppliers quote them; the line's
 * tax and net amounts are derived by purchase-amounts.calculator. `org_unit_id` is the issuing
 * org (HQ) and drives the scope rules.
 */
@Entity('purchase_order')
export class PurchaseOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @Index()
  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Index()
  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status: PurchaseOrderStatus;

  /** the day the order belongs to (earlier than the entry day for a late entry) */
  @Index() // period reports (purchasing summary)
  @Column({ name: 'order_date', type: 'date' })
  orderDate: string;

  @Column({ name: 'expected_date', type: 'date', nullable: true })
  expectedDate: string | null;

  /** 遗失补录 */
  @Column({ name: 'late_entry', type: 'boolean', default: false })
  lateEntry: boolean;

  @Column({ name: 'late_reason', type: 'varchar', length: 500, nullable: true })
  lateReason: string | null;

  @Column({ name: 'total_qty', ...QTY_COLUMN, default: 0 })
  totalQty: string;

  /** Σ line amounts, tax included */
  @Column({ name: 'total_amount', ...MONEY_COLUMN, default: 0 })
  totalAmount: string;

  @Column({ name: 'total_tax', ...MONEY_COLUMN, default: 0 })
  totalTax: string;

  /** approvals this order needs (1 + thresholds it exceeds), fixed at submission */
  @Column({ name: 'required_approvals', type: 'int', default: 1 })
  requiredApprovals: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

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

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  lines?: PurchaseOrderLine[];
  approvals?: PurchaseOrderApproval[];
}

@Entity('purchase_order_line')
@Unique('uq_purchase_order_line_no', ['orderId', 'lineNo'])
@Check('chk_purchase_order_line_qty', 'quantity > 0 AND received_qty >= 0 AND unit_price >= 0')
export class PurchaseOrderLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column(QTY_COLUMN)
  quantity: string;

  @Column({ name: 'unit_price', ...PRICE_COLUMN })
  unitPrice: string;

  @Column({ name: 'tax_rate', ...TAX_RATE_COLUMN })
  taxRate: string;

  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ name: 'tax_amount', ...MONEY_COLUMN })
  taxAmount: string;

  /** Σ posted receipt quantities (corrections subtract) */
  @Column({ name: 'received_qty', ...QTY_COLUMN, default: 0 })
  receivedQty: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
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
