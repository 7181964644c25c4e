import { Column, CreateDateColumn, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { decimalTransformer, MONEY_COLUMN, QTY_COLUMN } from '@chain-erp/shared';

/** Tax rate column (percent, e.g. 13.00) — same shape as product.tax_rate. */
export const TAX_RATE_COLUMN = { type: 'numeric', precision: 5, scale: 2, transformer: decimalTransformer } as const;
/** Unit prices keep 4 places like product.purchase_price (suppliers quote 0.0125 per piece). */
export const PRICE_COLUMN = { ...MONEY_COLUMN, scale: 4 } as const;

/**
 * The header columns every purchasing document (order, receipt, return) has. Not an entity: each
 * document's own table carries these columns (TypeORM copies them, with their indexes, into it).
 */
export abstract class PurchaseDocumentColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  /** the issuing org unit; drives the scope rules */
  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @Index()
  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

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

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @VersionColumn({ name: 'row_version' })
  rowVersion: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Receipts and returns: posted (stock moves) by one request, which a retry with the same key gets back. */
export abstract class PostedPurchaseDocumentColumns extends PurchaseDocumentColumns {
  /** the key of the request that created or posted it */
  @Column({ name: 'idempotency_key', type: 'varchar', length: 64, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'posted_by', type: 'uuid', nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;
}

/** The columns every purchasing document line has; the line's link to its document is the entity's own. */
export abstract class PurchaseLineColumns {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Index()
  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column(QTY_COLUMN)
  quantity: string;

  /** tax-inclusive (含税单价) */
  @Column({ name: 'unit_price', ...PRICE_COLUMN })
  unitPrice: string;

  @Column({ name: 'tax_rate', ...TAX_RATE_COLUMN })
  taxRate: string;

  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ name: 'tax_amount', ...MONEY_COLUMN })
  taxAmount: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;
}
