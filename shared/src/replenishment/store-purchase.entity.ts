import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { ApiProperty } from '@nestjs/swagger';
import { decimalTextPattern } from '../common/http/api-contract';
import { COST_COLUMN, MONEY_COLUMN, QTY_COLUMN } from '../common/money';
import { EnumTextColumn } from '../common/enum-text-column';

export const STORE_PURCHASE_KIND_VALUES = ['order', 'receipt'] as const;
export type StorePurchaseKind = (typeof STORE_PURCHASE_KIND_VALUES)[number];
export const STORE_PURCHASE_STATUS_VALUES = ['draft', 'posted', 'cancelled'] as const;
export type StorePurchaseStatus = (typeof STORE_PURCHASE_STATUS_VALUES)[number];

/**
 * 门店自行采购: a store's own purchase order (kind order) or goods receipt (kind receipt, optionally
 * against one of its orders). Born at the store where HQ allows it, posted documents are pushed to
 * HQ (stream store-purchase.document), which keeps a copy for reporting.
 */
@Entity('store_purchase')
export class StorePurchase {
  @PrimaryColumn('uuid')
  id: string;

  @Index({ unique: true })
  @Column({ type: 'varchar', length: 64 })
  number: string;

  @EnumTextColumn(STORE_PURCHASE_KIND_VALUES, { length: 8 })
  kind: StorePurchaseKind;

  @Index()
  @Column({ name: 'store_id', type: 'uuid' })
  storeId: string;

  @Column({ name: 'supplier_id', type: 'uuid' })
  supplierId: string;

  @Column({ name: 'warehouse_id', type: 'uuid' })
  warehouseId: string;

  /** a receipt against an order of the same store */
  @Column({ name: 'order_id', type: 'uuid', nullable: true })
  orderId: string | null;

  @EnumTextColumn(STORE_PURCHASE_STATUS_VALUES, { length: 12 })
  status: StorePurchaseStatus;

  @Column({ name: 'doc_date', type: 'date' })
  docDate: string;

  @Column({ name: 'total_amount', ...MONEY_COLUMN, default: 0 })
  totalAmount: string;

  @Column({ name: 'total_tax', ...MONEY_COLUMN, default: 0 })
  totalTax: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  remark: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'posted_by', type: 'varchar', length: 64, nullable: true })
  postedBy: string | null;

  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true })
  postedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@Entity('store_purchase_line')
@Check('chk_store_purchase_line_qty', 'quantity > 0 AND unit_price >= 0')
export class StorePurchaseLine {
  @PrimaryColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'purchase_id', type: 'uuid' })
  purchaseId: string;

  @Column({ name: 'line_no', type: 'int' })
  lineNo: number;

  @Column({ name: 'product_id', type: 'uuid' })
  productId: string;

  @Column(QTY_COLUMN)
  quantity: string;

  /** tax-inclusive (含税单价), as in HQ purchasing */
  // described by hand: the entity describer left it out of the contract
  @ApiProperty({ type: String, format: 'decimal', pattern: decimalTextPattern(4), description: 'tax-inclusive unit price (含税单价)' })
  @Column({ name: 'unit_price', ...MONEY_COLUMN, scale: 4 })
  unitPrice: string;

  @Column({ name: 'tax_rate', type: 'numeric', precision: 5, scale: 2 })
  taxRate: string;

  @Column(MONEY_COLUMN)
  amount: string;

  @Column({ name: 'tax_amount', ...MONEY_COLUMN })
  taxAmount: string;

  /** net cost per unit the stock came in at */
  @Column({ name: 'unit_cost', ...COST_COLUMN })
  unitCost: string;
}

export const STORE_PURCHASE_ENTITIES = [StorePurchase, StorePurchaseLine];
