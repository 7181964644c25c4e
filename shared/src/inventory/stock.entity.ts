import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { COST_COLUMN, QTY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';

/**
 * 商品仓库 / 库存: quantity and moving-average cost per warehouse × product. Written only by
 * StockService, which locks the row (upsert … RETURNING) before changing it.
 * Invariant: qty = Σ ledger.delta and value = Σ ledger.amount for the same key.
 */
@Entity('stock_balance')
export class StockBalance {
  @PrimaryColumn('uuid', { name: 'warehouse_id' })
  warehouseId: string;

  @Index()
  @PrimaryColumn('uuid', { name: 'product_id' })
  productId: string;

  @Column({ ...QTY_COLUMN, default: 0 })
  qty: string;

  /** moving-average unit cost (last known one while stock is zero or negative) */
  @Column({ name: 'avg_cost', ...COST_COLUMN, default: 0 })
  avgCost: string;

  /** stock value at cost */
  @Column({ ...COST_COLUMN, default: 0 })
  value: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** 批次库存: per batch, for batch-managed products only (Σ batches = the balance row). */
@Entity('stock_batch')
export class StockBatch {
  @PrimaryColumn('uuid', { name: 'warehouse_id' })
  warehouseId: string;

  @PrimaryColumn('uuid', { name: 'product_id' })
  productId: string;

  @PrimaryColumn({ name: 'batch_no', type: 'varchar', length: 40 })
  batchNo: string;

  @Index()
  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate: string | null;

  @Column({ ...QTY_COLUMN, default: 0 })
  qty: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * 库存流水: one row per movement (per batch taken), append-only. `seq` orders rows by posting;
 * `balance_after` is the running balance at posting, `business_date` the date the movement belongs
 * to (earlier than the posting day for late entries).
 */
@Entity('stock_ledger')
@Index(['warehouseId', 'productId', 'seq'])
@Index(['warehouseId', 'productId', 'businessDate'])
@Index(['docType', 'docId'])
@Check('chk_stock_ledger_delta', 'delta <> 0')
export class StockLedger {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, nullable: true })
  batchNo: string | null;

  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate: string | null;

  @Column(QTY_COLUMN)
  delta: string;

  @Column({ name: 'balance_after', ...QTY_COLUMN })
  balanceAfter: string;

  @Column({ name: 'batch_balance_after', ...QTY_COLUMN, nullable: true })
  batchBalanceAfter: string | null;

  @Column({ name: 'unit_cost', ...COST_COLUMN })
  unitCost: string;

  /** delta × cost (signed); Σ amount = the balance's value */
  @Column(COST_COLUMN)
  amount: string;

  @Column({ name: 'value_after', ...COST_COLUMN })
  valueAfter: string;

  @Column({ name: 'doc_type', type: 'varchar', length: 32 })
  docType: string;

  @Column({ name: 'doc_id', type: 'uuid' })
  docId: string;

  @Column({ name: 'doc_no', type: 'varchar', length: 64, nullable: true })
  docNo: string | null;

  @Column({ name: 'doc_line', type: 'int', nullable: true })
  docLine: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  reason: string | null;

  @Column({ name: 'business_date', type: 'date' })
  businessDate: string;

  @Column({ name: 'posted_at', type: 'timestamptz', default: () => 'now()' })
  postedAt: Date;

  @Column({ name: 'operator_id', type: 'uuid', nullable: true })
  operatorId: string | null;
}

/** 库存上下限: min/max per warehouse × product, overriding the product's defaults. */
@Entity('stock_limit')
@Check('chk_stock_limit', 'min_qty IS NULL OR max_qty IS NULL OR min_qty <= max_qty')
export class StockLimit {
  @PrimaryColumn('uuid', { name: 'warehouse_id' })
  warehouseId: string;

  @PrimaryColumn('uuid', { name: 'product_id' })
  productId: string;

  @Column({ name: 'min_qty', ...QTY_COLUMN, nullable: true })
  minQty: string | null;

  @Column({ name: 'max_qty', ...QTY_COLUMN, nullable: true })
  maxQty: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

export const STOCK_ALERT_KIND_VALUES = ['low_stock', 'overstock', 'near_expiry', 'expired'] as const;
export type StockAlertKind = (typeof STOCK_ALERT_KIND_VALUES)[number];

/** 库存预警: what the daily job found, one row per day × warehouse × product × batch × kind. */
@Entity('stock_alert')
@Index('uq_stock_alert_day', ['alertDate', 'warehouseId', 'productId', 'batchNo', 'kind'], { unique: true })
export class StockAlert {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'alert_date', type: 'date' })
  alertDate: string;

  @Index()
  @Column({ name: 'org_unit_id', type: 'uuid' })
  orgUnitId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column({ name: 'batch_no', type: 'varchar', length: 40, default: '' })
  batchNo: string;

  @EnumTextColumn(STOCK_ALERT_KIND_VALUES, { length: 16 })
  kind: StockAlertKind;

  @Column(QTY_COLUMN)
  qty: string;

  /** the min or max crossed (stock alerts) */
  @Column({ ...QTY_COLUMN, nullable: true })
  threshold: string | null;

  @Column({ name: 'expiry_date', type: 'date', nullable: true })
  expiryDate: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** 库存调整原因: the configurable reason list of adjustments and other receipts/issues. */
@Entity('stock_reason')
export class StockReason {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 60 })
  name: string;

  /** which quantities the reason fits: in (+), out (−) or both */
  @Column({ type: 'varchar', length: 8, default: 'both' })
  direction: 'in' | 'out' | 'both';

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;
}
