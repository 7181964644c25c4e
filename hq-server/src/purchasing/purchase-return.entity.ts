import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn, VersionColumn } from 'typeorm';
import { COST_COLUMN, MONEY_COLUMN, QTY_COLUMN } from '@chain-erp/shared';
import { PRICE_COLUMN, TAX_RATE_COLUMN } from './purchase-order.entity';

export type PurchaseReturnStatus = 'draft' | 'posted' | 'cancelled';

/** 采购退货: goods sent back to the supplier, from a receipt or free. */
@Entity('purchase_return')
@Index('uq_purchase_return_idempotency', ['idempotencyKey'], { unique: true, where: 'idempotency_key IS NOT NULL' })
export class PurchaseReturn {
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
  @Column({ name: 'receipt_id', type: 'uuid', nullable: true })
  receiptId: string | null;

  @Column({ type: 'varchar', length: 12, default: 'draft' })
  status: PurchaseReturnStatus;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'late_entry', type: 'boolean', default: false })
  lateEntry: boolean;

  @Column({ name: 'late_reason', type: 'varchar', length: 500, nullable: true })
  lateReason: string | null;

  /** why the goods go back (damaged, wrong goods, …) */
  @Column({ type: 'varchar', length: 500 })
  reason: string;

  @Column({ name: 'total_qty', ...QTY_COLUMN, default: 0 })
  totalQty: string;

  @Column({ name: 'total_amount', ...MONEY_COLUMN, default: 0 })
  totalAmount: string;

  @Column({ name: 'total_tax', ...MONEY_COLUMN, default: 0 })
  totalTax: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  lines?: PurchaseReturnLine[];
}

@Entity('purchase_return_line')
@Unique('uq_purchase_return_line_no', ['returnId', 'lineNo'])
@Check('chk_purchase_return_line_qty', 'quantity > 0 AND unit_price >= 0')
export class PurchaseReturnLine {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'return_id', type: 'uuid' })
  returnId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'receipt_line_id', type: 'uuid', nullable: true })
  receiptLineId: string | null;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  /** returned quantity (positive; the stock movement is negative) */
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

  /** moving-average cost the stock left at (filled at posting) */
  @Column({ name: 'posted_cost', ...COST_COLUMN, nullable: true })
  postedCost: string | null;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
