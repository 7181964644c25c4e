import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { COST_COLUMN, QTY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';

/** 库存调整/报损 (adjustment), 其他入库 (other receipt), 其他出库 (other issue). */
export const STOCK_DOCUMENT_TYPE_VALUES = ['adjustment', 'other_receipt', 'other_issue'] as const;
export type StockDocumentType = (typeof STOCK_DOCUMENT_TYPE_VALUES)[number];
export const STOCK_DOCUMENT_STATUS_VALUES = ['draft', 'submitted', 'posted', 'cancelled'] as const;
export type StockDocumentStatus = (typeof STOCK_DOCUMENT_STATUS_VALUES)[number];

/**
 * One table for the three simple stock documents: same header, same lines, same lifecycle; the
 * type decides the sign of the quantities and the permission that posts them. A correction is a
 * new posted document with `reverses_id` set (unique, so a document is reversed at most once).
 */
@Entity('stock_document')
@Index('uq_stock_document_reverses', ['reversesId'], { unique: true, where: 'reverses_id IS NOT NULL' })
export class StockDocument {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @EnumTextColumn(STOCK_DOCUMENT_TYPE_VALUES, { length: 16 })
  type: StockDocumentType;

  @Index()
  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @EnumTextColumn(STOCK_DOCUMENT_STATUS_VALUES, { length: 16, default: 'draft' })
  status: StockDocumentStatus;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'submitted_by', type: 'uuid', nullable: true })
  submittedBy: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

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

  lines?: StockDocumentLine[];
}

@Entity('stock_document_line')
@Check('chk_stock_document_line_qty', 'quantity <> 0')
export class StockDocumentLine {
  @PrimaryColumn('uuid', { name: 'document_id' })
  documentId: string;

  @PrimaryColumn({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;

  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate: string | null;

  /** signed: + into stock, − out of stock */
  @Column(QTY_COLUMN)
  quantity: string;

  /** inbound cost given by the user (null → current average cost) */
  @Column({ name: 'unit_cost', ...COST_COLUMN, nullable: true })
  unitCost: string | null;

  @Column({ name: 'reason_code', type: 'varchar', length: 32 })
  reasonCode: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  /** cost the stock moved at, filled at posting */
  @Column({ name: 'posted_cost', ...COST_COLUMN, nullable: true })
  postedCost: string | null;
}

export const STOCK_COUNT_STATUS_VALUES = ['counting', 'posted', 'cancelled'] as const;
export type StockCountStatus = (typeof STOCK_COUNT_STATUS_VALUES)[number];

/**
 * 盘点: opened on a warehouse (whole, or a category subtree), snapshotting book quantities and the
 * ledger position. Selling goes on; each counted line remembers the ledger position when it was
 * counted, so expected = snapshot + movements between the snapshot and the count.
 */
@Entity('stock_count')
@Index('uq_stock_count_open', ['warehouseId'], { unique: true, where: "status = 'counting'" })
export class StockCount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  categoryId: string | null;

  @EnumTextColumn(STOCK_COUNT_STATUS_VALUES, { length: 16, default: 'counting' })
  status: StockCountStatus;

  @Column({ name: 'snapshot_at', type: 'timestamptz' })
  snapshotAt: Date;

  /** last ledger seq included in the snapshot */
  @Column({ name: 'snapshot_seq', type: 'bigint' })
  snapshotSeq: string;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  /** chosen at posting: leave uncounted products untouched, or set them to zero */
  @Column({ name: 'uncounted_policy', type: 'varchar', length: 8, nullable: true })
  uncountedPolicy: 'keep' | 'zero' | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

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
}

@Entity('stock_count_line')
export class StockCountLine {
  @PrimaryColumn('uuid', { name: 'count_id' })
  countId: string;

  @PrimaryColumn('uuid', { name: 'product_id' })
  productId: string;

  @Column({ name: 'book_qty', ...QTY_COLUMN })
  bookQty: string;

  @Column({ name: 'counted_qty', ...QTY_COLUMN, nullable: true })
  countedQty: string | null;

  /** last ledger seq when the count was entered */
  @Column({ name: 'counted_seq', type: 'bigint', nullable: true })
  countedSeq: string | null;

  @Column({ name: 'counted_by', type: 'uuid', nullable: true })
  countedBy: string | null;

  @Column({ name: 'counted_at', type: 'timestamptz', nullable: true })
  countedAt: Date | null;

  /** filled at posting: expected (book + movements until counted) and the variance posted */
  @Column({ name: 'expected_qty', ...QTY_COLUMN, nullable: true })
  expectedQty: string | null;

  @Column({ name: 'variance_qty', ...QTY_COLUMN, nullable: true })
  varianceQty: string | null;
}

export const STOCK_DOCUMENT_ENTITIES = [StockDocument, StockDocumentLine, StockCount, StockCountLine];
